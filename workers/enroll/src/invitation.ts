/**
 * Enrollment invitations: HS256 JWTs (jose) that name the person, the EPKI profile and product, and carry a unique
 * `jti` that the Worker spends exactly once.
 *
 * @module
 */
import { errors, jwtVerify, SignJWT } from 'jose';
import { Problem } from '../../shared/index.ts';
import { ENROLL_PROBLEMS, type InvitationState } from '../../shared/enroll-contract.ts';

/** Issuer and audience of every invitation. */
export const INVITATION_ISSUER = 'globalsign-kit/enroll';
export const INVITATION_AUDIENCE = 'globalsign-kit/enroll/invitation';

/** What an invitation grants. */
export interface Invitation {
  readonly email: string;
  readonly name: string;
  /** EPKI ProfileID. */
  readonly profile: string;
  /** EPKI ProductCode, e.g. `EPKIPSPersonal`. */
  readonly product: string;
  /** Validity in years (1–3). */
  readonly years: number;
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
  /** Unique id, spent once. */
  readonly jti: string;
}

/** Input of {@link mintInvitation}. */
export interface MintInput {
  readonly email: string;
  readonly name: string;
  readonly profile: string;
  readonly product?: string;
  readonly years?: number;
  /** Lifetime in seconds (default 7 days). */
  readonly ttlSeconds?: number;
  /** Clock, for tests (default now). */
  readonly now?: Date;
}

const EMAIL =
  /^[^\s@<>(),;:"[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** Turns the HS256 secret text into a key for jose. At least 32 bytes are required. */
function keyOf(secret: string): Uint8Array<ArrayBuffer> {
  const key = new TextEncoder().encode(secret);
  if (key.length < 32)
    throw ENROLL_PROBLEMS.problem('server-misconfigured', 'The invitation secret is shorter than 32 bytes.');
  return key;
}

/**
 * The verifying HMAC key of a secret, imported once per isolate (isolates serve many requests) and kept for the
 * last secret only, so a rotated secret replaces it.
 */
let verifier: { secret: string; key: Promise<CryptoKey> } | undefined;
function verifyKeyOf(secret: string): Promise<CryptoKey> {
  if (verifier?.secret !== secret) {
    const raw = keyOf(secret);
    const key = crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    verifier = { secret, key };
    key.catch(() => {
      if (verifier?.key === key) verifier = undefined;
    });
  }
  return verifier.key;
}

/**
 * Signs an invitation. Throws `TypeError` on unusable input.
 *
 * @example
 * ```ts
 * const { token, invitation } = await mintInvitation(env.INVITE_SECRET, {
 *   email: 'alice@example.com', name: 'Alice Example', profile: 'PRF-1' });
 * ```
 */
export async function mintInvitation(
  secret: string,
  input: MintInput,
): Promise<{ token: string; invitation: Invitation }> {
  const invitation = invitationOf(input);
  const iat = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const { exp, jti, ...claims } = invitation;
  const token = await new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(INVITATION_ISSUER)
    .setAudience(INVITATION_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(jti)
    .sign(keyOf(secret));
  return { token, invitation };
}

function invitationOf(input: MintInput): Invitation {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 255) throw new TypeError('email is not an email address');
  const name = input.name.trim();
  if (!name || name.length > 64) throw new TypeError('name must be 1 to 64 characters');
  if (!input.profile.trim()) throw new TypeError('profile is required');
  const years = input.years ?? 1;
  if (!Number.isInteger(years) || years < 1 || years > 3) throw new TypeError('years must be 1, 2 or 3');
  const ttl = input.ttlSeconds ?? 7 * 86400;
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  return {
    email,
    name,
    profile: input.profile.trim(),
    product: input.product ?? 'EPKIPSPersonal',
    years,
    exp: now + ttl,
    jti: crypto.randomUUID(),
  };
}

/**
 * Verifies an invitation's signature, issuer, audience and expiry and returns its claims. Refusals are
 * {@link Problem}s: `invitation-expired` or `invitation-invalid` (forged, altered, malformed, missing claims).
 *
 * @example
 * ```ts
 * const inv = await verifyInvitation(token, env.INVITE_SECRET);
 * inv.email; inv.jti;
 * ```
 */
export async function verifyInvitation(token: string, secret: string, now?: Date): Promise<Invitation> {
  const key = await verifyKeyOf(secret);
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: INVITATION_ISSUER,
      audience: INVITATION_AUDIENCE,
      requiredClaims: ['exp', 'jti'],
      ...(now ? { currentDate: now } : {}),
    });
    return claimsOf(payload);
  } catch (e) {
    if (e instanceof Problem) throw e;
    if (e instanceof errors.JWTExpired)
      throw ENROLL_PROBLEMS.problem('invitation-expired', 'This invitation has expired.');
    throw ENROLL_PROBLEMS.problem('invitation-invalid', 'The invitation could not be verified.');
  }
}

function claimsOf(p: Record<string, unknown>): Invitation {
  const str = (k: string): string => {
    const v = p[k];
    if (typeof v !== 'string' || !v)
      throw ENROLL_PROBLEMS.problem('invitation-invalid', `The invitation lacks "${k}".`);
    return v;
  };
  const years = p.years;
  if (typeof years !== 'number' || !Number.isInteger(years) || years < 1 || years > 3) {
    throw ENROLL_PROBLEMS.problem('invitation-invalid', 'The invitation has no valid "years".');
  }
  return {
    email: str('email'),
    name: str('name'),
    profile: str('profile'),
    product: str('product'),
    years,
    exp: p.exp as number,
    jti: str('jti'),
  };
}

/**
 * The state a token's signature and expiry give it: `expired`, `invalid` (forged, altered, malformed), or the
 * verified invitation (whose spent state only the ledger knows). A misconfigured secret still throws.
 *
 * @example
 * ```ts
 * const v = await invitationStateOf(token, env.INVITE_SECRET);
 * if (typeof v === 'string') return { state: v };
 * ```
 */
export async function invitationStateOf(
  token: string,
  secret: string,
  now?: Date,
): Promise<Invitation | Exclude<InvitationState, 'valid' | 'spent'>> {
  try {
    return await verifyInvitation(token, secret, now);
  } catch (e) {
    if (e instanceof Problem && e.kind === 'invitation-expired') return 'expired';
    if (e instanceof Problem && e.kind === 'invitation-invalid') return 'invalid';
    throw e;
  }
}
