/**
 * Applies the field table ({@link FIELD_RULES}) to a request, walking the operation's service table: every element
 * gets its XML type, the guide's length, allowed values and format checked; a missing required element "is
 * required", an element the table does not know "is not a known field". Messages name the dotted path and never echo
 * the value.
 *
 * @module
 */
import { ValidationError, type ValidationIssue } from '../errors.ts';
import type { FieldDef, FieldType, OperationDef, ScalarType } from '../soap/schema.ts';
import { FIELD_RULES, type FieldRule, type Guide } from './fields.ts';

type Obj = Readonly<Record<string, unknown>>;

/**
 * The guide an operation follows: EPKI's, or the MSSL guide (MSSL, Query, Account).
 *
 * @example
 * ```ts
 * guideOf(EPKI_OPERATIONS.Cancel); // 'EPKI'
 * ```
 */
export const guideOf = (op: OperationDef): Guide => (op.service.name === 'EPKI' ? 'EPKI' : 'MSSL');

const join = (path: string, key: string | number): string => (path ? `${path}.${key}` : String(key));
const isRecord = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

const INT = /^\s*[+-]?\d+\s*$/;
const CSR_BODY = /^MI[A-Za-z0-9+/=\s]*$/;
const PEM_CSR =
  /^-----BEGIN (NEW )?CERTIFICATE REQUEST-----([A-Za-z0-9+/=\s]+)-----END (NEW )?CERTIFICATE REQUEST-----$/;
const HOST = /^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}\.?$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** xs:dateTime as both guides write it (MSSL 11.1, EPKI 16): a date, optionally a time, optionally a zone. */
const DATE =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?$/;

/** The text of a scalar, or `undefined` when the value is not a scalar at all. */
function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString();
  return undefined;
}

const oneOf = (values: readonly string[]): string =>
  values.length === 1 ? `must be ${values[0]}` : `must be ${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;

function looksLikeCsr(text: string): boolean {
  const t = text.trim();
  const pem = PEM_CSR.exec(t);
  return CSR_BODY.test(pem ? (pem[2] ?? '').trim() : t);
}

const FORMATS: Readonly<Record<string, readonly [(t: string) => boolean, string]>> = {
  csr: [looksLikeCsr, 'must be a PEM or base64 certificate signing request'],
  fqdn: [(t) => HOST.test(t), 'must be a fully qualified domain name'],
  email: [(t) => EMAIL.test(t), 'must be an email address'],
  country: [(t) => /^[A-Za-z]{2}$/.test(t), 'must be a two-letter country code'],
  date: [(t) => DATE.test(t), 'must be a date as YYYY-MM-DDTHH:MM:SS.000Z'],
  boolean: [(t) => t === 'true' || t === 'false' || t === '1' || t === '0', 'must be true or false'],
  digits: [(t) => /^\d+$/.test(t), 'must be digits'],
};

/** The first thing wrong with a scalar value, or `undefined`. */
function scalarProblem(xsd: ScalarType, rule: FieldRule | undefined, v: unknown): string | undefined {
  const text = textOf(v);
  if (text === undefined) return 'must be a string or number';
  const int = rule?.int ?? (xsd === 'int' || xsd === 'long' ? ([-2147483648, 2147483647] as const) : undefined);
  if (int) {
    const n = typeof v === 'number' ? v : INT.test(text) ? Number(text) : Number.NaN;
    if (!Number.isInteger(n)) return 'must be an integer';
    if (n < int[0] || n > int[1]) return `must be between ${int[0]} and ${int[1]}`;
  }
  const format = rule?.format ?? (xsd === 'boolean' ? 'boolean' : xsd === 'dateTime' ? 'date' : undefined);
  if (format === 'boolean' || format === 'date') {
    const [ok, message] = FORMATS[format]!;
    return (format === 'boolean' && typeof v === 'boolean') || (format === 'date' && v instanceof Date) || ok(text)
      ? undefined
      : message;
  }
  if (!rule) return undefined;
  const min = rule.min ?? 1;
  if (text.length < min) return min <= 1 ? 'must not be empty' : `must be at least ${min} characters`;
  if (rule.max !== undefined && text.length > rule.max) return `must be at most ${rule.max} characters`;
  if (rule.values && !rule.values.some((a) => a.toLowerCase() === text.trim().toLowerCase())) return oneOf(rule.values);
  if (format) {
    const [ok, message] = FORMATS[format]!;
    if (!ok(text)) return message;
  }
  return undefined;
}

class Walker {
  readonly issues: ValidationIssue[] = [];
  constructor(readonly rules: Readonly<Record<string, FieldRule>>) {}

  fields(fields: readonly FieldDef[], value: unknown, path: string): void {
    if (!isRecord(value)) {
      this.issues.push({ path, message: 'must be an object' });
      return;
    }
    const known = new Set(fields.flatMap((f) => (f.alias ? [f.name, f.alias] : [f.name])));
    for (const key of Object.keys(value)) {
      if (!known.has(key) && value[key] !== undefined)
        this.issues.push({ path: join(path, key), message: 'is not a known field' });
    }
    for (const f of fields) {
      const here = join(path, f.name);
      const v = value[f.name] ?? (f.alias ? value[f.alias] : undefined);
      if (v == null) {
        if (!f.optional && !f.nil) this.issues.push({ path: here, message: 'is required' });
      } else if (f.repeated && Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) this.value(f.name, f.type, v[i], join(here, i));
      } else this.value(f.name, f.type, v, here);
    }
  }

  value(name: string, type: FieldType, v: unknown, path: string): void {
    if (typeof type === 'string') {
      const problem = scalarProblem(type, this.rules[name], v);
      if (problem) this.issues.push({ path, message: problem });
    } else if ('struct' in type) this.fields(type.struct, v, path);
    else if (!Array.isArray(v)) this.issues.push({ path, message: 'must be an array' });
    else for (let i = 0; i < v.length; i++) this.value(type.item, type.of, v[i], join(path, i));
  }
}

/**
 * Every problem the field table finds in a request (empty when none).
 *
 * @example
 * ```ts
 * fieldIssues(QUERY_OPERATIONS.GetOrderByOrderID, { OrderID: 'x'.repeat(200) });
 * // [{ path: 'OrderID', message: 'must be at most 50 characters' }]
 * ```
 */
export function fieldIssues(op: OperationDef, input: unknown): ValidationIssue[] {
  const walker = new Walker(FIELD_RULES[guideOf(op)]);
  walker.fields(op.request, input, '');
  return walker.issues;
}

/**
 * Throws a {@link ValidationError} listing every problem the field table finds in a request.
 *
 * @example
 * ```ts
 * checkFields(MSSL_OPERATIONS.ModifyMSSLDomain, { MSSLDomainID: 'D1', ModifyDomainOperation: 'EXPLODE' });
 * // throws ValidationError: ModifyDomainOperation: must be CANCEL or DELETE
 * ```
 */
export function checkFields(op: OperationDef, input: unknown): void {
  const issues = fieldIssues(op, input);
  if (issues.length > 0) throw new ValidationError(issues);
}
