/**
 * Reading a request body the way a server must: at most `limit` bytes are ever pulled from the stream (a larger body
 * is refused without being read), and the bytes must be UTF-8 (a malformed sequence is refused, never replaced with
 * U+FFFD). State-free; used by the router, so the Node listener and the Worker inherit it.
 *
 * @module
 */

/** Largest request body the simulator reads, in bytes (10 MiB). */
export const MAX_BODY_BYTES: number = 10 * 1024 * 1024;

/** Why a body was refused. */
export type BodyRefusal = 'tooLarge' | 'notUtf8';

/** A body read by {@link readBody}: its text, or why it was refused. */
export type BodyResult = { readonly text: string } | { readonly refused: BodyRefusal };

function declaredLength(request: Request): number | undefined {
  const header = request.headers.get('content-length');
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header);
}

async function readCapped(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array | undefined> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel('request body over the size limit').catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * Reads `request`'s body as UTF-8 text, pulling at most `limit` bytes (a declared `Content-Length` over the limit is
 * refused before reading anything).
 *
 * @example
 * ```ts
 * const body = await readBody(request, MAX_BODY_BYTES);
 * if ('refused' in body) return new Response(null, { status: body.refused === 'tooLarge' ? 413 : 400 });
 * ```
 */
export async function readBody(request: Request, limit: number = MAX_BODY_BYTES): Promise<BodyResult> {
  const declared = declaredLength(request);
  if (declared !== undefined && declared > limit) {
    await request.body?.cancel().catch(() => undefined);
    return { refused: 'tooLarge' };
  }
  if (request.body === null) return { text: '' };
  const bytes = await readCapped(request.body, limit);
  if (bytes === undefined) return { refused: 'tooLarge' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { refused: 'notUtf8' };
  }
}
