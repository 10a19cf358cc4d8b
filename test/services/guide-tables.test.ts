// The MSSL tables (status codes, modification events, error codes, products, options, SAN types, months, countries)
// checked row by row against the guide's own text (../shared/spec/mssl-api-guide-v2.9.txt, mssl-countries.tsv), so an OCR slip or a missed row fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EPKI_ERROR_CODES } from '../../src/services/epki-codes.ts';
import { ACCOUNT_ERROR_CODES, QUERY_ERROR_CODES } from '../../src/services/query-codes.ts';
import { MSSL_ERROR_CODES } from '../../src/services/mssl-codes.ts';
import { SUPPORTED_COUNTRIES, UNSUPPORTED_COUNTRIES } from '../../src/services/countries.ts';
import {
  BASE_OPTIONS,
  MSSL_PRODUCTS,
  ORDER_KINDS,
  ORDER_OPTIONS,
  SAN_OPTION_TYPES,
  VALIDITY_MONTHS,
} from '../../src/services/products.ts';
import { DOMAIN_STATUS, MODIFICATION_EVENTS, ORDER_STATUS, PROFILE_STATUS } from '../../src/services/status.ts';
import { FIELD_RULES } from '../../src/services/fields.ts';
import { SPEC, skipWithoutSpec } from './shared-spec.ts';

const GUIDE = `${SPEC}/mssl-api-guide-v2.9.txt`;
const skip = skipWithoutSpec();
const guide = skip ? '' : readFileSync(GUIDE, 'utf8');

/** The body text between two headings (the table of contents, which repeats them, comes first and is skipped). */
function section(from: string, to: string): string[] {
  const start = guide.lastIndexOf(`\n${from}\n`);
  const end = guide.indexOf(`\n${to}\n`, start);
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return guide.slice(start, end).split('\n');
}
const rows = (lines: string[], re: RegExp): RegExpExecArray[] =>
  lines.map((l) => re.exec(l)).filter((m): m is RegExpExecArray => m !== null);
const FAMILIES = ['ExtendedSSL', 'OrganizationSSL', 'IntranetSSL', 'CloudSSL'];
const familiesIn = (text: string) => FAMILIES.filter((f) => text.includes(f));

describe.skipIf(skip)('status tables against guide section 10', () => {
  it('order status 1-7 (10.1)', () => {
    const found = rows(section('10.1 Order/Certificate Status', '10.2 ModificationEventName'), /^(\d+)\t([^\t]+)/);
    expect(found.map((m) => m[1])).toEqual(Object.keys(ORDER_STATUS));
    for (const [, code, text] of found) expect(ORDER_STATUS[code!]?.description).toBe(text!.trim());
  });

  it('every modification event of 10.2 with its code, names broken across lines joined', () => {
    const found = rows(section('10.2 ModificationEventName', '10.3 MSSL Domain Status'), /^(\d+)\t([A-Z0-9_ ]+)\t/);
    expect(found.length).toBe(Object.keys(MODIFICATION_EVENTS).length);
    for (const [, code, name] of found) expect(MODIFICATION_EVENTS[name!.replace(/ /g, '')]?.code).toBe(Number(code));
  });

  it('domain status 0-11 (10.3) with whether certificates can be issued', () => {
    const found = rows(section('10.3 MSSL Domain Status', '10.4 MSSL Profile Status'), /^(\d+)\t(.*)$/);
    expect(found.map((m) => m[1])).toEqual(Object.keys(DOMAIN_STATUS).sort((a, b) => Number(a) - Number(b)));
    for (const [, code, text] of found) expect(DOMAIN_STATUS[code!]?.canIssue).toBe(/\bYes\b/.test(text!));
  });

  it('profile status (10.4)', () => {
    const found = rows(section('10.4 MSSL Profile Status', '10.5 Success / Error Codes'), /^(\d+)\t([^\t]+)/);
    expect(found.map((m) => m[1])).toEqual(Object.keys(PROFILE_STATUS));
    for (const [, code, text] of found) expect(PROFILE_STATUS[code!]?.description).toBe(text!.trim());
  });
});

describe.skipIf(skip)('error codes against guide 10.5', () => {
  const listed = rows(section('10.5 Success / Error Codes', '11. Data Field Definitions'), /^-1\t(-\d+)\t/).map(
    (m) => m[1]!,
  );

  it('every client and server code of the guide, nothing else', () => {
    expect(new Set(Object.keys(MSSL_ERROR_CODES))).toEqual(new Set(listed));
    for (const text of Object.values(MSSL_ERROR_CODES)) {
      expect(text).not.toMatch(/\.\.|P- 256|^ProductCode/);
      expect(text.length).toBeGreaterThan(20);
    }
  });

  it('-9940 keeps both meanings; -9952 differs from EPKI; Query and Account use the same table', () => {
    expect(listed.filter((c) => c === '-9940')).toHaveLength(2);
    expect(MSSL_ERROR_CODES['-9940']).toMatch(/NotBefore or NotAfter.*\|.*previously revoked/);
    expect(MSSL_ERROR_CODES['-9952']).toMatch(/Top Level Domain/);
    expect(EPKI_ERROR_CODES['-9952']).toBeDefined();
    expect(EPKI_ERROR_CODES['-9952']).not.toBe(MSSL_ERROR_CODES['-9952']);
    expect(QUERY_ERROR_CODES).toEqual(MSSL_ERROR_CODES);
    expect(ACCOUNT_ERROR_CODES).toBe(QUERY_ERROR_CODES);
  });
});

describe.skipIf(skip)('product rules against guide section 8', () => {
  it('product codes (8.9), families from the group headings, SHA-1 codes deprecated', () => {
    let family = '';
    const found: [string, string][] = [];
    for (const line of section('8.9 ProductCodes', '8.10 Subject Alternative Names (SANs)')) {
      const head = /^(ExtendedSSL|OrganizationSSL|IntranetSSL|CloudSSL)\t/.exec(line);
      if (head) family = head[1]!;
      const m = /^(P[A-Z0-9_]+)\t/.exec(line);
      if (m) found.push([m[1]!, family]);
    }
    expect(MSSL_PRODUCTS.map((p) => [p.code, p.family])).toEqual(found);
    expect(MSSL_PRODUCTS.filter((p) => p.deprecated).map((p) => p.code)).toEqual(['PEV', 'PV']);
    expect(MSSL_PRODUCTS.filter((p) => p.autoCsr).every((p) => p.code.includes('SKIP'))).toBe(true);
  });

  it('base options (8.1), options (8.7), order kinds (8.8)', () => {
    const base = rows(section('8.1 BaseOptions', '8.2 Custom Expiration Date'), /^(wildcard|globalip|private)\t(.*)$/);
    expect(Object.fromEntries(base.map((m) => [m[1], familiesIn(m[2]!)]))).toEqual(BASE_OPTIONS);
    const opts = rows(section('8.7 OptionName', '8.8 OrderType'), /^(SAN|REX|VPC|ASYNC_ORDER)\t([^\t]*)/);
    expect(Object.fromEntries(opts.map((m) => [m[1], familiesIn(m[2]!)]))).toEqual(ORDER_OPTIONS);
    const kinds = rows(section('8.8 OrderType', '8.9 ProductCodes'), /^\d\t(\w+)\t([^\t]*)/);
    expect(Object.fromEntries(kinds.map((m) => [m[1]!.toLowerCase(), familiesIn(m[2]!)]))).toEqual(ORDER_KINDS);
  });

  it('validity months and days (8.2), SAN option types (8.10)', () => {
    const months = rows(
      section('8.2 Custom Expiration Date', '8.3 Hash Algorithm'),
      /^(\d+)(?: \(default\))?\t(.*)\t(\d+)$/,
    );
    expect(Object.fromEntries(months.map((m) => [m[1], { families: familiesIn(m[2]!), days: Number(m[3]) }]))).toEqual(
      VALIDITY_MONTHS,
    );
    const sans = rows(section('8.10 Subject Alternative Names (SANs)', '8.11 TagLocation'), /^(\d+)[\t ](.*)$/);
    expect(Object.fromEntries(sans.map((m) => [m[1], familiesIn(m[2]!)]))).toEqual(SAN_OPTION_TYPES);
  });
});

describe.skipIf(skip)('country codes against ../shared/spec/mssl-countries.tsv', () => {
  it('supported and unsupported sets match the corrected table exactly', () => {
    const lines = readFileSync(`${SPEC}/mssl-countries.tsv`, 'utf8').trim().split('\n').slice(1);
    const table = lines.map((l) => l.split('\t'));
    expect(new Set(table.filter((r) => r[2] === 'Y').map((r) => r[0]))).toEqual(SUPPORTED_COUNTRIES);
    expect(new Set(table.filter((r) => r[2] === 'N').map((r) => r[0]))).toEqual(UNSUPPORTED_COUNTRIES);
  });
});

describe.skipIf(skip)('the field table (src/services/fields.ts) against guide 11.2', () => {
  it('every String/N length the guide gives for a field of the table is the table’s', () => {
    const start = guide.lastIndexOf('\n11.2 Data Definitions\n');
    expect(start).toBeGreaterThan(0);
    const defs = guide.slice(start);
    let compared = 0;
    for (const [, name, length] of defs.matchAll(/^(\w+)\t[^\n]*?\tString\/(\d+)\s*$/gm)) {
      const rule = FIELD_RULES.MSSL[name!];
      if (!rule) continue;
      expect(rule.max, name).toBe(Number(length));
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(35);
  });
});
