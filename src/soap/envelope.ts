/**
 * Client side of the SOAP envelope: build a request document from an operation table, read a response document
 * into its header and body, and redact secrets from XML that hooks see.
 *
 * @module
 */
import { HttpError, SoapFaultError, XmlError } from '../errors.ts';
import { AUTH_TOKEN_FIELDS, RESPONSE_HEADER_FIELDS, SECRET_ELEMENTS, SOAP_ENV_NS, XSI_NS } from '../services/common.ts';
import type { Credentials, OperationDef, ResponseHeader } from '../services/types.ts';
import { decodeFields, encodeFields } from './codec.ts';
import { childOf, firstElementName, parseXml } from './xml.ts';

/**
 * Builds the SOAP 1.1 request document: the wrapper element qualified with the service namespace, everything below
 * it unqualified, the header `AuthToken` from `credentials`, then the request fields in table order.
 *
 * @example
 * ```ts
 * const xml = buildRequest(EPKI_OPERATIONS.Cancel, { username: 'u', password: 'p' }, { OrderID: 'CE123' });
 * ```
 */
export function buildRequest(
  op: OperationDef,
  credentials: Credentials,
  request: Readonly<Record<string, unknown>>,
): string {
  const header = encodeFields(AUTH_TOKEN_FIELDS, {
    AuthToken: { UserName: credentials.username, Password: credentials.password },
  });
  const body = encodeFields(op.request, request);
  return (
    `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="${SOAP_ENV_NS}" xmlns:xsi="${XSI_NS}">` +
    `<soap:Body><ws:${op.name} xmlns:ws="${op.service.namespace}"><Request>` +
    `<${op.requestHeader}>${header}</${op.requestHeader}>${body}</Request></ws:${op.name}></soap:Body></soap:Envelope>`
  );
}

/** The parsed response: normalised header and the `<Response>` children after the header. */
export interface ParsedResponse {
  readonly header: ResponseHeader;
  readonly body: Record<string, unknown>;
}

// Comments before the root: each matched by a body that cannot contain `-->`, so there is one way to match a run of
// them (`[\s\S]*?` there let a hostile prolog of 30 comments backtrack for seconds).
const ENVELOPE_START = /^\uFEFF?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--(?:[^-]|-(?!->))*-->\s*)*<([\w.-]+:)?Envelope[\s>/]/;
const ENVELOPE_END = /<\/(?:[\w.-]+:)?Envelope\s*>\s*$/;

/**
 * The first characters of a body, single-spaced, for error messages.
 *
 * @example
 * ```ts
 * excerpt('<html>\n<body>Bad gateway</body></html>'); // '<html> <body>Bad gateway</body></html>'
 * ```
 */
export function excerpt(body: string, max = 200): string {
  const flat = body
    .slice(0, max * 2)
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * Reads a response document. A SOAP Fault gives {@link SoapFaultError}; a body that is not a SOAP envelope, or a
 * non-2xx status without a Fault, gives {@link HttpError} with an excerpt; an envelope that is truncated, has a
 * DOCTYPE or lacks the expected elements gives {@link XmlError}. `SuccessCode` is not interpreted here.
 *
 * @example
 * ```ts
 * const { header, body } = parseResponse(EPKI_OPERATIONS.Cancel, await res.text(), res.status);
 * if (header.SuccessCode === '-1') console.log(header.Errors);
 * ```
 */
export function parseResponse(op: OperationDef, xml: string, status: number): ParsedResponse {
  const ok = status >= 200 && status < 300;
  if (!ENVELOPE_START.test(xml)) {
    throw new HttpError(status, excerpt(xml), `${op.name}: HTTP ${status}, not a SOAP response: ${excerpt(xml, 120)}`);
  }
  if (!ENVELOPE_END.test(xml)) throw new XmlError(`${op.name}: truncated SOAP response (HTTP ${status})`);
  const body = childOf(childOf(parseXml(xml), 'Envelope'), 'Body');
  const fault = childOf(body, 'Fault');
  if (fault !== undefined) {
    const code = childOf(fault, 'faultcode');
    const text = childOf(fault, 'faultstring');
    throw new SoapFaultError(typeof code === 'string' ? code : '', typeof text === 'string' ? text : '', status);
  }
  if (!ok) throw new HttpError(status, excerpt(xml));
  const wrapper = childOf(body, op.responseElement);
  if (wrapper === undefined) {
    const found = firstElementName(body);
    throw new XmlError(`${op.name}: expected <${op.responseElement}>, found ${found ? `<${found}>` : 'nothing'}`);
  }
  const response = childOf(wrapper, 'Response');
  const headerNode = childOf(response, op.responseHeader);
  if (typeof headerNode !== 'object' || headerNode === null) {
    throw new XmlError(`${op.name}: response lacks <Response><${op.responseHeader}>`);
  }
  return { header: decodeHeader(headerNode, op), body: decodeFields(op.response, response) };
}

function decodeHeader(node: unknown, op: OperationDef): ResponseHeader {
  const raw = decodeFields(RESPONSE_HEADER_FIELDS, node, op.responseHeader);
  if (typeof raw.SuccessCode !== 'string') throw new XmlError(`${op.name}: response header lacks SuccessCode`);
  const header: { SuccessCode: string; Errors: ResponseHeader['Errors']; Timestamp?: string } = {
    SuccessCode: raw.SuccessCode.trim(),
    Errors: (raw.Errors as ResponseHeader['Errors'] | undefined) ?? [],
  };
  if (typeof raw.Timestamp === 'string') header.Timestamp = raw.Timestamp;
  return header;
}

const SECRET_PATTERN = new RegExp(`<((?:[\\w.-]+:)?(?:${SECRET_ELEMENTS.join('|')}))(\\s[^>]*)?>[^<]*</\\1\\s*>`, 'g');

/**
 * Replaces the text of every secret element ({@link SECRET_ELEMENTS}: passwords, PINs, pickup passwords) with `***`.
 *
 * @example
 * ```ts
 * redactXml('<AuthToken><UserName>u</UserName><Password>s3cret</Password></AuthToken>');
 * // '<AuthToken><UserName>u</UserName><Password>***</Password></AuthToken>'
 * ```
 */
export function redactXml(xml: string): string {
  return xml.replace(
    SECRET_PATTERN,
    (_m, name: string, attrs: string | undefined) => `<${name}${attrs ?? ''}>***</${name}>`,
  );
}
