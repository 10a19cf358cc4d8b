/**
 * The `EnrollLedger` Durable Object: spends invitations exactly once and counts requests for rate limits.
 *
 * One object per key (`inv:<jti>`, `rate:ip:<address>`, `rate:inv:<jti>`), addressed with `idFromName`. A Durable
 * Object handles its requests one at a time and its storage reads and writes are not interleaved with other
 * requests (input gates), so "read, check, write" below is atomic: two concurrent spends of one invitation cannot
 * both succeed.
 *
 * Nothing is kept longer than it matters: a spent marker is purged by an alarm a day after its invitation expires
 * (an expired invitation is refused before it reaches the ledger), a rate-limit counter two windows after it started.
 *
 * @module
 */

/** The part of Durable Object storage this object uses. */
export interface LedgerStorage {
  get<T>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<boolean>;
  /** Durable Object alarms (purging); absent in plain tests. */
  setAlarm?(at: number): Promise<void>;
  deleteAll?(): Promise<void>;
}

/** How long a spent marker outlives its invitation's expiry (clock differences between Workers). */
export const SPENT_GRACE_MS = 86_400_000;

/** The part of the Durable Object state this object uses. */
export interface LedgerState {
  readonly storage: LedgerStorage;
}

/** Result of a rate-limit hit. */
export interface HitResult {
  readonly allowed: boolean;
  /** Seconds until the window resets. */
  readonly retryAfter: number;
  readonly count: number;
}

interface Window {
  start: number;
  count: number;
}

/**
 * Durable Object class (bind it as `LEDGER`, class name `EnrollLedger`).
 *
 * @example
 * ```ts
 * const stub = env.LEDGER.get(env.LEDGER.idFromName(`inv:${jti}`));
 * const res = await stub.fetch('https://ledger/spend', { method: 'POST' });
 * ```
 */
export class EnrollLedger {
  readonly #storage: LedgerStorage;
  constructor(state: LedgerState) {
    this.#storage = state.storage;
  }

  /**
   * `POST /spend?until=MS` (409 when already spent; `until`: the invitation's expiry, ms since the epoch),
   * `POST /peek` (`{ spent }`, changes nothing), `POST /release`, `POST /hit?limit=N&window=S`.
   */
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (request.method !== 'POST') return new Response(null, { status: 405 });
    switch (url.pathname) {
      case '/spend':
        return this.spend(Number(url.searchParams.get('until') ?? Number.NaN));
      case '/peek':
        return Response.json({ spent: (await this.#storage.get<number>('spent')) !== undefined });
      case '/release':
        await this.#storage.delete('spent');
        return Response.json({ released: true });
      case '/hit':
        return Response.json(
          await this.hit(Number(url.searchParams.get('limit')), Number(url.searchParams.get('window')), Date.now()),
        );
      default:
        return new Response(null, { status: 404 });
    }
  }

  private async spend(until: number): Promise<Response> {
    const at = await this.#storage.get<number>('spent');
    if (at !== undefined) return Response.json({ spent: false, spentAt: at }, { status: 409 });
    const now = Date.now();
    await this.#storage.put('spent', now);
    // Without a known expiry the marker stays: forgetting a spend early would let an invitation be used twice.
    if (Number.isFinite(until)) await this.#storage.setAlarm?.(Math.max(until, now) + SPENT_GRACE_MS);
    return Response.json({ spent: true, spentAt: now });
  }

  /** The alarm: everything this object held has outlived its use. */
  async alarm(): Promise<void> {
    await this.#storage.deleteAll?.();
  }

  /** Fixed-window counter: at most `limit` hits per `windowSeconds`. */
  async hit(limit: number, windowSeconds: number, now: number): Promise<HitResult> {
    const windowMs = Math.max(1, windowSeconds) * 1000;
    const w = (await this.#storage.get<Window>('window')) ?? { start: now, count: 0 };
    if (now - w.start >= windowMs) {
      w.start = now;
      w.count = 0;
    }
    w.count += 1;
    await this.#storage.put('window', w);
    if (w.count === 1) await this.#storage.setAlarm?.(w.start + 2 * windowMs);
    const retryAfter = Math.max(1, Math.ceil((w.start + windowMs - now) / 1000));
    return { allowed: w.count <= limit, retryAfter, count: w.count };
  }
}
