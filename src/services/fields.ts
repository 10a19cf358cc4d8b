/**
 * The one table of field definitions: for every request element of both guides' data definitions (MSSL guide 11.2,
 * which also covers the Query and Account services; the EPKI guide's tables 15.3/15.4 as resolved in
 * ../shared/spec/EPKI-OPERATIONS.md), its type, length and allowed values. {@link checkFields} (fields-check.ts)
 * applies it to every request of every operation before anything is sent; cross-field rules stay in the
 * `*-rules.ts` files. Keyed by wire element name per guide, as the guides define them.
 *
 * @module
 */
/** How a field's text must look, beyond its length. */
export type FieldFormat = 'date' | 'boolean' | 'csr' | 'fqdn' | 'email' | 'country' | 'digits';

/** What the guide says of one field. */
export interface FieldRule {
  /** Most characters (UTF-16 code units, as the guides count). */
  readonly max?: number;
  /** Fewest characters when present (default 1: an empty value is refused). */
  readonly min?: number;
  /** An integer (a number or a digit string) between these bounds. */
  readonly int?: readonly [min: number, max: number];
  /** The allowed values, compared without regard to case (the rules re-spell them). */
  readonly values?: readonly string[];
  readonly format?: FieldFormat;
  /** Where the guide says it. */
  readonly source: string;
}

/** Which guide a service follows: the MSSL guide (MSSL, Query, Account) or the EPKI guide. */
export type Guide = 'MSSL' | 'EPKI';

const M = (max: number, extra: Omit<FieldRule, 'max' | 'source'> = {}, source = 'MSSL 11.2'): FieldRule => ({
  max,
  ...extra,
  source,
});
const DATE: FieldRule = { format: 'date', source: 'MSSL 11.1 DateTime' };
const BOOL: FieldRule = { format: 'boolean', values: ['true', 'false'], source: 'MSSL 11.2 Boolean' };

/** MSSL guide 11.2 (OCR slips of ../shared/spec/mssl-api-guide-v2.9.txt read from context), then 4, 6, 8. */
const MSSL_FIELDS: Readonly<Record<string, FieldRule>> = {
  AddressLine1: M(100),
  AddressLine2: M(100),
  AddressLine3: M(100),
  ApproverEmail: M(255, { format: 'email' }, 'MSSL 4.2.1'),
  BaseOption: M(20),
  BusinessAssumedName: M(255),
  BusinessCategory: M(20, {}, 'MSSL 11.2 BusinessCategoryCode'),
  Campaign: M(50),
  City: M(200),
  CommonName: M(255),
  Country: M(2, { min: 2, format: 'country' }),
  CountryCode: M(2, { min: 2, format: 'country' }, 'MSSL 11.2 Country'),
  Coupon: M(50),
  CreditAgency: M(50),
  CSR: M(4000, { format: 'csr' }),
  DNSNames: M(300),
  DomainID: M(50, {}, 'MSSL 4.1 (an ID like MSSLDomainID)'),
  DomainName: M(255),
  Email: M(255, { format: 'email' }),
  EmailAddress: M(255, { format: 'email' }, 'MSSL 11.2 Email'),
  EndDate: DATE,
  ExpirationFromDate: DATE,
  ExpirationToDate: DATE,
  Fax: M(30),
  FirstName: M(100),
  FQDN: M(255, { format: 'fqdn' }),
  FromDate: DATE,
  HashAlgorithm: M(20, { values: ['SHA1', 'SHA256', 'SHA256ECDSA'] }, 'MSSL 8.3'),
  IncorporationAgencyRegistrationNumber: M(100, {}, 'MSSL 11.2 IncorporatingAgencyRegistrationNumber'),
  InvoiceNumber: M(50, {}, 'MSSL 7 (an ID like OrderID)'),
  JurisdictionCountry: M(2, { min: 2, format: 'country' }, 'MSSL 11.2 JurisdictionInfo Country'),
  JurisdictionLocality: M(255, {}, 'MSSL 11.2 Locality'),
  JurisdictionState: M(255, {}, 'MSSL 11.2 StateOrProvince'),
  KeyLength: M(4, { values: ['2048', '4096'] }, 'MSSL 11.2, 8.4'),
  LastName: M(100),
  Licenses: { int: [1, 99], source: 'MSSL 11.2 (Int 1-99)' },
  Locality: M(255),
  ModifyDomainOperation: M(20, { values: ['CANCEL', 'DELETE'] }, 'MSSL 4.3'),
  ModifyOrderOperation: M(20, { values: ['APPROVE', 'CANCEL', 'REVOKE'] }),
  Months: { int: [1, 9999], source: 'MSSL 11.2 (Int/4)' },
  MSSLDomainID: M(50),
  MSSLDomainName: M(64),
  MSSLProfileID: M(50),
  MSSLProfileStatus: M(5),
  NotAfter: DATE,
  NotBefore: DATE,
  OptionValue: { ...BOOL, source: 'MSSL 8.7 (true/false)' },
  OrderID: M(50),
  OrderId: M(50, {}, 'MSSL 11.2 OrderID'),
  OrderKind: M(10, { values: ['new', 'renewal', 'transfer'] }),
  OrderStatus: { int: [1, 7], source: 'MSSL 11.2, 10.1' },
  OrganizationCode: M(50),
  OrganizationName: M(255),
  OrganizationUnit: M(255),
  PaymentDueDateFrom: DATE,
  PaymentDueDateTo: DATE,
  Phone: M(30),
  PostalCode: M(20),
  ProductCode: M(20),
  ProfileID: M(50, {}, 'MSSL 11.2 MSSLProfileID'),
  Region: M(255),
  RenewalNotice: { ...BOOL, source: 'MSSL 6.10 (on/off: true or false)' },
  RenewalTargetOrderID: M(50),
  ReturnCACerts: BOOL,
  ReturnCertificateInfo: BOOL,
  ReturnFulfillment: BOOL,
  ReturnOrderOption: BOOL,
  ReturnOriginalCSR: BOOL,
  ReturnPKCS12: BOOL,
  ReturnSANEntries: BOOL,
  SANOptionType: { int: [1, 99], values: ['1', '2', '3', '4', '7', '13'], source: 'MSSL 8.10' },
  SpecialInstructions: M(4000),
  StartDate: DATE,
  StateOrProvince: M(255),
  SubID: M(50),
  SubjectAltName: M(64),
  TargetCERT: M(4000),
  TargetOrderID: M(50),
  ToDate: DATE,
  VettingLevel: M(20, { values: ['OV', 'EV', 'CLOUDSSL'] }, 'MSSL 11.2, 4.2'),
  VettingType: M(20, { values: ['EMAIL', 'HTTP', 'DNS'] }, 'MSSL 11.2, 4.2'),
};

const E = (max: number, extra: Omit<FieldRule, 'max' | 'source'> = {}, source = 'EPKI 15.3'): FieldRule => ({
  max,
  ...extra,
  source,
});
const EDATE: FieldRule = { format: 'date', source: 'EPKI 16' };
const EBOOL: FieldRule = { format: 'boolean', values: ['true', 'false'], source: 'EPKI 15.3 Boolean' };

/** The EPKI guide's tables (15.3 lengths, 15.4 characters) as ../shared/spec/EPKI-OPERATIONS.md resolves them. */
const EPKI_FIELDS: Readonly<Record<string, FieldRule>> = {
  CertState: E(30, {
    values: ['NONE', 'ISSUED', 'REVOKE_VALIDATING', 'REVOKED', 'REVOKED_CA', 'REVOKE_REQUESTED', 'REVOKE_FAIL'],
  }),
  CommonName: E(64),
  ContractorUserId: E(30),
  CSR: E(4000, { format: 'csr' }),
  DNSerialNumber: E(50),
  EFSOption: EBOOL,
  Email: E(255, { format: 'email' }),
  EmailLanguage: E(2, { min: 2 }),
  GivenName: E(64),
  HasCSR: EBOOL,
  HasFortify: EBOOL,
  IssueDateFrom: EDATE,
  IssueDateTo: EDATE,
  IssueType: E(10, { values: ['REGISTER', 'ISSUE', 'FORTIFY'] }),
  LicenseOrderNo: E(50),
  Locality: E(64),
  Name: E(255),
  OrderID: E(50),
  OrderNo: E(50),
  Organization: E(64),
  OrganizationUnit: E(64),
  PickupPassword: E(256, { min: 8 }, 'EPKI 15.3 (8–256)'),
  PKCS12Option: EBOOL,
  PKCS12PIN: E(117, {}, 'EPKI 15.3 (12–117 or AUTOGEN)'),
  ProductCode: E(50),
  ProfileID: E(50),
  ProfileOrderNo: E(50),
  Pseudonym: E(64),
  Renew: EBOOL,
  RequestDateFrom: EDATE,
  RequestDateTo: EDATE,
  ReturnCertificateInfo: EBOOL,
  ReturnFulfillment: EBOOL,
  ReturnModEvents: EBOOL,
  ReturnP7: EBOOL,
  SANRFC822EmailAddress: E(255, { format: 'email' }),
  SID: E(128),
  StateOrProvince: E(64),
  SubscriberEmailAddress: E(255, { format: 'email' }),
  SurName: E(64),
  TargetOrderID: E(50),
  Template: E(255),
  UPN: E(255),
  Value: E(4000),
  Year: { int: [1, 3], source: 'EPKI 15.3' },
};

/**
 * Every field definition, per guide.
 *
 * @example
 * ```ts
 * FIELD_RULES.MSSL.OrderID; // { max: 50, source: 'MSSL 11.2' }
 * ```
 */
export const FIELD_RULES: Readonly<Record<Guide, Readonly<Record<string, FieldRule>>>> = {
  MSSL: MSSL_FIELDS,
  EPKI: EPKI_FIELDS,
};

/**
 * Request elements the guides give no type, length or values for, and why they are left to the service (or to the
 * cross-field rules). A test checks that every request element of every table is here or in {@link FIELD_RULES}.
 *
 * @example
 * ```ts
 * UNCONSTRAINED.MSSL.TagLocation; // 'DNS name or URL, checked by mssl-rules.ts (guide 8.11)'
 * ```
 */
export const UNCONSTRAINED: Readonly<Record<Guide, Readonly<Record<string, string>>>> = {
  MSSL: {
    Department: 'EV contact detail, no length in the guide',
    FirstNameNative: 'native-script name, no length in the guide',
    JobTitle: 'EV contact detail, no length in the guide',
    LastNameNative: 'native-script name, no length in the guide',
    MajorVersion: 'certificate template version, no definition in the guide',
    MinorVersion: 'certificate template version, no definition in the guide',
    MSSLDomainStatus: 'checked against the guide 10.3 table by mssl-rules.ts',
    DomainStatus: 'checked against the guide 10.3 table by mssl-rules.ts',
    Name: 'extension name, no definition in the guide',
    OptionName: 'checked per product by mssl-rules.ts (guide 8.7)',
    OtherAddressInfo: 'EV address detail, no length in the guide',
    PIN: 'secret: checked by mssl-rules.ts; never echoed',
    Pin: 'secret: checked by mssl-rules.ts; never echoed',
    ProductType: 'DecodeCSR product type, no values in the guide',
    StreetAddress1: 'EV address detail, no length in the guide',
    StreetAddress2: 'EV address detail, no length in the guide',
    TagLocation: 'DNS name or URL, checked by mssl-rules.ts (guide 8.11)',
    Telephone: 'EV contact detail, no length in the guide',
    Template: 'certificate template name, no definition in the guide',
    Value: 'extension value, no definition in the guide',
  },
  EPKI: {
    MajorVersion: 'certificate template version, no definition in the guide',
    MinorVersion: 'certificate template version, no definition in the guide',
    OrderState: 'checked against the guide 16 list by epki-rules.ts',
    ProfileOrderState: 'checked against the guide 16 list by epki-rules.ts',
  },
};
