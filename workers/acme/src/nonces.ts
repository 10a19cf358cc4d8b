/**
 * Replay nonces (RFC 8555 section 7.2), single use, valid for an hour. A nonce is made without a storage write:
 * base64url(16 random bytes ‖ expiry in Unix seconds, 4 bytes ‖ HMAC-SHA-256 of both, first 16 bytes), keyed by a
 * random key that one `AcmeNonces` object keeps (read once per isolate). Spending checks the MAC and the expiry
 * in the Worker, then records the nonce as spent in one of 16 `AcmeNonces` shards (picked by its first character)
 * until it expires: a nonce is accepted once, in exactly one place. So a response's nonce costs no Durable Object
 * round trip, and a request's costs one.
 *
 * @module
 */
import { bytesEqual } from '../../../src/crypto/index.ts';
import { b64url, fromB64url } from './b64url.ts';
import type { AcmeEnv, DoNamespace } from './env.ts';
import { AcmeProblem } from './problems.ts';
import { rpc, serveRpc } from './storage.ts';

/**
 * How long a nonce stays valid.
 *
 * @example
 * ```ts
 * const expires = Math.floor((Date.now() + NONCE_TTL_MS) / 1000);
 * ```
 */
export const NONCE_TTL_MS = 3_600_000;
const SHARDS = '0123456789abcdef';
const KEY_OBJECT = 'nonces:key';
const RANDOM = 16;
const MAC = 16;
const LENGTH = RANDOM + 4 + MAC;

/** The HMAC key per namespace binding, read once per isolate; a failed read is tried again next time. */
const keys = new WeakMap<DoNamespace, Promise<CryptoKey>>();

function nonceKey(env: AcmeEnv): Promise<CryptoKey> {
  let key = keys.get(env.NONCES);
  if (!key) {
    key = rpc<string>(env.NONCES, KEY_OBJECT, 'key', {}).then((raw) =>
      crypto.subtle.importKey('raw', fromB64url(raw)!, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
    );
    keys.set(env.NONCES, key);
    key.catch(() => keys.delete(env.NONCES));
  }
  return key;
}

async function mac(env: AcmeEnv, body: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', await nonceKey(env), body)).subarray(0, MAC);
}

/**
 * Makes a fresh nonce (no storage write; the first call of an isolate reads the key).
 *
 * @example
 * ```ts
 * headers.set('replay-nonce', await newNonce(env));
 * ```
 */
export async function newNonce(env: AcmeEnv): Promise<string> {
  const out = new Uint8Array(LENGTH);
  crypto.getRandomValues(out.subarray(0, RANDOM));
  new DataView(out.buffer).setUint32(RANDOM, Math.floor((Date.now() + NONCE_TTL_MS) / 1000));
  out.set(await mac(env, out.subarray(0, RANDOM + 4)), RANDOM + 4);
  return b64url(out);
}

/**
 * Spends `nonce`: forged, expired, malformed or used before is `badNonce`.
 *
 * @example
 * ```ts
 * await spendNonce(env, header.nonce);
 * ```
 */
export async function spendNonce(env: AcmeEnv, nonce: unknown): Promise<void> {
  const bytes = typeof nonce === 'string' && nonce.length <= 64 ? fromB64url(nonce) : undefined;
  if (!bytes || bytes.length !== LENGTH) {
    throw new AcmeProblem('badNonce', 'The JWS carries no valid nonce; get one from newNonce.');
  }
  const expires = new DataView(bytes.buffer, bytes.byteOffset).getUint32(RANDOM) * 1000;
  const expected = await mac(env, bytes.subarray(0, RANDOM + 4));
  const ok =
    bytesEqual(expected, bytes.subarray(RANDOM + 4)) &&
    expires > Date.now() &&
    (await rpc<boolean>(env.NONCES, shardOf(nonce as string), 'spend', { nonce, expires }));
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
    put(key: string, value: unknown, options?: { allowUnconfirmed?: boolean }): Promise<void>;
    put(entries: Record<string, unknown>): Promise<void>;
    delete(key: string): Promise<boolean>;
    list<T>(options?: { prefix?: string; limit?: number }): Promise<Map<string, T>>;
    getAlarm(): Promise<number | null>;
    setAlarm(at: number): Promise<void>;
  };
}

/**
 * Durable Object class `AcmeNonces` (binding `NONCES`): in the object `nonces:key` the HMAC key, in the 16 shards
 * the spent nonces until they expire, purged by an alarm.
 *
 * @example
 * ```ts
 * await rpc(env.NONCES, 'nonces:a', 'spend', { nonce, expires }); // true once, then false
 * ```
 */
export class AcmeNonces {
  readonly #state: DoState;
  /** The alarm's time as last read or set here (`undefined`: not read yet). */
  #alarm: number | null | undefined;
  constructor(state: DoState) {
    this.#state = state;
  }

  fetch(request: Request): Promise<Response> {
    return serveRpc(request, {
      key: () => this.key(),
      spend: (a: { nonce: string; expires: number }) => this.spend(a.nonce, a.expires),
    });
  }

  /** The HMAC key (32 random bytes, base64url), made on first use. */
  private async key(): Promise<string> {
    const had = await this.#state.storage.get<string>('key');
    if (had) return had;
    const key = b64url(crypto.getRandomValues(new Uint8Array(32)));
    await this.#state.storage.put('key', key);
    return key;
  }

  /**
   * Records `nonce` as spent until `expires`; false when it was spent before. The record is visible to the next
   * request at once (one thread, no await between the check and the write); the answer does not wait for the write to
   * reach the disk (`allowUnconfirmed`), since a lost write would need the object to die within that moment and the
   * request to be replayed in it.
   */
  private async spend(nonce: string, expires: number): Promise<boolean> {
    const k = `s:${nonce}`;
    if ((await this.#state.storage.get<number>(k)) !== undefined) return false;
    await this.#state.storage.put(k, expires, { allowUnconfirmed: true });
    this.#alarm ??= await this.#state.storage.getAlarm();
    if (this.#alarm === null) {
      this.#alarm = expires;
      await this.#state.storage.setAlarm(expires);
    }
    return true;
  }

  /** Purges the entries of expired nonces (and those of the stored nonces of earlier versions), then comes back. */
  async alarm(): Promise<void> {
    const now = Date.now();
    let left = 0;
    for (const prefix of ['s:', 'n:']) {
      const all = await this.#state.storage.list<number>({ prefix });
      for (const [k, exp] of all) {
        if (exp <= now) await this.#state.storage.delete(k);
        else left++;
      }
    }
    this.#alarm = left > 0 ? now + NONCE_TTL_MS : null;
    if (this.#alarm !== null) await this.#state.storage.setAlarm(this.#alarm);
  }
}
