/**
 * Local validation of EPKI requests (valibot), run before anything is sent: lengths and character sets of guide
 * 15.3/15.4 (with DESIGN.md's resolutions: Email and UPN 255, PickupPassword 8–256 alphanumeric, PKCS12PIN 12–117
 * or AUTOGEN), Year 1–3, product codes matched without regard to case and re-spelled canonically, the email table,
 * GivenName/SurName/Pseudonym combinations, OrderDS IssueType rules, ReissueCertificate's one-of rule and the query
 * date formats of guide 16. Messages name the field and never echo its value.
 *
 * @module
 */
import * as v from 'valibot';
import { EPKI_PRODUCT_CODES } from './epki-products.ts';
import { EPKI_CERTIFICATE_STATUS, EPKI_ORDER_STATUS, EPKI_PROFILE_STATUS } from './epki-status.ts';
import { type RuleIssue, rules, type Schema, text } from './validate.ts';

export { EPKI_PRODUCT_CODES };

const PS_PRODUCTS = EPKI_PRODUCT_CODES.slice(0, 4);
const DS_PRODUCTS = EPKI_PRODUCT_CODES.slice(4, 7);
const CANONICAL = new Map(EPKI_PRODUCT_CODES.map((c) => [c.toLowerCase(), c]));

/**
 * Re-spells a product code canonically when it is a known EPKI code (case-insensitive), else returns it unchanged.
 *
 * @example
 * ```ts
 * canonicalProductCode('epkipspersonal'); // 'EPKIPSPersonal'
 * ```
 */
export function canonicalProductCode(code: string): string {
  return CANONICAL.get(code.trim().toLowerCase()) ?? code;
}

const productCode = (allowed: readonly string[] | undefined) =>
  v.pipe(
    v.string(),
    v.transform(canonicalProductCode),
    allowed ? v.picklist(allowed, `must be one of ${allowed.join(', ')}`) : text(50),
  );

/** Upper-cases a value, then checks it against a picklist (e.g. IssueType, OrderState). */
const upperPick = (allowed: readonly string[]) =>
  v.pipe(
    v.string(),
    v.transform((s: string) => s.trim().toUpperCase()),
    v.picklist(allowed, `must be one of ${allowed.join(', ')}`),
  );

/** Guide 15.4: space and ASCII characters except `"`, `$`, `<`, `>` (and `\`, read as part of the same list). */
const DN_TEXT = /^[\x20\x21\x23\x25-\x3B\x3D\x3F-\x5B\x5D-\x7E]*$/;
const DN_WHAT = 'printable ASCII characters other than " $ < > \\';
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const email = () => text(255, { pattern: EMAIL, what: 'an RFC 822 email address (ASCII)' });
const dnText = () => text(64, { pattern: DN_TEXT, what: DN_WHAT });
const pickupPassword = () => text(256, { min: 8, pattern: /^[A-Za-z0-9]*$/, what: 'letters and digits' });
const pkcs12Pin = () =>
  v.pipe(
    v.string(),
    v.transform((s: string) => (s.toUpperCase() === 'AUTOGEN' ? 'AUTOGEN' : s)),
    v.check(
      (s: string) => s === 'AUTOGEN' || /^[\x21-\x7E]{12,117}$/.test(s),
      'must be AUTOGEN or 12–117 letters, digits and symbols',
    ),
  );
const bool = () => v.boolean();
const o = v.optional;

/** `Year`: 1, 2 or 3 (a digit string is accepted and turned into a number). */
const year = () =>
  v.pipe(
    v.union([v.number(), v.string()], 'must be 1, 2 or 3'),
    v.transform((y: number | string) => (typeof y === 'string' && /^\s*\d\s*$/.test(y) ? Number(y) : y)),
    v.check((y: number | string) => y === 1 || y === 2 || y === 3, 'must be 1, 2 or 3'),
  );

/** Guide 16: `YYYY-MM-DD`, optionally `THH:MM:SS` and `.mmm`, optionally `Z` or an offset. A Date is sent as UTC. */
const QUERY_DATE =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{3})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?$/;
const queryDate = () =>
  v.pipe(
    v.union([v.string(), v.date()], 'must be a date string or a Date'),
    v.transform((d: string | Date) => (d instanceof Date ? d.toISOString() : d)),
    v.regex(QUERY_DATE, 'must be YYYY-MM-DD[THH:MM:SS[.mmm]][Z|±HH:MM] (guide 16)'),
  );

const extensions = () =>
  v.pipe(
    v.array(v.strictObject({ Name: text(255), Value: text(4000) })),
    v.check(
      (list) => new Set(list.map((e) => `${e.Name}\u0000${e.Value}`)).size === list.length,
      'must not repeat a Name/Value pair (-9601)',
    ),
  );

const dnAttributes = () =>
  v.strictObject({
    CommonName: dnText(),
    OrganizationUnit: o(v.pipe(v.array(dnText()), v.maxLength(3, 'may hold at most 3 entries'))),
    GivenName: o(text(64)),
    SurName: o(text(64)),
    Pseudonym: o(text(64)),
    Email: o(email()),
  });

type Obj = Readonly<Record<string, unknown>>;
const dn = (input: Obj): Obj => (input.DnAttributes ?? {}) as Obj;
const has = (x: unknown): boolean => x !== undefined && x !== null && x !== '';

/** The email fields that are present must agree (guide: "should be the same value"). */
function* sameEmails(input: Obj): Iterable<RuleIssue> {
  const found = [
    ['DnAttributes.Email', dn(input).Email],
    ['SANRFC822EmailAddress', input.SANRFC822EmailAddress],
    ['SubscriberEmailAddress', input.SubscriberEmailAddress],
  ].filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '');
  const first = found[0];
  for (const [path, value] of found.slice(1)) {
    if (first && value.toLowerCase() !== first[1].toLowerCase())
      yield [path, `must equal ${first[0]} when both are given`];
  }
}

/** User enrollment needs an address to send the enrollment link to (OrderCertificate table). */
function* someEmail(input: Obj): Iterable<RuleIssue> {
  if (!has(dn(input).Email) && !has(input.SANRFC822EmailAddress) && !has(input.SubscriberEmailAddress)) {
    yield ['SubscriberEmailAddress', 'is required when neither DnAttributes.Email nor SANRFC822EmailAddress is given'];
  }
}

/** GivenName+SurName, SurName alone or Pseudonym alone; used only with EPKIPSPersonal and ePkiSmimeOnly. */
function* nameCombination(input: Obj): Iterable<RuleIssue> {
  const d = dn(input);
  const g = has(d.GivenName);
  const s = has(d.SurName);
  const p = has(d.Pseudonym);
  if (!g && !s && !p) return;
  if (input.ProductCode !== 'EPKIPSPersonal' && input.ProductCode !== 'ePkiSmimeOnly') return;
  const ok = (g && s && !p) || (!g && s && !p) || (!g && !s && p);
  if (!ok)
    yield ['DnAttributes', 'GivenName/SurName/Pseudonym: use GivenName+SurName, SurName alone or Pseudonym alone'];
}

/** OrderDS: CSR for ISSUE, PickupPassword and an email for REGISTER (SubscriberEmailAddress ignored for ASP). */
function* orderDsRules(input: Obj): Iterable<RuleIssue> {
  if (input.IssueType === 'ISSUE' && !has(input.CSR)) yield ['CSR', 'is required when IssueType is ISSUE'];
  if (input.IssueType !== 'REGISTER') return;
  if (!has(input.PickupPassword)) yield ['PickupPassword', 'is required when IssueType is REGISTER'];
  const asp = input.ProductCode === 'ePkiDSAATLASP';
  if (!has(dn(input).Email) && (asp || !has(input.SubscriberEmailAddress))) {
    yield asp
      ? ['DnAttributes.Email', 'is required for REGISTER with ePkiDSAATLASP (SubscriberEmailAddress is ignored)']
      : ['SubscriberEmailAddress', 'is required for REGISTER when DnAttributes.Email is not given'];
  }
}

function* oneReissueInfo(input: Obj): Iterable<RuleIssue> {
  const n = ['ReissueRegisterInfo', 'ReissuePKCS12Info', 'ReissueCertInfo'].filter((k) => has(input[k])).length;
  if (n !== 1) {
    yield ['ReissueRegisterInfo', 'exactly one of ReissueRegisterInfo, ReissuePKCS12Info, ReissueCertInfo is required'];
  }
}

function* p7NeedsFulfillment(input: Obj): Iterable<RuleIssue> {
  const q = (input.OrderQueryOption ?? {}) as Obj;
  if (q.ReturnP7 === true && q.ReturnFulfillment !== true) {
    yield ['OrderQueryOption.ReturnP7', 'requires ReturnFulfillment true'];
  }
}

const personFields = {
  ProfileID: text(50),
  ProductCode: productCode(PS_PRODUCTS),
  Year: year(),
  EFSOption: o(bool()),
  UPN: o(text(255, { pattern: EMAIL, what: 'an RFC 822 name' })),
  SID: o(text(128, { pattern: /^[A-Za-z0-9-]*$/, what: 'letters, digits and hyphens' })),
  SANRFC822EmailAddress: o(email()),
  DnAttributes: dnAttributes(),
  SubscriberEmailAddress: o(email()),
  EmailLanguage: o(text(2, { min: 2, pattern: /^[A-Za-z]{2}$/, what: 'a two-letter language code' })),
  Extensions: o(extensions()),
};

type RequestSchema = Schema<Record<string, unknown>>;
const schema = (s: unknown): RequestSchema => s as RequestSchema;

/** The input schema of each EPKI operation, keyed by wire wrapper name. */
export const EPKI_REQUEST_SCHEMAS: Readonly<Record<string, RequestSchema>> = {
  OrderAndIssueCertificate: schema(
    v.pipe(
      v.strictObject({
        ...personFields,
        CSR: text(4000),
        PickupPassword: o(pickupPassword()),
        CertificateTemplate: o(
          v.strictObject({
            Template: text(255),
            MajorVersion: o(v.union([v.string(), v.number()])),
            MinorVersion: o(v.union([v.string(), v.number()])),
          }),
        ),
      }),
      rules(sameEmails, nameCombination),
    ),
  ),
  OrderPkcs12: schema(
    v.pipe(
      v.strictObject({ ...personFields, PKCS12PIN: pkcs12Pin(), Renew: o(bool()) }),
      rules(sameEmails, nameCombination),
    ),
  ),
  OrderCertificate: schema(
    v.pipe(
      v.strictObject({
        ...personFields,
        HasCSR: o(bool()),
        PKCS12Option: o(bool()),
        HasFortify: o(bool()),
        PickupPassword: pickupPassword(),
      }),
      rules(sameEmails, someEmail, nameCombination),
    ),
  ),
  OrderDS: schema(
    v.pipe(
      v.strictObject({
        ProfileOrderNo: text(50),
        ProductCode: productCode(DS_PRODUCTS),
        IssueType: upperPick(['REGISTER', 'ISSUE', 'FORTIFY']),
        Year: year(),
        CSR: o(text(4000)),
        PickupPassword: o(pickupPassword()),
        DnAttributes: dnAttributes(),
        SubscriberEmailAddress: o(email()),
        EmailLanguage: personFields.EmailLanguage,
      }),
      rules(orderDsRules),
    ),
  ),
  Cancel: schema(v.strictObject({ OrderID: text(50) })),
  Reissue: schema(
    v.strictObject({
      TargetOrderID: text(50),
      PickupPassword: pickupPassword(),
      PKCS12Option: o(bool()),
      HasFortify: o(bool()),
    }),
  ),
  ReissueCertificate: schema(
    v.pipe(
      v.strictObject({
        TargetOrderID: text(50),
        ReissueRegisterInfo: o(
          v.strictObject({
            SubscriberEmailAddress: o(email()),
            PickupPassword: pickupPassword(),
            HasFortify: o(bool()),
          }),
        ),
        ReissuePKCS12Info: o(v.strictObject({ PKCS12PIN: pkcs12Pin() })),
        ReissueCertInfo: o(v.strictObject({ CSR: text(4000) })),
      }),
      rules(oneReissueInfo),
    ),
  ),
  Revoke: schema(v.strictObject({ OrderID: text(50) })),
  Suspendrenewal: schema(v.strictObject({ DNSerialNumber: text(50) })),
  Resumerenewal: schema(v.strictObject({ DNSerialNumber: text(50) })),
  GetOrderByOrderId: schema(
    v.pipe(
      v.strictObject({
        OrderNo: text(50),
        OrderQueryOption: o(
          v.strictObject({
            ReturnCertificateInfo: o(bool()),
            ReturnFulfillment: o(bool()),
            ReturnP7: o(bool()),
            ReturnModEvents: o(bool()),
          }),
        ),
      }),
      rules(p7NeedsFulfillment),
    ),
  ),
  GetOrders: schema(
    v.strictObject({
      OrderQueryParam: v.strictObject({
        ProductCode: productCode(undefined),
        ProfileOrderNo: o(text(50)),
        LicenseOrderNo: o(text(50)),
        OrderState: o(upperPick(EPKI_ORDER_STATUS)),
        CertState: o(upperPick(EPKI_CERTIFICATE_STATUS)),
        RequestDateFrom: o(queryDate()),
        RequestDateTo: o(queryDate()),
        IssueDateFrom: o(queryDate()),
        IssueDateTo: o(queryDate()),
        CommonName: o(text(64)),
      }),
      OrdersQueryOption: o(v.strictObject({ ReturnCertificateInfo: o(bool()), ReturnFulfillment: o(bool()) })),
    }),
  ),
  GetProfiles: schema(
    v.strictObject({
      ProfileQueryParam: v.strictObject({
        ProfileOrderNo: o(text(50)),
        ProfileOrderState: o(upperPick(EPKI_PROFILE_STATUS)),
        RequestDateFrom: o(queryDate()),
        RequestDateTo: o(queryDate()),
        IssueDateFrom: o(queryDate()),
        IssueDateTo: o(queryDate()),
        Locality: o(text(64)),
        StateOrProvince: o(text(64)),
        Organization: o(text(64)),
        OrganizationUnit: o(v.array(text(64))),
        ContractorUserId: o(text(30)),
      }),
    }),
  ),
};
