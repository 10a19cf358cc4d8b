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
import { BaseClient, type CallOptions, type ClientOptions, type WithWarnings } from './base.ts';

/** QueryInvoices request (wire names; dates as `YYYY-MM-DDTHH:MM:SS.000Z` strings or Dates). */
export interface AccountQueryInvoicesRequest {
  readonly InvoiceNumber?: string;
  readonly OrderID?: string;
  readonly PaymentDueDateFrom: string | Date;
  readonly PaymentDueDateTo: string | Date;
}

/** One invoice line. */
export interface AccountInvoiceLineItem {
  readonly ProductName: string;
  readonly CommonName: string;
  readonly OrderID: string;
  readonly Qty: string;
  readonly UnitPrice: string;
  readonly TaxAmt: string;
  readonly TotalLineAmt: string;
}

/** One invoice. */
export interface AccountInvoice {
  readonly InvoiceNumber: string;
  readonly PurchaseOrderNumber?: string;
  readonly CustomerAccountNo: string;
  readonly SupplyDate: string;
  readonly InvoiceDate: string;
  readonly PaymentDueDate: string;
  readonly InvoiceLineItem: AccountInvoiceLineItem[];
}

/** QueryInvoices response. */
export interface AccountQueryInvoicesResponse {
  readonly OrganizationAddress?: Readonly<Record<string, string>>;
  readonly Invoices?: AccountInvoice[];
}

/** AccountSnapshot response (`AccountSnapShot`, as the guide spells it). */
export interface AccountSnapshotResponse {
  readonly AccountSnapShot?: {
    readonly BulkDepositBalance?: string;
    readonly LastMonthUsage?: string;
    readonly BulkDepositValidity?: string;
    readonly AgreementValidityPeriod?: string;
    readonly DiscountRank?: string;
    readonly DiscountRankValidityPeriod?: string;
  };
}

/** A client of the AccountService. */
export class AccountClient extends BaseClient {
  /** @example `new AccountClient({ username, password })` */
  constructor(options: ClientOptions) {
    super(ACCOUNT_SERVICE, options, ACCOUNT_ERROR_CODES);
  }

  /** QueryInvoices: invoices whose payment is due in a window. */
  queryInvoices(
    request: AccountQueryInvoicesRequest,
    options?: CallOptions,
  ): Promise<WithWarnings<AccountQueryInvoicesResponse>> {
    return this.call(ACCOUNT_OPERATIONS.QueryInvoices, request, ACCOUNT_REQUEST_SCHEMAS.QueryInvoices, options);
  }

  /** AccountSnapshot: balance and usage. */
  accountSnapshot(options?: CallOptions): Promise<WithWarnings<AccountSnapshotResponse>> {
    return this.call(ACCOUNT_OPERATIONS.AccountSnapshot, {}, undefined, options);
  }
}
