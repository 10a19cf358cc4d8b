/**
 * Request bodies with a size cap: refused early on `Content-Length`, and read as a stream that stops at the cap (a
 * body without `Content-Length`, or one that lies about it, is never read past `max` bytes). Text must be valid
 * UTF-8; JSON bodies must be `application/json` objects.
 *
 * @module
 */
import { Problem } from './problem.ts';

function tooLarge(max: number): Problem<'body-too-large'> {
  return new Problem('body-too-large', `The body exceeds ${max} bytes.`, { maxBytes: max });
}

/**
 * Reads the body's bytes, at most `max`; more is a `body-too-large` problem (the rest of the stream is cancelled).
 *
 * @example
 * ```ts
 * const bytes = await readBodyBytes(request, 16384);
 * ```
 */
export async function readBodyBytes(request: Request, max: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > max) throw tooLarge(max);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return all;
}

/**
 * Reads the body as UTF-8 text of at most `max` bytes; invalid UTF-8 is a `malformed-request` problem.
 *
 * @example
 * ```ts
 * const xml = await readBodyText(request, 1 << 20);
 * ```
 */
export async function readBodyText(request: Request, max: number): Promise<string> {
  const bytes = await readBodyBytes(request, max);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Problem('malformed-request', 'The body is not valid UTF-8.');
  }
}

/**
 * Reads and drops what is left of the request body (at most `max` bytes). Call it before answering a refusal sent
 * before the body was read: workerd closes a kept-alive connection whose request body was left unread, and a
 * client sending its next request on that connection then fails. A larger body is not read through; its
 * connection closes.
 *
 * @example
 * ```ts
 * await drainBody(request, 65536); // in the catch that turns an error into a refusal
 * ```
 */
export async function drainBody(request: Request, max: number): Promise<void> {
  if (request.body && !request.bodyUsed) await readBodyBytes(request, max).catch(() => undefined);
}

/**
 * Reads an `application/json` body holding one JSON object, of at most `max` bytes. Refusals:
 * `unsupported-media-type`, `body-too-large`, `malformed-request`.
 *
 * @example
 * ```ts
 * const body = await readJsonObject(request, 16384);
 * if (typeof body.csr !== 'string') throw new Problem('malformed-request', 'The body needs "csr".');
 * ```
 */
export async function readJsonObject(request: Request, max: number): Promise<Record<string, unknown>> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new Problem('unsupported-media-type', 'The body must be application/json.');
  }
  const text = await readBodyText(request, max);
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

/**
 * An integer setting from a Worker binding: `dflt` when unset or empty; not an integer or below `min` is a
 * `server-misconfigured` problem naming the setting (never its value).
 *
 * @example
 * ```ts
 * const maxBody = intSetting('MAX_BODY_BYTES', env.MAX_BODY_BYTES, 16384, 256);
 * ```
 */
export function intSetting(name: string, value: string | undefined, dflt: number, min: number): number {
  const n = value === undefined || value === '' ? dflt : Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new Problem('server-misconfigured', `The setting ${name} must be an integer of at least ${min}.`);
  }
  return n;
}
