/**
 * The ACME gateway Worker (RFC 8555): ACME clients order GlobalSign MSSL certificates; the GlobalSign credentials
 * stay in this Worker.
 *
 * - `GET /directory`; `HEAD|GET /acme/new-nonce`; `GET /acme/renewal-info/{certID}` (RFC 9773 ARI);
 *   `POST /acme/*` (JWS): new-account (EAB required), new-order, acct, orders (paged), order, finalize, authz, chall,
 *   cert, revoke-cert, key-change.
 * - `POST /admin/tenants` (Bearer `ADMIN_SECRET`): creates a tenant, answers its EAB key id and HMAC key.
 * - `GET /health`.
 *
 * State lives in five Durable Object classes (see README.md): `AcmeAccount` (one per account, plus key-change
 * aliases), `AcmeTenant` (one per tenant), `AcmeNonces` (16 shards), `AcmeCerts` (the certificate index, 16 shards)
 * and `AcmeLimits` (rate-limit windows per client address).
 *
 * @module
 */
import { drainBody, hasBearer, Problem, readJsonObject } from '../../shared/index.ts';
import { type Answer, failure, handlePost, maxBody, type WorkerContext } from './acme.ts';
import { audit } from './audit.ts';
import type { AcmeEnv } from './env.ts';
import { newNonce } from './nonces.ts';
import { checkUrl, hitAddress, limitsOf } from './limits.ts';
import { explanationPage, renewalInfo } from './renewal.ts';
import { AcmeProblem, problemResponse } from './problems.ts';
import { createTenant, type TenantInput } from './tenant.ts';
import { directoryView, urls } from './views.ts';

export { AcmeAccount } from './account.ts';
export { AcmeCerts } from './cert-index.ts';
export { AcmeLimits } from './limits.ts';
export { AcmeNonces } from './nonces.ts';
export { AcmeTenant } from './tenant.ts';
export type { AcmeEnv } from './env.ts';

async function respond(env: AcmeEnv, base: string, a: Answer): Promise<Response> {
  const index = `<${urls(base).directory}>;rel="index"`;
  const headers: Record<string, string> = {
    'replay-nonce': await newNonce(env),
    'cache-control': 'no-store',
    ...a.headers,
    link: a.headers?.link ? `${index}, ${a.headers.link}` : index,
  };
  if (typeof a.body === 'string') return new Response(a.body, { status: a.status, headers });
  return Response.json(a.body, { status: a.status, headers });
}

/** How much of a refused request's body is read and dropped; the default when that setting is what failed. */
function drainLimit(env: AcmeEnv): number {
  try {
    return maxBody(env);
  } catch {
    return 65536;
  }
}

async function admin(request: Request, env: AcmeEnv): Promise<Response> {
  if (request.method !== 'POST') throw new AcmeProblem('method-not-allowed', 'Use POST.', [], { allow: 'POST' });
  if (!(await hasBearer(request, env.ADMIN_SECRET))) {
    audit({ event: 'admin-denied' });
    throw new AcmeProblem('admin-unauthorized', 'Send the administrator secret as a Bearer token.', [], {
      'www-authenticate': 'Bearer',
    });
  }
  const body = await readJsonObject(request, limitsOf(env).maxAdminBodyBytes);
  const t = await createTenant(env, body as TenantInput);
  audit({ event: 'tenant', tenant: t.kid, profile: t.profileId });
  const base = new URL(request.url).origin;
  const { hmacKey, ...tenant } = t;
  return Response.json(
    { eabKid: t.kid, eabHmacKey: hmacKey, directory: urls(base).directory, tenant },
    { status: 201 },
  );
}

async function route(
  request: Request,
  env: AcmeEnv,
  base: string,
  path: string,
  ctx?: WorkerContext,
): Promise<Response> {
  const m = request.method;
  checkUrl(request.url, env);
  if (path.startsWith('/acme/') && m === 'POST') {
    // The address limit is checked while the request is verified (one round trip less); its refusal comes first.
    const address = failure(hitAddress(request, env));
    try {
      return await respond(env, base, await handlePost(request, env, base, path, ctx, address));
    } catch (e) {
      throw (await address) ?? e;
    }
  }
  if (path.startsWith('/acme/')) await hitAddress(request, env);
  if (path === '/directory' && m === 'GET') return Response.json(directoryView(base));
  if (path === '/acme/new-nonce' && (m === 'HEAD' || m === 'GET')) {
    const res = await respond(env, base, { status: m === 'GET' ? 204 : 200, body: '' });
    return new Response(null, { status: res.status, headers: res.headers });
  }
  if (path.startsWith('/acme/renewal-info/') && m === 'GET') return renewalInfo(env, path, base);
  if (path === '/acme/renewal-explained' && m === 'GET') return explanationPage();
  if (path === '/admin/tenants') return admin(request, env);
  if (path === '/health' && m === 'GET') return Response.json({ ok: true });
  throw new AcmeProblem('not-found', `Nothing at ${m} ${path}.`);
}

const worker: { fetch(request: Request, env: AcmeEnv, ctx?: WorkerContext): Promise<Response> } = {
  async fetch(request: Request, env: AcmeEnv, ctx?: WorkerContext): Promise<Response> {
    const url = new URL(request.url);
    const base = url.origin;
    try {
      return await route(request, env, base, url.pathname, ctx);
    } catch (e) {
      await drainBody(request, drainLimit(env));
      const p = e instanceof Problem ? e : new AcmeProblem('serverInternal', 'The gateway failed; try again later.');
      if (!(e instanceof Problem))
        audit({ event: 'error', path: url.pathname, error: e instanceof Error ? e.name : 'unknown' });
      const nonce = url.pathname.startsWith('/acme/') ? { 'replay-nonce': await newNonce(env).catch(() => '') } : {};
      return problemResponse(p, { ...nonce, link: `<${urls(base).directory}>;rel="index"` });
    }
  },
};
export default worker;
