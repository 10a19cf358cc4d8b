// The enroll Worker bundle under miniflare (workerd): where the per-IP limit finds the client's address, and the
// ledger's cleanup alarm firing in a real Durable Object.
import { X509Certificate } from 'node:crypto';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorker, miniflareOptions } from '../../scripts/build-workers.mjs';
import { createCsr, generateKeyPair, parseCertificate } from '../../src/crypto/index.ts';
import { mintInvitation } from '../../workers/enroll/src/invitation.ts';
import { rawPost, secondRequestOnSameConnection } from './keepalive.ts';

interface LedgerNamespace {
  idFromName(name: string): unknown;
  get(id: unknown): { fetch(url: string, init: { method: string }): Promise<Response> };
}

const SECRET = 'miniflare-invitation-secret-0123456789abcdef';
let script: string;
const started: Miniflare[] = [];
/** Audit lines the Workers wrote (console output of workerd). */
const logged: string[] = [];

beforeAll(async () => {
  script = await buildWorker('enroll');
}, 60_000);
afterAll(async () => {
  await Promise.all(started.map((mf) => mf.dispose()));
});

async function enrollWorker(bindings: Record<string, string>): Promise<Miniflare> {
  const mf = new Miniflare({
    ...miniflareOptions('enroll', script),
    bindings: { INVITE_SECRET: SECRET, RATE_LIMIT_IP: '2', ...bindings },
    handleStructuredLogs: ({ message }: { message: string }) => void logged.push(message),
  });
  started.push(mf);
  await mf.ready;
  return mf;
}

/** One invitation check; `spoof` is what the client writes into CF-Connecting-IP, `socket` the peer address. */
async function check(mf: Miniflare, spoof: string, socket?: string): Promise<number> {
  const res = await mf.dispatchFetch('http://enroll.local/invitation/status', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': spoof },
    body: JSON.stringify({ invitation: 'not.a.token' }),
    ...(socket ? { cf: { clientIp: socket } } : {}),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('enroll Worker: the client address of the per-IP limit', () => {
  it('behind Cloudflare (default) keys on CF-Connecting-IP, which only Cloudflare may be trusted to set', async () => {
    const mf = await enrollWorker({});
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await check(mf, `198.51.100.${i}`, '127.0.0.1'));
    expect(statuses).toEqual([200, 200, 200, 200]); // a local client picks a new bucket per request
    expect([await check(mf, '198.51.100.9'), await check(mf, '198.51.100.9'), await check(mf, '198.51.100.9')]).toEqual(
      [200, 200, 429],
    );
  });

  it('in local mode (CLIENT_ADDRESS=socket) keys on the socket address and ignores the header', async () => {
    const mf = await enrollWorker({ CLIENT_ADDRESS: 'socket' });
    logged.length = 0;
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await check(mf, `198.51.100.${i}`, '10.0.0.1'));
    expect(statuses).toEqual([200, 200, 429]);
    expect(await check(mf, '198.51.100.1', '10.0.0.2')).toBe(200); // another peer, its own bucket
    const audited = logged.join('\n');
    expect(audited).toMatch(/"ip":"10\.0\.0\.1"/);
    expect(audited).not.toMatch(/198\.51\.100/); // the address the client wrote is never the one recorded
    // Without a reported peer address every client shares one bucket: stricter, never spoofable.
    expect([await check(mf, '192.0.2.1'), await check(mf, '192.0.2.2'), await check(mf, '192.0.2.3')]).toEqual([
      200, 200, 429,
    ]);
  });

  it('refuses an unknown CLIENT_ADDRESS setting as misconfigured', async () => {
    const mf = await enrollWorker({ CLIENT_ADDRESS: 'x-forwarded-for' });
    expect(await check(mf, '198.51.100.1', '10.0.0.1')).toBe(500);
  });
});

describe('enroll Worker: a refusal sent before the body is read keeps the connection usable', () => {
  const health = (url: string) => `GET /health HTTP/1.1\r\nHost: ${new URL(url).host}\r\n\r\n`;

  it('415 (not JSON), then the next request on the same connection is answered', async () => {
    const url = (await (await enrollWorker({})).ready).href;
    const r = await secondRequestOnSameConnection(
      url,
      rawPost(url, '/enroll', 'text/plain', 'x'.repeat(4000)),
      /^HTTP\/1\.1 415 /,
      health(url),
      /^HTTP\/1\.1 200 /,
    );
    expect(r).toMatchObject({ first: 'answered', second: 'answered' });
  });

  it('429 (address limit, checked before the body), then the next request on the same connection is answered', async () => {
    const mf = await enrollWorker({ RATE_LIMIT_IP: '1', CLIENT_ADDRESS: 'socket' });
    const url = (await mf.ready).href;
    const body = JSON.stringify({ invitation: 'x'.repeat(4000) });
    expect(
      (
        await fetch(new URL('/invitation/status', url), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        })
      ).status,
    ).toBe(200);
    const r = await secondRequestOnSameConnection(
      url,
      rawPost(url, '/invitation/status', 'application/json', body),
      /^HTTP\/1\.1 429 /,
      health(url),
      /^HTTP\/1\.1 200 /,
    );
    expect(r).toMatchObject({ first: 'answered', second: 'answered' });
  });
});

describe('EnrollLedger in workerd', () => {
  it('its alarm fires and deletes what the object held', async () => {
    const mf = await enrollWorker({});
    const ns = (await mf.getDurableObjectNamespace('LEDGER')) as unknown as LedgerNamespace;
    const stub = ns.get(ns.idFromName('alarm-test'));
    const call = async (path: string) => {
      const res = await stub.fetch(`https://ledger.internal${path}`, { method: 'POST' });
      return (await res.json()) as Record<string, unknown>;
    };
    expect(await call('/spend')).toMatchObject({ spent: true }); // no expiry: no alarm of its own
    expect(await call('/peek')).toEqual({ spent: true });
    expect(await call('/hit?limit=5&window=1')).toMatchObject({ allowed: true, count: 1 }); // alarm in 2 s
    await expect.poll(async () => (await call('/peek')).spent, { timeout: 15_000, interval: 250 }).toBe(false);
    expect(await call('/hit?limit=5&window=1')).toMatchObject({ count: 1 });
  }, 30_000);
});

describe('enroll Worker against the simulator Worker', () => {
  it('answers the leaf with its issuing chain read from the order (no CA_CHAIN_PEM configured)', async () => {
    const simAdmin = 'sim-admin-secret-for-this-test-0123456789';
    const sim = new Miniflare({
      ...miniflareOptions('simulator', await buildWorker('simulator')),
      bindings: { SIM_ADMIN_SECRET: simAdmin },
    });
    started.push(sim);
    const simUrl = (await sim.ready).href.replace(/\/$/, '');
    const defaults = (await (
      await fetch(`${simUrl}/__admin/defaults`, { headers: { authorization: `Bearer ${simAdmin}` } })
    ).json()) as { username: string; password: string; epkiProfileId: string };
    const mf = await enrollWorker({
      GS_ENDPOINT: simUrl,
      GS_USERNAME: defaults.username,
      GS_PASSWORD: defaults.password,
    });
    const email = 'chain@example.com';
    const { token } = await mintInvitation(SECRET, { email, name: 'Chain Example', profile: defaults.epkiProfileId });
    const keys = await generateKeyPair('RSA-2048');
    const csr = await createCsr({
      keys,
      subject: { CN: 'Chain Example', E: email },
      sans: [{ type: 'email', value: email }],
    });
    const res = await mf.dispatchFetch('http://enroll.local/enroll', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ invitation: token, csr: csr.pem }),
    });
    const body = (await res.json()) as { certificate: string; chain: string[]; orderId: string };
    expect(res.status).toBe(201);
    expect(body.chain.length).toBeGreaterThanOrEqual(1);
    const leaf = parseCertificate(body.certificate);
    const chain = body.chain.map((c) => parseCertificate(c));
    expect(leaf.issuerString).toBe(chain[0]!.subjectString);
    // Each certificate is signed by the next one (Node's X509Certificate as referee).
    const pems = [body.certificate, ...body.chain].map((p) => new X509Certificate(p));
    for (let i = 0; i + 1 < pems.length; i++) expect(pems[i]!.verify(pems[i + 1]!.publicKey)).toBe(true);
  }, 60_000);
});
