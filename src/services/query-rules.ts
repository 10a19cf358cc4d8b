/**
 * Local checks of Query (GASService) requests: date formats and ranges of the order queries (guide 6, 11.1) and the
 * order status filter of GetCertificateOrders (guide 10.1). Each failure names its field and never echoes a value.
 *
 * @module
 */
import * as v from 'valibot';
import { ORDER_STATUS } from './status.ts';
import { type RuleIssue, rules, type Schema } from './validate.ts';

type Obj = Readonly<Record<string, unknown>>;
type Check = (input: Obj) => Iterable<RuleIssue>;
type RequestSchema = Schema<Readonly<Record<string, unknown>>>;

const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const FORMAT = 'must be a date as YYYY-MM-DDTHH:MM:SS.000Z';

/**
 * The instant a request date stands for (a Date, or a wire date string; no offset means UTC), or `undefined` when it
 * is not a readable date.
 *
 * @example
 * ```ts
 * requestTime('2026-01-02'); // Date.UTC(2026, 0, 2)
 * ```
 */
export function requestTime(x: unknown): number | undefined {
  if (x instanceof Date) return Number.isNaN(x.getTime()) ? undefined : x.getTime();
  if (typeof x !== 'string' || !DATE.test(x)) return undefined;
  const t = Date.parse(x.length === 10 ? `${x}T00:00:00Z` : /Z|[+-]\d{2}:?\d{2}$/.test(x) ? x : `${x}Z`);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * A cross-field check of a date pair: each present date readable, and `from` not after `to`. `at` is the dotted
 * path of the object holding the pair (empty: the request itself).
 *
 * @example
 * ```ts
 * const check = dateRange('FromDate', 'ToDate');
 * [...check({ FromDate: '2026-02-01', ToDate: '2026-01-01' })]; // [['ToDate', 'must not be before FromDate']]
 * ```
 */
export function dateRange(from: string, to: string, at = ''): Check {
  return function* (input) {
    let node: unknown = input;
    for (const key of at ? at.split('.') : []) node = (node as Obj | undefined)?.[key];
    if (typeof node !== 'object' || node === null) return;
    const prefix = at ? `${at}.` : '';
    const [f, t] = [(node as Obj)[from], (node as Obj)[to]];
    const [ft, tt] = [requestTime(f), requestTime(t)];
    if (f !== undefined && ft === undefined) yield [`${prefix}${from}`, FORMAT];
    if (t !== undefined && tt === undefined) yield [`${prefix}${to}`, FORMAT];
    if (ft !== undefined && tt !== undefined && ft > tt) yield [`${prefix}${to}`, `must not be before ${from}`];
  };
}

function* orderStatus(input: Obj): Iterable<RuleIssue> {
  if (input.OrderStatus !== undefined && !(String(input.OrderStatus).trim() in ORDER_STATUS))
    yield ['OrderStatus', 'must be an order status code 1–7 (guide 10.1)'];
}

/**
 * A request schema running `checks` over any object (the service table checks the shape when the request is built).
 *
 * @example
 * ```ts
 * const schema = requestRules(dateRange('FromDate', 'ToDate'));
 * ```
 */
export function requestRules(...checks: Check[]): RequestSchema {
  return v.pipe(v.looseObject({}), rules(...checks)) as unknown as RequestSchema;
}

/**
 * The local rules of each Query operation, keyed by wire wrapper name.
 *
 * @example `validate(QUERY_REQUEST_SCHEMAS.GetModifiedOrders!, request)`
 */
export const QUERY_REQUEST_SCHEMAS: Readonly<Record<string, RequestSchema>> = {
  GetOrderByDateRange: requestRules(dateRange('FromDate', 'ToDate')),
  GetModifiedOrders: requestRules(dateRange('FromDate', 'ToDate')),
  GetOrderByExpirationDate: requestRules(dateRange('ExpirationFromDate', 'ExpirationToDate')),
  GetCertificateOrders: requestRules(dateRange('FromDate', 'ToDate'), orderStatus),
};
