/**
 * The simulator's HTTP face: a Web-standard `fetch` handler that routes by path to a service, reads the SOAP request
 * with the same tables the clients use, authenticates, applies faults, runs the operation's handler and writes the
 * response (SuccessCode 0, 1 with warnings, or -1 with the guide's codes; SOAP Faults for unreadable requests).
 *
 * @module
 */
import type { ApiErrorDetail } from '../errors.ts';
import type { FieldDef, OperationDef, ResponseHeader, ServiceDef } from '../soap/schema.ts';
import { buildFault, buildResponse, parseRequest, SoapRequestError } from '../soap/server.ts';
import { MAX_BODY_BYTES, readBody } from './body.ts';
import type { HandlerContext, HandlerMap } from './context.ts';
import { type FaultPicker, sleep } from './faults.ts';
import { SimApiError } from './sim-error.ts';

/** One service the router serves. */
export interface RoutedService {
  readonly service: ServiceDef;
  readonly operations: readonly OperationDef[];
  readonly handlers: HandlerMap;
  /** Codes this service answers for a bad login and for a source IP that is not allowed. */
  readonly codes: { readonly auth: string; readonly ip: string; readonly disabled: string };
}

/** What the router needs from the simulator. */
export interface RouterDeps {
  readonly services: readonly RoutedService[];
  readonly context: Omit<HandlerContext, 'account'>;
  readonly faults: () => FaultPicker;
  readonly latencyMs: () => number;
  /** Serialises state changes: one operation at a time, as a database transaction would. */
  readonly serial: <T>(fn: () => Promise<T>) => Promise<T>;
}

const XML = { 'content-type': 'text/xml; charset=utf-8' };

const fault = (code: string, text: string): Response =>
  new Response(buildFault(code, text), { status: 500, headers: XML });

function missing(fields: readonly FieldDef[], value: Record<string, unknown>, path: string): string | undefined {
  for (const f of fields) {
    const v = value[f.name];
    if (v === undefined) {
      // An empty element reads as absent: a struct whose children are all optional may legitimately be empty.
      const emptyStruct = typeof f.type === 'object' && 'struct' in f.type && f.type.struct.every((c) => c.optional);
      if (!f.optional && !emptyStruct) return `${path}${f.name}`;
      continue;
    }
    if (typeof f.type === 'object' && 'struct' in f.type && typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const inner = missing(f.type.struct, v as Record<string, unknown>, `${path}${f.name}.`);
      if (inner) return inner;
    }
  }
  return undefined;
}

function answer(op: OperationDef, header: ResponseHeader, body: Record<string, unknown>): Response {
  return new Response(buildResponse(op, header, body), { status: 200, headers: XML });
}

function failure(op: OperationDef, now: Date, e: SimApiError): Response {
  const error: ApiErrorDetail = {
    ErrorCode: e.code,
    ...(e.field ? { ErrorField: e.field } : {}),
    ErrorMessage: e.message,
  };
  return answer(op, { SuccessCode: '-1', Errors: [error], Timestamp: now.toISOString() }, {});
}

/**
 * Creates the fetch handler.
 *
 * @example
 * ```ts
 * const fetch = createRouter(deps);
 * const res = await fetch(new Request('http://sim/cr/ws/GasOrderService', { method: 'POST', body: xml }));
 * ```
 */
export function createRouter(deps: RouterDeps): (request: Request) => Promise<Response> {
  const byPath = new Map(deps.services.map((s) => [s.service.path.toLowerCase(), s]));
  return async (request) => {
    const path = new URL(request.url).pathname.replace(/\/+$/, '').toLowerCase();
    const routed = byPath.get(path);
    if (!routed)
      return new Response('<html><body>404 Not Found</body></html>', {
        status: 404,
        headers: { 'content-type': 'text/html' },
      });
    if (request.method !== 'POST')
      return new Response('Method Not Allowed', { status: 405, headers: { allow: 'POST' } });
    const body = await readBody(request, MAX_BODY_BYTES);
    if ('refused' in body)
      return body.refused === 'tooLarge'
        ? new Response('Request Entity Too Large', { status: 413 })
        : fault('soap:Client', 'Unmarshalling Error: Invalid byte sequence: the request is not UTF-8');
    let parsed: ReturnType<typeof parseRequest>;
    try {
      parsed = parseRequest(body.text, routed.operations);
    } catch (e) {
      if (e instanceof SoapRequestError) return fault(e.faultCode, e.faultString);
      throw e;
    }
    const latency = deps.latencyMs();
    if (latency > 0) await sleep(latency, request.signal);
    const kind = deps.faults().pick(parsed.op.name);
    if (kind === 'http500')
      return new Response('<html><body>500 Internal Server Error</body></html>', {
        status: 500,
        headers: { 'content-type': 'text/html' },
      });
    if (kind === 'soapFault') return fault('soap:Server', 'Fault occurred while processing.');
    if (kind === 'dropBeforeApply')
      throw new TypeError('fetch failed: connection reset (simulated, before the request was processed)');
    const response = await deps.serial(() => run(deps, routed, parsed, request));
    if (kind === 'drop')
      throw new TypeError('fetch failed: connection reset (simulated, after the request was processed)');
    if (kind === 'malformed') return new Response((await response.text()).slice(0, 120), { status: 200, headers: XML });
    if (kind === 'hang') {
      await sleep(300_000, request.signal);
      throw new TypeError('fetch failed: no response (simulated)');
    }
    return response;
  };
}

async function run(
  deps: RouterDeps,
  routed: RoutedService,
  parsed: ReturnType<typeof parseRequest>,
  request: Request,
): Promise<Response> {
  const { op } = parsed;
  const now = deps.context.clock.now();
  const account = parsed.credentials && deps.context.state.accounts.get(parsed.credentials.username);
  try {
    if (!account || account.password !== parsed.credentials?.password) {
      throw new SimApiError(routed.codes.auth, 'AuthToken', 'Login failure: UserName or Password is incorrect');
    }
    if (account.disabled)
      throw new SimApiError(routed.codes.disabled, 'AuthToken', 'the account is disabled or locked');
    const ip = request.headers.get('x-simulator-client-ip') ?? '127.0.0.1';
    if (account.allowedIps.length && !account.allowedIps.includes(ip)) {
      throw new SimApiError(routed.codes.ip, undefined, `IP Address Out of Range: ${ip}`);
    }
    const absent = missing(op.request, parsed.request, '');
    if (absent) throw new SimApiError('-102', absent, `Mandatory parameter missing: ${absent}`);
    const handler = routed.handlers[op.name];
    if (!handler) return fault('soap:Server', `${op.name} is not implemented by the simulator`);
    const result = await handler({ ...deps.context, account }, parsed.request);
    const warnings = result.warnings ?? [];
    const header: ResponseHeader = {
      SuccessCode: warnings.length ? '1' : '0',
      Errors: warnings,
      Timestamp: now.toISOString(),
    };
    return answer(op, header, result.body);
  } catch (e) {
    if (e instanceof SimApiError) return failure(op, now, e);
    throw e;
  }
}
