/**
 * Query (GASService) and Account error codes. The MSSL guide (v2.9, section 10.5) has one code table for the MSSL,
 * Query and Account services, so the Query registry holds the same codes and explanations as the MSSL one — and,
 * like it, differs from EPKI's: -9952 is "TLD not allowed for ordering" here (EPKI: result over limit), and -9940
 * keeps both of its meanings (dates before today; a previously revoked key), separated by ` | `.
 *
 * @module
 */
import { MSSL_ERROR_CODES } from './mssl-codes.ts';

/**
 * Query `ErrorCode` → the guide's explanation.
 *
 * @example
 * ```ts
 * QUERY_ERROR_CODES['-9916']; // 'Cannot find the certificate that is associated with the order id …'
 * ```
 */
export const QUERY_ERROR_CODES: Readonly<Record<string, string>> = Object.freeze({ ...MSSL_ERROR_CODES });

/**
 * AccountService `ErrorCode` → the guide's explanation (the same table: the guide documents no Account-only codes).
 *
 * @example
 * ```ts
 * ACCOUNT_ERROR_CODES['-4001']; // 'Login failure invalid user ID. …'
 * ```
 */
export const ACCOUNT_ERROR_CODES: Readonly<Record<string, string>> = QUERY_ERROR_CODES;
