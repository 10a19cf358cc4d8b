/**
 * `globalsign simulator`: serves the simulator on 127.0.0.1 and prints its URL and seeded defaults. With `--admin`
 * it also answers `POST /admin/epki/orders/{OrderID}/complete` (completes a pending enrollment), so scripts and
 * tests in other processes can steer it.
 *
 * @module
 */
import { createSimulator, type Simulator } from '../simulator/index.ts';
import { serveSimulator } from '../simulator/node.ts';
import { CliError, type Command, EXIT, emit, str } from './common.ts';

const ADMIN_COMPLETE = /^\/admin\/epki\/orders\/([^/]+)\/complete$/;

/** The simulator's fetch, plus the admin route. */
function withAdmin(sim: Simulator): Simulator {
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const m = ADMIN_COMPLETE.exec(new URL(request.url).pathname);
    if (!m || request.method !== 'POST') return sim.fetch(request);
    const csr = await request.text();
    try {
      const order = await sim.admin.completeEnrollment(decodeURIComponent(m[1]!), csr ? { csr } : {});
      return Response.json({ orderId: order.orderId, status: order.status });
    } catch (e) {
      return Response.json({ error: (e as Error).message }, { status: 404 });
    }
  };
  return { ...sim, fetch };
}

/** `globalsign simulator`. */
export const simulator: Command = {
  usage: `globalsign simulator [--port 8089] [--host 127.0.0.1] [--admin] [--json]
  Serves the GlobalSign simulator (seeded account, EPKI profile, example.com) until interrupted. Use the printed
  URL as GLOBALSIGN_ENDPOINT and the printed username/password (the simulator's own) as credentials.
  --port 0 picks a free port. --admin adds POST /admin/epki/orders/{OrderID}/complete (body: optional CSR PEM).`,
  options: { port: { type: 'string', short: 'p' }, host: { type: 'string' }, admin: { type: 'boolean' } },
  async run(p, io) {
    const port = Number(str(p, 'port') ?? '8089');
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError('--port: 0 to 65535', EXIT.usage);
    const host = str(p, 'host') ?? '127.0.0.1';
    const sim = await createSimulator();
    const server = await serveSimulator(p.values.admin ? withAdmin(sim) : sim, { port, host });
    const d = sim.defaults;
    const info = { url: server.url, ...d, admin: Boolean(p.values.admin) };
    emit(
      io,
      p,
      info,
      [
        `GlobalSign simulator listening on ${server.url}`,
        `  GLOBALSIGN_ENDPOINT=${server.url}`,
        `  GLOBALSIGN_USERNAME=${d.username}`,
        `  GLOBALSIGN_PASSWORD=${d.password}   (the simulator's own, not a secret)`,
        `  EPKI profile ${d.epkiProfileId}, approved email domain ${d.emailDomain}`,
        `  MSSL profile ${String(d.msslProfileId)}, domain ${String(d.msslDomainId)} (${d.domain})`,
      ].join('\n'),
    );
    await new Promise<void>((resolve) => {
      if (io.signal?.aborted) return resolve();
      io.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    await server.close();
    return EXIT.ok;
  },
};
