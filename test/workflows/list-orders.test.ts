// listOrders over more than 2,000 EPKI orders: GetOrders refuses over 1,000 (-9952), so windows split in halves;
// every order comes out exactly once, a checkpoint resumes, and a window that cannot split is an error, not a loop.
import { beforeAll, describe, expect, it } from 'vitest';
import { isGlobalSignApiError } from '../../src/errors.ts';
import { listOrders } from '../../src/workflows/index.ts';
import { type Env, env, seedOrders } from './helpers.ts';

let e: Env;
const START = new Date('2026-02-01T00:00:00Z');
const FROM = '2026-01-31T00:00:00.000Z';
const TO = '2026-02-02T00:00:00.000Z';
let ids: string[];

beforeAll(async () => {
  e = await env({ clock: () => START });
  // 2,400 seeded orders 1 ms apart plus a few placed through the API, interleaved in time.
  ids = seedOrders(e.sim, 1200).map((o) => o.orderId);
  for (let i = 0; i < 5; i++) {
    const email = `api${i}@example.com`;
    const r = await e.epki.orderCertificate({
      ProfileID: e.sim.defaults.epkiProfileId,
      ProductCode: 'EPKIPSPersonal',
      Year: 1,
      PickupPassword: 'Pickup12345',
      SANRFC822EmailAddress: email,
      DnAttributes: { CommonName: `Api ${i}`, Email: email },
    });
    ids.push(r.OrderID);
  }
  ids.push(...seedOrders(e.sim, 1200).map((o) => o.orderId));
  seedOrders(e.sim, 50, { product: 'EPKIPSDept' });
});

describe('listOrders (EPKI)', () => {
  it('yields each of 2,405 orders exactly once across cap splits', async () => {
    const windows: { result: number | 'split' }[] = [];
    const listing = listOrders(e.epki, {
      productCode: 'EPKIPSPersonal',
      from: FROM,
      to: TO,
      onWindow: (w) => windows.push(w),
    });
    const got: string[] = [];
    for await (const o of listing) got.push(o.OrderInfo.OrderNo);
    expect(got).toHaveLength(ids.length);
    expect(new Set(got).size).toBe(ids.length);
    expect([...got].sort()).toEqual([...ids].sort());
    expect(windows.filter((w) => w.result === 'split').length).toBeGreaterThanOrEqual(2);
    for (const w of windows) if (w.result !== 'split') expect(w.result).toBeLessThanOrEqual(1000);
    expect(listing.queries).toBe(windows.length);
    expect(listing.checkpoint).toBe(TO);
  });

  it('resumes from a checkpoint without repeating or losing an order', async () => {
    const first = listOrders(e.epki, { productCode: 'EPKIPSPersonal', from: FROM, to: TO });
    const seen: string[] = [];
    let saved: string | undefined;
    for await (const o of first) {
      seen.push(o.OrderInfo.OrderNo);
      if (first.checkpoint !== undefined) saved = first.checkpoint;
      if (seen.length >= 1500 && saved !== undefined) break; // the consumer stops after a window boundary
    }
    expect(saved).toBeDefined();
    const covered = seen.filter(
      (id) => e.sim.admin.state.epkiOrders.get(id)!.requestDate.getTime() <= Date.parse(saved!),
    );
    const rest: string[] = [];
    for await (const o of listOrders(e.epki, { productCode: 'EPKIPSPersonal', from: FROM, to: TO, resumeFrom: saved! }))
      rest.push(o.OrderInfo.OrderNo);
    const all = [...covered, ...rest];
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual([...ids].sort());
    expect(rest.length).toBeGreaterThan(0);
    expect(covered.length).toBeGreaterThan(0);
  });

  it('filters by product and returns nothing for an empty range', async () => {
    const dept: string[] = [];
    for await (const o of listOrders(e.epki, { productCode: 'epkipsdept', from: FROM, to: TO }))
      dept.push(o.OrderInfo.ProductCode);
    expect(dept).toHaveLength(50);
    expect(new Set(dept)).toEqual(new Set(['EPKIPSDept']));
    const none = listOrders(e.epki, { productCode: 'EPKIPSPersonal', from: '2020-01-01', to: '2020-01-02' });
    let n = 0;
    for await (const _ of none) n++;
    expect(n).toBe(0);
    expect(none.queries).toBe(1);
  });

  it('more than 1,000 orders in one millisecond is an error after a bounded number of splits', async () => {
    const other = await env({ clock: () => START });
    seedOrders(other.sim, 1001, { sameInstant: true });
    const listing = listOrders(other.epki, { productCode: 'EPKIPSPersonal', from: FROM, to: TO });
    const err = await (async () => {
      for await (const _ of listing) void _;
    })().catch((x: unknown) => x);
    expect(isGlobalSignApiError(err)).toBe(true);
    expect(String((err as Error).message)).toMatch(/-9952/);
    expect(listing.queries).toBeLessThanOrEqual(40);
  });
});
