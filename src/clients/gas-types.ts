/**
 * Request and response types of the Query (GAS) operations, with the wire's element names. Generated with the service
 * table by scripts/gen-service-tables.mjs from ../shared/spec/wsdl/gas-types.txt; do not edit.
 *
 * @module
 */

/** `SearchOrderDetail` (wire names). */
export interface GasSearchOrderDetail {
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
export interface GasGetOrderByExpirationDateRequest {
  readonly ExpirationFromDate?: string;
  readonly ExpirationToDate?: string;
  readonly FQDN?: string;
  readonly OrderKind?: string;
  readonly OrderStatus?: string;
  readonly SubID?: string;
}

/** `GetOrderByExpirationDateResponse` (wire names). */
export interface GasGetOrderByExpirationDateResponse {
  readonly SearchOrderDetails?: GasSearchOrderDetail[];
}

/** `OrderParameter` (wire names). */
export interface GasOrderParameter {
  readonly CSR: string;
  readonly DNSNames?: string;
}

/** `Extension` (wire names). */
export interface GasExtension {
  readonly Name: string;
  readonly Value: string;
}

/** `ReIssueRequest` (wire names). */
export interface GasReIssueRequest {
  readonly OrderParameter: GasOrderParameter;
  readonly TargetOrderID: string;
  readonly HashAlgorithm?: string;
  readonly Extensions?: GasExtension[];
}

/** `ReIssueResponse` (wire names). */
export interface GasReIssueResponse {
  readonly OrderID?: string;
  readonly TargetOrderID?: string;
}

/** `Option` (wire names). */
export interface GasOption {
  readonly OptionName: string;
  readonly OptionValue: string;
}

/** `ValidityPeriod` (wire names). */
export interface GasValidityPeriod {
  readonly Months: string;
  readonly NotBefore?: string;
  readonly NotAfter?: string;
}

/** `ValidateOrderRequestParameter` (wire names). */
export interface GasValidateOrderRequestParameter {
  readonly ProductCode: string;
  readonly BaseOption?: string;
  readonly OrderKind: string;
  readonly Licenses: string;
  readonly Options?: GasOption[];
  readonly ValidityPeriod: GasValidityPeriod;
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
export interface GasDVCSRInfo {
  readonly Country: string;
}

/** `OVCSRInfo` (wire names). */
export interface GasOVCSRInfo {
  readonly OrganizationName: string;
  readonly OrganizationUnit?: string;
  readonly Locality: string;
  readonly StateOrProvince: string;
  readonly Country: string;
}

/** `SANEntry` (wire names). */
export interface GasSANEntry {
  readonly SANOptionType: string;
  readonly SubjectAltName: string;
}

/** `ParsedCSR` (wire names). */
export interface GasParsedCSR {
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
export interface GasValidateOrderParametersRequest {
  readonly OrderRequestParameter: GasValidateOrderRequestParameter;
  readonly FQDN?: string;
  readonly DVCSRInfo?: GasDVCSRInfo;
  readonly OVCSRInfo?: GasOVCSRInfo;
  readonly SANEntries?: GasSANEntry[];
}

/** `ValidateOrderParametersResponse` (wire names). */
export interface GasValidateOrderParametersResponse {
  readonly Price?: string;
  readonly Currency?: string;
  readonly ValidityPeriod?: GasValidityPeriod;
  readonly ParsedCSR?: GasParsedCSR;
}

/** `ReIssueParameterWithoutCSR` (wire names). */
export interface GasReIssueParameterWithoutCSR {
  readonly Pin?: string;
  readonly KeyLength?: string;
  readonly DNSNames?: string;
}

/** `ReIssueWithoutCSRRequest` (wire names). */
export interface GasReIssueWithoutCSRRequest {
  readonly TargetOrderID: string;
  readonly HashAlgorithm?: string;
  readonly ReIssueParameterWithoutCSR: GasReIssueParameterWithoutCSR;
  readonly Extensions?: GasExtension[];
}

/** `ReIssueWithoutCSRResponse` (wire names). */
export interface GasReIssueWithoutCSRResponse {
  readonly OrderID?: string;
  readonly TargetOrderID?: string;
}

/** `OrderQueryOption` (wire names). */
export interface GasOrderQueryOption {
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
export interface GasOrderInfo {
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
  readonly ValidityPeriod: GasValidityPeriod;
  readonly SpecialInstructions?: string;
}

/** `OrderSubInfo` (wire names). */
export interface GasOrderSubInfo {
  readonly CSRSkipOrderFlag: boolean;
  readonly DNSOrderFlag: boolean;
  readonly TrustedOrderFlag: boolean;
  readonly P12DeleteStatus: boolean;
  readonly P12DeleteDate?: string;
  readonly VerificationUrl?: string;
  readonly SubId: string;
}

/** `OrganizationAddressInfo` (wire names). */
export interface GasOrganizationAddressInfo {
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
export interface GasOrganizationInfoS {
  readonly OrganizationName: string;
  readonly CreditAgency?: string;
  readonly OrganizationCode?: string;
  readonly BusinessAssumedName?: string;
  readonly BusinessCategoryCode?: string;
  readonly OrganizationAddress: GasOrganizationAddressInfo;
}

/** `RequestorApproverInfo` (wire names). */
export interface GasRequestorApproverInfo {
  readonly FirstName: string;
  readonly LastName: string;
  readonly Function: string;
  readonly OrganizationName: string;
  readonly OrganizationUnit: string;
  readonly Phone: string;
  readonly Email: string;
}

/** `AuthorizedSignerInfo` (wire names). */
export interface GasAuthorizedSignerInfo {
  readonly OrganizationName: string;
  readonly FirstName: string;
  readonly LastName: string;
  readonly Function: string;
  readonly Phone: string;
  readonly Email: string;
}

/** `JurisdictionInfo` (wire names). */
export interface GasJurisdictionInfo {
  readonly JurisdictionCountry: string;
  readonly JurisdictionState?: string;
  readonly JurisdictionLocality?: string;
  readonly IncorporationAgencyRegistrationNumber: string;
}

/** `ContactInfo` (wire names). */
export interface GasContactInfo {
  readonly FirstName: string;
  readonly LastName: string;
  readonly Phone: string;
  readonly Email: string;
}

/** `SecondContactInfo` (wire names). */
export interface GasSecondContactInfo {
  readonly FirstName: string;
  readonly LastName: string;
  readonly Email: string;
}

/** `OrderOption` (wire names). */
export interface GasOrderOption {
  readonly ApproverNotifiedDate?: string;
  readonly ApproverConfirmDate?: string;
  readonly ApproverEmailAddress?: string;
  readonly OrganizationInfo: GasOrganizationInfoS;
  readonly RequestorInfo?: GasRequestorApproverInfo;
  readonly ApproverInfo?: GasRequestorApproverInfo;
  readonly AuthorizedSignerInfo?: GasAuthorizedSignerInfo;
  readonly JurisdictionInfo?: GasJurisdictionInfo;
  readonly ContactInfo?: GasContactInfo;
  readonly SecondContactInfo?: GasSecondContactInfo;
}

/** `CertificateInfo` (wire names). */
export interface GasCertificateInfo {
  readonly CertificateStatus: string;
  readonly StartDate: string;
  readonly EndDate: string;
  readonly CommonName: string;
  readonly SerialNumber: string;
  readonly SubjectName: string;
  readonly DNSNames?: string;
}

/** `CACertificate` (wire names). */
export interface GasCACertificate {
  readonly CACertType: string;
  readonly CACert: string;
}

/** `ServerCertificate` (wire names). */
export interface GasServerCertificate {
  readonly X509Cert: string;
  readonly PKCS7Cert: string;
}

/** `QbFulfillment` (wire names). */
export interface GasQbFulfillment {
  readonly CACertificates?: GasCACertificate[];
  readonly ServerCertificate?: GasServerCertificate;
  readonly OriginalCSR?: string;
  readonly PKCS12Cert?: string;
}

/** `ModificationEvent` (wire names). */
export interface GasModificationEvent {
  readonly ModificationEventName: string;
  readonly ModificationEventTimestamp: string;
}

/** `OrderDetail` (wire names). */
export interface GasOrderDetail {
  readonly OrderInfo: GasOrderInfo;
  readonly OrderSubInfo: GasOrderSubInfo;
  readonly OrderOption?: GasOrderOption;
  readonly CertificateInfo?: GasCertificateInfo;
  readonly SANEntries?: GasSANEntry[];
  readonly Fulfillment?: GasQbFulfillment;
  readonly ModificationEvents?: GasModificationEvent[];
}

/** `GetOrderByOrderIDRequest` (wire names). */
export interface GasGetOrderByOrderIDRequest {
  readonly OrderID: string;
  readonly OrderQueryOption?: GasOrderQueryOption;
}

/** `GetOrderByOrderIDResponse` (wire names). */
export interface GasGetOrderByOrderIDResponse {
  readonly OrderID?: string;
  readonly OrderDetail?: GasOrderDetail;
}

/** `ToggleRenewalNoticeRequest` (wire names). */
export interface GasToggleRenewalNoticeRequest {
  readonly OrderID: string;
  readonly RenewalNotice: string;
}

/** `ToggleRenewalNoticeResponse` (wire names). */
export interface GasToggleRenewalNoticeResponse {
  readonly OrderID?: string;
}

/** `CSRData` (wire names). */
export interface GasCSRData {
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
export interface GasCertificatePreview {
  readonly CommonName?: string;
  readonly Organization?: string;
  readonly OrganizationUnit?: string;
  readonly Locality?: string;
  readonly State?: string;
  readonly Country?: string;
  readonly KeyLength: number;
}

/** `DecodeCSRRequest` (wire names). */
export interface GasDecodeCSRRequest {
  readonly CSR: string;
  readonly ProductType: string;
}

/** `DecodeCSRResponse` (wire names). */
export interface GasDecodeCSRResponse {
  readonly CSRData: GasCSRData;
  readonly CertificatePreview: GasCertificatePreview;
}

/** `GetCertificateOrdersRequest` (wire names). */
export interface GasGetCertificateOrdersRequest {
  readonly FromDate?: string;
  readonly ToDate?: string;
  readonly FQDN?: string;
  readonly ProductCode?: string;
  readonly OrderStatus?: string;
  readonly SubID?: string;
}

/** `GetCertificateOrdersResponse` (wire names). */
export interface GasGetCertificateOrdersResponse {
  readonly SearchOrderDetails?: GasSearchOrderDetail[];
}

/** `DeletePkcs12Request` (wire names). */
export interface GasDeletePkcs12Request {
  readonly OrderId: string;
}

/** `DeletePkcs12Response` (wire names). */
export interface GasDeletePkcs12Response {
  readonly OrderId?: string;
}

/** `GetModifiedOrdersRequest` (wire names). */
export interface GasGetModifiedOrdersRequest {
  readonly FromDate: string;
  readonly ToDate: string;
  readonly OrderQueryOption?: GasOrderQueryOption;
}

/** `GetModifiedOrdersResponse` (wire names). */
export interface GasGetModifiedOrdersResponse {
  readonly FromDate?: string;
  readonly ToDate?: string;
  readonly OrderDetails?: GasOrderDetail[];
}

/** `GetOrderByDateRangeRequest` (wire names). */
export interface GasGetOrderByDateRangeRequest {
  readonly FromDate: string;
  readonly ToDate: string;
  readonly OrderQueryOption?: GasOrderQueryOption;
}

/** `GetOrderByDateRangeResponse` (wire names). */
export interface GasGetOrderByDateRangeResponse {
  readonly FromDate?: string;
  readonly ToDate?: string;
  readonly OrderDetails?: GasOrderDetail[];
}

/** `GetOrderByCommonNameRequest` (2025 addition, wire names). */
export interface GasGetOrderByCommonNameRequest {
  readonly CommonName?: string;
  readonly CSR?: string;
}
/** `GetOrderByCommonNameResponse` (2025 addition; `DVC` has no documented type). */
export interface GasGetOrderByCommonNameResponse {
  readonly OrderID?: string;
  readonly DVC?: string;
}
