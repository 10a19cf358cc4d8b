/**
 * MsslClient: every operation of GlobalSign's ManagedSSLService (v2): PV orders against pre-vetted profiles and
 * domains, domain validation, profiles.
 *
 * @example
 * ```ts
 * import { MsslClient } from 'globalsign-kit';
 * const mssl = new MsslClient({ username, password, endpoint: 'test' });
 * const { OrderID } = await mssl.pvOrder({ OrderRequestParameter: { ProductCode: 'PEV_SHA2', OrderKind: 'new', Licenses: '1',
 *   ValidityPeriod: { Months: '12' }, CSR }, MSSLProfileID, MSSLDomainID, ContactInfo });
 * ```
 *
 * @module
 */
import { MSSL_ERROR_CODES } from '../services/mssl-codes.ts';
import { MSSL_REQUEST_SCHEMAS } from '../services/mssl-rules.ts';
import { MSSL_OPERATIONS, MSSL_SERVICE } from '../services/mssl.ts';
import { addStatusNames, type StatusNames } from '../services/status.ts';
import type { OperationDef } from '../soap/schema.ts';
import { BaseClient, type CallOptions, type ClientOptions, type WithWarnings } from './base.ts';
import type * as T from './mssl-types.ts';

/** A response with its warnings and a decoded name next to each status field (`DomainStatusName`…). */
type Res<R> = Promise<WithWarnings<StatusNames<R>>>;
const O = MSSL_OPERATIONS;

/** A client of the MSSL ManagedSSLService. */
export class MsslClient extends BaseClient {
  /** @example `new MsslClient({ username, password, endpoint: 'http://127.0.0.1:8089', fetch })` */
  constructor(options: ClientOptions) {
    super(MSSL_SERVICE, options, MSSL_ERROR_CODES);
  }

  #run<R>(op: OperationDef, input: unknown, options?: CallOptions): Res<R> {
    return this.call<R>(op, input, MSSL_REQUEST_SCHEMAS[op.name], options).then(
      (res) => addStatusNames(res) as unknown as WithWarnings<StatusNames<R>>,
    );
  }

  /** PVOrder: orders a certificate from a CSR under a vetted profile and domain (`ASYNC_ORDER` option: OrderID at once). */
  pvOrder(request: T.MsslPVOrderRequest, options?: CallOptions): Res<T.MsslPVOrderResponse> {
    return this.#run(O.PVOrder, request, options);
  }
  /** PVOrderWithoutCSR: GlobalSign makes the key (`KeyLength` 2048/4096, `Pin` protects the PKCS#12). */
  pvOrderWithoutCsr(
    request: T.MsslPVOrderWithoutCSRRequest,
    options?: CallOptions,
  ): Res<T.MsslPVOrderWithoutCSRResponse> {
    return this.#run(O.PVOrderWithoutCSR, request, options);
  }
  /** ModifyMSSLOrder: APPROVE, CANCEL (within 7 days) or REVOKE an order. */
  modifyMsslOrder(request: T.MsslModifyMSSLOrderRequest, options?: CallOptions): Res<T.MsslModifyMSSLOrderResponse> {
    return this.#run(O.ModifyMSSLOrder, request, options);
  }
  /** ChangeSubjectAltName: reissues an order's certificate with a new SAN list. */
  changeSubjectAltName(
    request: T.MsslChangeSubjectAltNameRequest,
    options?: CallOptions,
  ): Res<T.MsslChangeSubjectAltNameResponse> {
    return this.#run(O.ChangeSubjectAltName, request, options);
  }
  /** GetDomainApproverList: the approver addresses allowed for a domain's email validation. */
  getDomainApproverList(
    request: T.MsslGetDomainApproverListRequest,
    options?: CallOptions,
  ): Res<T.MsslGetDomainApproverListResponse> {
    return this.#run(O.GetDomainApproverList, request, options);
  }
  /** AddDomainToProfile: starts DNS/HTTP/email validation of a domain; returns what must be published. */
  addDomainToProfile(
    request: T.MsslAddDomainToProfileRequest,
    options?: CallOptions,
  ): Res<T.MsslAddDomainToProfileResponse> {
    return this.#run(O.AddDomainToProfile, request, options);
  }
  /** VerifyMsslDomain: asks GlobalSign to check the published DNS TXT record or HTTP file. */
  verifyMsslDomain(request: T.MsslVerifyMsslDomainRequest, options?: CallOptions): Res<T.MsslVerifyMsslDomainResponse> {
    return this.#run(O.VerifyMsslDomain, request, options);
  }
  /** AddMSSLDomain: adds a domain to a profile (email validation). */
  addMsslDomain(request: T.MsslAddMSSLDomainRequest, options?: CallOptions): Res<T.MsslAddMSSLDomainResponse> {
    return this.#run(O.AddMSSLDomain, request, options);
  }
  /** ModifyMSSLDomain: changes a domain's state. */
  modifyMsslDomain(request: T.MsslModifyMSSLDomainRequest, options?: CallOptions): Res<T.MsslModifyMSSLDomainResponse> {
    return this.#run(O.ModifyMSSLDomain, request, options);
  }
  /** GetMSSLDomains (deprecated in favour of GetDomains; still callable). */
  getMsslDomains(request: T.MsslGetMSSLDomainsRequest, options?: CallOptions): Res<T.MsslGetMSSLDomainsResponse> {
    return this.#run(O.GetMSSLDomains, request, options);
  }
  /** GetDomains: the account's MSSL domains and their vetting state. */
  getDomains(request: T.MsslGetDomainsRequest, options?: CallOptions): Res<T.MsslGetDomainsResponse> {
    return this.#run(O.GetDomains, request, options);
  }
  /** RenewalDomain: renews an expiring domain's vetting. */
  renewalDomain(request: T.MsslRenewalDomainRequest, options?: CallOptions): Res<T.MsslRenewalDomainResponse> {
    return this.#run(O.RenewalDomain, request, options);
  }
  /** GetMSSLProfiles: the account's profiles. */
  getMsslProfiles(request: T.MsslGetMSSLProfilesRequest, options?: CallOptions): Res<T.MsslGetMSSLProfilesResponse> {
    return this.#run(O.GetMSSLProfiles, request, options);
  }
  /** AddMSSLProfile: applies for a new OV or EV profile. */
  addMsslProfile(request: T.MsslAddMSSLProfileRequest, options?: CallOptions): Res<T.MsslAddMSSLProfileResponse> {
    return this.#run(O.AddMSSLProfile, request, options);
  }
  /** UpdateMSSLProfile: changes a profile's details. */
  updateMsslProfile(
    request: T.MsslUpdateMSSLProfileRequest,
    options?: CallOptions,
  ): Res<T.MsslUpdateMSSLProfileResponse> {
    return this.#run(O.UpdateMSSLProfile, request, options);
  }
}
