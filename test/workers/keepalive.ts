/**
 * A kept-alive HTTP/1.1 connection driven by hand, to check that a Worker's refusal leaves the connection usable
 * (a refusal sent before the request body is read made workerd close it; a client sending its next request on it
 * then failed).
 *
 * @module
 */
import { connect } from 'node:net';

/**
 * Sends `first` (a raw request), waits for its status line to match `firstStatus`, then sends `second` on the same
 * connection: `'answered'` when its status line matches `secondStatus`, `'closed'` when the server closed the
 * connection instead. Bounded: the answers are awaited at most `timeoutMs` each.
 *
 * @example
 * ```ts
 * const r = await secondRequestOnSameConnection(url, post415, /^HTTP\/1\.1 415 /, 'GET /health HTTP/1.1\r\n…', /^HTTP\/1\.1 200 /);
 * ```
 */
export async function secondRequestOnSameConnection(
  base: string,
  first: string,
  firstStatus: RegExp,
  second: string,
  secondStatus: RegExp,
  timeoutMs = 10_000,
): Promise<{ first: string; second: string; secondText: string }> {
  const u = new URL(base);
  const socket = connect(Number(u.port), '127.0.0.1');
  let data = '';
  socket.on('data', (d: Buffer) => {
    data += d.toString('latin1');
  });
  socket.on('error', () => undefined);
  let isClosed = false;
  const closed = new Promise<void>((ok) =>
    socket.on('close', () => {
      isClosed = true;
      ok();
    }),
  );
  /** 'answered' once the status line matches (even if the server closed right after), else 'closed' / 'timed out'. */
  const answered = async (status: RegExp): Promise<string> => {
    const end = Date.now() + timeoutMs;
    while (!status.test(data)) {
      if (isClosed) return 'closed';
      if (Date.now() > end) return 'timed out';
      await Promise.race([closed, new Promise((r) => setTimeout(r, 10))]);
    }
    return 'answered';
  };
  try {
    socket.write(first);
    const a = await answered(firstStatus);
    await new Promise((r) => setTimeout(r, 100)); // a close, if one were coming
    data = '';
    if (isClosed) return { first: a, second: 'closed', secondText: '' };
    socket.write(second);
    const b = await answered(secondStatus);
    return { first: a, second: b, secondText: data };
  } finally {
    socket.destroy();
  }
}

/** A raw HTTP/1.1 POST of `body` with `contentType` to `path` on `base`'s host. */
export function rawPost(base: string, path: string, contentType: string, body: string): string {
  const { host } = new URL(base);
  return (
    `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: ${contentType}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}
