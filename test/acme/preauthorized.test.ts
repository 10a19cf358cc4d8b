/**
 * Vertical slice: npm acme-client against the gateway (miniflare) with the simulator as GlobalSign, tenant policy
 * pre-authorized: newAccount with EAB → newOrder → finalize → download; the chain verifies with OpenSSL against the
 * simulator's root and names exactly the ordered domains; exactly one GlobalSign order per ACME order.
 */
import * as acme from 'acme-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from './jws-client.ts';
import {
  type Backend,
  type Gateway,
  gsOrderCount,
  startBackend,
  startGateway,
  verifyChain,
  preauthorizedTenant,
} from './harness.ts';

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

describe('acme-client, pre-authorized tenant', () => {
  it('issues a certificate for several names across two domains, once at GlobalSign', async () => {
    const eab = await preauthorizedTenant(gw, backend, [backend.domainId, backend.domain2Id]);
    const client = new acme.Client({
      directoryUrl: gw.directory,
      accountKey: await acme.crypto.createPrivateEcdsaKey('P-256'),
      externalAccountBinding: { kid: eab.kid, hmacKey: eab.hmacKey },
      backoffAttempts: 20,
      backoffMin: 100,
      backoffMax: 500,
    });
    const names = ['www.example.com', 'api.example.com', 'shop.example.net'];
    const [, csr] = await acme.crypto.createCsr(
      { commonName: names[0]!, altNames: names },
      await acme.crypto.createPrivateRsaKey(2048),
    );
    const before = gsOrderCount(backend);
    const pem = await client.auto({
      csr,
      email: 'ops@example.com',
      termsOfServiceAgreed: true,
      challengeCreateFn: async () => {},
      challengeRemoveFn: async () => {},
    });
    expect(verifyChain(backend, pem)).toEqual([...names].sort());
    expect(gsOrderCount(backend) - before).toBe(1);
  });

  it.each(['ES256', 'ES384', 'RS256'] as const)(
    'accepts %s account keys (newAccount, newOrder, POST-as-GET)',
    async (alg) => {
      const eab = await preauthorizedTenant(gw, backend);
      const c = await new TestClient(gw.url).init(alg);
      expect((await c.register(eab.kid, eab.hmacKey)).status).toBe(201);
      const order = await c.post(c.url('/acme/new-order'), {
        identifiers: [{ type: 'dns', value: `${alg.toLowerCase()}.example.com` }],
      });
      expect(order.status).toBe(201);
      const again = await c.post(String(order.headers.get('location')), undefined);
      expect(again.body.status).toBe('ready');
      const acct = await c.post(c.kid!, undefined);
      expect(acct.body.status).toBe('valid');
      const list = await c.post(String(acct.body.orders), undefined);
      expect(list.body.orders).toEqual([order.headers.get('location')]);
    },
  );
});
