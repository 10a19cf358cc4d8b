/**
 * Workflows over the clients (entry point `globalsign-kit/workflows`): order and wait for issuance (EPKI and MSSL),
 * one-call issuance with the chain, reconciliation of orders whose outcome is unknown and checks of other lost
 * changes, listings past the query caps (EPKI GetOrders, Query GetModifiedOrders, GetCertificateOrders,
 * GetOrderByExpirationDate), domain validation and renewals. One shape: a function per workflow taking the clients
 * it needs; the workflows that serve both services (`orderAndWait`, `reconcileOrder`, `checkRevocation`,
 * `checkCancellation`) are told the service by the client passed. The per-service building blocks are internal.
 *
 * @example
 * ```ts
 * import { orderAndWait, reconcileOrder, syncModifiedOrders } from 'globalsign-kit/workflows';
 * const { certificate } = await orderAndWait(epki, { operation: 'OrderCertificate', request },
 *   { initialMs: 10_000, deadlineMs: 86_400_000, onProgress: (p) => console.error(p) });
 * const tls = await orderAndWait(mssl, query, pvOrderRequest, { deadlineMs: 3_600_000 });
 * ```
 *
 * @module
 */
// The workflows throw their own errors and pass on the clients' and crypto's: all of them are exported here too.
export {
  CryptoError,
  DeadlineError,
  GlobalSignApiError,
  GlobalSignError,
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
  OutcomeUnknownError,
  SoapFaultError,
  TimeoutError,
  ValidationError,
  XmlError,
} from '../errors.ts';
export { orderAndWait, reconcileOrder } from './dispatch.ts';
export {
  type AddDomainOptions,
  addDomainForValidation,
  approverUrls,
  authorizationNames,
  type DomainChallenge,
  type DomainContact,
  DomainNotVerifiedError,
  type DomainValidationMethod,
  type DomainVerification,
  type RenewDomainOptions,
  renewDomain,
  type VerifyTarget,
  verifyDomain,
  waitForDomainVerification,
} from './domains.ts';
export { type ListOrdersOptions, listOrders, type OrderListing } from './epki-list.ts';
export {
  type EpkiIssuedOrder,
  type EpkiOrderAndWaitOptions,
  type EpkiOrderAndWaitRequest,
  epkiProbe,
  waitForEpkiOrder,
} from './epki-wait.ts';
export { type IssueCertificateOptions, type IssuedCertificate, issueCertificate, readIssuingChain } from './issue.ts';
export {
  type CertificateDecoder,
  type IssuanceProbe,
  type IssuedOrder,
  type ProbeResult,
  type WaitOptions,
  waitForIssuance,
} from './issuance.ts';
export {
  type SearchCertificateOrdersOptions,
  type SearchExpiringOrdersOptions,
  type SyncModifiedOrdersOptions,
  type QueryWindowOptions,
  searchCertificateOrders,
  searchExpiringOrders,
  syncModifiedOrders,
} from './mssl-sync.ts';
export {
  type MsslIssuedOrder,
  type MsslOrderAndWaitOptions,
  msslProbe,
  PHISHING_REJECTED,
  waitForMsslOrder,
} from './mssl-wait.ts';
export { checkCancellation, checkRevocation, type OutcomeCheck } from './outcomes.ts';
export { type PollOptions, type PollProgress, type PollStep, poll } from './poll.ts';
export type { ReconcileOptions, ReconcileResult } from './reconcile.ts';
export {
  type FindExpiringOptions,
  findExpiring,
  findExpiringDomains,
  type PreparedRenewal,
  type RenewedOrder,
  type RenewOrderOptions,
  renewOrder,
} from './renewals.ts';
export {
  type WindowAnswer,
  type WindowedListing,
  type WindowedOptions,
  type WindowFetcher,
  windowedListing,
} from './windows.ts';
