/**
 * Reconciliation of an order whose outcome is unknown (`OrderOutcomeUnknownError`): search the submission window
 * for the order and either return it, prove that none exists (a retry is then safe), or hand every candidate to the
 * caller. It never places an order itself.
 *
 * @module
 */
import type { EpkiClient, EpkiOrderDetail } from '../clients/epki.ts';
import { EpkiClient as Epki } from '../clients/epki.ts';
import { toHex } from '../crypto/bytes.ts';
import { parseCsr } from '../crypto/csr.ts';
import { type OrderOutcomeUnknownError, type OrderSubmission, ValidationError } from '../errors.ts';
import { listOrders } from './epki-list.ts';

/** The outcome of {@link reconcileOrder}. */
export type ReconcileResult<O = EpkiOrderDetail> =
  /** The order was placed: here it is (matched on common name and the CSR's public key). */
  | { readonly status: 'found'; readonly order: O }
  /** The window was searched completely and holds no such order: placing it again is safe. */
  | { readonly status: 'absent' }
  /** Orders without a CSR: every order in the window with the same product, profile, common name and email. */
  | { readonly status: 'candidates'; readonly orders: readonly O[] };

/** Options of {@link reconcileOrder}. */
export interface ReconcileOptions {
  /** Clock difference tolerated between this machine and the service, in ms (default 300 000: 5 minutes). */
  readonly skewMs?: number;
  readonly signal?: AbortSignal;
  /** WebCrypto provider for reading the CSR (default `globalThis.crypto`). */
  readonly crypto?: Crypto;
}

/**
 * Finds out whether an order whose request timed out or lost its connection was placed. EPKI: GetOrders over
 * `[sentAt - skew, failedAt + skew]` for the product (and profile and common name), splitting past the cap; with a
 * CSR the order whose certificate carries the CSR's public key is `found`, else `absent`; without a CSR every order
 * matching product, profile, common name and email is returned as `candidates` (`absent` when there is none).
 * An unissued order met while a CSR is being matched makes the answer `candidates` (it cannot be ruled out).
 *
 * @example
 * ```ts
 * try { await epki.orderAndIssueCertificate(req); }
 * catch (e) {
 *   if (!isOrderOutcomeUnknownError(e)) throw e;
 *   const r = await reconcileEpkiOrder(e, epki);
 *   if (r.status === 'absent') await epki.orderAndIssueCertificate(req); // safe: proven not placed
 * }
 * ```
 */
export async function reconcileEpkiOrder(
  error: OrderOutcomeUnknownError | { readonly submission: OrderSubmission },
  client: EpkiClient,
  options: ReconcileOptions = {},
): Promise<ReconcileResult> {
  const s = error.submission;
  if (s.service !== 'EPKI')
    throw new ValidationError('submission.service', 'is MSSL: reconcile it with the Query client');
  if (!s.productCode || !s.commonName) {
    throw new ValidationError(
      s.productCode ? 'submission.commonName' : 'submission.productCode',
      'is required to search for the order',
    );
  }
  const skew = options.skewMs ?? 300_000;
  const listing = listOrders(client, {
    productCode: s.productCode,
    from: new Date(Date.parse(s.sentAt) - skew),
    to: new Date(Date.parse(s.failedAt) + skew),
    filter: { CommonName: s.commonName, ...(s.profileId ? { ProfileOrderNo: s.profileId } : {}) },
    queryOption: { ReturnCertificateInfo: true, ReturnFulfillment: true },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const orders: EpkiOrderDetail[] = [];
  for await (const o of listing) if (sameSubject(o, s)) orders.push(o);
  if (s.csr) return matchByKey(orders, s.csr, options.crypto);
  return orders.length ? { status: 'candidates', orders } : { status: 'absent' };
}

/** Product, profile, common name and (when both sides have one) email agree. */
function sameSubject(o: EpkiOrderDetail, s: OrderSubmission): boolean {
  const info = o.OrderInfo;
  const cert = o.CrCertificateInfo;
  if (info.ProductCode.toLowerCase() !== s.productCode?.toLowerCase()) return false;
  if (s.profileId && info.ProfileNo !== s.profileId) return false;
  if (cert?.CommonName && cert.CommonName !== s.commonName) return false;
  if (s.email && cert?.Email && cert.Email.toLowerCase() !== s.email.toLowerCase()) return false;
  return true;
}

async function matchByKey(
  orders: readonly EpkiOrderDetail[],
  csr: string,
  crypto: Crypto | undefined,
): Promise<ReconcileResult> {
  const want = toHex((await parseCsr(csr, crypto ? { crypto } : {})).spkiDer);
  const unissued: EpkiOrderDetail[] = [];
  for (const o of orders) {
    const c = o.Fulfillment?.CrCertificate;
    const value = c?.Certificate || c?.PKCS7Cert;
    if (!value) {
      unissued.push(o);
      continue;
    }
    if (toHex(Epki.decodeCertificate(value).certificate.spkiDer) === want) return { status: 'found', order: o };
  }
  return unissued.length ? { status: 'candidates', orders: unissued } : { status: 'absent' };
}
