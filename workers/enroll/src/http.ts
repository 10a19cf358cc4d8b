/**
 * HTTP helpers of the enrollment Worker: CORS for configured origins, size-limited JSON bodies, the client IP and
 * a constant-time secret comparison.
 *
 * @module
 */
import { Problem } from './problem.ts';

/**
 * CORS headers for an allowed origin, `{}` for a request without `Origin`; a disallowed origin is a problem.
 *
 * @example
 * ```ts
 * const cors = corsHeaders(request, ['https://enroll.example.com']);
 * ```
 */
export function corsHeaders(request: Request, origins: readonly string[]): Record<string, string> {
  const origin = request.headers.get('origin');
  if (origin === null) return {};
  if (!origins.includes(origin)) {
    throw new Problem('origin-not-allowed', 'This origin may not call the enrollment service.');
  }
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type',
    'access-control-expose-headers': 'retry-after',
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}

/**
 * Reads a JSON object body of at most `max` bytes, refusing early on `Content-Length` and while streaming.
 *
 * @example
 * ```ts
 * const body = await readJson(request, 16384);
 * ```
 */
export async function readJson(request: Request, max: number): Promise<Record<string, unknown>> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new Problem('unsupported-media-type', 'The body must be application/json.');
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  const tooLarge = (): Problem => new Problem('body-too-large', `The body exceeds ${max} bytes.`, { maxBytes: max });
  if (declared > max) throw tooLarge();
  const text = await readLimited(request, max, tooLarge);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Problem('malformed-request', 'The body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Problem('malformed-request', 'The body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

async function readLimited(request: Request, max: number, tooLarge: () => Problem): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

/**
 * The client's IP as Cloudflare reports it (`CF-Connecting-IP`), or `unknown`.
 *
 * @example
 * ```ts
 * const ip = clientIp(request);
 * ```
 */
export function clientIp(request: Request): string {
  return request.headers.get('cf-connecting-ip')?.trim() || 'unknown';
}

/**
 * Compares two secrets in time independent of where they differ (both are hashed first, so lengths leak nothing).
 *
 * @example
 * ```ts
 * if (!(await secretsEqual(given, env.ADMIN_SECRET))) throw new Problem('unauthorized', '…');
 * ```
 */
export async function secretsEqual(a: string, b: string): Promise<boolean> {
  const enc = new TextEncoder();
  const [x, y] = await Promise.all([
    crypto.subtle.digest('SHA-256', enc.encode(a)),
    crypto.subtle.digest('SHA-256', enc.encode(b)),
  ]);
  const u = new Uint8Array(x);
  const v = new Uint8Array(y);
  let diff = 0;
  for (let i = 0; i < u.length; i++) diff |= (u[i] ?? 0) ^ (v[i] ?? 0);
  return diff === 0;
}
