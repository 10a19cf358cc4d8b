/**
 * What every service handler of the simulator gets and may throw: the contract between the router and the
 * per-service handler maps (epki.ts, mssl.ts, gas.ts, account.ts).
 *
 * @module
 */
import type { ApiErrorDetail } from '../errors.ts';
import type { LocalCa } from './ca.ts';
import type { SimClock } from './clock.ts';
import type { Account, SimState } from './state.ts';

/** Per-call context. */
export interface HandlerContext {
  readonly state: SimState;
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

/**
 * A business error: the simulator answers `SuccessCode -1` with this code, as the live service does.
 *
 * @example
 * ```ts
 * throw new SimApiError('-9916', 'OrderID', 'Certificate Order not found');
 * ```
 */
export class SimApiError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  constructor(code: string, field?: string, message?: string) {
    super(message ?? code);
    this.name = 'SimApiError';
    this.code = code;
    this.field = field;
  }
}
