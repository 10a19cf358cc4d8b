/**
 * `globalsign acme tenant create` against the gateway: prints EAB credentials that bind an account; refuses
 * without the administrator secret, and reports the gateway's refusal of a wrong one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { type Backend, type Gateway, startBackend, startGateway } from './harness.ts';
import { TestClient } from './jws-client.ts';

let backend: Backend;
let gw: Gateway;

beforeAll(async () => {
  backend = await startBackend();
  gw = await startGateway(backend);
});
afterAll(async () => {
  await gw?.stop();
  await backend?.server.close();
});

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), env });
  return { code, out, err };
}

const flags = (): string[] => [
  'acme',
  'tenant',
  'create',
  '--gateway',
  gw.url,
  '--profile',
  backend.profileId,
  '--domain-id',
  backend.domainId,
  '--domain-id',
  backend.domain2Id,
  '--pattern',
  '*.example.com',
  '--pattern',
  '*.example.net',
  '--challenge',
  'pre-authorized',
  '--first-name',
  'Ada',
  '--last-name',
  'Lovelace',
  '--phone',
  '+44 20 0000 0000',
  '--email',
  'ada@example.com',
];

describe('globalsign acme tenant create', () => {
  it('prints the directory, EAB key id and HMAC key, which bind an ACME account', async () => {
    const r = await cli(flags(), { ACME_ADMIN_SECRET: gw.adminSecret });
    expect(r.code).toBe(0);
    expect(r.out).toContain(`ACME directory: ${gw.directory}`);
    const kid = /^EAB key id: (\S+)$/m.exec(r.out)?.[1];
    const key = /^EAB HMAC key: ([A-Za-z0-9_-]+)$/m.exec(r.out)?.[1];
    expect(r.out).toMatch(/^certbot: .*certbot certonly --server \S+ --eab-kid \S+ --eab-hmac-key=\S+/m);
    const c = await new TestClient(gw.url).init();
    expect((await c.register(kid!, key!)).status).toBe(201);
    const order = await c.post(c.url('/acme/new-order'), { identifiers: [{ type: 'dns', value: 'www.example.com' }] });
    expect(order.body.status).toBe('ready');
  });

  it('without the secret: usage error, nothing sent; with a wrong one: the gateway refuses (exit 3)', async () => {
    const none = await cli(flags(), {});
    expect(none.code).toBe(1);
    expect(none.err).toContain('ACME_ADMIN_SECRET');
    const wrong = await cli(flags(), { ACME_ADMIN_SECRET: 'not-the-secret' });
    expect(wrong.code).toBe(3);
    expect(wrong.err).toContain('HTTP 401');
    expect(wrong.err).not.toContain('not-the-secret');
  });
});
