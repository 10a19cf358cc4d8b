/**
 * Operating limits of the gateway: rate limits per client address (the `AcmeLimits` Durable Object, one per
 * address) and per account (counted inside the account's own object, in the call that authenticates the request,
 * so it costs no extra round trip), and size limits on what a request may carry (URL, contacts).
 *
 * Rate limits are sliding windows (`slidingWindowHit` of workers/shared); over a limit the answer is 429
 * `rateLimited` with `Retry-After` (seconds until the window lets a request in) and, as every ACME answer, a fresh
 * `Replay-Nonce`. Refused requests are not counted.
 *
 * @module
 */
import {
  clientAddress,
  clientAddressSource,
  intSetting,
  type RateWindow,
  slidingWindowHit,
} from '../../shared/index.ts';
import { audit } from './audit.ts';
import type { AcmeEnv } from './env.ts';
import type { DoState } from './nonces.ts';
import { AcmeProblem } from './problems.ts';
import { rpc, serveRpc } from './storage.ts';

/** The limits in force, from the settings. */
export interface Limits {
  readonly ordersPageSize: number;
  readonly rateIp: number;
  readonly rateAccount: number;
  readonly rateNewOrders: number;
  readonly windowSeconds: number;
  readonly maxUrlBytes: number;
  readonly maxContacts: number;
  readonly maxContactLength: number;
  readonly maxAdminBodyBytes: number;
}

/**
 * Reads the limit settings (defaults in brackets in README.md); a bad value is `server-misconfigured`.
 *
 * @example
 * ```ts
 * const { rateIp, windowSeconds } = limitsOf(env);
 * ```
 */
export function limitsOf(env: AcmeEnv): Limits {
  return {
    ordersPageSize: intSetting('ORDERS_PAGE_SIZE', env.ORDERS_PAGE_SIZE, 100, 1),
    rateIp: intSetting('RATE_LIMIT_IP', env.RATE_LIMIT_IP, 1200, 1),
    rateAccount: intSetting('RATE_LIMIT_ACCOUNT', env.RATE_LIMIT_ACCOUNT, 600, 1),
    rateNewOrders: intSetting('RATE_LIMIT_NEW_ORDERS', env.RATE_LIMIT_NEW_ORDERS, 100, 1),
    windowSeconds: intSetting('RATE_WINDOW_SECONDS', env.RATE_WINDOW_SECONDS, 60, 1),
    maxUrlBytes: intSetting('MAX_URL_BYTES', env.MAX_URL_BYTES, 2048, 256),
    maxContacts: intSetting('MAX_CONTACTS', env.MAX_CONTACTS, 10, 1),
    maxContactLength: intSetting('MAX_CONTACT_LENGTH', env.MAX_CONTACT_LENGTH, 320, 16),
    maxAdminBodyBytes: intSetting('MAX_ADMIN_BODY_BYTES', env.MAX_ADMIN_BODY_BYTES, 16384, 1024),
  };
}

const WHO = { address: 'this address', account: 'this account', newOrder: 'this account (newOrder)' } as const;

/**
 * The `rateLimited` refusal for a hit that was not let in (and its audit line: the limit and the account, never
 * the address).
 *
 * @example
 * ```ts
 * if (!hit.allowed) throw rateLimited('account', hit.retryAfter, account.id);
 * ```
 */
export function rateLimited(limit: keyof typeof WHO, retryAfter: number, account?: string): AcmeProblem {
  audit({ event: 'rate-limited', kind: limit, ...(account ? { account } : {}) });
  return new AcmeProblem('rateLimited', `Too many requests from ${WHO[limit]}; try again in ${retryAfter} s.`, [], {
    'retry-after': String(retryAfter),
  });
}

/**
 * Counts one request of the client's address (one call to its `AcmeLimits` object); over `RATE_LIMIT_IP` per
 * window is `rateLimited`.
 *
 * @example
 * ```ts
 * await hitAddress(request, env); // before the body is read
 * ```
 */
export async function hitAddress(request: Request, env: AcmeEnv): Promise<void> {
  const l = limitsOf(env);
  const ip = clientAddress(request, clientAddressSource(env.CLIENT_ADDRESS));
  const hit = await rpc<{ allowed: boolean; retryAfter: number }>(env.LIMITS, `ip:${ip}`, 'hit', {
    limit: l.rateIp,
    windowSeconds: l.windowSeconds,
  });
  if (!hit.allowed) throw rateLimited('address', hit.retryAfter);
}

/**
 * Refuses a request URL longer than `MAX_URL_BYTES` (414), before anything else is read.
 *
 * @example
 * ```ts
 * checkUrl(request.url, env);
 * ```
 */
export function checkUrl(url: string, env: AcmeEnv): void {
  const max = limitsOf(env).maxUrlBytes;
  if (new TextEncoder().encode(url).length > max) {
    throw new AcmeProblem('uri-too-long', `The request URL exceeds ${max} bytes (MAX_URL_BYTES).`);
  }
}

/**
 * Checks an account's `contact` (RFC 8555 section 7.3): an array of at most `MAX_CONTACTS` `mailto:` URIs of at
 * most `MAX_CONTACT_LENGTH` characters each, one address per URI. `undefined` stays `undefined` (no change).
 *
 * @example
 * ```ts
 * const contact = checkContact(env, payload.contact); // ['mailto:ops@example.com']
 * ```
 */
export function checkContact(env: AcmeEnv, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const l = limitsOf(env);
  if (!Array.isArray(value) || value.some((c) => typeof c !== 'string')) {
    throw new AcmeProblem('invalidContact', '"contact" must be an array of URI strings.');
  }
  if (value.length > l.maxContacts) {
    throw new AcmeProblem('invalidContact', `"contact" has more than ${l.maxContacts} entries (MAX_CONTACTS).`);
  }
  for (const c of value as string[]) {
    if (c.length > l.maxContactLength) {
      throw new AcmeProblem(
        'invalidContact',
        `A contact is longer than ${l.maxContactLength} characters (MAX_CONTACT_LENGTH).`,
      );
    }
    if (!/^mailto:/i.test(c)) throw new AcmeProblem('unsupportedContact', 'Contacts are mailto: URIs.');
    if (!/^mailto:[^\s@,?%<>"]+@[^\s@,?%<>"]+$/i.test(c)) {
      throw new AcmeProblem('invalidContact', 'A mailto: contact names exactly one e-mail address.');
    }
  }
  return value as string[];
}

/**
 * Durable Object class `AcmeLimits` (binding `LIMITS`): the sliding-window counter of one client address. An alarm
 * deletes the counter once it has been idle for two windows.
 *
 * @example
 * ```ts
 * await rpc(env.LIMITS, `ip:${ip}`, 'hit', { limit: 1200, windowSeconds: 60 }); // { allowed, retryAfter }
 * ```
 */
export class AcmeLimits {
  readonly #state: DoState;
  constructor(state: DoState) {
    this.#state = state;
  }

  fetch(request: Request): Promise<Response> {
    return serveRpc(request, {
      hit: (a: { limit: number; windowSeconds: number }) => this.hit(a.limit, a.windowSeconds),
    });
  }

  private async hit(limit: number, windowSeconds: number): Promise<{ allowed: boolean; retryAfter: number }> {
    const s = this.#state.storage;
    const now = Date.now();
    const hit = slidingWindowHit(await s.get<RateWindow>('rate'), now, limit, windowSeconds);
    if (hit.allowed) {
      await s.put({ rate: hit.state, windowMs: windowSeconds * 1000 });
      if ((await s.getAlarm()) === null) await s.setAlarm(hit.state.start + 2 * windowSeconds * 1000);
    }
    return { allowed: hit.allowed, retryAfter: hit.retryAfter };
  }

  /** Two windows after the current one started both counters are spent: delete them, or come back then. */
  async alarm(): Promise<void> {
    const s = this.#state.storage;
    const w = await s.get<RateWindow>('rate');
    const windowMs = (await s.get<number>('windowMs')) ?? 60_000;
    if (!w) return;
    const end = w.start + 2 * windowMs;
    if (Date.now() >= end) {
      await s.delete('rate');
      await s.delete('windowMs');
    } else await s.setAlarm(end);
  }
}
