/**
 * The base of every client: options, endpoint resolution, one `call` that validates, builds, sends, reads and maps
 * a SOAP operation. Subclasses add one typed method per operation.
 *
 * @module
 */
import {
  type ApiErrorDetail,
  GlobalSignApiError,
  OrderOutcomeUnknownError,
  type OrderSubmission,
  OutcomeUnknownError,
  ValidationError,
} from '../errors.ts';
import { ENDPOINTS } from '../services/common.ts';
import { fieldIssues } from '../services/fields-check.ts';
import { OUTCOME_WORDS, outcomeTarget } from '../services/outcomes.ts';
import { type Schema, validate } from '../services/validate.ts';
import { buildRequest, parseResponse } from '../soap/envelope.ts';
import { scrubError, scrubText } from '../soap/redact.ts';
import type { OperationDef, ResponseHeader, ServiceDef } from '../soap/schema.ts';
import { exchange, type RequestEvent, type ResponseEvent, type Secrets } from '../soap/transport.ts';

export type { RequestEvent, ResponseEvent } from '../soap/transport.ts';

/** Options of every client. Credentials stay here and never in request objects. */
export interface ClientOptions {
  readonly username: string;
  readonly password: string;
  /** `'production'` (default), `'test'`, or a base URL such as `http://127.0.0.1:8089` (service path appended). */
  readonly endpoint?: 'production' | 'test' | (string & {});
  /** Injected `fetch` (default `globalThis.fetch`), e.g. `sim.fetch`. */
  readonly fetch?: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** Time limit per attempt in ms (default 60 000 for orders, 30 000 for queries). */
  readonly timeoutMs?: number;
  /** Extra attempts for read-only operations (default 2). Orders are never retried. */
  readonly retries?: number;
  /** Base of the exponential backoff between retries, in ms (default 250; full jitter). */
  readonly retryBaseMs?: number;
  /** Largest response body accepted, in bytes (default 16 MiB); larger ones are refused unread. */
  readonly maxResponseBytes?: number;
  /** Sees each request with passwords, PINs and pickup passwords replaced by `***`. */
  readonly onRequest?: (e: RequestEvent) => void;
  /** Sees each response (redacted), its status and duration. */
  readonly onResponse?: (e: ResponseEvent) => void;
}

/** Per-call options. */
export interface CallOptions {
  /** Aborts the call; for a change already sent this gives an `OutcomeUnknownError` (`OrderOutcomeUnknownError` for an order). */
  readonly signal?: AbortSignal;
  /** Overrides the client's time limit for this call. */
  readonly timeoutMs?: number;
}

/** A successful response: the operation's fields plus the warnings of `SuccessCode 1` (else empty). */
export type WithWarnings<T> = T & { readonly warnings: readonly ApiErrorDetail[] };

/**
 * Resolves `endpoint` to the full URL of a service.
 *
 * @example
 * ```ts
 * serviceUrl('test', EPKI_SERVICE); // 'https://test-gcc.globalsign.com/cr/ws/GasOrderService'
 * serviceUrl('http://127.0.0.1:8089/', EPKI_SERVICE); // 'http://127.0.0.1:8089/cr/ws/GasOrderService'
 * ```
 */
export function serviceUrl(endpoint: string | undefined, service: ServiceDef): string {
  const base =
    endpoint === undefined || endpoint === 'production' || endpoint === 'test'
      ? ENDPOINTS[endpoint ?? 'production']
      : endpoint.replace(/\/+$/, '');
  return base + service.path;
}

/**
 * Shared machinery of EpkiClient, MsslClient, QueryClient and AccountClient.
 *
 * @example
 * ```ts
 * class CancelOnly extends BaseClient {
 *   constructor(o: ClientOptions) { super(EPKI_SERVICE, o, EPKI_ERROR_CODES); }
 *   cancel(r: { OrderID: string }) { return this.call<{ OrderID: string }>(EPKI_OPERATIONS.Cancel, r); }
 * }
 * ```
 */
export abstract class BaseClient {
  /** The service URL this client posts to. */
  readonly url: string;
  readonly #options: ClientOptions;
  readonly #codes: Readonly<Record<string, string>>;

  protected constructor(service: ServiceDef, options: ClientOptions, codes: Readonly<Record<string, string>>) {
    if (typeof options?.username !== 'string' || typeof options.password !== 'string') {
      throw new TypeError('username and password are required client options');
    }
    this.url = serviceUrl(options.endpoint, service);
    this.#options = options;
    this.#codes = codes;
  }

  /**
   * Validates `input` with the field table (every field's type, length and allowed values, from the guides) and with
   * `schema` (the operation's cross-field rules, when given), sends the operation and maps the answer: `SuccessCode -1` throws
   * {@link GlobalSignApiError}; otherwise the body is returned with `warnings`.
   */
  protected async call<T>(
    op: OperationDef,
    input: unknown,
    schema?: Schema<Readonly<Record<string, unknown>>>,
    options: CallOptions = {},
  ): Promise<WithWarnings<T>> {
    const request = checked(op, input, schema);
    const o = this.#options;
    const secrets = secretsOf(op, o.password, request);
    try {
      return await this.#send<T>(op, request, secrets, options);
    } catch (e) {
      throw scrubError(e, secrets.values);
    }
  }

  async #send<T>(
    op: OperationDef,
    request: Readonly<Record<string, unknown>>,
    secrets: Secrets,
    options: CallOptions,
  ): Promise<WithWarnings<T>> {
    const o = this.#options;
    const xml = buildRequest(op, { username: o.username, password: o.password }, request);
    const { header, body } = await exchange({
      operation: op.name,
      kind: op.kind,
      url: this.url,
      xml,
      fetch: o.fetch ?? globalThis.fetch.bind(globalThis),
      timeoutMs: options.timeoutMs ?? o.timeoutMs ?? (op.kind === 'order' ? 60_000 : 30_000),
      retries: o.retries ?? 2,
      retryBaseMs: o.retryBaseMs ?? 250,
      maxResponseBytes: o.maxResponseBytes ?? 16 * 1024 * 1024,
      signal: options.signal,
      onRequest: o.onRequest,
      onResponse: o.onResponse,
      secrets,
      parse: (status, text) => parseResponse(op, text, status),
      outcomeUnknown: (sentAt, cause) => this.#lost(op, request, sentAt, cause),
    });
    const details = this.explain(header).map((d) => scrubDetail(d, secrets.values));
    if (header.SuccessCode !== '0' && header.SuccessCode !== '1') throw new GlobalSignApiError(op.name, details);
    return { ...body, warnings: details } as WithWarnings<T>;
  }

  /** The error of a lost answer: an order's (reconcile it), or another change's, in that operation's words. */
  #lost(op: OperationDef, request: Readonly<Record<string, unknown>>, sentAt: string, cause: unknown): Error {
    const failedAt = new Date().toISOString();
    const words = OUTCOME_WORDS[op.name];
    if (words?.places) {
      const submission = { ...this.describeSubmission(op, request), operation: op.name, sentAt, failedAt };
      return new OrderOutcomeUnknownError(submission, { cause });
    }
    const target = outcomeTarget(request);
    const service = op.service.name === 'EPKI' ? 'EPKI' : 'MSSL';
    const lost = { service, operation: op.name, sentAt, failedAt, ...words };
    return new OutcomeUnknownError(target === undefined ? lost : { ...lost, target }, { cause });
  }

  /** Adds the guide's explanation to each error entry. */
  protected explain(header: ResponseHeader): ApiErrorDetail[] {
    return header.Errors.map((e) => {
      const explanation = this.#codes[e.ErrorCode.trim()];
      return explanation === undefined ? { ...e } : { ...e, explanation };
    });
  }

  /**
   * What reconciliation needs to find an order whose outcome is unknown. The default looks for the usual wire names
   * at the top level and one level down; clients override it where their requests differ.
   */
  protected describeSubmission(
    op: OperationDef,
    request: Readonly<Record<string, unknown>>,
  ): Omit<OrderSubmission, 'operation' | 'sentAt' | 'failedAt'> {
    const find = (...names: string[]): string | undefined => pick(request, names);
    const out: { -readonly [K in keyof OrderSubmission]?: OrderSubmission[K] } = {
      service: op.service.name === 'EPKI' ? 'EPKI' : 'MSSL',
    };
    const fields = {
      productCode: find('ProductCode'),
      profileId: find('ProfileID', 'ProfileOrderNo', 'MSSLProfileID'),
      commonName: find('CommonName'),
      email: find('SubscriberEmailAddress', 'SANRFC822EmailAddress', 'Email'),
      csr: find('CSR'),
    };
    for (const [k, val] of Object.entries(fields)) if (val !== undefined) (out as Record<string, string>)[k] = val;
    return out as Omit<OrderSubmission, 'operation' | 'sentAt' | 'failedAt'>;
  }
}

/**
 * The request after the operation's rules (`schema`, whose messages are the more specific, so they are reported
 * alone when they fail) and then the field table (types, lengths, allowed values and required elements of every
 * field, from the guides).
 */
function checked(
  op: OperationDef,
  input: unknown,
  schema: Schema<Readonly<Record<string, unknown>>> | undefined,
): Readonly<Record<string, unknown>> {
  const request = schema ? validate(schema, input) : (input as Readonly<Record<string, unknown>>);
  const table = fieldIssues(op, input);
  if (table.length > 0) throw new ValidationError(table);
  return request;
}

/** The secret element names of the service and the secret values this request carries (its password, PINs…). */
function secretsOf(op: OperationDef, password: string, request: Readonly<Record<string, unknown>>): Secrets {
  const elements = op.service.envelope.secretElements;
  const names = new Set(elements);
  const values = new Set<string>([password]);
  const walk = (node: unknown, depth: number): void => {
    if (depth > 16 || typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      // `AUTOGEN` asks GlobalSign to make the PIN: a keyword, not a secret (scrubbing it would garble messages).
      if (names.has(key) && typeof value === 'string') {
        if (value.toUpperCase() !== 'AUTOGEN') values.add(value);
      } else walk(value, depth + 1);
    }
  };
  walk(request, 0);
  return { elements, values: [...values].filter((v) => v !== '') };
}

/** An error entry with the request's secret values removed from the server's texts. */
function scrubDetail(d: ApiErrorDetail, secrets: readonly string[]): ApiErrorDetail {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(d)) if (typeof v === 'string') out[k] = scrubText(v, secrets);
  return out as unknown as ApiErrorDetail;
}

/** The first string value among `names`, at the top level of `node` or one object level below. */
function pick(node: Readonly<Record<string, unknown>>, names: readonly string[]): string | undefined {
  for (const name of names) if (typeof node[name] === 'string') return node[name] as string;
  for (const child of Object.values(node)) {
    if (typeof child !== 'object' || child === null || Array.isArray(child)) continue;
    for (const name of names) {
      const v = (child as Record<string, unknown>)[name];
      if (typeof v === 'string') return v;
    }
  }
  return undefined;
}
