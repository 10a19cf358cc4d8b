/**
 * Structures shared by every service table (request header, response header, error entries) and small builders
 * that keep the tables short and readable.
 *
 * @module
 */
import type { FieldDef, FieldType, ListType, StructType } from './types.ts';

/** Extra flags of a field beyond its name and type. */
export type FieldFlags = Omit<FieldDef, 'name' | 'type'>;

/**
 * A required field (`minOccurs=1`). The type defaults to `'string'`.
 *
 * @example
 * ```ts
 * const f = req('OrderID'); // { name: 'OrderID', type: 'string' }
 * ```
 */
export function req(name: string, type: FieldType = 'string', flags: FieldFlags = {}): FieldDef {
  return { name, type, ...flags };
}

/**
 * An optional field (`minOccurs=0`), left out of requests when absent.
 *
 * @example
 * ```ts
 * const f = opt('UPN'); // { name: 'UPN', type: 'string', optional: true }
 * ```
 */
export function opt(name: string, type: FieldType = 'string', flags: FieldFlags = {}): FieldDef {
  return { name, type, optional: true, ...flags };
}

/**
 * A complex type from its children in sequence order.
 *
 * @example
 * ```ts
 * const validity = struct(req('NotBefore'), req('NotAfter'));
 * ```
 */
export function struct(...fields: FieldDef[]): StructType {
  return { struct: fields };
}

/**
 * A container whose children are one repeated element (`<Errors><Error>…</Error>…</Errors>`); an array in JS.
 *
 * @example
 * ```ts
 * const ous = listOf('OrganizationUnit'); // { item: 'OrganizationUnit', of: 'string' }
 * ```
 */
export function listOf(item: string, of: FieldType = 'string'): ListType {
  return { item, of };
}

/** `AuthToken{UserName, Password}`: the only child of every request header. */
export const AUTH_TOKEN_FIELDS: readonly FieldDef[] = [req('AuthToken', struct(req('UserName'), req('Password')))];

/** One `Error` entry of a response header. */
export const ERROR_ENTRY: StructType = struct(req('ErrorCode'), opt('ErrorField'), opt('ErrorMessage'));

/** `SuccessCode, Errors?{Error*}, Timestamp?`: the children of every response header. */
export const RESPONSE_HEADER_FIELDS: readonly FieldDef[] = [
  req('SuccessCode'),
  opt('Errors', listOf('Error', ERROR_ENTRY)),
  opt('Timestamp'),
];

/** The SOAP 1.1 envelope namespace. */
export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/** The XML Schema instance namespace (for `xsi:nil`). */
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/** Base URLs of the two GlobalSign systems (spec/WIRE-NOTES.md). */
export const ENDPOINTS: Readonly<Record<'production' | 'test', string>> = {
  production: 'https://system.globalsign.com',
  test: 'https://test-gcc.globalsign.com',
};

/**
 * Element names whose text is secret: replaced by `***` in everything a hook or a log sees. One list for the
 * whole library.
 */
export const SECRET_ELEMENTS: readonly string[] = [
  'Password',
  'PKCS12PIN',
  'PickupPassword',
  'Pin',
  'PIN',
  'PKCS12Password',
];
