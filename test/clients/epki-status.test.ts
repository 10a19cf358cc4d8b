// EpkiClient adds the guide's status names to its answers, as the MSSL and Query clients do: on a stub answering
// every listed value and an unlisted one, and on the simulator's real orders and profiles.
import { describe, expect, it } from 'vitest';
import { EpkiClient } from '../../src/clients/epki.ts';
import { createCsr, generateKeyPair } from '../../src/crypto/index.ts';
import { EPKI_CERTIFICATE_STATUS, EPKI_ORDER_STATUS, EPKI_PROFILE_STATUS } from '../../src/services/epki-status.ts';
import { createSimulator } from '../../src/simulator/index.ts';
import { client, stubFetch } from './epki-helpers.ts';

const info = (OrderNo: string, OrderStatus: string) => ({
  OrderNo,
  OrderStatus,
  ProductCode: 'EPKIPSPersonal',
  ProfileNo: 'MP1',
  LicenseNo: 'L1',
  RequestDate: '2024-01-01T00:00:00.000+09:00',
  OrderDate: '2024-01-01',
  IssueDate: '2024-01-01',
  ValidityPeriod: { NotBefore: '2024-01-01', NotAfter: '2025-01-01' },
});
const cert = (CertificateStatus: string) => ({
  CertificateStatus,
  SerialNumber: '01',
  StartDate: '2024-01-01',
  EndDate: '2025-01-01',
  Email: 'alice@example.com',
  CommonName: 'Alice',
  OrganizationUnits: ['Research'],
  Organization: 'Example',
  Locality: 'Leuven',
  State: 'Vlaams-Brabant',
  Country: 'BE',
});

describe('EpkiClient status names', () => {
  it('every listed order and certificate status is named; an unlisted one keeps its value and gets no name', async () => {
    const orders = [...EPKI_ORDER_STATUS, 'NOT_IN_THE_GUIDE'].map((s, i) => ({
      OrderInfo: info(`CE${i}`, s),
      CrCertificateInfo: cert(EPKI_CERTIFICATE_STATUS[i % EPKI_CERTIFICATE_STATUS.length] ?? 'NONE'),
    }));
    orders.push({ OrderInfo: info('CE99', 'ISSUED'), CrCertificateInfo: cert('REVOKE_SOMEDAY') });
    const stub = stubFetch(() => ({ body: { TotalCount: orders.length, OrderDetails: orders } }));
    const res = await client(stub).getOrders({ OrderQueryParam: { ProductCode: 'EPKIPSPersonal' } });
    const got = res.OrderDetails ?? [];
    expect(got).toHaveLength(orders.length);
    for (const [i, o] of got.entries()) {
      const listed = (EPKI_ORDER_STATUS as readonly string[]).includes(o.OrderInfo.OrderStatus);
      expect(o.OrderInfo.OrderStatus).toBe(orders[i]?.OrderInfo.OrderStatus);
      expect(o.OrderInfo.OrderStatusName).toBe(listed ? o.OrderInfo.OrderStatus : undefined);
    }
    expect(got.at(-2)?.OrderInfo).not.toHaveProperty('OrderStatusName');
    expect(got.at(-1)?.CrCertificateInfo).toMatchObject({ CertificateStatus: 'REVOKE_SOMEDAY' });
    expect(got.at(-1)?.CrCertificateInfo).not.toHaveProperty('CertificateStatusName');
    expect(got.slice(0, EPKI_CERTIFICATE_STATUS.length).map((o) => o.CrCertificateInfo?.CertificateStatusName)).toEqual(
      [...EPKI_CERTIFICATE_STATUS],
    );
  });

  it('on the simulator: an issued order, a revoked one and the profile are named', async () => {
    const sim = await createSimulator();
    const epki = new EpkiClient({ ...sim.defaults, endpoint: 'test', fetch: sim.fetch });
    const csr = await createCsr({
      keys: await generateKeyPair('RSA-2048'),
      subject: { CN: 'Alice', E: 'alice@example.com' },
      sans: [{ type: 'email', value: 'alice@example.com' }],
    });
    const { OrderID } = await epki.orderAndIssueCertificate({
      ProfileID: sim.defaults.epkiProfileId,
      ProductCode: 'EPKIPSPersonal',
      Year: 1,
      CSR: csr.pem,
      SANRFC822EmailAddress: 'alice@example.com',
      DnAttributes: { CommonName: 'Alice', Email: 'alice@example.com' },
    });
    const read = async () =>
      (await epki.getOrderByOrderId({ OrderNo: OrderID, OrderQueryOption: { ReturnCertificateInfo: true } }))
        .OrderDetail;
    const issued = await read();
    expect(issued?.OrderInfo).toMatchObject({ OrderStatus: 'ISSUED', OrderStatusName: 'ISSUED' });
    expect(issued?.CrCertificateInfo).toMatchObject({ CertificateStatus: 'ISSUED', CertificateStatusName: 'ISSUED' });
    await epki.revoke({ OrderID });
    const revoked = await read();
    expect(EPKI_CERTIFICATE_STATUS).toContain(revoked?.CrCertificateInfo?.CertificateStatusName);
    expect(revoked?.CrCertificateInfo?.CertificateStatusName).toMatch(/^REVOKE/);
    const profiles = await epki.getProfiles();
    const profile = profiles.ProfileDetails?.find((p) => p.ProfileInfo.ProfileOrderNo === sim.defaults.epkiProfileId);
    expect(profile?.ProfileInfo).toMatchObject({ ProfileOrderState: 'VALIDATED', ProfileOrderStateName: 'VALIDATED' });
    expect(EPKI_PROFILE_STATUS).toContain(profile?.ProfileInfo.ProfileOrderStateName);
  });
});
