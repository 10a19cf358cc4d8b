/**
 * HTTP transport of the SOAP core over an injected `fetch`: one POST per attempt, time limits through AbortSignal,
 * retries with exponential backoff and full jitter for read-only operations only, redacted hooks.
 *
 * @module
 */
import { HttpError, isGlobalSignError, TimeoutError, XmlError } from '../errors.ts';
import type { OperationKind } from './schema.ts';
import { redactXml, scrubError } from './redact.ts';

/** What must never leave the library: secret element names (redacted whatever their form) and secret values. */
export interface Secrets {
  /** Local names of the elements whose content is secret (`Password`, `PIN`…). */
  readonly elements: readonly string[];
  /** The request's own secret values (its password, PINs, pickup passwords), scrubbed from every text. */
  readonly values: readonly string[];
}

/** What `onRequest` receives: the request XML with every secret replaced by `***`. */
export interface RequestEvent {
  readonly operation: string;
  readonly url: string;
  readonly xml: string;
}

/** What `onResponse` receives: status, redacted XML and the time the attempt took. */
export interface ResponseEvent {
  readonly operation: string;
  readonly status: number;
  readonly xml: string;
  readonly ms: number;
}

/** One SOAP exchange to perform. */
export interface Exchange<T> {
  readonly operation: string;
  readonly kind: OperationKind;
  readonly url: string;
  readonly xml: string;
  readonly fetch: typeof globalThis.fetch;
  readonly timeoutMs: number;
  /** Extra attempts for kind `'query'`; ignored for `'order'`. */
  readonly retries: number;
  /** Base of the exponential backoff, in ms. */
  readonly retryBaseMs: number;
  readonly signal?: AbortSignal | undefined;
  readonly onRequest?: ((e: RequestEvent) => void) | undefined;
  readonly onResponse?: ((e: ResponseEvent) => void) | undefined;
  /** Largest response body read, in bytes; a larger one is refused without reading the rest. */
  readonly maxResponseBytes: number;
  /** Reads the body; may throw the typed errors of `parseResponse`. */
  readonly parse: (status: number, text: string) => T;
  /** For kind `'order'`: the error to throw when the request may have reached the server but no answer came. */
  readonly outcomeUnknown: (sentAt: string, cause: unknown) => Error;
  /** Redacted from what hooks see and scrubbed from every error thrown. */
  readonly secrets: Secrets;
}

/** A failure for which a read-only operation may be retried. */
function retryable(e: unknown): boolean {
  if (e instanceof HttpError) return e.status === 0 || e.status >= 500;
  return e instanceof TimeoutError && e.timeoutMs !== undefined;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

/**
 * Performs the exchange: for kind `'query'` up to `1 + retries` attempts on network errors, 5xx (not SOAP Faults)
 * and timeouts; for kind `'order'` exactly one attempt, a timeout or network failure after sending becoming the
 * error of `outcomeUnknown`.
 *
 * @example
 * ```ts
 * const out = await exchange({ operation: 'GetOrders', kind: 'query', url, xml, fetch, timeoutMs: 30_000,
 *   retries: 2, retryBaseMs: 250, parse: (s, t) => parseResponse(op, t, s), outcomeUnknown: (_, c) => c as Error });
 * ```
 */
export async function exchange<T>(x: Exchange<T>): Promise<T> {
  try {
    return await withRetries(x);
  } catch (e) {
    throw scrubError(e, x.secrets.values);
  }
}

async function withRetries<T>(x: Exchange<T>): Promise<T> {
  const attempts = x.kind === 'query' ? 1 + Math.max(0, x.retries) : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptOnce(x);
    } catch (e) {
      if (attempt >= attempts || !retryable(e) || x.signal?.aborted) throw e;
      const cap = x.retryBaseMs * 2 ** (attempt - 1);
      await sleep(Math.random() * cap, x.signal);
    }
  }
}

async function attemptOnce<T>(x: Exchange<T>): Promise<T> {
  if (x.signal?.aborted) throw new TimeoutError(`${x.operation}: aborted by the caller before sending`);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, x.timeoutMs);
  const onAbort = (): void => controller.abort();
  x.signal?.addEventListener('abort', onAbort, { once: true });
  const started = Date.now();
  const sentAt = new Date(started).toISOString();
  hook(() =>
    x.onRequest?.({ operation: x.operation, url: x.url, xml: redactXml(x.xml, x.secrets.elements, x.secrets.values) }),
  );
  let status: number;
  let text: string;
  try {
    const res = await x.fetch(x.url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
      body: x.xml,
      signal: controller.signal,
    });
    status = res.status;
    text = await readLimited(res, x.maxResponseBytes, x.operation, controller.signal);
  } catch (e) {
    if (e instanceof HttpError && e.status > 0) throw x.kind === 'order' ? x.outcomeUnknown(sentAt, e) : e;
    const failure = transportFailure(x, e, timedOut);
    throw x.kind === 'order' ? x.outcomeUnknown(sentAt, failure) : failure;
  } finally {
    clearTimeout(timer);
    x.signal?.removeEventListener('abort', onAbort);
  }
  const ms = Date.now() - started;
  hook(() =>
    x.onResponse?.({ operation: x.operation, status, xml: redactXml(text, x.secrets.elements, x.secrets.values), ms }),
  );
  try {
    return x.parse(status, text);
  } catch (e) {
    throw x.kind === 'order' && answerLeavesOutcomeUnknown(e) ? x.outcomeUnknown(sentAt, e) : e;
  }
}

/**
 * An order's answer that proves nothing about the order: a server error that is not a SOAP answer (a gateway's
 * 500, 502 or 504 page: the service may have placed the order behind it), a 2xx answer that is not SOAP (a proxy's
 * or captive portal's HTML page), or a body that is cut short, not XML or not a SOAP envelope. A SOAP Fault or a
 * business error is a refusal, and a 4xx page an answer from before the service.
 */
function answerLeavesOutcomeUnknown(e: unknown): boolean {
  return e instanceof XmlError || (e instanceof HttpError && (e.status >= 500 || (e.status >= 200 && e.status < 300)));
}

/**
 * Reads a body as text, refusing (and cancelling) one larger than `max` bytes, and giving up when `signal` aborts
 * even if the body stream ignores it (a `fetch` that does not tie its body to the signal would otherwise hang).
 */
async function readLimited(res: Response, max: number, operation: string, signal: AbortSignal): Promise<string> {
  const tooLarge = (): HttpError =>
    new HttpError(res.status || 200, '', `${operation}: response larger than ${max} bytes (maxResponseBytes) refused`);
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (declared > max) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!res.body) return res.text();
  const reader = res.body.getReader();
  const onAbort = (): void => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal.aborted) throw new Error(`${operation}: body read aborted`);
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return decodeUtf8(concat(chunks, size), res.status, operation);
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return all;
}

/** UTF-8, strictly for a 2xx answer (bytes that are not UTF-8 are not an XML document we may read). */
function decodeUtf8(bytes: Uint8Array, status: number, operation: string): string {
  if (status < 200 || status >= 300) return new TextDecoder().decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new XmlError(`${operation}: the response is not valid UTF-8`);
  }
}

function transportFailure(x: Exchange<unknown>, e: unknown, timedOut: boolean): Error {
  if (timedOut)
    return new TimeoutError(`${x.operation}: no response within ${x.timeoutMs} ms`, x.timeoutMs, { cause: e });
  if (x.signal?.aborted) return new TimeoutError(`${x.operation}: aborted by the caller`, undefined, { cause: e });
  if (isGlobalSignError(e)) return e;
  const reason = e instanceof Error ? e.message : String(e);
  const err = new HttpError(0, '', `${x.operation}: network error: ${reason}`);
  Object.defineProperty(err, 'cause', { value: e, configurable: true, writable: true });
  return err;
}

/** Hooks are observers: an exception thrown by one must not turn a completed order into a failure. */
function hook(fn: () => void): void {
  try {
    fn();
  } catch {
    // ignored on purpose
  }
}
