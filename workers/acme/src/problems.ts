/**
 * ACME problem documents (RFC 8555 section 6.7, RFC 7807): `urn:ietf:params:acme:error:*` types with their HTTP
 * statuses, subproblems naming an identifier, thrown as {@link AcmeProblem} and answered as problem+json.
 *
 * @module
 */

/** The ACME error types this gateway answers, with their HTTP status. */
export const ACME_ERRORS = {
  accountDoesNotExist: 400,
  badCSR: 400,
  badNonce: 400,
  badPublicKey: 400,
  badSignatureAlgorithm: 400,
  connection: 400,
  dns: 400,
  externalAccountRequired: 400,
  incorrectResponse: 400,
  malformed: 400,
  orderNotReady: 403,
  rateLimited: 429,
  rejectedIdentifier: 400,
  serverInternal: 500,
  unauthorized: 403,
  unsupportedIdentifier: 400,
  userActionRequired: 403,
} as const;

/** Short name of an ACME error type. */
export type AcmeErrorType = keyof typeof ACME_ERRORS;

/** An identifier as in RFC 8555 (only `dns` is issued; `ip` is refused). */
export interface Identifier {
  readonly type: string;
  readonly value: string;
}

/** One subproblem: what went wrong with one identifier. */
export interface Subproblem {
  readonly type: string;
  readonly detail: string;
  readonly identifier: Identifier;
}

/** The JSON problem document. */
export interface ProblemDocument {
  readonly type: string;
  readonly detail: string;
  readonly status: number;
  readonly subproblems?: readonly Subproblem[];
  readonly algorithms?: readonly string[];
}

/** Full URN of an error type. */
export const urn = (t: AcmeErrorType): string => `urn:ietf:params:acme:error:${t}`;

/** A refusal on its way to becoming a problem response. */
export class AcmeProblem extends Error {
  readonly type: AcmeErrorType;
  readonly detail: string;
  readonly subproblems: readonly Subproblem[];
  readonly headers: Readonly<Record<string, string>>;
  constructor(
    type: AcmeErrorType,
    detail: string,
    subproblems: readonly Subproblem[] = [],
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(`${type}: ${detail}`);
    this.name = 'AcmeProblem';
    this.type = type;
    this.detail = detail;
    this.subproblems = subproblems;
    this.headers = headers;
  }

  /** The problem document. */
  toJSON(): ProblemDocument {
    const doc: ProblemDocument = { type: urn(this.type), detail: this.detail, status: ACME_ERRORS[this.type] };
    if (this.type === 'badSignatureAlgorithm') return { ...doc, algorithms: ['ES256', 'ES384', 'RS256'] };
    return this.subproblems.length ? { ...doc, subproblems: this.subproblems } : doc;
  }

  /** Rebuilds a problem from its document (answers of the Durable Objects). */
  static fromJSON(doc: ProblemDocument): AcmeProblem {
    const short = doc.type.replace('urn:ietf:params:acme:error:', '') as AcmeErrorType;
    const type = short in ACME_ERRORS ? short : 'serverInternal';
    return new AcmeProblem(type, doc.detail, doc.subproblems ?? []);
  }
}

/**
 * A subproblem for `identifier`.
 *
 * @example
 * ```ts
 * sub('rejectedIdentifier', 'not under an approved domain', { type: 'dns', value: 'www.other.test' });
 * ```
 */
export function sub(type: AcmeErrorType, detail: string, identifier: Identifier): Subproblem {
  return { type: urn(type), detail, identifier };
}

/**
 * The `application/problem+json` response of a problem.
 *
 * @example
 * ```ts
 * return problemResponse(new AcmeProblem('badNonce', 'The nonce was used before.'), { 'replay-nonce': nonce });
 * ```
 */
export function problemResponse(p: AcmeProblem, headers: Readonly<Record<string, string>> = {}): Response {
  return new Response(JSON.stringify(p.toJSON()), {
    status: ACME_ERRORS[p.type],
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...p.headers, ...headers },
  });
}
