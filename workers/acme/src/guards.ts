/**
 * Guards of the gateway's admin endpoint.
 *
 * @module
 */

/**
 * Compares two secrets in time independent of where they differ (both are hashed first).
 *
 * @example
 * ```ts
 * if (!(await secretsEqual(given, env.ADMIN_SECRET))) throw new AcmeProblem('unauthorized', '…');
 * ```
 */
export async function secretsEqual(a: string, b: string): Promise<boolean> {
  const enc = new TextEncoder();
  const [x, y] = await Promise.all([
    crypto.subtle.digest('SHA-256', enc.encode(a)),
    crypto.subtle.digest('SHA-256', enc.encode(b)),
  ]);
  const u = new Uint8Array(x);
  const v = new Uint8Array(y);
  let diff = 0;
  for (let i = 0; i < u.length; i++) diff |= (u[i] ?? 0) ^ (v[i] ?? 0);
  return diff === 0;
}
