/**
 * Exactly one GlobalSign order per ACME order, whatever happens to PVOrder's answer and to reconciliation's reads
 * (fast-check draws the faults); and an order that finishes after the gateway restarts (miniflare persistence),
 * driven by the Durable Object alarm while the client does not poll.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as acme from 'acme-client';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from './jws-client.ts';
import {
  type Backend,
  type Eab,
  type Gateway,
  startBackend,
  startGateway,
  verifyChain,
  preauthorizedTenant,
} from './harness.ts';

const FAULTS = ['drop', 'dropBeforeApply', 'malformed', 'http500', 'soapFault'] as const;

function acmeClient(gw: Gateway, eab: Eab, key: Buffer): acme.Client {
  return new acme.Client({
    directoryUrl: gw.directory,
    accountKey: key,
    externalAccountBinding: { kid: eab.kid, hmacKey: eab.hmacKey },
    backoffAttempts: 40,
    backoffMin: 100,
    backoffMax: 300,
  });
}

async function csrFor(name: string): Promise<{ csr: Buffer; spki: string }> {
  const key = await acme.crypto.createPrivateEcdsaKey('P-256');
  const [, csr] = await acme.crypto.createCsr({ commonName: name, altNames: [name] }, key);
  return { csr, spki: acme.crypto.getPublicKey(key).toString() };
}

describe('faults on PVOrder and on reconciliation', () => {
  let backend: Backend;
  let gw: Gateway;
  let eab: Eab;
  beforeAll(async () => {
    backend = await startBackend();
    gw = await startGateway(backend);
    eab = await preauthorizedTenant(gw, backend);
  });
  afterAll(async () => {
    await gw?.stop();
    await backend?.server.close();
  });

  it('never two GlobalSign orders for one ACME order; every order ends issued', async () => {
    const client = acmeClient(gw, eab, await acme.crypto.createPrivateEcdsaKey('P-256'));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FAULTS),
        fc.option(fc.constantFrom('http500', 'drop'), { nil: undefined }),
        async (pvFault, readFault) => {
          const name = `run${n++}.example.com`;
          const rules = [{ kind: pvFault, operations: ['PVOrder'], count: 1 }];
          if (readFault) rules.push({ kind: readFault as never, operations: ['GetCertificateOrders'], count: 1 });
          backend.sim.admin.setFaults({ rules });
          const from = backend.calls.length;
          const { csr } = await csrFor(name);
          const pem = await client.auto({
            csr,
            termsOfServiceAgreed: true,
            challengeCreateFn: async () => {},
            challengeRemoveFn: async () => {},
          });
          backend.sim.admin.setFaults(undefined);
          expect(verifyChain(backend, pem)).toEqual([name]);
          const placed = backend.sim.admin.listMsslOrders().filter((o) => o.commonName === name);
          expect(placed.length).toBe(1);
          // Every PVOrder fault leaves the outcome unknown to the gateway: it reconciled before deciding.
          expect(backend.calls.slice(from)).toContain('GetCertificateOrders');
        },
      ),
      { numRuns: 10 },
    );
  });
});

describe('processing', () => {
  it('a processing order answers Retry-After', async () => {
    const backend = await startBackend(600_000);
    const gw = await startGateway(backend);
    try {
      const eab = await preauthorizedTenant(gw, backend);
      const c = await new TestClient(gw.url).init();
      await c.register(eab.kid, eab.hmacKey);
      const order = await c.post(c.url('/acme/new-order'), {
        identifiers: [{ type: 'dns', value: 'slow.example.com' }],
      });
      const { csr } = await csrFor('slow.example.com');
      const der = Buffer.from(csr.toString().replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('base64url');
      const fin = await c.post(String(order.body.finalize), { csr: der });
      expect([fin.body.status, fin.headers.get('retry-after')]).toEqual(['processing', '2']);
      // A second finalize, even racing the first, is refused: one PVOrder for the ACME order.
      const second = await c.post(String(order.body.finalize), { csr: der });
      expect(second.body.type).toBe('urn:ietf:params:acme:error:orderNotReady');
      const again = await c.post(String(order.headers.get('location')), undefined);
      expect([again.body.status, again.headers.get('retry-after')]).toEqual(['processing', '2']);
      expect(again.body.certificate).toBeUndefined();
      expect(backend.sim.admin.listMsslOrders().length).toBe(1);
    } finally {
      await gw.stop();
      await backend.server.close();
    }
  });
});

describe('order expiry', () => {
  it('an order not finalized within ORDER_LIFETIME_SECONDS becomes invalid; finalize is then orderNotReady', async () => {
    const backend = await startBackend();
    const gw = await startGateway(backend, { bindings: { ORDER_LIFETIME_SECONDS: '2' } });
    try {
      const eab = await preauthorizedTenant(gw, backend);
      const c = await new TestClient(gw.url).init();
      await c.register(eab.kid, eab.hmacKey);
      const order = await c.post(c.url('/acme/new-order'), {
        identifiers: [{ type: 'dns', value: 'late.example.com' }],
      });
      expect(order.body.status).toBe('ready');
      expect(Date.parse(String(order.body.expires)) - Date.now()).toBeLessThanOrEqual(2000);
      await new Promise((r) => setTimeout(r, 2500));
      const late = await c.post(String(order.headers.get('location')), undefined);
      expect(late.body.status).toBe('invalid');
      const { csr } = await csrFor('late.example.com');
      const der = Buffer.from(csr.toString().replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('base64url');
      const fin = await c.post(String(order.body.finalize), { csr: der });
      expect(fin.body.type).toBe('urn:ietf:params:acme:error:orderNotReady');
      expect(backend.sim.admin.listMsslOrders().length).toBe(0);
    } finally {
      await gw.stop();
      await backend.server.close();
    }
  });
});

describe('concurrent finalize', () => {
  it('two finalize requests sent at once place one GlobalSign order', async () => {
    const backend = await startBackend();
    const gw = await startGateway(backend);
    try {
      const eab = await preauthorizedTenant(gw, backend);
      const c = await new TestClient(gw.url).init();
      await c.register(eab.kid, eab.hmacKey);
      for (let i = 0; i < 5; i++) {
        const name = `race${i}.example.com`;
        const order = await c.post(c.url('/acme/new-order'), { identifiers: [{ type: 'dns', value: name }] });
        const { csr } = await csrFor(name);
        const der = Buffer.from(csr.toString().replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('base64url');
        const answers = await Promise.all([1, 2, 3].map(() => c.post(String(order.body.finalize), { csr: der })));
        const accepted = answers.filter((a) => a.body.status === 'processing' || a.body.status === 'valid');
        expect(accepted.length).toBe(1);
        for (const a of answers)
          if (a !== accepted[0]) expect(a.body.type).toBe('urn:ietf:params:acme:error:orderNotReady');
        // finalize answers once the submission is stored; PVOrder follows: count once the order is valid.
        let o = accepted[0]!;
        for (let t = 0; t < 100 && o.body.status === 'processing'; t++) {
          await new Promise((r) => setTimeout(r, 100));
          o = await c.post(String(order.headers.get('location')), undefined);
        }
        expect(o.body.status).toBe('valid');
        expect(backend.sim.admin.listMsslOrders().filter((x) => x.commonName === name).length).toBe(1);
      }
    } finally {
      await gw.stop();
      await backend.server.close();
    }
  });
});

describe('state survives a restart', () => {
  it('stops mid-order, starts again on the same storage, and the alarm finishes the order', async () => {
    const backend = await startBackend(2500);
    const persist = mkdtempSync(join(tmpdir(), 'acme-do-'));
    let gw = await startGateway(backend, { persist });
    const port = Number(new URL(gw.url).port); // the restart reuses it: stored URLs stay valid
    try {
      const eab = await preauthorizedTenant(gw, backend);
      const client = acmeClient(gw, eab, await acme.crypto.createPrivateEcdsaKey('P-256'));
      await client.createAccount({ termsOfServiceAgreed: true });
      const order = await client.createOrder({ identifiers: [{ type: 'dns', value: 'restart.example.com' }] });
      const { csr } = await csrFor('restart.example.com');
      const processing = await client.finalizeOrder(order, csr);
      expect(processing.status).toBe('processing');
      // Stopped once GlobalSign has the order and its answer is stored (a stop during PVOrder: the test below).
      for (let t = 0; t < 100 && backend.sim.admin.listMsslOrders().length === 0; t++)
        await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 300));
      await gw.stop();
      gw = await startGateway(backend, { persist, port, adminSecret: gw.adminSecret });
      // No client request for a while: only the alarm may ask GlobalSign.
      const probes = backend.calls.length;
      await new Promise((r) => setTimeout(r, 4000));
      const polled = backend.calls.slice(probes).filter((c) => c === 'GetOrderByOrderID');
      expect(polled.length).toBeGreaterThan(0);
      const done = await client.waitForValidStatus(order);
      expect(done.status).toBe('valid');
      const pem = await client.getCertificate(done);
      expect(verifyChain(backend, pem)).toEqual(['restart.example.com']);
      expect(backend.sim.admin.listMsslOrders().length).toBe(1);
    } finally {
      await gw.stop();
      await backend.server.close();
    }
  });
});

describe('a restart in the middle of PVOrder', () => {
  it('the order placed while the gateway died is found by reconciliation, not ordered again', async () => {
    const backend = await startBackend();
    const persist = mkdtempSync(join(tmpdir(), 'acme-do-'));
    let gw = await startGateway(backend, { persist });
    const port = Number(new URL(gw.url).port); // the restart reuses it: stored URLs stay valid
    try {
      const eab = await preauthorizedTenant(gw, backend);
      const c = await new TestClient(gw.url).init();
      await c.register(eab.kid, eab.hmacKey);
      const order = await c.post(c.url('/acme/new-order'), {
        identifiers: [{ type: 'dns', value: 'crash.example.com' }],
      });
      const { csr } = await csrFor('crash.example.com');
      const der = Buffer.from(csr.toString().replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('base64url');
      // PVOrder is applied, then its answer never comes: the gateway is stopped while the call is in flight.
      backend.sim.admin.setFaults({ rules: [{ kind: 'hang', operations: ['PVOrder'], count: 1 }] });
      const pending = c.post(String(order.body.finalize), { csr: der }).catch(() => undefined);
      for (let i = 0; i < 100 && backend.sim.admin.listMsslOrders().length === 0; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(backend.sim.admin.listMsslOrders().length).toBe(1);
      await gw.stop();
      await pending;
      gw = await startGateway(backend, { persist, port, adminSecret: gw.adminSecret });
      let status = '';
      for (let i = 0; i < 60 && status !== 'valid'; i++) {
        await new Promise((r) => setTimeout(r, 250));
        status = String((await c.post(String(order.headers.get('location')), undefined)).body.status);
      }
      expect(status).toBe('valid');
      expect(backend.calls).toContain('GetCertificateOrders');
      expect(backend.sim.admin.listMsslOrders().length).toBe(1);
    } finally {
      backend.sim.admin.setFaults(undefined);
      await gw.stop();
      await backend.server.close();
    }
  });
});

describe('the issuance deadline', () => {
  it('ends a processing order invalid with what to look at, and sends nothing after it', async () => {
    const backend = await startBackend(200);
    const gw = await startGateway(backend, {
      bindings: { ISSUE_DEADLINE_SECONDS: '3', GS_TIMEOUT_MS: '400', POLL_INITIAL_MS: '100' },
    });
    try {
      const eab = await preauthorizedTenant(gw, backend);
      const c = await new TestClient(gw.url).init();
      await c.register(eab.kid, eab.hmacKey);
      // Each case: the faults that last the whole time, and what the detail must say.
      const cases = [
        {
          name: 'unread.example.com',
          rules: [{ kind: 'hang', operations: ['GetOrderByOrderID'] }],
          says: /^GlobalSign order (MS\d+) for unread\.example\.com has not issued within 3 seconds.*GCC/,
        },
        {
          name: 'unknown.example.com',
          rules: [
            { kind: 'drop', operations: ['PVOrder'] },
            { kind: 'http500', operations: ['GetCertificateOrders'] },
          ],
          says: /^It is unknown whether GlobalSign placed the order for unknown\.example\.com .*submitted from \d{4}-/,
        },
        {
          name: 'never.example.com',
          rules: [{ kind: 'dropBeforeApply', operations: ['PVOrder'] }],
          says: /^No GlobalSign order for never\.example\.com was placed.*finalize a new order/,
        },
      ] as const;
      for (const k of cases) {
        backend.sim.admin.setFaults({ rules: k.rules });
        const order = await c.post(c.url('/acme/new-order'), { identifiers: [{ type: 'dns', value: k.name }] });
        const { csr } = await csrFor(k.name);
        const der = Buffer.from(csr.toString().replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('base64url');
        await c.post(String(order.body.finalize), { csr: der });
        let body: Record<string, unknown> = {};
        for (let i = 0; i < 40 && body.status !== 'invalid' && body.status !== 'valid'; i++) {
          await new Promise((r) => setTimeout(r, 250));
          body = (await c.post(String(order.headers.get('location')), undefined)).body;
        }
        const detail = String((body.error as { detail?: string } | undefined)?.detail);
        expect([body.status, detail]).toEqual(['invalid', expect.stringMatching(k.says)]);
        const placed = backend.sim.admin.listMsslOrders().filter((o) => o.commonName === k.name);
        expect(placed.length).toBe(k.name === 'never.example.com' ? 0 : 1);
        if (k.name === 'unread.example.com') expect(detail).toContain(placed[0]!.orderId);
        // Nothing is sent for it any more, and it stays invalid.
        const calls = backend.calls.length;
        await new Promise((r) => setTimeout(r, 800));
        expect(backend.calls.slice(calls).filter((op) => op === 'PVOrder')).toEqual([]);
        const later = await c.post(String(order.headers.get('location')), undefined);
        expect(later.body.status).toBe('invalid');
      }
    } finally {
      backend.sim.admin.setFaults(undefined);
      await gw.stop();
      await backend.server.close();
    }
  });
});

describe('an order reconciliation cannot tell apart from another', () => {
  it('ends invalid naming the GlobalSign order to look at, and never sends a second PVOrder', async () => {
    // Orders stay unissued (ASYNC_ORDER delay of an hour), so an order whose CSR GlobalSign does not show has no
    // key to compare at all.
    const backend = await startBackend(3_600_000);
    const gw = await startGateway(backend, { bindings: { GS_TIMEOUT_MS: '1000', POLL_INITIAL_MS: '100' } });
    try {
      const eab = await preauthorizedTenant(gw, backend);
      const [first, second] = [await new TestClient(gw.url).init(), await new TestClient(gw.url).init()];
      await first.register(eab.kid, eab.hmacKey);
      await second.register(eab.kid, eab.hmacKey);
      const name = 'twin.example.com';
      const finalize = async (c: TestClient) => {
        const order = await c.post(c.url('/acme/new-order'), { identifiers: [{ type: 'dns', value: name }] });
        const { csr } = await csrFor(name);
        const der = Buffer.from(csr.toString().replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('base64url');
        await c.post(String(order.body.finalize), { csr: der });
        return String(order.headers.get('location'));
      };
      // Another order for the same name and product, placed first; GlobalSign shows no CSR for it (as for an order
      // placed without one).
      await finalize(first);
      let other: { orderId: string } | undefined;
      for (let i = 0; i < 40 && !other; i++) {
        other = backend.sim.admin.listMsslOrders().find((o) => o.commonName === name);
        if (!other) await new Promise((r) => setTimeout(r, 100));
      }
      const orders = backend.sim.admin.state.msslOrders;
      const { csr: _hidden, ...withoutCsr } = orders.get(other!.orderId)!;
      orders.put(withoutCsr as never);
      // The second order's PVOrder is lost before GlobalSign sees it: reconciliation finds only the other order,
      // which may or may not be it.
      backend.sim.admin.setFaults({ rules: [{ kind: 'dropBeforeApply', operations: ['PVOrder'], count: 1 }] });
      const url = await finalize(second);
      let body: Record<string, unknown> = {};
      for (let i = 0; i < 60 && body.status !== 'invalid' && body.status !== 'valid'; i++) {
        await new Promise((r) => setTimeout(r, 250));
        body = (await second.post(url, undefined)).body;
      }
      const detail = String((body.error as { detail?: string } | undefined)?.detail);
      expect(body.status).toBe('invalid');
      expect(detail).toBe(
        `GlobalSign order ${other!.orderId} for ${name} might be this one, and GlobalSign shows no key to tell; look ` +
          'at it in GCC and cancel it if it is not wanted; then finalize a new order.',
      );
      // Nothing was sent again: GlobalSign holds the one order it had, and no PVOrder follows.
      const calls = backend.calls.length;
      await new Promise((r) => setTimeout(r, 800));
      expect(backend.calls.slice(calls).filter((op) => op === 'PVOrder')).toEqual([]);
      expect(backend.sim.admin.listMsslOrders().filter((o) => o.commonName === name).length).toBe(1);
    } finally {
      backend.sim.admin.setFaults(undefined);
      await gw.stop();
      await backend.server.close();
    }
  });
});
