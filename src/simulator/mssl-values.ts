/**
 * State-free values of the MSSL and Query handlers: the simulator's price list, validity days, SPKI keys of the key
 * history, and the date fields of requests (with the guide's -104 / -105).
 *
 * @module
 */
import { toHex } from '../crypto/bytes.ts';
import type { MsslFamily } from '../services/products.ts';
import { SimApiError } from './sim-error.ts';

/** Price per year of a family (simulator price list, USD). */
const PRICES: Readonly<Record<MsslFamily, number>> = {
  ExtendedSSL: 499,
  OrganizationSSL: 249,
  IntranetSSL: 99,
  CloudSSL: 199,
};

/** An order's price: the family's yearly price pro rata, plus 30 per SAN beyond the CN. */
export const priceOf = (family: MsslFamily, months: number, sans: number): number =>
  Math.round((PRICES[family] * months) / 12) + 30 * sans;

/** Key of an SPKI in the key history. */
export const keyOf = (spki: Uint8Array): string => toHex(spki);

/** A date field of a request, or -104 naming it. */
export function dateOf(value: unknown, field: string): Date {
  const t = Date.parse(String(value ?? ''));
  if (Number.isNaN(t)) throw new SimApiError('-104', field, `${field} must be a date (YYYY-MM-DDTHH:MM:SS.000Z)`);
  return new Date(t);
}

/** An optional date range of a request (-104 unreadable, -105 from after to). */
export function rangeOf(from: unknown, to: unknown, fields: readonly [string, string]): { from: number; to: number } {
  const f = from === undefined ? Number.NEGATIVE_INFINITY : dateOf(from, fields[0]).getTime();
  const t = to === undefined ? Number.POSITIVE_INFINITY : dateOf(to, fields[1]).getTime();
  if (f > t) throw new SimApiError('-105', fields[1], `${fields[1]} is before ${fields[0]}`);
  return { from: f, to: t };
}

/** Most items a Query answer carries (guide 6: "limited to 500 items per response"). */
export const QUERY_CAP = 500;
