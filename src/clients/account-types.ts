/**
 * Request and response types of `AccountClient`'s operations, with the wire's element names (MSSL guide, section 7).
 * Exported from the package root as the `AccountTypes` namespace.
 *
 * @example
 * ```ts
 * import type { AccountTypes } from 'globalsign-kit';
 * const window: AccountTypes.AccountQueryInvoicesRequest = { PaymentDueDateFrom: '2025-01-01', PaymentDueDateTo: new Date() };
 * ```
 *
 * @module
 */

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
