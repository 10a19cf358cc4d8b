/**
 * Local checks of AccountService requests: QueryInvoices' payment-due window (readable dates, from ≤ to).
 *
 * @module
 */
import { dateRange, requestRules } from './query-rules.ts';
import type { Schema } from './validate.ts';

/**
 * The local rules of each Account operation, keyed by wire wrapper name (AccountSnapshot has no request fields).
 *
 * @example
 * ```ts
 * const schema = ACCOUNT_REQUEST_SCHEMAS.QueryInvoices!;
 * validate(schema, { PaymentDueDateFrom: '2026-02-01', PaymentDueDateTo: '2026-01-01' });
 * // throws ValidationError: PaymentDueDateTo: must not be before PaymentDueDateFrom
 * ```
 */
export const ACCOUNT_REQUEST_SCHEMAS: Readonly<Record<string, Schema<Readonly<Record<string, unknown>>>>> = {
  QueryInvoices: requestRules(dateRange('PaymentDueDateFrom', 'PaymentDueDateTo')),
};
