// Exactly-once ordering, as a generated campaign (fast-check): request shapes from everything the schemas accept
// (every MSSL and EPKI ordering operation, product codes in every accepted spelling and the SHA-1 ones, with and
// without CSR, SANs, ASYNC_ORDER, clock skew within the 5-minute tolerance, decoy orders in the window), faults of
// every kind the simulator offers on the ordering call and on every read reconciliation makes. The caller follows the
// documented rule: re-send only after `absent`; stop after `found`, `candidates`, or when reconciliation keeps
// failing. Invariant: no intended order ever exists twice; each exists once, or was refused before sending, or
// reconciliation returned candidates that include it. 2,000 scenarios, 8 at a time (one simulator each).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  isGlobalSignApiError,
  isOrderOutcomeUnknownError,
  isSoapFaultError,
  isValidationError,
  type OrderOutcomeUnknownError,
  type ValidationError,
} from '../../src/errors.ts';
import { generateKeyPair } from '../../src/crypto/index.ts';
import { recordedProductCode } from '../../src/services/products.ts';
import { type CaMaterial, createSimulator, exportCaMaterial } from '../../src/simulator/index.ts';
import { reconcileOrder } from '../../src/workflows/index.ts';
import {
  EPKI_OPS,
  FAULTS,
  hasCsr,
  type Keys,
  MSSL_OPS,
  makeKeys,
  orderCall,
  orderIds,
  pooledCrypto,
  READS,
  type Scenario,
  SHA1,
  scenarioArb,
  serviceOf,
  type World,
  worldFor,
} from './campaign.ts';

let keys: Keys;
let ca: CaMaterial;
let crypto: Crypto;

beforeAll(async () => {
  ca = await exportCaMaterial((await createSimulator()).ca);
  keys = await makeKeys();
  crypto = pooledCrypto();
  const rsa = (alg: 'RSA-2048' | 'RSA-4096') => generateKeyPair(alg, { extractable: true, crypto });
  await Promise.all([rsa('RSA-2048'), rsa('RSA-2048'), rsa('RSA-4096'), rsa('RSA-4096')]);
}, 120_000);

type Outcome = 'ok' | 'refused' | 'refusedByService' | 'found' | 'candidates' | 'stopped';
const tally: Record<Outcome | 'absent' | 'scenarios', number> = {
  scenarios: 0,
  ok: 0,
  refused: 0,
  refusedByService: 0,
  found: 0,
  absent: 0,
  candidates: 0,
  stopped: 0,
};

/** Reconciliation, tried again while its own reads fail (it is read-only); `undefined` when it keeps failing. */
async function reconcile(w: World, e: OrderOutcomeUnknownError) {
  for (let i = 0; i < 6; i++) {
    try {
      return e.submission.service === 'EPKI' ? await reconcileOrder(e, w.epki) : await reconcileOrder(e, w.query);
    } catch {
      // a read failed past the client's retries: try the whole search again
    }
  }
  return undefined;
}

const seen = new Set<string>();
const idOf = (o: unknown): string =>
  ((o as { OrderInfo: { OrderId?: string; OrderNo?: string } }).OrderInfo.OrderId ??
    (o as { OrderInfo: { OrderNo: string } }).OrderInfo.OrderNo) as string;

async function run(s: Scenario): Promise<Outcome> {
  const w = await worldFor(s, ca, crypto);
  for (const [i, decoy] of s.decoys.entries()) {
    const name = decoy === 'otherName' ? `decoy${i}` : 'intended';
    // A keyless MSSL decoy (PVOrderWithoutCSR: a PKCS#12 to build) only where the intended order is keyless too.
    const keyless = decoy === 'sameNameNoKey' && (serviceOf(s.op) === 'EPKI' || s.op === 'PVOrderWithoutCSR');
    const call = await orderCall(w, s, keys, name, keyless ? undefined : 1 + i);
    await call.send().catch(() => undefined); // a decoy the service refuses is simply not there
  }
  const before = new Set(orderIds(w, s.op));
  const mine = () => orderIds(w, s.op).filter((id) => !before.has(id));
  const call = await orderCall(w, s, keys, 'intended', hasCsr(s) ? 0 : undefined);
  const reads = READS[serviceOf(s.op)];
  w.sim.admin.setFaults({
    rules: [
      ...s.orderFaults.map((kind) => ({ kind, operations: [call.name], count: 1 })),
      ...s.readFaults.map((f) => ({ kind: f.kind, operations: [reads[f.read]], count: f.count })),
    ],
  });
  for (let attempt = 1; attempt <= 8; attempt++) {
    try {
      await call.send();
      expect(mine()).toHaveLength(1);
      return 'ok';
    } catch (e) {
      if (isValidationError(e)) {
        expect(SHA1.has(s.product), String(e)).toBe(true);
        expect((e as ValidationError).field).toMatch(/ProductCode$/);
        expect((e as Error).message).toContain(recordedProductCode(s.product)!);
        expect(mine()).toHaveLength(0);
        return 'refused';
      }
      if (isSoapFaultError(e)) continue; // refused before the service ran it: the answer is known, re-sending is safe
      if (isGlobalSignApiError(e)) {
        expect(mine()).toHaveLength(0);
        return 'refusedByService';
      }
      if (!isOrderOutcomeUnknownError(e)) throw e;
      const r = await reconcile(w, e);
      if (!r) return 'stopped';
      if (r.status === 'found') {
        expect(mine()).toEqual([idOf(r.order)]);
        return 'found';
      }
      if (r.status === 'candidates') {
        const placed = mine();
        if (placed.length) expect(r.orders.map(idOf)).toContain(placed[0]);
        else expect(s.decoys.some((d) => d !== 'otherName')).toBe(true); // a same-name decoy that cannot be ruled out
        return 'candidates';
      }
      expect(mine(), 'absent, yet the order exists').toHaveLength(0);
      tally.absent++;
    }
  }
  throw new Error('more than 8 attempts');
}

describe('exactly once, for every order a user may send (generated campaign)', () => {
  it('2,000 scenarios under faults: no intended order ever exists twice', async () => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(fc.array(scenarioArb, { minLength: 8, maxLength: 8 }), async (batch) => {
        const outcomes = await Promise.all(batch.map(run));
        for (const sc of batch) {
          seen.add(sc.op);
          for (const f of [...sc.orderFaults, ...sc.readFaults.map((r) => r.kind)]) seen.add(f);
        }
        for (const o of outcomes) tally[o]++;
        tally.scenarios += batch.length;
      }),
      { numRuns: 250 },
    );
    const used = process.cpuUsage(cpu);
    const seconds = { wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 };
    console.log('exactly-once campaign', tally, seconds);
    expect(tally.scenarios).toBeGreaterThanOrEqual(2_000);
    for (const k of ['ok', 'refused', 'found', 'absent', 'candidates'] as const) expect(tally[k]).toBeGreaterThan(0);
    expect([...MSSL_OPS, ...EPKI_OPS, ...FAULTS].filter((x) => !seen.has(x))).toEqual([]);
  }, 600_000);
});
