/**
 * The two workflows that serve both services, dispatched on the client passed: `orderAndWait` (EPKI client, or MSSL
 * client plus Query client) and `reconcileOrder` (EPKI client, or Query client). The client is recognised by its
 * methods (duck typing), so that two copies of the package still agree.
 *
 * @module
 */
import type { EpkiClient } from '../clients/epki.ts';
import type { EpkiOrderDetail } from '../clients/epki-types.ts';
import type { QueryOrderDetail } from '../clients/query-types.ts';
import type { MsslClient } from '../clients/mssl.ts';
import type { MsslPVOrderRequest } from '../clients/mssl-types.ts';
import type { QueryClient } from '../clients/query.ts';
import type { OrderOutcomeUnknownError, OrderSubmission } from '../errors.ts';
import {
  type EpkiIssuedOrder,
  type EpkiOrderAndWaitOptions,
  type EpkiOrderAndWaitRequest,
  epkiOrderAndWait,
} from './epki-wait.ts';
import { reconcileMsslOrder } from './mssl-reconcile.ts';
import { type MsslIssuedOrder, type MsslOrderAndWaitOptions, msslOrderAndWait } from './mssl-wait.ts';
import { type ReconcileOptions, type ReconcileResult, reconcileEpkiOrder } from './reconcile.ts';

/** A Query client (duck-typed, so that two copies of the package still agree). */
export const isQueryClient = (x: unknown): x is QueryClient =>
  typeof (x as Partial<QueryClient> | null)?.getModifiedOrders === 'function';

/**
 * Places an order and waits for its certificate. EPKI: ISSUE flows answer at once, REGISTER flows are polled with
 * GetOrderByOrderId. MSSL: PVOrder with ASYNC_ORDER, polled with the Query service's GetOrderByOrderID.
 *
 * @example
 * ```ts
 * const issued = await orderAndWait(epki, { operation: 'OrderDS', request: { ...ds, IssueType: 'REGISTER' } },
 *   { deadlineMs: 3_600_000 });
 * const tls = await orderAndWait(mssl, query, pvOrderRequest, { onProgress: (p) => console.error(p.status) });
 * issued.certificate.subject.CN; tls.chain.length;
 * ```
 */
export function orderAndWait(
  client: EpkiClient,
  input: EpkiOrderAndWaitRequest,
  options?: EpkiOrderAndWaitOptions,
): Promise<EpkiIssuedOrder>;
export function orderAndWait(
  client: MsslClient,
  query: QueryClient,
  request: MsslPVOrderRequest,
  options?: MsslOrderAndWaitOptions,
): Promise<MsslIssuedOrder>;
export function orderAndWait(
  client: EpkiClient | MsslClient,
  second: EpkiOrderAndWaitRequest | QueryClient,
  third?: EpkiOrderAndWaitOptions | MsslPVOrderRequest,
  fourth?: MsslOrderAndWaitOptions,
): Promise<EpkiIssuedOrder | MsslIssuedOrder> {
  if (isQueryClient(second)) return msslOrderAndWait(client as MsslClient, second, third as MsslPVOrderRequest, fourth);
  return epkiOrderAndWait(client as EpkiClient, second as EpkiOrderAndWaitRequest, third as EpkiOrderAndWaitOptions);
}

/**
 * Finds out whether an order whose outcome is unknown (`OrderOutcomeUnknownError`) was placed, by a complete
 * search of the submission window `[sentAt - skewMs, failedAt + skewMs]` (skew 5 minutes by default). It never
 * places an order. The rule for callers: re-send only after `absent` (proven: no order in the window could be it);
 * after `found` the order exists; after `candidates` (always the outcome for a placed order without a CSR:
 * PVOrderWithoutCSR, OrderPkcs12, REGISTER enrollments) stop and decide, never re-send; when reconciliation's own
 * reads keep failing it throws, and the caller stops too. EPKI submissions are searched with the EPKI client
 * (GetOrders), MSSL ones with the Query client (GetCertificateOrders, GetOrderByOrderID).
 *
 * @example
 * ```ts
 * catch (e) {
 *   if (!isOrderOutcomeUnknownError(e)) throw e;
 *   const r = await reconcileOrder(e, e.submission.service === 'EPKI' ? epki : query);
 *   if (r.status === 'absent') await retry(); // found: done; candidates: stop and decide
 * }
 * ```
 */
export function reconcileOrder(
  error: OrderOutcomeUnknownError | { readonly submission: OrderSubmission },
  client: EpkiClient,
  options?: ReconcileOptions,
): Promise<ReconcileResult<EpkiOrderDetail>>;
export function reconcileOrder(
  error: OrderOutcomeUnknownError | { readonly submission: OrderSubmission },
  client: QueryClient,
  options?: ReconcileOptions,
): Promise<ReconcileResult<QueryOrderDetail>>;
export function reconcileOrder(
  error: OrderOutcomeUnknownError | { readonly submission: OrderSubmission },
  client: EpkiClient | QueryClient,
  options: ReconcileOptions = {},
): Promise<ReconcileResult<EpkiOrderDetail> | ReconcileResult<QueryOrderDetail>> {
  if (isQueryClient(client)) return reconcileMsslOrder(error, client, options);
  return reconcileEpkiOrder(error, client, options);
}
