/**
 * revokeCert against the gateway (miniflare) with the simulator as GlobalSign: by the ordering account (npm
 * acme-client), by the certificate's own key (`jwk`, requests built with jose), by another account holding
 * authorizations for every name; refusals (wrong key, foreign account, bad reason, unknown certificate) are typed
 * problems and never send a REVOKE; the simulator's order ends REVOKED and a second revocation is alreadyRevoked;
 * a REVOKE whose answer is lost is settled with checkRevocation.
 */
import * as acme from 'acme-client';
import fc from 'fast-check';
import { generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate } from '../../src/crypto/index.ts';
import { MsslClient } from '../../src/index.ts';
import { type Backend, type Eab, type Gateway, startBackend, startGateway, preauthorizedTenant } from './harness.ts';
import { type Issued, leafDer, TestClient } from './jws-client.ts';

let backend: Backend;
let gw: Gateway;
let eab: Eab;
let owner: TestClient;

beforeAll(async () => {
  backend = await startBackend();
  gw = await startGateway(backend);
  eab = await preauthorizedTenant(gw, backend, [backend.domainId, backend.domain2Id]);
  owner = await new TestClient(gw.url).init();
  await owner.register(eab.kid, eab.hmacKey);
});
afterAll(async () => {
  await gw?.stop();
  await backend?.server.close();
});

/** The simulator's order of a certificate, by serial. */
function gsOrder(der: Uint8Array) {
  const serial = parseCertificate(der).serialNumber;
  const o = backend.sim.admin.listMsslOrders().find((x) => x.certificate?.serialNumber === serial);
  if (!o) throw new Error(`no GlobalSign order for serial ${serial}`);
  return o;
}

const revokes = (): number => backend.calls.filter((c) => c === 'ModifyMSSLOrder').length;
const type = (r: { body: Record<string, unknown> }): string => String(r.body.type).replace(/^.*:error:/, '');

async function stranger(): Promise<TestClient> {
  const other = await preauthorizedTenant(gw, backend);
  const c = await new TestClient(gw.url).init();
  await c.register(other.kid, other.hmacKey);
  return c;
}

describe('revokeCert', () => {
  it('by the account key (acme-client): the GlobalSign order is REVOKED; again is alreadyRevoked, one REVOKE', async () => {
    const accountKey = await acme.crypto.createPrivateEcdsaKey('P-256');
    const client = new acme.Client({
      directoryUrl: gw.directory,
      accountKey,
      externalAccountBinding: { kid: eab.kid, hmacKey: eab.hmacKey },
      backoffAttempts: 20,
      backoffMin: 100,
      backoffMax: 500,
    });
    const [, csr] = await acme.crypto.createCsr(
      { commonName: 'revoke1.example.com', altNames: ['revoke1.example.com', 'www.example.net'] },
      await acme.crypto.createPrivateEcdsaKey('P-256'),
    );
    const pem = await client.auto({
      csr,
      termsOfServiceAgreed: true,
      challengeCreateFn: async () => {},
      challengeRemoveFn: async () => {},
    });
    const der = leafDer(pem);
    expect(gsOrder(der).status).toBe('4');
    const before = revokes();
    await client.revokeCertificate(pem, { reason: 4 });
    expect(gsOrder(der).status).toBe('7');
    await expect(client.revokeCertificate(pem)).rejects.toThrow(/revoked/);
    expect(revokes() - before).toBe(1);
  });

  it('by the certificate key (jwk): 200, REVOKED at GlobalSign; a wrong key is unauthorized and sends nothing', async () => {
    const issued = await owner.issue(['keyrevoke.example.com']);
    const other = await generateKeyPair('ES256', { extractable: true });
    const wrong = await TestClient.withKey(gw.url, other.privateKey as CryptoKey, other.publicKey as CryptoKey);
    const before = revokes();
    const refused = await wrong.revoke(issued.der, 1);
    expect([refused.status, type(refused)]).toEqual([403, 'unauthorized']);
    expect(revokes()).toBe(before);
    const byKey = await TestClient.withKey(gw.url, issued.keys.privateKey, issued.keys.publicKey);
    const ok = await byKey.revoke(issued.der, 1);
    expect(ok.status).toBe(200);
    expect(gsOrder(issued.der).status).toBe('7');
    const again = await byKey.revoke(issued.der, 1);
    expect([again.status, type(again)]).toEqual([400, 'alreadyRevoked']);
    expect(revokes() - before).toBe(1);
  });

  it('another account: unauthorized without authorizations, allowed with valid ones for every name', async () => {
    const issued = await owner.issue(['shared.example.com', 'api.example.com']);
    const foreign = await stranger();
    const before = revokes();
    const refused = await foreign.revoke(issued.der);
    expect([refused.status, type(refused)]).toEqual([403, 'unauthorized']);
    // A second account of the pre-authorized tenant holds valid authorizations once it orders the same names.
    const peer = await new TestClient(gw.url).init();
    await peer.register(eab.kid, eab.hmacKey);
    await peer.post(peer.url('/acme/new-order'), { identifiers: [{ type: 'dns', value: 'shared.example.com' }] });
    const partial = await peer.revoke(issued.der);
    expect([partial.status, type(partial)]).toEqual([403, 'unauthorized']);
    expect(revokes()).toBe(before);
    await peer.post(peer.url('/acme/new-order'), { identifiers: [{ type: 'dns', value: 'api.example.com' }] });
    expect((await peer.revoke(issued.der, 5)).status).toBe(200);
    expect(gsOrder(issued.der).status).toBe('7');
  });

  it('a certificate revoked at GlobalSign behind the gateway is alreadyRevoked (the refusal is settled by a read)', async () => {
    const issued = await owner.issue(['behind.example.com']);
    const d = backend.sim.defaults;
    const mssl = new MsslClient({ username: d.username, password: d.password, endpoint: backend.server.url });
    await mssl.modifyMsslOrder({ OrderID: gsOrder(issued.der).orderId, ModifyOrderOperation: 'REVOKE' });
    const r = await owner.revoke(issued.der);
    expect([r.status, type(r)]).toEqual([400, 'alreadyRevoked']);
  });

  it('a REVOKE whose answer is lost is settled with checkRevocation: 200, and not sent twice', async () => {
    const issued = await owner.issue(['lost.example.com']);
    const before = revokes();
    backend.sim.admin.setFaults({ rules: [{ kind: 'drop', operations: ['ModifyMSSLOrder'], count: 1 }] });
    try {
      expect((await owner.revoke(issued.der, 3)).status).toBe(200);
    } finally {
      backend.sim.admin.setFaults(undefined);
    }
    expect(gsOrder(issued.der).status).toBe('7');
    expect(revokes() - before).toBe(1);
    expect(type(await owner.revoke(issued.der))).toBe('alreadyRevoked');
  });

  it('a REVOKE that never reached GlobalSign answers serverInternal; the retry revokes', async () => {
    const issued = await owner.issue(['retry.example.com']);
    backend.sim.admin.setFaults({ rules: [{ kind: 'dropBeforeApply', operations: ['ModifyMSSLOrder'], count: 1 }] });
    try {
      const r = await owner.revoke(issued.der);
      expect([r.status, type(r)]).toEqual([500, 'serverInternal']);
      expect(String(r.body.detail)).toContain('not revoked');
    } finally {
      backend.sim.admin.setFaults(undefined);
    }
    expect(gsOrder(issued.der).status).toBe('4');
    expect((await owner.revoke(issued.der)).status).toBe(200);
    expect(gsOrder(issued.der).status).toBe('7');
  });

  it('two revocations of one certificate at once: one REVOKE, one 200 and one alreadyRevoked', async () => {
    const issued = await owner.issue(['race.example.com']);
    const byKey = await TestClient.withKey(gw.url, issued.keys.privateKey, issued.keys.publicKey);
    const before = revokes();
    backend.sim.admin.setFaults({ latencyMs: 300 });
    try {
      const answers = await Promise.all([owner.revoke(issued.der, 1), byKey.revoke(issued.der, 1)]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 400]);
      expect(answers.map(type)).toContain('alreadyRevoked');
    } finally {
      backend.sim.admin.setFaults(undefined);
    }
    expect(revokes() - before).toBe(1);
    expect(gsOrder(issued.der).status).toBe('7');
  });

  it.each([2, 6, 7, 8, 9, 10, -1, 1.5, '1', null])('reason %j is badRevocationReason', async (reason) => {
    const r = await owner.revoke(new Uint8Array([0x30, 0x00]), reason);
    expect([r.status, type(r)]).toEqual([400, 'badRevocationReason']);
  });

  it('fast-check: any reason and any certificate bytes from an unauthorized signer → typed 4xx, never a REVOKE', async () => {
    const target: Issued = await owner.issue(['fuzz.example.com']);
    const foreign = await stranger();
    const k = await generateKeyPair('ES256', { extractable: true });
    const keyOnly = await TestClient.withKey(gw.url, k.privateKey as CryptoKey, k.publicKey as CryptoKey);
    const before = revokes();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.integer({ min: 0, max: 10 }), fc.constant(undefined), fc.anything()),
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.constant(target.der),
          fc.integer({ min: 1, max: 400 }).map((n) => target.der.slice(0, n)),
        ),
        fc.boolean(),
        async (reason, der, byStranger) => {
          const r = await (byStranger ? foreign : keyOnly).revoke(der, reason);
          expect(r.status).toBeGreaterThanOrEqual(400);
          expect(r.status).toBeLessThan(500);
          expect(String(r.body.type)).toMatch(/^urn:ietf:params:acme:error:[a-zA-Z]+$/);
        },
      ),
      { numRuns: 40 },
    );
    expect(revokes()).toBe(before);
    expect(gsOrder(target.der).status).toBe('4');
  });
});
