/**
 * MSSL reconciliation of an order whose outcome is unknown: GetCertificateOrders over the whole submission window
 * (no server-side filter: the match rule is applied here), split past the cap of 500, then GetOrderByOrderID of each
 * order that could be the submitted one to compare the public key of its original CSR (or of its certificate) with
 * the submitted CSR's. It never places an order itself.
 *
 * @module
 */
import type { QueryOrderDetail, QuerySearchOrderDetail } from '../clients/query-types.ts';
import type { QueryClient } from '../clients/query.ts';
import { toHex } from '../crypto/bytes.ts';
import { parseCertificate } from '../crypto/certificate.ts';
import { type OrderOutcomeUnknownError, type OrderSubmission, ValidationError, XmlError } from '../errors.ts';
import { csrIdentity, namesAgree, productsAgree, verdict } from './match.ts';
import { searchCertificateOrders } from './mssl-sync.ts';
import { type ReconcileOptions, type ReconcileResult, searchWindow } from './reconcile.ts';

/** The public key of an order: its original CSR's, else its certificate's; `undefined` when it shows neither. */
async function orderKey(o: QueryOrderDetail, crypto: Crypto | undefined): Promise<string | undefined> {
  const f = o.Fulfillment;
  if (f?.OriginalCSR) return (await csrIdentity(f.OriginalCSR, crypto)).key;
  const cert = f?.ServerCertificate?.X509Cert;
  return cert ? toHex(parseCertificate(cert).spkiDer) : undefined;
}

/**
 * Finds out whether an MSSL order (PVOrder, PVOrderWithoutCSR) whose request timed out or lost its connection was
 * placed. Every order of the window is listed (the Query service's FQDN and ProductCode filters are exact and
 * could miss an order recorded as `PV_SHA2` for `PV`, or under another spelling of the name). An order whose product
 * (through the product table) or common name (case, trailing dot, IDNA) differs is not it; of the others, each is
 * read (GetOrderByOrderID) and, with a CSR, its public key decides: the same key is `found`, another is not the
 * order; an order that shows no key, and every order when there is no CSR (PVOrderWithoutCSR), is a candidate. So a
 * placed order ends `found` or in `candidates`, never `absent`; `absent` means the complete search found no order
 * that could be it, and a retry is safe.
 *
 * @example
 * ```ts
 * try { await mssl.pvOrder(req); }
 * catch (e) {
 *   if (!isOrderOutcomeUnknownError(e)) throw e;
 *   const r = await reconcileMsslOrder(e, query);
 *   if (r.status === 'absent') await mssl.pvOrder(req); // safe: proven not placed
 * }
 * ```
 */
export async function reconcileMsslOrder(
  error: OrderOutcomeUnknownError | { readonly submission: OrderSubmission },
  query: QueryClient,
  options: ReconcileOptions = {},
): Promise<ReconcileResult<QueryOrderDetail>> {
  const s = error.submission;
  if (s.service !== 'MSSL')
    throw new ValidationError('submission.service', 'is not MSSL: reconcile EPKI orders with the EPKI client');
  const csr = s.csr ? await csrIdentity(s.csr, options.crypto) : undefined;
  const cn = csr?.cn ?? s.commonName;
  if (!s.productCode) throw new ValidationError('submission.productCode', 'is required to search for the order');
  if (!csr && !cn) throw new ValidationError('submission.commonName', 'is required (or a CSR) to search for the order');
  const call = options.signal ? { signal: options.signal } : {};
  const listing = searchCertificateOrders(query, { ...searchWindow(s, options.skewMs), ...call });
  const candidates: QueryOrderDetail[] = [];
  for await (const hit of listing) {
    if (!productsAgree(hit.ProductCode, s.productCode) || !namesAgree(hit.FQDN, cn)) continue;
    const order = await readOrder(query, hit, call);
    const v = verdict(csr?.key, await orderKey(order, options.crypto), detailAgrees(order, s, cn));
    if (v === 'match') return { status: 'found', order };
    if (v === 'candidate') candidates.push(order);
  }
  return candidates.length ? { status: 'candidates', orders: candidates } : { status: 'absent' };
}

/** The order's own record agrees with the submission too (product and common name, after normalisation). */
function detailAgrees(o: QueryOrderDetail, s: OrderSubmission, cn: string | undefined): boolean {
  return productsAgree(o.OrderInfo.ProductCode, s.productCode) && namesAgree(o.CertificateInfo?.CommonName, cn);
}

async function readOrder(
  query: QueryClient,
  hit: QuerySearchOrderDetail,
  call: { signal?: AbortSignal },
): Promise<QueryOrderDetail> {
  const res = await query.getOrderByOrderId(
    {
      OrderID: hit.OrderID,
      OrderQueryOption: { ReturnCertificateInfo: 'true', ReturnFulfillment: 'true', ReturnOriginalCSR: 'true' },
    },
    call,
  );
  if (!res.OrderDetail) throw new XmlError(`GetOrderByOrderID answered no OrderDetail for ${hit.OrderID}`);
  return res.OrderDetail;
}
