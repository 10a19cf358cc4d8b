/**
 * Plain-language messages for every refusal of the enrollment Worker. The kinds come from the page ↔ Worker
 * contract (`workers/shared/enroll-contract.ts`); the table below must name each one, so a new kind cannot ship
 * without its message.
 *
 * @module
 */
import {
  type EnrollProblemKind,
  type InvitationState,
  readEnrollProblem,
} from '../../workers/shared/enroll-contract.ts';

/** What stopped the enrollment: a refusal of the Worker, the network, or a check in the page. */
export type FailureKind = EnrollProblemKind | 'network' | 'local';

/** A failure the page explains to the person. */
export class EnrollFailure extends Error {
  readonly kind: FailureKind;
  readonly status: number | undefined;
  constructor(kind: FailureKind, message: string, status?: number) {
    super(message);
    this.name = 'EnrollFailure';
    this.kind = kind;
    this.status = status;
  }
}

const MESSAGES: { readonly [K in EnrollProblemKind]: string } = {
  'invitation-spent': 'This invitation has already been used. Ask your administrator for a new invitation.',
  'invitation-expired': 'This invitation has expired. Ask your administrator for a new invitation.',
  'invitation-invalid':
    'This invitation link is not valid. Check that you opened the whole link from your email, or ask for a new one.',
  'rate-limited': 'Too many attempts in a short time.',
  'csr-identity-mismatch': 'The certificate request named someone other than you, so it was refused.',
  'csr-rejected': 'The certificate request does not meet the key policy.',
  'csr-invalid': 'The certificate request could not be read by the service.',
  'origin-not-allowed': 'This page is not allowed to use the enrollment service. Use the link from your invitation.',
  'body-too-large': 'The request was too large and was refused.',
  'malformed-request': 'The request was refused as malformed.',
  'unsupported-media-type': 'The request was refused as malformed.',
  'issuance-refused': 'The certificate authority refused the order.',
  'issuance-unavailable': 'The certificate authority could not be reached. Try again in a few minutes.',
  'server-misconfigured': 'The enrollment service is not set up correctly. Please tell your administrator.',
  'not-found': 'The enrollment service does not know this request. The page may be out of date: reload it.',
  'method-not-allowed': 'The enrollment service does not know this request. The page may be out of date: reload it.',
  unauthorized: 'The enrollment service refused this request.',
};

/** Titles of the error box, for the failures that have their own. */
export const TITLES: { readonly [K in FailureKind]?: string } = {
  'invitation-spent': 'Invitation already used',
  'invitation-expired': 'Invitation expired',
  'invitation-invalid': 'Invitation not valid',
  'rate-limited': 'Please wait',
  network: 'Service unreachable',
};

/** The refusal kind that corresponds to an invitation state other than `valid`. */
export const STATE_KINDS: { readonly [S in Exclude<InvitationState, 'valid'>]: EnrollProblemKind } = {
  spent: 'invitation-spent',
  expired: 'invitation-expired',
  invalid: 'invitation-invalid',
};

/**
 * Whether a failure means the invitation itself is unusable (trying again cannot help).
 *
 * @example
 * ```ts
 * button.disabled = isFinal(failure.kind);
 * ```
 */
export function isFinal(kind: FailureKind): boolean {
  return kind === 'invitation-spent' || kind === 'invitation-expired' || kind === 'invitation-invalid';
}

/**
 * The failure of an unusable invitation state, with its message.
 *
 * @example
 * ```ts
 * throw failureOfState('spent');
 * ```
 */
export function failureOfState(state: Exclude<InvitationState, 'valid'>): EnrollFailure {
  const kind = STATE_KINDS[state];
  return new EnrollFailure(kind, MESSAGES[kind]);
}

/**
 * Turns a problem+json body (or anything else) into an {@link EnrollFailure} with a message for people.
 *
 * @example
 * ```ts
 * throw failureOf(403, await res.json().catch(() => null));
 * ```
 */
export function failureOf(status: number, body: unknown): EnrollFailure {
  const p = readEnrollProblem(body);
  if (p.kind === undefined) {
    return new EnrollFailure('local', `The enrollment service answered with an error (HTTP ${status}).`, status);
  }
  let extra = '';
  if (p.kind === 'rate-limited' && p.retryAfter !== undefined) extra = ` Wait ${p.retryAfter} seconds and try again.`;
  else if (p.kind === 'issuance-refused' && p.definitive)
    extra = ' Your invitation was not used up: you can try again.';
  else if (p.detail && !isFinal(p.kind)) extra = ` Details: ${p.detail}`;
  return new EnrollFailure(p.kind, MESSAGES[p.kind] + extra, status);
}
