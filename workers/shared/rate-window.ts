/**
 * A sliding-window rate limit as a pure function over a small state (store it wherever the Worker keeps counters:
 * a Durable Object's storage or memory). The window is approximated from two fixed windows: the count of the
 * previous window, weighted by how much of it still overlaps the sliding window, plus the count of the current one.
 * That smooths the burst at a fixed window's edge (2× the limit in a moment) at the cost of two numbers.
 *
 * A refused request is not counted, so a client that keeps retrying is let in again as soon as the window frees.
 *
 * @module
 */

/** The counters of one bucket. */
export interface RateWindow {
  /** Start of the current fixed window, ms since the epoch (a multiple of the window length). */
  readonly start: number;
  /** Requests let in during the current fixed window. */
  readonly current: number;
  /** Requests let in during the window before it. */
  readonly previous: number;
}

/** What one hit did. */
export interface RateHit {
  readonly allowed: boolean;
  /** Whole seconds until a request would be let in again (0 when allowed). */
  readonly retryAfter: number;
  /** The counters to store. */
  readonly state: RateWindow;
}

/** The state moved forward to the fixed window holding `now`. */
function roll(state: RateWindow | undefined, now: number, windowMs: number): RateWindow {
  const start = now - (now % windowMs);
  if (!state || state.start <= start - 2 * windowMs) return { start, current: 0, previous: 0 };
  if (state.start < start) return { start, current: 0, previous: state.current };
  return state;
}

/** Seconds from `now` until `previous·(1 − elapsed/W) + current + 1 ≤ limit` (the next request fits). */
function waitSeconds(s: RateWindow, now: number, windowMs: number, limit: number): number {
  const elapsed = now - s.start;
  let ms: number;
  if (s.current >= limit) {
    // Not in this window: in the next one `current` becomes `previous` and must fade enough.
    ms = windowMs - elapsed + windowMs * (1 - (limit - 1) / s.current);
  } else {
    ms = windowMs * (1 - (limit - 1 - s.current) / s.previous) - elapsed;
  }
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * Counts one request against `limit` per `windowSeconds` (sliding); returns whether it is let in, the seconds to
 * wait when not, and the state to store.
 *
 * @example
 * ```ts
 * const hit = slidingWindowHit(await storage.get('rate'), Date.now(), 300, 60);
 * await storage.put('rate', hit.state);
 * if (!hit.allowed) throw new Problem('rate-limited', `Try again in ${hit.retryAfter} s.`);
 * ```
 */
export function slidingWindowHit(
  state: RateWindow | undefined,
  now: number,
  limit: number,
  windowSeconds: number,
): RateHit {
  const windowMs = Math.max(1, windowSeconds) * 1000;
  const s = roll(state, now, windowMs);
  const weight = 1 - (now - s.start) / windowMs;
  // The tolerance absorbs floating-point error at the exact moment Retry-After names.
  if (s.previous * weight + s.current + 1 <= limit + 1e-9) {
    return { allowed: true, retryAfter: 0, state: { ...s, current: s.current + 1 } };
  }
  return { allowed: false, retryAfter: waitSeconds(s, now, windowMs, limit), state: s };
}
