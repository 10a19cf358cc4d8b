/**
 * Audit allow-list proof: a whole flow under miniflare (tenant, account with EAB, order, finalize, certificate, key
 * change, deactivation, and refusals) with the Worker's console captured; no EAB HMAC key, GlobalSign password,
 * administrator secret, CSR (base64, base64url or PEM), JWS signature or private key appears in it. And fast-check
 * over the audit writer itself: whatever a caller passes, only allow-listed fields reach the line.
 */
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import fc from 'fast-check';
import { exportJWK } from 'jose';
import { Log, LogLevel, Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { miniflareOptions } from '../../scripts/build-workers.mjs';
import { createCsr, generateKeyPair } from '../../src/crypto/index.ts';
import { auditLog } from '../../workers/shared/index.ts';
import { type Backend, gatewayBundle, startBackend } from './harness.ts';
import { type Reply, TestClient } from './jws-client.ts';

let backend: Backend;
let mf: Miniflare;
let url: string;
let output = '';
const adminSecret = randomBytes(24).toString('base64url');

beforeAll(async () => {
  backend = await startBackend();
  const d = backend.sim.defaults;
  mf = new Miniflare({
    ...miniflareOptions('acme', await gatewayBundle()),
    name: 'acme',
    log: new Log(LogLevel.WARN),
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      stdout.on('data', (b: Buffer) => {
        output += b.toString();
      });
      stderr.on('data', (b: Buffer) => {
        output += b.toString();
      });
    },
    bindings: {
      GS_USERNAME: d.username,
      GS_PASSWORD: d.password,
      GS_ENDPOINT: backend.server.url,
      ADMIN_SECRET: adminSecret,
      POLL_INITIAL_MS: '200',
    },
  });
  url = (await mf.ready).href.replace(/\/$/, '');
});
afterAll(async () => {
  await mf?.dispose();
  await backend?.server.close();
});

/** Everything that must never be logged, and the JWS signatures of every request sent. */
const secrets: string[] = [];
const sent: RequestInit[] = [];
const recording = (u: string, i?: RequestInit): Promise<Response> => {
  if (i?.body) sent.push(i);
  return fetch(u, i);
};

async function keep(c: TestClient): Promise<TestClient> {
  const priv = await exportJWK(c.key);
  for (const k of ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const) if (priv[k]) secrets.push(priv[k]);
  return c;
}

/** The forms a byte string may take in a log: base64url, base64, and 40-character pieces of both. */
function forms(bytes: Uint8Array): string[] {
  const b64 = Buffer.from(bytes).toString('base64');
  const b64u = Buffer.from(bytes).toString('base64url');
  const pieces = (s: string): string[] =>
    Array.from({ length: Math.floor(s.length / 40) }, (_, i) => s.slice(i * 40, i * 40 + 40));
  return [...pieces(b64), ...pieces(b64u)];
}

async function poll(c: TestClient, orderUrl: string): Promise<Reply> {
  let o = await c.post(orderUrl, undefined);
  for (let i = 0; i < 60 && o.body.status === 'processing'; i++) {
    await new Promise((r) => setTimeout(r, 200));
    o = await c.post(orderUrl, undefined);
  }
  return o;
}

describe('audit lines', () => {
  it('a whole flow with refusals logs events, and no secret, CSR, signature or private key', async () => {
    const admin = (secret: string, body: unknown) =>
      fetch(`${url}/admin/tenants`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const tenantBody = {
      profileId: backend.profileId,
      domainIds: [backend.domainId],
      challenges: ['pre-authorized'],
      productCode: 'PV_SHA2',
      contact: { FirstName: 'Ada', LastName: 'Lovelace', Phone: '+44 20 0000 0000', Email: 'ada@example.com' },
    };
    expect((await admin('wrong', tenantBody)).status).toBe(401);
    const t = (await (await admin(adminSecret, tenantBody)).json()) as { eabKid: string; eabHmacKey: string };
    secrets.push(t.eabHmacKey, Buffer.from(t.eabHmacKey, 'base64url').toString('base64'));
    secrets.push(backend.sim.defaults.password, adminSecret);

    const c = await keep(await new TestClient(url, recording).init('RS256'));
    const wrongMac = await c.post(c.url('/acme/new-account'), {
      externalAccountBinding: await c.eab(t.eabKid, Buffer.alloc(32, 9).toString('base64url')),
    });
    expect(wrongMac.status).toBe(403);
    expect((await c.register(t.eabKid, t.eabHmacKey)).status).toBe(201);
    const nonce = await c.nonce();
    await c.post(c.kid!, undefined, { nonce });
    expect((await c.post(c.kid!, undefined, { nonce })).status).toBe(400); // badNonce

    const order = await c.post(c.url('/acme/new-order'), { identifiers: [{ type: 'dns', value: 'www.example.com' }] });
    const keys = await generateKeyPair('P-256', { extractable: true });
    const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
    const wrong = await createCsr({
      keys,
      subject: { CN: 'www.example.com' },
      sans: [{ type: 'dns', value: 'x.example.com' }],
    });
    const good = await createCsr({
      keys,
      subject: { CN: 'www.example.com' },
      sans: [{ type: 'dns', value: 'www.example.com' }],
    });
    secrets.push(...forms(pkcs8), ...forms(wrong.der), ...forms(good.der));
    const finalize = String(order.body.finalize);
    expect((await c.post(finalize, { csr: Buffer.from(wrong.der).toString('base64url') })).body.type).toContain(
      'badCSR',
    );
    expect((await c.post(finalize, { csr: Buffer.from(good.der).toString('base64url') })).status).toBe(200);
    const done = await poll(c, String(order.headers.get('location')));
    expect(done.body.status).toBe('valid');
    expect((await c.post(String(done.body.certificate), undefined)).text).toContain('BEGIN CERTIFICATE');

    const next = await keep(await new TestClient(url, recording).init());
    const { FlattenedSign } = await import('jose');
    const inner = await new FlattenedSign(new TextEncoder().encode(JSON.stringify({ account: c.kid, oldKey: c.jwk })))
      .setProtectedHeader({ alg: next.alg, jwk: next.jwk, url: c.url('/acme/key-change') })
      .sign(next.key);
    expect((await c.post(c.url('/acme/key-change'), inner)).status).toBe(200);
    next.kid = c.kid;
    expect((await c.post(c.kid!, undefined)).status).toBe(403); // the replaced key
    expect((await next.post(next.kid!, { status: 'deactivated' })).status).toBe(200);

    for (const i of sent) {
      const body = JSON.parse(String(i.body)) as { signature?: string; payload?: string };
      if (body.signature) secrets.push(body.signature);
      const payload = body.payload
        ? (JSON.parse(Buffer.from(body.payload, 'base64url').toString() || '{}') as Record<string, unknown>)
        : {};
      const eab = payload.externalAccountBinding as { signature?: string } | undefined;
      if (eab?.signature) secrets.push(eab.signature);
      if (typeof payload.signature === 'string') secrets.push(payload.signature); // keyChange's inner JWS
    }
    await new Promise((r) => setTimeout(r, 300)); // let the runtime's stdout drain
    const lines = output.split('\n').filter((l) => l.includes('"audit":"acme"'));
    const events = lines.map((l) => (JSON.parse(l.slice(l.indexOf('{'))) as { event: string }).event);
    for (const e of ['admin-denied', 'tenant', 'account', 'key-change', 'account-deactivated'])
      expect(events).toContain(e);
    expect(secrets.length).toBeGreaterThan(20);
    for (const s of secrets) expect(output.includes(s), `a secret of ${s.length} characters was logged`).toBe(false);
    expect(output).not.toMatch(/BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE REQUEST)/);
  });
});

describe('audit writer', () => {
  it('fast-check: only allow-listed fields reach the line, whatever else the caller passes', () => {
    const secret = fc.string({ minLength: 12, maxLength: 80 }).filter((s) => s.trim().length >= 12);
    fc.assert(
      fc.property(
        fc.record({
          hmacKey: secret,
          csr: secret,
          password: secret,
          jws: secret,
          account: fc.string({ maxLength: 400 }),
        }),
        (e) => {
          const lines: string[] = [];
          const write = auditLog('acme', ['account'], (l) => lines.push(l));
          write({ event: 'x', ...e } as never);
          const line = JSON.parse(lines[0]!) as Record<string, unknown>;
          expect(Object.keys(line).sort()).toEqual(['account', 'at', 'audit', 'event']);
          for (const k of ['hmacKey', 'csr', 'password', 'jws'] as const) {
            if (!e.account.includes(e[k])) expect(lines[0]).not.toContain(JSON.stringify(e[k]).slice(1, -1));
          }
          expect(String(line.account).length).toBeLessThanOrEqual(257);
        },
      ),
    );
  });
});
