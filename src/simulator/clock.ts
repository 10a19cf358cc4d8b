/**
 * The simulator's clock: every date the simulator writes or compares comes from here, so tests can move time
 * (asynchronous issuance delays, 7-day cancel windows, expiry, query windows) without waiting.
 *
 * @module
 */

/** A controllable clock. */
export interface SimClock {
  /** The current time. */
  now(): Date;
  /** A timestamp for a new event: `now()`, but always at least 1 ms after the previous stamp, so windows can split. */
  stamp(): Date;
  /** Moves a manual clock forward (tests); on a wall clock, adds an offset. */
  advance(ms: number): void;
  /** Sets a manual clock (tests); on a wall clock, sets the offset so that `now()` is `to`. */
  set(to: Date): void;
}

/**
 * Creates a clock over a time source (default: the wall clock).
 *
 * @example
 * ```ts
 * const clock = createClock(() => new Date('2026-01-01T00:00:00Z'));
 * clock.advance(7 * 86_400_000);
 * ```
 */
export function createClock(source: () => Date = () => new Date()): SimClock {
  let offset = 0;
  let last = Number.NEGATIVE_INFINITY;
  const now = (): Date => new Date(source().getTime() + offset);
  return {
    now,
    stamp() {
      last = Math.max(now().getTime(), last + 1);
      return new Date(last);
    },
    advance(ms) {
      offset += ms;
    },
    set(to) {
      offset += to.getTime() - now().getTime();
    },
  };
}
