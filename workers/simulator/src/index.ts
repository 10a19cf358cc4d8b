/**
 * The GlobalSign simulator as a Cloudflare Worker: a front Worker and two Durable Object classes.
 *
 * Where its state lives: in Durable Objects, not in the isolate. Each simulated account is one `SimAccount` object
 * (SQLite-backed; `idFromName(username)`) holding that account's simulator with its state in rows; the deployment's
 * CA is one `SimCa` object that every account signs with. State survives evictions, restarts and redeploys, and every
 * client of an account, from any location, reaches the same object: one consistent staging GlobalSign.
 *
 * The front reads the body up to `SIM_MAX_BODY_BYTES` (default 10 MiB; past it 413, as the simulator answers, without
 * reading the rest), finds the AuthToken's UserName with a bounded scan (scan.ts, no XML parse) and forwards the
 * request to that account's object after the account's injected latency. Requests it cannot route (unknown paths,
 * other methods, bodies that are not UTF-8 or carry no readable UserName) are answered by the front's own empty
 * simulator, the same code as in-process, so they get the same 404, 405, SOAP Faults or login failures.
 *
 * Routes: the SOAP services at their usual paths (`/cr/ws/GasOrderService`, `/kb/ws/v2/ManagedSSLService`…);
 * admin (admin.ts), with `Authorization: Bearer <SIM_ADMIN_SECRET>` (disabled when the secret is unset); `GET /health`.
 *
 * @module
 */
import { type CaMaterial, createSimulator, type Simulator } from '../../../src/simulator/index.ts';
import { intSetting, Problem, readBodyBytes } from '../../shared/index.ts';
import { LATENCY_HEADER } from './account-object.ts';
import { adminRoute } from './admin.ts';
import { ACCOUNT_HEADER, accountStub, caStub, type SimulatorEnv } from './env.ts';
import { applyLatency, rememberLatency } from './latency.ts';
import { scanUserName } from './scan.ts';

export { SimAccount } from './account-object.ts';
export { SimCa } from './ca-object.ts';
export type { SimulatorEnv } from './env.ts';

/** The in-process simulator's own limit and answer for an oversize body, applied here before reading past it. */
const DEFAULT_MAX_BODY = 10 * 1024 * 1024;

/** Paths already asked about: whether the simulator serves them (at most {@link KNOWN_PATHS} remembered). */
const servicePaths = new Map<string, boolean>();
const KNOWN_PATHS = 256;

/**
 * Whether the simulator serves `path`: asked once of the front's simulator (an empty POST is answered 404 on an
 * unknown path before anything is read), so the service table stays the one place that knows the paths.
 */
async function isServicePath(env: SimulatorEnv, url: string, path: string): Promise<boolean> {
  const known = servicePaths.get(path);
  if (known !== undefined) return known;
  const res = await (await frontSimulator(env)).fetch(new Request(url, { method: 'POST', body: '' }));
  await res.arrayBuffer();
  if (servicePaths.size < KNOWN_PATHS) servicePaths.set(path, res.status !== 404);
  return res.status !== 404;
}

let front: Promise<Simulator> | undefined;

/** The front's simulator without accounts: it answers what cannot be routed, as the in-process one does. */
function frontSimulator(env: SimulatorEnv): Promise<Simulator> {
  front ??= caStub(env)
    .fetch(new Request('https://ca/material'))
    .then((r) => r.json() as Promise<CaMaterial>)
    .then((ca) => createSimulator({ seed: false, ca }));
  return front;
}

/** The body read up to `max` bytes, or `undefined` when it is larger (413). */
async function capped(request: Request, max: number): Promise<Uint8Array | undefined> {
  try {
    return await readBodyBytes(request, max);
  } catch (e) {
    if (e instanceof Problem && e.kind === 'body-too-large') return undefined;
    throw e;
  }
}

function utf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

async function soap(request: Request, env: SimulatorEnv): Promise<Response> {
  const path = new URL(request.url).pathname.replace(/\/+$/, '').toLowerCase();
  const routable = request.method === 'POST' && (await isServicePath(env, request.url, path));
  const max = intSetting('SIM_MAX_BODY_BYTES', env.SIM_MAX_BODY_BYTES, DEFAULT_MAX_BODY, 1024);
  const bytes = routable ? await capped(request, max) : undefined;
  if (routable && !bytes) return new Response('Request Entity Too Large', { status: 413 });
  const text = bytes && utf8(bytes);
  const username = text === undefined ? undefined : scanUserName(text);
  const headers = new Headers(request.headers);
  headers.delete('x-simulator-client-ip');
  headers.delete(ACCOUNT_HEADER);
  const ip = request.headers.get('cf-connecting-ip');
  if (ip) headers.set('x-simulator-client-ip', ip);
  const init = { method: request.method, headers, signal: request.signal };
  if (username === undefined) {
    const body = bytes ?? (request.method === 'POST' || request.method === 'PUT' ? request.body : null);
    return (await frontSimulator(env)).fetch(
      new Request(request.url, { ...init, body: body as BodyInit | null, duplex: 'half' } as RequestInit),
    );
  }
  await applyLatency(username, request.signal);
  headers.set(ACCOUNT_HEADER, username);
  const res = await accountStub(env, username).fetch(
    new Request(request.url, { method: 'POST', headers, body: bytes as Uint8Array<ArrayBuffer> }),
  );
  rememberLatency(username, Number(res.headers.get(LATENCY_HEADER) ?? 0));
  return res;
}

const worker: { fetch(request: Request, env: SimulatorEnv): Promise<Response> } = {
  async fetch(request: Request, env: SimulatorEnv): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/health') return Response.json({ ok: true });
    if (url.pathname.startsWith('/__admin/')) return adminRoute(request, env);
    return soap(request, env);
  },
};
export default worker;
