// The simulator's Query GASService through the real QueryClient: the OrderQueryOption flags of GetOrderByOrderID,
// the window queries and their 500-item cap (10,000 bulk-seeded orders split until every window is complete),
// ReIssue, ToggleRenewalNotice, ValidateOrderParameters, DecodeCSR, GetOrderByCommonName, and their errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate, parsePkcs7 } from '../../src/crypto/index.ts';
import { QUERY_OPERATIONS } from '../../src/services/query.ts';
import { codeOf, csrFor, pvRequest, raw, T0, type World, world } from './mssl-helpers.ts';

let w: World;
let issued: string;
const DAY = 86_400_000;

beforeAll(async () => {
  w = await world();
  const res = await w.mssl.pvOrder(
    pvRequest(w.sim, await csrFor(await w.key(), 'q.example.com'), {
      Options: [{ OptionName: 'SAN', OptionValue: 'true' }],
      SANEntries: [{ SANOptionType: '2', SubjectAltName: 'q2.example.com' }],
    }),
  );
  issued = res.OrderID!;
});

describe('GetOrderByOrderID', () => {
  it('answers only what the OrderQueryOption flags ask for', async () => {
    const bare = await w.query.getOrderByOrderId({ OrderID: issued });
    expect(bare.OrderDetail!.OrderInfo.OrderStatus).toBe('4');
    expect(bare.OrderDetail!.CertificateInfo).toBeUndefined();
    expect(bare.OrderDetail!.Fulfillment).toBeUndefined();
    expect(bare.OrderDetail!.ModificationEvents?.map((e) => e.ModificationEventName)).toEqual([
      'ORDER_REQUEST',
      'CERT_ISSUE',
    ]);
    const all = await w.query.getOrderByOrderId({
      OrderID: issued,
      OrderQueryOption: {
        ReturnCertificateInfo: 'true',
        ReturnFulfillment: 'true',
        ReturnCACerts: 'true',
        ReturnOriginalCSR: 'true',
        ReturnSANEntries: 'true',
        ReturnOrderOption: 'true',
      },
    });
    const d = all.OrderDetail!;
    expect(d.CertificateInfo?.CommonName).toBe('q.example.com');
    expect(d.SANEntries).toEqual([{ SANOptionType: '2', SubjectAltName: 'q2.example.com' }]);
    expect(d.Fulfillment?.OriginalCSR).toContain('CERTIFICATE REQUEST');
    expect(d.Fulfillment?.CACertificates?.map((c) => c.CACertType)).toEqual(['INTER', 'ROOT']);
    const cert = parseCertificate(d.Fulfillment!.ServerCertificate!.X509Cert);
    expect(cert.serialNumber.toUpperCase()).toBe(d.CertificateInfo?.SerialNumber);
    expect(parsePkcs7(d.Fulfillment!.ServerCertificate!.PKCS7Cert).map((c) => c.serialNumber)).toContain(
      cert.serialNumber,
    );
    expect(d.OrderOption?.OrganizationInfo.OrganizationName).toBe('Example Ltd');
  });

  it('answers -9916 for an unknown order and -9902 for another account’s', async () => {
    expect(await codeOf(w.query.getOrderByOrderId({ OrderID: 'MSNOPE' }))).toBe('-9916');
    w.sim.admin.addAccount({ username: 'other', password: 'other-password' });
    w.sim.admin.setMsslRights('other');
    const r = await raw(
      w.sim,
      QUERY_OPERATIONS.GetOrderByOrderID,
      { OrderID: issued },
      { username: 'other', password: 'other-password' },
    );
    expect(r.header.Errors?.[0]?.ErrorCode).toBe('-9902');
  });
});

describe('window queries and the 500 cap', () => {
  it('GetModifiedOrders over 10,000 bulk-seeded orders: full pages of 500, split until complete', async () => {
    const admin = w.sim.admin;
    const seeded = admin.bulkSeedMsslOrders({
      owner: String(w.sim.defaults.username),
      profileId: String(w.sim.defaults.msslProfileId),
      domainId: String(w.sim.defaults.msslDomainId),
      count: 10_000,
      stepMs: 1000,
      from: new Date(T0.getTime() - 30 * DAY),
    });
    const seen = new Set<string>();
    let calls = 0;
    const fetchWindow = async (from: number, to: number): Promise<void> => {
      calls++;
      const res = await w.query.getModifiedOrders({
        FromDate: new Date(from).toISOString(),
        ToDate: new Date(to).toISOString(),
      });
      const list = res.OrderDetails ?? [];
      expect(list.length).toBeLessThanOrEqual(500);
      if (list.length === 500) {
        expect(to - from).toBeGreaterThan(0); // a window that cannot be split would be an error
        const mid = Math.floor((from + to) / 2);
        await fetchWindow(from, mid);
        await fetchWindow(mid + 1, to);
        return;
      }
      for (const d of list) seen.add(d.OrderInfo.OrderId);
    };
    const t = performance.now();
    await fetchWindow(seeded.from.getTime(), seeded.to.getTime());
    expect(seen.size).toBe(10_000);
    expect(calls).toBeGreaterThan(20);
    expect(performance.now() - t).toBeLessThan(60_000);
    const page = await w.query.getOrderByDateRange({
      FromDate: seeded.from.toISOString(),
      ToDate: seeded.to.toISOString(),
    });
    expect(page.OrderDetails?.length).toBe(500);
    expect(page.OrderDetails?.[0]?.OrderInfo.OrderDate).toBe(seeded.from.toISOString());
  }, 120_000);

  it('GetOrderByDateRange and GetModifiedOrders see a cancellation by its event time; bad windows are -105/-104', async () => {
    const res = await w.mssl.pvOrder(pvRequest(w.sim, await csrFor(await w.key(), 'win.example.com')));
    w.sim.clock.advance(3_600_000);
    const before = w.sim.clock.now();
    await w.mssl.modifyMsslOrder({ OrderID: res.OrderID!, ModifyOrderOperation: 'CANCEL' });
    const after = new Date(w.sim.clock.now().getTime() + 1000);
    const mod = await w.query.getModifiedOrders({ FromDate: before.toISOString(), ToDate: after.toISOString() });
    expect(mod.OrderDetails?.map((d) => d.OrderInfo.OrderId)).toEqual([res.OrderID]);
    const placed = await w.query.getOrderByDateRange({ FromDate: before.toISOString(), ToDate: after.toISOString() });
    expect(placed.OrderDetails ?? []).toEqual([]);
    const r = await raw(w.sim, QUERY_OPERATIONS.GetModifiedOrders, {
      FromDate: after.toISOString(),
      ToDate: before.toISOString(),
    });
    expect(r.header.Errors?.[0]?.ErrorCode).toBe('-105');
    const r2 = await raw(w.sim, QUERY_OPERATIONS.GetModifiedOrders, {
      FromDate: 'yesterday',
      ToDate: before.toISOString(),
    });
    expect(r2.header.Errors?.[0]?.ErrorCode).toBe('-104');
  });

  it('GetOrderByExpirationDate and GetCertificateOrders filter by dates, FQDN and status', async () => {
    const exp = await w.query.getOrderByExpirationDate({
      ExpirationFromDate: new Date(T0.getTime() + 360 * DAY).toISOString(),
      ExpirationToDate: new Date(T0.getTime() + 370 * DAY).toISOString(),
      FQDN: 'q.example.com',
    });
    expect(exp.SearchOrderDetails?.map((o) => o.OrderID)).toEqual([issued]);
    const orders = await w.query.getCertificateOrders({ FQDN: 'win.example.com', OrderStatus: '5' });
    expect(orders.SearchOrderDetails?.length).toBe(1);
    expect(orders.SearchOrderDetails?.[0]?.OrganizationName).toBe('Example Ltd');
  });
});

describe('ReIssue, renewal notices, CSR tools', () => {
  it('ReIssue issues a new key under the same CN; another CN is -6021', async () => {
    const res = await w.query.reIssue({
      OrderParameter: { CSR: await csrFor(await w.key(), 'q.example.com') },
      TargetOrderID: issued,
    });
    expect(res.TargetOrderID).toBe(issued);
    const q = await w.query.getOrderByOrderId({
      OrderID: res.OrderID!,
      OrderQueryOption: { ReturnCertificateInfo: 'true' },
    });
    expect(q.OrderDetail!.OrderInfo.OriginalOrderIDForReIssue).toBe(issued);
    expect(q.OrderDetail!.CertificateInfo?.DNSNames).toBe('q.example.com,q2.example.com');
    const other = await csrFor(await w.key(), 'z.example.com');
    expect(await codeOf(w.query.reIssue({ OrderParameter: { CSR: other }, TargetOrderID: issued }))).toBe('-6021');
  });

  it('ToggleRenewalNotice takes true/false; GetOrderByCommonName finds the latest order', async () => {
    expect((await w.query.toggleRenewalNotice({ OrderID: issued, RenewalNotice: 'false' })).OrderID).toBe(issued);
    const r = await raw(w.sim, QUERY_OPERATIONS.ToggleRenewalNotice, { OrderID: issued, RenewalNotice: 'maybe' });
    expect(r.header.Errors?.[0]?.ErrorCode).toBe('-101');
    const found = await w.query.getOrderByCommonName({ CommonName: 'q.example.com' });
    expect(found.OrderID).toMatch(/^MS/);
    expect(await codeOf(w.query.getOrderByCommonName({ CommonName: 'none.example.com' }))).toBe('-9916');
  });

  it('DecodeCSR and ValidateOrderParameters read the CSR; unreadable CSRs are -104', async () => {
    const csr = await csrFor(await w.key(), 'v.example.com');
    const dec = await w.query.decodeCsr({ CSR: csr, ProductType: 'PV_SHA2' });
    expect(dec.CSRData.CommonName).toBe('v.example.com');
    expect(dec.CSRData.KeyLength).toBe(256);
    const val = await w.query.validateOrderParameters({
      OrderRequestParameter: {
        ProductCode: 'PV_SHA2',
        OrderKind: 'new',
        Licenses: '1',
        ValidityPeriod: { Months: '12' },
        CSR: csr,
      },
    });
    expect(val.ParsedCSR?.DomainName).toBe('v.example.com');
    expect(Number(val.Price)).toBeGreaterThan(0);
    expect(Date.parse(val.ValidityPeriod!.NotAfter!) - Date.parse(val.ValidityPeriod!.NotBefore!)).toBe(366 * DAY);
    const bad = await raw(w.sim, QUERY_OPERATIONS.DecodeCSR, { CSR: 'not a csr', ProductType: 'PV_SHA2' });
    expect(bad.header.Errors?.[0]?.ErrorCode).toBe('-104');
  });
});
