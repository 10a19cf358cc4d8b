/**
 * The clients of globalsign-kit: one class per service, sharing {@link BaseClient}.
 *
 * @example
 * ```ts
 * import { EpkiClient } from 'globalsign-kit';
 * const epki = new EpkiClient({ username, password, endpoint: 'test' });
 * ```
 *
 * @module
 */
export {
  BaseClient,
  type CallOptions,
  type ClientOptions,
  type RequestEvent,
  type ResponseEvent,
  serviceUrl,
  type WithWarnings,
} from './base.ts';
export {
  EpkiClient,
  type EpkiCancelRequest,
  type EpkiCancelResponse,
  type EpkiDecodedCertificate,
  type EpkiDnAttributes,
  type EpkiGetOrderByOrderIdRequest,
  type EpkiGetOrderByOrderIdResponse,
  type EpkiGetOrdersRequest,
  type EpkiGetOrdersResponse,
  type EpkiGetProfilesRequest,
  type EpkiGetProfilesResponse,
  type EpkiOrderAndIssueCertificateRequest,
  type EpkiOrderAndIssueCertificateResponse,
  type EpkiOrderCertificateRequest,
  type EpkiOrderCertificateResponse,
  type EpkiOrderDetail,
  type EpkiOrderDsRequest,
  type EpkiOrderDsResponse,
  type EpkiOrderIdResponse,
  type EpkiOrderPkcs12Request,
  type EpkiOrderPkcs12Response,
  type EpkiOrderQueryOption,
  type EpkiPersonOrder,
  type EpkiProductCode,
  type EpkiProfileDetail,
  type EpkiQueryDate,
  type EpkiReissueCertificateRequest,
  type EpkiReissueCertificateResponse,
  type EpkiReissueRequest,
  type EpkiReissueResponse,
  type EpkiRenewalRequest,
  type EpkiRenewalResponse,
  type EpkiRevokeRequest,
  type EpkiRevokeResponse,
  type EpkiValidityPeriod,
} from './epki.ts';
export {
  type AccountInvoice,
  type AccountInvoiceLineItem,
  AccountClient,
  type AccountQueryInvoicesRequest,
  type AccountQueryInvoicesResponse,
  type AccountSnapshotResponse,
} from './account.ts';
export { MsslClient } from './mssl.ts';
export { QueryClient } from './query.ts';
