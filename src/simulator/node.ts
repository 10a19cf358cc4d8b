/**
 * `globalsign-kit/simulator/node`: serves a simulator over HTTP on 127.0.0.1 with node:http (the one Node-specific
 * file of the simulator).
 *
 * @example
 * ```ts
 * import { createSimulator } from 'globalsign-kit/simulator';
 * import { serveSimulator } from 'globalsign-kit/simulator/node';
 * const sim = await createSimulator();
 * const server = await serveSimulator(sim, { port: 8089 });
 * console.log(server.url); // http://127.0.0.1:8089
 * await server.close();
 * ```
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Simulator } from './index.ts';

/** A listening simulator. */
export interface SimulatorServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The request body as a stream that reads from the socket only when the handler pulls: the handler stops pulling at
 * its size limit, so an oversize body is never read in full (the connection is closed after the answer instead).
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let finished = false;
  const stop = (): void => {
    finished = true;
    req.pause();
    req.removeAllListeners('data');
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.pause();
        req.on('data', (c: Buffer) => {
          if (finished) return;
          controller.enqueue(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once('end', () => {
          if (!finished) controller.close();
          finished = true;
        });
        req.once('error', (e) => {
          if (!finished) controller.error(e);
          finished = true;
        });
      },
      pull() {
        if (!finished) req.resume();
      },
      cancel: stop,
    },
    { highWaterMark: 1 },
  );
}

function toRequest(req: IncomingMessage, base: string, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? null : bodyStream(req);
  const init = { method, headers, body, signal, duplex: 'half' } as RequestInit;
  return new Request(new URL(req.url ?? '/', base), init);
}

/**
 * After answering a request whose body was left unread (over the limit): half-close so the client sees the answer and
 * stops sending, discard what is still in flight for at most two seconds, then close. Closing at once would reset
 * the connection and could destroy the answer before the client reads it.
 */
function linger(req: IncomingMessage): void {
  const socket = req.socket;
  socket.end();
  req.removeAllListeners('data');
  req.resume();
  setTimeout(() => socket.destroy(), 2000).unref();
}

async function handle(sim: Simulator, base: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  try {
    const response = await sim.fetch(toRequest(req, base, abort.signal));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()), () => {
      if (!req.complete) linger(req);
    });
  } catch {
    res.destroy(); // a simulated dropped connection (or an aborted request)
  }
}

/**
 * Serves `sim` on `host` (default 127.0.0.1) and `port` (default 0: any free port).
 *
 * @example
 * ```ts
 * const { url, close } = await serveSimulator(await createSimulator());
 * ```
 */
export async function serveSimulator(
  sim: Simulator,
  options: { port?: number; host?: string } = {},
): Promise<SimulatorServer> {
  const host = options.host ?? '127.0.0.1';
  let base = '';
  const server = createServer((req, res) => void handle(sim, base, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  base = `http://${host}:${port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
