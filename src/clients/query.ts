/**
 * QueryClient: every operation of GlobalSign's GASService (v1): order queries (capped at 500 results: a full page
 * means "maybe more, split the window"), reissues, renewal notices, parameter validation and CSR decoding.
 *
 * @example
 * ```ts
 * import { QueryClient } from 'globalsign-kit';
 * const query = new QueryClient({ username, password, endpoint: 'test' });
 * const { OrderDetail } = await query.getOrderByOrderId({ OrderID, OrderQueryOption: { ReturnCertificateInfo: 'true' } });
 * ```
 *
 * @module
 */
import { QUERY_ERROR_CODES } from '../services/query-codes.ts';
import { QUERY_REQUEST_SCHEMAS } from '../services/query-rules.ts';
import { QUERY_OPERATIONS, QUERY_SERVICE } from '../services/query.ts';
import { addStatusNames, type StatusNames } from '../services/status.ts';
import type { OperationDef } from '../soap/schema.ts';
import { BaseClient, type CallOptions, type ClientOptions, type WithWarnings } from './base.ts';
import type * as T from './query-types.ts';

/** A response with its warnings and a decoded name next to each status field (`OrderStatusName`…). */
type Res<R> = Promise<WithWarnings<StatusNames<R>>>;
const O = QUERY_OPERATIONS;

/** A client of the Query GASService. */
export class QueryClient extends BaseClient {
  /** @example `new QueryClient({ username, password, endpoint: 'test' })` */
  constructor(options: ClientOptions) {
    super(QUERY_SERVICE, options, QUERY_ERROR_CODES);
  }

  #run<R>(op: OperationDef, input: unknown, options?: CallOptions): Res<R> {
    return this.call<R>(op, input, QUERY_REQUEST_SCHEMAS[op.name], options).then(
      (res) => addStatusNames(res) as unknown as WithWarnings<StatusNames<R>>,
    );
  }

  /** GetOrderByOrderID: one order, with certificate info, fulfillment and modification events on request. */
  getOrderByOrderId(
    request: T.QueryGetOrderByOrderIDRequest,
    options?: CallOptions,
  ): Res<T.QueryGetOrderByOrderIDResponse> {
    return this.#run(O.GetOrderByOrderID, request, options);
  }
  /** GetOrderByDateRange: orders placed in a window (at most 500 per answer). */
  getOrderByDateRange(
    request: T.QueryGetOrderByDateRangeRequest,
    options?: CallOptions,
  ): Res<T.QueryGetOrderByDateRangeResponse> {
    return this.#run(O.GetOrderByDateRange, request, options);
  }
  /** GetModifiedOrders: orders modified in a window (at most 500 per answer). */
  getModifiedOrders(
    request: T.QueryGetModifiedOrdersRequest,
    options?: CallOptions,
  ): Res<T.QueryGetModifiedOrdersResponse> {
    return this.#run(O.GetModifiedOrders, request, options);
  }
  /** GetOrderByExpirationDate: certificates expiring in a window (renewal planning). */
  getOrderByExpirationDate(
    request: T.QueryGetOrderByExpirationDateRequest,
    options?: CallOptions,
  ): Res<T.QueryGetOrderByExpirationDateResponse> {
    return this.#run(O.GetOrderByExpirationDate, request, options);
  }
  /** GetCertificateOrders: orders filtered by FQDN, kind, status and dates. */
  getCertificateOrders(
    request: T.QueryGetCertificateOrdersRequest,
    options?: CallOptions,
  ): Res<T.QueryGetCertificateOrdersResponse> {
    return this.#run(O.GetCertificateOrders, request, options);
  }
  /** GetOrderByCommonName (2025): the order of a common name (and CSR). */
  getOrderByCommonName(
    request: T.QueryGetOrderByCommonNameRequest,
    options?: CallOptions,
  ): Res<T.QueryGetOrderByCommonNameResponse> {
    return this.#run(O.GetOrderByCommonName, request, options);
  }
  /** ReIssue: a new certificate for an order from a new CSR. */
  reIssue(request: T.QueryReIssueRequest, options?: CallOptions): Res<T.QueryReIssueResponse> {
    return this.#run(O.ReIssue, request, options);
  }
  /** ReIssueWithoutCSR: a new certificate and key made by GlobalSign. */
  reIssueWithoutCsr(
    request: T.QueryReIssueWithoutCSRRequest,
    options?: CallOptions,
  ): Res<T.QueryReIssueWithoutCSRResponse> {
    return this.#run(O.ReIssueWithoutCSR, request, options);
  }
  /** ToggleRenewalNotice: turns renewal reminder emails on or off for an order. */
  toggleRenewalNotice(
    request: T.QueryToggleRenewalNoticeRequest,
    options?: CallOptions,
  ): Res<T.QueryToggleRenewalNoticeResponse> {
    return this.#run(O.ToggleRenewalNotice, request, options);
  }
  /** ValidateOrderParameters: checks an order's parameters and CSR without ordering. */
  validateOrderParameters(
    request: T.QueryValidateOrderParametersRequest,
    options?: CallOptions,
  ): Res<T.QueryValidateOrderParametersResponse> {
    return this.#run(O.ValidateOrderParameters, request, options);
  }
  /** DecodeCSR: GlobalSign's reading of a CSR. */
  decodeCsr(request: T.QueryDecodeCSRRequest, options?: CallOptions): Res<T.QueryDecodeCSRResponse> {
    return this.#run(O.DecodeCSR, request, options);
  }
  /** DeletePkcs12 (documented as gone from the live service by 2025; kept for older systems and the simulator). */
  deletePkcs12(request: T.QueryDeletePkcs12Request, options?: CallOptions): Res<T.QueryDeletePkcs12Response> {
    return this.#run(O.DeletePkcs12, request, options);
  }
}
