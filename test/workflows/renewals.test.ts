// Renewal workflows against the simulator (clock under the test's control): findExpiring over more than 1,000
// issued orders yields each exactly once across cap splits; a window that cannot be split is an error; renewOrder
// issues a certificate with the same names and a new key, and turns the old order's renewal notice off.
import { beforeAll, describe, expect, it } from 'vitest';
import type { QuerySearchOrderDetail } from '../../src/clients/query-types.ts';
import type { QueryClient } from '../../src/clients/query.ts';
import { certificateMatchesKey, exportPublicKey, parseCertificate } from '../../src/crypto/index.ts';
import { isGlobalSignApiError, isValidationError } from '../../src/errors.ts';
import { findExpiring, renewOrder } from '../../src/workflows/renewals.ts';
import { CONTACT, csrFor, pvRequest, T0, type World, world } from '../simulator/mssl-helpers.ts';
import { simTime } from './helpers.ts';

const DAY = 86_400_000;

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describe('findExpiring', () => {
  const COUNT = 1_050;
  let w: World;
  const placed: string[] = [];

  beforeAll(async () => {
    w = await world();
    // bulkSeedMsslOrders makes orders without certificates, which GetOrderByExpirationDate never returns (it
    // matches on the certificate's notAfter): real orders are placed instead, three per second of the clock (X.509
    // times have whole seconds, so expiries collide), with one key and CSR.
    const seeded = w.sim.admin.bulkSeedMsslOrders({
      owner: w.sim.defaults.username,
      profileId: String(w.sim.defaults.msslProfileId),
      domainId: String(w.sim.defaults.msslDomainId),
      count: 3,
    });
    const probe = await w.query.getOrderByExpirationDate({
      ExpirationFromDate: new Date(seeded.from.getTime() - 1000 * DAY).toISOString(),
      ExpirationToDate: new Date(T0.getTime() + 1000 * DAY).toISOString(),
    });
    expect(probe.SearchOrderDetails ?? []).toHaveLength(0);
    const csr = await csrFor(await w.key(), 'bulk.example.com');
    const request = pvRequest(w.sim, csr);
    for (let i = 0; i < COUNT; i++) {
      if (i % 3 === 0) w.sim.clock.advance(1_000);
      placed.push((await w.mssl.pvOrder(request)).OrderID!);
    }
  }, 120_000);

  it('yields each of more than 1,000 expiring orders exactly once across cap splits', async () => {
    const windows: { from: string; to: string; result: number | 'split' }[] = [];
    const listing = findExpiring(w.query, {
      from: T0,
      to: new Date(T0.getTime() + 400 * DAY),
      onWindow: (x) => windows.push(x),
    });
    const seen: QuerySearchOrderDetail[] = [];
    for await (const o of listing) seen.push(o);
    const ids = seen.map((o) => o.OrderID);
    expect(ids).toHaveLength(COUNT);
    expect(new Set(ids).size).toBe(COUNT);
    expect([...ids].sort()).toEqual([...placed].sort());
    expect(windows.filter((x) => x.result === 'split').length).toBeGreaterThan(1);
    expect(windows.every((x) => x.result === 'split' || x.result < 500)).toBe(true);
    expect(listing.queries).toBe(windows.length);
    // a window that ends before them finds none; a filter narrows the search
    const none = findExpiring(w.query, { from: T0, to: new Date(T0.getTime() + 300 * DAY) });
    for await (const _ of none) throw new Error('nothing expires before day 300');
    const other: string[] = [];
    for await (const o of findExpiring(w.query, {
      from: T0,
      to: new Date(T0.getTime() + 400 * DAY),
      FQDN: 'x.example.com',
    }))
      other.push(o.OrderID);
    expect(other).toEqual([]);
  });

  it('a full answer for a window of one millisecond is an error, never a loop', async () => {
    let calls = 0;
    const full = Array.from({ length: 500 }, (_, i) => ({ OrderID: `MS${i}` }));
    const stub = {
      getOrderByExpirationDate: async () => {
        calls++;
        if (calls > 200) throw new Error('looping');
        return { SearchOrderDetails: full, warnings: [] };
      },
    } as unknown as QueryClient;
    const t = Date.parse('2026-06-01T00:00:00.000Z');
    const listing = findExpiring(stub, { from: new Date(t), to: new Date(t + 1_000) });
    const e = await errorOf(
      (async () => {
        for await (const _ of listing);
      })(),
    );
    expect((e as Error).message).not.toBe('looping');
    expect(String(e)).toMatch(/cannot be split/);
    expect(calls).toBeLessThan(30);
  });
});

describe('renewOrder', () => {
  let w: World;
  let oldId: string;
  let oldSpki: Uint8Array;

  beforeAll(async () => {
    w = await world();
    const keys = await w.key();
    oldSpki = await exportPublicKey(keys.publicKey, 'der');
    const csr = await csrFor(keys, 'shop.example.com');
    const res = await w.mssl.pvOrder(
      pvRequest(w.sim, csr, {
        Options: [{ OptionName: 'SAN', OptionValue: 'true' }],
        SANEntries: [
          { SANOptionType: '7', SubjectAltName: 'api.example.com' },
          { SANOptionType: '2', SubjectAltName: 'static.shop.example.com' },
        ],
      }),
    );
    oldId = res.OrderID!;
    w.sim.clock.advance(300 * DAY);
  });

  it('issues a renewal with the same names and a new key, and turns the old renewal notice off', async () => {
    const ordered: string[] = [];
    const r = await renewOrder(w.mssl, w.query, {
      orderId: oldId,
      contact: CONTACT,
      toggleRenewalNotice: true,
      wait: { ...simTime(w.sim), initialMs: 1_000 },
      onOrdered: (id) => ordered.push(id),
    });
    expect(ordered).toEqual([r.orderId]);
    expect(r.targetOrderId).toBe(oldId);
    expect(r.renewalNoticeOff).toBe(true);
    const oldCert = w.sim.admin.listMsslOrders().find((o) => o.orderId === oldId)!.certificate!;
    const cert = r.issued!.certificate;
    expect(cert.subject.CN).toBe('shop.example.com');
    expect(cert.sans.map((s) => s.value).sort()).toEqual(oldCert.sans.map((s) => s.value).sort());
    expect(await certificateMatchesKey(cert, r.keyPair.publicKey)).toBe(true);
    expect(await exportPublicKey(r.keyPair.publicKey, 'der')).not.toEqual(oldSpki);
    expect(r.keyPair.algorithm).toBe('P-256');
    expect(parseCertificate(oldCert.pem).serialNumber).not.toBe(cert.serialNumber);
    // the renewal carries over the remaining validity (simulator: up to 90 days bonus)
    expect(cert.notAfter.getTime()).toBeGreaterThan(oldCert.notAfter.getTime());
    const info = (await w.query.getOrderByOrderId({ OrderID: r.orderId })).OrderDetail!.OrderInfo;
    expect(info.OrderKind.toLowerCase()).toBe('renewal');
    expect(info.OriginalOrderIDForRenewal).toBe(oldId);
    expect(info.ProductCode).toBe('PV_SHA2');
    const sim = w.sim.admin.listMsslOrders();
    expect(sim.find((o) => o.orderId === oldId)!.renewalNotice).toBe(false);
    expect(sim.find((o) => o.orderId === r.orderId)!.renewalNotice).toBe(true);
    // the same order cannot be renewed twice (the service refuses it: -6102)
    const again = await errorOf(renewOrder(w.mssl, w.query, { orderId: oldId, contact: CONTACT }));
    expect(isGlobalSignApiError(again) && again.errorCodes).toEqual(['-6102']);
  });

  it('places without waiting, keeps the notice when not asked, and checks its input before ordering', async () => {
    const keys = await w.key();
    const first = await w.mssl.pvOrder(pvRequest(w.sim, await csrFor(keys, 'blog.example.com')));
    const before = w.sim.admin.listMsslOrders().length;
    const noContact = await errorOf(renewOrder(w.mssl, w.query, { orderId: first.OrderID! }));
    expect(isValidationError(noContact) && noContact.field).toBe('contact');
    expect(w.sim.admin.listMsslOrders()).toHaveLength(before);
    const r = await renewOrder(w.mssl, w.query, { orderId: first.OrderID!, contact: CONTACT, keyAlgorithm: 'P-384' });
    expect(r.issued).toBeUndefined();
    expect(r.renewalNoticeOff).toBeUndefined();
    expect(r.keyPair.algorithm).toBe('P-384');
    expect(w.sim.admin.listMsslOrders().find((o) => o.orderId === first.OrderID)!.renewalNotice).toBe(true);
    expect(w.sim.admin.listMsslOrders().find((o) => o.orderId === r.orderId)!.renewalOf).toBe(first.OrderID);
  });
});
