/**
 * Audit lines of the gateway (shared allow-list writer): ids, names and kinds only; never a key, an HMAC key, a
 * CSR, a JWS or a credential.
 *
 * @module
 */
import { type AuditLog, auditLog } from '../../shared/index.ts';

/**
 * Writes one audit line.
 *
 * @example
 * ```ts
 * audit({ event: 'finalized', account, order, gsOrderId });
 * ```
 */
export const audit: AuditLog<'account' | 'tenant' | 'profile' | 'order' | 'gsOrderId' | 'kind' | 'path' | 'error'> =
  auditLog('acme', ['account', 'tenant', 'profile', 'order', 'gsOrderId', 'kind', 'path', 'error']);
