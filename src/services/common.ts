/**
 * What every GlobalSign service puts around its operations (request header with `AuthToken`, response header with
 * `SuccessCode` and error entries), the elements whose text is secret, and the endpoints. The schema language the
 * tables are written in lives in `src/soap/schema.ts`; its builders are re-exported here for the tables.
 *
 * @module
 */
import { XmlError } from '../errors.ts';
import {
  type Credentials,
  type EnvelopeDef,
  type FieldDef,
  listOf,
  opt,
  req,
  type ResponseHeader,
  type StructType,
  struct,
} from '../soap/schema.ts';

export { type FieldFlags, listOf, opt, req, SOAP_ENV_NS, struct, XSI_NS } from '../soap/schema.ts';

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

/** Base URLs of the two GlobalSign systems (../shared/spec/WIRE-NOTES.md). */
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

function readResponseHeader(raw: Readonly<Record<string, unknown>>, operation: string): ResponseHeader {
  if (typeof raw.SuccessCode !== 'string') throw new XmlError(`${operation}: response header lacks SuccessCode`);
  const header: { SuccessCode: string; Errors: ResponseHeader['Errors']; Timestamp?: string } = {
    SuccessCode: raw.SuccessCode.trim(),
    Errors: (raw.Errors as ResponseHeader['Errors'] | undefined) ?? [],
  };
  if (typeof raw.Timestamp === 'string') header.Timestamp = raw.Timestamp;
  return header;
}

function readCredentials(header: Readonly<Record<string, unknown>>): Credentials | undefined {
  const token = header.AuthToken as { UserName?: unknown; Password?: unknown } | undefined;
  return typeof token?.UserName === 'string' && typeof token.Password === 'string'
    ? { username: token.UserName, password: token.Password }
    : undefined;
}

/**
 * GlobalSign's envelope: `AuthToken` in every request header, `SuccessCode`/`Errors`/`Timestamp` in every response
 * header, {@link SECRET_ELEMENTS} secret. Every service table passes it to the SOAP layer.
 *
 * @example
 * ```ts
 * GLOBALSIGN_ENVELOPE.credentialsHeader({ username: 'u', password: 'p' });
 * // { AuthToken: { UserName: 'u', Password: 'p' } }
 * ```
 */
export const GLOBALSIGN_ENVELOPE: EnvelopeDef = {
  requestHeader: AUTH_TOKEN_FIELDS,
  credentialsHeader: (c) => ({ AuthToken: { UserName: c.username, Password: c.password } }),
  readCredentials,
  responseHeader: RESPONSE_HEADER_FIELDS,
  readResponseHeader,
  secretElements: SECRET_ELEMENTS,
};
