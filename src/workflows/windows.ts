/**
 * Listings past a query cap, independent of the service: a date window whose answer is (or may be) cut off by the
 * cap is split in halves, recursively, until every part fits; items are yielded once each (by key) and a checkpoint
 * tells how far the listing has safely got. EPKI `listOrders`, Query `syncModifiedOrders` and the renewal search
 * are built on it.
 *
 * @module
 */
import { ValidationError } from '../errors.ts';
import { abortReason } from './poll.ts';

/** What one window query answered: its items, or `'split'` when the window holds more than the cap allows. */
export type WindowAnswer<T> = readonly T[] | 'split';

/**
 * Queries one window `[from, to]` (ISO 8601, inclusive). `canSplit` is false for a window of one millisecond: the
 * fetcher must then either answer the items or throw (an over-cap window that cannot be split is an error).
 */
export type WindowFetcher<T> = (
  window: { readonly from: string; readonly to: string; readonly canSplit: boolean },
  signal?: AbortSignal,
) => Promise<WindowAnswer<T>>;

/** Options of {@link windowedListing}. */
export interface WindowedOptions<T> {
  /** Start of the range (inclusive). */
  readonly from: Date | string;
  /** End of the range (inclusive; default now). */
  readonly to?: Date | string;
  /** A checkpoint from an earlier run: the listing resumes just after it (overrides `from`). */
  readonly resumeFrom?: string;
  /** The identity of an item: each key is yielded once per run. */
  readonly key: (item: T) => string;
  readonly fetch: WindowFetcher<T>;
  readonly signal?: AbortSignal;
  /** Told about each window queried: its bounds and how it went. */
  readonly onWindow?: (w: { from: string; to: string; result: number | 'split' }) => void;
}

/** An async iterator that also tells how far it has safely got. */
export interface WindowedListing<T> extends AsyncIterable<T> {
  /**
   * The end (ISO 8601, inclusive) of the last window whose every item has been yielded, once the caller has
   * handled the item just yielded; `undefined` before the first window. Pass it as `resumeFrom` to continue.
   */
  readonly checkpoint: string | undefined;
  /** Number of window queries made so far. */
  readonly queries: number;
}

/**
 * Milliseconds of a date or ISO 8601 string; a ValidationError naming `field` for anything else.
 *
 * @example `toMs('2026-01-01', 'from') // 1767225600000`
 */
export const toMs = (d: Date | string, field = 'date'): number => {
  const ms = typeof d === 'string' ? Date.parse(d) : d instanceof Date ? d.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new ValidationError(field, 'is not a date (a Date or an ISO 8601 string)');
  return ms;
};
const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Lists every item of `[from, to]`, splitting any window the fetcher calls over the cap, oldest window first.
 *
 * @example
 * ```ts
 * const listing = windowedListing({
 *   from: '2026-01-01', key: (o) => o.id,
 *   fetch: async ({ from, to, canSplit }) => {
 *     const page = await search(from, to);
 *     return page.length >= 500 && canSplit ? 'split' : page;
 *   },
 * });
 * for await (const item of listing) { await save(item); await saveCheckpoint(listing.checkpoint); }
 * ```
 */
export function windowedListing<T>(options: WindowedOptions<T>): WindowedListing<T> {
  const state = { checkpoint: undefined as string | undefined, queries: 0 };
  const start =
    options.resumeFrom !== undefined ? toMs(options.resumeFrom, 'resumeFrom') + 1 : toMs(options.from, 'from');
  const end = toMs(options.to ?? new Date(), 'to');
  if (start > end && options.resumeFrom === undefined) throw new ValidationError('to', 'is before from');
  async function* run(): AsyncGenerator<T> {
    const seen = new Set<string>();
    const stack: [number, number][] = start <= end ? [[start, end]] : [];
    while (stack.length > 0) {
      if (options.signal?.aborted) throw abortReason(options.signal);
      const [a, b] = stack.pop()!;
      const from = iso(a);
      const to = iso(b);
      state.queries++;
      const items = await options.fetch({ from, to, canSplit: b - a >= 1 }, options.signal);
      if (items === 'split') {
        if (b - a < 1) throw new RangeError(`the window ${from} cannot be split further`);
        options.onWindow?.({ from, to, result: 'split' });
        const mid = Math.floor((a + b) / 2);
        stack.push([mid + 1, b], [a, mid]);
        continue;
      }
      options.onWindow?.({ from, to, result: items.length });
      const fresh = items.filter((item) => {
        const k = options.key(item);
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
      for (let i = 0; i < fresh.length; i++) {
        if (i === fresh.length - 1) state.checkpoint = to;
        yield fresh[i]!;
      }
      state.checkpoint = to;
    }
  }
  return {
    [Symbol.asyncIterator]: () => run(),
    get checkpoint() {
      return state.checkpoint;
    },
    get queries() {
      return state.queries;
    },
  };
}
