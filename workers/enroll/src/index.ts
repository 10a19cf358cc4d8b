/**
 * The self-service S/MIME enrollment Worker.
 *
 * - `POST /enroll` `{ invitation, csr }` → `201 { orderId, email, certificate, chain }`: verifies the invitation,
 *   rate-limits per client IP and per invitation, checks the CSR, spends the invitation exactly once (Durable
 *   Object), orders OrderAndIssueCertificate with the Worker's credentials.
 * - `POST /admin/invitations` (Bearer `ADMIN_SECRET`) `{ email, name, profile, product?, years?, ttlSeconds? }` →
 *   `201 { token, url, invitation }`.
 * - `GET /health`.
 *
 * Every refusal is RFC 9457 problem+json (see `problem.ts`). Audit lines are JSON on the console, without tokens,
 * CSRs, credentials or keys.
 *
 * @module
 */
import { configOf, type EnrollConfig, type EnrollEnv, required } from './env.ts';
import { clientIp, corsHeaders, readJson, secretsEqual } from './http.ts';
import { mintInvitation, verifyInvitation } from './invitation.ts';
import { issueCertificate } from './issue.ts';
import { checkCsr } from './csr-policy.ts';
import { Problem, problemResponse } from './problem.ts';
import { audit } from './audit.ts';
import { hitLimit, releaseInvitation, spendInvitation } from './guards.ts';

export { EnrollLedger } from './ledger.ts';
export type { EnrollEnv } from './env.ts';

/** The Worker's fetch handler. */
const worker: { fetch(request: Request, env: EnrollEnv): Promise<Response> } = {
  async fetch(request: Request, env: EnrollEnv): Promise<Response> {
    const path = new URL(request.url).pathname;
    let cors: Record<string, string> = {};
    try {
      const cfg = configOf(env);
      if (path === '/enroll') {
        cors = corsHeaders(request, cfg.origins);
        if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: cors });
        if (request.method !== 'POST') throw new Problem('method-not-allowed', 'Use POST.', {}, { allow: 'POST' });
        return withHeaders(await enroll(request, env, cfg), cors);
      }
      if (path === '/admin/invitations') return await admin(request, env);
      if (path === '/health' && request.method === 'GET') return Response.json({ ok: true });
      throw new Problem('not-found', 'There is nothing here.');
    } catch (e) {
      const p = e instanceof Problem ? e : new Problem('server-misconfigured', 'Unexpected error.');
      if (!(e instanceof Problem)) audit({ event: 'error', path, error: e instanceof Error ? e.name : 'unknown' });
      if (path === '/enroll') audit({ event: 'refused', kind: p.kind, ip: clientIp(request) });
      return withHeaders(problemResponse(p), cors);
    }
  },
};
export default worker;

async function enroll(request: Request, env: EnrollEnv, cfg: EnrollConfig): Promise<Response> {
  const ip = clientIp(request);
  await hitLimit(env, `rate:ip:${ip}`, cfg.rateIp, cfg.windowSeconds, 'this address');
  const body = await readJson(request, cfg.maxBody);
  if (typeof body.invitation !== 'string' || body.invitation.length > 4096) {
    throw new Problem('malformed-request', 'The body needs "invitation": the token from the invitation link.');
  }
  const inv = await verifyInvitation(body.invitation, required(env, 'INVITE_SECRET'));
  await hitLimit(env, `rate:inv:${inv.jti}`, cfg.rateInvitation, cfg.windowSeconds, 'this invitation');
  const csr = await checkCsr(body.csr, inv);
  await spendInvitation(env, inv.jti, inv.exp);
  audit({ event: 'spent', jti: inv.jti, email: inv.email, ip });
  try {
    const issued = await issueCertificate(inv, csr.pem, {
      username: required(env, 'GS_USERNAME'),
      password: required(env, 'GS_PASSWORD'),
      endpoint: env.GS_ENDPOINT || 'production',
      ...(env.CA_CHAIN_PEM ? { chainPem: env.CA_CHAIN_PEM } : {}),
    });
    audit({ event: 'issued', jti: inv.jti, email: inv.email, orderId: issued.orderId, ip });
    return Response.json({ email: inv.email, ...issued }, { status: 201, headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    if (e instanceof Problem && e.extra.definitive === true) {
      await releaseInvitation(env, inv.jti);
      audit({ event: 'released', jti: inv.jti, kind: e.kind });
    }
    throw e;
  }
}

async function admin(request: Request, env: EnrollEnv): Promise<Response> {
  if (request.method !== 'POST') throw new Problem('method-not-allowed', 'Use POST.', {}, { allow: 'POST' });
  const given = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
  if (!given || !(await secretsEqual(given, required(env, 'ADMIN_SECRET')))) {
    audit({ event: 'admin-denied', ip: clientIp(request) });
    throw new Problem(
      'unauthorized',
      'Send the administrator secret as a Bearer token.',
      {},
      { 'www-authenticate': 'Bearer' },
    );
  }
  const b = await readJson(request, 4096);
  const str = (k: string): string | undefined => (typeof b[k] === 'string' ? (b[k] as string) : undefined);
  const num = (k: string): number | undefined => (typeof b[k] === 'number' ? (b[k] as number) : undefined);
  let minted: Awaited<ReturnType<typeof mintInvitation>>;
  try {
    minted = await mintInvitation(required(env, 'INVITE_SECRET'), {
      email: str('email') ?? '',
      name: str('name') ?? '',
      profile: str('profile') ?? '',
      ...(str('product') ? { product: str('product')! } : {}),
      ...(num('years') !== undefined ? { years: num('years')! } : {}),
      ...(num('ttlSeconds') !== undefined ? { ttlSeconds: num('ttlSeconds')! } : {}),
    });
  } catch (e) {
    if (e instanceof TypeError) throw new Problem('malformed-request', e.message);
    throw e;
  }
  const url = env.ENROLL_PAGE_URL ? `${env.ENROLL_PAGE_URL}#${minted.token}` : undefined;
  audit({ event: 'invited', jti: minted.invitation.jti, email: minted.invitation.email, exp: minted.invitation.exp });
  return Response.json(
    { token: minted.token, ...(url ? { url } : {}), invitation: minted.invitation },
    { status: 201 },
  );
}

function withHeaders(res: Response, headers: Record<string, string>): Response {
  if (Object.keys(headers).length === 0) return res;
  const out = new Response(res.body, res);
  for (const [k, v] of Object.entries(headers)) out.headers.set(k, v);
  return out;
}
