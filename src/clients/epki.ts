/**
 * EpkiClient: one typed method per operation of the EPKI GasOrderService (S/MIME, client-auth and AATL certificates
 * for people). Requests and responses use the wire's element names; every request is validated locally first.
 *
 * @module
 */
import { type Certificate, parseCertificate } from '../crypto/certificate.ts';
import { orderChain } from '../crypto/chain.ts';
import { pemDecode } from '../crypto/pem.ts';
import { parsePkcs7 } from '../crypto/pkcs7.ts';
import type { Pkcs12Contents } from '../crypto/pkcs12/types.ts';
import { EPKI_OPERATIONS, EPKI_SERVICE } from '../services/epki.ts';
import { EPKI_ERROR_CODES } from '../services/epki-codes.ts';
import { EPKI_REQUEST_SCHEMAS } from '../services/epki-rules.ts';
import { addEpkiStatusNames } from '../services/epki-status.ts';
import type { OperationDef } from '../soap/schema.ts';
import { BaseClient, type CallOptions, type ClientOptions, type WithWarnings } from './base.ts';
import type * as T from './epki-types.ts';

/** A decoded `CERT`/`Certificate` field: the leaf and the rest of the chain (issuer first). */
export interface EpkiDecodedCertificate {
  readonly certificate: Certificate;
  readonly chain: readonly Certificate[];
}

/**
 * Client of the EPKI service (`/cr/ws/GasOrderService`). Like the MSSL and Query clients, it adds the guide's name
 * next to each status field of a response (`OrderStatusName`, `CertificateStatusName`, `ProfileOrderStateName`).
 *
 * @example
 * ```ts
 * const epki = new EpkiClient({ username, password, endpoint: 'test' });
 * const res = await epki.orderAndIssueCertificate({ ProfileID, ProductCode: 'EPKIPSPersonal', Year: 1, CSR: csr.pem,
 *   SANRFC822EmailAddress: 'alice@example.com', DnAttributes: { CommonName: 'Alice', Email: 'alice@example.com' } });
 * const { certificate, chain } = EpkiClient.decodeCertificate(res.CERT);
 * ```
 */
export class EpkiClient extends BaseClient {
  constructor(options: ClientOptions) {
    super(EPKI_SERVICE, options, EPKI_ERROR_CODES);
  }

  #run<R>(op: OperationDef, input: unknown, options?: CallOptions): Promise<WithWarnings<R>> {
    return this.call<R>(op, input, EPKI_REQUEST_SCHEMAS[op.name], options).then(addEpkiStatusNames);
  }

  /** OrderAndIssueCertificate: issue from a CSR at once (admin enrollment); returns the certificate in `CERT`. */
  orderAndIssueCertificate(
    request: T.EpkiOrderAndIssueCertificateRequest,
    options?: CallOptions,
  ): Promise<WithWarnings<T.EpkiOrderAndIssueCertificateResponse>> {
    return this.#run(EPKI_OPERATIONS.OrderAndIssueCertificate, request, options);
  }

  /** OrderPkcs12: GlobalSign makes the key; returns a PKCS#12 (with `PKCS12Password` when the PIN was AUTOGEN). */
  orderPkcs12(
    request: T.EpkiOrderPkcs12Request,
    options?: CallOptions,
  ): Promise<WithWarnings<T.EpkiOrderPkcs12Response>> {
    return this.#run(EPKI_OPERATIONS.OrderPkcs12, request, options);
  }

  /** OrderCertificate: user enrollment; the person receives an enrollment link. */
  orderCertificate(
    request: T.EpkiOrderCertificateRequest,
    options?: CallOptions,
  ): Promise<WithWarnings<T.EpkiOrderCertificateResponse>> {
    return this.#run(EPKI_OPERATIONS.OrderCertificate, request, options);
  }

  /** OrderDS: AATL document-signing certificate (REGISTER enrollment, ISSUE direct, FORTIFY). */
  orderDs(request: T.EpkiOrderDsRequest, options?: CallOptions): Promise<WithWarnings<T.EpkiOrderDsResponse>> {
    return this.#run(EPKI_OPERATIONS.OrderDS, request, options);
  }

  /** Cancel an order. */
  cancel(request: T.EpkiCancelRequest, options?: CallOptions): Promise<WithWarnings<T.EpkiCancelResponse>> {
    return this.#run(EPKI_OPERATIONS.Cancel, request, options);
  }

  /** Reissue (registration by the person, with a new pickup password). */
  reissue(request: T.EpkiReissueRequest, options?: CallOptions): Promise<WithWarnings<T.EpkiReissueResponse>> {
    return this.#run(EPKI_OPERATIONS.Reissue, request, options);
  }

  /** ReissueCertificate: immediate reissue; exactly one of the three `Reissue*Info` structures. */
  reissueCertificate(
    request: T.EpkiReissueCertificateRequest,
    options?: CallOptions,
  ): Promise<WithWarnings<T.EpkiReissueCertificateResponse>> {
    return this.#run(EPKI_OPERATIONS.ReissueCertificate, request, options);
  }

  /** Revoke a certificate. The response's `orderNo` is also given as `OrderID`. */
  revoke(request: T.EpkiRevokeRequest, options?: CallOptions): Promise<WithWarnings<T.EpkiRevokeResponse>> {
    return this.#run(EPKI_OPERATIONS.Revoke, request, options);
  }

  /** Suspendrenewal: stop automatic renewal of a short-lived certificate, by its DN serial number. */
  suspendRenewal(request: T.EpkiRenewalRequest, options?: CallOptions): Promise<WithWarnings<T.EpkiRenewalResponse>> {
    return this.#run(EPKI_OPERATIONS.Suspendrenewal, request, options);
  }

  /** Resumerenewal: resume automatic renewal of a short-lived certificate. */
  resumeRenewal(request: T.EpkiRenewalRequest, options?: CallOptions): Promise<WithWarnings<T.EpkiRenewalResponse>> {
    return this.#run(EPKI_OPERATIONS.Resumerenewal, request, options);
  }

  /** GetOrderByOrderId: one order, optionally with certificate info, fulfillment (and PKCS#7) and events. */
  getOrderByOrderId(
    request: T.EpkiGetOrderByOrderIdRequest,
    options?: CallOptions,
  ): Promise<WithWarnings<T.EpkiGetOrderByOrderIdResponse>> {
    return this.#run(EPKI_OPERATIONS.GetOrderByOrderId, request, options);
  }

  /** GetOrders: orders of one product matching the filters (at most 1,000, else -9952). */
  getOrders(request: T.EpkiGetOrdersRequest, options?: CallOptions): Promise<WithWarnings<T.EpkiGetOrdersResponse>> {
    return this.#run(EPKI_OPERATIONS.GetOrders, request, options);
  }

  /** GetProfiles: EPKI profiles matching the filters (all of them with `{ ProfileQueryParam: {} }`, the default). */
  getProfiles(
    request: T.EpkiGetProfilesRequest = { ProfileQueryParam: {} },
    options?: CallOptions,
  ): Promise<WithWarnings<T.EpkiGetProfilesResponse>> {
    return this.#run(EPKI_OPERATIONS.GetProfiles, request, options);
  }

  /**
   * Decodes a `CERT`, `Certificate` or `PKCS7Cert` value: an X.509 certificate or a PKCS#7 bundle, as PEM (CRLF and
   * `&#xD;` tolerated), bare base64 or DER. Returns the leaf and the rest of the chain ordered towards the root.
   *
   * @example
   * ```ts
   * const { certificate, chain } = EpkiClient.decodeCertificate(res.CERT);
   * certificate.subject; chain.length;
   * ```
   */
  static decodeCertificate(value: string | Uint8Array): EpkiDecodedCertificate {
    const certs = readCertificates(value);
    const ordered = orderChain(certs);
    const [certificate, ...chain] = ordered.length > 0 ? ordered : certs;
    if (!certificate) throw new TypeError('no certificate found');
    return { certificate, chain };
  }

  /**
   * Opens the PKCS#12 of an OrderPkcs12 or ReissueCertificate response with the PIN you chose, or with the
   * `PKCS12Password` GlobalSign generated for AUTOGEN.
   *
   * @example
   * ```ts
   * const res = await epki.orderPkcs12({ ...req, PKCS12PIN: 'AUTOGEN' });
   * const { keys, certificates } = await EpkiClient.openPkcs12(res);
   * ```
   */
  static async openPkcs12(
    response: { readonly BASE64PKCS12?: string; readonly PKCS12Password?: string },
    pin?: string,
  ): Promise<Pkcs12Contents> {
    const password = pin ?? response.PKCS12Password;
    if (!response.BASE64PKCS12) throw new TypeError('the response has no BASE64PKCS12');
    if (password === undefined) throw new TypeError('a PIN is required (no PKCS12Password in the response)');
    const { openPkcs12 } = await import('../crypto/pkcs12/open.ts');
    return openPkcs12(response.BASE64PKCS12, password);
  }
}

const PKCS7_LABELS = new Set(['PKCS7', 'PKCS #7 SIGNED DATA', 'CMS']);

function readCertificates(value: string | Uint8Array): Certificate[] {
  if (typeof value === 'string' && value.includes('-----BEGIN')) {
    const blocks = pemDecode(value);
    const p7 = blocks.find((b) => PKCS7_LABELS.has(b.label));
    if (p7) return parsePkcs7(p7.der);
    return blocks.filter((b) => b.label === 'CERTIFICATE').map((b) => parseCertificate(b.der));
  }
  try {
    return parsePkcs7(value);
  } catch {
    return [parseCertificate(value)];
  }
}
