// MSSL domain validation workflows against the simulator (clock under the test's control): DNS and HTTP validation
// end to end (publish with the admin DNS/web tables, verify, the domain is approved and an order under it issues),
// unpublished and fatal cases, waiting for a record that appears mid-poll, and domain renewal.
import { beforeAll, describe, expect, it } from 'vitest';
import { MsslClient } from '../../src/clients/mssl.ts';
import { isGlobalSignApiError, isValidationError } from '../../src/errors.ts';
import {
  addDomainForValidation,
  approverUrls,
  authorizationNames,
  DomainNotVerifiedError,
  verifyDomain,
  waitForDomainVerification,
} from '../../src/workflows/domains.ts';
import { msslOrderAndWait } from '../../src/workflows/mssl-wait.ts';
import type { PollProgress } from '../../src/workflows/poll.ts';
import { findExpiringDomains } from '../../src/workflows/renewals.ts';
import { renewDomain } from '../../src/workflows/domains.ts';
import { csrFor, pvRequest, type World, world } from '../simulator/mssl-helpers.ts';
import { simTime } from './helpers.ts';

const DAY = 86_400_000;
const CONTACT = { FirstName: 'Ada', LastName: 'Lovelace', Phone: '+44 20 0000 0000', Email: 'ada@example.com' };
let w: World;
let profileId: string;

beforeAll(async () => {
  w = await world();
  profileId = String(w.sim.defaults.msslProfileId);
});

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

/** Places an order for `cn` under `domainId` and waits for it (simulated time). */
async function issueUnder(domainId: string, cn: string) {
  const csr = await csrFor(await w.key(), cn);
  return msslOrderAndWait(w.mssl, w.query, pvRequest(w.sim, csr, { MSSLDomainID: domainId }), simTime(w.sim));
}

describe('authorization names and approver URLs (guide 8.11)', () => {
  it('lists the domain and each parent down to the registrable domain, as the guide table does', () => {
    expect(authorizationNames('a.b.c.example.com')).toEqual([
      'a.b.c.example.com',
      'b.c.example.com',
      'c.example.com',
      'example.com',
    ]);
    expect(authorizationNames('*.Store.Example.com.')).toEqual(['store.example.com', 'example.com']);
    expect(authorizationNames('shop.example.co.uk')).toEqual(['shop.example.co.uk', 'example.co.uk']);
    const urls = approverUrls('sub.example.com');
    for (const host of ['sub.example.com', 'example.com'])
      for (const scheme of ['http', 'https'])
        expect(urls).toContain(`${scheme}://${host}/.well-known/pki-validation/gsdv.txt`);
    expect(urls).toHaveLength(4);
  });
});

describe('DNS and HTTP validation end to end', () => {
  it('DNS: unpublished is a typed error naming every location; published at a parent, it verifies and issues', async () => {
    const ch = await addDomainForValidation(w.mssl, {
      profileId,
      domain: 'shop.dnsflow.test',
      method: 'DNS',
      contact: CONTACT,
    });
    expect(ch.dns?.names).toEqual(['shop.dnsflow.test', 'dnsflow.test']);
    expect(ch.dns?.value).toMatch(/^_globalsign-domain-verification=/);
    expect(ch.instructions).toContain(ch.dns!.value);
    const e = await errorOf(verifyDomain(w.mssl, ch));
    expect(e).toBeInstanceOf(DomainNotVerifiedError);
    expect(isGlobalSignApiError(e)).toBe(true);
    expect((e as DomainNotVerifiedError).tried).toEqual(['shop.dnsflow.test', 'dnsflow.test']);
    expect((e as Error).message).toContain('shop.dnsflow.test');
    w.sim.admin.setDnsTxt('dnsflow.test', ['v=spf1 -all', ch.dns!.value]);
    const ok = await verifyDomain(w.mssl, ch);
    expect(ok).toMatchObject({
      domainId: ch.domainId,
      tagLocation: 'dnsflow.test',
      status: '3',
      statusName: 'APPROVED',
    });
    const issued = await issueUnder(ch.domainId, 'www.shop.dnsflow.test');
    expect(issued.certificate.subject.CN).toBe('www.shop.dnsflow.test');
  });

  it('HTTP: the file served at one approver URL verifies; only the given location is tried when told', async () => {
    const ch = await addDomainForValidation(w.mssl, {
      profileId,
      domain: 'api.webflow.test',
      method: 'HTTP',
      contact: CONTACT,
    });
    expect(ch.http?.urls).toEqual(approverUrls('api.webflow.test'));
    expect(ch.http?.body).toContain('globalsign-domain-verification');
    const url = 'https://webflow.test/.well-known/pki-validation/gsdv.txt';
    const calls: string[] = [];
    const counting = new MsslClient({
      ...w.sim.defaults,
      endpoint: 'http://simulator.invalid',
      fetch: w.sim.fetch,
      onRequest: (r) => calls.push(r.operation),
    });
    const e = await errorOf(verifyDomain(counting, ch, { tagLocation: url }));
    expect((e as DomainNotVerifiedError).tried).toEqual([url]);
    expect(calls.filter((c) => c === 'VerifyMsslDomain')).toHaveLength(1);
    w.sim.admin.setWebFile(url, ch.http!.body);
    const ok = await verifyDomain(w.mssl, ch);
    expect(ok.tagLocation).toBe(url);
    expect(ok.statusName).toBe('APPROVED');
    expect((await issueUnder(ch.domainId, 'api.webflow.test')).certificate.subject.CN).toBe('api.webflow.test');
  });

  it('an unknown domain fails at once with the service error, not after trying every location', async () => {
    const calls: string[] = [];
    const counting = new MsslClient({
      ...w.sim.defaults,
      endpoint: 'http://simulator.invalid',
      fetch: w.sim.fetch,
      onRequest: (r) => calls.push(r.operation),
    });
    const e = await errorOf(verifyDomain(counting, { domainId: 'DSMSNOPE', method: 'DNS', domain: 'a.b.nope.test' }));
    expect(e).not.toBeInstanceOf(DomainNotVerifiedError);
    expect(isGlobalSignApiError(e) && e.errorCodes).toEqual(['-9440']);
    expect(calls).toEqual(['VerifyMsslDomain']);
  });

  it('refuses a missing contact before sending anything', async () => {
    const e = await errorOf(addDomainForValidation(w.mssl, { profileId, domain: 'nocontact.test', method: 'DNS' }));
    expect(isValidationError(e) && e.field).toBe('contact');
  });
});

describe('waitForDomainVerification', () => {
  it('polls until the record appears mid-poll, reporting progress', async () => {
    const ch = await addDomainForValidation(w.mssl, {
      profileId,
      domain: 'later.test',
      method: 'DNS',
      contact: CONTACT,
    });
    const progress: PollProgress[] = [];
    let sleeps = 0;
    const time = simTime(w.sim, () => {
      if (++sleeps === 3) w.sim.admin.setDnsTxt('later.test', [ch.dns!.value]);
    });
    const ok = await waitForDomainVerification(w.mssl, ch, {
      ...time,
      initialMs: 60_000,
      jitter: 0,
      deadlineMs: 3_600_000,
      onProgress: (p) => progress.push(p),
    });
    expect(ok.tagLocation).toBe('later.test');
    expect(progress.map((p) => p.status)).toEqual(['NOT_PUBLISHED', 'NOT_PUBLISHED', 'NOT_PUBLISHED']);
    expect(progress.map((p) => p.attempt)).toEqual([1, 2, 3]);
    expect(progress[2]!.elapsedMs).toBeGreaterThan(progress[0]!.elapsedMs);
  });
});

describe('domain renewal', () => {
  it('finds a domain about to expire, renews it with a new DNS value, and re-verifies it', async () => {
    const ch = await addDomainForValidation(w.mssl, {
      profileId,
      domain: 'renewflow.test',
      method: 'DNS',
      contact: CONTACT,
    });
    w.sim.admin.setDnsTxt('renewflow.test', [ch.dns!.value]);
    await verifyDomain(w.mssl, ch);
    const before = (await w.mssl.getDomains({ DomainName: 'renewflow.test' })).DomainDetails![0]!;
    expect(
      (await findExpiringDomains(w.mssl, { within: 30 * DAY, now: w.sim.clock.now() })).map((d) => d.DomainID),
    ).not.toContain(ch.domainId);
    w.sim.clock.advance(800 * DAY);
    const soon = await findExpiringDomains(w.mssl, { profileId, within: 30 * DAY, now: w.sim.clock.now() });
    expect(soon.map((d) => d.DomainID)).toContain(ch.domainId);
    for (const d of soon)
      expect(Date.parse(d.ExpirationDate!) - w.sim.clock.now().getTime()).toBeLessThanOrEqual(30 * DAY);
    const renewed = await renewDomain(w.mssl, { domainId: ch.domainId, profileId, method: 'DNS' });
    expect(renewed.domain).toBe('renewflow.test');
    expect(renewed.dns?.value).not.toBe(ch.dns!.value);
    expect((await w.mssl.getDomains({ DomainName: 'renewflow.test' })).DomainDetails![0]!.DomainStatus).toBe('9');
    expect((await errorOf(verifyDomain(w.mssl, renewed))) instanceof DomainNotVerifiedError).toBe(true);
    w.sim.admin.setDnsTxt('renewflow.test', [renewed.dns!.value]);
    expect((await verifyDomain(w.mssl, renewed)).status).toBe('3');
    const after = (await w.mssl.getDomains({ DomainName: 'renewflow.test' })).DomainDetails![0]!;
    expect(Date.parse(after.ExpirationDate!) - Date.parse(before.ExpirationDate!)).toBeGreaterThan(799 * DAY);
  });
});
