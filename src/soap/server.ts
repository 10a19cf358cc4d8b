/**
 * Server side of the SOAP envelope, for the simulator: read a request document with the same tables the clients
 * write it with, and write responses and CXF-style Faults.
 *
 * @module
 */
import { isGlobalSignError } from '../errors.ts';
import {
  type Credentials,
  type FieldDef,
  type FieldType,
  type OperationDef,
  type ResponseHeader,
  SOAP_ENV_NS,
  XSI_NS,
} from './schema.ts';
import { decodeFields, encodeFields } from './codec.ts';
import { childOf, escapeXml, firstElementName, parseXml } from './xml.ts';

/**
 * A request the server cannot unmarshal: answer it with {@link buildFault} (`soap:Client`, HTTP 500), as CXF does.
 *
 * @example
 * ```ts
 * try { parseRequest(xml, ops); } catch (e) { if (e instanceof SoapRequestError) return fault(e.faultString); }
 * ```
 */
export class SoapRequestError extends Error {
  /** The fault code to answer with. */
  readonly faultCode: string = 'soap:Client';
  /** The text for `<faultstring>`. */
  readonly faultString: string;
  constructor(faultString: string, options?: { cause?: unknown }) {
    super(faultString, options);
    this.name = 'SoapRequestError';
    this.faultString = faultString;
  }
}

/** A request read by {@link parseRequest}. */
export interface ParsedSoapRequest {
  readonly op: OperationDef;
  /** From the request header's `AuthToken`; `undefined` when absent or incomplete. */
  readonly credentials: Credentials | undefined;
  /** The `<Request>` children after the header, decoded per the operation table. */
  readonly request: Record<string, unknown>;
}

const BY_NAME = new WeakMap<readonly OperationDef[], ReadonlyMap<string, OperationDef>>();

function operationMap(operations: readonly OperationDef[]): ReadonlyMap<string, OperationDef> {
  let map = BY_NAME.get(operations);
  if (!map) {
    map = new Map(operations.map((op) => [op.name, op]));
    BY_NAME.set(operations, map);
  }
  return map;
}

/**
 * Reads a request document: finds the operation by its wrapper element among `operations`, the credentials in the
 * header, and decodes the request fields. As strict as GlobalSign's Apache CXF: throws {@link SoapRequestError} for
 * unreadable XML, a DOCTYPE, an unknown wrapper, a missing `<Request>`, an element the table does not know or has
 * at another place in the sequence, a required element left out, a repeated element the table allows once, or a
 * value not of its XML type. A required element present but empty is left to the handler (the guide's -102).
 *
 * @example
 * ```ts
 * const { op, credentials, request } = parseRequest(await req.text(), Object.values(EPKI_OPERATIONS));
 * ```
 */
export function parseRequest(xml: string, operations: readonly OperationDef[]): ParsedSoapRequest {
  const doc = guard(() => parseXml(xml, { strict: true }));
  const body = childOf(childOf(doc, 'Envelope'), 'Body');
  const wrapperName = firstElementName(body);
  if (wrapperName === undefined) throw new SoapRequestError('Unmarshalling Error: no SOAP Envelope/Body element');
  const op = operationMap(operations).get(wrapperName);
  if (!op) throw new SoapRequestError(`Unexpected wrapper element ${wrapperName} found. No such operation.`);
  checkChildren(body as object, [wrapperName], wrapperName);
  const wrapper = childOf(body, wrapperName);
  const requestNode = childOf(wrapper, 'Request');
  if (typeof requestNode !== 'object' || requestNode === null) {
    throw new SoapRequestError(`Unmarshalling Error: ${wrapperName} has no <Request> element`);
  }
  checkChildren(wrapper as object, ['Request'], 'Request');
  checkSequence(requestFields(op), requestNode, 'Request');
  const envelope = op.service.envelope;
  const header = guard(() => decodeFields(envelope.requestHeader, childOf(requestNode, op.requestHeader)));
  const credentials = envelope.readCredentials(header);
  const request = guard(() => decodeFields(op.request, requestNode));
  return { op, credentials, request };
}

const REQUEST_FIELDS = new WeakMap<OperationDef, readonly FieldDef[]>();

/** The children of `<Request>`: the header (holding the AuthToken), then the operation's fields. */
function requestFields(op: OperationDef): readonly FieldDef[] {
  let fields = REQUEST_FIELDS.get(op);
  if (!fields) {
    fields = [{ name: op.requestHeader, type: { struct: op.service.envelope.requestHeader } }, ...op.request];
    REQUEST_FIELDS.set(op, fields);
  }
  return fields;
}

/** JAXB's message for an element it has no place for (CXF prefixes it with "Unmarshalling Error: "). */
function unexpected(local: string, expected: readonly string[]): SoapRequestError {
  const list = expected.length ? expected.map((n) => `<{}${n}>`).join(',') : '(none)';
  return new SoapRequestError(
    `Unmarshalling Error: unexpected element (uri:"", local:"${local}"). Expected elements are ${list}`,
  );
}

/** The elements that may come at `pos` of a sequence: the optional ones up to and including the next required one. */
function expectedAt(fields: readonly FieldDef[], pos: number): string[] {
  const out: string[] = [];
  for (let i = pos; i < fields.length; i++) {
    out.push(fields[i]!.name);
    if (!fields[i]!.optional) break;
  }
  return out;
}

/** An element whose only children may be `names` (each once). */
function checkChildren(node: object, names: readonly string[], expected: string): void {
  for (const [name, value] of Object.entries(node)) {
    if (name === '#text') continue;
    if (!names.includes(name) || Array.isArray(value)) throw unexpected(name, [expected]);
  }
}

/**
 * Checks the children of a parsed element against a sequence: every element known, in table order, required ones
 * present, repeated only where the table allows it; then each child's own content. Text (where the table expects
 * elements) and empty elements are left to the decoder and the handlers.
 */
function checkSequence(fields: readonly FieldDef[], node: unknown, parent: string): void {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
  let pos = 0;
  for (const [name, value] of Object.entries(node)) {
    if (name === '#text') continue;
    let at = pos;
    while (at < fields.length && fields[at]!.name !== name) at++;
    const skipped = fields.slice(pos, at).some((f) => !f.optional);
    if (at === fields.length || skipped) throw unexpected(name, expectedAt(fields, pos));
    const field = fields[at]!;
    if (Array.isArray(value) && !field.repeated) throw unexpected(name, expectedAt(fields, at + 1));
    for (const item of Array.isArray(value) ? value : [value]) checkContent(field.type, item, name);
    pos = at + 1;
  }
  const rest = expectedAt(fields, pos);
  if (rest.length && !fields[pos + rest.length - 1]!.optional) {
    throw new SoapRequestError(
      `Unmarshalling Error: cvc-complex-type.2.4.b: The content of element '${parent}' is not complete. ` +
        `One of '{${rest.join(', ')}}' is expected.`,
    );
  }
}

function checkContent(type: FieldType, node: unknown, name: string): void {
  if (typeof type !== 'object') return;
  if ('struct' in type) checkSequence(type.struct, node, name);
  else checkSequence([{ name: type.item, type: type.of, optional: true, repeated: true }], node, name);
}

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isGlobalSignError(e)) throw new SoapRequestError(`Unmarshalling Error: ${e.message}`, { cause: e });
    throw e;
  }
}

/**
 * Writes a response document: `soap:` envelope, wrapper `ns2:<responseElement>` in the service namespace,
 * `<Response>`, the header, then the body fields in table order. Throws `ValidationError` if `body` does not fit
 * the table (a simulator bug, never a client's). With `SuccessCode` `-1` the body's required fields may be absent.
 *
 * @example
 * ```ts
 * buildResponse(EPKI_OPERATIONS.Cancel, { SuccessCode: '0', Errors: [] }, { OrderID: 'CE1' });
 * ```
 */
export function buildResponse(
  op: OperationDef,
  header: ResponseHeader,
  body: Readonly<Record<string, unknown>>,
): string {
  const head = encodeFields(op.service.envelope.responseHeader, { ...header }, op.responseHeader);
  // A failure answers the header alone (plus whatever the handler still gives): required body fields are waived.
  const fields =
    header.SuccessCode === '-1'
      ? op.response.filter((f) => body[f.name] != null || (f.alias !== undefined && body[f.alias] != null))
      : op.response;
  const rest = encodeFields(fields, body);
  return (
    `<soap:Envelope xmlns:soap="${SOAP_ENV_NS}" xmlns:xsi="${XSI_NS}"><soap:Body>` +
    `<ns2:${op.responseElement} xmlns:ns2="${op.service.namespace}"><Response>` +
    `<${op.responseHeader}>${head}</${op.responseHeader}>${rest}</Response></ns2:${op.responseElement}>` +
    `</soap:Body></soap:Envelope>`
  );
}

/**
 * Writes a SOAP 1.1 Fault as Apache CXF does (send it with HTTP 500).
 *
 * @example
 * ```ts
 * new Response(buildFault('soap:Client', 'Unmarshalling Error: ...'), { status: 500 });
 * ```
 */
export function buildFault(faultCode: string, faultString: string): string {
  const safe = (s: string): string => escapeXml(s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/gu, '?'), 'fault');
  return (
    `<soap:Envelope xmlns:soap="${SOAP_ENV_NS}"><soap:Body><soap:Fault>` +
    `<faultcode>${safe(faultCode)}</faultcode><faultstring>${safe(faultString)}</faultstring>` +
    `</soap:Fault></soap:Body></soap:Envelope>`
  );
}
