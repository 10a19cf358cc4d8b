/**
 * Network failures the CLI can explain: a `fetch` wrapper that names the endpoint and the cause (connection refused,
 * DNS, TLS, timeout, reset) of a request that got no HTTP answer. The library's transport keeps the wrapper's error
 * as the `cause` of its HttpError/TimeoutError, so the report can show it.
 *
 * @module
 */

/** Why a request got no HTTP answer. */
export type NetworkCause = 'refused' | 'dns' | 'tls' | 'timeout' | 'reset' | 'aborted' | 'other';

const TEXT: Readonly<Record<NetworkCause, string>> = {
  refused: 'connection refused (is the endpoint right, and the service up?)',
  dns: 'DNS lookup failed (unknown host)',
  tls: 'TLS handshake failed',
  timeout: 'timed out',
  reset: 'connection reset',
  aborted: 'aborted',
  other: 'network error',
};

/** A request to `endpoint` that got no HTTP answer, and why. */
export class EndpointFailure extends Error {
  readonly code = 'NETWORK';
  readonly endpoint: string;
  readonly reason: NetworkCause;
  /** The system's code, e.g. `ECONNREFUSED`, `ENOTFOUND`, `ERR_SSL_WRONG_VERSION_NUMBER`. */
  readonly systemCode: string | undefined;
  constructor(endpoint: string, reason: NetworkCause, systemCode: string | undefined, cause: unknown) {
    const detail = systemCode ?? (reason === 'other' ? innermost(cause) : undefined);
    super(`${endpoint}: ${TEXT[reason]}${detail ? ` (${detail})` : ''}`, { cause });
    this.name = 'EndpointFailure';
    this.endpoint = endpoint;
    this.reason = reason;
    this.systemCode = systemCode;
  }
}

/** The message of the deepest cause (Node's fetch says only "fetch failed" on top). */
function innermost(e: unknown): string | undefined {
  let last: string | undefined;
  for (let x: unknown = e, depth = 0; x && depth < 6; depth++) {
    if (x instanceof Error && x.message) last = x.message;
    x = (x as { cause?: unknown }).cause;
  }
  return last;
}

const TLS_CODE = /^(ERR_SSL|ERR_TLS|EPROTO$|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH)/;

/** The first `code` string along the cause chain (Node's fetch nests the system error, sometimes in an AggregateError). */
function systemCode(e: unknown): string | undefined {
  for (let x: unknown = e, depth = 0; x && depth < 6; depth++) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const errors = (x as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length) return systemCode(errors[0]);
    x = (x as { cause?: unknown }).cause;
  }
  return undefined;
}

function messages(e: unknown): string {
  const parts: string[] = [];
  for (let x: unknown = e, depth = 0; x && depth < 6; depth++) {
    if (x instanceof Error) parts.push(x.message);
    x = (x as { cause?: unknown }).cause;
  }
  return parts.join(' / ');
}

/**
 * Classifies a failed fetch by its system code (Node) or message (Deno, Bun).
 *
 * @example
 * ```ts
 * classify(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })); // { reason: 'refused', code: 'ECONNREFUSED' }
 * ```
 */
export function classify(e: unknown, aborted = false): { reason: NetworkCause; code: string | undefined } {
  const code = systemCode(e);
  const text = messages(e);
  const reason: NetworkCause = aborted
    ? 'timeout'
    : code === 'ECONNREFUSED' || /connection refused/i.test(text)
      ? 'refused'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /dns|name resolution|not known|lookup/i.test(text)
        ? 'dns'
        : (code && TLS_CODE.test(code)) || /tls|ssl|certificate/i.test(text)
          ? 'tls'
          : code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || /timed? ?out/i.test(text)
            ? 'timeout'
            : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || /reset|socket/i.test(text)
              ? 'reset'
              : 'other';
  return { reason, code: code === 'ABORT_ERR' ? undefined : code };
}

/** The URL of a fetch input, without query or credentials. */
function endpointOf(input: string | URL | Request): string {
  const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  try {
    const u = new URL(raw);
    return `${u.origin}${u.pathname}`;
  } catch {
    return raw;
  }
}

/**
 * A fetch that turns "no HTTP answer" into an {@link EndpointFailure} naming the URL and the cause.
 *
 * @example
 * ```ts
 * new QueryClient({ ...options, fetch: explainingFetch(globalThis.fetch) });
 * ```
 */
export function explainingFetch(
  inner: (input: string | URL | Request, init?: RequestInit) => Promise<Response>,
): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    try {
      return await inner(input, init);
    } catch (e) {
      const { reason, code } = classify(e, init?.signal?.aborted === true);
      throw new EndpointFailure(endpointOf(input), reason, code, e);
    }
  };
}

/**
 * The EndpointFailure along an error's cause chain, if any.
 *
 * @example
 * ```ts
 * const why = endpointFailure(e)?.message; // 'http://127.0.0.1:1/kb/ws/v1/ManagedSSLService: connection refused …'
 * ```
 */
export function endpointFailure(e: unknown): EndpointFailure | undefined {
  for (let x: unknown = e, depth = 0; x && depth < 6; depth++) {
    if (x instanceof EndpointFailure) return x;
    x = (x as { cause?: unknown }).cause;
  }
  return undefined;
}
