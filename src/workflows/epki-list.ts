/**
 * EPKI `listOrders`: every order of a product whose RequestDate falls in any date range, past GetOrders' cap of
 * 1,000 matches (error -9952) by splitting the window in halves, each order yielded exactly once, resumable from a
 * checkpoint.
 *
 * @module
 */
import type { EpkiClient } from '../clients/epki.ts';
import type { EpkiGetOrdersRequest, EpkiOrderDetail } from '../clients/epki-types.ts';
import { GlobalSignApiError, isGlobalSignApiError } from '../errors.ts';
import { type WindowAnswer, type WindowedListing, windowedListing } from './windows.ts';

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

/** An async iterator over EPKI orders that also tells how far it has safely got (see {@link WindowedListing}). */
export type OrderListing = WindowedListing<EpkiOrderDetail>;

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
  return windowedListing<EpkiOrderDetail>({
    from: options.from,
    ...(options.to !== undefined ? { to: options.to } : {}),
    ...(options.resumeFrom !== undefined ? { resumeFrom: options.resumeFrom } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onWindow ? { onWindow: options.onWindow } : {}),
    key: (o) => o.OrderInfo.OrderNo,
    fetch: (w, signal) => fetchWindow(client, options, w, signal),
  });
}

async function fetchWindow(
  client: EpkiClient,
  options: ListOrdersOptions,
  { from, to, canSplit }: { from: string; to: string; canSplit: boolean },
  signal: AbortSignal | undefined,
): Promise<WindowAnswer<EpkiOrderDetail>> {
  try {
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
      signal ? { signal } : {},
    );
    return res.OrderDetails ?? [];
  } catch (e) {
    if (!isGlobalSignApiError(e) || !e.errors.some((x) => x.ErrorCode.trim() === EPKI_OVER_CAP)) throw e;
    if (!canSplit) {
      throw new GlobalSignApiError('GetOrders', [
        ...e.errors,
        {
          ErrorCode: EPKI_OVER_CAP,
          ErrorMessage: `more than the cap of orders share one millisecond (${from}); the window cannot be split`,
        },
      ]);
    }
    return 'split';
  }
}
