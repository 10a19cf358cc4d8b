/**
 * Renewal information (RFC 9773) against the gateway with the simulator as GlobalSign: the directory's
 * `renewalInfo`, the window of a fresh certificate (inside its validity, from 2/3 to 5/6 of it), moved to now when
 * the order is revoked at GlobalSign behind the gateway's back, ended a day before a domain's vetting expires; the
 * GlobalSign reads are cached; malformed and unknown certIDs; newOrder's `replaces`. certIDs are computed here from
 * OpenSSL's and Node's view of the certificate, not the gateway's.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MsslClient, ORDER_STATUS_CODE } from '../../src/index.ts';
import type { AcmeEnv } from '../../workers/acme/src/env.ts';
import type { CertEntry } from '../../workers/acme/src/certs.ts';
import { explanationUrl, windowOf } from '../../workers/acme/src/renewal.ts';
import { type Backend, type Gateway, startBackend, startGateway, preauthorizedTenant } from './harness.ts';
import { type Issued, TestClient } from './jws-client.ts';

const DAY = 86_400_000;
let backend: Backend;
let gw: Gateway;
let owner: TestClient;

beforeAll(async () => {
  backend = await startBackend();
  gw = await startGateway(backend);
  const eab = await preauthorizedTenant(gw, backend, [backend.domainId, backend.domain2Id]);
  owner = await new TestClient(gw.url).init();
  await owner.register(eab.kid, eab.hmacKey);
});
afterAll(async () => {
  await gw?.stop();
  await backend?.server.close();
});

/** RFC 9773 certID from OpenSSL's AKI and Node's serial. */
function certId(der: Uint8Array): string {
  const text = execFileSync('openssl', ['x509', '-inform', 'DER', '-noout', '-ext', 'authorityKeyIdentifier'], {
    input: der,
  }).toString();
  const aki = /(?:keyid:)?((?:[0-9A-F]{2}:)+[0-9A-F]{2})/.exec(text)?.[1]?.replace(/:/g, '') ?? '';
  let serial = new X509Certificate(der).serialNumber;
  if (serial.length % 2) serial = `0${serial}`;
  if (Number.parseInt(serial.slice(0, 2), 16) & 0x80) serial = `00${serial}`;
  const b = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');
  return `${b(aki)}.${b(serial)}`;
}

interface AriReply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: { suggestedWindow: { start: string; end: string }; explanationURL?: string; type?: string };
}

async function ari(id: string): Promise<AriReply> {
  const res = await fetch(`${gw.url}/acme/renewal-info/${id}`);
  return { status: res.status, headers: res.headers, body: (await res.json()) as AriReply['body'] };
}

const gsReads = () => backend.calls.filter((c) => c === 'GetOrderByOrderID' || c === 'GetDomains').length;

function validity(i: Issued): { nb: number; na: number } {
  const x = new X509Certificate(i.der);
  return { nb: Date.parse(x.validFrom), na: Date.parse(x.validTo) };
}

describe('ARI (RFC 9773)', () => {
  it('the directory names renewalInfo', async () => {
    const dir = (await (await fetch(gw.directory)).json()) as Record<string, string>;
    expect(dir.renewalInfo).toBe(`${gw.url}/acme/renewal-info`);
  });

  it('a fresh certificate: window from 2/3 to 5/6 of its validity, Retry-After 6 h, GlobalSign read once an hour', async () => {
    const issued = await owner.issue(['ari1.example.com', 'ari1.example.net']);
    const before = gsReads();
    const r = await ari(certId(issued.der));
    expect(r.status).toBe(200);
    expect(r.headers.get('retry-after')).toBe('21600');
    const { nb, na } = validity(issued);
    const start = Date.parse(r.body.suggestedWindow.start);
    const end = Date.parse(r.body.suggestedWindow.end);
    expect(nb < start && start < end && end < na).toBe(true);
    expect(Math.abs(start - (nb + ((na - nb) * 2) / 3))).toBeLessThan(2000);
    expect(Math.abs(end - (nb + ((na - nb) * 5) / 6))).toBeLessThan(2000);
    expect(gsReads() - before).toBe(2);
    expect(r.body.explanationURL).toBeUndefined(); // a window in its usual place needs no explanation
    expect((await ari(certId(issued.der))).body).toEqual(r.body);
    expect(gsReads() - before).toBe(2);
  });

  it('revoked at GlobalSign behind the gateway: the window moves to now', async () => {
    const issued = await owner.issue(['ari2.example.com']);
    // compared as numbers: the hex spellings differ in leading zeros
    const serial = BigInt(`0x${new X509Certificate(issued.der).serialNumber}`);
    const order = backend.sim.admin
      .listMsslOrders()
      .find((o) => o.certificate && BigInt(`0x${o.certificate.serialNumber}`) === serial)!;
    const d = backend.sim.defaults;
    await new MsslClient({ username: d.username, password: d.password, endpoint: backend.server.url }).modifyMsslOrder({
      OrderID: order.orderId,
      ModifyOrderOperation: 'REVOKE',
    });
    const r = await ari(certId(issued.der));
    const end = Date.parse(r.body.suggestedWindow.end);
    expect(end).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(r.body.suggestedWindow.start)).toBeLessThan(end);
    expect(r.body.explanationURL).toBe(`${gw.url}/acme/renewal-explained#revoked`);
    const page = await fetch(r.body.explanationURL!);
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    const html = await page.text();
    for (const anchor of ['revoked', 'cancelled', 'vetting']) expect(html).toContain(`id="${anchor}"`);
    // revokeCert then knows from the cached read that it is revoked: alreadyRevoked, no REVOKE sent.
    const sent = backend.calls.filter((c) => c === 'ModifyMSSLOrder').length;
    const rev = await owner.revoke(issued.der);
    expect(rev.body.type).toBe('urn:ietf:params:acme:error:alreadyRevoked');
    expect(backend.calls.filter((c) => c === 'ModifyMSSLOrder').length).toBe(sent);
  });

  it('revoked through the gateway: the window moves to now without asking GlobalSign', async () => {
    const issued = await owner.issue(['ari3.example.com']);
    expect((await owner.revoke(issued.der, 4)).status).toBe(200);
    const before = gsReads();
    const r = await ari(certId(issued.der));
    expect(Date.parse(r.body.suggestedWindow.end)).toBeLessThanOrEqual(Date.now());
    expect(r.body.explanationURL).toBe(`${gw.url}/acme/renewal-explained#revoked`);
    expect(gsReads()).toBe(before);
  });

  it('a domain whose vetting expires before the window: the window ends a day before it; past → now', async () => {
    const a = await owner.issue(['vet.example.net']);
    const b = await owner.issue(['vet2.example.net']);
    const domain = backend.sim.admin.state.msslDomains.get(backend.domain2Id)!;
    const expiry = Date.now() + 40 * DAY;
    domain.expirationDate = new Date(expiry);
    backend.sim.admin.state.msslDomains.put(domain);
    const r = await ari(certId(a.der));
    const start = Date.parse(r.body.suggestedWindow.start);
    const end = Date.parse(r.body.suggestedWindow.end);
    expect(Math.abs(end - (expiry - DAY))).toBeLessThan(2000);
    const { nb, na } = validity(a);
    expect(end - start).toBeCloseTo((na - nb) / 6, -4);
    expect(r.body.explanationURL).toBe(`${gw.url}/acme/renewal-explained#vetting`);
    domain.expirationDate = new Date(Date.now() + DAY / 2);
    backend.sim.admin.state.msslDomains.put(domain);
    const soon = await ari(certId(b.der));
    expect(Date.parse(soon.body.suggestedWindow.end)).toBeLessThanOrEqual(Date.now());
    expect(soon.body.explanationURL).toBe(`${gw.url}/acme/renewal-explained#vetting`);
  });

  it('malformed certID → 400 malformed; unknown → 404; fast-check: never a 5xx', async () => {
    const bad = await ari('not-a-cert-id');
    expect([bad.status, bad.body.type]).toEqual([400, 'urn:ietf:params:acme:error:malformed']);
    const unknown = await ari('aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE');
    expect(unknown.status).toBe(404);
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), async (s) => {
        const res = await fetch(`${gw.url}/acme/renewal-info/${encodeURIComponent(s)}`);
        await res.body?.cancel();
        expect([400, 404]).toContain(res.status);
      }),
      { numRuns: 60 },
    );
  });

  it('newOrder "replaces": own certificate accepted and stored; replaced again → alreadyReplaced; foreign → malformed', async () => {
    const first = await owner.issue(['renew.example.com']);
    const id = certId(first.der);
    await owner.issue(['renew.example.com'], { replaces: id });
    const again = await owner.post(owner.url('/acme/new-order'), {
      identifiers: [{ type: 'dns', value: 'renew.example.com' }],
      replaces: id,
    });
    expect([again.status, again.body.type]).toEqual([409, 'urn:ietf:params:acme:error:alreadyReplaced']);
    const other = await new TestClient(gw.url).init();
    const eab = await preauthorizedTenant(gw, backend);
    await other.register(eab.kid, eab.hmacKey);
    const theirs = await other.issue(['theirs.example.com']);
    const foreign = await owner.post(owner.url('/acme/new-order'), {
      identifiers: [{ type: 'dns', value: 'theirs.example.com' }],
      replaces: certId(theirs.der),
    });
    expect([foreign.status, foreign.body.type]).toEqual([400, 'urn:ietf:params:acme:error:malformed']);
    const junk = await owner.post(owner.url('/acme/new-order'), {
      identifiers: [{ type: 'dns', value: 'renew.example.com' }],
      replaces: 42,
    });
    expect(junk.body.type).toBe('urn:ietf:params:acme:error:malformed');
  });
});

describe('ARI explanationURL (RFC 9773 section 4.2)', () => {
  const now = Date.parse('2027-01-01T00:00:00Z');
  const entry = (more: Partial<CertEntry> = {}): CertEntry =>
    ({
      notBefore: '2026-12-01T00:00:00Z',
      notAfter: '2027-12-01T00:00:00Z',
      ...more,
    }) as CertEntry;
  const gs = (status: string, vettingEnd?: string): NonNullable<CertEntry['gs']> => ({
    status,
    checkedAt: now,
    nextAt: now + 1,
    ...(vettingEnd ? { vettingEnd } : {}),
  });

  it('names why a window moved: revoked, cancelled, vetting; nothing for a window in its usual place', () => {
    const S = ORDER_STATUS_CODE;
    expect(windowOf(entry({ gs: gs(S.ISSUED) }), now).reason).toBeUndefined();
    expect(windowOf(entry({ revoked: { reason: 1, at: '2027-01-01T00:00:00Z', by: 'gateway' } }), now).reason).toBe(
      'revoked',
    );
    expect(windowOf(entry({ gs: gs(S.REVOKED) }), now).reason).toBe('revoked');
    expect(windowOf(entry({ gs: gs(S.WAITING_REVOCATION) }), now).reason).toBe('revoked');
    expect(windowOf(entry({ gs: gs(S.CANCELLED_ISSUED) }), now).reason).toBe('cancelled');
    const vetting = windowOf(entry({ gs: gs(S.ISSUED, '2027-03-01T00:00:00Z') }), now);
    expect(vetting.reason).toBe('vetting');
    expect(vetting.end).toBe('2027-02-28T00:00:00.000Z');
    // a vetting expiry after the usual window moves nothing
    expect(windowOf(entry({ gs: gs(S.ISSUED, '2028-03-01T00:00:00Z') }), now).reason).toBeUndefined();
  });

  it('points at ARI_EXPLANATION_URL when set, else the gateway page; a bad setting is refused', () => {
    const env = (v?: string) => ({ ARI_EXPLANATION_URL: v }) as AcmeEnv;
    expect(explanationUrl(env(), 'https://acme.example.com', 'vetting')).toBe(
      'https://acme.example.com/acme/renewal-explained#vetting',
    );
    expect(explanationUrl(env('https://pki.example.com/renewals'), 'https://x', 'revoked')).toBe(
      'https://pki.example.com/renewals#revoked',
    );
    for (const bad of ['renewals', 'ftp://pki.example.com/', 'https://pki.example.com/#top', 'javascript:alert(1)']) {
      expect(() => explanationUrl(env(bad), 'https://x', 'revoked')).toThrow(/ARI_EXPLANATION_URL/);
    }
  });
});
