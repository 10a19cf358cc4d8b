/**
 * EPKI status values as the guide lists them (v3.0.41, section 14: `OrderStatus` / `OrderState`,
 * `CertificateStatus` / `CertState`, `ProfileOrderState`; ../shared/spec/EPKI-OPERATIONS.md "Value sets"). Unlike
 * MSSL's numeric codes, EPKI sends the name itself; the guide gives no descriptions. The decoder adds the documented
 * name next to each status field (`OrderStatusName`…), the same fields MSSL and Query responses get, so code reads one
 * field for every service and can tell a value the guide does not list (no name added).
 *
 * @module
 */
import { decodeStatusFields, type StatusDecoders } from './status-decode.ts';

/**
 * EPKI order status (`OrderStatus`; the `OrderState` filter of GetOrders), guide 14.
 *
 * @example `EPKI_ORDER_STATUS.includes('ISSUE_WAIT') // true`
 */
export const EPKI_ORDER_STATUS = [
  'NONE',
  'REQUESTING',
  'REQUESTED',
  'ISSUED',
  'CANCELED',
  'REISSUED',
  'ISSUE_WAIT',
  'ISSUE_REQUESTED',
  'ISSUE_CANCELED',
  'CANCEL_REQUESTED',
  'ISSUE_ERROR',
  'VALIDATE_ERROR',
  'REQUESTING_P12BULK',
  'REQUESTED_P12BULK',
] as const;

/**
 * EPKI certificate status (`CertificateStatus`; the `CertState` filter of GetOrders), guide 14.
 *
 * @example `EPKI_CERTIFICATE_STATUS.includes('REVOKED_CA') // true`
 */
export const EPKI_CERTIFICATE_STATUS = [
  'NONE',
  'ISSUED',
  'REVOKE_VALIDATING',
  'REVOKED',
  'REVOKED_CA',
  'REVOKE_REQUESTED',
  'REVOKE_FAIL',
] as const;

/**
 * EPKI profile status (`ProfileOrderState`, in GetProfiles' filter and answer), guide 14.3.
 *
 * @example `EPKI_PROFILE_STATUS.includes('VALIDATED') // true`
 */
export const EPKI_PROFILE_STATUS = [
  'REQUESTING',
  'REQUESTED',
  'SUSPEND',
  'SUSPEND_REQUESTED',
  'VALIDATING',
  'CANCELLED',
  'VALIDATED',
  'CANCEL_REQUESTED',
  'REQUESTING_EXTEND',
  'REQUESTED_EXTEND',
  'VALIDATING_EXTEND',
  'VALIDATING_ERROR',
  'CANCEL_ERROR',
] as const;

/** An EPKI order status the guide lists. @example `const s: EpkiOrderStatus = 'ISSUED'` */
export type EpkiOrderStatus = (typeof EPKI_ORDER_STATUS)[number];
/** An EPKI certificate status the guide lists. @example `const s: EpkiCertificateStatus = 'REVOKED'` */
export type EpkiCertificateStatus = (typeof EPKI_CERTIFICATE_STATUS)[number];
/** An EPKI profile status the guide lists. @example `const s: EpkiProfileStatus = 'VALIDATED'` */
export type EpkiProfileStatus = (typeof EPKI_PROFILE_STATUS)[number];

function named<N extends string>(names: readonly N[], value: unknown): N | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return (names as readonly string[]).includes(s) ? (s as N) : undefined;
}

/**
 * The documented name of an EPKI order status (surrounding blanks dropped), or `undefined` for a value the guide
 * does not list.
 *
 * @example
 * ```ts
 * epkiOrderStatusName('ISSUE_WAIT'); // 'ISSUE_WAIT'
 * epkiOrderStatusName('4'); // undefined (an MSSL code, not an EPKI status)
 * ```
 */
export function epkiOrderStatusName(value: unknown): EpkiOrderStatus | undefined {
  return named(EPKI_ORDER_STATUS, value);
}

/**
 * The documented name of an EPKI certificate status, or `undefined`.
 *
 * @example
 * ```ts
 * epkiCertificateStatusName(' REVOKED '); // 'REVOKED'
 * ```
 */
export function epkiCertificateStatusName(value: unknown): EpkiCertificateStatus | undefined {
  return named(EPKI_CERTIFICATE_STATUS, value);
}

/**
 * The documented name of an EPKI profile status, or `undefined`.
 *
 * @example
 * ```ts
 * epkiProfileStatusName('VALIDATED'); // 'VALIDATED'
 * ```
 */
export function epkiProfileStatusName(value: unknown): EpkiProfileStatus | undefined {
  return named(EPKI_PROFILE_STATUS, value);
}

const DECODED: StatusDecoders = {
  OrderStatus: ['OrderStatusName', epkiOrderStatusName],
  CertificateStatus: ['CertificateStatusName', epkiCertificateStatusName],
  ProfileOrderState: ['ProfileOrderStateName', epkiProfileStatusName],
};

/**
 * Adds, in place and at any depth, the documented name next to every EPKI status field (`OrderStatus` →
 * `OrderStatusName`, `CertificateStatus` → `CertificateStatusName`, `ProfileOrderState` → `ProfileOrderStateName`).
 * Wire strings stay as they are; values the guide does not list get no name.
 *
 * @example
 * ```ts
 * addEpkiStatusNames({ OrderInfo: { OrderStatus: 'ISSUED' } });
 * // { OrderInfo: { OrderStatus: 'ISSUED', OrderStatusName: 'ISSUED' } }
 * ```
 */
export function addEpkiStatusNames<T>(node: T): T {
  return decodeStatusFields(node, DECODED);
}
