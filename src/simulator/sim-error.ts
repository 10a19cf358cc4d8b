/**
 * The simulator's business error: the router answers `SuccessCode -1` with its code, as the live service does.
 *
 * @module
 */

/**
 * A business error: the simulator answers `SuccessCode -1` with this code, as the live service does.
 *
 * @example
 * ```ts
 * throw new SimApiError('-9916', 'OrderID', 'Certificate Order not found');
 * ```
 */
export class SimApiError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  constructor(code: string, field?: string, message?: string) {
    super(message ?? code);
    this.name = 'SimApiError';
    this.code = code;
    this.field = field;
  }
}
