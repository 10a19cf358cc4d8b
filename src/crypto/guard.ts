/**
 * The parsers' promise: whatever bytes or text they are given, the only error that leaves them is a
 * `CryptoError`. The DER reader throws `MALFORMED` itself; this is the net under each public entry point for
 * anything that would still slip through (a `RangeError`, a `TypeError`, a runtime's stack limit).
 *
 * @module
 */
import { CryptoError, isGlobalSignError } from '../errors.ts';

/**
 * `e` itself when it is a globalsign-kit error, else a `CryptoError('MALFORMED')` naming what was being read.
 *
 * @example
 * ```ts
 * catch (e) { throw asCryptoError(e, 'certificate'); }
 * ```
 */
export function asCryptoError(e: unknown, what: string): Error {
  if (isGlobalSignError(e)) return e;
  const detail = e instanceof Error ? e.message : String(e);
  return new CryptoError('MALFORMED', `malformed ${what}: ${detail}`, { cause: e });
}

/**
 * Runs a synchronous parse; anything but a globalsign-kit error becomes `CryptoError('MALFORMED')`.
 *
 * @example
 * ```ts
 * return parsing('certificate', () => new Certificate(der));
 * ```
 */
export function parsing<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw asCryptoError(e, what);
  }
}

/**
 * The asynchronous form of {@link parsing}.
 *
 * @example
 * ```ts
 * return parsingAsync('CSR', () => readCsr(input));
 * ```
 */
export async function parsingAsync<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw asCryptoError(e, what);
  }
}
