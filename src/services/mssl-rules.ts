/**
 * Local checks of MSSL requests before anything is sent (MSSL guide section 8): product codes and what each allows,
 * SAN counts and types, order options, validity months, order kinds, AutoCSR key lengths, modify actions, vetting
 * levels and types. Each failure names its field; shapes are checked by the service table when the request is built.
 *
 * @module
 */
import * as v from 'valibot';
import {
  BASE_OPTIONS,
  MAX_SANS,
  type MsslFamily,
  msslProduct,
  ORDER_KINDS,
  ORDER_OPTIONS,
  SAN_OPTION_TYPES,
  SYNC_SAN_LIMIT,
  VALIDITY_MONTHS,
} from './products.ts';
import { countryStatus } from './countries.ts';
import { type RuleIssue, rules, type Schema } from './validate.ts';

type Obj = Readonly<Record<string, unknown>>;
type RequestSchema = Schema<Readonly<Record<string, unknown>>>;

const isTrue = (x: unknown): boolean => x === true || String(x).toLowerCase() === 'true';
const list = (x: unknown): Obj[] => (Array.isArray(x) ? (x as Obj[]) : []);

/** Checks an OrderRequestParameter (PVOrder, PVOrderWithoutCSR) against its product. */
function* orderParameter(input: Obj, param: string, sansAt: string | undefined): Iterable<RuleIssue> {
  const p = (input[param] ?? {}) as Obj;
  const product = msslProduct(p.ProductCode);
  if (!product) {
    yield [`${param}.ProductCode`, 'is not an MSSL product code (guide 8.9)'];
    return;
  }
  const fam = product.family;
  const allows = (table: Readonly<Record<string, readonly MsslFamily[]>>, key: string): boolean =>
    table[key]?.includes(fam) ?? false;
  if (p.BaseOption !== undefined && !allows(BASE_OPTIONS, String(p.BaseOption))) {
    yield [`${param}.BaseOption`, `${String(p.BaseOption)} is not allowed for ${fam}`];
  }
  if (!allows(ORDER_KINDS, String(p.OrderKind).toLowerCase()))
    yield [`${param}.OrderKind`, `must be new, renewal or transfer (transfer: ExtendedSSL, OrganizationSSL)`];
  const options = list(p.Options);
  for (let i = 0; i < options.length; i++) {
    const name = String(options[i]!.OptionName);
    if (!allows(ORDER_OPTIONS, name)) yield [`${param}.Options.${i}.OptionName`, `${name} is not available for ${fam}`];
  }
  const months = String((p.ValidityPeriod as Obj | undefined)?.Months ?? '');
  const vp = VALIDITY_MONTHS[months];
  if (!vp?.families.includes(fam))
    yield [`${param}.ValidityPeriod.Months`, `${months} months is not offered for ${fam} (guide 8.2)`];
  const optionOn = (name: string): boolean => options.some((o) => o.OptionName === name && isTrue(o.OptionValue));
  const validity = (p.ValidityPeriod ?? {}) as Obj;
  if ((validity.NotAfter !== undefined || validity.NotBefore !== undefined) && !optionOn('VPC')) {
    yield [`${param}.ValidityPeriod.NotAfter`, 'a custom NotAfter needs the VPC option set to true'];
  }
  if (String(p.OrderKind).toLowerCase() === 'renewal' && !p.RenewalTargetOrderID) {
    yield [`${param}.RenewalTargetOrderID`, 'is required for a renewal order'];
  }
  if (sansAt) {
    const sans = list(input[sansAt]);
    if (sans.length > MAX_SANS) yield [sansAt, `at most ${MAX_SANS} SANs`];
    if (sans.length > SYNC_SAN_LIMIT && !optionOn('ASYNC_ORDER'))
      yield [sansAt, `more than ${SYNC_SAN_LIMIT} SANs need the ASYNC_ORDER option`];
    if (sans.length && !optionOn('SAN')) yield [`${param}.Options`, 'SANEntries need the SAN option set to true'];
    for (let i = 0; i < sans.length; i++) {
      const t = String(sans[i]!.SANOptionType);
      if (!SAN_OPTION_TYPES[t]?.includes(fam))
        yield [`${sansAt}.${i}.SANOptionType`, `type ${t} is not allowed for ${fam} (guide 8.10)`];
    }
  }
  if (
    String(p.BaseOption) === 'private' &&
    input.MSSLDomainID !== undefined &&
    input.MSSLDomainID !== 'INTRANETSSLDOMAIN'
  ) {
    yield ['MSSLDomainID', 'IntranetSSL private orders use MSSLDomainID INTRANETSSLDOMAIN'];
  }
}

function* autoCsr(input: Obj): Iterable<RuleIssue> {
  const p = (input.OrderRequestParameterWithoutCSR ?? {}) as Obj;
  if (!['2048', '4096'].includes(String(p.KeyLength)))
    yield ['OrderRequestParameterWithoutCSR.KeyLength', 'must be 2048 or 4096'];
  if (!p.Pin) yield ['OrderRequestParameterWithoutCSR.Pin', 'is required (it protects the PKCS#12)'];
}

function* modifyOrder(input: Obj): Iterable<RuleIssue> {
  if (!['APPROVE', 'CANCEL', 'REVOKE'].includes(String(input.ModifyOrderOperation).toUpperCase())) {
    yield ['ModifyOrderOperation', 'must be APPROVE, CANCEL or REVOKE'];
  }
}

function* vetting(input: Obj): Iterable<RuleIssue> {
  const level = input.VettingLevel;
  if (level !== undefined && !['OV', 'EV', 'CLOUDSSL'].includes(String(level).toUpperCase()))
    yield ['VettingLevel', 'must be OV, EV or CLOUDSSL'];
  const type = input.VettingType;
  if (type !== undefined && !['EMAIL', 'HTTP', 'DNS'].includes(String(type).toUpperCase()))
    yield ['VettingType', 'must be EMAIL, HTTP or DNS'];
}

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

const object = (...checks: ((input: Obj) => Iterable<RuleIssue>)[]): RequestSchema =>
  v.pipe(v.looseObject({}), rules(...checks, countries)) as unknown as RequestSchema;

/** The local rules of each MSSL operation, keyed by wire wrapper name. */
export const MSSL_REQUEST_SCHEMAS: Readonly<Record<string, RequestSchema>> = {
  PVOrder: object((i) => orderParameter(i, 'OrderRequestParameter', 'SANEntries')),
  PVOrderWithoutCSR: object((i) => orderParameter(i, 'OrderRequestParameterWithoutCSR', 'SANEntries'), autoCsr),
  ModifyMSSLOrder: object(modifyOrder),
  AddDomainToProfile: object(vetting),
  AddMSSLDomain: object(vetting),
  VerifyMsslDomain: object(vetting),
  AddMSSLProfile: object(vetting),
  UpdateMSSLProfile: object(),
};
