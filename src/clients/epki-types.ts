/**
 * Request and response types of `EpkiClient`'s operations, with the wire's element names (EPKI guide and
 * ../shared/spec/EPKI-OPERATIONS.md). Exported from the package root as the `EpkiTypes` namespace.
 *
 * @example
 * ```ts
 * import type { EpkiTypes } from 'globalsign-kit';
 * const dn: EpkiTypes.EpkiDnAttributes = { CommonName: 'Alice', Email: 'alice@example.com' };
 * ```
 *
 * @module
 */
import type { EpkiCertificateStatus, EpkiOrderStatus, EpkiProfileStatus } from '../services/epki-status.ts';

export type { EpkiCertificateStatus, EpkiOrderStatus, EpkiProfileStatus } from '../services/epki-status.ts';

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
  /** X.509 or PKCS#7: see `EpkiClient.decodeCertificate`. */
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
    /** As sent; other values than the guide's are possible. */
    readonly OrderStatus: EpkiOrderStatus | (string & {});
    /** The guide's name for `OrderStatus`, added by the client; absent for a value the guide does not list. */
    readonly OrderStatusName?: EpkiOrderStatus;
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
    readonly CertificateStatus: EpkiCertificateStatus | (string & {});
    /** The guide's name for `CertificateStatus`, added by the client; absent for an unlisted value. */
    readonly CertificateStatusName?: EpkiCertificateStatus;
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
    readonly OrderState?: EpkiOrderStatus | (string & {});
    readonly CertState?: EpkiCertificateStatus | (string & {});
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
    readonly ProfileOrderState: EpkiProfileStatus | (string & {});
    /** The guide's name for `ProfileOrderState`, added by the client; absent for an unlisted value. */
    readonly ProfileOrderStateName?: EpkiProfileStatus;
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
    readonly ProfileOrderState?: EpkiProfileStatus | (string & {});
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
