// Two clients of one account in parallel against the simulator Worker's Durable Object: 1,000 interleaved MSSL and
// EPKI orders with a query after each, then every order is found by its ID and exactly once in the syncs (the
// workflows' windowed listings over the Query service and EPKI GetOrders).
import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorker } from '../../scripts/build-workers.mjs';
import { listOrders, syncModifiedOrders } from '../../src/workflows/index.ts';
import { type Clients, clientsOf, epkiOrder, msslOrder, simulatorObjects } from './simulator-do-harness.ts';

const PER_CLIENT = 500; // orders per client, half MSSL, half EPKI: 1,000 in all, each followed by a query
const LANES = 4; // requests in flight per client

let mf: Miniflare;
let url: string;

beforeAll(async () => {
  ({ mf, url } = await simulatorObjects(await buildWorker('simulator')));
}, 60_000);
afterAll(async () => {
  await mf?.dispose();
});

/** One client's run: `PER_CLIENT` orders, MSSL and EPKI alternating, each looked up at once by its ID. */
async function run(c: Clients, tag: string): Promise<{ mssl: string[]; epki: string[] }> {
  const mssl: string[] = [];
  const epki: string[] = [];
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < PER_CLIENT; i = next++) {
      if (i % 2 === 0) {
        const id = await msslOrder(c, `${tag}-${i}.example.com`);
        const got = await c.query.getOrderByOrderId({ OrderID: id });
        expect(got.OrderDetail?.OrderInfo.OrderId).toBe(id);
        mssl.push(id);
      } else {
        const id = await epkiOrder(c, `${tag}${i}`);
        const got = await c.epki.getOrderByOrderId({ OrderNo: id });
        expect(got.OrderDetail?.OrderInfo.OrderNo).toBe(id);
        epki.push(id);
      }
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
  return { mssl, epki };
}

const sorted = (xs: readonly string[]) => [...xs].sort();

describe('two clients of one account in parallel', () => {
  it('see one consistent state: every order found by its ID and exactly once in the syncs', async () => {
    const from = new Date(Date.now() - 60_000);
    const [a, b] = [await clientsOf(url), await clientsOf(url)];
    const [ra, rb] = await Promise.all([run(a, 'a'), run(b, 'b')]);
    const mssl = [...ra.mssl, ...rb.mssl];
    const epki = [...ra.epki, ...rb.epki];
    expect(mssl.length + epki.length).toBe(2 * PER_CLIENT);
    expect(new Set([...mssl, ...epki]).size).toBe(2 * PER_CLIENT);
    const to = new Date(Date.now() + 60_000);
    // Each client finds the other's orders by ID.
    for (const id of rb.mssl.slice(0, 20))
      expect((await a.query.getOrderByOrderId({ OrderID: id })).OrderDetail).toBeDefined();
    for (const id of ra.epki.slice(0, 20))
      expect((await b.epki.getOrderByOrderId({ OrderNo: id })).OrderDetail).toBeDefined();
    const synced: string[] = [];
    for await (const o of syncModifiedOrders(b.query, { from, to })) synced.push(o.OrderInfo.OrderId);
    expect(sorted(synced)).toEqual(sorted(mssl));
    const listed: string[] = [];
    for await (const o of listOrders(a.epki, { productCode: 'EPKIPSPersonal', from, to }))
      listed.push(o.OrderInfo.OrderNo);
    expect(sorted(listed)).toEqual(sorted(epki));
  }, 300_000);
});
