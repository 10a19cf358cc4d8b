/**
 * Status codes of the MSSL guide (v2.9, section 10) as named values: order/certificate status (10.1, 1–7), the
 * modification events of GetModifiedOrders (10.2), MSSL domain status (10.3, 0–11) and MSSL profile status (10.4,
 * 1–6). The wire carries the code (or, for events, the name) as a string; the decoders add a name next to it and
 * never replace it.
 *
 * @module
 */
import { decodeStatusFields, type StatusDecoders } from './status-decode.ts';

/** One status value: a stable name, and the guide's description. @example `ORDER_STATUS['2']` */
export interface StatusInfo {
  readonly name: string;
  readonly description: string;
}

/**
 * Order/certificate status (guide 10.1; `OrderStatus`, `CertificateStatus`).
 *
 * @example `ORDER_STATUS['4']?.name // 'ISSUED'`
 */
export const ORDER_STATUS: Readonly<Record<string, StatusInfo>> = {
  '1': { name: 'INITIAL', description: 'INITIAL' },
  '2': { name: 'WAITING_PHISHING_CHECK', description: 'Waiting for phishing check' },
  '3': { name: 'CANCELLED_NOT_ISSUED', description: 'Cancelled – Not Issued' },
  '4': { name: 'ISSUED', description: 'Issue completed' },
  '5': { name: 'CANCELLED_ISSUED', description: 'Cancelled – Issued' },
  '6': { name: 'WAITING_REVOCATION', description: 'Waiting for revocation' },
  '7': { name: 'REVOKED', description: 'Revoked' },
};

/**
 * Order status names → wire codes, for code that writes statuses (the simulator, filters).
 *
 * @example `ORDER_STATUS_CODE.REVOKED // '7'`
 */
export const ORDER_STATUS_CODE: {
  readonly INITIAL: '1';
  readonly WAITING_PHISHING_CHECK: '2';
  readonly CANCELLED_NOT_ISSUED: '3';
  readonly ISSUED: '4';
  readonly CANCELLED_ISSUED: '5';
  readonly WAITING_REVOCATION: '6';
  readonly REVOKED: '7';
} = {
  INITIAL: '1',
  WAITING_PHISHING_CHECK: '2',
  CANCELLED_NOT_ISSUED: '3',
  ISSUED: '4',
  CANCELLED_ISSUED: '5',
  WAITING_REVOCATION: '6',
  REVOKED: '7',
};

/**
 * A domain status: name, description, and whether certificates can be issued under it (guide 10.3).
 *
 * @example `DOMAIN_STATUS['3']`
 */
export interface DomainStatusInfo extends StatusInfo {
  readonly canIssue: boolean;
}

const vetting = { name: 'VETTING_IN_PROCESS', description: 'Vetting in process', canIssue: false } as const;
const gone = {
  name: 'CANCELLED',
  description: 'Domain has been Canceled, Removed, or Revoked',
  canIssue: false,
} as const;
const renewing = {
  name: 'RENEWAL_IN_PROCESS',
  description: 'Domain Renewal is in process (can issue until expiration date)',
  canIssue: true,
} as const;

/**
 * MSSL domain status (guide 10.3; `DomainStatus`, `MSSLDomainStatus`); no value 4.
 *
 * @example `DOMAIN_STATUS['9']?.canIssue // true`
 */
export const DOMAIN_STATUS: Readonly<Record<string, DomainStatusInfo>> = {
  '0': vetting,
  '1': vetting,
  '2': vetting,
  '3': { name: 'APPROVED', description: 'Approved', canIssue: true },
  '5': gone,
  '6': gone,
  '7': renewing,
  '8': { name: 'MANUAL_REVIEW', description: 'Domain flagged for manual review', canIssue: false },
  '9': renewing,
  '10': renewing,
  '11': {
    name: 'RENEWAL_MANUAL_REVIEW',
    description: 'Domain Renewal is in process: Queued for manual review',
    canIssue: false,
  },
};

/**
 * MSSL profile status (guide 10.4; `MSSLProfileStatus`, wire typo `MSSLPlofileStatus`); no value 4.
 *
 * @example `PROFILE_STATUS['6']?.name // 'REJECTED'`
 */
export const PROFILE_STATUS: Readonly<Record<string, StatusInfo>> = {
  '1': { name: 'INITIAL', description: 'INITIAL / Vetting in Progress' },
  '2': { name: 'VETTING_IN_PROGRESS', description: 'Vetting in Progress' },
  '3': { name: 'APPROVED', description: 'Vetting Completed / Available' },
  '5': { name: 'CANCELLED', description: 'Cancelled / Suspended' },
  '6': { name: 'REJECTED', description: 'Profile Rejected' },
};

/** One modification event of guide 10.2: its numeric code and description. @example `MODIFICATION_EVENTS.CERT_ISSUE` */
export interface ModificationEventInfo {
  readonly code: number;
  readonly description: string;
}

// Guide 10.2, name → [code, description]. Spellings as the service sends them (AUTHENTICATE_PHISING,
// READY_VARIFICATION_URL are real); two names the guide's layout broke across lines are joined.
const EVENTS: readonly (readonly [string, number, string])[] = [
  ['ORDER_REQUEST', 0, 'Certificate application accepted'],
  ['ORDER_CONSENT', 1, 'Certificate application permitted'],
  ['ORDER_NOT_CONSENT', 2, 'Certificate application refused'],
  ['ORDER_VALIDATE_REGISTER', 3, 'Vetting requested to RA'],
  ['ORDER_APPROVE_DENIAL', 6, 'Order rejected by RA'],
  ['CERT_ISSUE', 7, 'Issue certificate'],
  ['ORDER_ISSUE_BEFORE_CANCEL', 8, 'Order cancelled before issue'],
  ['ORDER_ISSUE_AFTER_CANCEL', 9, 'Order cancelled after issue'],
  ['ORDER_CANCEL_REQUEST', 10, 'Request to cancel order'],
  ['CERT_REVOKE_REQUEST', 11, 'Request to revoke certificate'],
  ['CERT_REVOKE', 12, 'Certificate revoked'],
  ['CERT_REVOKE_DENIAL', 13, 'Certificate revocation refused'],
  ['CERT_CA_REVOKE', 14, 'Certificate revoked by CA'],
  ['CERT_TRANSFER', 15, 'Certificate transferred to other corporations'],
  ['CERT_REISSUE', 16, 'Certificate reissue'],
  ['ORDER_ERROR_RECOVERY', 17, 'Error recovered'],
  ['CERT_REVOKE_CANCEL', 23, 'Certificate revocation cancelled'],
  ['ORDER_REISSUE_REQUEST', 24, 'Application for certificate reissue'],
  ['REORDER_CANCEL_REQUEST', 25, 'Cancelled certificate reorder'],
  ['CERT_RENEWAL_INFORMATION', 27, 'Certificate renewal notice'],
  ['CERT_REVOKE_REGISTER', 28, 'Request vetting for revoke to RA'],
  ['ORDER_RESEND_APPROVAL_MAIL', 29, 'Resend approval e-mail'],
  ['ORDER_CHANGE_APPROVAL_MAIL', 30, 'Change approval e-mail address'],
  ['ORDER_CHANGE_PAY_AFTER', 31, 'Change the payment method to after payment'],
  ['ORDER_CHANGE_CONTRACTOR', 32, 'Change the contractor'],
  ['ORDER_CHANGE_SALES', 33, 'Change the sales group, sales staff'],
  ['SEAL_REGISTER', 35, 'Request for seal register'],
  ['SEAL_REVOKE', 36, 'Request to delete seal'],
  ['SEAL_CHANGE', 37, 'Request to change seal'],
  ['DELETE_PKCS12', 38, 'Delete PKCS12'],
  ['DOWNLOAD_PKCS12', 39, 'Download PKCS12'],
  ['VALIDATE_PHISHING', 40, 'Caught in Phishing, vetting'],
  ['EDIT_CONTACT', 41, 'Change the contact information'],
  ['AGENCY_AUTHENTIC', 42, 'Approve order application from agency'],
  ['CHANGE_AUTH', 43, 'Change authenticate information'],
  ['ORDER_REISSUE_REGISTER', 44, 'Request reissue to RA'],
  ['ORDER_REISSUED_REQUEST', 45, 'Reissue request from GAS'],
  ['ORDER_CHANGE_SAN_REQUEST', 46, 'Request to change the SAN'],
  ['ORDER_CHANGED_SAN_REQUEST', 47, 'Received request to change SAN'],
  ['ORDER_CHANGE_SAN_REGISTER', 48, 'Send request to change SAN to RA'],
  ['EV_AUTHENTIC', 49, 'Primary approval of EV'],
  ['CERT_ISSUE_PAID', 51, 'Card payment done when the certificate is issued'],
  ['ORDER_CANCEL_REQUEST_4_RA_OPERATOR', 52, 'Order cancel request by RA operator'],
  ['ORDER_CANCEL_REQUEST_4_APPROVAL_EMAIL', 53, 'Request order cancel by approval e-mail'],
  ['AUTHENTICATE_PHISING', 54, 'Approve phishing'],
  ['READY_VARIFICATION_URL', 55, 'Ready for URL approval'],
  ['VARIFICATION_URL', 56, 'URL approval completed'],
];

/**
 * `ModificationEventName` → code and description (guide 10.2).
 *
 * @example `MODIFICATION_EVENTS.CERT_REVOKE?.code // 12`
 */
export const MODIFICATION_EVENTS: Readonly<Record<string, ModificationEventInfo>> = Object.freeze(
  Object.fromEntries(EVENTS.map(([name, code, description]) => [name, { code, description }])),
);

const lookup = <T>(table: Readonly<Record<string, T>>, code: unknown): T | undefined =>
  code === undefined || code === null ? undefined : table[String(code).trim()];

/**
 * The name of an order/certificate status code, or `undefined` for a code the guide does not list.
 *
 * @example
 * ```ts
 * orderStatusName('4'); // 'ISSUED'
 * ```
 */
export function orderStatusName(code: unknown): string | undefined {
  return lookup(ORDER_STATUS, code)?.name;
}

/**
 * The name of an MSSL domain status code.
 *
 * @example
 * ```ts
 * domainStatusName('3'); // 'APPROVED'
 * ```
 */
export function domainStatusName(code: unknown): string | undefined {
  return lookup(DOMAIN_STATUS, code)?.name;
}

/**
 * Whether certificates can be issued under a domain in this status (guide 10.3); `false` for unknown codes.
 *
 * @example
 * ```ts
 * domainCanIssue('9'); // true (renewal in process, until expiry)
 * ```
 */
export function domainCanIssue(code: unknown): boolean {
  return lookup(DOMAIN_STATUS, code)?.canIssue ?? false;
}

/**
 * The name of an MSSL profile status code.
 *
 * @example
 * ```ts
 * profileStatusName('6'); // 'REJECTED'
 * ```
 */
export function profileStatusName(code: unknown): string | undefined {
  return lookup(PROFILE_STATUS, code)?.name;
}

/**
 * The guide's description of a modification event name.
 *
 * @example
 * ```ts
 * modificationEventDescription('CERT_ISSUE'); // 'Issue certificate'
 * ```
 */
export function modificationEventDescription(name: unknown): string | undefined {
  return lookup(MODIFICATION_EVENTS, name)?.description;
}

// Wire field → [added field, decoder]. Both profile spellings get the corrected name.
const DECODED: StatusDecoders = {
  OrderStatus: ['OrderStatusName', orderStatusName],
  CertificateStatus: ['CertificateStatusName', orderStatusName],
  DomainStatus: ['DomainStatusName', domainStatusName],
  MSSLDomainStatus: ['MSSLDomainStatusName', domainStatusName],
  MSSLProfileStatus: ['MSSLProfileStatusName', profileStatusName],
  MSSLPlofileStatus: ['MSSLProfileStatusName', profileStatusName],
  ModificationEventName: ['ModificationEventDescription', modificationEventDescription],
};

type Extra<T, K extends string, N extends string> = K extends keyof T ? { readonly [P in N]?: string } : unknown;

/**
 * A response type with the decoded status names the clients add next to each wire status field.
 *
 * @example `StatusNames<{ OrderStatus: string }>`
 */
export type StatusNames<T> = T extends (infer U)[]
  ? StatusNames<U>[]
  : T extends readonly (infer U)[]
    ? readonly StatusNames<U>[]
    : T extends object
      ? { readonly [K in keyof T]: StatusNames<T[K]> } & Extra<T, 'OrderStatus', 'OrderStatusName'> &
          Extra<T, 'CertificateStatus', 'CertificateStatusName'> &
          Extra<T, 'DomainStatus', 'DomainStatusName'> &
          Extra<T, 'MSSLDomainStatus', 'MSSLDomainStatusName'> &
          Extra<T, 'MSSLProfileStatus' | 'MSSLPlofileStatus', 'MSSLProfileStatusName'> &
          Extra<T, 'ModificationEventName', 'ModificationEventDescription'>
      : T;

/**
 * Adds, in place and at any depth, a decoded name next to every status field the guide documents (`OrderStatus` →
 * `OrderStatusName`, `MSSLPlofileStatus` → `MSSLProfileStatusName`, `ModificationEventName` →
 * `ModificationEventDescription`…). Wire strings stay as they are; unknown codes get no name.
 *
 * @example
 * ```ts
 * addStatusNames({ OrderInfo: { OrderStatus: '4' } });
 * // { OrderInfo: { OrderStatus: '4', OrderStatusName: 'ISSUED' } }
 * ```
 */
export function addStatusNames<T>(node: T): StatusNames<T> {
  return decodeStatusFields(node, DECODED) as StatusNames<T>;
}
