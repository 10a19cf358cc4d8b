/**
 * MSSL order-and-wait: PVOrder with the ASYNC_ORDER option answers the OrderID at once; the order is then polled
 * with the Query service's GetOrderByOrderID until it is issued (status 4), and fails on cancellation, revocation or
 * a phishing check that ends in cancellation.
 *
 * @module
 */
import type { QueryGetOrderByOrderIDResponse, QueryOrderDetail, QueryQbFulfillment } from '../clients/query-types.ts';
import type { MsslClient } from '../clients/mssl.ts';
import type { MsslPVOrderRequest } from '../clients/mssl-types.ts';
import type { QueryClient } from '../clients/query.ts';
import { type Certificate, orderChain, parseCertificate, parseCertificates } from '../crypto/index.ts';
import { XmlError } from '../errors.ts';
import { ORDER_STATUS } from '../services/status.ts';
import {
  type IssuanceProbe,
  type IssuedOrder,
  type ProbeResult,
  type WaitOptions,
  waitForIssuance,
} from './issuance.ts';

/** Order status codes after which an MSSL order will never issue (guide 10.1): cancelled, revoking, revoked. */
export const MSSL_FAILED_STATES: readonly string[] = ['3', '5', '6', '7'];
/** The status a workflow reports when an order held for the phishing check is cancelled. */
export const PHISHING_REJECTED = 'PHISHING_REJECTED';

/** Options of {@link orderAndWait} for MSSL: polling options plus a hook told the OrderID as soon as it is known. */
export interface MsslOrderAndWaitOptions extends WaitOptions {
  /** Called with the OrderID right after the order is placed (store it: a later wait can resume). */
  readonly onOrdered?: (orderId: string) => void;
}

/** An issued MSSL order: the Query service's OrderDetail, the leaf certificate and its chain (issuer first). */
export type MsslIssuedOrder = IssuedOrder<QueryOrderDetail>;

/** The name of an order status code (`'4'` → `ISSUED`); unknown codes are returned as they are. */
const statusName = (code: string): string => ORDER_STATUS[code]?.name ?? code;

/** The server certificate and the CA certificates of a Fulfillment as one PEM bundle; undefined without a leaf. */
function fulfillmentBundle(f: QueryQbFulfillment | undefined): string | undefined {
  const leaf = f?.ServerCertificate?.X509Cert;
  if (!leaf) return undefined;
  return [leaf, ...(f.CACertificates ?? []).map((c) => c.CACert)].map((x) => parseCertificate(x).pem).join('');
}

/** A PEM bundle as the leaf and the rest of its chain (issuer first). */
function decodeBundle(bundle: string): { readonly certificate: Certificate; readonly chain: readonly Certificate[] } {
  const [certificate, ...chain] = orderChain(parseCertificates(bundle));
  if (!certificate) throw new XmlError('the Fulfillment carries no certificate');
  return { certificate, chain };
}

/**
 * Decodes the Fulfillment of an issued order: the server certificate and the CA certificates, ordered leaf first.
 *
 * @example
 * ```ts
 * const { certificate, chain } = decodeMsslFulfillment(detail.Fulfillment!);
 * ```
 */
export function decodeMsslFulfillment(f: QueryQbFulfillment): {
  readonly certificate: Certificate;
  readonly chain: readonly Certificate[];
} {
  const bundle = fulfillmentBundle(f);
  if (!bundle) throw new XmlError('the Fulfillment carries no ServerCertificate/X509Cert');
  return decodeBundle(bundle);
}

/**
 * Classifies a GetOrderByOrderID answer: issued (status 4; `certificate` is the leaf and CA certificates as one PEM
 * bundle), failed (3, 5, 6, 7) or pending (1 initial, 2 waiting for the phishing check). `sawPhishingCheck` turns a
 * cancellation into {@link PHISHING_REJECTED}.
 *
 * @example
 * ```ts
 * classifyMsslOrder(await query.getOrderByOrderId({ OrderID, OrderQueryOption: { ReturnFulfillment: 'true' } })).state;
 * ```
 */
export function classifyMsslOrder(
  res: QueryGetOrderByOrderIDResponse,
  sawPhishingCheck = false,
): ProbeResult<QueryOrderDetail> {
  const order = res.OrderDetail;
  if (!order) throw new XmlError('GetOrderByOrderID answered no OrderDetail');
  const code = order.OrderInfo.OrderStatus;
  if (MSSL_FAILED_STATES.includes(code)) {
    const status = code === '3' && sawPhishingCheck ? PHISHING_REJECTED : statusName(code);
    return { state: 'failed', status, order };
  }
  const certificate = code === '4' ? fulfillmentBundle(order.Fulfillment) : undefined;
  if (certificate) return { state: 'issued', status: statusName(code), order, certificate };
  return { state: 'pending', status: statusName(code), order };
}

/**
 * The state of one MSSL order, read with the Query service's GetOrderByOrderID (certificate info, fulfillment and
 * CA certificates included). The probe remembers a phishing hold, so a later cancellation reads as a rejection.
 *
 * @example
 * ```ts
 * const r = await msslProbe(query)('CE0001'); // { state: 'pending', status: 'WAITING_PHISHING_CHECK', order }
 * ```
 */
export function msslProbe(query: QueryClient): IssuanceProbe<QueryOrderDetail> {
  let phishing = false;
  return async (orderId, signal) => {
    const res = await query.getOrderByOrderId(
      {
        OrderID: orderId,
        OrderQueryOption: {
          ReturnCertificateInfo: 'true',
          ReturnFulfillment: 'true',
          ReturnCACerts: 'true',
          ReturnSANEntries: 'true',
        },
      },
      signal ? { signal } : {},
    );
    const r = classifyMsslOrder(res, phishing);
    if (res.OrderDetail?.OrderInfo.OrderStatus === '2') phishing = true;
    return r;
  };
}

/**
 * Waits for an MSSL order placed earlier to be issued, polling GetOrderByOrderID with backoff.
 *
 * @example
 * ```ts
 * const { certificate, chain } = await waitForMsslOrder(query, 'CE0001', { initialMs: 5_000, deadlineMs: 3_600_000 });
 * ```
 */
export function waitForMsslOrder(
  query: QueryClient,
  orderId: string,
  options: WaitOptions = {},
): Promise<MsslIssuedOrder> {
  return waitForIssuance(msslProbe(query), orderId, decodeBundle, options);
}

/** The request with the ASYNC_ORDER option set (added when absent, forced to true when present). */
export function withAsyncOrder(request: MsslPVOrderRequest): MsslPVOrderRequest {
  const p = request.OrderRequestParameter;
  const others = (p.Options ?? []).filter((o) => o.OptionName.toUpperCase() !== 'ASYNC_ORDER');
  return {
    ...request,
    OrderRequestParameter: { ...p, Options: [...others, { OptionName: 'ASYNC_ORDER', OptionValue: 'true' }] },
  };
}

/**
 * Places an MSSL order with PVOrder (ASYNC_ORDER set, so the call answers at once) and resolves once its
 * certificate is issued. Rejects with `OrderStateError` (state `CANCELLED_NOT_ISSUED`, `REVOKED`…, or
 * `PHISHING_REJECTED`), `DeadlineError`, the abort reason, or the clients' errors: an `OrderOutcomeUnknownError`
 * from PVOrder itself is for `reconcileMsslOrder`, never retried here.
 *
 * @example
 * ```ts
 * const { orderId, certificate, chain } = await msslOrderAndWait(mssl, query, {
 *   OrderRequestParameter: { ProductCode: 'PV_SHA2', OrderKind: 'new', Licenses: '1',
 *     ValidityPeriod: { Months: '12' }, CSR: csr.pem },
 *   MSSLProfileID, MSSLDomainID, ContactInfo: { FirstName, LastName, Phone, Email },
 * }, { initialMs: 5_000, deadlineMs: 86_400_000, onProgress: (p) => console.error(p.status) });
 * ```
 */
export async function msslOrderAndWait(
  mssl: MsslClient,
  query: QueryClient,
  request: MsslPVOrderRequest,
  options: MsslOrderAndWaitOptions = {},
): Promise<MsslIssuedOrder> {
  const res = await mssl.pvOrder(withAsyncOrder(request), options.signal ? { signal: options.signal } : {});
  const orderId = res.OrderID;
  if (!orderId) throw new XmlError('PVOrder succeeded but answered no OrderID: search for the order before retrying');
  options.onOrdered?.(orderId);
  return waitForMsslOrder(query, orderId, options);
}
