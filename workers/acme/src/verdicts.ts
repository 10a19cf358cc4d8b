/**
 * Why an order ended `invalid` after finalize, in words a person can act on: which GlobalSign order to look at in
 * GCC (GlobalSign Certificate Center), or, when it is unknown whether one was placed, what to look for (the common
 * name and the time of submission), and what to do next.
 *
 * @module
 */
import type { ProblemDocument } from './problems.ts';
import { urn } from './problems.ts';

/** What a verdict needs to know about the order. */
export interface Facts {
  /** The CSR's common name. */
  readonly cn: string;
  /** When the first PVOrder was sent, ISO 8601. */
  readonly firstSentAt: string;
  /** `ISSUE_DEADLINE_SECONDS`. */
  readonly deadlineSeconds: number;
}

const NEXT = 'then finalize a new order';

/**
 * A duration in the largest whole unit that fits: `72 hours`, `5 minutes`, `8 seconds`.
 *
 * @example
 * ```ts
 * span(259_200); // '72 hours'
 * ```
 */
export function span(seconds: number): string {
  const [n, unit] =
    seconds % 3600 === 0
      ? [seconds / 3600, 'hour']
      : seconds % 60 === 0
        ? [seconds / 60, 'minute']
        : [seconds, 'second'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

const invalid = (detail: string): ProblemDocument => ({ type: urn('serverInternal'), detail, status: 500 });

/**
 * The deadline passed while GlobalSign order `gsOrderId` was known and not issued (`status`: its last state, or why
 * it could not be read).
 *
 * @example
 * ```ts
 * notIssued('MS000123', 'INITIAL', facts).detail; // 'GlobalSign order MS000123 for www.example.com has not issued…'
 * ```
 */
export function notIssued(gsOrderId: string, status: string, f: Facts): ProblemDocument {
  return invalid(
    `GlobalSign order ${gsOrderId} for ${f.cn} has not issued within ${span(f.deadlineSeconds)} of finalize (${status}); ` +
      `look at it in GCC: cancel it, or contact GlobalSign support about it; ${NEXT}.`,
  );
}

/**
 * The deadline passed and it is still unknown whether PVOrder was placed (GlobalSign's answers and the searches
 * that followed failed): what to look for in GCC.
 *
 * @example
 * ```ts
 * outcomeUnknown('the search failed', facts).detail; // 'It is unknown whether GlobalSign placed the order for …'
 * ```
 */
export function outcomeUnknown(reason: string, f: Facts): ProblemDocument {
  return invalid(
    `It is unknown whether GlobalSign placed the order for ${f.cn} (${reason}), and ${span(f.deadlineSeconds)} have ` +
      `passed since finalize; look in GCC for an SSL order for ${f.cn} submitted from ${f.firstSentAt} on: cancel ` +
      `it if there is one, or contact GlobalSign support; ${NEXT}.`,
  );
}

/**
 * The deadline passed and a complete search proved that no GlobalSign order was placed: nothing to clean up.
 *
 * @example
 * ```ts
 * notPlaced(facts).detail; // 'No GlobalSign order for www.example.com was placed within 72 hours…'
 * ```
 */
export function notPlaced(f: Facts): ProblemDocument {
  return invalid(
    `No GlobalSign order for ${f.cn} was placed within ${span(f.deadlineSeconds)} of finalize (GlobalSign did not ` +
      `answer; a search found no order); nothing was ordered: finalize a new order.`,
  );
}

/**
 * Reconciliation found orders that could be this one and cannot tell them apart (one that shows no key, or
 * several): an operator decides.
 *
 * @example
 * ```ts
 * ambiguous(['MS1', 'MS2'], facts).detail; // '2 GlobalSign orders for www.example.com (MS1, MS2) might be…'
 * ```
 */
export function ambiguous(gsOrderIds: readonly string[], f: Facts): ProblemDocument {
  if (gsOrderIds.length === 1) {
    return invalid(
      `GlobalSign order ${gsOrderIds[0]} for ${f.cn} might be this one, and GlobalSign shows no key to tell; look at ` +
        `it in GCC and cancel it if it is not wanted; ${NEXT}.`,
    );
  }
  return invalid(
    `${gsOrderIds.length} GlobalSign orders for ${f.cn} (${gsOrderIds.join(', ')}) might be this one and cannot be ` +
      `told apart; look at them in GCC and cancel the ones not wanted; ${NEXT}.`,
  );
}

/**
 * GlobalSign ended the order without issuing it (cancelled, revoked, rejected by the phishing check).
 *
 * @example
 * ```ts
 * ended('MS000123', 'CANCELLED', facts).detail; // 'GlobalSign order MS000123 for www.example.com ended as CANCELLED…'
 * ```
 */
export function ended(gsOrderId: string, status: string, f: Facts): ProblemDocument {
  return invalid(
    `GlobalSign order ${gsOrderId} for ${f.cn} ended as ${status} without a certificate; GCC shows why; ${NEXT}.`,
  );
}

/**
 * GlobalSign refused the order (or a rule of ours did, before sending).
 *
 * @example
 * ```ts
 * refused('GlobalSign refused the order: -4001 …', facts).detail;
 * ```
 */
export function refused(reason: string, f: Facts): ProblemDocument {
  return invalid(`${reason} (for ${f.cn}); correct this, ${NEXT}.`);
}
