/**
 * Request and response types of the Query operations, with the wire's element names. Generated with the service
 * table by scripts/gen-service-tables.mjs from ../shared/spec/wsdl/gas-types.txt; do not edit.
 *
 * @module
 */

/** `SearchOrderDetail` (wire names). */
export interface QuerySearchOrderDetail {
  readonly OrderID: string;
  readonly BaseOption?: string;
  readonly ProductCode: string;
  readonly OrderKind: string;
  readonly Licenses: number;
  readonly OrderRequestDate: string;
  readonly OrderIssueDate?: string;
  readonly OrderCanceledDate?: string;
  readonly OrderStatus: string;
  readonly OrganizationName: string;
  readonly Months: number;
  readonly SubId: string;
  readonly FQDN: string;
}

/** `GetOrderByExpirationDateRequest` (wire names). */
export interface QueryGetOrderByExpirationDateRequest {
  readonly ExpirationFromDate?: string;
  readonly ExpirationToDate?: string;
  readonly FQDN?: string;
  readonly OrderKind?: string;
  readonly OrderStatus?: string;
  readonly SubID?: string;
}

/** `GetOrderByExpirationDateResponse` (wire names). */
export interface QueryGetOrderByExpirationDateResponse {
  readonly SearchOrderDetails?: QuerySearchOrderDetail[];
}

/** `OrderParameter` (wire names). */
export interface QueryOrderParameter {
  readonly CSR: string;
  readonly DNSNames?: string;
}

/** `Extension` (wire names). */
export interface QueryExtension {
  readonly Name: string;
  readonly Value: string;
}

/** `ReIssueRequest` (wire names). */
export interface QueryReIssueRequest {
  readonly OrderParameter: QueryOrderParameter;
  readonly TargetOrderID: string;
  readonly HashAlgorithm?: string;
  readonly Extensions?: QueryExtension[];
}

/** `ReIssueResponse` (wire names). */
export interface QueryReIssueResponse {
  readonly OrderID?: string;
  readonly TargetOrderID?: string;
}

/** `Option` (wire names). */
export interface QueryOption {
  readonly OptionName: string;
  readonly OptionValue: string;
}

/** `ValidityPeriod` (wire names). */
export interface QueryValidityPeriod {
  readonly Months: string;
  readonly NotBefore?: string;
  readonly NotAfter?: string;
}

/** `ValidateOrderRequestParameter` (wire names). */
export interface QueryValidateOrderRequestParameter {
  readonly ProductCode: string;
  readonly BaseOption?: string;
  readonly OrderKind: string;
  readonly Licenses: string;
  readonly Options?: QueryOption[];
  readonly ValidityPeriod: QueryValidityPeriod;
  readonly CSR: string;
  readonly RenewalTargetOrderID?: string;
  readonly TargetCERT?: string;
  readonly SpecialInstructions?: string;
  readonly Coupon?: string;
  readonly Campaign?: string;
  readonly KeyLength?: string;
  readonly PIN?: string;
}

/** `DVCSRInfo` (wire names). */
export interface QueryDVCSRInfo {
  readonly Country: string;
}

/** `OVCSRInfo` (wire names). */
export interface QueryOVCSRInfo {
  readonly OrganizationName: string;
  readonly OrganizationUnit?: string;
  readonly Locality: string;
  readonly StateOrProvince: string;
  readonly Country: string;
}

/** `SANEntry` (wire names). */
export interface QuerySANEntry {
  readonly SANOptionType: string;
  readonly SubjectAltName: string;
}

/** `ParsedCSR` (wire names). */
export interface QueryParsedCSR {
  readonly Subject: string;
  readonly DomainName: string;
  readonly Country: string;
  readonly Email: string;
  readonly Locality: string;
  readonly Organization: string;
  readonly OrganizationUnit: string;
  readonly State: string;
  readonly IsValidDomainName: string;
}

/** `ValidateOrderParametersRequest` (wire names). */
export interface QueryValidateOrderParametersRequest {
  readonly OrderRequestParameter: QueryValidateOrderRequestParameter;
  readonly FQDN?: string;
  readonly DVCSRInfo?: QueryDVCSRInfo;
  readonly OVCSRInfo?: QueryOVCSRInfo;
  readonly SANEntries?: QuerySANEntry[];
}

/** `ValidateOrderParametersResponse` (wire names). */
export interface QueryValidateOrderParametersResponse {
  readonly Price?: string;
  readonly Currency?: string;
  readonly ValidityPeriod?: QueryValidityPeriod;
  readonly ParsedCSR?: QueryParsedCSR;
}

/** `ReIssueParameterWithoutCSR` (wire names). */
export interface QueryReIssueParameterWithoutCSR {
  readonly Pin?: string;
  readonly KeyLength?: string;
  readonly DNSNames?: string;
}

/** `ReIssueWithoutCSRRequest` (wire names). */
export interface QueryReIssueWithoutCSRRequest {
  readonly TargetOrderID: string;
  readonly HashAlgorithm?: string;
  readonly ReIssueParameterWithoutCSR: QueryReIssueParameterWithoutCSR;
  readonly Extensions?: QueryExtension[];
}

/** `ReIssueWithoutCSRResponse` (wire names). */
export interface QueryReIssueWithoutCSRResponse {
  readonly OrderID?: string;
  readonly TargetOrderID?: string;
}

/** `OrderQueryOption` (wire names). */
export interface QueryOrderQueryOption {
  readonly OrderStatus?: string;
  readonly ReturnOrderOption?: string;
  readonly ReturnCertificateInfo?: string;
  readonly ReturnFulfillment?: string;
  readonly ReturnCACerts?: string;
  readonly ReturnOriginalCSR?: string;
  readonly ReturnPKCS12?: string;
  readonly ReturnSANEntries?: string;
}

/** `OrderInfo` (wire names). */
export interface QueryOrderInfo {
  readonly OrderId: string;
  readonly OriginalOrderIDForRenewal?: string;
  readonly OriginalOrderIDForReIssue?: string;
  readonly ProductCode: string;
  readonly BaseOption?: string;
  readonly OrderKind: string;
  readonly Licenses: string;
  readonly ExpressOption?: string;
  readonly ValidityPeriodCustomizeOption?: string;
  readonly InsuranceOption?: string;
  readonly GSSupportOption?: string;
  readonly RenewalExtentionOption?: string;
  readonly DomainName: string;
  readonly OrderDate: string;
  readonly OrderCompleteDate?: string;
  readonly OrderCanceledDate?: string;
  readonly OrderDeactivatedDate?: string;
  readonly OrderStatus: string;
  readonly Price: string;
  readonly Currency: string;
  readonly ValidityPeriod: QueryValidityPeriod;
  readonly SpecialInstructions?: string;
}

/** `OrderSubInfo` (wire names). */
export interface QueryOrderSubInfo {
  readonly CSRSkipOrderFlag: boolean;
  readonly DNSOrderFlag: boolean;
  readonly TrustedOrderFlag: boolean;
  readonly P12DeleteStatus: boolean;
  readonly P12DeleteDate?: string;
  readonly VerificationUrl?: string;
  readonly SubId: string;
}

/** `OrganizationAddressInfo` (wire names). */
export interface QueryOrganizationAddressInfo {
  readonly AddressLine1: string;
  readonly AddressLine2?: string;
  readonly AddressLine3?: string;
  readonly City: string;
  readonly Region: string;
  readonly PostalCode?: string;
  readonly Country: string;
  readonly Phone: string;
  readonly Fax?: string;
}

/** `OrganizationInfoS` (wire names). */
export interface QueryOrganizationInfoS {
  readonly OrganizationName: string;
  readonly CreditAgency?: string;
  readonly OrganizationCode?: string;
  readonly BusinessAssumedName?: string;
  readonly BusinessCategoryCode?: string;
  readonly OrganizationAddress: QueryOrganizationAddressInfo;
}

/** `RequestorApproverInfo` (wire names). */
export interface QueryRequestorApproverInfo {
  readonly FirstName: string;
  readonly LastName: string;
  readonly Function: string;
  readonly OrganizationName: string;
  readonly OrganizationUnit: string;
  readonly Phone: string;
  readonly Email: string;
}

/** `AuthorizedSignerInfo` (wire names). */
export interface QueryAuthorizedSignerInfo {
  readonly OrganizationName: string;
  readonly FirstName: string;
  readonly LastName: string;
  readonly Function: string;
  readonly Phone: string;
  readonly Email: string;
}

/** `JurisdictionInfo` (wire names). */
export interface QueryJurisdictionInfo {
  readonly JurisdictionCountry: string;
  readonly JurisdictionState?: string;
  readonly JurisdictionLocality?: string;
  readonly IncorporationAgencyRegistrationNumber: string;
}

/** `ContactInfo` (wire names). */
export interface QueryContactInfo {
  readonly FirstName: string;
  readonly LastName: string;
  readonly Phone: string;
  readonly Email: string;
}

/** `SecondContactInfo` (wire names). */
export interface QuerySecondContactInfo {
  readonly FirstName: string;
  readonly LastName: string;
  readonly Email: string;
}

/** `OrderOption` (wire names). */
export interface QueryOrderOption {
  readonly ApproverNotifiedDate?: string;
  readonly ApproverConfirmDate?: string;
  readonly ApproverEmailAddress?: string;
  readonly OrganizationInfo: QueryOrganizationInfoS;
  readonly RequestorInfo?: QueryRequestorApproverInfo;
  readonly ApproverInfo?: QueryRequestorApproverInfo;
  readonly AuthorizedSignerInfo?: QueryAuthorizedSignerInfo;
  readonly JurisdictionInfo?: QueryJurisdictionInfo;
  readonly ContactInfo?: QueryContactInfo;
  readonly SecondContactInfo?: QuerySecondContactInfo;
}

/** `CertificateInfo` (wire names). */
export interface QueryCertificateInfo {
  readonly CertificateStatus: string;
  readonly StartDate: string;
  readonly EndDate: string;
  readonly CommonName: string;
  readonly SerialNumber: string;
  readonly SubjectName: string;
  readonly DNSNames?: string;
}

/** `CACertificate` (wire names). */
export interface QueryCACertificate {
  readonly CACertType: string;
  readonly CACert: string;
}

/** `ServerCertificate` (wire names). */
export interface QueryServerCertificate {
  readonly X509Cert: string;
  readonly PKCS7Cert: string;
}

/** `QbFulfillment` (wire names). */
export interface QueryQbFulfillment {
  readonly CACertificates?: QueryCACertificate[];
  readonly ServerCertificate?: QueryServerCertificate;
  readonly OriginalCSR?: string;
  readonly PKCS12Cert?: string;
}

/** `ModificationEvent` (wire names). */
export interface QueryModificationEvent {
  readonly ModificationEventName: string;
  readonly ModificationEventTimestamp: string;
}

/** `OrderDetail` (wire names). */
export interface QueryOrderDetail {
  readonly OrderInfo: QueryOrderInfo;
  readonly OrderSubInfo: QueryOrderSubInfo;
  readonly OrderOption?: QueryOrderOption;
  readonly CertificateInfo?: QueryCertificateInfo;
  readonly SANEntries?: QuerySANEntry[];
  readonly Fulfillment?: QueryQbFulfillment;
  readonly ModificationEvents?: QueryModificationEvent[];
}

/** `GetOrderByOrderIDRequest` (wire names). */
export interface QueryGetOrderByOrderIDRequest {
  readonly OrderID: string;
  readonly OrderQueryOption?: QueryOrderQueryOption;
}

/** `GetOrderByOrderIDResponse` (wire names). */
export interface QueryGetOrderByOrderIDResponse {
  readonly OrderID?: string;
  readonly OrderDetail?: QueryOrderDetail;
}

/** `ToggleRenewalNoticeRequest` (wire names). */
export interface QueryToggleRenewalNoticeRequest {
  readonly OrderID: string;
  readonly RenewalNotice: string;
}

/** `ToggleRenewalNoticeResponse` (wire names). */
export interface QueryToggleRenewalNoticeResponse {
  readonly OrderID?: string;
}

/** `CSRData` (wire names). */
export interface QueryCSRData {
  readonly CommonName?: string;
  readonly Organization?: string;
  readonly OrganizationUnit?: string;
  readonly Locality?: string;
  readonly State?: string;
  readonly Country?: string;
  readonly EmailAddress?: string;
  readonly KeyLength: number;
}

/** `CertificatePreview` (wire names). */
export interface QueryCertificatePreview {
  readonly CommonName?: string;
  readonly Organization?: string;
  readonly OrganizationUnit?: string;
  readonly Locality?: string;
  readonly State?: string;
  readonly Country?: string;
  readonly KeyLength: number;
}

/** `DecodeCSRRequest` (wire names). */
export interface QueryDecodeCSRRequest {
  readonly CSR: string;
  readonly ProductType: string;
}

/** `DecodeCSRResponse` (wire names). */
export interface QueryDecodeCSRResponse {
  readonly CSRData: QueryCSRData;
  readonly CertificatePreview: QueryCertificatePreview;
}

/** `GetCertificateOrdersRequest` (wire names). */
export interface QueryGetCertificateOrdersRequest {
  readonly FromDate?: string;
  readonly ToDate?: string;
  readonly FQDN?: string;
  readonly ProductCode?: string;
  readonly OrderStatus?: string;
  readonly SubID?: string;
}

/** `GetCertificateOrdersResponse` (wire names). */
export interface QueryGetCertificateOrdersResponse {
  readonly SearchOrderDetails?: QuerySearchOrderDetail[];
}

/** `DeletePkcs12Request` (wire names). */
export interface QueryDeletePkcs12Request {
  readonly OrderId: string;
}

/** `DeletePkcs12Response` (wire names). */
export interface QueryDeletePkcs12Response {
  readonly OrderId?: string;
}

/** `GetModifiedOrdersRequest` (wire names). */
export interface QueryGetModifiedOrdersRequest {
  readonly FromDate: string;
  readonly ToDate: string;
  readonly OrderQueryOption?: QueryOrderQueryOption;
}

/** `GetModifiedOrdersResponse` (wire names). */
export interface QueryGetModifiedOrdersResponse {
  readonly FromDate?: string;
  readonly ToDate?: string;
  readonly OrderDetails?: QueryOrderDetail[];
}

/** `GetOrderByDateRangeRequest` (wire names). */
export interface QueryGetOrderByDateRangeRequest {
  readonly FromDate: string;
  readonly ToDate: string;
  readonly OrderQueryOption?: QueryOrderQueryOption;
}

/** `GetOrderByDateRangeResponse` (wire names). */
export interface QueryGetOrderByDateRangeResponse {
  readonly FromDate?: string;
  readonly ToDate?: string;
  readonly OrderDetails?: QueryOrderDetail[];
}

/** `GetOrderByCommonNameRequest` (2025 addition, wire names). */
export interface QueryGetOrderByCommonNameRequest {
  readonly CommonName?: string;
  readonly CSR?: string;
}
/** `GetOrderByCommonNameResponse` (2025 addition; `DVC` has no documented type). */
export interface QueryGetOrderByCommonNameResponse {
  readonly OrderID?: string;
  readonly DVC?: string;
}
