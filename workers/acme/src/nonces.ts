/**
 * Replay nonces (RFC 8555 section 7.2): base64url of 16 random bytes, single use, valid for an hour. They live in
 * 16 `AcmeNonces` Durable Objects; the first character of a nonce's hex shard prefix picks its object, so nonce
 * traffic spreads over 16 objects while each nonce is checked and spent in exactly one place.
 *
 * @module
 */
import type { AcmeEnv } from './env.ts';
import { AcmeProblem } from './problems.ts';
import { rpc, serveRpc } from './storage.ts';

/**
 * How long an unused nonce stays valid.
 *
 * @example
 * ```ts
 * await storage.put(`n:${nonce}`, Date.now() + NONCE_TTL_MS);
 * ```
 */
export const NONCE_TTL_MS = 3_600_000;
const SHARDS = '0123456789abcdef';

function b64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Makes and records a fresh nonce.
 *
 * @example
 * ```ts
 * headers.set('replay-nonce', await newNonce(env));
 * ```
 */
export async function newNonce(env: AcmeEnv): Promise<string> {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const nonce = b64url(bytes);
  await rpc(env.NONCES, shardOf(nonce), 'issue', { nonce });
  return nonce;
}

/**
 * Spends `nonce`; unknown, used or expired is `badNonce`.
 *
 * @example
 * ```ts
 * await spendNonce(env, header.nonce);
 * ```
 */
export async function spendNonce(env: AcmeEnv, nonce: unknown): Promise<void> {
  if (typeof nonce !== 'string' || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce)) {
    throw new AcmeProblem('badNonce', 'The JWS carries no valid nonce; get one from newNonce.');
  }
  const ok = await rpc<boolean>(env.NONCES, shardOf(nonce), 'spend', { nonce });
  if (!ok)
    throw new AcmeProblem('badNonce', 'The nonce is unknown, expired or was used before; retry with the fresh one.');
}

function shardOf(nonce: string): string {
  return `nonces:${SHARDS[nonce.charCodeAt(0) % 16]}`;
}

/** The part of Durable Object state these objects use. */
export interface DoState {
  readonly storage: {
    get<T>(key: string): Promise<T | undefined>;
    get<T>(keys: string[]): Promise<Map<string, T>>;
    put(key: string, value: unknown): Promise<void>;
    put(entries: Record<string, unknown>): Promise<void>;
    delete(key: string): Promise<boolean>;
    list<T>(options?: { prefix?: string; limit?: number }): Promise<Map<string, T>>;
    getAlarm(): Promise<number | null>;
    setAlarm(at: number): Promise<void>;
  };
}

/**
 * Durable Object class `AcmeNonces` (binding `NONCES`): nonce → expiry, purged by an alarm.
 *
 * @example
 * ```ts
 * await rpc(env.NONCES, 'nonces:a', 'spend', { nonce }); // true once, then false
 * ```
 */
export class AcmeNonces {
  readonly #state: DoState;
  constructor(state: DoState) {
    this.#state = state;
  }

  fetch(request: Request): Promise<Response> {
    return serveRpc(request, {
      issue: (a: { nonce: string }) => this.issue(a.nonce),
      spend: (a: { nonce: string }) => this.spend(a.nonce),
    });
  }

  private async issue(nonce: string): Promise<void> {
    await this.#state.storage.put(`n:${nonce}`, Date.now() + NONCE_TTL_MS);
    if ((await this.#state.storage.getAlarm()) === null) await this.#state.storage.setAlarm(Date.now() + NONCE_TTL_MS);
  }

  private async spend(nonce: string): Promise<boolean> {
    const exp = await this.#state.storage.get<number>(`n:${nonce}`);
    if (exp === undefined) return false;
    await this.#state.storage.delete(`n:${nonce}`);
    return exp > Date.now();
  }

  /** Purges expired nonces, then comes back while any remain. */
  async alarm(): Promise<void> {
    const now = Date.now();
    const all = await this.#state.storage.list<number>({ prefix: 'n:' });
    for (const [k, exp] of all) if (exp <= now) await this.#state.storage.delete(k);
    if (all.size > 0) await this.#state.storage.setAlarm(now + NONCE_TTL_MS);
  }
}
