/**
 * Account lifecycle under miniflare: keyChange (RFC 8555 7.3.5) with every refusal and a race to one new key,
 * account deactivation (7.3.6) refused everywhere afterwards, authorization deactivation (7.5.2), and the orders
 * list in pages (7.1.2.1).
 */
import { FlattenedSign } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsr, generateKeyPair } from '../../src/crypto/index.ts';
import { type Backend, createTenant, type Eab, type Gateway, startBackend, startGateway } from './harness.ts';
import { type Reply, TestClient } from './jws-client.ts';

let backend: Backend;
let gw: Gateway;
let pre: Eab;
let http: Eab;

beforeAll(async () => {
  backend = await startBackend(1500);
  gw = await startGateway(backend, { bindings: { ORDERS_PAGE_SIZE: '3' } });
  const common = { profileId: backend.profileId, domainIds: [backend.domainId] };
  pre = await createTenant(gw, { ...common, challenges: ['pre-authorized'] });
  http = await createTenant(gw, { ...common, challenges: ['http-01'] });
});
afterAll(async () => {
  await gw?.stop();
  await backend?.server.close();
});

const err = (r: Reply): string => String(r.body.type).replace('urn:ietf:params:acme:error:', '');
const www = { identifiers: [{ type: 'dns', value: 'www.example.com' }] };

async function account(eab: Eab = pre, alg: 'ES256' | 'ES384' | 'RS256' = 'ES256'): Promise<TestClient> {
  const c = await new TestClient(gw.url).init(alg);
  expect((await c.register(eab.kid, eab.hmacKey)).status).toBe(201);
  return c;
}

/** The inner JWS of a keyChange: signed by `next`, `jwk` = its key; overrides in `h` and `p`. */
function inner(c: TestClient, next: TestClient, h: Record<string, unknown> = {}, p: Record<string, unknown> = {}) {
  const payload = { account: c.kid, oldKey: c.jwk, ...p };
  return new FlattenedSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: next.alg, jwk: next.jwk, url: c.url('/acme/key-change'), ...h })
    .sign(next.key);
}

async function keyChange(c: TestClient, next: TestClient): Promise<Reply> {
  return c.post(c.url('/acme/key-change'), await inner(c, next));
}

interface DoNamespace {
  idFromName(name: string): unknown;
  get(id: unknown): { fetch(url: string, init: { method: string; body: string }): Promise<Response> };
}

/** Calls an operation of an account object directly (what only the gateway can do). */
async function objectRpc(name: string, op: string, args: unknown): Promise<{ ok: boolean; value?: unknown }> {
  const ns = (await gw.mf.getDurableObjectNamespace('ACCOUNTS')) as unknown as DoNamespace;
  const res = await ns.get(ns.idFromName(name)).fetch('https://do.internal/rpc', {
    method: 'POST',
    body: JSON.stringify({ op, args }),
  });
  return (await res.json()) as { ok: boolean; value?: unknown };
}

const idOf = (c: TestClient): string => String(c.kid).split('/').at(-1)!;

describe('keyChange', () => {
  it('moves the account to the new key; the URL stays, the old key is refused as replaced', async () => {
    const c = await account();
    const url = c.kid!;
    const next = await new TestClient(gw.url).init('ES384');
    const r = await keyChange(c, next);
    expect([r.status, r.headers.get('location'), r.body.status]).toEqual([200, url, 'valid']);

    const old = await c.post(url, undefined);
    expect([old.status, err(old)]).toEqual([403, 'unauthorized']);
    expect(String(old.body.detail)).toMatch(/replaced by a key change/);
    c.kid = undefined;
    const oldNew = await c.post(c.url('/acme/new-account'), { onlyReturnExisting: true });
    expect([err(oldNew), oldNew.headers.get('location')]).toEqual(['unauthorized', url]);

    next.kid = url;
    expect((await next.post(url, undefined)).status).toBe(200);
    expect((await next.post(next.url('/acme/new-order'), www)).status).toBe(201);
    next.kid = undefined;
    const found = await next.post(next.url('/acme/new-account'), { onlyReturnExisting: true });
    expect([found.status, found.headers.get('location')]).toEqual([200, url]);

    // A second change: the first new key is now replaced too, the third works.
    next.kid = url;
    const third = await new TestClient(gw.url).init('RS256');
    expect((await keyChange(next, third)).status).toBe(200);
    expect(err(await next.post(url, undefined))).toBe('unauthorized');
    next.kid = undefined;
    expect(err(await next.post(next.url('/acme/new-account'), { onlyReturnExisting: true }))).toBe('unauthorized');
    third.kid = url;
    expect((await third.post(url, undefined)).status).toBe(200);
  });

  it('refuses a malformed inner JWS, a wrong account or old key, a weak or used new key', async () => {
    const c = await account();
    const next = await new TestClient(gw.url).init();
    const post = async (jws: unknown): Promise<string> => err(await c.post(c.url('/acme/key-change'), jws));
    expect(await post(await inner(c, next, { kid: c.kid, jwk: undefined }))).toBe('malformed');
    expect(await post(await inner(c, next, { nonce: await c.nonce() }))).toBe('malformed');
    expect(await post(await inner(c, next, { url: c.url('/acme/new-order') }))).toBe('unauthorized');
    expect(await post(await inner(c, next, {}, { account: c.url(`/acme/acct/${'B'.repeat(43)}`) }))).toBe(
      'unauthorized',
    );
    expect(await post(await inner(c, next, {}, { oldKey: next.jwk }))).toBe('unauthorized');
    const other = await new TestClient(gw.url).init();
    expect(await post(await inner(c, next, { jwk: other.jwk }))).toBe('malformed'); // signed by another key
    expect(await post(await inner(c, c))).toBe('malformed'); // the same key
    expect(await post({ not: 'a jws' })).toBe('malformed');

    const { generateKeyPairSync, sign } = await import('node:crypto');
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const enc = (x: unknown): string => Buffer.from(JSON.stringify(x)).toString('base64url');
    const prot = enc({ alg: 'RS256', jwk: weak.publicKey.export({ format: 'jwk' }), url: c.url('/acme/key-change') });
    const payload = enc({ account: c.kid, oldKey: c.jwk });
    const signature = sign('sha256', Buffer.from(`${prot}.${payload}`), weak.privateKey).toString('base64url');
    expect(await post({ protected: prot, payload, signature })).toBe('badPublicKey');

    const taken = await account();
    const r = await keyChange(c, taken);
    expect([r.status, r.headers.get('location')]).toEqual([409, taken.kid]);
    expect((await c.post(c.kid!, undefined)).status).toBe(200); // still the old key
  });

  it('two accounts racing to one new key: exactly one wins', async () => {
    const [a, b] = [await account(), await account()];
    const next = await new TestClient(gw.url).init();
    const [ra, rb] = await Promise.all([keyChange(a, next), keyChange(b, next)]);
    expect([ra.status, rb.status].sort()).toEqual([200, 409]);
    const winner = ra.status === 200 ? a : b;
    const loser = ra.status === 200 ? b : a;
    expect((ra.status === 200 ? rb : ra).headers.get('location')).toBe(winner.kid);
    const found = await next.post(next.url('/acme/new-account'), { onlyReturnExisting: true });
    expect(found.headers.get('location')).toBe(winner.kid);
    expect((await loser.post(loser.kid!, undefined)).status).toBe(200);
  });

  it('an alias left by a crash between its two writes is harmless; the key change is simply sent again', async () => {
    const a = await account();
    const next = await new TestClient(gw.url).init();
    const { thumbprint } = await import('../../workers/acme/src/jws.ts');
    const tp = await thumbprint(next.jwk);
    expect(await objectRpc(tp, 'claimKey', { tp, account: idOf(a) })).toMatchObject({ ok: true }); // then "crash"
    expect((await a.post(a.kid!, undefined)).status).toBe(200); // the account still has its old key
    const look = await next.post(next.url('/acme/new-account'), { onlyReturnExisting: true });
    expect([look.status, look.headers.get('location')]).toEqual([409, a.kid]); // being taken: no new account
    const b = await account();
    expect((await keyChange(b, next)).status).toBe(409); // another account cannot take it meanwhile
    expect((await keyChange(a, next)).status).toBe(200);
  });
});

describe('deactivation', () => {
  it('an account: 200 deactivated, then refused everywhere; pending work cancelled, processing finishes', async () => {
    const c = await account();
    const ready = await c.post(c.url('/acme/new-order'), www);
    const processing = await c.post(c.url('/acme/new-order'), www);
    const keys = await generateKeyPair('P-256');
    const csr = await createCsr({
      keys,
      subject: { CN: 'www.example.com' },
      sans: [{ type: 'dns', value: 'www.example.com' }],
    });
    const fin = await c.post(String(processing.body.finalize), { csr: Buffer.from(csr.der).toString('base64url') });
    expect(fin.body.status).toBe('processing');

    const d = await c.post(c.kid!, { status: 'deactivated' });
    expect([d.status, d.body.status]).toEqual([200, 'deactivated']);
    for (const [url, payload] of [
      [c.kid!, undefined],
      [c.url('/acme/new-order'), www],
      [String(ready.headers.get('location')), undefined],
      [c.kid!, { status: 'deactivated' }],
    ] as const) {
      const r = await c.post(url, payload);
      expect([r.status, err(r)]).toEqual([403, 'unauthorized']);
      expect(r.headers.get('replay-nonce')).toMatch(/^[A-Za-z0-9_-]{48}$/);
    }
    const url = c.kid;
    c.kid = undefined;
    const again = await c.post(c.url('/acme/new-account'), { onlyReturnExisting: true });
    expect([again.status, err(again), again.headers.get('location')]).toEqual([403, 'unauthorized', url]);

    const id = idOf({ kid: url } as TestClient);
    const readyId = String(ready.headers.get('location')).split('/').at(-1);
    const o = (await objectRpc(id, 'getOrder', { id: readyId })).value as { status: string; authzIds: string[] };
    expect(o.status).toBe('invalid');
    const z = (await objectRpc(id, 'getAuthz', { id: o.authzIds[0] })).value as { status: string };
    expect(z.status).toBe('deactivated');
    const procId = String(processing.headers.get('location')).split('/').at(-1);
    let p: { status: string; certPem?: string } = { status: 'processing' };
    for (let i = 0; i < 60 && p.status === 'processing'; i++) {
      await new Promise((r) => setTimeout(r, 250));
      p = (await objectRpc(id, 'getOrder', { id: procId })).value as typeof p;
    }
    expect(p.status).toBe('valid'); // the GlobalSign order was placed: its certificate is still stored
    expect(p.certPem).toMatch(/BEGIN CERTIFICATE/);
  });

  it('an authorization: deactivated, its order invalid; twice is malformed', async () => {
    const c = await account(http);
    const order = await c.post(c.url('/acme/new-order'), www);
    const authz = String((order.body.authorizations as string[])[0]);
    const r = await c.post(authz, { status: 'deactivated' });
    expect([r.status, r.body.status]).toEqual([200, 'deactivated']);
    const o = await c.post(String(order.headers.get('location')), undefined);
    expect(o.body.status).toBe('invalid');
    expect(err(await c.post(authz, { status: 'deactivated' }))).toBe('malformed');
    expect(err(await c.post(authz, { status: 'valid' }))).toBe('malformed');
  });
});

describe('orders list', () => {
  it('pages with Link rel="next" (ORDERS_PAGE_SIZE 3, 8 orders → 3 pages, oldest first)', async () => {
    const c = await account();
    const made: string[] = [];
    for (let i = 0; i < 8; i++)
      made.push(String((await c.post(c.url('/acme/new-order'), www)).headers.get('location')));
    const seen: string[] = [];
    let next: string | undefined = `${c.kid}/orders`;
    let pages = 0;
    while (next) {
      const r = await c.post(next, undefined);
      expect(r.status).toBe(200);
      const links = r.headers.get('link') ?? '';
      expect(links).toContain(`<${gw.url}/directory>;rel="index"`);
      seen.push(...(r.body.orders as string[]));
      next = /<([^>]+)>;rel="next"/.exec(links)?.[1];
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(made);
    const bad = await c.post(`${c.kid}/orders?cursor=abc`, undefined);
    expect(err(bad)).toBe('malformed');
  });
});
