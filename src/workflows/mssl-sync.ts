/**
 * Query service listings past the cap of 500 items per answer: `syncModifiedOrders` (GetModifiedOrders, for keeping
 * a local copy in step), `searchCertificateOrders` (GetCertificateOrders, by order date and filters) and
 * `searchExpiringOrders` (GetOrderByExpirationDate). The guide does not say whether a 501st item is cut off or
 * refused, so a full page of 500 is taken as "maybe more" and its window split in halves.
 *
 * @module
 */
import type {
  QueryGetCertificateOrdersRequest,
  QueryGetOrderByExpirationDateRequest,
  QueryOrderDetail,
  QueryOrderQueryOption,
  QuerySearchOrderDetail,
} from '../clients/query-types.ts';
import type { QueryClient } from '../clients/query.ts';
import { type WindowedListing, type WindowedOptions, windowedListing } from './windows.ts';

/** Most items one Query answer carries; a page this full may have been cut off. */
export const QUERY_CAP = 500;

/** Window options shared by the Query listings. */
export interface QueryWindowOptions {
  /** Start of the range (inclusive). */
  readonly from: Date | string;
  /** End of the range (inclusive; default now). */
  readonly to?: Date | string;
  /** A checkpoint from an earlier run: the listing resumes just after it (overrides `from`). */
  readonly resumeFrom?: string;
  readonly signal?: AbortSignal;
  /** Told about each window queried: its bounds and how it went. */
  readonly onWindow?: (w: { from: string; to: string; result: number | 'split' }) => void;
}

/** Options of {@link syncModifiedOrders}. */
export interface SyncModifiedOrdersOptions extends QueryWindowOptions {
  /** What each OrderDetail carries (default: certificate info). */
  readonly queryOption?: QueryOrderQueryOption;
}

function windowOptions<T>(
  o: QueryWindowOptions,
  key: (item: T) => string,
  fetch: WindowedOptions<T>['fetch'],
): WindowedOptions<T> {
  return {
    from: o.from,
    ...(o.to !== undefined ? { to: o.to } : {}),
    ...(o.resumeFrom !== undefined ? { resumeFrom: o.resumeFrom } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onWindow ? { onWindow: o.onWindow } : {}),
    key,
    fetch,
  };
}

const full = <T>(items: readonly T[] | undefined): readonly T[] | 'split' =>
  (items ?? []).length >= QUERY_CAP ? 'split' : (items ?? []);

/**
 * Every order modified in `[from, to]` (GetModifiedOrders), each OrderId once per run, oldest window first;
 * resumable from `listing.checkpoint`.
 *
 * @example
 * ```ts
 * const listing = syncModifiedOrders(query, { from: lastRun, to: new Date() });
 * for await (const order of listing) { await upsert(order); await saveCheckpoint(listing.checkpoint); }
 * ```
 */
export function syncModifiedOrders(
  query: QueryClient,
  options: SyncModifiedOrdersOptions,
): WindowedListing<QueryOrderDetail> {
  const OrderQueryOption = options.queryOption ?? { ReturnCertificateInfo: 'true' };
  return windowedListing(
    windowOptions<QueryOrderDetail>(
      options,
      (o) => o.OrderInfo.OrderId,
      async ({ from, to }, signal) => {
        const res = await query.getModifiedOrders(
          { FromDate: from, ToDate: to, OrderQueryOption },
          signal ? { signal } : {},
        );
        return full(res.OrderDetails);
      },
    ),
  );
}

/** A listing over a Query search that answers SearchOrderDetails, keyed by OrderID. */
function searchListing(
  options: QueryWindowOptions,
  search: (
    from: string,
    to: string,
    call: { signal?: AbortSignal },
  ) => Promise<{ readonly SearchOrderDetails?: QuerySearchOrderDetail[] }>,
): WindowedListing<QuerySearchOrderDetail> {
  return windowedListing(
    windowOptions<QuerySearchOrderDetail>(
      options,
      (o) => o.OrderID,
      async ({ from, to }, signal) => full((await search(from, to, signal ? { signal } : {})).SearchOrderDetails),
    ),
  );
}

/** Options of {@link searchCertificateOrders}: the window (on order date) and GetCertificateOrders' filters. */
export interface SearchCertificateOrdersOptions extends QueryWindowOptions {
  readonly filter?: Omit<QueryGetCertificateOrdersRequest, 'FromDate' | 'ToDate'>;
}

/**
 * Every order placed in `[from, to]` matching the filters (GetCertificateOrders: FQDN, ProductCode, OrderStatus,
 * SubID), each OrderID once, past the cap.
 *
 * @example
 * ```ts
 * for await (const o of searchCertificateOrders(query, { from, to, filter: { FQDN: 'www.example.com' } })) o.OrderID;
 * ```
 */
export function searchCertificateOrders(
  query: QueryClient,
  options: SearchCertificateOrdersOptions,
): WindowedListing<QuerySearchOrderDetail> {
  return searchListing(options, (from, to, call) =>
    query.getCertificateOrders({ ...options.filter, FromDate: from, ToDate: to }, call),
  );
}

/** Options of {@link searchExpiringOrders}: the window (on expiration date) and the search's filters. */
export interface SearchExpiringOrdersOptions extends QueryWindowOptions {
  readonly filter?: Omit<QueryGetOrderByExpirationDateRequest, 'ExpirationFromDate' | 'ExpirationToDate'>;
}

/**
 * Every order whose certificate expires in `[from, to]` (GetOrderByExpirationDate), each OrderID once, past the cap.
 *
 * @example
 * ```ts
 * const in30Days = new Date(Date.now() + 30 * 86_400_000);
 * for await (const o of searchExpiringOrders(query, { from: new Date(), to: in30Days })) console.log(o.FQDN);
 * ```
 */
export function searchExpiringOrders(
  query: QueryClient,
  options: SearchExpiringOrdersOptions,
): WindowedListing<QuerySearchOrderDetail> {
  return searchListing(options, (from, to, call) =>
    query.getOrderByExpirationDate({ ...options.filter, ExpirationFromDate: from, ExpirationToDate: to }, call),
  );
}
