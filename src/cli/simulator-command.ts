/**
 * `globalsign simulator [serve]` serves the simulator on 127.0.0.1 and prints its URL, seeded defaults and an admin
 * secret; `globalsign simulator complete ORDER_ID` completes a pending EPKI enrollment on a running simulator
 * through its admin API (`POST /admin/epki/orders/{OrderID}/complete`, `Authorization: Bearer <secret>`).
 *
 * @module
 */
import { secretsEqual } from '../crypto/bytes.ts';
import { createSimulator, type Simulator } from '../simulator/index.ts';
import { serveSimulator } from '../simulator/node.ts';
import { group } from './args.ts';
import { CliError, type Command, EXIT, emit, readInput, str } from './common.ts';
import { explainingFetch } from './network.ts';

/** The environment variable that carries the simulator's admin secret. */
export const ADMIN_SECRET_ENV = 'GLOBALSIGN_SIMULATOR_ADMIN_SECRET';
const ADMIN_COMPLETE = /^\/admin\/epki\/orders\/([^/]+)\/complete$/;

/** The simulator's fetch, plus the admin route behind the bearer secret. */
function withAdmin(sim: Simulator, secret: string): Simulator {
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const m = ADMIN_COMPLETE.exec(new URL(request.url).pathname);
    if (!m || request.method !== 'POST') return sim.fetch(request);
    const auth = request.headers.get('authorization') ?? '';
    if (!(await secretsEqual(auth.replace(/^Bearer /, ''), secret)) || !auth.startsWith('Bearer ')) {
      return Response.json(
        { error: `admin secret missing or wrong (Authorization: Bearer $${ADMIN_SECRET_ENV})` },
        { status: 401 },
      );
    }
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

const randomSecret = (): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(18)), (b) => b.toString(16).padStart(2, '0')).join('');

/** `globalsign simulator serve` (the default). */
export const serve: Command = {
  usage: `globalsign simulator [serve] [--port 8089] [--host 127.0.0.1] [--json]
  Serves the GlobalSign simulator (seeded account, EPKI profile, MSSL profile and domain) until interrupted. Use the
  printed URL as GLOBALSIGN_ENDPOINT and the printed username/password (the simulator's own) as credentials.
  --port 0 picks a free port. The admin API (simulator complete) takes the printed ${ADMIN_SECRET_ENV}
  (set it before starting to choose it).`,
  options: { port: { type: 'string', short: 'p' }, host: { type: 'string' } },
  async run(p, io) {
    const port = Number(str(p, 'port') ?? '8089');
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new CliError('--port: 0 to 65535', EXIT.usage, { field: '--port' });
    }
    const host = str(p, 'host') ?? '127.0.0.1';
    const adminSecret = io.env[ADMIN_SECRET_ENV] || randomSecret();
    const sim = await createSimulator();
    const server = await serveSimulator(withAdmin(sim, adminSecret), { port, host });
    const d = sim.defaults;
    const ids = {
      epkiProfileId: d.epkiProfileId,
      msslProfileId: String(d.msslProfileId),
      msslDomainId: String(d.msslDomainId),
    };
    emit(
      io,
      p,
      { url: server.url, ...d, ...ids, adminSecret },
      [
        `GlobalSign simulator listening on ${server.url}`,
        `  export GLOBALSIGN_ENDPOINT=${server.url}`,
        `  export GLOBALSIGN_USERNAME=${d.username}`,
        `  export GLOBALSIGN_PASSWORD=${d.password}   # the simulator's own, not a secret`,
        `  export ${ADMIN_SECRET_ENV}=${adminSecret}   # for: globalsign simulator complete ORDER_ID`,
        `  EPKI profile ${ids.epkiProfileId}, approved email domain ${d.emailDomain}`,
        `  MSSL profile ${ids.msslProfileId}, domain ${ids.msslDomainId} (${d.domain})`,
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

/** `globalsign simulator complete ORDER_ID`. */
export const complete: Command = {
  usage: `globalsign simulator complete ORDER_ID [--csr csr.pem] [--endpoint URL] [--json]
  Completes a pending EPKI enrollment (an order placed without --csr) on a running simulator, as the subscriber
  picking up the certificate would: with the CSR given, else with a key the simulator makes. The simulator's URL
  comes from --endpoint or GLOBALSIGN_ENDPOINT, its admin secret from ${ADMIN_SECRET_ENV}.`,
  options: { endpoint: { type: 'string' }, csr: { type: 'string' } },
  async run(p, io) {
    const id = p.positionals[1];
    if (!id) throw new CliError('simulator complete: ORDER_ID is required', EXIT.usage, { field: 'ORDER_ID' });
    const base = str(p, 'endpoint') ?? io.env.GLOBALSIGN_ENDPOINT;
    if (!base || !/^https?:\/\//.test(base)) {
      throw new CliError('the simulator URL comes from --endpoint or GLOBALSIGN_ENDPOINT (http://…)', EXIT.usage, {
        field: '--endpoint',
      });
    }
    const secret = io.env[ADMIN_SECRET_ENV];
    if (!secret) {
      throw new CliError(`${ADMIN_SECRET_ENV} is not set (the simulator prints it when it starts)`, EXIT.usage, {
        field: ADMIN_SECRET_ENV,
      });
    }
    const csrFile = str(p, 'csr');
    const body = csrFile ? new TextDecoder().decode(await readInput(csrFile, '--csr')) : '';
    const url = new URL(`admin/epki/orders/${encodeURIComponent(id)}/complete`, base.endsWith('/') ? base : `${base}/`);
    const fetch = explainingFetch((i, init) => globalThis.fetch(i, init));
    const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${secret}` }, body });
    const answer = (await res.json().catch(() => ({}))) as { orderId?: string; status?: string; error?: string };
    if (res.status === 401)
      throw new CliError(`the simulator refused the admin secret (${ADMIN_SECRET_ENV})`, EXIT.api);
    if (!res.ok)
      throw new CliError(`simulator: ${answer.error ?? `HTTP ${res.status}`}`, EXIT.api, { field: 'ORDER_ID' });
    emit(io, p, answer, `order ${answer.orderId} ${answer.status}: run globalsign wait ${answer.orderId}`);
    return EXIT.ok;
  },
};

/** `globalsign simulator [serve] | complete ORDER_ID`. */
export const simulator: Command = group('simulator', { serve, complete }, '', 'serve');
