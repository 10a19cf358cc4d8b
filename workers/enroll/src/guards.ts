/**
 * Calls to the `EnrollLedger` Durable Object: spend, release and look up an invitation, count a request against a
 * limit.
 *
 * @module
 */
import { ENROLL_PROBLEMS } from '../../shared/enroll-contract.ts';
import type { EnrollEnv } from './env.ts';
import type { HitResult } from './ledger.ts';

const BASE = 'https://ledger.internal';

function stub(env: EnrollEnv, name: string): { fetch(input: string, init?: RequestInit): Promise<Response> } {
  return env.LEDGER.get(env.LEDGER.idFromName(name));
}

/**
 * Spends invitation `jti` atomically; a second spend is an `invitation-spent` problem. `exp` (seconds since the
 * epoch, the invitation's expiry) lets the ledger purge the marker once the invitation could no longer be used.
 *
 * @example
 * ```ts
 * await spendInvitation(env, inv.jti, inv.exp);
 * ```
 */
export async function spendInvitation(env: EnrollEnv, jti: string, exp?: number): Promise<void> {
  const until = exp === undefined ? '' : `?until=${exp * 1000}`;
  const res = await stub(env, `inv:${jti}`).fetch(`${BASE}/spend${until}`, { method: 'POST' });
  if (res.status === 409) throw ENROLL_PROBLEMS.problem('invitation-spent', 'This invitation has already been used.');
  if (!res.ok) throw ENROLL_PROBLEMS.problem('server-misconfigured', 'The invitation ledger did not answer.');
}

/**
 * Whether invitation `jti` has been spent (a look-up that changes nothing).
 *
 * @example
 * ```ts
 * if (await isSpent(env, inv.jti)) return { state: 'spent' };
 * ```
 */
export async function isSpent(env: EnrollEnv, jti: string): Promise<boolean> {
  const res = await stub(env, `inv:${jti}`).fetch(`${BASE}/peek`, { method: 'POST' });
  if (!res.ok) throw ENROLL_PROBLEMS.problem('server-misconfigured', 'The invitation ledger did not answer.');
  const body = (await res.json()) as { spent?: unknown };
  return body.spent === true;
}

/**
 * Makes invitation `jti` usable again (after the service definitively refused the order).
 *
 * @example
 * ```ts
 * await releaseInvitation(env, inv.jti);
 * ```
 */
export async function releaseInvitation(env: EnrollEnv, jti: string): Promise<void> {
  await stub(env, `inv:${jti}`).fetch(`${BASE}/release`, { method: 'POST' });
}

/**
 * Counts one request in bucket `name`; over `limit` per `windowSeconds` is a `rate-limited` problem with
 * `Retry-After`.
 *
 * @example
 * ```ts
 * await hitLimit(env, `rate:ip:${ip}`, 10, 600, 'this address');
 * ```
 */
export async function hitLimit(
  env: EnrollEnv,
  name: string,
  limit: number,
  windowSeconds: number,
  who: string,
): Promise<void> {
  const q = `limit=${limit}&window=${windowSeconds}`;
  const res = await stub(env, name).fetch(`${BASE}/hit?${q}`, { method: 'POST' });
  if (!res.ok) throw ENROLL_PROBLEMS.problem('server-misconfigured', 'The rate limiter did not answer.');
  const hit = (await res.json()) as HitResult;
  if (!hit.allowed) {
    throw ENROLL_PROBLEMS.problem(
      'rate-limited',
      `Too many requests from ${who}; try again in ${hit.retryAfter} s.`,
      { retryAfter: hit.retryAfter },
      { 'retry-after': String(hit.retryAfter) },
    );
  }
}
