/**
 * Request and response types of the MSSL operations, with the wire's element names. Generated with the service
 * table by scripts/gen-service-tables.mjs from ../shared/spec/wsdl/mssl-types.txt; do not edit.
 *
 * @module
 */

/** `VerifyMsslDomainRequest` (wire names). */
export interface MsslVerifyMsslDomainRequest {
  readonly DomainID: string;
  readonly TagLocation: string;
  readonly VettingType: string;
}

/** `VerifyMsslDomainResponse` (wire names). */
export interface MsslVerifyMsslDomainResponse {
  readonly DomainID?: string;
}

/** `ContactInfoDomain` (wire names). */
export interface MsslContactInfoDomain {
  readonly FirstName: string;
  readonly FirstNameNative: string;
  readonly LastName: string;
  readonly LastNameNative: string;
  readonly Phone: string;
  readonly Email: string;
}

/** `RenewalDomainRequest` (wire names). */
export interface MsslRenewalDomainRequest {
  readonly MSSLProfileID: string;
  readonly VettingLevel: string;
  readonly VettingType: string;
  readonly ApproverEmail?: string;
  readonly DomainID: string;
  readonly ContactInfo: MsslContactInfoDomain;
}

/** `RenewalDomainResponse` (wire names). */
export interface MsslRenewalDomainResponse {
  readonly MSSLDomainID?: string;
  readonly MetaTag?: string;
  readonly DnsTXT?: string;
}

/** `MsslEvProfile` (wire names). */
export interface MsslMsslEvProfile {
  readonly OrganizationName: string;
  readonly OrganizationUnit?: string;
  readonly BusinessCategory: string;
}

/** `JurisdictionInfo` (wire names). */
export interface MsslJurisdictionInfo {
  readonly JurisdictionCountry: string;
  readonly JurisdictionState?: string;
  readonly JurisdictionLocality?: string;
  readonly IncorporationAgencyRegistrationNumber: string;
}

/** `BusinessPlaceInfo` (wire names). */
export interface MsslBusinessPlaceInfo {
  readonly StreetAddress1: string;
  readonly StreetAddress2?: string;
  readonly City: string;
  readonly StateOrProvince: string;
  readonly PostalCode: string;
  readonly CountryCode: string;
  readonly Telephone: string;
  readonly Fax?: string;
}

/** `BusinessEVInfo` (wire names). */
export interface MsslBusinessEVInfo {
  readonly BusinessAssumedName?: string;
  readonly CreditAgency?: string;
  readonly OrganizationCode?: string;
}

/** `CertificateApprover` (wire names). */
export interface MsslCertificateApprover {
  readonly OrganizationName: string;
  readonly JobTitle?: string;
}

/** `ContractSigner` (wire names). */
export interface MsslContractSigner {
  readonly OrganizationName: string;
  readonly Department: string;
  readonly FirstName: string;
  readonly LastName: string;
  readonly JobTitle: string;
  readonly Telephone: string;
  readonly EmailAddress: string;
}

/** `MsslEvProfileInfo` (wire names). */
export interface MsslMsslEvProfileInfo {
  readonly MSSLEVProfile: MsslMsslEvProfile;
  readonly JurisdictionInfo: MsslJurisdictionInfo;
  readonly BusinessPlaceInfo: MsslBusinessPlaceInfo;
  readonly BusinessEVInfo: MsslBusinessEVInfo;
  readonly CertificateApprover: MsslCertificateApprover;
  readonly ContractSigner: MsslContractSigner;
}

/** `UpdateMSSLProfileRequest` (wire names). */
export interface MsslUpdateMSSLProfileRequest {
  readonly MSSLProfileID: string;
  readonly MSSLEVProfileInfo?: MsslMsslEvProfileInfo;
}

/** `UpdateMSSLProfileResponse` (wire names). */
export interface MsslUpdateMSSLProfileResponse {
  readonly MSSLProfileID?: string;
}

/** `Option` (wire names). */
export interface MsslOption {
  readonly OptionName: string;
  readonly OptionValue: string;
}

/** `ValidityPeriod` (wire names). */
export interface MsslValidityPeriod {
  readonly Months: string;
  readonly NotBefore?: string;
  readonly NotAfter?: string;
}

/** `OrderRequestParameterWithoutCSR` (wire names). */
export interface MsslOrderRequestParameterWithoutCSR {
  readonly ProductCode: string;
  readonly BaseOption?: string;
  readonly OrderKind: string;
  readonly Licenses: string;
  readonly Options?: MsslOption[];
  readonly ValidityPeriod: MsslValidityPeriod;
  readonly CSR?: string;
  readonly RenewalTargetOrderID?: string;
  readonly TargetCERT?: string;
  readonly SpecialInstructions?: string;
  readonly Coupon?: string;
  readonly Campaign?: string;
  readonly Pin: string;
  readonly KeyLength: string;
}

/** `PvSealInfo` (wire names). */
export interface MsslPvSealInfo {
  readonly AddressLine1?: string;
  readonly AddressLine2?: string;
  readonly AddressLine3?: string;
  readonly PostalCode?: string;
  readonly Phone?: string;
  readonly Fax?: string;
}

/** `BmOVCSRInfo` (wire names). */
export interface MsslBmOVCSRInfo {
  readonly CommonName: string;
  readonly OrganizationUnit?: string;
}

/** `ContactInfo` (wire names). */
export interface MsslContactInfo {
  readonly FirstName: string;
  readonly LastName: string;
  readonly Phone: string;
  readonly Email: string;
}

/** `SANEntry` (wire names). */
export interface MsslSANEntry {
  readonly SANOptionType: string;
  readonly SubjectAltName: string;
}

/** `Extension` (wire names). */
export interface MsslExtension {
  readonly Name: string;
  readonly Value: string;
}

/** `CertificateInfo` (wire names). */
export interface MsslCertificateInfo {
  readonly CertificateStatus: string;
  readonly StartDate: string;
  readonly EndDate: string;
  readonly CommonName: string;
  readonly SerialNumber: string;
  readonly SubjectName: string;
  readonly DNSNames?: string;
}

/** `CACertificate` (wire names). */
export interface MsslCACertificate {
  readonly CACertType: string;
  readonly CACert: string;
}

/** `ServerCertificate` (wire names). */
export interface MsslServerCertificate {
  readonly X509Cert: string;
  readonly PKCS7Cert: string;
}

/** `Fulfillment` (wire names). */
export interface MsslFulfillment {
  readonly CACertificates?: MsslCACertificate[];
  readonly ServerCertificate?: MsslServerCertificate;
}

/** `BmOrderDetail` (wire names). */
export interface MsslBmOrderDetail {
  readonly CertificateInfo?: MsslCertificateInfo;
  readonly Fulfillment?: MsslFulfillment;
}

/** `PVOrderWithoutCSRRequest` (wire names). */
export interface MsslPVOrderWithoutCSRRequest {
  readonly OrderRequestParameterWithoutCSR: MsslOrderRequestParameterWithoutCSR;
  readonly SubID?: string;
  readonly MSSLProfileID: string;
  readonly MSSLDomainID: string;
  readonly PVSealInfo?: MsslPvSealInfo;
  readonly OVCSRInfo: MsslBmOVCSRInfo;
  readonly ContactInfo: MsslContactInfo;
  readonly SANEntries?: MsslSANEntry[];
  readonly Extensions?: MsslExtension[];
}

/** `PVOrderWithoutCSRResponse` (wire names). */
export interface MsslPVOrderWithoutCSRResponse {
  readonly OrderId?: string;
  readonly PVOrderDetail?: MsslBmOrderDetail;
}

/** `ModifyMSSLOrderRequest` (wire names). */
export interface MsslModifyMSSLOrderRequest {
  readonly OrderID: string;
  readonly ModifyOrderOperation: string;
}

/** `ModifyMSSLOrderResponse` (no children besides the header). */
export type MsslModifyMSSLOrderResponse = Record<string, never>;

/** `MsslOvProfile` (wire names). */
export interface MsslMsslOvProfile {
  readonly Country: string;
  readonly StateOrProvince: string;
  readonly Locality: string;
  readonly OrganizationName: string;
  readonly OrganizationUnit?: string;
}

/** `OVSealInfo` (wire names). */
export interface MsslOVSealInfo {
  readonly StreetAddress1?: string;
  readonly StreetAddress2?: string;
  readonly PostalCode?: string;
  readonly OtherAddressInfo?: string;
  readonly Telephone?: string;
  readonly Fax?: string;
}

/** `BusinessOVInfo` (wire names). */
export interface MsslBusinessOVInfo {
  readonly CreditAgency?: string;
  readonly OrganizationCode?: string;
}

/** `MsslOvProfileInfo` (wire names). */
export interface MsslMsslOvProfileInfo {
  readonly MSSLOVProfile: MsslMsslOvProfile;
  readonly OVSealInfo: MsslOVSealInfo;
  readonly BusinessOVInfo: MsslBusinessOVInfo;
}

/** `SearchMsslProfileDetail` (wire names). */
export interface MsslSearchMsslProfileDetail {
  readonly MSSLProfileId: string;
  readonly VettingLevel: string;
  readonly MSSLPlofileStatus?: string;
  readonly DocSubmissionDate?: string;
  readonly PVRecieveDate?: string;
  readonly HoldEndDate?: string;
  readonly RequestDate: string;
  readonly MSSLOVProfileInfo?: MsslMsslOvProfileInfo;
  readonly MSSLEVProfileInfo?: MsslMsslEvProfileInfo;
}

/** `GetMSSLProfilesRequest` (wire names). */
export interface MsslGetMSSLProfilesRequest {
  readonly MSSLProfileID?: string;
  readonly VettingLevel?: string;
  readonly MSSLProfileStatus?: string;
}

/** `GetMSSLProfilesResponse` (wire names). */
export interface MsslGetMSSLProfilesResponse {
  readonly SearchMSSLProfileDetails?: MsslSearchMsslProfileDetail[];
}

/** `Approver` (wire names). */
export interface MsslApprover {
  readonly ApproverType: string;
  readonly ApproverEmail: string;
}

/** `GetDomainApproverListRequest` (wire names). */
export interface MsslGetDomainApproverListRequest {
  readonly FQDN: string;
  readonly ProfileID?: string;
}

/** `GetDomainApproverListResponse` (wire names). */
export interface MsslGetDomainApproverListResponse {
  readonly Approvers?: MsslApprover[];
  readonly MSSLDomainID?: string;
}

/** `AddMSSLDomainRequest` (wire names). */
export interface MsslAddMSSLDomainRequest {
  readonly MSSLProfileID: string;
  readonly DomainName: string;
  readonly VettingLevel: string;
}

/** `AddMSSLDomainResponse` (wire names). */
export interface MsslAddMSSLDomainResponse {
  readonly MSSLDomainID?: string;
}

/** `LastUpdateDateRange` (wire names). */
export interface MsslLastUpdateDateRange {
  readonly StartDate?: string;
  readonly EndDate?: string;
}

/** `ExpirationDateRange` (wire names). */
export interface MsslExpirationDateRange {
  readonly StartDate?: string;
  readonly EndDate?: string;
}

/** `GetDomainsDomainDetail` (wire names). */
export interface MsslGetDomainsDomainDetail {
  readonly MSSLProfileID: string;
  readonly DomainID: string;
  readonly OrderDate: string;
  readonly DomainName: string;
  readonly DomainStatus: string;
  readonly VettingLevel: string;
  readonly VettingType: string;
  readonly DomainValidationCode?: string;
  readonly ValidationDate?: string;
  readonly ExpirationDate?: string;
  readonly ContactInfo?: MsslContactInfoDomain;
}

/** `GetDomainsRequest` (wire names). */
export interface MsslGetDomainsRequest {
  readonly ProfileID?: string;
  readonly DomainName?: string;
  readonly DomainStatus?: string;
  readonly VettingLevel?: string;
  readonly LastUpdateDateRange?: MsslLastUpdateDateRange;
  readonly ExpirationDateRange?: MsslExpirationDateRange;
}

/** `GetDomainsResponse` (wire names). */
export interface MsslGetDomainsResponse {
  readonly DomainDetails?: MsslGetDomainsDomainDetail[];
}

/** `AddMSSLProfileRequest` (wire names). */
export interface MsslAddMSSLProfileRequest {
  readonly VettingLevel: string;
  readonly MSSLOVProfileInfo?: MsslMsslOvProfileInfo;
  readonly MSSLEVProfileInfo?: MsslMsslEvProfileInfo;
}

/** `AddMSSLProfileResponse` (wire names). */
export interface MsslAddMSSLProfileResponse {
  readonly MsslProfileID?: string;
}

/** `ModifyMSSLDomainRequest` (wire names). */
export interface MsslModifyMSSLDomainRequest {
  readonly MSSLDomainID: string;
  readonly ModifyDomainOperation: string;
}

/** `ModifyMSSLDomainResponse` (no children besides the header). */
export type MsslModifyMSSLDomainResponse = Record<string, never>;

/** `AddDomainToProfileRequest` (wire names). */
export interface MsslAddDomainToProfileRequest {
  readonly MSSLProfileID: string;
  readonly DomainName: string;
  readonly VettingLevel: string;
  readonly VettingType: string;
  readonly DomainID?: string;
  readonly ApproverEmail?: string;
  readonly ContactInfo: MsslContactInfoDomain;
}

/** `AddDomainToProfileResponse` (wire names). */
export interface MsslAddDomainToProfileResponse {
  readonly MSSLDomainID?: string;
  readonly MetaTag?: string;
  readonly DnsTXT?: string;
}

/** `SearchMsslDomainDetail` (wire names). */
export interface MsslSearchMsslDomainDetail {
  readonly MSSLDomainID: string;
  readonly MSSLProfileID: string;
  readonly MSSLDomainName: string;
  readonly MSSLDomainStatus?: string;
  readonly NotBefore?: string;
  readonly NotAfter?: string;
  readonly Delete_Date?: string;
}

/** `GetMSSLDomainsRequest` (wire names). */
export interface MsslGetMSSLDomainsRequest {
  readonly MSSLProfileID?: string;
  readonly MSSLDomainID?: string;
  readonly MSSLDomainName?: string;
  readonly MSSLDomainStatus?: string;
}

/** `GetMSSLDomainsResponse` (wire names). */
export interface MsslGetMSSLDomainsResponse {
  readonly SearchMsslDomainDetails?: MsslSearchMsslDomainDetail[];
}

/** `ChangeSubjectAltNameRequest` (wire names). */
export interface MsslChangeSubjectAltNameRequest {
  readonly OrderID?: string;
  readonly TargetOrderID?: string;
  readonly ApproverEmail?: string;
  readonly SANEntries?: MsslSANEntry[];
  readonly PIN?: string;
}

/** `ChangeSubjectAltNameResponse` (wire names). */
export interface MsslChangeSubjectAltNameResponse {
  readonly OrderID?: string;
  readonly TargetOrderID?: string;
}

/** `OrderRequestParameter` (wire names). */
export interface MsslOrderRequestParameter {
  readonly ProductCode: string;
  readonly BaseOption?: string;
  readonly OrderKind: string;
  readonly Licenses: string;
  readonly Options?: MsslOption[];
  readonly ValidityPeriod: MsslValidityPeriod;
  readonly CSR: string;
  readonly RenewalTargetOrderID?: string;
  readonly TargetCERT?: string;
  readonly SpecialInstructions?: string;
  readonly Coupon?: string;
  readonly Campaign?: string;
}

/** `CertificateTemplate` (wire names). */
export interface MsslCertificateTemplate {
  readonly Template?: string;
  readonly MajorVersion?: string;
  readonly MinorVersion?: string;
}

/** `PVOrderRequest` (wire names). */
export interface MsslPVOrderRequest {
  readonly OrderRequestParameter: MsslOrderRequestParameter;
  readonly MSSLProfileID: string;
  readonly MSSLDomainID: string;
  readonly SubID?: string;
  readonly PVSealInfo?: MsslPvSealInfo;
  readonly ContactInfo: MsslContactInfo;
  readonly SANEntries?: MsslSANEntry[];
  readonly Extensions?: MsslExtension[];
  readonly CertificateTemplate?: MsslCertificateTemplate;
}

/** `PVOrderResponse` (wire names). */
export interface MsslPVOrderResponse {
  readonly OrderID?: string;
  readonly PVOrderDetail?: MsslBmOrderDetail;
}
