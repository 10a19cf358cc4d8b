/**
 * Local checks of MSSL requests before anything is sent (MSSL guide sections 3, 4, 8, 9.1, 10): product codes and
 * what each allows, SAN counts and types, order options, validity months and custom NotAfter, order kinds, IntranetSSL
 * private orders, AutoCSR key lengths, modify actions, vetting levels and types with the fields each needs, status
 * filters, date ranges and country codes. Each failure names its field; shapes are checked by the service table when
 * the request is built. Codes and keywords are matched without regard to case and sent in the guide's spelling.
 *
 * @module
 */
import * as v from 'valibot';
import { countryStatus } from './countries.ts';
import { dateRange } from './query-rules.ts';
import {
  BASE_OPTIONS,
  MAX_SANS,
  type MsslFamily,
  msslProduct,
  ORDER_KINDS,
  ORDER_OPTIONS,
  SAN_OPTION_TYPES,
  SYNC_SAN_LIMIT,
  sha1Refusal,
  VALIDITY_MONTHS,
} from './products.ts';
import { DOMAIN_STATUS, PROFILE_STATUS } from './status.ts';
import { type RuleIssue, rules, type Schema } from './validate.ts';

type Obj = Readonly<Record<string, unknown>>;
type Check = (input: Obj) => Iterable<RuleIssue>;
type RequestSchema = Schema<Readonly<Record<string, unknown>>>;

/**
 * The MSSLDomainID of IntranetSSL orders under a private dedicated intermediate (guide 3.2.1).
 *
 * @example `{ MSSLDomainID: INTRANET_DOMAIN_ID }`
 */
export const INTRANET_DOMAIN_ID = 'INTRANETSSLDOMAIN';

const isTrue = (x: unknown): boolean => x === true || String(x).toLowerCase() === 'true';
const list = (x: unknown): Obj[] => (Array.isArray(x) ? (x as Obj[]) : []);
const blank = (x: unknown): boolean => x === undefined || x === null || String(x).trim() === '';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HOST = /^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}\.?$/i;
const PARAMS = ['OrderRequestParameter', 'OrderRequestParameterWithoutCSR'] as const;
const UPPER = ['ModifyOrderOperation', 'VettingLevel', 'VettingType'] as const;

/** Re-spells codes and keywords as the guide does: product codes, OrderKind, BaseOption, OptionName, keywords. */
function canonical(input: Obj): Obj {
  const out: Record<string, unknown> = { ...input };
  for (const key of UPPER) if (typeof out[key] === 'string') out[key] = (out[key] as string).trim().toUpperCase();
  for (const key of PARAMS) {
    const p = input[key];
    if (typeof p !== 'object' || p === null) continue;
    const q: Record<string, unknown> = { ...(p as Obj) };
    const product = msslProduct(q.ProductCode);
    if (product) q.ProductCode = product.code;
    if (typeof q.OrderKind === 'string') q.OrderKind = q.OrderKind.trim().toLowerCase();
    if (typeof q.BaseOption === 'string') q.BaseOption = q.BaseOption.trim().toLowerCase();
    if (Array.isArray(q.Options)) {
      q.Options = (q.Options as Obj[]).map((o) =>
        typeof o?.OptionName === 'string' ? { ...o, OptionName: o.OptionName.trim().toUpperCase() } : o,
      );
    }
    out[key] = q;
  }
  return out;
}

function* sanEntries(sans: readonly Obj[], at: string, family: MsslFamily | undefined): Iterable<RuleIssue> {
  if (sans.length > MAX_SANS) yield [at, `at most ${MAX_SANS} SANs`];
  for (let i = 0; i < sans.length; i++) {
    const t = String(sans[i]?.SANOptionType);
    const families = SAN_OPTION_TYPES[t];
    if (!families) yield [`${at}.${i}.SANOptionType`, 'must be 1, 2, 3, 4, 7 or 13 (guide 8.10)'];
    else if (family && !families.includes(family))
      yield [`${at}.${i}.SANOptionType`, `type ${t} is not allowed for ${family} (guide 8.10)`];
  }
}

/** Checks an OrderRequestParameter (PVOrder, PVOrderWithoutCSR) against its product. */
function* orderParameter(input: Obj, param: (typeof PARAMS)[number]): Iterable<RuleIssue> {
  const p = (input[param] ?? {}) as Obj;
  const product = msslProduct(p.ProductCode);
  if (!product) {
    yield [`${param}.ProductCode`, 'is not an MSSL product code (guide 8.9)'];
    return;
  }
  const sha1 = sha1Refusal(product);
  if (sha1) yield [`${param}.ProductCode`, sha1];
  const fam = product.family;
  const allows = (table: Readonly<Record<string, readonly MsslFamily[]>>, key: string): boolean =>
    table[key]?.includes(fam) ?? false;
  if (param === 'OrderRequestParameterWithoutCSR' && !product.autoCsr)
    yield [`${param}.ProductCode`, 'PVOrderWithoutCSR needs an IntranetSSL AutoCSR (SKIP) product (guide 3.2.3)'];
  if (p.BaseOption !== undefined && !allows(BASE_OPTIONS, String(p.BaseOption)))
    yield [`${param}.BaseOption`, `${String(p.BaseOption)} is not allowed for ${fam} (guide 8.1)`];
  if (!allows(ORDER_KINDS, String(p.OrderKind)))
    yield [`${param}.OrderKind`, 'must be new, renewal or transfer (transfer: ExtendedSSL, OrganizationSSL)'];
  if (p.OrderKind === 'renewal' && blank(p.RenewalTargetOrderID))
    yield [`${param}.RenewalTargetOrderID`, 'is required for a renewal order'];
  const options = list(p.Options);
  for (let i = 0; i < options.length; i++) {
    const name = String(options[i]?.OptionName);
    if (!allows(ORDER_OPTIONS, name)) yield [`${param}.Options.${i}.OptionName`, `${name} is not available for ${fam}`];
  }
  const optionOn = (name: string): boolean => options.some((o) => o.OptionName === name && isTrue(o.OptionValue));
  const validity = (p.ValidityPeriod ?? {}) as Obj;
  const months = String(validity.Months ?? '');
  if (!VALIDITY_MONTHS[months]?.families.includes(fam))
    yield [`${param}.ValidityPeriod.Months`, `${months} months is not offered for ${fam} (guide 8.2)`];
  if ((validity.NotAfter !== undefined || validity.NotBefore !== undefined) && !optionOn('VPC'))
    yield [`${param}.ValidityPeriod.NotAfter`, 'a custom NotAfter needs the VPC option set to true (guide 8.2)'];
  yield* dateRange('NotBefore', 'NotAfter', `${param}.ValidityPeriod`)(input);
  const sans = list(input.SANEntries);
  yield* sanEntries(sans, 'SANEntries', fam);
  if (sans.length > SYNC_SAN_LIMIT && !optionOn('ASYNC_ORDER'))
    yield ['SANEntries', `more than ${SYNC_SAN_LIMIT} SANs need the ASYNC_ORDER option`];
  if (sans.length && !optionOn('SAN')) yield [`${param}.Options`, 'SANEntries need the SAN option set to true'];
  const privateOrder = p.BaseOption === 'private';
  const intranetDomain = input.MSSLDomainID === INTRANET_DOMAIN_ID;
  if (privateOrder && fam === 'IntranetSSL' && !intranetDomain && input.MSSLDomainID !== undefined)
    yield ['MSSLDomainID', `IntranetSSL private orders use MSSLDomainID ${INTRANET_DOMAIN_ID} (guide 3.2.1)`];
  if (intranetDomain && !privateOrder)
    yield [`${param}.BaseOption`, `MSSLDomainID ${INTRANET_DOMAIN_ID} needs BaseOption private (guide 3.2.1)`];
}

function* autoCsr(input: Obj): Iterable<RuleIssue> {
  const p = (input.OrderRequestParameterWithoutCSR ?? {}) as Obj;
  if (!['2048', '4096'].includes(String(p.KeyLength)))
    yield ['OrderRequestParameterWithoutCSR.KeyLength', 'must be 2048 or 4096 (guide 8.4)'];
  if (blank(p.Pin)) yield ['OrderRequestParameterWithoutCSR.Pin', 'is required (it protects the PKCS#12)'];
  if (p.CSR !== undefined) yield ['OrderRequestParameterWithoutCSR.CSR', 'must be left out: GlobalSign makes the key'];
}

function* changeSans(input: Obj): Iterable<RuleIssue> {
  if (blank(input.OrderID) && blank(input.TargetOrderID)) yield ['OrderID', 'OrderID or TargetOrderID is required'];
  yield* sanEntries(list(input.SANEntries), 'SANEntries', undefined);
}

/** A keyword among `allowed` (already upper-cased by {@link canonical}), when present or when `required`. */
const oneOf = (field: string, allowed: readonly string[], required = false, note = ''): Check =>
  function* (input) {
    const value = input[field];
    if (value === undefined ? required : !allowed.includes(String(value)))
      yield [field, `must be ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}${note}`];
  };

/** EMAIL vetting needs the approver's address (and, for AddDomainToProfile, the DomainID of the approver list). */
const emailVetting = (needsDomainId: boolean): Check =>
  function* (input) {
    if (input.VettingType !== 'EMAIL') return;
    if (blank(input.ApproverEmail)) yield ['ApproverEmail', 'is required when VettingType is EMAIL'];
    else if (!EMAIL.test(String(input.ApproverEmail))) yield ['ApproverEmail', 'must be an email address'];
    if (needsDomainId && blank(input.DomainID))
      yield ['DomainID', 'is required when VettingType is EMAIL (from GetDomainApproverList, guide 4.1)'];
  };

/** VerifyMsslDomain: DNS names a domain holding the TXT record; HTTP an http(s) URL of the file (guide 8.11). */
function* tagLocation(input: Obj): Iterable<RuleIssue> {
  const tag = String(input.TagLocation ?? '').trim();
  if (input.VettingType === 'DNS' && !HOST.test(tag)) yield ['TagLocation', 'must be a domain name for DNS vetting'];
  if (input.VettingType === 'HTTP' && !/^https?:\/\/[^\s/]+\//i.test(tag))
    yield ['TagLocation', 'must be an http(s) URL for HTTP vetting'];
}

/** AddMSSLProfile: the profile details that match the vetting level. */
function* profileInfo(input: Obj): Iterable<RuleIssue> {
  if (input.VettingLevel === 'OV' && input.MSSLOVProfileInfo === undefined)
    yield ['MSSLOVProfileInfo', 'is required for an OV profile'];
  if (input.VettingLevel === 'EV' && input.MSSLEVProfileInfo === undefined)
    yield ['MSSLEVProfileInfo', 'is required for an EV profile'];
}

const statusFilter = (field: string, table: Readonly<Record<string, unknown>>, section: string): Check =>
  function* (input) {
    if (input[field] !== undefined && !(String(input[field]).trim() in table))
      yield [field, `must be a status code of guide ${section} (${Object.keys(table).join(', ')})`];
  };

const COUNTRY_FIELDS = new Set(['Country', 'CountryCode', 'JurisdictionCountry']);

/** Every country field anywhere in the request must be a code of the guide's table (9.1) that GlobalSign supports. */
function* countries(input: Obj, path = ''): Iterable<RuleIssue> {
  for (const [key, value] of Object.entries(input)) {
    const here = path ? `${path}.${key}` : key;
    if (COUNTRY_FIELDS.has(key) && typeof value === 'string') {
      const status = countryStatus(value);
      if (status !== 'supported')
        yield [
          here,
          status === 'unknown' ? 'is not a country code of the guide (9.1)' : `${value} is not supported by GlobalSign`,
        ];
    } else if (value && typeof value === 'object') {
      yield* countries(value as Obj, here);
    }
  }
}

const object = (...checks: Check[]): RequestSchema =>
  v.pipe(v.looseObject({}), v.transform(canonical), rules(...checks, countries)) as unknown as RequestSchema;

const LEVELS = ['OV', 'EV', 'CLOUDSSL'];
const TYPES = ['EMAIL', 'HTTP', 'DNS'];

/**
 * The local rules of each MSSL operation, keyed by wire wrapper name.
 *
 * @example `validate(MSSL_REQUEST_SCHEMAS.PVOrder!, request)`
 */
export const MSSL_REQUEST_SCHEMAS: Readonly<Record<string, RequestSchema>> = {
  PVOrder: object((i) => orderParameter(i, 'OrderRequestParameter')),
  PVOrderWithoutCSR: object((i) => orderParameter(i, 'OrderRequestParameterWithoutCSR'), autoCsr),
  ModifyMSSLOrder: object(oneOf('ModifyOrderOperation', ['APPROVE', 'CANCEL', 'REVOKE'], true, ' (guide 8.5)')),
  ChangeSubjectAltName: object(changeSans),
  AddDomainToProfile: object(
    oneOf('VettingLevel', ['OV', 'CLOUDSSL'], true, ' (guide 4.2.1; EV domains use AddMSSLDomain)'),
    oneOf('VettingType', TYPES, true),
    emailVetting(true),
  ),
  VerifyMsslDomain: object(oneOf('VettingType', ['HTTP', 'DNS'], true, ' (guide 4.2.2)'), tagLocation),
  AddMSSLDomain: object(oneOf('VettingLevel', LEVELS, true)),
  RenewalDomain: object(oneOf('VettingLevel', LEVELS, true), oneOf('VettingType', TYPES, true), emailVetting(false)),
  AddMSSLProfile: object(oneOf('VettingLevel', LEVELS, true), profileInfo),
  UpdateMSSLProfile: object(),
  GetMSSLProfiles: object(oneOf('VettingLevel', LEVELS), statusFilter('MSSLProfileStatus', PROFILE_STATUS, '10.4')),
  GetMSSLDomains: object(statusFilter('MSSLDomainStatus', DOMAIN_STATUS, '10.3')),
  GetDomains: object(
    oneOf('VettingLevel', LEVELS),
    statusFilter('DomainStatus', DOMAIN_STATUS, '10.3'),
    dateRange('StartDate', 'EndDate', 'LastUpdateDateRange'),
    dateRange('StartDate', 'EndDate', 'ExpirationDateRange'),
  ),
};
