/**
 * Rate limits (per client address in `AcmeLimits`, per account and per account's newOrders in the account object)
 * and size limits (URL, JWS body, contacts, identifiers, admin body): each refusal is a typed problem naming the
 * limit, never a 500, with a fresh Replay-Nonce, and nothing reaches GlobalSign.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RateWindow, slidingWindowHit } from '../../workers/shared/index.ts';
import { type Backend, createTenant, type Eab, type Gateway, startBackend, startGateway } from './harness.ts';
import { type Reply, TestClient } from './jws-client.ts';

let backend: Backend;
let rated: Gateway;
let sized: Gateway;
let eabRated: Eab;
let eabSized: Eab;

beforeAll(async () => {
  backend = await startBackend();
  rated = await startGateway(backend, {
    bindings: { RATE_LIMIT_IP: '6', RATE_LIMIT_ACCOUNT: '5', RATE_LIMIT_NEW_ORDERS: '2', RATE_WINDOW_SECONDS: '60' },
  });
  sized = await startGateway(backend, {
    bindings: {
      MAX_BODY_BYTES: '2048',
      MAX_URL_BYTES: '512',
      MAX_CONTACTS: '2',
      MAX_CONTACT_LENGTH: '64',
      MAX_ADMIN_BODY_BYTES: '1024',
    },
  });
  const t = { profileId: backend.profileId, domainIds: [backend.domainId], challenges: ['pre-authorized'] };
  eabRated = await createTenant(rated, t);
  eabSized = await createTenant(sized, t);
});
afterAll(async () => {
  await rated?.stop();
  await sized?.stop();
  await backend?.server.close();
});

const err = (r: Reply): string => String(r.body.type).replace('urn:ietf:params:acme:error:', '');
const www = { identifiers: [{ type: 'dns', value: 'www.example.com' }] };

let ipCounter = 0;
/** A client whose every request comes from `ip`, or from a new address each time (no per-address limit). */
function from(gw: Gateway, ip?: string): TestClient {
  return new TestClient(gw.url, (u, i) =>
    fetch(u, {
      ...i,
      headers: { ...i?.headers, 'cf-connecting-ip': ip ?? `10.1.${ipCounter >> 8}.${ipCounter++ & 255}` },
    }),
  );
}

function expectRateLimited(r: { status: number; headers: Headers; body: Record<string, unknown> }, who: RegExp): void {
  expect([r.status, r.body.type]).toEqual([429, 'urn:ietf:params:acme:error:rateLimited']);
  const after = Number(r.headers.get('retry-after'));
  expect(after).toBeGreaterThanOrEqual(1);
  expect(after).toBeLessThanOrEqual(120);
  expect(String(r.body.detail)).toMatch(who);
  expect(r.headers.get('replay-nonce')).toMatch(/^[A-Za-z0-9_-]{48}$/);
}

describe('slidingWindowHit', () => {
  it('lets at most the limit into any fixed window, and a request waiting Retry-After is let in', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 120 }),
        fc.array(fc.integer({ min: 0, max: 600_000 }), { minLength: 1, maxLength: 200 }),
        (limit, windowSeconds, offsets) => {
          const times = offsets.sort((a, b) => a - b).map((t) => 1_700_000_000_000 + t);
          let state: RateWindow | undefined;
          const perWindow = new Map<number, number>();
          for (const now of times) {
            const hit = slidingWindowHit(state, now, limit, windowSeconds);
            if (hit.allowed) {
              const w = now - (now % (windowSeconds * 1000));
              perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
              expect(hit.retryAfter).toBe(0);
            } else {
              expect(hit.retryAfter).toBeGreaterThanOrEqual(1);
              expect(hit.retryAfter).toBeLessThanOrEqual(2 * windowSeconds);
              expect(slidingWindowHit(hit.state, now + hit.retryAfter * 1000, limit, windowSeconds).allowed).toBe(true);
            }
            state = hit.state;
          }
          for (const n of perWindow.values()) expect(n).toBeLessThanOrEqual(limit);
        },
      ),
    );
  });
});

describe('rate limits', () => {
  it('per client address: 429 rateLimited with Retry-After and a nonce; another address is not affected', async () => {
    const ip = '198.51.100.7';
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 8; i++) {
      last = await fetch(`${rated.url}/acme/new-nonce`, { method: 'HEAD', headers: { 'cf-connecting-ip': ip } });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    const c = from(rated, ip);
    const r = await c.send(c.url('/acme/new-account'), {});
    expectRateLimited(r, /this address/);
    const other = await fetch(`${rated.url}/acme/new-nonce`, { headers: { 'cf-connecting-ip': '198.51.100.8' } });
    expect(other.status).toBe(204);
  });

  it('per account and per account newOrders; forged requests naming the account spend nothing', async () => {
    const c = await from(rated).init();
    expect((await c.register(eabRated.kid, eabRated.hmacKey)).status).toBe(201);
    const forger = await from(rated).init();
    forger.kid = c.kid;
    for (let i = 0; i < 6; i++) expect(err(await forger.post(c.kid!, undefined))).toBe('malformed');
    const before = backend.calls.length;
    expect((await c.post(c.url('/acme/new-order'), www)).status).toBe(201);
    expect((await c.post(c.url('/acme/new-order'), www)).status).toBe(201);
    expectRateLimited(await c.post(c.url('/acme/new-order'), www), /this account \(newOrder\)/);
    for (let i = 0; i < 3; i++) expect((await c.post(c.kid!, undefined)).status).toBe(200);
    expectRateLimited(await c.post(c.kid!, undefined), /this account/);
    expect(backend.calls.length).toBe(before);
  });
});

describe('size limits', () => {
  let c: TestClient;
  beforeAll(async () => {
    c = await new TestClient(sized.url).init();
    expect((await c.register(eabSized.kid, eabSized.hmacKey)).status).toBe(201);
  });

  it('a URL over MAX_URL_BYTES: 414, named, with a nonce', async () => {
    const r = await c.post(c.url(`/acme/new-order?${'x'.repeat(600)}`), www);
    expect([r.status, err(r)]).toEqual([414, 'malformed']);
    expect(String(r.body.detail)).toContain('MAX_URL_BYTES');
    expect(r.headers.get('replay-nonce')).toMatch(/^[A-Za-z0-9_-]{48}$/);
    expect((await fetch(`${sized.url}/directory?${'y'.repeat(600)}`)).status).toBe(414);
  });

  it('a JWS body over MAX_BODY_BYTES: 413; an admin body over MAX_ADMIN_BODY_BYTES: 413', async () => {
    const r = await c.post(c.url('/acme/new-order'), { ...www, pad: 'p'.repeat(3000) });
    expect([r.status, err(r)]).toEqual([413, 'malformed']);
    expect(r.body.maxBytes).toBe(2048);
    const admin = await fetch(`${sized.url}/admin/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sized.adminSecret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ profileId: 'x'.repeat(2000) }),
    });
    expect(admin.status).toBe(413);
  });

  it('contacts: too many, too long, not mailto, not strings; on newAccount and on update', async () => {
    const fresh = await new TestClient(sized.url).init();
    const eab = await fresh.eab(eabSized.kid, eabSized.hmacKey);
    const reg = (contact: unknown) =>
      fresh.post(fresh.url('/acme/new-account'), { contact, externalAccountBinding: eab });
    const three = ['mailto:a@example.com', 'mailto:b@example.com', 'mailto:c@example.com'];
    const r = await reg(three);
    expect([err(r), String(r.body.detail)]).toEqual(['invalidContact', expect.stringContaining('MAX_CONTACTS')]);
    expect(String((await reg([`mailto:${'a'.repeat(80)}@example.com`])).body.detail)).toContain('MAX_CONTACT_LENGTH');
    expect(err(await reg(['tel:+4420000000']))).toBe('unsupportedContact');
    expect(err(await reg([42]))).toBe('invalidContact');
    expect(err(await reg(['mailto:a@example.com,b@example.com']))).toBe('invalidContact');
    expect((await reg(['mailto:ops@example.com'])).status).toBe(201);
    const u = await c.post(c.kid!, { contact: three });
    expect(err(u)).toBe('invalidContact');
    expect((await c.post(c.kid!, { contact: ['mailto:ops@example.com'] })).body.contact).toEqual([
      'mailto:ops@example.com',
    ]);
  });

  it('fast-check: oversized inputs of every kind are a typed 4xx problem, never a 500, nothing sent', async () => {
    const oversized = fc.oneof(
      fc.record({ kind: fc.constant('url' as const), n: fc.integer({ min: 513, max: 5000 }) }),
      fc.record({ kind: fc.constant('body' as const), n: fc.integer({ min: 2049, max: 20_000 }) }),
      fc.record({ kind: fc.constant('contacts' as const), n: fc.integer({ min: 3, max: 50 }) }),
      fc.record({ kind: fc.constant('contactLength' as const), n: fc.integer({ min: 65, max: 1000 }) }),
      fc.record({ kind: fc.constant('identifiers' as const), n: fc.integer({ min: 101, max: 140 }) }),
    );
    await fc.assert(
      fc.asyncProperty(oversized, async ({ kind, n }) => {
        const before = backend.calls.length;
        let r: Reply;
        if (kind === 'url') r = await c.post(c.url(`/acme/new-order?${'u'.repeat(n)}`), www);
        else if (kind === 'body') r = await c.post(c.url('/acme/new-order'), { ...www, pad: 'b'.repeat(n) });
        else if (kind === 'contacts')
          r = await c.post(c.kid!, { contact: Array.from({ length: n }, (_, i) => `mailto:u${i}@example.com`) });
        else if (kind === 'contactLength')
          r = await c.post(c.kid!, { contact: [`mailto:${'c'.repeat(n)}@example.com`] });
        else {
          const ids = Array.from({ length: n }, (_, i) => ({ type: 'dns', value: `h${i}.example.com` }));
          r = await c.post(c.url('/acme/new-order'), { identifiers: ids });
        }
        expect(r.status).toBeGreaterThanOrEqual(400);
        expect(r.status).toBeLessThan(500);
        expect(String(r.body.type)).toMatch(/^urn:ietf:params:acme:error:\w+$/);
        expect(r.headers.get('replay-nonce')).toMatch(/^[A-Za-z0-9_-]{48}$/);
        expect(backend.calls.length).toBe(before);
      }),
      { numRuns: 25 },
    );
  });
});
