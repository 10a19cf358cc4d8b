/**
 * Client side of the SOAP envelope: build a request document from an operation table, read a response document
 * into its header and body. The headers around every operation come from the service's
 * `ServiceDef.envelope` (the service tables define them; this layer knows no GlobalSign element name).
 *
 * What is checked of a response: it must start (after an optional XML declaration and comments) with an `Envelope`
 * element in the SOAP 1.1 namespace, declared on that element; a `urn:not-soap` or SOAP 1.2 envelope is an
 * {@link XmlError}. `Body`, `Fault` and the operation's wrapper are then found by local name inside it, whatever
 * their prefix: GlobalSign's CXF stack qualifies them consistently, and the envelope check already proves the
 * document is SOAP 1.1.
 *
 * @module
 */
import { HttpError, SoapFaultError, XmlError } from '../errors.ts';
import { decodeFields, encodeFields } from './codec.ts';
import { type Credentials, type OperationDef, type ResponseHeader, SOAP_ENV_NS, XSI_NS } from './schema.ts';
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
  const envelope = op.service.envelope;
  const header = encodeFields(envelope.requestHeader, envelope.credentialsHeader(credentials));
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

// Comments (and a DOCTYPE, refused below) before the root: each matched by a body that cannot contain its own end, so
// there is one way to match a run of them (`[\s\S]*?` there let a hostile prolog of 30 comments backtrack for seconds).
const ENVELOPE_START =
  /^\uFEFF?\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--(?:[^-]|-(?!->))*-->|(<![Dd][Oo][Cc][Tt][Yy][Pp][Ee](?:[^[>]|\[[^\]]*\])*>))\s*)*<(?:([\w.-]+):)?Envelope(?=[\s>/])/;
const ENVELOPE_END = /<\/(?:[\w.-]+:)?Envelope\s*>\s*$/;

/** The namespace the Envelope start tag at `from` declares for its prefix (`xmlns:p="…"`, or `xmlns="…"`). */
function envelopeNamespace(xml: string, from: number, prefix: string | undefined): string | undefined {
  const end = xml.indexOf('>', from);
  const tag = xml.slice(from, end < 0 ? xml.length : end);
  const attr = prefix === undefined ? 'xmlns' : `xmlns:${prefix}`;
  const m = new RegExp(`\\s${attr.replaceAll('.', '\\.')}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Checks the start of a response: an Envelope of SOAP 1.1, no DOCTYPE; else the typed error of {@link parseResponse}. */
function checkEnvelope(op: OperationDef, xml: string, status: number): void {
  const start = ENVELOPE_START.exec(xml);
  if (!start) {
    throw new HttpError(status, excerpt(xml), `${op.name}: HTTP ${status}, not a SOAP response: ${excerpt(xml, 120)}`);
  }
  if (start[1] !== undefined) throw new XmlError('XML with a DOCTYPE or ENTITY declaration is refused');
  const ns = envelopeNamespace(xml, start[0].length, start[2]);
  if (ns !== SOAP_ENV_NS) {
    throw new XmlError(
      `${op.name}: not a SOAP 1.1 envelope (namespace ${ns === undefined ? 'undeclared' : excerpt(ns, 80)})`,
    );
  }
  if (!ENVELOPE_END.test(xml)) throw new XmlError(`${op.name}: truncated SOAP response (HTTP ${status})`);
}

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
 * non-2xx status without a Fault, gives {@link HttpError} with an excerpt; an envelope that is truncated, is preceded
 * by a DOCTYPE, is not in the SOAP 1.1 namespace or lacks the expected elements gives {@link XmlError}. `SuccessCode`
 * is not interpreted here.
 *
 * @example
 * ```ts
 * const { header, body } = parseResponse(EPKI_OPERATIONS.Cancel, await res.text(), res.status);
 * if (header.SuccessCode === '-1') console.log(header.Errors);
 * ```
 */
export function parseResponse(op: OperationDef, xml: string, status: number): ParsedResponse {
  const ok = status >= 200 && status < 300;
  checkEnvelope(op, xml, status);
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
  const envelope = op.service.envelope;
  const rawHeader = decodeFields(envelope.responseHeader, headerNode, op.responseHeader);
  return { header: envelope.readResponseHeader(rawHeader, op.name), body: decodeFields(op.response, response) };
}
