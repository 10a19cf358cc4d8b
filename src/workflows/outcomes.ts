/**
 * Reads that settle a lost answer (`OutcomeUnknownError`) where the order's status can prove it: after a lost
 * Revoke (EPKI) or ModifyMSSLOrder REVOKE, {@link checkRevocation}; after a lost Cancel or ModifyMSSLOrder CANCEL,
 * {@link checkCancellation}. Each reads the order once (reads are retried by the client) and never changes it.
 *
 * @module
 */
import type { EpkiClient } from '../clients/epki.ts';
import type { EpkiOrderDetail } from '../clients/epki-types.ts';
import type { QueryOrderDetail } from '../clients/query-types.ts';
import type { QueryClient } from '../clients/query.ts';
import { XmlError } from '../errors.ts';
import { ORDER_STATUS_CODE as S } from '../services/status.ts';
import { isQueryClient } from './dispatch.ts';

/** What a check read: whether the change took effect, the status that shows it, and the order. */
export interface OutcomeCheck<O> {
  /** The change (revocation, cancellation) took effect, or was received and is under way. */
  readonly done: boolean;
  /** The status read: EPKI's CertificateStatus or OrderStatus, MSSL's OrderStatus code. */
  readonly status: string;
  readonly order: O;
}

/** Which statuses show a change done, per service, and which EPKI status field shows it. */
interface Change {
  readonly epki: readonly string[];
  readonly epkiStatus: (order: EpkiOrderDetail) => string;
  readonly mssl: readonly string[];
}

const REVOCATION: Change = {
  epki: ['REVOKED', 'REVOKED_CA', 'REVOKE_REQUESTED', 'REVOKE_VALIDATING'],
  epkiStatus: (o) => o.CrCertificateInfo?.CertificateStatus ?? o.OrderInfo.OrderStatus,
  mssl: [S.WAITING_REVOCATION, S.REVOKED],
};
const CANCELLATION: Change = {
  epki: ['CANCELED', 'CANCEL_REQUESTED', 'ISSUE_CANCELED'],
  epkiStatus: (o) => o.OrderInfo.OrderStatus,
  mssl: [S.CANCELLED_NOT_ISSUED, S.CANCELLED_ISSUED],
};

/** Reads the order once and tells whether `change` shows in its status. */
async function check(
  client: EpkiClient | QueryClient,
  orderId: string,
  signal: AbortSignal | undefined,
  change: Change,
): Promise<OutcomeCheck<EpkiOrderDetail> | OutcomeCheck<QueryOrderDetail>> {
  if (isQueryClient(client)) {
    const order = await readMssl(client, orderId, signal);
    const status = order.OrderInfo.OrderStatus;
    return { done: change.mssl.includes(status), status, order };
  }
  const order = await readEpki(client, orderId, signal);
  const status = change.epkiStatus(order);
  return { done: change.epki.includes(status), status, order };
}

async function readEpki(epki: EpkiClient, orderId: string, signal?: AbortSignal): Promise<EpkiOrderDetail> {
  const res = await epki.getOrderByOrderId(
    { OrderNo: orderId, OrderQueryOption: { ReturnCertificateInfo: true } },
    signal ? { signal } : {},
  );
  if (!res.OrderDetail) throw new XmlError(`GetOrderByOrderId answered no OrderDetail for ${orderId}`);
  return res.OrderDetail;
}

async function readMssl(query: QueryClient, orderId: string, signal?: AbortSignal): Promise<QueryOrderDetail> {
  const res = await query.getOrderByOrderId({ OrderID: orderId }, signal ? { signal } : {});
  if (!res.OrderDetail) throw new XmlError(`GetOrderByOrderID answered no OrderDetail for ${orderId}`);
  return res.OrderDetail;
}

/**
 * Whether a revocation whose answer was lost took effect: EPKI (pass the EPKI client) by the certificate status
 * (`REVOKED`, `REVOKE_REQUESTED`…), MSSL (pass the Query client) by the order status (6 waiting for revocation, 7
 * revoked). `done: false` proves the revocation did not happen: revoking again is then the retry.
 *
 * @example
 * ```ts
 * try { await epki.revoke({ OrderID: 'CE123' }); }
 * catch (e) {
 *   if (!isOutcomeUnknownError(e)) throw e;
 *   if (!(await checkRevocation(epki, 'CE123')).done) await epki.revoke({ OrderID: 'CE123' });
 * }
 * ```
 */
export function checkRevocation(
  epki: EpkiClient,
  orderId: string,
  options?: { readonly signal?: AbortSignal },
): Promise<OutcomeCheck<EpkiOrderDetail>>;
export function checkRevocation(
  query: QueryClient,
  orderId: string,
  options?: { readonly signal?: AbortSignal },
): Promise<OutcomeCheck<QueryOrderDetail>>;
export async function checkRevocation(
  client: EpkiClient | QueryClient,
  orderId: string,
  options: { readonly signal?: AbortSignal } = {},
): Promise<OutcomeCheck<EpkiOrderDetail> | OutcomeCheck<QueryOrderDetail>> {
  return check(client, orderId, options.signal, REVOCATION);
}

/**
 * Whether a cancellation whose answer was lost took effect: EPKI by the order status (`CANCELED`…), MSSL by the
 * order status (3 cancelled before issue, 5 cancelled after). `done: false` proves it did not happen.
 *
 * @example
 * ```ts
 * try { await mssl.modifyMsslOrder({ OrderID, ModifyOrderOperation: 'CANCEL' }); }
 * catch (e) {
 *   if (!isOutcomeUnknownError(e)) throw e;
 *   const { done, status } = await checkCancellation(query, OrderID); // status '3' or '5' when done
 * }
 * ```
 */
export function checkCancellation(
  epki: EpkiClient,
  orderId: string,
  options?: { readonly signal?: AbortSignal },
): Promise<OutcomeCheck<EpkiOrderDetail>>;
export function checkCancellation(
  query: QueryClient,
  orderId: string,
  options?: { readonly signal?: AbortSignal },
): Promise<OutcomeCheck<QueryOrderDetail>>;
export async function checkCancellation(
  client: EpkiClient | QueryClient,
  orderId: string,
  options: { readonly signal?: AbortSignal } = {},
): Promise<OutcomeCheck<EpkiOrderDetail> | OutcomeCheck<QueryOrderDetail>> {
  return check(client, orderId, options.signal, CANCELLATION);
}
