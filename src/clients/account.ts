/**
 * AccountClient: GlobalSign's AccountService: invoices and the account snapshot (balance and usage).
 *
 * @example
 * ```ts
 * import { AccountClient } from 'globalsign-kit';
 * const account = new AccountClient({ username, password, endpoint: 'test' });
 * const { AccountSnapShot } = await account.accountSnapshot();
 * ```
 *
 * @module
 */
import { ACCOUNT_OPERATIONS, ACCOUNT_SERVICE } from '../services/account.ts';
import { ACCOUNT_REQUEST_SCHEMAS } from '../services/account-rules.ts';
import { ACCOUNT_ERROR_CODES } from '../services/query-codes.ts';
import type * as T from './account-types.ts';
import { BaseClient, type CallOptions, type ClientOptions, type WithWarnings } from './base.ts';

/** A client of the AccountService. */
export class AccountClient extends BaseClient {
  /** @example `new AccountClient({ username, password })` */
  constructor(options: ClientOptions) {
    super(ACCOUNT_SERVICE, options, ACCOUNT_ERROR_CODES);
  }

  /** QueryInvoices: invoices whose payment is due in a window. */
  queryInvoices(
    request: T.AccountQueryInvoicesRequest,
    options?: CallOptions,
  ): Promise<WithWarnings<T.AccountQueryInvoicesResponse>> {
    return this.call(ACCOUNT_OPERATIONS.QueryInvoices, request, ACCOUNT_REQUEST_SCHEMAS.QueryInvoices, options);
  }

  /** AccountSnapshot: balance and usage. */
  accountSnapshot(options?: CallOptions): Promise<WithWarnings<T.AccountSnapshotResponse>> {
    return this.call(ACCOUNT_OPERATIONS.AccountSnapshot, {}, undefined, options);
  }
}
