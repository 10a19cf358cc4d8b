/**
 * The GlobalSign simulator as a Cloudflare Worker.
 *
 * Where its state lives: in the memory of the isolate that runs this module. One simulator is created lazily on
 * the first request and kept in a module variable; each Worker instance (isolate) has its own, and it is lost
 * whenever the isolate is evicted or the Worker restarts or is redeployed. Cloudflare may run several isolates at
 * once, in several locations, so on the real edge two requests can reach two different simulators: use it for
 * demos and tests (locally under miniflare/wrangler dev there is one isolate), not as a system of record.
 *
 * Bodies are read only up to `SIM_MAX_BODY_BYTES` (default 10 MiB); past it the Worker answers 413 as the simulator
 * does, without reading the rest.
 *
 * Routes: the SOAP services at their usual paths (`/cr/ws/GasOrderService`, `/kb/ws/v2/ManagedSSLService`…);
 * admin, with `Authorization: Bearer <SIM_ADMIN_SECRET>` (disabled when the secret is unset):
 * `GET /__admin/defaults`, `GET /__admin/orders`, `GET /__admin/ca`; `GET /health`.
 *
 * @module
 */
import { createSimulator, type Simulator } from '../../../src/simulator/index.ts';
import { intSetting, Problem, readBodyBytes } from '../../shared/index.ts';
import { adminRoute } from './admin.ts';

/** Bindings of the simulator Worker. */
export interface SimulatorEnv {
  /** Secret: bearer token of the admin endpoints. Unset: admin endpoints answer 404. */
  readonly SIM_ADMIN_SECRET?: string;
  /** Issuance delay of MSSL ASYNC_ORDER, ms (default 0). */
  readonly SIM_ASYNC_DELAY_MS?: string;
  /** Largest SOAP request body in bytes (default 10 MiB, as the in-process simulator). */
  readonly SIM_MAX_BODY_BYTES?: string;
}

/** The in-process simulator's own limit and answer for an oversize body, applied here before reading past it. */
const DEFAULT_MAX_BODY = 10 * 1024 * 1024;

/**
 * The request with its body read up to `max` bytes, or the simulator's 413 answer: the front stops reading at the
 * limit instead of buffering a body of any size.
 */
async function capped(request: Request, max: number): Promise<Request | Response> {
  if (request.method !== 'POST') return request;
  try {
    const body = await readBodyBytes(request, max);
    return new Request(request.url, { method: 'POST', headers: request.headers, body });
  } catch (e) {
    if (e instanceof Problem && e.kind === 'body-too-large') {
      return new Response('Request Entity Too Large', { status: 413 });
    }
    throw e;
  }
}

let simulator: Promise<Simulator> | undefined;

/**
 * The isolate's simulator, created on first use.
 *
 * @example
 * ```ts
 * const sim = await simulatorOf(env);
 * ```
 */
export function simulatorOf(env: SimulatorEnv): Promise<Simulator> {
  simulator ??= createSimulator({ asyncDelayMs: Number(env.SIM_ASYNC_DELAY_MS ?? '0') || 0 });
  return simulator;
}

const worker: { fetch(request: Request, env: SimulatorEnv): Promise<Response> } = {
  async fetch(request: Request, env: SimulatorEnv): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/health') return Response.json({ ok: true });
    if (url.pathname.startsWith('/__admin/')) return adminRoute(request, env.SIM_ADMIN_SECRET, await simulatorOf(env));
    const max = intSetting('SIM_MAX_BODY_BYTES', env.SIM_MAX_BODY_BYTES, DEFAULT_MAX_BODY, 1024);
    const req = await capped(request, max);
    if (req instanceof Response) return req;
    const sim = await simulatorOf(env);
    const headers = new Headers(req.headers);
    headers.delete('x-simulator-client-ip');
    const ip = req.headers.get('cf-connecting-ip');
    if (ip) headers.set('x-simulator-client-ip', ip);
    return sim.fetch(new Request(req, { headers }));
  },
};
export default worker;
