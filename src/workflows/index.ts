/**
 * Workflows over the clients: order and wait for issuance (EPKI and MSSL), reconciliation of orders whose outcome
 * is unknown, listings past the query caps (EPKI GetOrders, Query GetModifiedOrders, GetCertificateOrders,
 * GetOrderByExpirationDate), all on the same shapes ({@link IssuanceProbe}, {@link ReconcileResult},
 * {@link WindowedListing}).
 *
 * @example
 * ```ts
 * import { orderAndWait, reconcileOrder, syncModifiedOrders } from 'globalsign-kit/workflows';
 * const { certificate } = await orderAndWait(epki, { operation: 'OrderCertificate', request },
 *   { initialMs: 10_000, deadlineMs: 86_400_000, onProgress: (p) => console.error(p) });
 * const tls = await orderAndWait(mssl, query, pvOrderRequest, { deadlineMs: 3_600_000 });
 * ```
 *
 * @module
 */
import type { EpkiClient, EpkiOrderDetail } from '../clients/epki.ts';
import type { GasOrderDetail } from '../clients/gas-types.ts';
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

export {
  type AddDomainOptions,
  addDomainForValidation,
  approverUrls,
  authorizationNames,
  type DomainChallenge,
  type DomainContact,
  DomainNotVerifiedError,
  type DomainValidationMethod,
  type DomainVerification,
  type RenewDomainOptions,
  renewDomain,
  type VerifyTarget,
  verifyDomain,
  waitForDomainVerification,
} from './domains.ts';
export { EPKI_OVER_CAP, type ListOrdersOptions, listOrders, type OrderListing } from './epki-list.ts';
export {
  classifyEpkiOrder,
  EPKI_FAILED_CERT_STATES,
  EPKI_FAILED_ORDER_STATES,
  type EpkiIssuedOrder,
  type EpkiOrderAndWaitOptions,
  type EpkiOrderAndWaitRequest,
  epkiOrderAndWait,
  epkiProbe,
  waitForEpkiOrder,
} from './epki-wait.ts';
export {
  type CertificateDecoder,
  type IssuanceProbe,
  type IssuedOrder,
  type ProbeResult,
  type WaitOptions,
  waitForIssuance,
} from './issuance.ts';
export {
  abortReason,
  backoffDelay,
  defaultSleep,
  type PollOptions,
  type PollProgress,
  type PollStep,
  poll,
} from './poll.ts';

export { reconcileMsslOrder } from './mssl-reconcile.ts';
export {
  QUERY_CAP,
  type QueryWindowOptions,
  type SearchCertificateOrdersOptions,
  type SearchExpiringOrdersOptions,
  type SyncModifiedOrdersOptions,
  searchCertificateOrders,
  searchExpiringOrders,
  syncModifiedOrders,
} from './mssl-sync.ts';
export {
  classifyMsslOrder,
  decodeMsslFulfillment,
  MSSL_FAILED_STATES,
  type MsslIssuedOrder,
  type MsslOrderAndWaitOptions,
  msslOrderAndWait,
  msslProbe,
  PHISHING_REJECTED,
  waitForMsslOrder,
  withAsyncOrder,
} from './mssl-wait.ts';
export { type ReconcileOptions, type ReconcileResult, reconcileEpkiOrder } from './reconcile.ts';
export {
  type FindExpiringOptions,
  findExpiring,
  findExpiringDomains,
  type RenewedOrder,
  type RenewOrderOptions,
  renewOrder,
} from './renewals.ts';
export {
  toMs,
  type WindowAnswer,
  type WindowedListing,
  type WindowedOptions,
  type WindowFetcher,
  windowedListing,
} from './windows.ts';

/** A Query client (duck-typed, so that two copies of the package still agree). */
const isQueryClient = (x: unknown): x is QueryClient =>
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
 * Finds out whether an order whose outcome is unknown (`OrderOutcomeUnknownError`) was placed: `found` with the
 * order, `absent` (proven: a retry is safe) or `candidates` for the caller to decide. EPKI submissions are searched
 * with the EPKI client (GetOrders), MSSL ones with the Query client (GetCertificateOrders, GetOrderByOrderID). It never
 * places an order.
 *
 * @example
 * ```ts
 * catch (e) {
 *   if (!isOrderOutcomeUnknownError(e)) throw e;
 *   const r = await reconcileOrder(e, e.submission.service === 'EPKI' ? epki : query);
 *   if (r.status === 'absent') await retry();
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
): Promise<ReconcileResult<GasOrderDetail>>;
export function reconcileOrder(
  error: OrderOutcomeUnknownError | { readonly submission: OrderSubmission },
  client: EpkiClient | QueryClient,
  options: ReconcileOptions = {},
): Promise<ReconcileResult<EpkiOrderDetail> | ReconcileResult<GasOrderDetail>> {
  if (isQueryClient(client)) return reconcileMsslOrder(error, client, options);
  return reconcileEpkiOrder(error, client, options);
}
