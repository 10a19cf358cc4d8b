/**
 * Operating limits of the gateway: rate limits per client address (the `AcmeLimits` Durable Object, one per
 * address, counting in memory) and per account (counted inside the account's own object, in the call that authenticates the request,
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
import { AcmeProblem } from './problems.ts';

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
  const stub = env.LIMITS.get(env.LIMITS.idFromName(`ip:${ip}`));
  const res = await stub.fetch(`https://limits.internal/hit?limit=${l.rateIp}&window=${l.windowSeconds}`);
  if (res.status === 429) throw rateLimited('address', Number(res.headers.get('retry-after')) || 1);
  if (res.status !== 204) throw new AcmeProblem('serverInternal', 'The rate limiter did not answer.');
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
 * Durable Object class `AcmeLimits` (binding `LIMITS`): the sliding-window counter of one client address, held in
 * the object's memory. Nothing is written to storage (a write per request would cost more CPU than the check
 * itself); an object that is evicted or restarted forgets its counter, which errs on the lenient side for at most
 * one window, and an idle object leaves nothing behind.
 *
 * @example
 * ```ts
 * const res = await env.LIMITS.get(env.LIMITS.idFromName(`ip:${ip}`)).fetch('https://limits/hit?limit=1200&window=60');
 * res.status; // 204, or 429 with Retry-After
 * ```
 */
export class AcmeLimits {
  #rate: RateWindow | undefined;

  fetch(request: Request): Response {
    const q = new URL(request.url).searchParams;
    const hit = slidingWindowHit(this.#rate, Date.now(), Number(q.get('limit')), Number(q.get('window')));
    this.#rate = hit.state;
    if (hit.allowed) return new Response(null, { status: 204 });
    return new Response(null, { status: 429, headers: { 'retry-after': String(hit.retryAfter) } });
  }
}
