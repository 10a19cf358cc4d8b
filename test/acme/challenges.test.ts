/**
 * acme-client with challenges actually validated: http-01 against a test-owned listener, dns-01 (with a wildcard)
 * against a test-owned DoH resolver; and the loopback override ignored when the gateway is reached on another
 * address.
 */
import * as acme from 'acme-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Backend,
  createTenant,
  type Gateway,
  gsOrderCount,
  startBackend,
  startGateway,
  verifyChain,
} from './harness.ts';
import { type AcmeEnv, challengeWaitMs } from '../../workers/acme/src/env.ts';
import { TestClient } from './jws-client.ts';
import { type Local, startDoh, startHttp01 } from './local-servers.ts';

let backend: Backend;
let gw: Gateway;
let web: Local<string>;
let dns: Local<string[]>;
/** The gateway's `CHALLENGE_WAIT_MS` here. */
const WAIT_MS = 400;

beforeAll(async () => {
  backend = await startBackend();
  web = await startHttp01();
  dns = await startDoh();
  gw = await startGateway(backend, {
    local: { httpPort: web.port, dohUrl: dns.url },
    bindings: { CHALLENGE_WAIT_MS: String(WAIT_MS) },
  });
});
afterAll(async () => {
  await gw?.stop();
  await Promise.all([backend?.server.close(), web?.close(), dns?.close()]);
});

async function client(challenges: string[], domainIds = [backend.domainId, backend.domain2Id]): Promise<acme.Client> {
  const eab = await createTenant(gw, { profileId: backend.profileId, domainIds, challenges });
  return new acme.Client({
    directoryUrl: gw.directory,
    accountKey: await acme.crypto.createPrivateRsaKey(2048),
    externalAccountBinding: { kid: eab.kid, hmacKey: eab.hmacKey },
    backoffAttempts: 20,
    backoffMin: 100,
    backoffMax: 500,
  });
}

async function csrFor(names: string[]): Promise<Buffer> {
  const key = await acme.crypto.createPrivateEcdsaKey('P-256');
  return (await acme.crypto.createCsr({ commonName: names[0]!, altNames: names }, key))[1];
}

describe('challenges validated by the gateway', () => {
  it('http-01: the gateway fetches each key authorization from the local listener', async () => {
    const c = await client(['http-01']);
    const names = ['www.example.com', 'mail.example.net'];
    const hitsBefore = web.hits;
    const before = gsOrderCount(backend);
    const pem = await c.auto({
      csr: await csrFor(names),
      termsOfServiceAgreed: true,
      skipChallengeVerification: true,
      challengePriority: ['http-01'],
      challengeCreateFn: async (_a, ch, keyAuthorization) => {
        web.table.set(ch.token, keyAuthorization);
      },
      challengeRemoveFn: async (_a, ch) => {
        web.table.delete(ch.token);
      },
    });
    expect(verifyChain(backend, pem)).toEqual([...names].sort());
    expect(web.hits - hitsBefore).toBe(2);
    expect(gsOrderCount(backend) - before).toBe(1);
  });

  it('dns-01 with a wildcard: TXT records looked up through the local DoH resolver', async () => {
    const c = await client(['dns-01']);
    const names = ['example.com', '*.example.com', 'www.example.net'];
    const before = gsOrderCount(backend);
    const queriesBefore = dns.hits;
    const pem = await c.auto({
      csr: await csrFor(names),
      termsOfServiceAgreed: true,
      skipChallengeVerification: true,
      challengePriority: ['dns-01'],
      challengeCreateFn: async (authz, _ch, value) => {
        const name = `_acme-challenge.${authz.identifier.value}`;
        dns.table.set(name, [...(dns.table.get(name) ?? []), value]);
      },
      challengeRemoveFn: async () => {},
    });
    expect(verifyChain(backend, pem)).toEqual([...names].sort());
    expect(dns.hits - queriesBefore).toBe(3);
    expect(gsOrderCount(backend) - before).toBe(1);
  });

  it('a wrong http-01 answer makes the authorization and the order invalid, with no GlobalSign order', async () => {
    const c = await client(['http-01']);
    const before = gsOrderCount(backend);
    const run = c.auto({
      csr: await csrFor(['bad.example.com']),
      termsOfServiceAgreed: true,
      skipChallengeVerification: true,
      challengeCreateFn: async (_a, ch) => {
        web.table.set(ch.token, 'not-the-key-authorization');
      },
      challengeRemoveFn: async () => {},
    });
    await expect(run).rejects.toThrow(/incorrectResponse|key authorization/i);
    expect(gsOrderCount(backend)).toBe(before);
  });
});

/** Reads a challenge (POST-as-GET) until its validation is over; bounded. */
async function settled(tc: TestClient, url: string) {
  for (let i = 0; i < 100; i++) {
    const r = await tc.post(url, undefined);
    if (r.body.status !== 'processing') return r;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`${url} still processing after 100 reads`);
}

/** A new order for `name` of a fresh http-01 account, with its authorization URL and http-01 challenge. */
async function http01Order(name: string) {
  const eab = await createTenant(gw, {
    profileId: backend.profileId,
    domainIds: [backend.domainId],
    challenges: ['http-01'],
  });
  const tc = await new TestClient(gw.url).init();
  expect((await tc.register(eab.kid, eab.hmacKey)).status).toBe(201);
  const order = await tc.post(tc.url('/acme/new-order'), { identifiers: [{ type: 'dns', value: name }] });
  const authzUrl = (order.body.authorizations as string[])[0]!;
  const ch = (
    (await tc.post(authzUrl, undefined)).body.challenges as { type: string; url: string; token: string }[]
  )[0]!;
  web.table.set(ch.token, `${ch.token}.${tc.kid!.split('/').pop()}`);
  return { tc, orderUrl: order.headers.get('location')!, authzUrl, ch };
}

describe('the challenge POST waits up to CHALLENGE_WAIT_MS for its validation (RFC 8555 7.5.1)', () => {
  it('CHALLENGE_WAIT_MS: 2 s by default, 0 allowed, at most 10 s, a bad value refused by name', () => {
    const wait = (v?: string) => challengeWaitMs({ CHALLENGE_WAIT_MS: v } as AcmeEnv);
    expect([wait(), wait(''), wait('0'), wait('750'), wait('600000')]).toEqual([2000, 2000, 0, 750, 10_000]);
    expect(() => wait('-1')).toThrow(/CHALLENGE_WAIT_MS/);
    expect(() => wait('soon')).toThrow(/CHALLENGE_WAIT_MS/);
  });

  it('a validation that ends in time is answered in the POST: challenge and authz valid, order ready', async () => {
    const { tc, orderUrl, authzUrl, ch } = await http01Order('quick.example.com');
    const hitsBefore = web.hits;
    const answer = await tc.post(ch.url, {});
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('valid');
    expect(answer.headers.get('retry-after')).toBeNull();
    expect(answer.headers.get('link')).toContain('rel="up"');
    expect(web.hits).toBe(hitsBefore + 1);
    expect((await tc.post(authzUrl, undefined)).body.status).toBe('valid');
    expect((await tc.post(orderUrl, undefined)).body.status).toBe('ready');
  });

  it('a wrong key authorization found in time is answered invalid in the POST, with the reason', async () => {
    const { tc, authzUrl, ch } = await http01Order('wrong.example.com');
    web.table.set(ch.token, 'not-the-key-authorization');
    const answer = await tc.post(ch.url, {});
    expect(answer.body.status).toBe('invalid');
    expect((answer.body.error as { type: string }).type).toBe('urn:ietf:params:acme:error:incorrectResponse');
    expect((await tc.post(authzUrl, undefined)).body.status).toBe('invalid');
  });

  it('a slower one is answered processing with Retry-After, and ends valid after the answer', async () => {
    const { tc, orderUrl, authzUrl, ch } = await http01Order('async.example.com');
    const hitsBefore = web.hits;
    web.delayMs = WAIT_MS * 3;
    try {
      const answer = await tc.post(ch.url, {});
      expect(answer.status).toBe(200);
      expect(answer.body.status).toBe('processing');
      expect(answer.headers.get('retry-after')).toBe('1');
      expect((await settled(tc, ch.url)).body.status).toBe('valid');
    } finally {
      web.delayMs = 0;
    }
    expect(web.hits).toBeGreaterThan(hitsBefore);
    expect((await tc.post(authzUrl, undefined)).body.status).toBe('valid');
    expect((await tc.post(orderUrl, undefined)).body.status).toBe('ready');
  });
});

describe('LOCAL_VALIDATION is honoured on loopback only', () => {
  it('a request that reached the gateway on another host is validated against the real name, not 127.0.0.1', async () => {
    const { id } = backend.sim.admin.addMsslDomain({ profileId: backend.profileId, name: 'gateway.invalid' });
    const eab = await createTenant(gw, { profileId: backend.profileId, domainIds: [id], challenges: ['http-01'] });
    const tc = await new TestClient(
      'http://acme.gateway.test',
      (u, i) => gw.mf.dispatchFetch(u, i as never) as unknown as Promise<Response>,
    ).init();
    expect((await tc.register(eab.kid, eab.hmacKey)).status).toBe(201);
    const order = await tc.post(tc.url('/acme/new-order'), {
      identifiers: [{ type: 'dns', value: 'www.gateway.invalid' }],
    });
    expect(order.status).toBe(201);
    const authz = await tc.post((order.body.authorizations as string[])[0]!, undefined);
    const ch = (authz.body.challenges as { type: string; url: string; token: string }[])[0]!;
    web.table.set(ch.token, `${ch.token}.${tc.kid!.split('/').pop()}`);
    const hitsBefore = web.hits;
    expect(['processing', 'invalid']).toContain((await tc.post(ch.url, {})).body.status);
    const done = await settled(tc, ch.url);
    expect(done.body.status).toBe('invalid');
    expect((done.body.error as { type: string }).type).toBe('urn:ietf:params:acme:error:connection');
    expect(web.hits).toBe(hitsBefore);
  });
});
