// The simulator's EPKI service end to end through the real EpkiClient: real certificates from the local CA
// (checked with openssl), enrollments, cancel/revoke/reissue, renewals, queries and their caps, and the errors.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EpkiClient } from '../../src/clients/epki.ts';
import { createCsr, generateKeyPair, type KeyPairInfo, openPkcs12, parseCertificate } from '../../src/crypto/index.ts';
import { type GlobalSignApiError, isGlobalSignApiError } from '../../src/errors.ts';
import { createSimulator, type Simulator } from '../../src/simulator/index.ts';

let sim: Simulator;
let epki: EpkiClient;
let rsa: KeyPairInfo;
let dir: string;
const ALICE = 'alice@example.com';

async function csrFor(email: string, keys = rsa): Promise<string> {
  return (await createCsr({ keys, subject: { CN: 'Alice', E: email }, sans: [{ type: 'email', value: email }] })).pem;
}

function smime(csr: string, email = ALICE) {
  return {
    ProfileID: sim.defaults.epkiProfileId,
    ProductCode: 'EPKIPSPersonal' as const,
    Year: 1 as const,
    CSR: csr,
    SANRFC822EmailAddress: email,
    DnAttributes: { CommonName: 'Alice Example', Email: email },
  };
}

async function apiError(p: Promise<unknown>): Promise<GlobalSignApiError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(isGlobalSignApiError(e)).toBe(true);
  return e as GlobalSignApiError;
}

beforeAll(async () => {
  sim = await createSimulator({ clock: () => new Date('2026-03-01T10:00:00Z') });
  epki = new EpkiClient({ ...sim.defaults, endpoint: 'http://simulator.invalid', fetch: sim.fetch, retries: 0 });
  rsa = await generateKeyPair('RSA-2048');
  dir = mkdtempSync(join(tmpdir(), 'gsk-sim-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('OrderAndIssueCertificate', () => {
  it('issues a real S/MIME certificate that openssl verifies against the simulator CA', async () => {
    const res = await epki.orderAndIssueCertificate(smime(await csrFor(ALICE)));
    expect(res.OrderID).toMatch(/^CE/);
    expect(res.warnings).toEqual([]);
    const cert = parseCertificate(res.CERT);
    expect(cert.subject.CN).toBe('Alice Example');
    expect(cert.subject.O).toBe('Example Ltd');
    expect(cert.sans).toEqual([{ type: 'email', value: ALICE }]);
    expect(cert.extendedKeyUsage).toContain('emailProtection');
    expect(cert.notAfter.getTime() - cert.notBefore.getTime()).toBe(366 * 86_400_000);
    const [int, root] = sim.admin.caCertificates().rsa;
    writeFileSync(join(dir, 'leaf.pem'), cert.pem);
    writeFileSync(join(dir, 'int.pem'), int!);
    writeFileSync(join(dir, 'root.pem'), root!);
    const out = execFileSync(
      'openssl',
      ['verify', '-purpose', 'smimesign', '-CAfile', 'root.pem', '-untrusted', 'int.pem', 'leaf.pem'],
      { cwd: dir },
    );
    expect(out.toString()).toContain('leaf.pem: OK');
  });

  it('answers the chain too when set to PKCS#7, which the client decodes', async () => {
    const p7 = await createSimulator({ epkiCertFormat: 'pkcs7' });
    const client = new EpkiClient({ ...p7.defaults, endpoint: 'http://sim', fetch: p7.fetch });
    const res = await client.orderAndIssueCertificate({
      ...smime(await csrFor(ALICE)),
      ProfileID: p7.defaults.epkiProfileId,
    });
    const decoded = EpkiClient.decodeCertificate(res.CERT);
    expect(decoded.certificate.subject.E).toBe(ALICE);
    expect(decoded.chain.map((c) => c.subject.CN)).toEqual(['Simulator Issuing CA RSA', 'Simulator Root CA RSA']);
  });

  it('refuses an ECDSA key (-4007), an unapproved email domain (-11001), an unknown profile (-9301)', async () => {
    const ec = await generateKeyPair('P-256');
    expect((await apiError(epki.orderAndIssueCertificate(smime(await csrFor(ALICE, ec))))).errorCodes).toEqual([
      '-4007',
    ]);
    const other = 'bob@elsewhere.test';
    expect((await apiError(epki.orderAndIssueCertificate(smime(await csrFor(other), other)))).errorCodes).toEqual([
      '-11001',
    ]);
    const e = await apiError(epki.orderAndIssueCertificate({ ...smime(await csrFor(ALICE)), ProfileID: 'PF-none' }));
    expect(e.errorCodes).toEqual(['-9301']);
    expect(e.errors[0]?.explanation).toMatch(/ProfileID/);
  });

  it('consumes licenses and refuses when none are left (-9303)', async () => {
    sim.admin.setLicenses(sim.defaults.epkiProfileId, 'EPKIPSDept', 2, 1);
    const req = { ...smime(await csrFor(ALICE)), ProductCode: 'epkipsdept' as never, Year: 2 as const };
    const first = await epki.orderAndIssueCertificate(req);
    expect(parseCertificate(first.CERT).notAfter.getTime() - parseCertificate(first.CERT).notBefore.getTime()).toBe(
      731 * 86_400_000,
    );
    expect((await apiError(epki.orderAndIssueCertificate(req))).errorCodes).toEqual(['-9303']);
  });
});

describe('OrderPkcs12', () => {
  it('makes the key, and AUTOGEN returns the password that opens the PKCS#12', async () => {
    const res = await epki.orderPkcs12({
      ProfileID: sim.defaults.epkiProfileId,
      PKCS12PIN: 'AUTOGEN',
      ProductCode: 'EPKIPSPersonal',
      Year: 1,
      SANRFC822EmailAddress: ALICE,
      DnAttributes: { CommonName: 'Alice P12', Email: ALICE },
    });
    expect(res.PKCS12Password).toMatch(/^[A-Za-z0-9]{16}$/);
    const p12 = await openPkcs12(res.BASE64PKCS12, res.PKCS12Password!);
    expect(p12.certificates.length).toBe(3);
    const leaf = parseCertificate(p12.keys[0]!.certificate!.der);
    expect(leaf.subject.CN).toBe('Alice P12');
    expect(leaf.sans).toEqual([{ type: 'email', value: ALICE }]);
  });
});

describe('enrollments, cancel, revoke, reissue, renewal', () => {
  it('OrderCertificate stays REQUESTED until completed, then GetOrderByOrderId returns certificate and PKCS#7', async () => {
    const { OrderID } = await epki.orderCertificate({
      ProfileID: sim.defaults.epkiProfileId,
      ProductCode: 'EPKIPSPersonal',
      Year: 1,
      SANRFC822EmailAddress: ALICE,
      DnAttributes: { CommonName: 'Alice Enrolled', Email: ALICE },
      PickupPassword: 'Pickup1234',
    });
    const before = await epki.getOrderByOrderId({ OrderNo: OrderID });
    expect(before.OrderDetail?.OrderInfo.OrderStatus).toBe('REQUESTED');
    await sim.admin.completeEnrollment(OrderID, { csr: await csrFor(ALICE) });
    const after = await epki.getOrderByOrderId({
      OrderNo: OrderID,
      OrderQueryOption: { ReturnCertificateInfo: true, ReturnFulfillment: true, ReturnModEvents: true },
    });
    expect(after.OrderDetail?.OrderInfo.OrderStatus).toBe('ISSUED');
    expect(after.OrderDetail?.CrCertificateInfo?.CommonName).toBe('Alice Enrolled');
    const decoded = EpkiClient.decodeCertificate(after.OrderDetail!.Fulfillment!.CrCertificate.PKCS7Cert!);
    expect(decoded.chain).toHaveLength(2);
    expect(after.OrderDetail?.ModificationEvents?.map((e) => e.ModificationEventName)).toEqual(['ORDERED', 'ISSUED']);
  });

  it('cancels a pending order once (-9915 the second time) and revokes an issued one (-9969 twice)', async () => {
    const pending = await epki.orderCertificate({
      ProfileID: sim.defaults.epkiProfileId,
      ProductCode: 'EPKIPSPersonal',
      Year: 1,
      SANRFC822EmailAddress: ALICE,
      DnAttributes: { CommonName: 'To Cancel', Email: ALICE },
      PickupPassword: 'Pickup1234',
    });
    await epki.cancel({ OrderID: pending.OrderID });
    expect((await apiError(epki.cancel({ OrderID: pending.OrderID }))).errorCodes).toEqual(['-9915']);
    const issued = await epki.orderAndIssueCertificate(smime(await csrFor(ALICE)));
    const revoked = await epki.revoke({ OrderID: issued.OrderID });
    expect(revoked.OrderID).toBe(issued.OrderID);
    expect((await apiError(epki.revoke({ OrderID: issued.OrderID }))).errorCodes).toEqual(['-9969']);
    expect((await apiError(epki.cancel({ OrderID: 'CE-unknown' }))).errorCodes).toEqual(['-9916']);
  });

  it('ReissueCertificate with a new CSR issues at once and marks the target REISSUED', async () => {
    const issued = await epki.orderAndIssueCertificate(smime(await csrFor(ALICE)));
    const fresh = await generateKeyPair('RSA-2048');
    const re = await epki.reissueCertificate({
      TargetOrderID: issued.OrderID,
      ReissueCertInfo: { CSR: await csrFor(ALICE, fresh) },
    });
    expect(re.Type).toBe('Cert');
    expect(parseCertificate(re.CERT!).subject.CN).toBe('Alice Example');
    const target = await epki.getOrderByOrderId({ OrderNo: issued.OrderID });
    expect(target.OrderDetail?.OrderInfo.OrderStatus).toBe('REISSUED');
    const again = await epki.getOrderByOrderId({ OrderNo: re.OrderID });
    expect(again.OrderDetail?.OrderInfo.OriginalOrderIDForReIssue).toBe(issued.OrderID);
  });

  it('suspends and resumes renewal by DN serial number', async () => {
    const issued = await epki.orderAndIssueCertificate(smime(await csrFor(ALICE)));
    const info = await epki.getOrderByOrderId({
      OrderNo: issued.OrderID,
      OrderQueryOption: { ReturnCertificateInfo: true },
    });
    const serial = info.OrderDetail!.CrCertificateInfo!.DNSerialNumber!;
    expect(parseCertificate(issued.CERT).subject.SERIALNUMBER).toBe(serial);
    await epki.suspendRenewal({ DNSerialNumber: serial });
    expect((await apiError(epki.suspendRenewal({ DNSerialNumber: serial }))).errorCodes).toEqual(['-9969']);
    await epki.resumeRenewal({ DNSerialNumber: serial });
  });
});

describe('queries', () => {
  it('GetOrders filters by product, state and dates; over 1,000 matches is -9952', async () => {
    const all = await epki.getOrders({ OrderQueryParam: { ProductCode: 'EPKIPSPersonal', OrderState: 'ISSUED' } });
    expect(all.TotalCount).toBeGreaterThan(3);
    expect(all.OrderDetails?.every((d) => d.OrderInfo.OrderStatus === 'ISSUED')).toBe(true);
    const none = await epki.getOrders({
      OrderQueryParam: { ProductCode: 'EPKIPSPersonal', RequestDateTo: '2020-01-01' },
    });
    expect(none.TotalCount).toBe(0);
    const bulk = await createSimulator({ seed: 'bulk' });
    const client = new EpkiClient({ ...bulk.defaults, endpoint: 'http://sim', fetch: bulk.fetch });
    const order = {
      ProfileID: bulk.defaults.epkiProfileId,
      ProductCode: 'ePkiSmimeOnly' as const,
      Year: 1 as const,
      SANRFC822EmailAddress: ALICE,
      DnAttributes: { CommonName: 'Bulk', Email: ALICE },
      PickupPassword: 'Pickup1234',
    };
    for (let i = 0; i < 1001; i++) await client.orderCertificate(order);
    const e = await apiError(client.getOrders({ OrderQueryParam: { ProductCode: 'ePkiSmimeOnly' } }));
    expect(e.errorCodes).toEqual(['-9952']);
  });

  it('GetProfiles returns the seeded profile', async () => {
    const res = await epki.getProfiles({ ProfileQueryParam: {} });
    expect(res.TotalCount).toBe(1);
    expect(res.ProfileDetails?.[0]?.ProfileInfo.ProfileOrderNo).toBe(sim.defaults.epkiProfileId);
  });
});

describe('accounts and the wire', () => {
  it('a wrong password is -4001, a source IP off the allow-list is -9900', async () => {
    const bad = new EpkiClient({ ...sim.defaults, password: 'wrong', endpoint: 'http://sim', fetch: sim.fetch });
    expect((await apiError(bad.getProfiles({ ProfileQueryParam: {} }))).errorCodes).toEqual(['-4001']);
    const other = await createSimulator();
    other.admin.setAllowedIps(other.defaults.username, ['203.0.113.7']);
    const viaIp = (ip: string) =>
      new EpkiClient({
        ...other.defaults,
        endpoint: 'http://sim',
        fetch: (input, init) =>
          other.fetch(
            new Request(input, {
              ...init,
              headers: { ...Object.fromEntries(new Headers(init?.headers)), 'x-simulator-client-ip': ip },
            }),
          ),
      });
    expect((await apiError(viaIp('198.51.100.1').getProfiles({ ProfileQueryParam: {} }))).errorCodes).toEqual([
      '-9900',
    ]);
    expect((await viaIp('203.0.113.7').getProfiles({ ProfileQueryParam: {} })).TotalCount).toBe(1);
  });

  it('answers a SOAP Fault for XML it cannot read, and 404 for an unknown path', async () => {
    const res = await sim.fetch('http://sim/cr/ws/GasOrderService', { method: 'POST', body: '<not-xml' });
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('faultstring');
    expect((await sim.fetch('http://sim/nope', { method: 'POST', body: '' })).status).toBe(404);
  });

  // An element left out is a schema violation (a soap:Client fault, test/wire/strict.test.ts); a mandatory element
  // sent empty passes the schema and is the guide's -102.
  it('a mandatory field sent empty (raw, past the client) is -102 naming the field', async () => {
    const xml = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><ws:Cancel xmlns:ws="https://system.globalsign.com/cr/ws/"><Request><OrderRequestHeader><AuthToken><UserName>${sim.defaults.username}</UserName><Password>${sim.defaults.password}</Password></AuthToken></OrderRequestHeader><OrderID/></Request></ws:Cancel></soap:Body></soap:Envelope>`;
    const text = await (await sim.fetch('http://sim/cr/ws/GasOrderService', { method: 'POST', body: xml })).text();
    expect(text).toContain('<ErrorCode>-102</ErrorCode>');
    expect(text).toContain('<ErrorField>OrderID</ErrorField>');
  });
});
