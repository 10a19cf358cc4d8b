/**
 * Audit lines: one JSON object per line on the console (Workers Logs / `wrangler tail`), built from an allow-list
 * of fields. A field not on the list is dropped, whatever the caller passes, so a token, a CSR, a credential or a
 * key cannot reach the log by accident; string values are cut at 256 characters.
 *
 * @module
 */

/** One audit event: its name and the allowed fields `F`. */
export type AuditEvent<F extends string> = { readonly event: string } & {
  readonly [P in F]?: string | number | boolean;
};

/** Writes one audit line (see {@link auditLog}). */
export type AuditLog<F extends string> = (e: AuditEvent<F>) => void;

const MAX_VALUE = 256;

/**
 * Makes the audit writer of a Worker: lines `{"audit":<source>,"at":<ISO time>,"event":…,<allowed fields>}`.
 * `sink` defaults to `console.log`.
 *
 * @example
 * ```ts
 * const audit = auditLog('enroll', ['jti', 'email', 'ip', 'kind', 'orderId'] as const);
 * audit({ event: 'issued', jti, email, orderId });
 * ```
 */
export function auditLog<F extends string>(
  source: string,
  fields: readonly F[],
  sink: (line: string) => void = (l) => console.log(l),
): AuditLog<F> {
  const allowed: readonly string[] = ['event', ...fields];
  return (e) => {
    const line: Record<string, unknown> = { audit: source, at: new Date().toISOString() };
    for (const k of allowed) {
      const v = (e as Readonly<Record<string, unknown>>)[k];
      if (typeof v === 'string') line[k] = v.length > MAX_VALUE ? `${v.slice(0, MAX_VALUE)}…` : v;
      else if (typeof v === 'number' || typeof v === 'boolean') line[k] = v;
    }
    sink(JSON.stringify(line));
  };
}
