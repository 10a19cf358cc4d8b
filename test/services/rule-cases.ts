// Requests for every MSSL / Query / Account rule: a valid one and broken variants with the fields they must name.
// Shared by the schema tests (test/services/rules.test.ts) and the client tests (nothing sent).

export type Req = Record<string, unknown>;

export const param = (over: Req = {}): Req => ({
  ProductCode: 'PV_SHA2',
  OrderKind: 'new',
  Licenses: '1',
  ValidityPeriod: { Months: '12' },
  CSR: '-----BEGIN CERTIFICATE REQUEST-----\nMIIBcsr\n-----END CERTIFICATE REQUEST-----',
  ...over,
});
export const order = (over: Req = {}, p: Req = {}): Req => ({
  OrderRequestParameter: param(p),
  MSSLProfileID: 'P1',
  MSSLDomainID: 'D1',
  ...over,
});
export const sans = (n: number, type = '7') =>
  Array.from({ length: n }, (_, i) => ({ SANOptionType: type, SubjectAltName: `h${i}.example.com` }));
export const opts = (...names: string[]) => names.map((OptionName) => ({ OptionName, OptionValue: 'true' }));
export const P = 'OrderRequestParameter';
export const W = 'OrderRequestParameterWithoutCSR';
export const auto = (over: Req = {}): Req => ({
  [W]: { ...param({ ProductCode: 'PV_INTRA_SKIP_SHA2', Pin: 'pin', KeyLength: '2048' }), CSR: undefined, ...over },
  MSSLProfileID: 'P1',
  MSSLDomainID: 'D1',
});
export const domain = (over: Req = {}): Req => ({
  MSSLProfileID: 'P1',
  DomainName: 'example.com',
  VettingLevel: 'OV',
  VettingType: 'DNS',
  DomainID: '',
  ApproverEmail: '',
  ...over,
});

// [operation, request, the fields its rules must name ([] = accepted)]
export const CASES: [string, Req, string[]][] = [
  ['PVOrder', order(), []],
  ['PVOrder', order({}, { ProductCode: 'XX' }), [`${P}.ProductCode`]],
  ['PVOrder', order({}, { BaseOption: 'wildcard', ProductCode: 'PEV_SHA2' }), [`${P}.BaseOption`]],
  ['PVOrder', order({}, { OrderKind: 'upgrade' }), [`${P}.OrderKind`]],
  ['PVOrder', order({}, { OrderKind: 'renewal' }), [`${P}.RenewalTargetOrderID`]],
  ['PVOrder', order({}, { ProductCode: 'PV_CLOUD', OrderKind: 'transfer' }), [`${P}.OrderKind`]],
  ['PVOrder', order({}, { Options: opts('REX'), ProductCode: 'PV_CLOUD' }), [`${P}.Options.0.OptionName`]],
  ['PVOrder', order({}, { ValidityPeriod: { Months: '3' } }), [`${P}.ValidityPeriod.Months`]],
  ['PVOrder', order({}, { ProductCode: 'PV_CLOUD', ValidityPeriod: { Months: '3' } }), []],
  [
    'PVOrder',
    order({}, { ValidityPeriod: { Months: '12', NotAfter: '2027-01-01' } }),
    [`${P}.ValidityPeriod.NotAfter`],
  ],
  [
    'PVOrder',
    order(
      {},
      { Options: opts('VPC'), ValidityPeriod: { Months: '12', NotBefore: '2027-02-01', NotAfter: '2027-01-01' } },
    ),
    [`${P}.ValidityPeriod.NotAfter`],
  ],
  ['PVOrder', order({ SANEntries: sans(2) }, { Options: opts('SAN') }), []],
  ['PVOrder', order({ SANEntries: sans(2) }), [`${P}.Options`]],
  ['PVOrder', order({ SANEntries: sans(101) }, { Options: opts('SAN') }), ['SANEntries']],
  ['PVOrder', order({ SANEntries: sans(101) }, { Options: opts('SAN', 'ASYNC_ORDER') }), []],
  ['PVOrder', order({ SANEntries: sans(501) }, { Options: opts('SAN', 'ASYNC_ORDER') }), ['SANEntries']],
  ['PVOrder', order({ SANEntries: sans(1, '4') }, { Options: opts('SAN') }), ['SANEntries.0.SANOptionType']],
  ['PVOrder', order({ SANEntries: sans(1, '5') }, { Options: opts('SAN') }), ['SANEntries.0.SANOptionType']],
  [
    'PVOrder',
    order({ MSSLDomainID: 'INTRANETSSLDOMAIN' }, { ProductCode: 'PV_INTRA_SHA2', BaseOption: 'private' }),
    [],
  ],
  ['PVOrder', order({}, { ProductCode: 'PV_INTRA_SHA2', BaseOption: 'private' }), ['MSSLDomainID']],
  ['PVOrder', order({ MSSLDomainID: 'INTRANETSSLDOMAIN' }, { ProductCode: 'PV_INTRA_SHA2' }), [`${P}.BaseOption`]],
  ['PVOrder', order({}, { ProductCode: 'PV_SHA2', BaseOption: 'private' }), [`${P}.BaseOption`]],
  ['PVOrder', order({ ContactInfo: { Country: 'XX' } }), ['ContactInfo.Country']],
  ['PVOrderWithoutCSR', auto(), []],
  ['PVOrderWithoutCSR', auto({ KeyLength: '1024' }), [`${W}.KeyLength`]],
  ['PVOrderWithoutCSR', auto({ Pin: '' }), [`${W}.Pin`]],
  ['PVOrderWithoutCSR', auto({ CSR: 'csr' }), [`${W}.CSR`]],
  ['PVOrderWithoutCSR', auto({ ProductCode: 'PV_INTRA_SHA2' }), [`${W}.ProductCode`]],
  ['ModifyMSSLOrder', { OrderID: 'O', ModifyOrderOperation: 'cancel' }, []],
  ['ModifyMSSLOrder', { OrderID: 'O', ModifyOrderOperation: 'DELETE' }, ['ModifyOrderOperation']],
  ['ChangeSubjectAltName', { OrderID: 'O', SANEntries: sans(2) }, []],
  ['ChangeSubjectAltName', { SANEntries: sans(2) }, ['OrderID']],
  ['ChangeSubjectAltName', { OrderID: 'O', SANEntries: sans(501) }, ['SANEntries']],
  ['AddDomainToProfile', domain(), []],
  ['AddDomainToProfile', domain({ VettingLevel: 'EV' }), ['VettingLevel']],
  ['AddDomainToProfile', domain({ VettingType: 'FAX' }), ['VettingType']],
  ['AddDomainToProfile', domain({ VettingType: 'email' }), ['ApproverEmail', 'DomainID']],
  ['AddDomainToProfile', domain({ VettingType: 'EMAIL', ApproverEmail: 'nope', DomainID: 'X' }), ['ApproverEmail']],
  ['AddDomainToProfile', domain({ VettingType: 'EMAIL', ApproverEmail: 'admin@example.com', DomainID: 'X' }), []],
  ['VerifyMsslDomain', { DomainID: 'D', VettingType: 'dns', TagLocation: 'example.com' }, []],
  ['VerifyMsslDomain', { DomainID: 'D', VettingType: 'EMAIL', TagLocation: 'example.com' }, ['VettingType']],
  ['VerifyMsslDomain', { DomainID: 'D', VettingType: 'DNS', TagLocation: 'http://example.com/x' }, ['TagLocation']],
  ['VerifyMsslDomain', { DomainID: 'D', VettingType: 'HTTP', TagLocation: 'example.com' }, ['TagLocation']],
  [
    'VerifyMsslDomain',
    { DomainID: 'D', VettingType: 'HTTP', TagLocation: 'https://example.com/.well-known/pki-validation/gsdv.txt' },
    [],
  ],
  ['RenewalDomain', { ...domain(), VettingType: 'EMAIL', DomainID: 'D' }, ['ApproverEmail']],
  ['AddMSSLDomain', { MSSLProfileID: 'P', DomainName: 'example.com', VettingLevel: 'DV' }, ['VettingLevel']],
  ['AddMSSLProfile', { VettingLevel: 'EV' }, ['MSSLEVProfileInfo']],
  ['GetMSSLProfiles', { MSSLProfileStatus: '4' }, ['MSSLProfileStatus']],
  ['GetMSSLDomains', { MSSLDomainStatus: '11' }, []],
  [
    'GetDomains',
    { DomainStatus: '12', LastUpdateDateRange: { StartDate: '2026-02-01', EndDate: '2026-01-01' } },
    ['DomainStatus', 'LastUpdateDateRange.EndDate'],
  ],
  ['GetDomains', { ExpirationDateRange: { StartDate: 'soon' } }, ['ExpirationDateRange.StartDate']],
  ['GetOrderByDateRange', { FromDate: '2026-01-01T00:00:00.000Z', ToDate: new Date('2026-02-01') }, []],
  ['GetOrderByDateRange', { FromDate: '2026-01-01T00:00:00.000+09:00', ToDate: '2025-12-31T16:00:00.000Z' }, []],
  ['GetModifiedOrders', { FromDate: '2026-01-02', ToDate: '2026-01-01' }, ['ToDate']],
  ['GetOrderByExpirationDate', { ExpirationFromDate: '2026/01/01' }, ['ExpirationFromDate']],
  ['GetCertificateOrders', { OrderStatus: '8' }, ['OrderStatus']],
  ['GetCertificateOrders', { OrderStatus: '4', FromDate: '2026-01-01' }, []],
  ['QueryInvoices', { PaymentDueDateFrom: '2026-03-01', PaymentDueDateTo: '2026-02-01' }, ['PaymentDueDateTo']],
];
