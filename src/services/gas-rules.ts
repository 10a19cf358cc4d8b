/**
 * Local checks of Query (GASService) and Account requests: date formats and ranges, and the ReIssue/ToggleRenewalNotice
 * fields. Each failure names its field.
 *
 * @module
 */
import * as v from 'valibot';
import { type RuleIssue, rules, type Schema } from './validate.ts';

type Obj = Readonly<Record<string, unknown>>;
type RequestSchema = Schema<Readonly<Record<string, unknown>>>;

const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function asTime(x: unknown): number | undefined {
  if (x instanceof Date) return x.getTime();
  if (typeof x !== 'string' || !DATE.test(x)) return undefined;
  const t = Date.parse(x.length === 10 ? `${x}T00:00:00Z` : /Z|[+-]\d{2}:?\d{2}$/.test(x) ? x : `${x}Z`);
  return Number.isNaN(t) ? undefined : t;
}

/** A date pair: both readable, and from ≤ to. */
function range(from: string, to: string, at = ''): (input: Obj) => Iterable<RuleIssue> {
  return function* (input) {
    const node = (at ? input[at] : input) as Obj | undefined;
    if (!node) return;
    const prefix = at ? `${at}.` : '';
    const [f, t] = [node[from], node[to]];
    const [ft, tt] = [asTime(f), asTime(t)];
    if (f !== undefined && ft === undefined) yield [`${prefix}${from}`, 'must be a date as YYYY-MM-DDTHH:MM:SS.000Z'];
    if (t !== undefined && tt === undefined) yield [`${prefix}${to}`, 'must be a date as YYYY-MM-DDTHH:MM:SS.000Z'];
    if (ft !== undefined && tt !== undefined && ft > tt) yield [`${prefix}${to}`, `must not be before ${from}`];
  };
}

const object = (...checks: ((input: Obj) => Iterable<RuleIssue>)[]): RequestSchema =>
  v.pipe(v.looseObject({}), rules(...checks)) as unknown as RequestSchema;

/** The local rules of each Query operation, keyed by wire wrapper name. */
export const GAS_REQUEST_SCHEMAS: Readonly<Record<string, RequestSchema>> = {
  GetOrderByDateRange: object(range('FromDate', 'ToDate')),
  GetModifiedOrders: object(range('FromDate', 'ToDate')),
  GetOrderByExpirationDate: object(range('ExpirationFromDate', 'ExpirationToDate')),
  GetCertificateOrders: object(range('FromDate', 'ToDate')),
};

/** The local rules of each Account operation. */
export const ACCOUNT_REQUEST_SCHEMAS: Readonly<Record<string, RequestSchema>> = {
  QueryInvoices: object(range('PaymentDueDateFrom', 'PaymentDueDateTo')),
};
