/**
 * Audit lines of the enrollment Worker (shared writer, `workers/shared/audit.ts`): only ids, emails, addresses,
 * kinds, states and order numbers; never a token, a CSR, a credential or a key.
 *
 * @module
 */
import { type AuditLog, auditLog } from '../../shared/index.ts';

/** The fields an enroll audit line may carry (anything else is dropped). */
export type EnrollAuditField = 'jti' | 'email' | 'ip' | 'kind' | 'state' | 'orderId' | 'exp' | 'path' | 'error';

/**
 * Writes one audit line.
 *
 * @example
 * ```ts
 * audit({ event: 'issued', jti, email, orderId });
 * ```
 */
export const audit: AuditLog<EnrollAuditField> = auditLog('enroll', [
  'jti',
  'email',
  'ip',
  'kind',
  'state',
  'orderId',
  'exp',
  'path',
  'error',
]);
