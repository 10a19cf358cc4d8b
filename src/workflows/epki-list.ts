/**
 * EPKI `listOrders`: every order of a product whose RequestDate falls in any date range, past GetOrders' cap of
 * 1,000 matches (error -9952) by splitting the window in halves, each order yielded exactly once, resumable from a
 * checkpoint.
 *
 * @module
 */
import type { EpkiClient, EpkiGetOrdersRequest, EpkiOrderDetail } from '../clients/epki.ts';
import { GlobalSignApiError, isGlobalSignApiError } from '../errors.ts';
import { abortReason } from './poll.ts';

/** The error code of GetOrders when more than 1,000 orders match. */
export const EPKI_OVER_CAP = '-9952';

/** Options of {@link listOrders}. */
export interface ListOrdersOptions {
  /** The product (GetOrders always needs one). */
  readonly productCode: string;
  /** Start of the range (inclusive), on RequestDate. */
  readonly from: Date | string;
  /** End of the range (inclusive; default now). */
  readonly to?: Date | string;
  /** A checkpoint from an earlier run: the listing resumes just after it (overrides `from`). */
  readonly resumeFrom?: string;
  /** Further GetOrders filters (ProfileOrderNo, OrderState, CertState, CommonName…). */
  readonly filter?: Omit<EpkiGetOrdersRequest['OrderQueryParam'], 'ProductCode' | 'RequestDateFrom' | 'RequestDateTo'>;
  /** What each OrderDetail carries (default: certificate info, no fulfillment). */
  readonly queryOption?: EpkiGetOrdersRequest['OrdersQueryOption'];
  readonly signal?: AbortSignal;
  /** Told about each window queried: its bounds and how it went. */
  readonly onWindow?: (w: { from: string; to: string; result: number | 'split' }) => void;
}

/** An async iterator over orders that also tells how far it has safely got. */
export interface OrderListing extends AsyncIterable<EpkiOrderDetail> {
  /**
   * The end (ISO 8601, inclusive) of the last window whose every order has been yielded, once the caller has
   * handled the order just yielded; `undefined` before the first window. Pass it as `resumeFrom` to continue.
   */
  readonly checkpoint: string | undefined;
  /** Number of GetOrders calls made so far. */
  readonly queries: number;
}

const toMs = (d: Date | string): number => {
  const ms = typeof d === 'string' ? Date.parse(d) : d.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${String(d)}`);
  return ms;
};
const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Lists the orders of one product requested in `[from, to]`, splitting any window over GetOrders' cap in halves
 * (recursively; a 1 ms window still over the cap is an error, never a loop), ordered by window, each OrderNo once.
 *
 * @example
 * ```ts
 * const listing = listOrders(epki, { productCode: 'EPKIPSPersonal', from: '2024-01-01', to: new Date() });
 * for await (const order of listing) { await save(order); await saveCheckpoint(listing.checkpoint); }
 * // later: listOrders(epki, { productCode: 'EPKIPSPersonal', from: '2024-01-01', resumeFrom: saved })
 * ```
 */
export function listOrders(client: EpkiClient, options: ListOrdersOptions): OrderListing {
  const state = { checkpoint: undefined as string | undefined, queries: 0 };
  const start = options.resumeFrom !== undefined ? toMs(options.resumeFrom) + 1 : toMs(options.from);
  const end = toMs(options.to ?? new Date());
  async function* run(): AsyncGenerator<EpkiOrderDetail> {
    const seen = new Set<string>();
    const stack: [number, number][] = start <= end ? [[start, end]] : [];
    while (stack.length > 0) {
      if (options.signal?.aborted) throw abortReason(options.signal);
      const [a, b] = stack.pop()!;
      const orders = await fetchWindow(client, options, a, b, state);
      if (orders === 'split') {
        const mid = Math.floor((a + b) / 2);
        stack.push([mid + 1, b], [a, mid]);
        continue;
      }
      const fresh = orders.filter((o) => {
        const no = o.OrderInfo.OrderNo;
        if (seen.has(no)) return false;
        seen.add(no);
        return true;
      });
      for (let i = 0; i < fresh.length; i++) {
        if (i === fresh.length - 1) state.checkpoint = iso(b);
        yield fresh[i]!;
      }
      state.checkpoint = iso(b);
    }
  }
  const iterable = { [Symbol.asyncIterator]: () => run() };
  return {
    [Symbol.asyncIterator]: iterable[Symbol.asyncIterator],
    get checkpoint() {
      return state.checkpoint;
    },
    get queries() {
      return state.queries;
    },
  };
}

async function fetchWindow(
  client: EpkiClient,
  options: ListOrdersOptions,
  a: number,
  b: number,
  state: { queries: number },
): Promise<readonly EpkiOrderDetail[] | 'split'> {
  const from = iso(a);
  const to = iso(b);
  try {
    state.queries++;
    const res = await client.getOrders(
      {
        OrderQueryParam: {
          ...options.filter,
          ProductCode: options.productCode,
          RequestDateFrom: from,
          RequestDateTo: to,
        },
        OrdersQueryOption: options.queryOption ?? { ReturnCertificateInfo: true },
      },
      options.signal ? { signal: options.signal } : {},
    );
    const list = res.OrderDetails ?? [];
    options.onWindow?.({ from, to, result: list.length });
    return list;
  } catch (e) {
    if (!isGlobalSignApiError(e) || !e.errors.some((x) => x.ErrorCode.trim() === EPKI_OVER_CAP)) throw e;
    if (b - a < 1) {
      throw new GlobalSignApiError('GetOrders', [
        ...e.errors,
        {
          ErrorCode: EPKI_OVER_CAP,
          ErrorMessage: `more than the cap of orders share one millisecond (${from}); the window cannot be split`,
        },
      ]);
    }
    options.onWindow?.({ from, to, result: 'split' });
    return 'split';
  }
}
