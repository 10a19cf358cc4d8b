/**
 * X.501 distinguished names: encoding a subject with the string types GlobalSign expects (UTF8String for CN, O,
 * OU, L, ST; PrintableString for C and serialNumber; IA5String for emailAddress), and decoding any Name.
 *
 * @module
 */
import { ValidationError } from '../errors.ts';
import { children, decodeOid, decodeString, type Der, expectTag, oid, seq, set, str, TAG } from './der.ts';
import { DN_NAMES, DN_OIDS } from './oids.ts';

/** A subject to put in a CSR. `E` is the emailAddress attribute. */
export interface SubjectInput {
  readonly CN?: string;
  readonly O?: string;
  readonly OU?: string | readonly string[];
  readonly L?: string;
  readonly ST?: string;
  readonly C?: string;
  readonly E?: string;
  readonly SERIALNUMBER?: string;
  readonly STREET?: string;
  readonly postalCode?: string;
}

/** A decoded name: `OU` and `DC` are always arrays; other attributes hold their first value (all are in `rdns`). */
export interface Subject {
  readonly CN?: string;
  readonly O?: string;
  readonly OU: readonly string[];
  readonly L?: string;
  readonly ST?: string;
  readonly C?: string;
  readonly E?: string;
  readonly SERIALNUMBER?: string;
  readonly STREET?: string;
  readonly postalCode?: string;
  readonly DC?: readonly string[];
  readonly [name: string]: string | readonly string[] | undefined;
}

/** One attribute of a name, in encoded order. */
export interface NameAttribute {
  readonly oid: string;
  /** Short name (`CN`, `O`, `E`…) or the OID when unknown. */
  readonly name: string;
  readonly value: string;
  /** `UTF8String`, `PrintableString`, `IA5String`, `BMPString`, `TeletexString`, `UniversalString`. */
  readonly stringType: string;
}

const STRING_TYPES: Readonly<Record<number, string>> = {
  [TAG.UTF8]: 'UTF8String',
  [TAG.PRINTABLE]: 'PrintableString',
  [TAG.IA5]: 'IA5String',
  [TAG.BMP]: 'BMPString',
  [TAG.T61]: 'TeletexString',
  [TAG.UNIVERSAL]: 'UniversalString',
};

const ORDER = ['C', 'ST', 'L', 'STREET', 'postalCode', 'O', 'OU', 'CN', 'SERIALNUMBER', 'E'] as const;
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]+$/;

function stringTag(name: string, value: string, path: string): number {
  if (value.length === 0) throw new ValidationError(path, 'must not be empty');
  if (name === 'C') {
    if (!/^[A-Za-z]{2}$/.test(value)) throw new ValidationError(path, 'must be a two-letter ISO 3166 country code');
    return TAG.PRINTABLE;
  }
  if (name === 'SERIALNUMBER') {
    if (!PRINTABLE.test(value)) throw new ValidationError(path, 'must only use PrintableString characters');
    return TAG.PRINTABLE;
  }
  if (name === 'E') {
    if (!/^[\x20-\x7e]+$/.test(value)) throw new ValidationError(path, 'must be ASCII (IA5String)');
    return TAG.IA5;
  }
  return TAG.UTF8;
}

/**
 * Encodes a subject as a DER Name, one attribute per RDN, in the order C, ST, L, STREET, postalCode, O, OU, CN,
 * SERIALNUMBER, E. Throws `ValidationError` (field `subject.X`) on an empty value, a country that is not two
 * letters, or a non-ASCII email.
 *
 * @example
 * ```ts
 * const nameDer = encodeName({ CN: 'Alice', O: 'Example Ltd', C: 'GB' });
 * ```
 */
export function encodeName(subject: SubjectInput): Uint8Array {
  const rdns: Uint8Array[] = [];
  for (const name of ORDER) {
    const raw = subject[name];
    const values = raw === undefined ? [] : typeof raw === 'string' ? [raw] : raw;
    values.forEach((value, i) => {
      const path = `subject.${name}${typeof raw === 'string' ? '' : `.${i}`}`;
      const tag = stringTag(name, value, path);
      rdns.push(set(seq(oid(DN_OIDS[name]!), str(tag, name === 'C' ? value.toUpperCase() : value))));
    });
  }
  return seq(...rdns);
}

/**
 * Decodes a DER Name (given as its parsed TLV) into its attributes, in encoded order.
 *
 * @example
 * ```ts
 * const attrs = decodeNameAttributes(nameNode);
 * ```
 */
export function decodeNameAttributes(name: Der): NameAttribute[] {
  const out: NameAttribute[] = [];
  for (const rdn of children(expectTag(name, TAG.SEQUENCE, 'Name'))) {
    for (const atv of children(expectTag(rdn, TAG.SET, 'RelativeDistinguishedName'))) {
      const [type, value] = children(expectTag(atv, TAG.SEQUENCE, 'AttributeTypeAndValue'));
      const o = decodeOid(expectTag(type, TAG.OID, 'attribute type').value);
      if (!value) continue;
      out.push({
        oid: o,
        name: DN_NAMES[o] ?? o,
        value: decodeString(value),
        stringType: STRING_TYPES[value.tag] ?? 'other',
      });
    }
  }
  return out;
}

/**
 * Builds the {@link Subject} object of a list of attributes.
 *
 * @example
 * ```ts
 * subjectOf(attrs).CN; // 'Alice'
 * ```
 */
export function subjectOf(attrs: readonly NameAttribute[]): Subject {
  const out: Record<string, string | string[]> = { OU: [] };
  for (const a of attrs) {
    const prev = out[a.name];
    if (a.name === 'OU' || a.name === 'DC') out[a.name] = [...((prev as string[] | undefined) ?? []), a.value];
    else if (prev === undefined) out[a.name] = a.value;
  }
  return out as Subject;
}

function escapeRdnValue(v: string): string {
  return v
    .replace(/([,+"\\<>;=])/g, '\\$1')
    .replace(/^([ #])/, '\\$1')
    .replace(/ $/, '\\ ');
}

/**
 * Formats attributes as `CN=Alice, O=Example Ltd, C=GB`-style text in encoded order, with RFC 4514 escaping.
 *
 * @example
 * ```ts
 * nameToString(attrs); // 'C=GB, O=Example Ltd, CN=Alice'
 * ```
 */
export function nameToString(attrs: readonly NameAttribute[]): string {
  return attrs.map((a) => `${a.name}=${escapeRdnValue(a.value)}`).join(', ');
}
