/**
 * Bindings of the enrollment Worker and the configuration read from them.
 *
 * @module
 */
import { ENROLL_PROBLEMS } from '../../shared/enroll-contract.ts';
import { type ClientAddressSource, clientAddressSource, intSetting, parseOrigins } from '../../shared/index.ts';

/** A Durable Object stub, as far as this Worker uses it. */
export interface LedgerStub {
  fetch(input: string, init?: RequestInit): Promise<Response>;
}

/** A Durable Object namespace, as far as this Worker uses it. */
export interface LedgerNamespace {
  idFromName(name: string): unknown;
  get(id: unknown): LedgerStub;
}

/** Worker bindings (wrangler.toml `[vars]`, secrets and the Durable Object). */
export interface EnrollEnv {
  /** Secret: GlobalSign API user name. */
  readonly GS_USERNAME?: string;
  /** Secret: GlobalSign API password. */
  readonly GS_PASSWORD?: string;
  /** `production`, `test`, or a base URL such as the simulator Worker's. */
  readonly GS_ENDPOINT?: string;
  /** Secret: HS256 key of invitations (at least 32 bytes). */
  readonly INVITE_SECRET?: string;
  /** Secret: bearer token of the admin endpoint. */
  readonly ADMIN_SECRET?: string;
  /** Comma-separated origins allowed to call `/enroll` from a browser. */
  readonly ALLOWED_ORIGINS?: string;
  /** Base URL of the enrollment page; invitation links are `<ENROLL_PAGE_URL>#<token>`. */
  readonly ENROLL_PAGE_URL?: string;
  /**
   * Where the per-IP rate limit finds the client's address: `cloudflare` (default: the `CF-Connecting-IP` header,
   * trustworthy only when every request comes through Cloudflare, which overwrites it) or `socket` (local mode: the
   * connection's peer address as the runtime reports it; a client cannot choose it). See `ClientAddressSource`.
   */
  readonly CLIENT_ADDRESS?: string;
  /** Rate limits: requests per window, per client IP and per invitation; the window in seconds. */
  readonly RATE_LIMIT_IP?: string;
  readonly RATE_LIMIT_INVITATION?: string;
  readonly RATE_WINDOW_SECONDS?: string;
  /** Largest accepted request body in bytes (default 16384). */
  readonly MAX_BODY_BYTES?: string;
  /** Issuing chain (PEM bundle) used when the order's fulfillment carries no chain. */
  readonly CA_CHAIN_PEM?: string;
  readonly LEDGER: LedgerNamespace;
}

/** Configuration derived from {@link EnrollEnv}. */
export interface EnrollConfig {
  readonly origins: readonly string[];
  readonly rateIp: number;
  readonly rateInvitation: number;
  readonly windowSeconds: number;
  readonly maxBody: number;
  readonly clientAddress: ClientAddressSource;
}

/**
 * Reads the configuration, with defaults: 10 requests per IP and 5 per invitation per 10 minutes, 16 KiB bodies,
 * the client address from `CF-Connecting-IP`.
 *
 * @example
 * ```ts
 * const cfg = configOf(env); cfg.origins; // ['https://enroll.example.com']
 * ```
 */
export function configOf(env: EnrollEnv): EnrollConfig {
  return {
    origins: parseOrigins(env.ALLOWED_ORIGINS),
    rateIp: intSetting('RATE_LIMIT_IP', env.RATE_LIMIT_IP, 10, 1),
    rateInvitation: intSetting('RATE_LIMIT_INVITATION', env.RATE_LIMIT_INVITATION, 5, 1),
    windowSeconds: intSetting('RATE_WINDOW_SECONDS', env.RATE_WINDOW_SECONDS, 600, 1),
    maxBody: intSetting('MAX_BODY_BYTES', env.MAX_BODY_BYTES, 16384, 256),
    clientAddress: clientAddressSource(env.CLIENT_ADDRESS),
  };
}

/**
 * The secret binding `name`, or a `server-misconfigured` problem naming the binding (never its value).
 *
 * @example
 * ```ts
 * const secret = required(env, 'INVITE_SECRET');
 * ```
 */
export function required(
  env: EnrollEnv,
  name: 'GS_USERNAME' | 'GS_PASSWORD' | 'INVITE_SECRET' | 'ADMIN_SECRET',
): string {
  const v = env[name];
  if (!v) throw ENROLL_PROBLEMS.problem('server-misconfigured', `The binding ${name} is not set.`);
  return v;
}
