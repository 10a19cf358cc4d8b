/**
 * The Workers' shared HTTP pieces: the CORS allow-list, bearer-token auth with a constant-time comparison, the
 * client address a rate limit keys on, and adding headers to a response.
 *
 * @module
 */
import { secretsEqual } from '../../src/crypto/index.ts';
import { Problem } from './problem.ts';

/** What a CORS answer allows (see {@link corsHeaders}). */
export interface CorsPolicy {
  /** Allowed origins, exactly as browsers send them (`https://host[:port]`, no trailing slash). */
  readonly origins: readonly string[];
  readonly methods: readonly string[];
  /** Request headers allowed (default `content-type`). */
  readonly headers?: readonly string[];
  /** Response headers exposed to the page (default `retry-after`). */
  readonly expose?: readonly string[];
}

/**
 * Splits a comma-separated origin list (a Worker setting), dropping blanks and trailing slashes.
 *
 * @example
 * ```ts
 * parseOrigins('https://a.example, https://b.example/'); // ['https://a.example', 'https://b.example']
 * ```
 */
export function parseOrigins(csv: string | undefined): string[] {
  return (csv ?? '')
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean);
}

/**
 * CORS headers for an allowed origin, `{}` for a request without `Origin` (not from a browser page); an origin
 * outside the allow-list is an `origin-not-allowed` problem, answered without CORS headers.
 *
 * @example
 * ```ts
 * const cors = corsHeaders(request, { origins: ['https://enroll.example.com'], methods: ['POST'] });
 * ```
 */
export function corsHeaders(request: Request, policy: CorsPolicy): Record<string, string> {
  const origin = request.headers.get('origin');
  if (origin === null) return {};
  if (!policy.origins.includes(origin)) {
    throw new Problem('origin-not-allowed', 'This origin may not call this service.');
  }
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': [...policy.methods, 'OPTIONS'].join(', '),
    'access-control-allow-headers': (policy.headers ?? ['content-type']).join(', '),
    'access-control-expose-headers': (policy.expose ?? ['retry-after']).join(', '),
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}

/**
 * The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), or `undefined`.
 *
 * @example
 * ```ts
 * bearerToken(new Request('https://x/', { headers: { authorization: 'Bearer abc' } })); // 'abc'
 * ```
 */
export function bearerToken(request: Request): string | undefined {
  const m = /^bearer +(\S+) *$/i.exec(request.headers.get('authorization') ?? '');
  return m?.[1];
}

/**
 * Whether the request carries `secret` as its bearer token (false when either is missing).
 *
 * @example
 * ```ts
 * if (!(await hasBearer(request, env.SIM_ADMIN_SECRET))) return new Response(null, { status: 401 });
 * ```
 */
export async function hasBearer(request: Request, secret: string | undefined): Promise<boolean> {
  const given = bearerToken(request);
  return !!secret && given !== undefined && (await secretsEqual(given, secret));
}

/**
 * Refuses a request without `secret` as its bearer token: an `unauthorized` problem with `WWW-Authenticate: Bearer`.
 *
 * @example
 * ```ts
 * await requireBearer(request, required(env, 'ADMIN_SECRET'));
 * ```
 */
export async function requireBearer(request: Request, secret: string): Promise<void> {
  if (!(await hasBearer(request, secret))) {
    throw new Problem(
      'unauthorized',
      'Send the administrator secret as a Bearer token.',
      {},
      { 'www-authenticate': 'Bearer' },
    );
  }
}

/**
 * Where a Worker learns the client's address:
 * - `cloudflare`: the `CF-Connecting-IP` header. Cloudflare's edge sets it (overwriting whatever the client sent),
 *   so it is trustworthy only when every request reaches the Worker through Cloudflare. Anywhere else (miniflare,
 *   `wrangler dev`, workerd on a bare socket) the client can write it itself.
 * - `socket`: the peer address of the connection as the runtime reports it (`request.cf.clientIp`; the local
 *   runner passes it there). When the runtime reports none, every client shares the key `unknown`: stricter, never
 *   spoofable.
 */
export type ClientAddressSource = 'cloudflare' | 'socket';

/**
 * Reads a {@link ClientAddressSource} setting (default `cloudflare`); anything else is `server-misconfigured`.
 *
 * @example
 * ```ts
 * const source = clientAddressSource(env.CLIENT_ADDRESS); // 'socket' in local mode
 * ```
 */
export function clientAddressSource(value: string | undefined): ClientAddressSource {
  if (value === undefined || value === '' || value === 'cloudflare') return 'cloudflare';
  if (value === 'socket') return 'socket';
  throw new Problem('server-misconfigured', 'The setting CLIENT_ADDRESS must be "cloudflare" or "socket".');
}

/**
 * The client's address from `source`, or `unknown`.
 *
 * @example
 * ```ts
 * const ip = clientAddress(request, 'cloudflare');
 * ```
 */
export function clientAddress(request: Request, source: ClientAddressSource): string {
  if (source === 'socket') {
    const cf = (request as { cf?: { clientIp?: unknown } }).cf;
    return typeof cf?.clientIp === 'string' && cf.clientIp ? cf.clientIp : 'unknown';
  }
  return request.headers.get('cf-connecting-ip')?.trim() || 'unknown';
}

/**
 * The response with `headers` set on it (a copy; the original's headers may be immutable).
 *
 * @example
 * ```ts
 * return withHeaders(Response.json(body), cors);
 * ```
 */
export function withHeaders(res: Response, headers: Readonly<Record<string, string>>): Response {
  if (Object.keys(headers).length === 0) return res;
  const out = new Response(res.body, res);
  for (const [k, v] of Object.entries(headers)) out.headers.set(k, v);
  return out;
}
