// Exactly-once MSSL ordering under injected faults: 1,000 PVOrder attempts (fresh P-256 key each) while the
// simulator drops connections after the order was applied ('drop'), before it ('dropBeforeApply'), answers HTTP 500
// before applying it, cuts an applied order's answer short ('malformed') or never answers it ('hang', a timeout
// after the body was sent). Every unknown outcome is reconciled: each lost order is found, each never-applied one
// proven absent and only then placed again.
import { beforeAll, describe, expect, it } from 'vitest';
import { MsslClient } from '../../src/clients/mssl.ts';
import { QueryClient } from '../../src/clients/query.ts';
import { createCsr, generateKeyPair } from '../../src/crypto/index.ts';
import { isOrderOutcomeUnknownError, type OrderOutcomeUnknownError } from '../../src/errors.ts';
import { createSimulator, type Simulator } from '../../src/simulator/index.ts';
import { reconcileOrder } from '../../src/workflows/index.ts';
import { CONTACT, pvRequest } from '../simulator/mssl-helpers.ts';

let sim: Simulator;
let mssl: MsslClient;
let query: QueryClient;

beforeAll(async () => {
  // The transport stamps sentAt/failedAt with the machine's clock, so the simulator runs on it too.
  sim = await createSimulator({ clock: () => new Date() });
  const base = { ...sim.defaults, endpoint: 'http://simulator.invalid', fetch: sim.fetch };
  // A short timeout makes 'hang' cheap; a slow order under load is just one more unknown outcome to reconcile.
  mssl = new MsslClient({ ...base, retries: 0, timeoutMs: 400 });
  query = new QueryClient({ ...base, timeoutMs: 10_000 });
});

const ordersFor = (cn: string) => sim.admin.listMsslOrders().filter((o) => o.commonName === cn);

describe('reconcileOrder (MSSL) under faults', () => {
  it('1,000 PVOrder attempts: zero duplicates, every lost order found, every unapplied one proven absent', async () => {
    sim.admin.setFaults({
      rules: [
        { kind: 'drop', operations: ['PVOrder'], probability: 0.12 },
        { kind: 'dropBeforeApply', operations: ['PVOrder'], probability: 0.1 },
        { kind: 'http500', operations: ['PVOrder'], probability: 0.06 },
        { kind: 'hang', operations: ['PVOrder'], probability: 0.03 },
        { kind: 'malformed', operations: ['PVOrder'], probability: 0.04 },
      ],
    });
    const tally = { attempts: 0, ok: 0, found: 0, absent: 0 };
    let n = 0;
    for (; tally.attempts < 1_000; n++) {
      const i = n;
      const cn = `host${i}.example.com`;
      const keys = await generateKeyPair('P-256');
      const req = pvRequest(sim, (await createCsr({ keys, subject: { CN: cn } })).pem);
      for (let attempt = 0; ; attempt++) {
        expect(attempt).toBeLessThan(20);
        tally.attempts++;
        try {
          const res = await mssl.pvOrder(req);
          expect(ordersFor(cn).map((o) => o.orderId)).toEqual([res.OrderID]);
          tally.ok++;
          break;
        } catch (x) {
          if (!isOrderOutcomeUnknownError(x)) throw x;
          const truth = ordersFor(cn);
          const r = await reconcileOrder(x, query, { skewMs: 2_000 });
          if (r.status === 'found') {
            expect(truth).toHaveLength(1);
            expect(r.order.OrderInfo.OrderId).toBe(truth[0]!.orderId);
            tally.found++;
            break;
          }
          expect(r.status).toBe('absent');
          expect(truth).toHaveLength(0);
          tally.absent++;
        }
      }
    }
    const all = sim.admin.listMsslOrders().filter((o) => /^host\d+\.example\.com$/.test(o.commonName));
    expect(all).toHaveLength(n);
    expect(new Set(all.map((o) => o.commonName)).size).toBe(n);
    expect(tally.ok + tally.found).toBe(n);
    expect(tally.attempts).toBeGreaterThanOrEqual(1_000);
    expect(tally.found).toBeGreaterThan(60);
    expect(tally.absent).toBeGreaterThan(60);
    console.log('MSSL reconcile tally', { orders: n, ...tally });
  }, 240_000);

  it('an order without a CSR (PVOrderWithoutCSR) lost after it was placed comes back as a candidate', async () => {
    sim.admin.setFaults({ rules: [{ kind: 'drop', operations: ['PVOrderWithoutCSR'], count: 1 }] });
    const err = await mssl
      .pvOrderWithoutCsr({
        OrderRequestParameterWithoutCSR: {
          ProductCode: 'PV_INTRA_SKIP_SHA2',
          OrderKind: 'new',
          Licenses: '1',
          ValidityPeriod: { Months: '12' },
          Pin: 'correct-horse-battery',
          KeyLength: '2048',
        },
        MSSLProfileID: String(sim.defaults.msslProfileId),
        MSSLDomainID: String(sim.defaults.msslDomainId),
        OVCSRInfo: { CommonName: 'nocsr.example.com' },
        ContactInfo: CONTACT,
      })
      .catch((e: unknown) => e);
    expect(isOrderOutcomeUnknownError(err)).toBe(true);
    const truth = ordersFor('nocsr.example.com');
    expect(truth).toHaveLength(1);
    const r = await reconcileOrder(err as OrderOutcomeUnknownError, query, { skewMs: 2_000 });
    expect(r.status).toBe('candidates');
    if (r.status !== 'candidates') return;
    expect(r.orders.map((o) => o.OrderInfo.OrderId)).toEqual([truth[0]!.orderId]);
    // and a common name that was never ordered is proven absent
    const other = { submission: { ...(err as OrderOutcomeUnknownError).submission, commonName: 'never.example.com' } };
    expect((await reconcileOrder(other, query, { skewMs: 2_000 })).status).toBe('absent');
  }, 60_000);
});
