/**
 * The contract between the enrollment page (`demo/`) and the enroll Worker, written once: routes, request and
 * response bodies, every refusal kind with its status and `type` URI, and the typed readers the page uses on what
 * it receives. Both sides import this module; neither spells a route or a kind as its own string.
 *
 * @module
 */
import { COMMON_PROBLEMS, type CommonProblemKind, type ProblemSet, problemSet } from './problem.ts';

/** Paths of the enroll Worker. */
export const ENROLL_ROUTES: {
  readonly enroll: '/enroll';
  readonly invitationStatus: '/invitation/status';
  readonly adminInvitations: '/admin/invitations';
  readonly health: '/health';
} = {
  enroll: '/enroll',
  invitationStatus: '/invitation/status',
  adminInvitations: '/admin/invitations',
  health: '/health',
};

/** `POST /enroll`. */
export interface EnrollRequest {
  /** The token from the invitation link. */
  readonly invitation: string;
  /** PEM certificate request. */
  readonly csr: string;
}

/** `201` answer of `POST /enroll`. */
export interface EnrollResponse {
  readonly orderId: string;
  readonly email: string;
  /** The leaf, PEM. */
  readonly certificate: string;
  /** Issuers, the leaf's issuer first, PEM. */
  readonly chain: readonly string[];
}

/** `POST /invitation/status` `{ invitation }`. */
export interface InvitationStatusRequest {
  readonly invitation: string;
}

/** What an invitation is now: usable, already used, past its expiry, or not one of ours (forged, altered). */
export type InvitationState = 'valid' | 'spent' | 'expired' | 'invalid';

/** `200` answer of `POST /invitation/status`: the state and nothing else. */
export interface InvitationStatusResponse {
  readonly state: InvitationState;
}

/** Every refusal of the enroll Worker. */
export type EnrollProblemKind =
  | CommonProblemKind
  | 'invitation-invalid'
  | 'invitation-expired'
  | 'invitation-spent'
  | 'csr-invalid'
  | 'csr-rejected'
  | 'csr-identity-mismatch'
  | 'issuance-refused'
  | 'issuance-unavailable';

/** Base of the enroll Worker's problem `type` URIs (identifiers: stable, not necessarily resolvable). */
export const ENROLL_PROBLEM_BASE = 'https://globalsign-kit.dev/problems/enroll/';

/**
 * The enroll Worker's problems: `type` = {@link ENROLL_PROBLEM_BASE} + kind.
 *
 * @example
 * ```ts
 * ENROLL_PROBLEMS.typeOf('invitation-spent'); // 'https://globalsign-kit.dev/problems/enroll/invitation-spent'
 * ENROLL_PROBLEMS.kindOf(body.type); // 'invitation-spent'
 * ```
 */
export const ENROLL_PROBLEMS: ProblemSet<EnrollProblemKind> = problemSet(ENROLL_PROBLEM_BASE, {
  ...COMMON_PROBLEMS,
  'server-misconfigured': { status: 500, title: 'The enrollment service is not configured' },
  'invitation-invalid': { status: 401, title: 'Invitation not valid' },
  'invitation-expired': { status: 401, title: 'Invitation expired' },
  'invitation-spent': { status: 409, title: 'Invitation already used' },
  'csr-invalid': { status: 422, title: 'CSR cannot be read' },
  'csr-rejected': { status: 422, title: 'CSR does not meet the key policy' },
  'csr-identity-mismatch': { status: 422, title: 'CSR names someone other than the invited person' },
  'issuance-refused': { status: 502, title: 'The certificate authority refused the order' },
  'issuance-unavailable': { status: 503, title: 'The certificate authority could not be reached' },
});

/** The members of a refusal the page acts on. */
export interface EnrollProblemView {
  /** `undefined` when the body is not one of the enroll Worker's problems. */
  readonly kind: EnrollProblemKind | undefined;
  readonly detail: string | undefined;
  /** `rate-limited`: seconds to wait. */
  readonly retryAfter: number | undefined;
  /** `issuance-refused`: nothing was ordered and the invitation is usable again. */
  readonly definitive: boolean;
}

function record(json: unknown): Readonly<Record<string, unknown>> {
  return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
}

/**
 * Reads a problem+json body (or anything else) into an {@link EnrollProblemView}.
 *
 * @example
 * ```ts
 * const p = readEnrollProblem(await res.json().catch(() => null));
 * if (p.kind === 'rate-limited') wait(p.retryAfter);
 * ```
 */
export function readEnrollProblem(json: unknown): EnrollProblemView {
  const p = record(json);
  return {
    kind: ENROLL_PROBLEMS.kindOf(p.type),
    detail: typeof p.detail === 'string' ? p.detail : undefined,
    retryAfter: typeof p.retryAfter === 'number' && Number.isFinite(p.retryAfter) ? p.retryAfter : undefined,
    definitive: p.definitive === true,
  };
}

/**
 * Reads a `201` answer of `POST /enroll`; `undefined` when it lacks a member or one has the wrong type.
 *
 * @example
 * ```ts
 * const issued = readEnrollResponse(await res.json());
 * if (!issued) throw new Error('no certificate in the answer');
 * ```
 */
export function readEnrollResponse(json: unknown): EnrollResponse | undefined {
  const { orderId, email, certificate, chain } = record(json);
  if (typeof orderId !== 'string' || typeof email !== 'string' || typeof certificate !== 'string') return undefined;
  if (!Array.isArray(chain) || !chain.every((c): c is string => typeof c === 'string')) return undefined;
  return { orderId, email, certificate, chain };
}

const STATES: readonly InvitationState[] = ['valid', 'spent', 'expired', 'invalid'];

/**
 * Reads a `200` answer of `POST /invitation/status`; `undefined` for anything else.
 *
 * @example
 * ```ts
 * readInvitationStatus({ state: 'spent' }); // 'spent'
 * ```
 */
export function readInvitationStatus(json: unknown): InvitationState | undefined {
  const { state } = record(json);
  return STATES.find((s) => s === state);
}

/** EPKI product codes an invitation may name, with the names people know them by. */
export const PRODUCT_NAMES: Readonly<Record<string, string>> = {
  EPKIPSPersonal: 'PersonalSign',
  EPKIPSDept: 'PersonalSign Department',
  EPKIPSPersonalPro: 'PersonalSign Pro',
  ePkiSmimeOnly: 'S/MIME email certificate',
};

/**
 * The product name of an EPKI product code (matched without regard to case), or a plain description.
 *
 * @example
 * ```ts
 * productName('EPKIPSPersonal'); // 'PersonalSign'
 * ```
 */
export function productName(code: string): string {
  const key = Object.keys(PRODUCT_NAMES).find((k) => k.toLowerCase() === code.toLowerCase());
  return key ? (PRODUCT_NAMES[key] ?? 'Email certificate') : 'Email certificate';
}
