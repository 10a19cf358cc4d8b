// The simulator's AccountService through the real AccountClient: the snapshot's balance and last month's usage, and
// invoices derived from the orders placed (orders cancelled within 7 days are not invoiced).
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_OPERATIONS } from '../../src/services/account.ts';
import { codeOf, csrFor, pvRequest, raw, T0, type World, world } from './mssl-helpers.ts';

let w: World;
const DAY = 86_400_000;

beforeAll(async () => {
  w = await world();
});

describe('AccountSnapshot and QueryInvoices', () => {
  it('charges orders, refunds cancellations, invoices what was kept after the 7-day window', async () => {
    const start = Number((await w.account.accountSnapshot()).AccountSnapShot?.BulkDepositBalance);
    const kept = await w.mssl.pvOrder(pvRequest(w.sim, await csrFor(await w.key(), 'inv.example.com')));
    const dropped = await w.mssl.pvOrder(pvRequest(w.sim, await csrFor(await w.key(), 'drop.example.com')));
    const price = Number((await w.query.getOrderByOrderId({ OrderID: kept.OrderID! })).OrderDetail!.OrderInfo.Price);
    expect(price).toBe(249);
    const afterTwo = Number((await w.account.accountSnapshot()).AccountSnapShot?.BulkDepositBalance);
    expect(afterTwo).toBe(start - 2 * price);
    await w.mssl.modifyMsslOrder({ OrderID: dropped.OrderID!, ModifyOrderOperation: 'CANCEL' });
    expect(Number((await w.account.accountSnapshot()).AccountSnapShot?.BulkDepositBalance)).toBe(start - price);

    const window = { PaymentDueDateFrom: new Date(T0.getTime()), PaymentDueDateTo: new Date(T0.getTime() + 90 * DAY) };
    expect((await w.account.queryInvoices(window)).Invoices ?? []).toEqual([]); // still inside the cancel window
    w.sim.clock.advance(8 * DAY);
    const inv = await w.account.queryInvoices(window);
    expect(inv.Invoices?.map((i) => i.InvoiceLineItem[0]?.OrderID)).toEqual([kept.OrderID]);
    const item = inv.Invoices![0]!.InvoiceLineItem[0]!;
    expect(Number(item.TotalLineAmt)).toBe(price);
    expect(item.CommonName).toBe('inv.example.com');
    expect(inv.OrganizationAddress?.Country).toBe('GB');
    const byNumber = await w.account.queryInvoices({ ...window, InvoiceNumber: inv.Invoices![0]!.InvoiceNumber });
    expect(byNumber.Invoices?.length).toBe(1);

    w.sim.clock.advance(31 * DAY); // next month: the March orders are last month's usage
    expect(Number((await w.account.accountSnapshot()).AccountSnapShot?.LastMonthUsage)).toBe(price);
  });

  it('refuses an order beyond the balance (-6101) and a reversed window (-105)', async () => {
    w.sim.admin.setDeposit(String(w.sim.defaults.username), 0);
    const csr = await csrFor(await w.key(), 'poor.example.com');
    expect(await codeOf(w.mssl.pvOrder(pvRequest(w.sim, csr)))).toBe('-6101');
    const r = await raw(w.sim, ACCOUNT_OPERATIONS.QueryInvoices, {
      PaymentDueDateFrom: '2026-05-01T00:00:00.000Z',
      PaymentDueDateTo: '2026-04-01T00:00:00.000Z',
    });
    expect(r.header.Errors?.[0]?.ErrorCode).toBe('-105');
    const bad = await raw(w.sim, ACCOUNT_OPERATIONS.AccountSnapshot, {}, { username: 'x', password: 'y' });
    expect(bad.header.Errors?.[0]?.ErrorCode).toBe('-4001');
  });

  it('answers -4201 for a source IP outside the allow-list', async () => {
    w.sim.admin.setAllowedIps(String(w.sim.defaults.username), ['192.0.2.1']);
    const res = await w.sim.fetch('http://simulator.invalid/kb/ws/v1/AccountService', {
      method: 'POST',
      headers: { 'x-simulator-client-ip': '198.51.100.9' },
      body: `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><ns:AccountSnapshot xmlns:ns="https://system.globalsign.com/kb/ws/v1/"><Request><OrderRequestHeader><AuthToken><UserName>${w.sim.defaults.username}</UserName><Password>${w.sim.defaults.password}</Password></AuthToken></OrderRequestHeader></Request></ns:AccountSnapshot></soap:Body></soap:Envelope>`,
    });
    expect(await res.text()).toContain('<ErrorCode>-4201</ErrorCode>');
    w.sim.admin.setAllowedIps(String(w.sim.defaults.username), []);
  });
});
