/**
 * What every service handler of the simulator gets: the contract between the router and the per-service handler
 * maps (epki.ts, mssl.ts, query.ts, account.ts). Handlers throw {@link SimApiError} (sim-error.ts) for business errors.
 *
 * @module
 */
import type { ApiErrorDetail } from '../errors.ts';
import type { LocalCa } from './ca.ts';
import type { SimClock } from './clock.ts';
import type { Account } from './entities.ts';
import type { SimStore } from './store.ts';

/** Per-call context. */
export interface HandlerContext {
  /** The simulator's state, behind its storage interface. */
  readonly state: SimStore;
  readonly clock: SimClock;
  readonly ca: LocalCa;
  readonly crypto: Crypto;
  /** The authenticated account. */
  readonly account: Account;
  /** Options the handlers need. */
  readonly options: { readonly asyncDelayMs: number; readonly epkiCertFormat: 'x509' | 'pkcs7' };
}

/** A handler's successful answer: the response body (wire names) and optional warnings (SuccessCode 1). */
export interface HandlerResult {
  readonly body: Record<string, unknown>;
  readonly warnings?: readonly ApiErrorDetail[];
}

/** One operation's handler. */
export type Handler = (ctx: HandlerContext, request: Record<string, unknown>) => Promise<HandlerResult> | HandlerResult;

/** A service's handlers keyed by the wire operation name. */
export type HandlerMap = Readonly<Record<string, Handler>>;
