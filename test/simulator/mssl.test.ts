// The simulator's MSSL orders end to end through the real MsslClient and QueryClient: real TLS certificates from
// the local CA (checked with openssl), ASYNC_ORDER polled to issuance on the simulator clock, phishing holds,
// PVOrderWithoutCSR's PKCS#12, cancel/revoke/approve, SAN changes, and the guide's error codes for each rule.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPkcs12, parseCertificate } from '../../src/crypto/index.ts';
import { MSSL_OPERATIONS } from '../../src/services/mssl.ts';
import { CONTACT, codeOf, csrFor, pvRequest, raw, T0, type World, world } from './mssl-helpers.ts';

let w: World;
let dir: string;
const DAY = 86_400_000;
const SAN = { OptionName: 'SAN', OptionValue: 'true' };

beforeAll(async () => {
  w = await world({ asyncDelayMs: 60_000 });
  dir = mkdtempSync(join(tmpdir(), 'gsk-mssl-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function order(cn: string, extra: Parameters<typeof pvRequest>[2] = {}) {
  return w.mssl.pvOrder(pvRequest(w.sim, await csrFor(await w.key(), cn), extra));
}

describe('PVOrder', () => {
  it('issues a TLS certificate with the profile subject, SANs and serverAuth that openssl verifies', async () => {
    const res = await order('www.example.com', {
      Options: [SAN],
      SANEntries: [
        { SANOptionType: '2', SubjectAltName: 'api.example.com' },
        { SANOptionType: '3', SubjectAltName: '203.0.113.7' },
      ],
    });
    expect(res.warnings).toEqual([]);
    const f = res.PVOrderDetail!.Fulfillment!;
    const cert = parseCertificate(f.ServerCertificate!.X509Cert);
    expect(cert.subject.CN).toBe('www.example.com');
    expect(cert.subject.O).toBe('Example Ltd');
    expect(cert.sans).toEqual([
      { type: 'dns', value: 'www.example.com' },
      { type: 'dns', value: 'api.example.com' },
      { type: 'ip', value: '203.0.113.7' },
    ]);
    expect(cert.extendedKeyUsage).toEqual(['serverAuth', 'clientAuth']);
    expect(cert.notAfter.getTime() - cert.notBefore.getTime()).toBe(366 * DAY);
    const [inter, root] = f.CACertificates!.map((c) => c.CACert);
    writeFileSync(join(dir, 'leaf.pem'), cert.pem);
    writeFileSync(join(dir, 'inter.pem'), inter!);
    writeFileSync(join(dir, 'root.pem'), root!);
    const out = execFileSync('openssl', [
      'verify',
      '-attime',
      String(T0.getTime() / 1000 + 60),
      '-purpose',
      'sslserver',
      '-CAfile',
      join(dir, 'root.pem'),
      '-untrusted',
      join(dir, 'inter.pem'),
      join(dir, 'leaf.pem'),
    ]).toString();
    expect(out).toContain('OK');
  });

  it('ASYNC_ORDER answers at once and issues once the clock passes asyncDelayMs', async () => {
    const res = await order('async.example.com', { Options: [{ OptionName: 'ASYNC_ORDER', OptionValue: 'true' }] });
    expect(res.PVOrderDetail).toBeUndefined();
    const poll = () =>
      w.query.getOrderByOrderId({ OrderID: res.OrderID!, OrderQueryOption: { ReturnCertificateInfo: 'true' } });
    expect((await poll()).OrderDetail!.OrderInfo.OrderStatus).toBe('1');
    w.sim.clock.advance(30_000);
    expect((await poll()).OrderDetail!.OrderInfo.OrderStatus).toBe('1');
    w.sim.clock.advance(30_001);
    const done = await poll();
    expect(done.OrderDetail!.OrderInfo.OrderStatus).toBe('4');
    expect(done.OrderDetail!.CertificateInfo!.CommonName).toBe('async.example.com');
    const names = done.OrderDetail!.ModificationEvents!.map((e) => e.ModificationEventName);
    expect(names).toEqual(['ORDER_REQUEST', 'CERT_ISSUE']);
  });

  it('a name flagged for phishing answers SuccessCode 1 and waits in status 2 until cleared', async () => {
    w.sim.admin.flagPhishing('login.example.com');
    const res = await order('login.example.com');
    expect(res.warnings.length).toBe(1);
    expect(res.PVOrderDetail).toBeUndefined();
    const q = await w.query.getOrderByOrderId({ OrderID: res.OrderID! });
    expect(q.OrderDetail!.OrderInfo.OrderStatus).toBe('2');
    await w.sim.admin.clearPhishing(res.OrderID!);
    expect((await w.query.getOrderByOrderId({ OrderID: res.OrderID! })).OrderDetail!.OrderInfo.OrderStatus).toBe('4');
  });

  it('accepts a wildcard CN with BaseOption wildcard, refuses it otherwise (-105) and for EV (-9444)', async () => {
    const res = await order('*.shop.example.com', { BaseOption: 'wildcard' });
    expect(parseCertificate(res.PVOrderDetail!.Fulfillment!.ServerCertificate!.X509Cert).subject.CN).toBe(
      '*.shop.example.com',
    );
    const csr = await csrFor(await w.key(), '*.x.example.com');
    expect((await raw(w.sim, MSSL_OPERATIONS.PVOrder, pvRequest(w.sim, csr))).header.Errors?.[0]?.ErrorCode).toBe(
      '-105',
    );
    const ev = pvRequest(w.sim, await csrFor(await w.key(), '*.example.org'), {
      ProductCode: 'PEV_SHA2',
      MSSLProfileID: String(w.sim.defaults.msslEvProfileId),
      MSSLDomainID: String(w.sim.defaults.msslEvDomainId),
    });
    expect((await raw(w.sim, MSSL_OPERATIONS.PVOrder, ev)).header.Errors?.[0]?.ErrorCode).toBe('-9444');
  });

  it('issues EV under the EV profile and refuses EV products under an OV profile (-9450)', async () => {
    const csr = await csrFor(await w.key(), 'secure.example.org');
    const ok = await w.mssl.pvOrder(
      pvRequest(w.sim, csr, {
        ProductCode: 'PEV_SHA2',
        MSSLProfileID: String(w.sim.defaults.msslEvProfileId),
        MSSLDomainID: String(w.sim.defaults.msslEvDomainId),
      }),
    );
    expect(parseCertificate(ok.PVOrderDetail!.Fulfillment!.ServerCertificate!.X509Cert).subject.O).toBe(
      'Example EV Ltd',
    );
    expect(await codeOf(order('www2.example.com', { ProductCode: 'PEV_SHA2' }))).toBe('-9450');
  });

  it('refuses a CN outside the domain (-4083), unknown profile (-9401) and domain (-9440)', async () => {
    expect(await codeOf(order('www.other.test'))).toBe('-4083');
    expect(await codeOf(order('a.example.com', { MSSLProfileID: 'MPNOPE' }))).toBe('-9401');
    expect(await codeOf(order('a.example.com', { MSSLDomainID: 'DSMSNOPE' }))).toBe('-9440');
  });

  it('refuses a domain of another account (-9443) and an expired domain (-9443)', async () => {
    const admin = w.sim.admin;
    admin.addAccount({ username: 'other', password: 'other-password' });
    const p = admin.addMsslProfile({ owner: 'other' });
    const d = admin.addMsslDomain({ profileId: p.id, name: 'other.test' });
    expect(await codeOf(order('a.example.com', { MSSLDomainID: d.id }))).toBe('-9443');
    const own = admin.addMsslDomain({ profileId: String(w.sim.defaults.msslProfileId), name: 'short.test' });
    own.expirationDate = new Date(w.sim.clock.now().getTime() - 1);
    expect(await codeOf(order('www.short.test', { MSSLDomainID: own.id }))).toBe('-9443');
  });

  it('refuses a key used for another CN (-6007) but takes it again for the same CN', async () => {
    const keys = await w.key();
    await w.mssl.pvOrder(pvRequest(w.sim, await csrFor(keys, 'reuse.example.com')));
    await w.mssl.pvOrder(pvRequest(w.sim, await csrFor(keys, 'reuse.example.com')));
    expect(await codeOf(w.mssl.pvOrder(pvRequest(w.sim, await csrFor(keys, 'other.example.com'))))).toBe('-6007');
  });

  it('applies the SAN rules: count (-6017), type per product (-101), IP and UC values (-9444), domain (-4083)', async () => {
    const csr = await csrFor(await w.key(), 'sans.example.com');
    const many = Array.from({ length: 501 }, (_, i) => ({ SANOptionType: '2', SubjectAltName: `h${i}.example.com` }));
    const async = [SAN, { OptionName: 'ASYNC_ORDER', OptionValue: 'true' }];
    const code = async (extra: Parameters<typeof pvRequest>[2]) =>
      (await raw(w.sim, MSSL_OPERATIONS.PVOrder, pvRequest(w.sim, csr, extra))).header.Errors?.[0]?.ErrorCode;
    expect(await code({ Options: async, SANEntries: many })).toBe('-6017');
    expect(await code({ Options: [SAN], SANEntries: [{ SANOptionType: '4', SubjectAltName: 'intranet' }] })).toBe(
      '-101',
    );
    expect(await code({ Options: [SAN], SANEntries: [{ SANOptionType: '3', SubjectAltName: '10.0.0.1' }] })).toBe(
      '-9444',
    );
    expect(
      await code({ Options: [SAN], SANEntries: [{ SANOptionType: '1', SubjectAltName: 'www.example.com' }] }),
    ).toBe('-9444');
    expect(await code({ Options: [SAN], SANEntries: [{ SANOptionType: '2', SubjectAltName: 'a.other.test' }] })).toBe(
      '-4083',
    );
  });

  it('applies the validity rules: -9933, -9949, -9987 (OV renewal bonus), -101 months, -9901 product rights', async () => {
    const vpc = [{ OptionName: 'VPC', OptionValue: 'true' }];
    const at = (days: number) => new Date(w.sim.clock.now().getTime() + days * DAY).toISOString();
    const csr = await csrFor(await w.key(), 'valid.example.com');
    const code = async (extra: Parameters<typeof pvRequest>[2]) =>
      (await raw(w.sim, MSSL_OPERATIONS.PVOrder, pvRequest(w.sim, csr, extra))).header.Errors?.[0]?.ErrorCode;
    expect(await code({ Options: vpc, NotAfter: at(400) })).toBe('-9933');
    expect(await code({ Options: vpc, Months: '24', NotAfter: at(900) })).toBe('-9949');
    expect(await code({ Months: '36' })).toBe('-101');
    const first = await order('renew.example.com', { Months: '24' });
    w.sim.clock.advance(700 * DAY); // 31 days left, +30 REX: 731 + 31 + 30 = 792 days
    w.sim.admin.approveMsslDomain(String(w.sim.defaults.msslDomainId));
    const renewal = { OrderKind: 'renewal', RenewalTargetOrderID: first.OrderID!, Months: '24' };
    const rex = [{ OptionName: 'REX', OptionValue: 'true' }];
    const ok = await order('renew.example.com', { ...renewal, Options: rex });
    const days =
      (Date.parse(ok.PVOrderDetail!.CertificateInfo!.EndDate) -
        Date.parse(ok.PVOrderDetail!.CertificateInfo!.StartDate)) /
      DAY;
    expect(days).toBe(792);
    expect(await codeOf(order('renew.example.com', { ...renewal, Options: rex }))).toBe('-6102'); // renewed already
    const second = await order('renew2.example.com', { Months: '24' });
    w.sim.clock.advance(660 * DAY); // 71 days left: 731 + 71 + 30 = 832 > 825
    w.sim.admin.approveMsslDomain(String(w.sim.defaults.msslDomainId));
    const over = { OrderKind: 'renewal', RenewalTargetOrderID: second.OrderID!, Months: '24', Options: rex };
    expect(await codeOf(order('renew2.example.com', over))).toBe('-9987');
    w.sim.admin.setMsslRights(String(w.sim.defaults.username), ['OrganizationSSL', 'ExtendedSSL']);
    expect(await codeOf(order('cloud.example.com', { ProductCode: 'PV_CLOUD' }))).toBe('-9901');
    w.sim.admin.setMsslRights(String(w.sim.defaults.username));
  });
});

describe('PVOrderWithoutCSR', () => {
  it('makes the key and returns a PKCS#12 (through GetOrderByOrderID) that opens with the Pin', async () => {
    const res = await w.mssl.pvOrderWithoutCsr({
      OrderRequestParameterWithoutCSR: {
        ProductCode: 'PV_INTRA_SKIP_SHA2',
        OrderKind: 'new',
        Licenses: '1',
        ValidityPeriod: { Months: '12' },
        Pin: 'correct-horse-battery',
        KeyLength: '2048',
      },
      MSSLProfileID: String(w.sim.defaults.msslProfileId),
      MSSLDomainID: String(w.sim.defaults.msslDomainId),
      OVCSRInfo: { CommonName: 'intra.example.com' },
      ContactInfo: CONTACT,
    });
    const q = await w.query.getOrderByOrderId({ OrderID: res.OrderId!, OrderQueryOption: { ReturnPKCS12: 'true' } });
    const p12 = q.OrderDetail!.Fulfillment!.PKCS12Cert!;
    const opened = await openPkcs12(p12, 'correct-horse-battery');
    expect(parseCertificate(opened.certificates[0]!.der).subject.CN).toBe('intra.example.com');
    expect(opened.keys.map((k) => k.algorithm)).toEqual(['RSA']);
    const del = await w.query.deletePkcs12({ OrderId: res.OrderId! });
    expect(del.OrderId).toBe(res.OrderId);
    expect(await codeOf(w.query.deletePkcs12({ OrderId: res.OrderId! }))).toBe('-9938');
  }, 30_000);
});

describe('ModifyMSSLOrder', () => {
  it('cancels within 7 days (status 5), not after (-9938), not twice (-9915)', async () => {
    const a = await order('c1.example.com');
    await w.mssl.modifyMsslOrder({ OrderID: a.OrderID!, ModifyOrderOperation: 'CANCEL' });
    expect((await w.query.getOrderByOrderId({ OrderID: a.OrderID! })).OrderDetail!.OrderInfo.OrderStatus).toBe('5');
    expect(await codeOf(w.mssl.modifyMsslOrder({ OrderID: a.OrderID!, ModifyOrderOperation: 'CANCEL' }))).toBe('-9915');
    const b = await order('c2.example.com');
    w.sim.clock.advance(7 * DAY + 1000);
    expect(await codeOf(w.mssl.modifyMsslOrder({ OrderID: b.OrderID!, ModifyOrderOperation: 'CANCEL' }))).toBe('-9938');
  });

  it('revokes (status 7, key then refused with -9940), and approves held orders', async () => {
    const keys = await w.key();
    const a = await w.mssl.pvOrder(pvRequest(w.sim, await csrFor(keys, 'rv.example.com')));
    await w.mssl.modifyMsslOrder({ OrderID: a.OrderID!, ModifyOrderOperation: 'REVOKE' });
    expect((await w.query.getOrderByOrderId({ OrderID: a.OrderID! })).OrderDetail!.OrderInfo.OrderStatus).toBe('7');
    expect(await codeOf(w.mssl.pvOrder(pvRequest(w.sim, await csrFor(keys, 'rv.example.com'))))).toBe('-9940');
    expect(await codeOf(w.mssl.modifyMsslOrder({ OrderID: 'MSNOPE', ModifyOrderOperation: 'REVOKE' }))).toBe('-9916');
    w.sim.admin.requireOrderApproval(String(w.sim.defaults.username), true);
    const held = await order('held.example.com');
    expect(held.PVOrderDetail).toBeUndefined();
    await w.mssl.modifyMsslOrder({ OrderID: held.OrderID!, ModifyOrderOperation: 'APPROVE' });
    w.sim.admin.requireOrderApproval(String(w.sim.defaults.username), false);
    const q = await w.query.getOrderByOrderId({ OrderID: held.OrderID! });
    expect(q.OrderDetail!.OrderInfo.OrderStatus).toBe('4');
    expect(await codeOf(w.mssl.modifyMsslOrder({ OrderID: held.OrderID!, ModifyOrderOperation: 'APPROVE' }))).toBe(
      '-9938',
    );
  });
});

describe('ChangeSubjectAltName', () => {
  it('issues a new certificate with the new SANs on a new order that points at the old one', async () => {
    const a = await order('san.example.com');
    const res = await w.mssl.changeSubjectAltName({
      OrderID: a.OrderID!,
      SANEntries: [{ SANOptionType: '2', SubjectAltName: 'extra.example.com' }],
    });
    expect(res.TargetOrderID).toBe(a.OrderID);
    const q = await w.query.getOrderByOrderId({
      OrderID: res.OrderID!,
      OrderQueryOption: { ReturnFulfillment: 'true' },
    });
    const cert = parseCertificate(q.OrderDetail!.Fulfillment!.ServerCertificate!.X509Cert);
    expect(cert.sans.map((s) => s.value)).toEqual(['san.example.com', 'extra.example.com']);
    expect(q.OrderDetail!.OrderInfo.OriginalOrderIDForReIssue).toBe(a.OrderID);
    const bad = [{ SANOptionType: '2', SubjectAltName: 'x.other.test' }];
    expect(await codeOf(w.mssl.changeSubjectAltName({ OrderID: a.OrderID!, SANEntries: bad }))).toBe('-4083');
  });
});

describe('rights and access', () => {
  it('answers -9403 for an account without MSSL rights and -4001 for bad credentials', async () => {
    w.sim.admin.addAccount({ username: 'norights', password: 'pw-norights' });
    const creds = { username: 'norights', password: 'pw-norights' };
    const res = await raw(w.sim, MSSL_OPERATIONS.GetMSSLProfiles, {}, creds);
    expect(res.header.Errors?.[0]?.ErrorCode).toBe('-9403');
    const bad = await raw(w.sim, MSSL_OPERATIONS.GetMSSLProfiles, {}, { ...creds, password: 'wrong' });
    expect(bad.header.Errors?.[0]?.ErrorCode).toBe('-4001');
    // The client refuses an empty MSSLProfileID before sending (field table); the simulator's own answer, raw:
    const empty = pvRequest(w.sim, await csrFor(await w.key(), 'a.example.com'), { MSSLProfileID: '' });
    const err = await raw(w.sim, MSSL_OPERATIONS.PVOrder, empty);
    expect(err.header.Errors?.[0]?.ErrorCode).toMatch(/^-(102|9401)$/);
  });
});
