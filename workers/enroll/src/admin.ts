/**
 * `POST /admin/invitations` (Bearer `ADMIN_SECRET`) `{ email, name, profile, product?, years?, ttlSeconds? }` →
 * `201 { token, url?, invitation }`.
 *
 * @module
 */
import { ENROLL_PROBLEMS } from '../../shared/enroll-contract.ts';
import { Problem, readJsonObject, requireBearer } from '../../shared/index.ts';
import { audit } from './audit.ts';
import { type EnrollEnv, required } from './env.ts';
import { mintInvitation } from './invitation.ts';

/**
 * Mints an invitation for an administrator.
 *
 * @example
 * ```ts
 * if (path === ENROLL_ROUTES.adminInvitations) return await adminInvitations(request, env, ip);
 * ```
 */
export async function adminInvitations(request: Request, env: EnrollEnv, ip: string): Promise<Response> {
  if (request.method !== 'POST')
    throw ENROLL_PROBLEMS.problem('method-not-allowed', 'Use POST.', {}, { allow: 'POST' });
  try {
    await requireBearer(request, required(env, 'ADMIN_SECRET'));
  } catch (e) {
    if (e instanceof Problem && e.kind === 'unauthorized') audit({ event: 'admin-denied', ip });
    throw e;
  }
  const b = await readJsonObject(request, 4096);
  const str = (k: string): string | undefined => (typeof b[k] === 'string' ? b[k] : undefined);
  const num = (k: string): number | undefined => (typeof b[k] === 'number' ? b[k] : undefined);
  const product = str('product');
  const years = num('years');
  const ttlSeconds = num('ttlSeconds');
  let minted: Awaited<ReturnType<typeof mintInvitation>>;
  try {
    minted = await mintInvitation(required(env, 'INVITE_SECRET'), {
      email: str('email') ?? '',
      name: str('name') ?? '',
      profile: str('profile') ?? '',
      ...(product ? { product } : {}),
      ...(years !== undefined ? { years } : {}),
      ...(ttlSeconds !== undefined ? { ttlSeconds } : {}),
    });
  } catch (e) {
    if (e instanceof TypeError) throw ENROLL_PROBLEMS.problem('malformed-request', e.message);
    throw e;
  }
  const url = env.ENROLL_PAGE_URL ? `${env.ENROLL_PAGE_URL}#${minted.token}` : undefined;
  audit({ event: 'invited', jti: minted.invitation.jti, email: minted.invitation.email, exp: minted.invitation.exp });
  return Response.json(
    { token: minted.token, ...(url ? { url } : {}), invitation: minted.invitation },
    { status: 201 },
  );
}
