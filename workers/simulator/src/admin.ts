/**
 * Admin endpoints of the simulator Worker, guarded by `SIM_ADMIN_SECRET` (Bearer). Without the secret they
 * answer 404, as if they did not exist. Refusals are problem+json (`workers/shared`). Calls about an account go to
 * that account's object; the CA's certificates come from the CA object.
 *
 * - `GET /__admin/defaults`, `GET /__admin/orders`: the default account's seed and orders (`{ count, orders }`).
 * - `GET /__admin/ca`: `{ chainPem, rsa, ec }`: the RSA issuing chain (EPKI takes RSA keys) and, per family, the
 *   issuing intermediate then the root, the deployment's one CA.
 * - `POST /__admin/accounts` `{ username, seed?: 'default' | 'empty', password? }`: creates an account (201 with
 *   what its seed made, 409 when it exists).
 * - `GET /__admin/accounts/<user>/defaults`, `GET …/orders`, `POST …/clock` `{ advanceMs }`,
 *   `POST …/enrollments/complete` `{ orderId, csr? }`, `PUT …/faults` `{ plan }`, `POST …/bulk-mssl` `{ count, from? }` (query fodder; the deposit grows by its cost).
 *
 * @module
 */
import { hasBearer, Problem } from '../../shared/index.ts';
import { ACCOUNT_HEADER, accountStub, caStub, DEFAULT_ACCOUNT, type SimulatorEnv } from './env.ts';
import { SEED_NAMES } from './seeds.ts';
import { type SimulatorProblemKind, SIMULATOR_PROBLEMS } from './problems.ts';
import { rememberLatency } from './latency.ts';

/** Per-account admin calls: the method each takes. */
const ACCOUNT_CALLS: Readonly<Record<string, string>> = {
  defaults: 'GET',
  orders: 'GET',
  clock: 'POST',
  'enrollments/complete': 'POST',
  faults: 'PUT',
  'bulk-mssl': 'POST',
};

const refuse = (kind: SimulatorProblemKind, detail: string, headers: Record<string, string> = {}): Response =>
  SIMULATOR_PROBLEMS.response(new Problem(kind, detail, {}, headers));

function methodIs(request: Request, method: string): Response | undefined {
  return request.method === method ? undefined : refuse('method-not-allowed', `Use ${method}.`, { allow: method });
}

/** Forwards an admin call to `username`'s object (as `/__admin/<call>`), problems as problem+json. */
async function toAccount(env: SimulatorEnv, username: string, call: string, request: Request): Promise<Response> {
  const headers = new Headers({ [ACCOUNT_HEADER]: username, 'content-type': 'application/json' });
  const body = request.method === 'GET' ? null : await request.text();
  const res = await accountStub(env, username).fetch(
    new Request(`https://account/__admin/${call}`, { method: request.method, headers, body }),
  );
  if (res.ok) {
    if (call === 'faults') rememberLatency(username, ((await res.clone().json()) as { latencyMs: number }).latencyMs);
    return res;
  }
  const { detail } = (await res.json()) as { detail: string };
  const kind = res.status === 409 ? 'conflict' : res.status === 400 ? 'malformed-request' : 'not-found';
  return refuse(kind, detail);
}

async function createAccount(request: Request, env: SimulatorEnv): Promise<Response> {
  const input = (await request.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  const username = typeof input?.username === 'string' ? input.username.trim() : '';
  if (!username || username.length > 100)
    return refuse('malformed-request', 'username is required (1–100 characters).');
  const seed = typeof input?.seed === 'string' ? input.seed : 'default';
  if (!SEED_NAMES.includes(seed)) return refuse('malformed-request', `seed must be one of ${SEED_NAMES.join(', ')}.`);
  const password =
    typeof input?.password === 'string' && input.password
      ? input.password
      : [...crypto.getRandomValues(new Uint8Array(12))].map((b) => b.toString(16).padStart(2, '0')).join('');
  const forward = new Request(request.url, { method: 'POST', body: JSON.stringify({ seed, password }) });
  return toAccount(env, username, 'create', forward);
}

async function route(request: Request, env: SimulatorEnv, path: string): Promise<Response> {
  if (path === '/__admin/defaults' || path === '/__admin/orders')
    return methodIs(request, 'GET') ?? toAccount(env, DEFAULT_ACCOUNT, path.slice(9), request);
  if (path === '/__admin/ca') {
    const wrong = methodIs(request, 'GET');
    if (wrong) return wrong;
    const certs = (await (await caStub(env).fetch(new Request('https://ca/certificates'))).json()) as {
      rsa: string[];
      ec: string[];
    };
    return Response.json({ chainPem: certs.rsa.join(''), ...certs });
  }
  if (path === '/__admin/accounts') return methodIs(request, 'POST') ?? createAccount(request, env);
  const m = /^\/__admin\/accounts\/([^/]+)\/(.+)$/.exec(path);
  const method = m && ACCOUNT_CALLS[m[2]!];
  if (!m || !method) return refuse('not-found', 'There is nothing here.');
  return methodIs(request, method) ?? toAccount(env, decodeURIComponent(m[1]!), m[2]!, request);
}

/**
 * Answers `/__admin/*`.
 *
 * @example
 * ```ts
 * if (url.pathname.startsWith('/__admin/')) return adminRoute(request, env);
 * ```
 */
export async function adminRoute(request: Request, env: SimulatorEnv): Promise<Response> {
  const secret = env.SIM_ADMIN_SECRET;
  if (!secret) return refuse('not-found', 'There is nothing here.');
  if (!(await hasBearer(request, secret))) {
    return refuse('unauthorized', 'Send SIM_ADMIN_SECRET as a Bearer token.', { 'www-authenticate': 'Bearer' });
  }
  return route(request, env, new URL(request.url).pathname);
}
