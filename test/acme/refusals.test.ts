/**
 * Refusals, each with its urn:ietf:params:acme:error:* type, and none of them places an order at GlobalSign.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type Backend,
  createTenant,
  type Eab,
  type Gateway,
  gsOrderCount,
  startBackend,
  startGateway,
} from './harness.ts';
import { rawPost, secondRequestOnSameConnection } from '../workers/keepalive.ts';
import { type Reply, TestClient } from './jws-client.ts';

let backend: Backend;
let gw: Gateway;
let tenantA: Eab;
let tenantB: Eab;
let orders: number;

beforeAll(async () => {
  backend = await startBackend();
  gw = await startGateway(backend);
  const common = { profileId: backend.profileId, challenges: ['pre-authorized'] };
  tenantA = await createTenant(gw, {
    ...common,
    domainIds: [backend.domainId],
    patterns: ['*.shop.example.com', 'www.example.com'],
  });
  tenantB = await createTenant(gw, { ...common, domainIds: [backend.domain2Id] });
});
afterAll(async () => {
  await gw?.stop();
  await backend?.server.close();
});
beforeEach(() => {
  orders = gsOrderCount(backend);
});
afterEach(() => {
  expect(gsOrderCount(backend)).toBe(orders);
});

const client = (): Promise<TestClient> => new TestClient(gw.url).init();
const err = (r: Reply): string => String(r.body.type).replace('urn:ietf:params:acme:error:', '');

/** A DER CSR made by OpenSSL, base64url. */
function opensslCsr(cn: string, names: string[], key = 'rsa:2048'): string {
  const dir = mkdtempSync(join(tmpdir(), 'acme-csr-'));
  const out = join(dir, 'csr.der');
  const san = names.map((n) => `DNS:${n}`).join(',');
  execFileSync(
    'openssl',
    [
      'req',
      '-new',
      '-newkey',
      key,
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-subj',
      `/CN=${cn}`,
      '-addext',
      `subjectAltName=${san}`,
      '-outform',
      'DER',
      '-out',
      out,
    ],
    { stdio: 'ignore' },
  );
  return readFileSync(out).toString('base64url');
}

async function readyOrder(names: string[]): Promise<{ c: TestClient; order: Reply }> {
  const c = await client();
  expect((await c.register(tenantA.kid, tenantA.hmacKey)).status).toBe(201);
  const order = await c.post(c.url('/acme/new-order'), { identifiers: names.map((value) => ({ type: 'dns', value })) });
  expect(order.body.status).toBe('ready');
  return { c, order };
}

describe('account refusals', () => {
  it('newAccount without EAB: externalAccountRequired', async () => {
    const c = await client();
    const r = await c.post(c.url('/acme/new-account'), { termsOfServiceAgreed: true });
    expect([r.status, err(r)]).toEqual([400, 'externalAccountRequired']);
    // An empty payload (POST-as-GET) or a payload without an object is refused the same way, never a 500.
    const empty = await c.post(c.url('/acme/new-account'), undefined);
    expect([empty.status, err(empty)]).toEqual([400, 'externalAccountRequired']);
    const notObject = await c.post(c.url('/acme/new-account'), 'hello');
    expect(notObject.status).toBe(400);
    expect(['malformed', 'externalAccountRequired']).toContain(err(notObject));
  });

  it('newAccount with any payload but a valid EAB: a typed 4xx ACME problem, never a 5xx, and no account', async () => {
    // The key's account and the EAB are read from the payload as sent, while the signature is checked: whatever
    // the payload holds, the answer stays a problem the client can read.
    const c = await client();
    const jws = fc.record({ protected: fc.string(), payload: fc.string(), signature: fc.string() });
    const binding = fc.oneof(fc.jsonValue(), jws, fc.constant(null));
    const payload = fc.oneof(
      fc.constant(undefined),
      fc.jsonValue(),
      fc.record(
        { externalAccountBinding: binding, termsOfServiceAgreed: fc.jsonValue(), contact: fc.jsonValue() },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(payload, async (p) => {
        const r = await c.post(c.url('/acme/new-account'), p);
        expect(r.status).toBeGreaterThanOrEqual(400);
        expect(r.status).toBeLessThan(500);
        expect(String(r.body.type)).toMatch(/^urn:ietf:params:acme:error:[A-Za-z]+$/);
      }),
      { numRuns: 60 },
    );
    const check = await c.post(c.url('/acme/new-account'), { onlyReturnExisting: true });
    expect(err(check)).toBe('accountDoesNotExist');
  });

  it('a wrong EAB MAC: unauthorized', async () => {
    const c = await client();
    const wrong = Buffer.alloc(32, 7).toString('base64url');
    const r = await c.post(c.url('/acme/new-account'), { externalAccountBinding: await c.eab(tenantA.kid, wrong) });
    expect([r.status, err(r)]).toEqual([403, 'unauthorized']);
  });

  it("an EAB naming one tenant MACed with another tenant's key: unauthorized", async () => {
    const c = await client();
    const r = await c.post(c.url('/acme/new-account'), {
      externalAccountBinding: await c.eab(tenantA.kid, tenantB.hmacKey),
    });
    expect([r.status, err(r)]).toEqual([403, 'unauthorized']);
  });

  it("an account of tenant A presenting tenant B's EAB: unauthorized, still bound to A", async () => {
    const c = await client();
    expect((await c.register(tenantA.kid, tenantA.hmacKey)).status).toBe(201);
    const kid = c.kid;
    c.kid = undefined;
    const r = await c.post(c.url('/acme/new-account'), {
      externalAccountBinding: await c.eab(tenantB.kid, tenantB.hmacKey),
    });
    expect(err(r)).toBe('unauthorized');
    c.kid = kid;
    const o = await c.post(c.url('/acme/new-order'), { identifiers: [{ type: 'dns', value: 'www.example.net' }] });
    expect(err(o)).toBe('rejectedIdentifier');
  });

  it('onlyReturnExisting for an unknown key: accountDoesNotExist; for a known one: the account', async () => {
    const c = await client();
    const r = await c.post(c.url('/acme/new-account'), { onlyReturnExisting: true });
    expect(err(r)).toBe('accountDoesNotExist');
    await c.register(tenantA.kid, tenantA.hmacKey);
    const url = c.kid;
    c.kid = undefined;
    const again = await c.post(c.url('/acme/new-account'), { onlyReturnExisting: true });
    expect([again.status, again.headers.get('location')]).toEqual([200, url]);
  });

  it('a replayed nonce: badNonce with a fresh Replay-Nonce', async () => {
    const c = await client();
    const nonce = await c.nonce();
    const body = { externalAccountBinding: await c.eab(tenantA.kid, tenantA.hmacKey) };
    expect((await c.post(c.url('/acme/new-account'), body, { nonce })).status).toBe(201);
    c.kid = undefined;
    const r = await c.post(c.url('/acme/new-account'), body, { nonce });
    expect([r.status, err(r)]).toEqual([400, 'badNonce']);
    const fresh = r.headers.get('replay-nonce');
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{48}$/);
    expect(fresh).not.toBe(nonce);
    expect((await c.post(c.url('/acme/new-account'), body, { nonce: fresh })).status).toBe(200);
  });

  it('a JWS whose url is not the request URL: unauthorized', async () => {
    const c = await client();
    const r = await c.post(
      c.url('/acme/new-account'),
      { externalAccountBinding: await c.eab(tenantA.kid, tenantA.hmacKey) },
      { url: c.url('/acme/new-order') },
    );
    expect([r.status, err(r)]).toEqual([403, 'unauthorized']);
  });

  it('a body that is not application/jose+json: 415 malformed; newAccount with kid: malformed', async () => {
    const c = await client();
    const res = await fetch(c.url('/acme/new-order'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(415);
    expect(res.headers.get('replay-nonce')).toMatch(/^[A-Za-z0-9_-]{48}$/);
    expect(((await res.json()) as { type: string }).type).toBe('urn:ietf:params:acme:error:malformed');
    await c.register(tenantA.kid, tenantA.hmacKey);
    const r = await c.post(c.url('/acme/new-account'), { onlyReturnExisting: true });
    expect(err(r)).toBe('malformed');
  });

  it('a refusal before the body is read keeps the connection usable: the next request on it is answered', async () => {
    // The body is read and dropped before the refusal is sent; left unread, workerd closed the kept-alive
    // connection, and a client sending its next request (the nonce it needs) on it failed now and then.
    const r = await secondRequestOnSameConnection(
      gw.url,
      rawPost(gw.url, '/acme/new-order', 'application/json', 'x'.repeat(4000)),
      /^HTTP\/1\.1 415 /,
      `HEAD /acme/new-nonce HTTP/1.1\r\nHost: ${new URL(gw.url).host}\r\n\r\n`,
      /^HTTP\/1\.1 200 /,
    );
    expect(r).toMatchObject({ first: 'answered', second: 'answered' });
    expect(r.secondText).toMatch(/replay-nonce: [A-Za-z0-9_-]{48}/i);
  });

  it('an unknown kid: accountDoesNotExist', async () => {
    const c = await client();
    c.kid = c.url(`/acme/acct/${'A'.repeat(43)}`);
    const r = await c.post(c.url('/acme/new-order'), { identifiers: [{ type: 'dns', value: 'www.example.com' }] });
    expect(err(r)).toBe('accountDoesNotExist');
  });

  it('both jwk and kid, or an HS256 request: malformed, badSignatureAlgorithm', async () => {
    const c = await client();
    await c.register(tenantA.kid, tenantA.hmacKey);
    const both = await c.post(c.url('/acme/new-order'), {}, { jwk: c.jwk });
    expect(err(both)).toBe('malformed');
    const hs = await c.send(c.url('/acme/new-order'), {
      protected: Buffer.from(
        JSON.stringify({ alg: 'HS256', kid: c.kid, nonce: await c.nonce(), url: c.url('/acme/new-order') }),
      ).toString('base64url'),
      payload: '',
      signature: 'AA',
    });
    expect(err(hs)).toBe('badSignatureAlgorithm');
    expect(hs.body.algorithms).toEqual(['ES256', 'ES384', 'RS256']);
  });
});

describe('admin endpoint', () => {
  it('without the administrator secret: 401 with WWW-Authenticate, no tenant', async () => {
    const res = await fetch(`${gw.url}/admin/tenants`, {
      method: 'POST',
      headers: { authorization: 'Bearer wrong', 'content-type': 'application/json' },
      body: JSON.stringify({ profileId: backend.profileId, domainIds: [backend.domainId] }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await res.json()) as { type: string }).type).toBe('urn:ietf:params:acme:error:unauthorized');
  });

  it('a domain id outside the profile: malformed, no tenant', async () => {
    await expect(createTenant(gw, { profileId: backend.profileId, domainIds: [backend.evDomainId] })).rejects.toThrow(
      /HTTP 400 .*not a domain of profile/,
    );
  });
});

describe('order refusals', () => {
  it('names outside the tenant: rejectedIdentifier with a subproblem per name', async () => {
    const c = await client();
    await c.register(tenantA.kid, tenantA.hmacKey);
    const ids = ['www.example.com', 'www.example.net', 'api.example.com', 'a.shop.example.com'];
    const r = await c.post(c.url('/acme/new-order'), { identifiers: ids.map((value) => ({ type: 'dns', value })) });
    expect(err(r)).toBe('rejectedIdentifier');
    const subs = r.body.subproblems as { type: string; identifier: { value: string } }[];
    expect(subs.map((s) => s.identifier.value)).toEqual(['www.example.net', 'api.example.com']);
    expect(subs.every((s) => s.type === 'urn:ietf:params:acme:error:rejectedIdentifier')).toBe(true);
  });

  it('an IP identifier: unsupportedIdentifier', async () => {
    const c = await client();
    await c.register(tenantA.kid, tenantA.hmacKey);
    const r = await c.post(c.url('/acme/new-order'), { identifiers: [{ type: 'ip', value: '192.0.2.1' }] });
    expect(err(r)).toBe('unsupportedIdentifier');
  });

  it('a wildcard where the product takes none (ExtendedSSL): rejectedIdentifier', async () => {
    const ev = await createTenant(gw, {
      profileId: backend.evProfileId,
      domainIds: [backend.evDomainId],
      productCode: 'PEV_SHA2',
      challenges: ['pre-authorized'],
    });
    const c = await client();
    await c.register(ev.kid, ev.hmacKey);
    const r = await c.post(c.url('/acme/new-order'), { identifiers: [{ type: 'dns', value: '*.example.org' }] });
    expect(err(r)).toBe('rejectedIdentifier');
    expect(String(r.body.detail)).toMatch(/wildcard/);
  });

  it('a wildcard for a tenant whose only challenge is http-01: rejectedIdentifier (http-01 cannot prove a wildcard)', async () => {
    const http = await createTenant(gw, {
      profileId: backend.profileId,
      domainIds: [backend.domainId],
      challenges: ['http-01'],
    });
    const c = await client();
    await c.register(http.kid, http.hmacKey);
    const r = await c.post(c.url('/acme/new-order'), { identifiers: [{ type: 'dns', value: '*.example.com' }] });
    expect(err(r)).toBe('rejectedIdentifier');
  });

  it('a CSR naming other names than the order: badCSR, the order stays ready', async () => {
    const { c, order } = await readyOrder(['www.example.com']);
    const r = await c.post(String(order.body.finalize), {
      csr: opensslCsr('www.example.com', ['www.example.com', 'x.shop.example.com']),
    });
    expect(err(r)).toBe('badCSR');
    expect(String(r.body.detail)).toContain('x.shop.example.com');
    const again = await c.post(String(order.headers.get('location')), undefined);
    expect(again.body.status).toBe('ready');
  });

  it('a CSR without a common name (as certbot makes them): badCSR saying what to do', async () => {
    const { c, order } = await readyOrder(['www.example.com']);
    const dir = mkdtempSync(join(tmpdir(), 'acme-csr-'));
    const out = join(dir, 'csr.der');
    execFileSync(
      'openssl',
      [
        'req',
        '-new',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        join(dir, 'k.pem'),
        '-subj',
        '/O=Example',
        '-addext',
        'subjectAltName=DNS:www.example.com',
        '-outform',
        'DER',
        '-out',
        out,
      ],
      { stdio: 'ignore' },
    );
    const r = await c.post(String(order.body.finalize), { csr: readFileSync(out).toString('base64url') });
    expect(err(r)).toBe('badCSR');
    expect(String(r.body.detail)).toContain('certbot --csr');
  });

  it('a 1024-bit RSA key in the CSR: badCSR', async () => {
    const { c, order } = await readyOrder(['www.example.com']);
    const r = await c.post(String(order.body.finalize), {
      csr: opensslCsr('www.example.com', ['www.example.com'], 'rsa:1024'),
    });
    expect(err(r)).toBe('badCSR');
  });

  it('a 1024-bit RSA account key: badPublicKey', async () => {
    const c = new TestClient(gw.url);
    const { generateKeyPairSync, sign } = await import('node:crypto');
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    c.jwk = publicKey.export({ format: 'jwk' }) as never;
    const enc = (x: unknown): string => Buffer.from(JSON.stringify(x)).toString('base64url');
    const url = c.url('/acme/new-account');
    const prot = enc({ alg: 'RS256', jwk: c.jwk, nonce: await c.nonce(), url });
    const payload = enc({ externalAccountBinding: await c.eab(tenantA.kid, tenantA.hmacKey) });
    const signature = sign('sha256', Buffer.from(`${prot}.${payload}`), privateKey).toString('base64url');
    const r = await c.send(url, { protected: prot, payload, signature });
    expect(err(r)).toBe('badPublicKey');
  });

  it('finalize of an order that is not ready: orderNotReady', async () => {
    const http = await createTenant(gw, {
      profileId: backend.profileId,
      domainIds: [backend.domainId],
      challenges: ['http-01'],
    });
    const c = await client();
    await c.register(http.kid, http.hmacKey);
    const order = await c.post(c.url('/acme/new-order'), { identifiers: [{ type: 'dns', value: 'www.example.com' }] });
    expect(order.body.status).toBe('pending');
    const r = await c.post(String(order.body.finalize), { csr: opensslCsr('www.example.com', ['www.example.com']) });
    expect([r.status, err(r)]).toEqual([403, 'orderNotReady']);
  });

  it("another account's order: unauthorized", async () => {
    const { order } = await readyOrder(['www.example.com']);
    const other = await client();
    await other.register(tenantA.kid, tenantA.hmacKey);
    const r = await other.post(String(order.headers.get('location')), undefined);
    expect(err(r)).toBe('unauthorized');
  });
});
