/**
 * Bindings of the ACME gateway and the settings read from them.
 *
 * @module
 */
import { intSetting } from '../../shared/index.ts';
import { AcmeProblem } from './problems.ts';

export { intSetting };

/** A Durable Object stub, as far as this Worker uses it. */
export interface DoStub {
  fetch(input: string, init?: RequestInit): Promise<Response>;
}

/** A Durable Object namespace, as far as this Worker uses it. */
export interface DoNamespace {
  idFromName(name: string): unknown;
  get(id: unknown): DoStub;
}

/** Worker bindings (wrangler.toml `[vars]`, secrets, Durable Objects). */
export interface AcmeEnv {
  /** Secret: GlobalSign API user name. */
  readonly GS_USERNAME?: string;
  /** Secret: GlobalSign API password. */
  readonly GS_PASSWORD?: string;
  /** `production`, `test`, or a base URL such as the simulator's. */
  readonly GS_ENDPOINT?: string;
  /** Secret: bearer token of `POST /admin/tenants`. */
  readonly ADMIN_SECRET?: string;
  /**
   * Renewal information: the page a moved window's `explanationURL` points at (the reason as its fragment:
   * `#revoked`, `#cancelled`, `#vetting`); default the gateway's own `/acme/renewal-explained`.
   */
  readonly ARI_EXPLANATION_URL?: string;
  /** DNS over HTTPS resolver (RFC 8484) for dns-01; default `https://cloudflare-dns.com/dns-query`. */
  readonly DOH_URL?: string;
  /**
   * Local runs only: JSON `{"httpPort": 5002, "dohUrl": "http://127.0.0.1:5003/dns-query"}` sends http-01 fetches
   * to that 127.0.0.1 port and dns-01 queries to that resolver. Honoured only when the request reached the gateway
   * on a loopback address; ignored otherwise.
   */
  readonly LOCAL_VALIDATION?: string;
  /**
   * How long a challenge POST waits for its validation before answering `processing`, ms (default 2000; `0` always
   * answers `processing` at once, at most 10000). A validation that ends in time is answered `valid` or `invalid` in
   * that POST, so a client that reads the answer (lego, acmez, acme-client) needs no poll for it.
   */
  readonly CHALLENGE_WAIT_MS?: string;
  /** Largest accepted JWS body in bytes (default 65536). */
  readonly MAX_BODY_BYTES?: string;
  /** How long a new order may take to become ready and be finalized, seconds (default 604800: 7 days). */
  readonly ORDER_LIFETIME_SECONDS?: string;
  /** First delay of the issuance poll, ms (default 2000); doubles up to 5 minutes. */
  readonly POLL_INITIAL_MS?: string;
  // Issuance under faults (finalize.ts):
  /**
   * Time limit of one GlobalSign call attempt, ms (default 25000; at least 100). A PVOrder that has not answered by
   * then is `unknown` and reconciled; a Query read is tried at most 3 times.
   */
  readonly GS_TIMEOUT_MS?: string;
  /**
   * How long a finalized order may stay `processing`, seconds (default 259200: 72 hours, which covers a phishing-check
   * hold over a weekend). Then it ends `invalid` with the GlobalSign order to look at; nothing is sent after it.
   */
  readonly ISSUE_DEADLINE_SECONDS?: string;
  // Limits (see limits.ts for defaults): paging, rate limits, sizes.
  /** Order URLs per page of an account's `orders` list (default 100). */
  readonly ORDERS_PAGE_SIZE?: string;
  /** Requests per window per client address (default 1200). */
  readonly RATE_LIMIT_IP?: string;
  /** Requests per window per account (default 600). */
  readonly RATE_LIMIT_ACCOUNT?: string;
  /** newOrder requests per window per account (default 100). */
  readonly RATE_LIMIT_NEW_ORDERS?: string;
  /** Rate-limit window, seconds (default 60). */
  readonly RATE_WINDOW_SECONDS?: string;
  /** `cloudflare` (CF-Connecting-IP, default) or `socket`: where the per-address limit finds the client. */
  readonly CLIENT_ADDRESS?: string;
  /** Longest accepted request URL, bytes (default 2048). */
  readonly MAX_URL_BYTES?: string;
  /** Most `contact` entries of an account (default 10), and longest entry (default 320 characters). */
  readonly MAX_CONTACTS?: string;
  readonly MAX_CONTACT_LENGTH?: string;
  /** Largest accepted `POST /admin/tenants` body, bytes (default 16384). */
  readonly MAX_ADMIN_BODY_BYTES?: string;
  readonly ACCOUNTS: DoNamespace;
  readonly TENANTS: DoNamespace;
  readonly NONCES: DoNamespace;
  readonly LIMITS: DoNamespace;
}

/**
 * The time limit of one GlobalSign call attempt (`GS_TIMEOUT_MS`, default 25 s: under the 30 s many ACME clients
 * wait for finalize's answer).
 *
 * @example
 * ```ts
 * gsTimeoutMs({ GS_TIMEOUT_MS: '1000' } as AcmeEnv); // 1000
 * ```
 */
export function gsTimeoutMs(env: AcmeEnv): number {
  return intSetting('GS_TIMEOUT_MS', env.GS_TIMEOUT_MS, 25_000, 100);
}

/**
 * How long a challenge POST waits for its validation (`CHALLENGE_WAIT_MS`, default 2 s, at most 10 s).
 *
 * @example
 * ```ts
 * challengeWaitMs({ CHALLENGE_WAIT_MS: '0' } as AcmeEnv); // 0
 * ```
 */
export function challengeWaitMs(env: AcmeEnv): number {
  return Math.min(intSetting('CHALLENGE_WAIT_MS', env.CHALLENGE_WAIT_MS, 2_000, 0), 10_000);
}

/**
 * GlobalSign credentials, endpoint and time limit (`GS_TIMEOUT_MS`) from the bindings; a `serverInternal` problem
 * when the credentials are missing.
 *
 * @example
 * ```ts
 * const mssl = new MsslClient(gsOptions(env));
 * ```
 */
export function gsOptions(env: AcmeEnv): { username: string; password: string; endpoint: string; timeoutMs: number } {
  if (!env.GS_USERNAME || !env.GS_PASSWORD) {
    throw new AcmeProblem('serverInternal', 'The bindings GS_USERNAME and GS_PASSWORD are not set.');
  }
  const timeoutMs = gsTimeoutMs(env);
  return { username: env.GS_USERNAME, password: env.GS_PASSWORD, endpoint: env.GS_ENDPOINT || 'production', timeoutMs };
}
