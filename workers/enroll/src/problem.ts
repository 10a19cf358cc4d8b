/**
 * RFC 9457 problem details for every refusal of the enrollment Worker. Each kind has a stable `type` URI, an HTTP
 * status and a title; `detail` says what went wrong in this request, never with a secret or a token in it.
 *
 * @module
 */

/** Base of every problem `type` URI. The URIs are identifiers: stable, not necessarily resolvable. */
export const PROBLEM_BASE = 'https://globalsign-kit.dev/problems/enroll/';

/** Every refusal the Worker can answer, with its status and title. */
export const PROBLEMS: {
  readonly [K in ProblemKind]: { readonly status: number; readonly title: string };
} = {
  'not-found': { status: 404, title: 'No such endpoint' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'origin-not-allowed': { status: 403, title: 'Origin not allowed' },
  'unsupported-media-type': { status: 415, title: 'Send application/json' },
  'body-too-large': { status: 413, title: 'Request body too large' },
  'malformed-request': { status: 400, title: 'Malformed request' },
  'invitation-invalid': { status: 401, title: 'Invitation not valid' },
  'invitation-expired': { status: 401, title: 'Invitation expired' },
  'invitation-spent': { status: 409, title: 'Invitation already used' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'csr-invalid': { status: 422, title: 'CSR cannot be read' },
  'csr-rejected': { status: 422, title: 'CSR does not meet the key policy' },
  'csr-identity-mismatch': { status: 422, title: 'CSR names someone other than the invited person' },
  unauthorized: { status: 401, title: 'Administrator secret missing or wrong' },
  'issuance-refused': { status: 502, title: 'The certificate authority refused the order' },
  'issuance-unavailable': { status: 503, title: 'The certificate authority could not be reached' },
  'server-misconfigured': { status: 500, title: 'The enrollment service is not configured' },
};

/** Stable name of a refusal; the `type` URI is {@link PROBLEM_BASE} + kind. */
export type ProblemKind =
  | 'not-found'
  | 'method-not-allowed'
  | 'origin-not-allowed'
  | 'unsupported-media-type'
  | 'body-too-large'
  | 'malformed-request'
  | 'invitation-invalid'
  | 'invitation-expired'
  | 'invitation-spent'
  | 'rate-limited'
  | 'csr-invalid'
  | 'csr-rejected'
  | 'csr-identity-mismatch'
  | 'unauthorized'
  | 'issuance-refused'
  | 'issuance-unavailable'
  | 'server-misconfigured';

/** A refusal on its way to becoming a response: thrown inside the Worker, turned into problem+json at the top. */
export class Problem extends Error {
  readonly kind: ProblemKind;
  readonly detail: string;
  /** Extra members of the problem object (e.g. `findings`), and headers such as `Retry-After`. */
  readonly extra: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;
  constructor(
    kind: ProblemKind,
    detail: string,
    extra: Readonly<Record<string, unknown>> = {},
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(`${kind}: ${detail}`);
    this.name = 'Problem';
    this.kind = kind;
    this.detail = detail;
    this.extra = extra;
    this.headers = headers;
  }
}

/**
 * Builds the `application/problem+json` response of a refusal.
 *
 * @example
 * ```ts
 * return problemResponse(new Problem('invitation-spent', 'This invitation has already been used.'));
 * ```
 */
export function problemResponse(p: Problem, instance?: string): Response {
  const { status, title } = PROBLEMS[p.kind];
  const body = {
    type: PROBLEM_BASE + p.kind,
    title,
    status,
    detail: p.detail,
    ...(instance ? { instance } : {}),
    ...p.extra,
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...p.headers },
  });
}
