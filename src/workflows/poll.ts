/**
 * Backoff polling for workflows: exponential intervals with jitter, an overall deadline, an AbortSignal and a
 * progress callback. Time is injectable (`sleep`, `now`) so tests drive it with the simulator's clock.
 *
 * @module
 */
import { DeadlineError } from '../errors.ts';

/** What the progress callback receives after each attempt. */
export interface PollProgress {
  /** The status the last attempt saw (e.g. `REQUESTED`). */
  readonly status: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Time since polling started, in ms of the injected clock. */
  readonly elapsedMs: number;
}

/** Options of {@link poll}. */
export interface PollOptions {
  /** First interval in ms (default 2 000). */
  readonly initialMs?: number;
  /** Largest interval in ms (default 60 000). */
  readonly maxMs?: number;
  /** Growth per attempt (default 1.6). */
  readonly factor?: number;
  /** Random spread of each interval, 0..1 (default 0.2: ±20 %). */
  readonly jitter?: number;
  /** Overall time limit in ms from the start (default: none); then a `DeadlineError`. */
  readonly deadlineMs?: number;
  /** Stops polling: the promise rejects with the signal's reason (an `AbortError` by default). */
  readonly signal?: AbortSignal;
  /** Called after every attempt that is not final. */
  readonly onProgress?: (p: PollProgress) => void;
  /** Waits `ms` (default: a timer that the signal cancels). */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Current time in ms (default `Date.now`). */
  readonly now?: () => number;
  /** Source of randomness for the jitter, 0..1 (default `Math.random`). */
  readonly random?: () => number;
}

/** What one attempt reports: finished with a value, or still pending with a status name. */
export type PollStep<T> =
  | { readonly done: true; readonly value: T }
  | { readonly done: false; readonly status: string };

/**
 * The reason a signal aborted with, or a DOMException named `AbortError`.
 *
 * @example
 * ```ts
 * if (signal.aborted) throw abortReason(signal);
 * ```
 */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/**
 * A timer that rejects with the abort reason when `signal` aborts.
 *
 * @example
 * ```ts
 * await defaultSleep(1_000, controller.signal);
 * ```
 */
export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The interval before attempt `attempt + 1`: `initialMs * factor^(attempt-1)`, capped at `maxMs`, spread by
 * `jitter`.
 *
 * @example
 * ```ts
 * backoffDelay(1, { initialMs: 1000, factor: 2, jitter: 0 }); // 1000
 * backoffDelay(3, { initialMs: 1000, factor: 2, jitter: 0 }); // 4000
 * ```
 */
export function backoffDelay(attempt: number, options: PollOptions = {}): number {
  const initial = options.initialMs ?? 2_000;
  const max = options.maxMs ?? 60_000;
  const base = Math.min(max, initial * (options.factor ?? 1.6) ** Math.max(0, attempt - 1));
  const jitter = Math.min(1, Math.max(0, options.jitter ?? 0.2));
  const spread = (2 * (options.random ?? Math.random)() - 1) * jitter;
  return Math.max(0, Math.round(base * (1 + spread)));
}

/**
 * Calls `attempt` until it reports `done`, sleeping with backoff in between. Rejects with a `DeadlineError` once
 * `deadlineMs` has passed (the last attempt runs at the deadline), with the abort reason when `signal` aborts, and
 * with whatever `attempt` throws.
 *
 * @example
 * ```ts
 * const order = await poll(async () => {
 *   const o = await epki.getOrderByOrderId({ OrderNo: id });
 *   const status = o.OrderDetail?.OrderInfo.OrderStatus ?? 'UNKNOWN';
 *   return status === 'ISSUED' ? { done: true, value: o } : { done: false, status };
 * }, { initialMs: 5_000, maxMs: 60_000, deadlineMs: 3_600_000, onProgress: console.log });
 * ```
 */
export async function poll<T>(
  attempt: (n: number, signal?: AbortSignal) => Promise<PollStep<T>>,
  options: PollOptions = {},
): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const { signal, deadlineMs } = options;
  const started = now();
  for (let n = 1; ; n++) {
    if (signal?.aborted) throw abortReason(signal);
    const step = await attempt(n, signal);
    if (step.done) return step.value;
    const elapsedMs = now() - started;
    options.onProgress?.({ status: step.status, attempt: n, elapsedMs });
    if (signal?.aborted) throw abortReason(signal);
    let wait = backoffDelay(n, options);
    if (deadlineMs !== undefined) {
      const left = deadlineMs - elapsedMs;
      if (left <= 0) {
        throw new DeadlineError(`still ${step.status} after ${n} attempts and ${elapsedMs} ms`, deadlineMs);
      }
      wait = Math.min(wait, left);
    }
    await sleep(wait, signal);
  }
}
