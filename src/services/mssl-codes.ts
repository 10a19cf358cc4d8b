/**
 * MSSL and Query error codes (MSSL guide v2.9, section 10.5) with the guide's explanation of each. Codes are
 * service-specific: -9952 is "TLD not allowed" here but "result over limit" in EPKI; -9940 has two meanings in this
 * guide (both kept, separated by ` | `).
 *
 * @module
 */

/**
 * MSSL/Query `ErrorCode` → the guide's explanation.
 *
 * @example
 * ```ts
 * MSSL_ERROR_CODES['-4083']; // explanation of -4083
 * ```
 */
export const MSSL_ERROR_CODES: Readonly<Record<string, string>> = {
  '-101':
    'Invalid parameter entered. Please check that the parameters match the API specification. Please review the specific ErrorMessage returned in the XML response for parameter details and consult the XML Field definitions section of the applicable API document.',
  '-102':
    'Mandatory parameter missing. Please check that the parameters match the API specification. Please review the specific ErrorMessage returned in the XML response for parameter details and consult the XML Field definitions section of the applicable API document.',
  '-103':
    'Parameter length check error. Please check that the parameters match the API specification. Please review the specific ErrorMessage returned in the XML response for parameter details and consult the XML Field definitions section of the applicable API document.',
  '-104':
    'Parameter format check error. Please check that the parameters match the API specification. Please review the specific ErrorMessage returned in the XML response for parameter details and consult the XML Field definitions section of the applicable API document.',
  '-105': 'Invalid parameter combination. Please check that the parameters match the API specification.',
  '-300':
    'Database Error. Please retry and if the issue persists contact support with detailed information concerning the issue. | Internal system error - Failed database operation. System Error. (Database error - database operation). Please retry and if the issue persists contact support with detailed information concerning the issue.',
  '-4001':
    'Login failure invalid user ID. Login failure. UserName or Password is incorrect. Please make sure that you have specified the correct UserName and Password.',
  '-4008':
    'The certificate is either expired, does not meet the requirements of transfer, or is inaccessible on the CN by the GlobalSign system. Please ensure that the certificate is correct and try again. Unable to process this request. It could be that the Common Name in the TargetCERT specified does not match the Common Name specified for this request or the TargetCERT is inaccessible on the Common Name by the GlobalSign system. Please review the contents and accessibility of the Common Name in the TargetCERT before proceeding with this request.',
  '-6101':
    'The account used does not have enough balance to order a certificate. Your account does not have enough remaining balance to process this request. Please make sure you have enough remaining balance in your account before proceeding with this request.',
  '-6102':
    'The renewal of the certificate failed. There may be lacking or incorrect information that is required for the renewal of the certificate. The renewal of the certificate failed. Please note that when renewing a certificate, the Common Name of the original certificate and this request must be the same. Please also check that the status of the original order is ISSUED and that the order has not been previously renewed.',
  '-9401':
    'No profile was found using the supplied MSSLProfileID. Please make sure that the supplied MSSLProfileID is correct. Unable to process this request because you do not have permission to access the MSSLProfileID or we were unable to find the MSSLProfileID specified. Please make sure that the supplied MSSLProfileID is correct.',
  '-9403':
    'The account used does not have MSSL rights. Please make sure you are using an account with MSSL rights. MSSL is not activated for this user. Please make sure that your UserName is correctly entered.',
  '-9440':
    'No domain was found using the supplied MSSLDomainID. Please make sure that the supplied MSSLDomainID is correct. We were unable to find the MSSLDomainID specified. Please make sure that the supplied MSSLDomainID is correct.',
  '-9443':
    'The account used does not have access to the domain associated with the supplied MSSLDomainID. You do not have permission to use the specified MSSLDomainID. Please make sure that the MSSLDomainID is correctly specified.',
  '-9450':
    'Cannot request a certificate order. Please try again. Unable to process this request. Please note that when requesting for EV orders, an MSSLProfileID with an EV Vetting level must be used. Also make sure that the ProductCode of your request is supported in MSSL.',
  '-9913':
    'No valid coupons were found. Please recheck the supplied coupon. We were unable to find the Coupon specified. Please make sure that it is correctly entered.',
  '-9914':
    'No valid campaigns were found, Please recheck the supplied campaign. We were unable to find the Campaign specified. Please make sure that it is correctly entered.',
  '-9915':
    'Certificate was already cancelled. The OrderID you are trying to modify has been cancelled previously. Please make sure that the OrderID is correctly entered.',
  '-9916':
    'Cannot find the certificate that is associated with the order id you have supplied. We were not able to find the OrderID specified. Please make sure that the OrderID is correctly entered.',
  '-9918':
    'The coupon or campaign you supplied is invalid. The coupon or campaign you specified is already expired. Please make sure that the coupon or campaign is correctly entered.',
  '-9919':
    'The coupon or campaign you supplied is already used. The coupon you specified has been used previously. Please make sure that the coupon is correctly entered.',
  '-9920':
    'The coupon or campaign you supplied is not allowed to be used. The coupon or campaign you specified is not yet activated. Please make sure that the coupon or campaign is correctly entered.',
  '-9922':
    "The coupon or campaign's currency is not the same with the currency of your user. The currency of the specified Coupon or Campaign is not the same with the currency of your user. Please make sure that the coupon or campaign is correctly entered.",
  '-9933':
    'The expiration date you have entered is not compatible with the product you have selected. The calculated months of the NotBefore and NotAfter specified is beyond the specified Months. Please make sure that the NotBefore and NotAfter has been entered correctly.',
  '-9936':
    'GlobalSign operates a security and vulnerability scan of the public key component of the CSR you have just submitted. The key you used in your CSR is either too short (RSA minimum 2048, ECC minimum 256), or the key failed the Debian weak key check as well as key length. Please generate a new keypair and try again',
  '-9938':
    'The status of the certificate has already been changed. The certificate you are trying to modify has already been modified. Please make sure that the OrderID is correctly entered.',
  '-9942':
    'A problem was encountered when trying to request the certificate in the RA System. An internal server problem has been encountered. Please try again and if the issue persists contact GlobalSign support',
  '-9943':
    'A problem was encountered when trying to issue the certificate in the RA System. We were unable to issue this certificate request. It could be that your certificate has been modified previously. Please make sure that Data is correctly entered.',
  '-4201':
    'Your IP Address {0} is not within the range of IP addresses that is allowed for API use. Please contact GlobalSign support to have this address added for API access',
  '-6002':
    'There was an error when trying to parse the TargetCERT specified. Please make sure that the TargetCERT specified is correct.',
  '-6007':
    'The Public Key of the CSR has been used previously. For security reasons we allow the keys to be used if they have the same CN. Please recheck the CSR specified and try again.',
  '-6017':
    'The number of SANEntry has exceeded the maximum allowed number of SANEntry. Please do not exceed the maximum allowed number of SANEntry.',
  '-6021':
    'Common Name in CSR and FQDN for check do not match. Please make sure that the CSR has been entered correctly.',
  '-9200': 'The type of your user is not allowed to use this API. Please check your permission and retry.',
  '-9404':
    'You do not have permission to add a domain to this MSSLProfileID. Please make sure that the MSSLProfileID is correctly entered.',
  '-9405':
    'Unable to process this request. You need to upgrade your account to MSSL Pro before you can add another profile. Please contact Globalsign Support to request for an upgrade to MSSL Pro.',
  '-9406':
    'The DomainName already exists for the MSSLProfileID. Please make sure that the DomainName you are adding is unique or make sure that the MSSLProfileID specified is correctly entered.',
  '-9407':
    'A Profile with that OrganizationName, StateOrProvince, Locality and Country already exists. Please make sure that the details mentioned above are correctly entered.',
  '-9430':
    'You do not have permission to edit the specified MSSLProfileID. Please make sure the MSSLProfileID is correctly entered.',
  '-9442':
    'You do not have permission to delete the specified MSSLDomainID. Please make sure that the MSSLDomainID is correctly entered.',
  '-9444':
    'The specified DomainName or SubjectAltName is not supported. Note that wildcard gTLDs are not supported. Please make sure that the DomainName or SubjectAltName specified is correctly entered.',
  '-9445':
    'Unable to process this request because the vetting level of the MSSLProfileID and the specified VettingLevel does not match. Note that when adding an EV Domain, the vetting level of the specified MSSLProfile should also be EV. Please make sure that the MSSLProfileID or the VettingLevel is correctly entered.',
  '-4083':
    'The CommonName specified is not the same or is not a subdomain of the specified MSSLDomainID. Please make sure that the CommonName or the MSSLDomainID is correctly entered.',
  '-9901':
    'The Product Group of this user does not allow ordering of the specified ProductCode. Please contact Globalsign Support if you wish to order using this ProductCode.',
  '-9902':
    'Unable to process this request. You do not have permission to access the OrderID. Please make sure that the OrderID is correctly entered.',
  '-9934':
    "The Top Level Domain used belongs to Globalsign's Banned List. Therefore, a certificate cannot be issued. Please make sure that Common Name is correctly entered.",
  '-9939':
    'The state of this account is either invalid, stopped or locked. Please make sure that the account is correctly configured. Contact customer support for assistance.',
  '-9940':
    'The specified NotBefore or NotAfter should not be before the current date. Please recheck these parameters before continuing with this request. | The public key used in the CSR specified has been previously revoked. Please confirm you CSR and try again.',
  '-9949':
    'The NotAfter specified is after the calculated BaseLine Validity Limit. Please take note that validity should not exceed 27 months.',
  '-9952':
    'The Top Level Domain you specified belongs to the list of TLDs that is not allowed for ordering. Please make sure that Common Name is correctly entered.',
  '-9953':
    'Cannot complete this request because the region or country of your Domain is not allowed for this partner. Please make sure that Common Name is correctly entered.',
  '-9961': 'The ECC CSR you specified is not allowed. Please enter an ECC CSR using either P-256 or P-384 curves.',
  '-9962': 'Key Compression is not allowed. Please make sure that CSR is correctly entered.',
  '-9964':
    'Unable to process this request. It could be that the HashAlgorithm of this order is ECC but the key Algorithm of the CSR is RSA. Please make sure that the CSR or the ProductCode are correctly entered.',
  '-9971':
    'Due to industry requirements, you can no longer issue certificates with internal server names in Common Name. Please specify a non-internal Common Name.',
  '-9987': "The certificate you are applying for exceeds GlobalSign's maximum certificate validity of 825 days.",
  '-9988':
    "The certificate you are applying for exceeds GlobalSign's maximum certificate validity of 27 months for EV, or 60 months for IntranetSSL.",
  '-201':
    'Internal system error - Failed database operation. System Error. (Database error - database operation). Please retry and if the issue persists contact support with detailed information concerning the issue.',
  '-301':
    'Internal system error - Failed database operation. System Error. (Database error - inconsistent data). Please retry and if the issue persists contact support with detailed information concerning the issue.',
  '-2001':
    'Internal system error - Email sending warning. Unable to send email with the details of your order to your email address. Please contact support with detailed information concerning this issue.',
};
