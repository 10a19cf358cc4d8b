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
import type { OperationDef } from '../services/types.ts';
import { BaseClient, type CallOptions, type ClientOptions, type WithWarnings } from './base.ts';

/** EPKI product codes in the guides' spelling (matched without regard to case; other strings are checked at run time). */
export type EpkiProductCode =
  | 'EPKIPSPersonal'
  | 'EPKIPSDept'
  | 'EPKIPSPersonalPro'
  | 'ePkiSmimeOnly'
  | 'ePkiDSAATL'
  | 'ePkiDSAATLASP'
  | 'ePkiDSAATLShortLived'
  | (string & {});

/** `DnAttributes` of EPKI orders. */
export interface EpkiDnAttributes {
  readonly CommonName: string;
  /** At most 3. */
  readonly OrganizationUnit?: readonly string[];
  readonly GivenName?: string;
  readonly SurName?: string;
  readonly Pseudonym?: string;
  readonly Email?: string;
}

/** Fields shared by OrderAndIssueCertificate, OrderPkcs12 and OrderCertificate. */
export interface EpkiPersonOrder {
  readonly ProfileID: string;
  readonly ProductCode: EpkiProductCode;
  readonly Year: 1 | 2 | 3;
  readonly EFSOption?: boolean;
  readonly UPN?: string;
  readonly SID?: string;
  readonly SANRFC822EmailAddress?: string;
  readonly DnAttributes: EpkiDnAttributes;
  readonly SubscriberEmailAddress?: string;
  readonly EmailLanguage?: string;
  readonly Extensions?: readonly { readonly Name: string; readonly Value: string }[];
}

/** OrderAndIssueCertificate request. */
export interface EpkiOrderAndIssueCertificateRequest extends EpkiPersonOrder {
  /** PKCS#10, PEM or base64; RSA 2048+ only. */
  readonly CSR: string;
  readonly PickupPassword?: string;
  readonly CertificateTemplate?: {
    readonly Template: string;
    readonly MajorVersion?: string | number;
    readonly MinorVersion?: string | number;
  };
}
/** OrderAndIssueCertificate response. */
export interface EpkiOrderAndIssueCertificateResponse {
  readonly OrderID: string;
  /** X.509 or PKCS#7: see {@link EpkiClient.decodeCertificate}. */
  readonly CERT: string;
}

/** OrderPkcs12 request. */
export interface EpkiOrderPkcs12Request extends EpkiPersonOrder {
  /** 12–117 characters, or `'AUTOGEN'` (required for S/MIME BR profiles). */
  readonly PKCS12PIN: string;
  readonly Renew?: boolean;
}
/** OrderPkcs12 response. */
export interface EpkiOrderPkcs12Response {
  readonly OrderID: string;
  readonly BASE64PKCS12: string;
  /** Repeatable per the 2015 WSDL. */
  readonly PKCS12?: readonly string[];
  /** The generated password when PKCS12PIN was AUTOGEN. */
  readonly PKCS12Password?: string;
}

/** OrderCertificate request (user enrollment). */
export interface EpkiOrderCertificateRequest extends EpkiPersonOrder {
  readonly HasCSR?: boolean;
  readonly PKCS12Option?: boolean;
  readonly HasFortify?: boolean;
  /** 8–256 letters and digits. */
  readonly PickupPassword: string;
}
/** Responses that carry only the order number. */
export interface EpkiOrderIdResponse {
  readonly OrderID: string;
}
/** OrderCertificate response. */
export type EpkiOrderCertificateResponse = EpkiOrderIdResponse;

/** OrderDS request (AATL). */
export interface EpkiOrderDsRequest {
  readonly ProfileOrderNo: string;
  readonly ProductCode: EpkiProductCode;
  readonly IssueType: 'REGISTER' | 'ISSUE' | 'FORTIFY';
  readonly Year: 1 | 2 | 3;
  /** Required for ISSUE. */
  readonly CSR?: string;
  /** Required for REGISTER. */
  readonly PickupPassword?: string;
  readonly DnAttributes: EpkiDnAttributes;
  readonly SubscriberEmailAddress?: string;
  readonly EmailLanguage?: string;
}
/** OrderDS response. */
export interface EpkiOrderDsResponse extends EpkiOrderIdResponse {
  readonly Certificate?: string;
}

/** Cancel request. */
export interface EpkiCancelRequest {
  readonly OrderID: string;
}
/** Cancel response. */
export type EpkiCancelResponse = EpkiOrderIdResponse;
/** Reissue request. */
export interface EpkiReissueRequest {
  readonly TargetOrderID: string;
  readonly PickupPassword: string;
  readonly PKCS12Option?: boolean;
  readonly HasFortify?: boolean;
}
/** Reissue response. */
export type EpkiReissueResponse = EpkiOrderIdResponse;

/** ReissueCertificate request: exactly one of the three `Reissue*Info`. */
export interface EpkiReissueCertificateRequest {
  readonly TargetOrderID: string;
  readonly ReissueRegisterInfo?: {
    readonly SubscriberEmailAddress?: string;
    readonly PickupPassword: string;
    readonly HasFortify?: boolean;
  };
  readonly ReissuePKCS12Info?: { readonly PKCS12PIN: string };
  readonly ReissueCertInfo?: { readonly CSR: string };
}
/** ReissueCertificate response. */
export interface EpkiReissueCertificateResponse extends EpkiOrderIdResponse {
  readonly Type: 'Order' | 'PKCS12' | 'Cert' | (string & {});
  readonly BASE64PKCS12?: string;
  readonly PKCS12?: readonly string[];
  readonly CERT?: string;
}

/** Revoke request. */
export interface EpkiRevokeRequest {
  readonly OrderID: string;
}
/** Revoke response: the wire's `orderNo`, also as `OrderID`. */
export interface EpkiRevokeResponse {
  readonly orderNo: string;
  readonly OrderID: string;
}

/** Suspendrenewal / Resumerenewal request. */
export interface EpkiRenewalRequest {
  readonly DNSerialNumber: string;
}
/** Suspendrenewal / Resumerenewal response: the header only. */
export type EpkiRenewalResponse = Record<never, never>;

/** `ValidityPeriod`. */
export interface EpkiValidityPeriod {
  readonly NotBefore: string;
  readonly NotAfter: string;
}

/** `OrderDetail` (dates are strings with their offsets, as sent). */
export interface EpkiOrderDetail {
  readonly OrderInfo: {
    readonly OrderNo: string;
    readonly OrderStatus: string;
    readonly ProductCode: string;
    readonly OriginalOrderIDForReIssue?: string;
    readonly ProfileNo: string;
    readonly LicenseNo: string;
    readonly RequestDate: string;
    readonly RequestBeforeDate?: string;
    readonly RequestAfterDate?: string;
    readonly OrderDate: string;
    readonly IssueDate: string;
    readonly CancelRequestDate?: string;
    readonly CancelRequestUser?: string;
    readonly CancelDate?: string;
    readonly RevokeRequestDate?: string;
    readonly RevokeRequestUser?: string;
    readonly RevokeDate?: string;
    readonly ValidityPeriod: EpkiValidityPeriod;
    readonly RenewalStatus?: string;
  };
  readonly CrCertificateInfo?: {
    readonly CertificateStatus: string;
    readonly SerialNumber: string;
    readonly StartDate: string;
    readonly EndDate: string;
    readonly Email?: string;
    readonly CommonName: string;
    readonly OrganizationUnits?: readonly string[];
    readonly Organization?: string;
    readonly Locality?: string;
    readonly State?: string;
    readonly Country?: string;
    readonly DNSerialNumber?: string;
  };
  readonly Fulfillment?: { readonly CrCertificate: { readonly Certificate: string; readonly PKCS7Cert?: string } };
  readonly ModificationEvents?: readonly {
    readonly ModificationEventName: string;
    readonly ModificationEventTimestamp: string;
  }[];
}

/** Query options of GetOrderByOrderId. */
export interface EpkiOrderQueryOption {
  readonly ReturnCertificateInfo?: boolean;
  readonly ReturnFulfillment?: boolean;
  /** Only with ReturnFulfillment. */
  readonly ReturnP7?: boolean;
  readonly ReturnModEvents?: boolean;
}
/** GetOrderByOrderId request. */
export interface EpkiGetOrderByOrderIdRequest {
  readonly OrderNo: string;
  readonly OrderQueryOption?: EpkiOrderQueryOption;
}
/** GetOrderByOrderId response. */
export interface EpkiGetOrderByOrderIdResponse {
  readonly OrderNo?: string;
  readonly OrderDetail?: EpkiOrderDetail;
}

/** A query date: one of the forms of guide 16 (`2024-01-31`, `…T10:00:00`, `….000Z`, with an offset) or a Date. */
export type EpkiQueryDate = string | Date;

/** GetOrders request. */
export interface EpkiGetOrdersRequest {
  readonly OrderQueryParam: {
    readonly ProductCode: EpkiProductCode;
    readonly ProfileOrderNo?: string;
    readonly LicenseOrderNo?: string;
    readonly OrderState?: string;
    readonly CertState?: string;
    readonly RequestDateFrom?: EpkiQueryDate;
    readonly RequestDateTo?: EpkiQueryDate;
    readonly IssueDateFrom?: EpkiQueryDate;
    readonly IssueDateTo?: EpkiQueryDate;
    readonly CommonName?: string;
  };
  readonly OrdersQueryOption?: { readonly ReturnCertificateInfo?: boolean; readonly ReturnFulfillment?: boolean };
}
/** GetOrders response: `OrderDetails` is absent when nothing matched. */
export interface EpkiGetOrdersResponse {
  readonly TotalCount: number;
  readonly OrderDetails?: readonly EpkiOrderDetail[];
}

/** `ProfileDetail` of GetProfiles. */
export interface EpkiProfileDetail {
  readonly ProfileInfo: {
    readonly ProfileOrderNo: string;
    readonly ProfileOrderState: string;
    readonly RequestDate: string;
    readonly OrderDate?: string;
    readonly IssueDate: string;
    readonly CancelRequestDate?: string;
    readonly CancelDate?: string;
    readonly SuspendRequestDate?: string;
    readonly SuspendDate?: string;
    readonly ValidityPeriod: EpkiValidityPeriod;
  };
  readonly ProfileDnAttributes: {
    readonly CommonName?: string;
    readonly Organization?: string;
    readonly OrganizationUnits?: readonly string[];
    readonly StateOrProvince?: string;
    readonly Locality?: string;
    readonly Country?: string;
  };
  readonly ProfileAttributes: Readonly<
    Record<'HashType' | 'EFSOption' | 'UPN' | 'RenewalType' | 'NonExportable' | 'NonRepudiation' | 'OCSPOption', string>
  >;
}
/** GetProfiles request. */
export interface EpkiGetProfilesRequest {
  readonly ProfileQueryParam: {
    readonly ProfileOrderNo?: string;
    readonly ProfileOrderState?: string;
    readonly RequestDateFrom?: EpkiQueryDate;
    readonly RequestDateTo?: EpkiQueryDate;
    readonly IssueDateFrom?: EpkiQueryDate;
    readonly IssueDateTo?: EpkiQueryDate;
    readonly Locality?: string;
    readonly StateOrProvince?: string;
    readonly Organization?: string;
    readonly OrganizationUnit?: readonly string[];
    readonly ContractorUserId?: string;
  };
}
/** GetProfiles response. */
export interface EpkiGetProfilesResponse {
  readonly TotalCount: number;
  readonly ProfileDetails?: readonly EpkiProfileDetail[];
}

/** A decoded `CERT`/`Certificate` field: the leaf and the rest of the chain (issuer first). */
export interface EpkiDecodedCertificate {
  readonly certificate: Certificate;
  readonly chain: readonly Certificate[];
}

/**
 * Client of the EPKI service (`/cr/ws/GasOrderService`).
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
    return this.call<R>(op, input, EPKI_REQUEST_SCHEMAS[op.name], options);
  }

  /** OrderAndIssueCertificate: issue from a CSR at once (admin enrollment); returns the certificate in `CERT`. */
  orderAndIssueCertificate(
    request: EpkiOrderAndIssueCertificateRequest,
    options?: CallOptions,
  ): Promise<WithWarnings<EpkiOrderAndIssueCertificateResponse>> {
    return this.#run(EPKI_OPERATIONS.OrderAndIssueCertificate, request, options);
  }

  /** OrderPkcs12: GlobalSign makes the key; returns a PKCS#12 (with `PKCS12Password` when the PIN was AUTOGEN). */
  orderPkcs12(request: EpkiOrderPkcs12Request, options?: CallOptions): Promise<WithWarnings<EpkiOrderPkcs12Response>> {
    return this.#run(EPKI_OPERATIONS.OrderPkcs12, request, options);
  }

  /** OrderCertificate: user enrollment; the person receives an enrollment link. */
  orderCertificate(
    request: EpkiOrderCertificateRequest,
    options?: CallOptions,
  ): Promise<WithWarnings<EpkiOrderCertificateResponse>> {
    return this.#run(EPKI_OPERATIONS.OrderCertificate, request, options);
  }

  /** OrderDS: AATL document-signing certificate (REGISTER enrollment, ISSUE direct, FORTIFY). */
  orderDs(request: EpkiOrderDsRequest, options?: CallOptions): Promise<WithWarnings<EpkiOrderDsResponse>> {
    return this.#run(EPKI_OPERATIONS.OrderDS, request, options);
  }

  /** Cancel an order. */
  cancel(request: EpkiCancelRequest, options?: CallOptions): Promise<WithWarnings<EpkiCancelResponse>> {
    return this.#run(EPKI_OPERATIONS.Cancel, request, options);
  }

  /** Reissue (registration by the person, with a new pickup password). */
  reissue(request: EpkiReissueRequest, options?: CallOptions): Promise<WithWarnings<EpkiReissueResponse>> {
    return this.#run(EPKI_OPERATIONS.Reissue, request, options);
  }

  /** ReissueCertificate: immediate reissue; exactly one of the three `Reissue*Info` structures. */
  reissueCertificate(
    request: EpkiReissueCertificateRequest,
    options?: CallOptions,
  ): Promise<WithWarnings<EpkiReissueCertificateResponse>> {
    return this.#run(EPKI_OPERATIONS.ReissueCertificate, request, options);
  }

  /** Revoke a certificate. The response's `orderNo` is also given as `OrderID`. */
  revoke(request: EpkiRevokeRequest, options?: CallOptions): Promise<WithWarnings<EpkiRevokeResponse>> {
    return this.#run(EPKI_OPERATIONS.Revoke, request, options);
  }

  /** Suspendrenewal: stop automatic renewal of a short-lived certificate, by its DN serial number. */
  suspendRenewal(request: EpkiRenewalRequest, options?: CallOptions): Promise<WithWarnings<EpkiRenewalResponse>> {
    return this.#run(EPKI_OPERATIONS.Suspendrenewal, request, options);
  }

  /** Resumerenewal: resume automatic renewal of a short-lived certificate. */
  resumeRenewal(request: EpkiRenewalRequest, options?: CallOptions): Promise<WithWarnings<EpkiRenewalResponse>> {
    return this.#run(EPKI_OPERATIONS.Resumerenewal, request, options);
  }

  /** GetOrderByOrderId: one order, optionally with certificate info, fulfillment (and PKCS#7) and events. */
  getOrderByOrderId(
    request: EpkiGetOrderByOrderIdRequest,
    options?: CallOptions,
  ): Promise<WithWarnings<EpkiGetOrderByOrderIdResponse>> {
    return this.#run(EPKI_OPERATIONS.GetOrderByOrderId, request, options);
  }

  /** GetOrders: orders of one product matching the filters (at most 1,000, else -9952). */
  getOrders(request: EpkiGetOrdersRequest, options?: CallOptions): Promise<WithWarnings<EpkiGetOrdersResponse>> {
    return this.#run(EPKI_OPERATIONS.GetOrders, request, options);
  }

  /** GetProfiles: EPKI profiles matching the filters (all of them with `{ ProfileQueryParam: {} }`, the default). */
  getProfiles(
    request: EpkiGetProfilesRequest = { ProfileQueryParam: {} },
    options?: CallOptions,
  ): Promise<WithWarnings<EpkiGetProfilesResponse>> {
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
