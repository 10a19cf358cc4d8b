/**
 * EPKI order-and-wait: ISSUE flows (OrderAndIssueCertificate, OrderDS ISSUE) answer the certificate at once;
 * REGISTER flows (OrderCertificate, OrderDS REGISTER) are polled with GetOrderByOrderId until ISSUED.
 *
 * @module
 */
import { EpkiClient } from '../clients/epki.ts';
import type {
  EpkiGetOrderByOrderIdResponse,
  EpkiOrderAndIssueCertificateRequest,
  EpkiOrderCertificateRequest,
  EpkiOrderDetail,
  EpkiOrderDsRequest,
} from '../clients/epki-types.ts';
import {
  type IssuanceProbe,
  type IssuedOrder,
  type ProbeResult,
  type WaitOptions,
  waitForIssuance,
} from './issuance.ts';

/** Order states after which an EPKI order will never issue (spec/EPKI-OPERATIONS.md). */
export const EPKI_FAILED_ORDER_STATES: readonly string[] = [
  'CANCELED',
  'CANCEL_REQUESTED',
  'ISSUE_CANCELED',
  'ISSUE_ERROR',
  'VALIDATE_ERROR',
  'REISSUED',
];
/** Certificate states that end a wait: the certificate is revoked or on its way there. */
export const EPKI_FAILED_CERT_STATES: readonly string[] = [
  'REVOKED',
  'REVOKED_CA',
  'REVOKE_REQUESTED',
  'REVOKE_VALIDATING',
];

/** Which EPKI operation to place, with its request. */
export type EpkiOrderAndWaitRequest =
  | { readonly operation: 'OrderAndIssueCertificate'; readonly request: EpkiOrderAndIssueCertificateRequest }
  | { readonly operation: 'OrderCertificate'; readonly request: EpkiOrderCertificateRequest }
  | { readonly operation: 'OrderDS'; readonly request: EpkiOrderDsRequest };

/** Options of {@link orderAndWait} for EPKI: polling options plus a hook told the OrderID as soon as it is known. */
export interface EpkiOrderAndWaitOptions extends WaitOptions {
  /** Called with the OrderID right after the order is placed (store it: a later `wait` can resume). */
  readonly onOrdered?: (orderId: string) => void;
}

/** An issued EPKI order: the OrderDetail is absent only when the follow-up read of an ISSUE flow failed. */
export type EpkiIssuedOrder = IssuedOrder<EpkiOrderDetail | undefined>;

/**
 * The state of one EPKI order, read with GetOrderByOrderId (certificate info and fulfillment included).
 *
 * @example
 * ```ts
 * const r = await epkiProbe(epki)('CE123'); // { state: 'pending', status: 'REQUESTED', order }
 * ```
 */
export function epkiProbe(client: EpkiClient): IssuanceProbe<EpkiOrderDetail | undefined> {
  return async (orderId, signal) => {
    const res = await client.getOrderByOrderId(
      {
        OrderNo: orderId,
        OrderQueryOption: { ReturnCertificateInfo: true, ReturnFulfillment: true, ReturnP7: true },
      },
      signal ? { signal } : {},
    );
    return classifyEpkiOrder(res);
  };
}

/**
 * Classifies a GetOrderByOrderId answer: issued (with the PKCS#7 or certificate of the fulfillment), failed, or
 * pending.
 *
 * @example
 * ```ts
 * classifyEpkiOrder(await epki.getOrderByOrderId({ OrderNo, OrderQueryOption: { ReturnFulfillment: true } })).state;
 * ```
 */
export function classifyEpkiOrder(res: EpkiGetOrderByOrderIdResponse): ProbeResult<EpkiOrderDetail | undefined> {
  const order = res.OrderDetail;
  // The guide's name when the value is one it lists, else the value as sent (the client adds the names).
  const status = order?.OrderInfo.OrderStatusName ?? order?.OrderInfo.OrderStatus ?? 'UNKNOWN';
  const certState = order?.CrCertificateInfo?.CertificateStatusName ?? order?.CrCertificateInfo?.CertificateStatus;
  if (EPKI_FAILED_ORDER_STATES.includes(status)) return { state: 'failed', status, order };
  if (certState && EPKI_FAILED_CERT_STATES.includes(certState)) return { state: 'failed', status: certState, order };
  const cert = order?.Fulfillment?.CrCertificate;
  const certificate = cert?.PKCS7Cert || cert?.Certificate;
  if (status === 'ISSUED' && certificate) return { state: 'issued', status, order, certificate };
  return { state: 'pending', status, order };
}

/**
 * Waits for an EPKI order placed earlier (e.g. by `OrderCertificate`) to be issued.
 *
 * @example
 * ```ts
 * const { certificate, chain } = await waitForEpkiOrder(epki, 'CE123', { deadlineMs: 7 * 86_400_000 });
 * ```
 */
export function waitForEpkiOrder(
  client: EpkiClient,
  orderId: string,
  options: WaitOptions = {},
): Promise<EpkiIssuedOrder> {
  return waitForIssuance(epkiProbe(client), orderId, EpkiClient.decodeCertificate, options);
}

/**
 * Places an EPKI order and resolves once its certificate is issued: at once for ISSUE flows, by polling for REGISTER
 * flows. Rejects with `OrderStateError` (cancelled, revoked), `DeadlineError`, the abort reason, or the client's
 * errors: an `OrderOutcomeUnknownError` from the order itself is for `reconcileOrder`, never retried here.
 *
 * @example
 * ```ts
 * const { orderId, certificate, chain } = await epkiOrderAndWait(epki, {
 *   operation: 'OrderAndIssueCertificate',
 *   request: { ProfileID, ProductCode: 'EPKIPSPersonal', Year: 1, CSR: csr.pem,
 *     SANRFC822EmailAddress: 'alice@example.com', DnAttributes: { CommonName: 'Alice', Email: 'alice@example.com' } },
 * });
 * ```
 */
export async function epkiOrderAndWait(
  client: EpkiClient,
  input: EpkiOrderAndWaitRequest,
  options: EpkiOrderAndWaitOptions = {},
): Promise<EpkiIssuedOrder> {
  const call = options.signal ? { signal: options.signal } : {};
  let orderId: string;
  let immediate: string | undefined;
  if (input.operation === 'OrderAndIssueCertificate') {
    const res = await client.orderAndIssueCertificate(input.request, call);
    orderId = res.OrderID;
    immediate = res.CERT;
  } else if (input.operation === 'OrderDS') {
    const res = await client.orderDs(input.request, call);
    orderId = res.OrderID;
    immediate = res.Certificate;
  } else {
    orderId = (await client.orderCertificate(input.request, call)).OrderID;
  }
  options.onOrdered?.(orderId);
  if (immediate) return completeImmediate(client, orderId, immediate, options.signal);
  return waitForEpkiOrder(client, orderId, options);
}

/**
 * An ISSUE flow answered the certificate: read the order once more for its OrderDetail and the PKCS#7 chain. If that
 * read fails the certificate is not lost: it is returned with the chain the answer carried and no OrderDetail.
 */
async function completeImmediate(
  client: EpkiClient,
  orderId: string,
  immediate: string,
  signal: AbortSignal | undefined,
): Promise<EpkiIssuedOrder> {
  const fallback = EpkiClient.decodeCertificate(immediate);
  try {
    const r = await epkiProbe(client)(orderId, signal);
    if (r.state === 'issued') {
      const decoded = EpkiClient.decodeCertificate(r.certificate);
      if (decoded.certificate.serialNumber === fallback.certificate.serialNumber) {
        return { orderId, order: r.order, ...decoded };
      }
    }
  } catch {
    // the order is placed and its certificate in hand: a failed follow-up read must not lose it
  }
  return { orderId, order: undefined, ...fallback };
}
