/**
 * `issueCertificate`: one call from a CSR to a certificate with its issuing chain (EPKI OrderAndIssueCertificate,
 * then the order's fulfillment for the chain), ready for a .p12 or a TLS/S-MIME configuration.
 *
 * @module
 */
import type { CallOptions } from '../clients/base.ts';
import { EpkiClient, type EpkiDecodedCertificate } from '../clients/epki.ts';
import type { EpkiOrderAndIssueCertificateRequest, EpkiOrderDetail } from '../clients/epki-types.ts';
import type { Certificate } from '../crypto/certificate.ts';
import { type ApiErrorDetail, OrderStateError, XmlError } from '../errors.ts';

/** Options of {@link issueCertificate}. */
export interface IssueCertificateOptions {
  readonly signal?: AbortSignal;
  /** Called with the OrderID as soon as the order is placed, before the chain is read (store it). */
  readonly onOrdered?: (orderId: string) => void;
}

/** What {@link issueCertificate} returns. */
export interface IssuedCertificate {
  readonly orderId: string;
  /** The leaf certificate. */
  readonly certificate: Certificate;
  /** The issuing chain, issuer first, up to and including the root when the fulfillment carries it. */
  readonly chain: readonly Certificate[];
  /** The warnings of the order's answer (SuccessCode 1), else empty. */
  readonly warnings: readonly ApiErrorDetail[];
}

/**
 * Places an EPKI OrderAndIssueCertificate and returns the certificate with its issuing chain, read from the order's
 * fulfillment (GetOrderByOrderId with the PKCS#7, which carries the chain; the answer's `CERT` carries the leaf
 * only, unless the account answers PKCS#7). Request validation, faults and lost answers behave as in the client
 * (a lost answer is an `OrderOutcomeUnknownError`: reconcile it). If the follow-up read fails its error is thrown:
 * the order exists (`onOrdered` told its ID) and its chain can be read again later.
 *
 * @example
 * ```ts
 * import { createCsr, createPkcs12, generateKeyPair } from 'globalsign-kit/crypto';
 * import { issueCertificate } from 'globalsign-kit/workflows';
 * const keys = await generateKeyPair('RSA-2048', { extractable: true });
 * const csr = await createCsr({ keys, subject: { CN: 'Alice', E: 'alice@example.com' } });
 * const { orderId, certificate, chain } = await issueCertificate(epki, {
 *   ProfileID, ProductCode: 'EPKIPSPersonal', Year: 1, CSR: csr.pem, SANRFC822EmailAddress: 'alice@example.com',
 *   DnAttributes: { CommonName: 'Alice', Email: 'alice@example.com' },
 * });
 * const p12 = await createPkcs12({ key: keys.privateKey, certificates: [certificate, ...chain], password });
 * ```
 */
export async function issueCertificate(
  epki: EpkiClient,
  request: EpkiOrderAndIssueCertificateRequest,
  options: IssueCertificateOptions = {},
): Promise<IssuedCertificate> {
  const call = options.signal ? { signal: options.signal } : {};
  const res = await epki.orderAndIssueCertificate(request, call);
  options.onOrdered?.(res.OrderID);
  const answered = EpkiClient.decodeCertificate(res.CERT);
  const issued = await readIssuingChain(epki, res.OrderID, answered, call);
  return { orderId: res.OrderID, ...issued, warnings: res.warnings };
}

/**
 * The second half of {@link issueCertificate}: reads order `orderId`'s fulfillment and returns the leaf the order
 * answered (`answered`, from its `CERT`) with the longest issuing chain known, checking that the fulfillment holds
 * the same certificate. For callers that place the order themselves (and may already know the chain).
 *
 * @example
 * ```ts
 * const res = await epki.orderAndIssueCertificate(request);
 * const { certificate, chain } = await readIssuingChain(epki, res.OrderID, EpkiClient.decodeCertificate(res.CERT));
 * ```
 */
export async function readIssuingChain(
  epki: EpkiClient,
  orderId: string,
  answered: EpkiDecodedCertificate,
  call: CallOptions = {},
): Promise<EpkiDecodedCertificate> {
  const read = await epki.getOrderByOrderId(
    { OrderNo: orderId, OrderQueryOption: { ReturnFulfillment: true, ReturnP7: true } },
    call,
  );
  const fulfilled = fulfillment(read.OrderDetail);
  if (!fulfilled) {
    if (answered.chain.length === 0)
      throw new XmlError(`GetOrderByOrderId answered no fulfillment for ${orderId}: its chain cannot be read`);
    return answered;
  }
  const decoded = EpkiClient.decodeCertificate(fulfilled);
  if (decoded.certificate.serialNumber !== answered.certificate.serialNumber)
    throw new OrderStateError(orderId, 'MISMATCH', `order ${orderId}: the fulfillment holds another certificate`);
  const chain = decoded.chain.length >= answered.chain.length ? decoded.chain : answered.chain;
  return { certificate: answered.certificate, chain };
}

/** The fulfillment's PKCS#7 (with the chain), else its certificate. */
function fulfillment(order: EpkiOrderDetail | undefined): string | undefined {
  const c = order?.Fulfillment?.CrCertificate;
  return c?.PKCS7Cert || c?.Certificate || undefined;
}
