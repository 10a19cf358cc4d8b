/**
 * Plain-language messages for every refusal of the enrollment Worker (by the problem `type`'s last segment).
 *
 * @module
 */

/** A failure the page explains to the person. */
export class EnrollFailure extends Error {
  /** Problem kind (`invitation-spent`…), `network` or `local`. */
  readonly kind: string;
  readonly status: number | undefined;
  constructor(kind: string, message: string, status?: number) {
    super(message);
    this.name = 'EnrollFailure';
    this.kind = kind;
    this.status = status;
  }
}

const MESSAGES: Readonly<Record<string, string>> = {
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
};

/**
 * Turns a problem+json body (or anything else) into an {@link EnrollFailure} with a message for people.
 *
 * @example
 * ```ts
 * throw failureOf(403, await res.json().catch(() => null));
 * ```
 */
export function failureOf(status: number, body: unknown): EnrollFailure {
  const p = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const kind = typeof p.type === 'string' ? (p.type.split('/').pop() ?? 'unknown') : 'unknown';
  const base = MESSAGES[kind] ?? `The enrollment service answered with an error (HTTP ${status}).`;
  const detail = typeof p.detail === 'string' ? p.detail : '';
  let extra = '';
  if (kind === 'rate-limited' && typeof p.retryAfter === 'number')
    extra = ` Wait ${p.retryAfter} seconds and try again.`;
  else if (kind === 'issuance-refused' && p.definitive === true)
    extra = ' Your invitation was not used up: you can try again.';
  else if (detail && kind !== 'invitation-spent' && kind !== 'invitation-expired') extra = ` Details: ${detail}`;
  return new EnrollFailure(kind, base + extra, status);
}
