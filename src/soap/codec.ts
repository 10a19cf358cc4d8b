/**
 * Table-driven conversion between plain objects and the children of a SOAP element.
 *
 * Encoding (`encodeFields`) writes the children in table order. Strings are escaped; numbers and booleans are
 * written as text (`1`, `true`); a `Date` as ISO 8601 with milliseconds (`2024-01-31T00:00:00.000Z`); an absent
 * optional field is left out, or written `xsi:nil="true"` when the table says `nil` (`<Name/>` when it says
 * `empty`). Unknown keys, missing required fields, values of the wrong kind and characters illegal in XML 1.0 are a
 * {@link ValidationError} naming the dotted path (`SANEntries.2.SubjectAltName`).
 *
 * Decoding (`decodeFields`) reads the XML reader's output: a list container or a repeated element is always an array;
 * an empty or nil element is absent; `int` becomes a number and `boolean` a boolean (anything else in them is an
 * {@link XmlError}); `string`, `long` and `dateTime` stay strings (IDs and codes keep their zeros and signs);
 * aliases are added; elements the table does not know are ignored.
 *
 * @module
 */
import { ValidationError, XmlError } from '../errors.ts';
import type { FieldDef, FieldType, ListType, StructType } from './schema.ts';
import { escapeXml } from './xml.ts';

/** Keys accepted for a field list: wire names and aliases (computed once per table). */
const KNOWN_KEYS = new WeakMap<readonly FieldDef[], ReadonlySet<string>>();

function knownKeys(fields: readonly FieldDef[]): ReadonlySet<string> {
  let set = KNOWN_KEYS.get(fields);
  if (!set) {
    set = new Set(fields.flatMap((f) => (f.alias ? [f.name, f.alias] : [f.name])));
    KNOWN_KEYS.set(fields, set);
  }
  return set;
}

const join = (path: string, name: string | number): string => (path ? `${path}.${name}` : String(name));
const isStruct = (t: FieldType): t is StructType => typeof t === 'object' && 'struct' in t;
const isList = (t: FieldType): t is ListType => typeof t === 'object' && 'item' in t;
const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/**
 * Encodes `value` as the child elements `fields` describe, in table order.
 *
 * @example
 * ```ts
 * encodeFields([{ name: 'OrderID', type: 'string' }, { name: 'Year', type: 'int' }], { OrderID: 'CE1', Year: 1 });
 * // '<OrderID>CE1</OrderID><Year>1</Year>'
 * ```
 */
export function encodeFields(fields: readonly FieldDef[], value: Readonly<Record<string, unknown>>, path = ''): string {
  const known = knownKeys(fields);
  for (const key of Object.keys(value)) {
    if (!known.has(key) && value[key] !== undefined) throw new ValidationError(join(path, key), 'is not a known field');
  }
  let out = '';
  for (const field of fields) {
    const here = join(path, field.name);
    let v = value[field.name];
    if (v == null && field.alias) v = value[field.alias];
    if (v == null) {
      if (field.nil) out += `<${field.name} xsi:nil="true"/>`;
      else if (field.empty) out += `<${field.name}/>`;
      else if (!field.optional) throw new ValidationError(here, 'is required');
      continue;
    }
    if (field.repeated) {
      const items = Array.isArray(v) ? v : [v];
      for (let i = 0; i < items.length; i++) out += encodeElement(field.name, field.type, items[i], join(here, i));
    } else {
      out += encodeElement(field.name, field.type, v, here);
    }
  }
  return out;
}

function encodeElement(name: string, type: FieldType, v: unknown, path: string): string {
  return `<${name}>${encodeValue(type, v, path)}</${name}>`;
}

function encodeValue(type: FieldType, v: unknown, path: string): string {
  if (isStruct(type)) {
    if (!isRecord(v)) throw new ValidationError(path, 'must be an object');
    return encodeFields(type.struct, v, path);
  }
  if (isList(type)) {
    if (!Array.isArray(v)) throw new ValidationError(path, 'must be an array');
    let out = '';
    for (let i = 0; i < v.length; i++) out += encodeElement(type.item, type.of, v[i], join(path, i));
    return out;
  }
  return encodeScalar(type, v, path);
}

function encodeScalar(type: FieldType, v: unknown, path: string): string {
  switch (typeof v) {
    case 'string':
      return escapeXml(v, path);
    case 'number':
      if (!Number.isFinite(v) || ((type === 'int' || type === 'long') && !Number.isInteger(v))) {
        throw new ValidationError(path, type === 'int' || type === 'long' ? 'must be an integer' : 'must be finite');
      }
      return String(v);
    case 'bigint':
      return String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      if (v instanceof Date) {
        if (Number.isNaN(v.getTime())) throw new ValidationError(path, 'is an invalid Date');
        return v.toISOString();
      }
      if (v === null) throw new ValidationError(path, 'is required');
      throw new ValidationError(path, `must be a ${type === 'boolean' ? 'boolean' : 'string or number'}`);
  }
}

/**
 * Decodes the children of a parsed element (the XML reader's output) into a plain object, per `fields`.
 *
 * @example
 * ```ts
 * decodeFields([{ name: 'Errors', type: { item: 'Error', of: 'string' }, optional: true }],
 *   { Errors: { Error: 'x' } }); // { Errors: ['x'] }
 * ```
 */
export function decodeFields(fields: readonly FieldDef[], node: unknown, path = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return out;
  const src = node as Record<string, unknown>;
  for (const field of fields) {
    if (!Object.hasOwn(src, field.name)) continue;
    const raw = src[field.name];
    const here = join(path, field.name);
    let value: unknown;
    if (field.repeated) {
      const items = (Array.isArray(raw) ? raw : [raw])
        .map((item, i) => decodeValue(field.type, item, join(here, i)))
        .filter((item) => item !== undefined);
      value = items.length > 0 ? items : undefined;
    } else {
      if (Array.isArray(raw)) throw new XmlError(`${here}: element repeated where the schema allows one`);
      value = decodeValue(field.type, raw, here);
    }
    if (value === undefined) continue;
    out[field.name] = value;
    if (field.alias) out[field.alias] = value;
  }
  return out;
}

function isEmpty(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

function decodeValue(type: FieldType, raw: unknown, path: string): unknown {
  if (isStruct(type)) {
    if (isEmpty(raw)) return undefined;
    if (typeof raw !== 'object') throw new XmlError(`${path}: expected child elements, found text`);
    return decodeFields(type.struct, raw, path);
  }
  if (isList(type)) {
    if (isEmpty(raw)) return undefined;
    if (typeof raw !== 'object' || raw === null) throw new XmlError(`${path}: expected <${type.item}> elements`);
    const items = (raw as Record<string, unknown>)[type.item];
    const list = (Array.isArray(items) ? items : [items])
      .map((item, i) => decodeValue(type.of, item, join(path, i)))
      .filter((item) => item !== undefined);
    return list.length > 0 ? list : undefined;
  }
  return decodeScalar(type, raw, path);
}

const INT = /^\s*[+-]?\d+\s*$/;

function decodeScalar(type: FieldType, raw: unknown, path: string): unknown {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string') throw new XmlError(`${path}: expected text, found child elements`);
  switch (type) {
    case 'int': {
      const n = INT.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isSafeInteger(n) || n > 2147483647 || n < -2147483648) throw new XmlError(`${path}: not an xs:int`);
      return n;
    }
    case 'long':
      if (!INT.test(raw)) throw new XmlError(`${path}: not an xs:long`);
      return raw.trim();
    case 'boolean': {
      const t = raw.trim();
      if (t === 'true' || t === '1') return true;
      if (t === 'false' || t === '0') return false;
      throw new XmlError(`${path}: not an xs:boolean`);
    }
    default:
      return raw;
  }
}
