/**
 * Audit log lines of the enrollment Worker: one JSON object per line on the console (Workers Logs / `wrangler
 * tail`). Only ids, emails, addresses, kinds and order numbers: never a token, a CSR, a credential or a key.
 *
 * @module
 */

/** Fields an audit line may carry (an allow-list: anything else is dropped). */
export interface AuditEvent {
  readonly event: string;
  readonly jti?: string;
  readonly email?: string;
  readonly ip?: string;
  readonly kind?: string;
  readonly orderId?: string;
  readonly exp?: number;
  readonly path?: string;
  readonly error?: string;
}

const FIELDS = ['event', 'jti', 'email', 'ip', 'kind', 'orderId', 'exp', 'path', 'error'] as const;

/**
 * Writes one audit line.
 *
 * @example
 * ```ts
 * audit({ event: 'issued', jti, email, orderId });
 * ```
 */
export function audit(e: AuditEvent): void {
  const line: Record<string, unknown> = { audit: 'enroll', at: new Date().toISOString() };
  for (const k of FIELDS) if (e[k] !== undefined) line[k] = e[k];
  console.log(JSON.stringify(line));
}
