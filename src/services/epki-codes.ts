/**
 * EPKI error codes (guide v3.0.41, section 18.2) with the guide's explanation of each: its summary followed by its
 * system error message. Codes are service-specific (-9952 means "result over limit" here, "TLD not allowed" in MSSL).
 *
 * @module
 */

/**
 * EPKI `ErrorCode` → the guide's explanation.
 *
 * @example
 * ```ts
 * EPKI_ERROR_CODES['-9952']; // 'Expected result over limit. The number of results to your search exceeded …'
 * ```
 */
export const EPKI_ERROR_CODES: Readonly<Record<string, string>> = {
  '-1': 'Failure (unknown reasons). Please Report this error to your GlobalSign Representative.',
  '-101':
    'Invalid parameter entered. Please check that the parameters match the API specification. Please review the specific ErrorMessage returned in the XML response for parameter details and consult the XML Field definitions section of the applicable API document.',
  '-102':
    'Mandatory parameter missing. Please check that the parameters match the API specification. Please review the specific ErrorMessage returned in the XML response for parameter details and consult the XML Field definitions section of the applicable API document.',
  '-103':
    'Parameter length check error. Please check that the parameters match the API specification. Please review the specific ErrorMessage returned in the XML response for parameter details and consult the XML Field definitions section of the applicable API document.',
  '-104':
    'Parameter format check error. Please check that the parameters match the API specification. Please review the specific ErrorMessage returned in the XML response for parameter details and consult the XML Field definitions section of the applicable API document.',
  '-105': 'Invalid parameter combination. Please check that the parameters match the API specification.',
  '-201':
    'Failed database operation. System Error. (Database error - database operation). Please retry and if the issue persists contact support with detailed information concerning the issue.',
  '-4001':
    'Login failure / invalid user ID. Login failure. UserName or Password is incorrect. Please make sure that you have specified the correct UserName and Password.',
  '-4007':
    'Invalid CSR. An error occurred when processing this request because of the CSR specified. Possible error reasons are; the algorithm of the CSR is not RSA, the Key Length of the CSR is less than 2048, the RSA key in the CSR is weak or the Private Key of the CSR has been used previously. Please make sure that the CSR is correctly entered.',
  '-6015':
    'The CSR contains a key size that is not supported. Please generate keys for the CSR with a modulus of 2048, 3072, 4096, or 8192 bits. If you see this error, the key size is not supported. Please change the key size and try again.',
  '-6016': 'Please use CSR that have public exponent inside the range 2^16 + 1 and 2^256 - 1',
  '-6037': 'The primes in your RSA key are too close which is a security vulnerability. Please create a new CSR',
  '-9301':
    'Not found ProfileID. An error occurred when processing this request because of the ProfileID or ProfileOrderNo specified. You are not owner of the specified ProfileID/ProfileOrderNo or it is not existing. Please make sure that it is correctly entered.',
  '-9302':
    'Not found License. An error occurred when processing this request. It could be that your account does not have a usable License that matches with your specified ProductCode and Year. Please make sure that the ProductCode or Year is correctly entered.',
  '-9303':
    'The licenses are not usable. Licenses are not issued, or are lacking quantity. There are no usable licenses for the ProfileOrderNo provided. Please make sure that the ProfileOrderNo is correctly entered.',
  '-9304':
    'Certificate was not able to be issued. A failure occurred when issuing the certificate for this request. Please try again and if the failure persists, please contact GlobalSign Support.',
  '-9305':
    'This Product is out of service for PKCS12. The ProductCode specified is not allowed for PKCS12. Please make sure that your ProductCode is correctly entered.',
  '-9306':
    'The profile are not usable. The specified ProfileID is not usable for ordering or the ProfileID is already expired. Please make sure that the ProfileID is correctly entered.',
  '-9307':
    'Invalid Parameter. Unable to process this request because both PKCS12 and CSR option are specified at the same time. Please specify either PKCS12 or CSR Option only.',
  '-9309':
    'Inconsistency Request with Original Certificate Order. The request has inconsistent with original order. Please make sure whether the original order issued as PKCS12 or not.',
  '-9318':
    'When FORTIFY is selected in Reissue/ ReissueCertificate EPKI (PS). The request has inconsistent with original order. Please make sure whether the original order issued as FORTIFY or not.',
  '-9319':
    'This request cannot use reissue registration. This reissue registration cannot be proceeded due to Product Code for original order. Please choose online reissue option.',
  '-9931':
    'This request cannot use reissue registration. This reissue registration is not possible because it does not meet the current requirements.',
  '-9399':
    'Access Denied. Access to the requested enterprise service is not allowed. Please check your permissions and try again.',
  '-9600': 'Wrong syntax error. Invalid name/value in Extensions',
  '-9601': 'Duplicate syntax error. Duplicated name and value in Extensions',
  '-9602':
    'Unsupported error (Default (e.g. DCT is off) but set extensions). You do not have permission to use specified Extension.',
  '-9605':
    'RFC5280 EmailProtection KU/EKU combination Violation. EmailProtection KeyUsage and related Extended Key Usage combination is wrong.',
  '-9609':
    'RFC5280 ClientAuth KU/EKU combination Violation. ClientAuth KeyUsage and related Extended Key Usage combination is wrong.',
  '-9611': 'Error extension need one EKU. At least one EKU is required.',
  '-9612': 'Error extension need one KU. At least one KU is required.',
  '-9900':
    'IP Address Out of Range. Unable to process this request. It is possible that the IP Address you are using is not within the range of IP Addresses allowed to use this API or allowed to use the profile specified. Please recheck your profile.',
  '-9901':
    'Product Not found. The Product Group of this user does not allow ordering of the specified ProductCode. Please contact Globalsign Support if you wish to order using this ProductCode.',
  '-9902':
    'Cannot Access Certificate Order. Unable to process this request. It could be that the order you are trying to modify has been previously modified or you do not have permission to modify the certificate. Please make sure that the OrderID is correctly entered.',
  '-9911':
    'Credit line is over extended. There is insufficient credit in the account to complete the order process. Please verify that the account has sufficient funds and try again.',
  '-9912':
    'Deposit line is over extended. There is insufficient deposit balance within the account to complete the order process. Please verify that the account has sufficient funds and try again.',
  '-9915': 'Already canceled. The order specified has already been canceled',
  '-9916': 'Certificate Order not found. The order specified cannot be found in the system',
  '-9936':
    'The key you used in your CSR is either too short (RSA minimum 2048, ECC minimum 256) or the key failed the Debian weak key check. Please generate a new keypair and try again. If you receive this error, please increase the key size and try again.',
  '-9939':
    'When an account is disabled. The state of this account is either invalid or locked. Please make sure that the account is correctly configured. Contact customer support for assistance.',
  '-9952':
    'Expected result over limit. The number of results to your search exceeded the limit. Please narrow down your search by adding more specific conditions.',
  '-9969': 'already done. Cannot be changed because it has already been implemented.',
  '-10001':
    "Account territory not set. [No ErrorMessage Included] (The account's territory setting is missing or invalid. Please contact GlobalSign support.The language code is invalid.)",
  '-10002':
    'Un-parsable language Code (The language code is invalid. Please refer to the list of supported mail template language codes.)',
  '-10003':
    'Mail template does not exist (No mail template exists for the specified language code. Please create a mail template for the language using GCC.)',
  '-11001':
    'Invalid Email domain. This Email domain is not registered or approved yet. (The specified email address domain is not approved for use by this profile. Please submit the domain for approval using GCC.)',
};

/** The guide's success codes (section 18.1). */
export const EPKI_SUCCESS_CODES: Readonly<Record<string, string>> = {
  '0': 'Success',
  '1': 'Warning: success with warnings; the order goes on',
  '-1': 'Failure: see the accompanying error codes',
};
