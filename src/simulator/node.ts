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

async function toRequest(req: IncomingMessage, base: string, signal: AbortSignal): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  const body = req.method === 'GET' || req.method === 'HEAD' ? null : Buffer.concat(chunks);
  return new Request(new URL(req.url ?? '/', base), { method: req.method ?? 'GET', headers, body, signal });
}

async function handle(sim: Simulator, base: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  try {
    const response = await sim.fetch(await toRequest(req, base, abort.signal));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
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
