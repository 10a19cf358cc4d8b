/**
 * The Workers' shared HTTP pieces, written once: RFC 9457 problem documents, size-capped request bodies, CORS,
 * bearer auth, the client address, audit lines, sliding-window rate limits. Workers import this entry point (and the page the enroll contract,
 * `enroll-contract.ts`); none of it reaches into `src/`.
 *
 * @example
 * ```ts
 * import { COMMON_PROBLEMS, Problem, problemSet, readJsonObject } from '../../shared/index.ts';
 * const P = problemSet('https://example.com/problems/', COMMON_PROBLEMS);
 * const body = await readJsonObject(request, 16384).catch((e) => { throw e; });
 * ```
 *
 * @module
 */
export { type AuditEvent, type AuditLog, auditLog } from './audit.ts';
export { drainBody, intSetting, readBodyBytes, readBodyText, readJsonObject } from './body.ts';
export {
  bearerToken,
  type ClientAddressSource,
  clientAddress,
  clientAddressSource,
  type CorsPolicy,
  corsHeaders,
  hasBearer,
  parseOrigins,
  requireBearer,
  withHeaders,
} from './http.ts';
export { type RateHit, type RateWindow, slidingWindowHit } from './rate-window.ts';
export {
  COMMON_PROBLEMS,
  type CommonProblemKind,
  Problem,
  type ProblemCatalog,
  type ProblemDocument,
  type ProblemSet,
  type ProblemSpec,
  problemSet,
} from './problem.ts';
