/**
 * The self-service S/MIME enrollment Worker. Routes, bodies and refusal kinds are the page ↔ Worker contract
 * (`workers/shared/enroll-contract.ts`):
 *
 * - `POST /invitation/status` `{ invitation }` → `200 { state }` (`valid`, `spent`, `expired`, `invalid`): what the
 *   page asks before it makes a key. Reveals the state and nothing else; rate-limited like `/enroll` (same buckets).
 * - `POST /enroll` `{ invitation, csr }` → `201 { orderId, email, certificate, chain }`: verifies the invitation,
 *   rate-limits per client IP and per invitation, checks the CSR, spends the invitation exactly once (Durable
 *   Object), orders OrderAndIssueCertificate with the Worker's credentials.
 * - `POST /admin/invitations` (Bearer `ADMIN_SECRET`) → `201 { token, url, invitation }` (see `admin.ts`).
 * - `GET /health`.
 *
 * Every refusal is RFC 9457 problem+json. Audit lines are JSON on the console, without tokens, CSRs, credentials
 * or keys.
 *
 * @module
 */
import {
  ENROLL_PROBLEMS,
  ENROLL_ROUTES,
  type EnrollProblemKind,
  type EnrollResponse,
  type InvitationStatusResponse,
} from '../../shared/enroll-contract.ts';
import { clientAddress, corsHeaders, drainBody, Problem, readJsonObject, withHeaders } from '../../shared/index.ts';
import { adminInvitations } from './admin.ts';
import { audit } from './audit.ts';
import { checkCsr } from './csr-policy.ts';
import { configOf, type EnrollConfig, type EnrollEnv, required } from './env.ts';
import { hitLimit, isSpent, releaseInvitation, spendInvitation } from './guards.ts';
import { type Invitation, invitationStateOf, verifyInvitation } from './invitation.ts';
import { orderForInvitation } from './issue.ts';

export { EnrollLedger } from './ledger.ts';
export type { EnrollEnv } from './env.ts';

const PAGE_ROUTES: readonly string[] = [ENROLL_ROUTES.enroll, ENROLL_ROUTES.invitationStatus];

/** The Worker's fetch handler. */
const worker: { fetch(request: Request, env: EnrollEnv): Promise<Response> } = {
  async fetch(request: Request, env: EnrollEnv): Promise<Response> {
    const path = new URL(request.url).pathname;
    let cors: Record<string, string> = {};
    let ip = 'unknown';
    /** How much of a refused request's body is read and dropped (its default until the settings are read). */
    let drainMax = 16384;
    try {
      const cfg = configOf(env);
      drainMax = cfg.maxBody;
      ip = clientAddress(request, cfg.clientAddress);
      if (PAGE_ROUTES.includes(path)) {
        cors = corsHeaders(request, { origins: cfg.origins, methods: ['POST'] });
        if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: cors });
        if (request.method !== 'POST')
          throw ENROLL_PROBLEMS.problem('method-not-allowed', 'Use POST.', {}, { allow: 'POST' });
        const handle = path === ENROLL_ROUTES.enroll ? enroll : invitationStatus;
        return withHeaders(await handle(request, env, cfg, ip), cors);
      }
      if (path === ENROLL_ROUTES.adminInvitations) return await adminInvitations(request, env, ip);
      if (path === ENROLL_ROUTES.health && request.method === 'GET') return Response.json({ ok: true });
      throw ENROLL_PROBLEMS.problem('not-found', 'There is nothing here.');
    } catch (e) {
      // A body left unread makes workerd close the kept-alive connection after the refusal.
      await drainBody(request, drainMax);
      const p = enrollProblemOf(e);
      if (p.kind === 'server-misconfigured' && !(e instanceof Problem)) {
        audit({ event: 'error', path, error: e instanceof Error ? e.name : 'unknown' });
      }
      if (PAGE_ROUTES.includes(path)) audit({ event: 'refused', path, kind: p.kind, ip });
      return withHeaders(ENROLL_PROBLEMS.response(p), cors);
    }
  },
};
export default worker;

function enrollProblemOf(e: unknown): Problem<EnrollProblemKind> {
  if (e instanceof Problem && Object.hasOwn(ENROLL_PROBLEMS.catalog, e.kind)) return e as Problem<EnrollProblemKind>;
  return ENROLL_PROBLEMS.problem('server-misconfigured', 'Unexpected error.');
}

/** The invitation token of a page request body, refused when missing or oversized. */
async function invitationOf(request: Request, env: EnrollEnv, cfg: EnrollConfig, ip: string) {
  await hitLimit(env, `rate:ip:${ip}`, cfg.rateIp, cfg.windowSeconds, 'this address');
  const body = await readJsonObject(request, cfg.maxBody);
  if (typeof body.invitation !== 'string' || body.invitation.length > 4096) {
    throw ENROLL_PROBLEMS.problem(
      'malformed-request',
      'The body needs "invitation": the token from the invitation link.',
    );
  }
  return { body, token: body.invitation };
}

async function limitInvitation(env: EnrollEnv, cfg: EnrollConfig, inv: Invitation): Promise<void> {
  await hitLimit(env, `rate:inv:${inv.jti}`, cfg.rateInvitation, cfg.windowSeconds, 'this invitation');
}

async function invitationStatus(request: Request, env: EnrollEnv, cfg: EnrollConfig, ip: string): Promise<Response> {
  const { token } = await invitationOf(request, env, cfg, ip);
  const inv = await invitationStateOf(token, required(env, 'INVITE_SECRET'));
  let answer: InvitationStatusResponse;
  if (typeof inv === 'string') answer = { state: inv };
  else {
    await limitInvitation(env, cfg, inv);
    answer = { state: (await isSpent(env, inv.jti)) ? 'spent' : 'valid' };
  }
  audit({ event: 'status', state: answer.state, ip, ...(typeof inv === 'string' ? {} : { jti: inv.jti }) });
  return Response.json(answer, { headers: { 'cache-control': 'no-store' } });
}

async function enroll(request: Request, env: EnrollEnv, cfg: EnrollConfig, ip: string): Promise<Response> {
  const { body, token } = await invitationOf(request, env, cfg, ip);
  const inv = await verifyInvitation(token, required(env, 'INVITE_SECRET'));
  await limitInvitation(env, cfg, inv);
  const csr = await checkCsr(body.csr, inv);
  await spendInvitation(env, inv.jti, inv.exp);
  audit({ event: 'spent', jti: inv.jti, email: inv.email, ip });
  try {
    const issued = await orderForInvitation(inv, csr.pem, {
      username: required(env, 'GS_USERNAME'),
      password: required(env, 'GS_PASSWORD'),
      endpoint: env.GS_ENDPOINT || 'production',
      ...(env.CA_CHAIN_PEM ? { chainPem: env.CA_CHAIN_PEM } : {}),
    });
    audit({ event: 'issued', jti: inv.jti, email: inv.email, orderId: issued.orderId, ip });
    const answer: EnrollResponse = { email: inv.email, ...issued };
    return Response.json(answer, { status: 201, headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    if (e instanceof Problem && e.extra.definitive === true) {
      await releaseInvitation(env, inv.jti);
      audit({ event: 'released', jti: inv.jti, kind: e.kind });
    }
    throw e;
  }
}
