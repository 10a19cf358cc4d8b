// Valid sample requests for the 13 EPKI operations (wire names, every field in use at least once), shared by the
// golden-file generator and the tests. Values are fake; the CSR is a placeholder string (not parsed by the client).
export const CSR = '-----BEGIN CERTIFICATE REQUEST-----\r\nMIIBfake\r\n-----END CERTIFICATE REQUEST-----';

const person = {
  ProfileID: 'MP20240101001',
  ProductCode: 'EPKIPSPersonal',
  Year: 1,
  EFSOption: false,
  UPN: 'alice@example.com',
  SID: 'S-1-5-21-1004',
  SANRFC822EmailAddress: 'alice@example.com',
  DnAttributes: {
    CommonName: 'Alice Example',
    OrganizationUnit: ['Sales', 'EMEA'],
    GivenName: 'Alice',
    SurName: 'Example',
    Email: 'alice@example.com',
  },
  SubscriberEmailAddress: 'alice@example.com',
  EmailLanguage: 'en',
  Extensions: [{ Name: 'Ext1', Value: 'V&1' }],
};

export const EPKI_SAMPLES: Readonly<Record<string, Record<string, unknown>>> = {
  OrderAndIssueCertificate: {
    ...person,
    CSR,
    PickupPassword: 'Pickup12345',
    CertificateTemplate: { Template: 'SMIME', MajorVersion: '1', MinorVersion: '0' },
  },
  OrderPkcs12: { ...person, PKCS12PIN: 'AUTOGEN', Renew: true },
  OrderCertificate: {
    ...person,
    HasCSR: true,
    PKCS12Option: false,
    HasFortify: false,
    PickupPassword: 'Pickup12345',
  },
  OrderDS: {
    ProfileOrderNo: 'MP20240101002',
    ProductCode: 'ePkiDSAATL',
    IssueType: 'REGISTER',
    Year: 2,
    PickupPassword: 'Pickup12345',
    DnAttributes: { CommonName: 'Bob Signer', Email: 'bob@example.com' },
    SubscriberEmailAddress: 'bob@example.com',
    EmailLanguage: 'ja',
  },
  Cancel: { OrderID: 'CE20240101000001' },
  Reissue: { TargetOrderID: 'CE20240101000001', PickupPassword: 'Pickup12345', PKCS12Option: true, HasFortify: false },
  ReissueCertificate: {
    TargetOrderID: 'CE20240101000001',
    ReissueRegisterInfo: {
      SubscriberEmailAddress: 'alice@example.com',
      PickupPassword: 'Pickup12345',
      HasFortify: false,
    },
  },
  Revoke: { OrderID: 'CE20240101000001' },
  Suspendrenewal: { DNSerialNumber: 'DN0001' },
  Resumerenewal: { DNSerialNumber: 'DN0001' },
  GetOrderByOrderId: {
    OrderNo: 'CE20240101000001',
    OrderQueryOption: { ReturnCertificateInfo: true, ReturnFulfillment: true, ReturnP7: true, ReturnModEvents: false },
  },
  GetOrders: {
    OrderQueryParam: {
      ProductCode: 'EPKIPSPersonal',
      ProfileOrderNo: 'MP20240101001',
      LicenseOrderNo: 'LI0001',
      OrderState: 'ISSUED',
      CertState: 'ISSUED',
      RequestDateFrom: '2024-01-01',
      RequestDateTo: '2024-01-31T23:59:59.999Z',
      IssueDateFrom: '2024-01-01T00:00:00',
      IssueDateTo: '2024-01-31Z',
      CommonName: 'Alice Example',
    },
    OrdersQueryOption: { ReturnCertificateInfo: true, ReturnFulfillment: false },
  },
  GetProfiles: {
    ProfileQueryParam: {
      ProfileOrderNo: 'MP20240101001',
      ProfileOrderState: 'VALIDATED',
      RequestDateFrom: '2023-01-01T00:00:00.000Z',
      RequestDateTo: '2024-12-31',
      IssueDateFrom: '2023-01-01',
      IssueDateTo: '2024-12-31',
      Locality: 'Portsmouth',
      StateOrProvince: 'New Hampshire',
      Organization: 'Example Inc',
      OrganizationUnit: ['Sales', 'EMEA'],
      ContractorUserId: 'PAR12345_admin',
    },
  },
};

export const CREDENTIALS = { username: 'PAR12345_api', password: 'S3cret&Pass' };
