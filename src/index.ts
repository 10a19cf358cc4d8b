/**
 * globalsign-kit: typed clients for GlobalSign's GCC SOAP services (EPKI, MSSL, Query, Account) on `fetch` alone,
 * and the error classes they throw. Crypto lives in `globalsign-kit/crypto`, the simulator in
 * `globalsign-kit/simulator`.
 *
 * @example
 * ```ts
 * import { EpkiClient, isGlobalSignApiError } from 'globalsign-kit';
 * const epki = new EpkiClient({ username, password, endpoint: 'test' });
 * try {
 *   const { OrderID, CERT } = await epki.orderAndIssueCertificate({ ProfileID, ProductCode: 'EPKIPSPersonal', Year: 1,
 *     CSR, SANRFC822EmailAddress: 'alice@example.com', DnAttributes: { CommonName: 'Alice', Email: 'alice@example.com' } });
 * } catch (e) {
 *   if (isGlobalSignApiError(e)) console.error(e.errorCodes);
 * }
 * ```
 *
 * @module
 */
export {
  AccountClient,
  BaseClient,
  type CallOptions,
  type ClientOptions,
  EpkiClient,
  type EpkiDecodedCertificate,
  MsslClient,
  QueryClient,
  type RequestEvent,
  type ResponseEvent,
  serviceUrl,
  type WithWarnings,
} from './clients/index.ts';
export {
  type ApiErrorDetail,
  CryptoError,
  DeadlineError,
  GlobalSignApiError,
  GlobalSignError,
  type GlobalSignErrorCode,
  HttpError,
  isCryptoError,
  isDeadlineError,
  isGlobalSignApiError,
  isGlobalSignError,
  isHttpError,
  isOrderOutcomeUnknownError,
  isOrderStateError,
  isOutcomeUnknownError,
  isSoapFaultError,
  isTimeoutError,
  isValidationError,
  isXmlError,
  OrderOutcomeUnknownError,
  OrderStateError,
  type OrderSubmission,
  OutcomeUnknownError,
  type LostRequest,
  SoapFaultError,
  TimeoutError,
  ValidationError,
  type ValidationIssue,
  XmlError,
} from './errors.ts';
export { EPKI_ERROR_CODES } from './services/epki-codes.ts';
export {
  EPKI_CERTIFICATE_STATUS,
  EPKI_ORDER_STATUS,
  EPKI_PROFILE_STATUS,
  epkiCertificateStatusName,
  epkiOrderStatusName,
  epkiProfileStatusName,
} from './services/epki-status.ts';
export { ACCOUNT_ERROR_CODES, QUERY_ERROR_CODES } from './services/query-codes.ts';
export { MSSL_ERROR_CODES } from './services/mssl-codes.ts';
export { INTRANET_DOMAIN_ID } from './services/mssl-rules.ts';
export {
  DOMAIN_STATUS,
  type DomainStatusInfo,
  domainCanIssue,
  domainStatusName,
  MODIFICATION_EVENTS,
  type ModificationEventInfo,
  modificationEventDescription,
  ORDER_STATUS,
  ORDER_STATUS_CODE,
  orderStatusName,
  PROFILE_STATUS,
  profileStatusName,
  type StatusInfo,
  type StatusNames,
} from './services/status.ts';
export { MSSL_PRODUCTS, type MsslFamily, type MsslProduct, msslProduct } from './services/products.ts';
export type * as QueryTypes from './clients/query-types.ts';
export type * as MsslTypes from './clients/mssl-types.ts';
export type * as EpkiTypes from './clients/epki-types.ts';
export type * as AccountTypes from './clients/account-types.ts';
