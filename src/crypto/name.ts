/**
 * X.501 distinguished names: encoding a subject with the string types GlobalSign expects (UTF8String for CN, O,
 * OU, L, ST; PrintableString for C and serialNumber; IA5String for emailAddress), and decoding any Name.
 *
 * @module
 */
import { ValidationError } from '../errors.ts';
import { bytesEqual, toHex } from './bytes.ts';
import {
  children,
  type Der,
  decodeOid,
  decodeString,
  expectTag,
  malformedDer,
  oid,
  parseDer,
  seq,
  set,
  str,
  TAG,
} from './der.ts';
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
  /** Index of the RelativeDistinguishedName it belongs to: attributes sharing it form one multi-valued RDN. */
  readonly rdn: number;
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
export function decodeNameAttributes(name: Der | undefined): NameAttribute[] {
  const out: NameAttribute[] = [];
  children(expectTag(name, TAG.SEQUENCE, 'Name')).forEach((rdn, index) => {
    for (const atv of children(expectTag(rdn, TAG.SET, 'RelativeDistinguishedName'))) {
      const [type, value] = children(expectTag(atv, TAG.SEQUENCE, 'AttributeTypeAndValue'));
      const o = decodeOid(expectTag(type, TAG.OID, 'attribute type').value);
      if (!value) throw malformedDer('attribute without a value');
      const stringType = STRING_TYPES[value.tag] ?? 'other';
      const text = stringType === 'other' ? `#${toHex(value.raw)}` : decodeString(value);
      out.push({ oid: o, name: DN_NAMES[o] ?? o, value: text, stringType, rdn: index });
    }
  });
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
 * Formats attributes as `CN=Alice, O=Example Ltd, C=GB`-style text in encoded order, with RFC 4514 escaping; the
 * attributes of a multi-valued RDN are joined with `+` (`CN=Test User+UID=83001001723349`). A value that is not a
 * character string is printed as `#` and the hex of its DER, as RFC 4514 does.
 *
 * @example
 * ```ts
 * nameToString(attrs); // 'C=GB, O=Example Ltd, CN=Alice'
 * ```
 */
export function nameToString(attrs: readonly NameAttribute[]): string {
  let out = '';
  attrs.forEach((a, i) => {
    const text = `${a.name}=${a.stringType === 'other' ? a.value : escapeRdnValue(a.value)}`;
    out += i === 0 ? text : `${attrs[i - 1]!.rdn === a.rdn ? '+' : ', '}${text}`;
  });
  return out;
}

/** Case and space folding of RFC 4518 (insignificant spaces, case-insensitive match), without Unicode tables. */
const fold = (a: NameAttribute): string =>
  a.stringType === 'other'
    ? `${a.oid}=${a.value}`
    : `${a.oid}=${a.value.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ')}`;

/**
 * Folded keys per Name DER array: ordering a chain compares the same few names many times. Keyed by the array
 * itself (a certificate's `issuerDer`/`subjectDer`), so it lives as long as the certificate does.
 */
const folded = new WeakMap<Uint8Array, string[]>();

function rdnKeys(der: Uint8Array): string[] {
  let keys = folded.get(der);
  if (!keys) {
    keys = foldRdns(der);
    folded.set(der, keys);
  }
  return keys;
}

function foldRdns(der: Uint8Array): string[] {
  const groups: string[][] = [];
  for (const a of decodeNameAttributes(parseDer(der))) {
    const group = groups[a.rdn] ?? [];
    group.push(fold(a));
    groups[a.rdn] = group;
  }
  return Array.from(groups, (g) => JSON.stringify((g ?? []).sort())); // an empty RDN stays a (empty) place
}

/**
 * Whether two DER Names match as RFC 5280 section 7.1 describes: the same RDNs in the same order, each with the
 * same set of attributes (order inside an RDN does not matter); attribute values that are character strings
 * (UTF8String, PrintableString, IA5String, BMPString, TeletexString, UniversalString, in any mix) compare after
 * Unicode NFKC, lower-casing, trimming and collapsing inner white space; other values compare by their DER.
 * Never by printed text: `CN=a+UID=b` and `CN=a, UID=b` differ.
 *
 * @example
 * ```ts
 * namesEqual(cert.issuerDer, ca.subjectDer); // true
 * ```
 */
export function namesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (bytesEqual(a, b)) return true;
  const [x, y] = [rdnKeys(a), rdnKeys(b)];
  return x.length === y.length && x.every((k, i) => k === y[i]);
}
