/**
 * The simulator Worker's own refusals (its admin API and the front's body limit) as RFC 9457 problems. SOAP
 * requests are answered by the simulator itself, as GlobalSign answers them.
 *
 * @module
 */
import { COMMON_PROBLEMS, type CommonProblemKind, type ProblemSet, problemSet } from '../../shared/index.ts';

/** Base of the simulator Worker's problem `type` URIs. */
export const SIMULATOR_PROBLEM_BASE = 'https://globalsign-kit.dev/problems/simulator/';

/** Kinds of the simulator Worker's problems. */
export type SimulatorProblemKind = CommonProblemKind | 'conflict';

/**
 * The simulator Worker's problems.
 *
 * @example
 * ```ts
 * return SIMULATOR_PROBLEMS.response(new Problem('not-found', 'There is nothing here.'));
 * ```
 */
export const SIMULATOR_PROBLEMS: ProblemSet<SimulatorProblemKind> = problemSet(SIMULATOR_PROBLEM_BASE, {
  ...COMMON_PROBLEMS,
  unauthorized: { status: 401, title: 'Admin secret missing or wrong' },
  'server-misconfigured': { status: 500, title: 'The simulator is not configured' },
  conflict: { status: 409, title: 'The account exists already' },
});
