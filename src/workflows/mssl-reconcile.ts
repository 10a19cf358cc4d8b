/**
 * MSSL reconciliation of an order whose outcome is unknown: GetCertificateOrders over the submission window for the
 * product and common name (split past the cap), then GetOrderByOrderID of each candidate to compare the public key
 * of its original CSR (or of its certificate) with the submitted CSR's. It never places an order itself.
 *
 * @module
 */
import type { GasOrderDetail } from '../clients/gas-types.ts';
import type { QueryClient } from '../clients/query.ts';
import { toHex } from '../crypto/bytes.ts';
import { parseCertificate } from '../crypto/certificate.ts';
import { parseCsr } from '../crypto/csr.ts';
import { type OrderOutcomeUnknownError, type OrderSubmission, ValidationError } from '../errors.ts';
import { searchCertificateOrders } from './mssl-sync.ts';
import type { ReconcileOptions, ReconcileResult } from './reconcile.ts';

/** The public key (SPKI DER, hex) of a PEM CSR. */
async function csrKey(pem: string, crypto: Crypto | undefined): Promise<string> {
  return toHex((await parseCsr(pem, crypto ? { crypto } : {})).spkiDer);
}

/** The public key of an order: its original CSR's, else its certificate's; `undefined` when it shows neither. */
async function orderKey(o: GasOrderDetail, crypto: Crypto | undefined): Promise<string | undefined> {
  const f = o.Fulfillment;
  if (f?.OriginalCSR) return csrKey(f.OriginalCSR, crypto);
  const cert = f?.ServerCertificate?.X509Cert;
  return cert ? toHex(parseCertificate(cert).spkiDer) : undefined;
}

/**
 * Finds out whether an MSSL order (PVOrder, PVOrderWithoutCSR) whose request timed out or lost its connection was
 * placed. The common name comes from the submitted CSR (or the request's CommonName). With a CSR, the order in the
 * window whose original CSR or certificate carries the same public key is `found`; none → `absent`, which makes a
 * retry safe; an order showing neither CSR nor certificate cannot be ruled out and makes the answer `candidates`.
 * Without a CSR every order of the product and common name in the window is a candidate (the Query service does not
 * show the profile or contact of an order, so those cannot narrow it).
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
): Promise<ReconcileResult<GasOrderDetail>> {
  const s = error.submission;
  if (s.service !== 'MSSL')
    throw new ValidationError('submission.service', 'is not MSSL: reconcile EPKI orders with the EPKI client');
  const csr = s.csr ? await parseCsr(s.csr, options.crypto ? { crypto: options.crypto } : {}) : undefined;
  const want = csr ? toHex(csr.spkiDer) : undefined;
  const cn = csr ? csr.subject.CN : s.commonName;
  if (!s.productCode) throw new ValidationError('submission.productCode', 'is required to search for the order');
  if (!cn)
    throw new ValidationError('submission.commonName', 'is required (or a CSR with a CN) to search for the order');
  const skew = options.skewMs ?? 300_000;
  const call = options.signal ? { signal: options.signal } : {};
  const listing = searchCertificateOrders(query, {
    from: new Date(Date.parse(s.sentAt) - skew),
    to: new Date(Date.parse(s.failedAt) + skew),
    filter: { FQDN: cn, ProductCode: s.productCode },
    ...call,
  });
  const candidates: GasOrderDetail[] = [];
  for await (const hit of listing) {
    if (hit.FQDN.toLowerCase() !== cn.toLowerCase()) continue;
    if (hit.ProductCode.toUpperCase() !== s.productCode.toUpperCase()) continue;
    const res = await query.getOrderByOrderId(
      {
        OrderID: hit.OrderID,
        OrderQueryOption: { ReturnCertificateInfo: 'true', ReturnFulfillment: 'true', ReturnOriginalCSR: 'true' },
      },
      call,
    );
    const order = res.OrderDetail;
    if (!order) continue;
    if (!want) {
      candidates.push(order);
      continue;
    }
    const key = await orderKey(order, options.crypto);
    if (key === want) return { status: 'found', order };
    if (key === undefined) candidates.push(order);
  }
  return candidates.length ? { status: 'candidates', orders: candidates } : { status: 'absent' };
}
