/**
 * Reconciliation of an order whose outcome is unknown (`OrderOutcomeUnknownError`): search the submission window
 * completely and either return the order, prove that none could be it (a retry is then safe), or hand every
 * candidate to the caller. It never places an order itself. This file holds the shared types and the EPKI search;
 * the MSSL search is in mssl-reconcile.ts, the match rule in match.ts.
 *
 * @module
 */
import type { EpkiClient } from '../clients/epki.ts';
import type { EpkiOrderDetail } from '../clients/epki-types.ts';
import { EpkiClient as Epki } from '../clients/epki.ts';
import { toHex } from '../crypto/bytes.ts';
import type { OrderOutcomeUnknownError, OrderSubmission } from '../errors.ts';
import { ValidationError } from '../errors.ts';
import { EPKI_PRODUCT_CODES } from '../services/epki-products.ts';
import { listOrders, type OrderListing } from './epki-list.ts';
import { csrIdentity, idsAgree, namesAgree, productsAgree, recordedProduct, verdict } from './match.ts';

/**
 * The outcome of `reconcileOrder`. The rule for callers: re-send only after `absent`. After `found` the order
 * exists; after `candidates` stop and decide (look at the orders, cancel the ones you do not want): never re-send.
 * When reconciliation's own reads keep failing it throws, and the caller stops as well.
 */
export type ReconcileResult<O = EpkiOrderDetail> =
  /** The order was placed: here it is (its public key is the submitted CSR's). */
  | { readonly status: 'found'; readonly order: O }
  /** The window was searched completely and no order in it could be the submitted one: placing it again is safe. */
  | { readonly status: 'absent' }
  /**
   * Orders that could be the submitted one and cannot be told apart from it: always the case for orders without a
   * CSR (PVOrderWithoutCSR, OrderPkcs12, REGISTER enrollments) that were placed. Stop and decide; never re-send.
   */
  | { readonly status: 'candidates'; readonly orders: readonly O[] };

/** Options of `reconcileOrder`. */
export interface ReconcileOptions {
  /**
   * Clock difference tolerated between this machine and the service, in ms: the search covers
   * `[sentAt - skewMs, failedAt + skewMs]` of the service's clock. Default 300 000 (5 minutes); an order stamped
   * outside that window is not seen, so raise it if your clock may be further off.
   */
  readonly skewMs?: number;
  readonly signal?: AbortSignal;
  /** WebCrypto provider for reading the CSR (default `globalThis.crypto`). */
  readonly crypto?: Crypto;
}

/** The default of {@link ReconcileOptions.skewMs}: 5 minutes. */
export const DEFAULT_SKEW_MS = 300_000;

/** The search window of a submission, in the service's clock. */
export function searchWindow(s: OrderSubmission, skewMs: number | undefined): { from: Date; to: Date } {
  const skew = skewMs ?? DEFAULT_SKEW_MS;
  const sent = Date.parse(s.sentAt);
  const failed = Date.parse(s.failedAt);
  if (Number.isNaN(sent) || Number.isNaN(failed))
    throw new ValidationError('submission.sentAt', 'sentAt and failedAt must be ISO 8601 dates');
  return { from: new Date(sent - skew), to: new Date(failed + skew) };
}

/**
 * Finds out whether an EPKI order whose request timed out or lost its connection was placed. GetOrders over the
 * window for every product the submission could be (GetOrders needs one: the submitted code in its canonical
 * spelling, the only one the service records, else every EPKI product), split past the cap; no other server-side
 * filter (common name, profile) narrows the listing. Each order is then judged by the match rule (match.ts): one
 * whose product, profile or certificate common name differs after normalisation is not it; of the others, the
 * certificate's public key decides where there is a CSR, and the rest are candidates. An unissued order shows no
 * name: a second listing with the exact CommonName submitted (the value the service recorded) tells which unissued
 * orders carry it; only those stay candidates. Orders without a CSR (OrderPkcs12, REGISTER enrollments) that were
 * placed therefore end in `candidates`, never `absent`.
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
  const csr = s.csr ? await csrIdentity(s.csr, options.crypto) : undefined;
  const want = csr?.key;
  const names = [s.commonName, csr?.cn].filter((n): n is string => Boolean(n));
  const window = searchWindow(s, options.skewMs);
  const products = s.productCode ? [recordedProduct(s.productCode)] : EPKI_PRODUCT_CODES;
  const list = (productCode: string, filter?: { CommonName: string }): OrderListing =>
    listOrders(client, {
      productCode,
      ...window,
      ...(filter ? { filter } : {}),
      queryOption: { ReturnCertificateInfo: true, ReturnFulfillment: true },
      ...(options.signal ? { signal: options.signal } : {}),
    });
  const candidates: EpkiOrderDetail[] = [];
  for (const productCode of products) {
    const unnamed: EpkiOrderDetail[] = [];
    for await (const o of list(productCode)) {
      const v = verdict(want, orderKey(o), couldBe(o, s, names));
      if (v === 'match') return { status: 'found', order: o };
      if (v !== 'candidate') continue;
      if (o.CrCertificateInfo?.CommonName || !s.commonName) candidates.push(o);
      else unnamed.push(o);
    }
    if (unnamed.length === 0 || !s.commonName) continue;
    // Unissued orders do not show their name: the service tells which of them carry the exact name submitted (the
    // value it recorded); the others are not the order.
    const named = new Set<string>();
    for await (const o of list(productCode, { CommonName: s.commonName })) named.add(o.OrderInfo.OrderNo);
    candidates.push(...unnamed.filter((o) => named.has(o.OrderInfo.OrderNo)));
  }
  return candidates.length ? { status: 'candidates', orders: candidates } : { status: 'absent' };
}

/**
 * Every field both the order and the submission show agrees after normalisation; the certificate's common name may
 * be the DnAttributes' or the CSR's. The email is not compared: the certificate's address (DnAttributes) and the
 * submission's (SubscriberEmailAddress) may rightly differ.
 */
function couldBe(o: EpkiOrderDetail, s: OrderSubmission, names: readonly string[]): boolean {
  const cn = o.CrCertificateInfo?.CommonName;
  return (
    productsAgree(o.OrderInfo.ProductCode, s.productCode) &&
    idsAgree(o.OrderInfo.ProfileNo, s.profileId) &&
    (names.length === 0 || names.some((n) => namesAgree(cn, n)))
  );
}

/** The public key (SPKI hex) of an order's certificate, when the order shows one. */
function orderKey(o: EpkiOrderDetail): string | undefined {
  const c = o.Fulfillment?.CrCertificate;
  const value = c?.Certificate || c?.PKCS7Cert;
  return value ? toHex(Epki.decodeCertificate(value).certificate.spkiDer) : undefined;
}
