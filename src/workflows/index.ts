/**
 * Workflows over the clients: order and wait for issuance, reconciliation of orders whose outcome is unknown,
 * listings past the query caps. EPKI is implemented; the MSSL variants plug into the same shapes
 * ({@link IssuanceProbe}, {@link ReconcileResult}, {@link OrderListing}).
 *
 * @example
 * ```ts
 * import { orderAndWait, reconcileOrder, listOrders } from 'globalsign-kit/workflows';
 * const { certificate } = await orderAndWait(epki, { operation: 'OrderCertificate', request },
 *   { initialMs: 10_000, deadlineMs: 86_400_000, onProgress: (p) => console.error(p) });
 * ```
 *
 * @module
 */
import type { EpkiClient } from '../clients/epki.ts';
import {
  type EpkiIssuedOrder,
  type EpkiOrderAndWaitOptions,
  type EpkiOrderAndWaitRequest,
  epkiOrderAndWait,
} from './epki-wait.ts';

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
export { type ReconcileOptions, type ReconcileResult, reconcileOrder } from './reconcile.ts';

/**
 * Places an order and waits for its certificate. EPKI today (ISSUE flows answer at once, REGISTER flows are
 * polled); the MSSL variant (PVOrder with ASYNC_ORDER, polled with the Query service) will be an overload here.
 *
 * @example
 * ```ts
 * const issued = await orderAndWait(epki, { operation: 'OrderDS', request: { ...ds, IssueType: 'REGISTER' } },
 *   { deadlineMs: 3_600_000 });
 * issued.certificate.subject.CN; issued.chain.length;
 * ```
 */
export function orderAndWait(
  client: EpkiClient,
  input: EpkiOrderAndWaitRequest,
  options?: EpkiOrderAndWaitOptions,
): Promise<EpkiIssuedOrder> {
  return epkiOrderAndWait(client, input, options);
}
