/**
 * ACME problem documents (RFC 8555 section 6.7) on the shared problem module (`workers/shared`): every kind has its
 * `urn:ietf:params:acme:error:*` type and HTTP status; subproblems name an identifier. The shared helpers' own
 * refusals (body too large, bad JSON, wrong media type…) are answered with ACME types too.
 *
 * @module
 */
import { type CommonProblemKind, Problem, type ProblemCatalog, problemSet } from '../../shared/index.ts';

/** The ACME error types this gateway answers. */
export type AcmeErrorType =
  | 'accountDoesNotExist'
  | 'alreadyReplaced'
  | 'alreadyRevoked'
  | 'badCSR'
  | 'badNonce'
  | 'badPublicKey'
  | 'badRevocationReason'
  | 'badSignatureAlgorithm'
  | 'connection'
  | 'dns'
  | 'externalAccountRequired'
  | 'incorrectResponse'
  | 'invalidContact'
  | 'malformed'
  | 'orderNotReady'
  | 'rateLimited'
  | 'rejectedIdentifier'
  | 'serverInternal'
  | 'unauthorized'
  | 'unsupportedContact'
  | 'unsupportedIdentifier';

/** Every kind a gateway refusal can have: the ACME types, then the shared helpers' kinds. */
export type AcmeKind =
  | AcmeErrorType
  | Exclude<CommonProblemKind, 'unauthorized'>
  | 'admin-unauthorized'
  | 'conflict'
  | 'uri-too-long';

/**
 * Full URN of an error type.
 *
 * @example
 * ```ts
 * urn('badNonce'); // 'urn:ietf:params:acme:error:badNonce'
 * ```
 */
export const urn = (t: AcmeErrorType): string => `urn:ietf:params:acme:error:${t}`;

const acme = (status: number, title: string, t: AcmeErrorType) => ({ status, title, type: urn(t) });

/**
 * Status, title and type of every kind. ACME types first, so that a received type maps back to its ACME kind.
 *
 * @example
 * ```ts
 * ACME_CATALOG.orderNotReady.status; // 403
 * ```
 */
export const ACME_CATALOG: ProblemCatalog<AcmeKind> = {
  accountDoesNotExist: acme(400, 'No such account', 'accountDoesNotExist'),
  alreadyReplaced: acme(409, 'Certificate already replaced', 'alreadyReplaced'),
  alreadyRevoked: acme(400, 'Certificate already revoked', 'alreadyRevoked'),
  badCSR: acme(400, 'CSR not acceptable', 'badCSR'),
  badNonce: acme(400, 'Bad nonce', 'badNonce'),
  badPublicKey: acme(400, 'Key not acceptable', 'badPublicKey'),
  badRevocationReason: acme(400, 'Revocation reason not accepted', 'badRevocationReason'),
  badSignatureAlgorithm: acme(400, 'Signature algorithm not accepted', 'badSignatureAlgorithm'),
  connection: acme(400, 'Could not connect for validation', 'connection'),
  dns: acme(400, 'DNS lookup failed', 'dns'),
  externalAccountRequired: acme(400, 'External account binding required', 'externalAccountRequired'),
  incorrectResponse: acme(400, 'Challenge response incorrect', 'incorrectResponse'),
  invalidContact: acme(400, 'Contact not acceptable', 'invalidContact'),
  malformed: acme(400, 'Malformed request', 'malformed'),
  orderNotReady: acme(403, 'Order not ready', 'orderNotReady'),
  rateLimited: acme(429, 'Too many requests', 'rateLimited'),
  rejectedIdentifier: acme(400, 'Identifier rejected', 'rejectedIdentifier'),
  serverInternal: acme(500, 'Internal error', 'serverInternal'),
  unauthorized: acme(403, 'Unauthorized', 'unauthorized'),
  unsupportedContact: acme(400, 'Contact scheme not supported', 'unsupportedContact'),
  unsupportedIdentifier: acme(400, 'Identifier type not supported', 'unsupportedIdentifier'),
  'admin-unauthorized': acme(401, 'Administrator secret missing or wrong', 'unauthorized'),
  'not-found': acme(404, 'No such resource', 'malformed'),
  'method-not-allowed': acme(405, 'Method not allowed', 'malformed'),
  'origin-not-allowed': acme(403, 'Origin not allowed', 'unauthorized'),
  'unsupported-media-type': acme(415, 'Unsupported media type', 'malformed'),
  'body-too-large': acme(413, 'Request body too large', 'malformed'),
  'malformed-request': acme(400, 'Malformed request', 'malformed'),
  'rate-limited': acme(429, 'Too many requests', 'rateLimited'),
  conflict: acme(409, 'Conflict', 'malformed'),
  'uri-too-long': acme(414, 'URI too long', 'malformed'),
  'server-misconfigured': acme(500, 'The gateway is not configured', 'serverInternal'),
};

/**
 * The gateway's problem set.
 *
 * @example
 * ```ts
 * ACME_PROBLEMS.kindOf('urn:ietf:params:acme:error:badCSR'); // 'badCSR'
 * ```
 */
export const ACME_PROBLEMS: ReturnType<typeof problemSet<AcmeKind>> = problemSet(
  'urn:ietf:params:acme:error:',
  ACME_CATALOG,
);

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

/** The JSON problem document as orders and challenges carry it. */
export interface ProblemDocument {
  readonly type: string;
  readonly detail: string;
  readonly status: number;
  readonly title?: string;
  readonly subproblems?: readonly Subproblem[];
  readonly [member: string]: unknown;
}

/**
 * A refusal of the gateway (a shared {@link Problem} whose extra members are the subproblems).
 *
 * @example
 * ```ts
 * throw new AcmeProblem('rejectedIdentifier', 'Not yours.', [sub('rejectedIdentifier', 'Not yours.', id)]);
 * ```
 */
export class AcmeProblem extends Problem<AcmeKind> {
  constructor(
    kind: AcmeKind,
    detail: string,
    subproblems: readonly Subproblem[] = [],
    headers: Readonly<Record<string, string>> = {},
  ) {
    const extra =
      kind === 'badSignatureAlgorithm'
        ? { algorithms: ['ES256', 'ES384', 'RS256'] }
        : subproblems.length
          ? { subproblems }
          : {};
    super(kind, detail, extra, headers);
    this.name = 'AcmeProblem';
  }

  /** The problem document. */
  toJSON(): ProblemDocument {
    return ACME_PROBLEMS.document(this) as ProblemDocument;
  }

  /** Rebuilds a problem from its document and response headers (answers of the Durable Objects). */
  static fromJSON(doc: ProblemDocument, headers: Readonly<Record<string, string>> = {}): AcmeProblem {
    // Several kinds share a type (`conflict` is `malformed` with 409): the status picks the one that was thrown.
    const kinds = Object.keys(ACME_PROBLEMS.catalog) as AcmeKind[];
    const exact = kinds.find(
      (k) => ACME_PROBLEMS.typeOf(k) === doc.type && ACME_PROBLEMS.catalog[k].status === doc.status,
    );
    const kind = exact ?? ACME_PROBLEMS.kindOf(doc.type) ?? 'serverInternal';
    return new AcmeProblem(kind, doc.detail, doc.subproblems ?? [], headers);
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
 * The `application/problem+json` response of any refusal (a shared helper's {@link Problem} included).
 *
 * @example
 * ```ts
 * return problemResponse(new AcmeProblem('badNonce', 'The nonce was used before.'), { 'replay-nonce': nonce });
 * ```
 */
export function problemResponse(p: Problem<string>, headers: Readonly<Record<string, string>> = {}): Response {
  const known = p.kind in ACME_CATALOG ? (p as Problem<AcmeKind>) : new AcmeProblem('serverInternal', p.detail);
  const res = ACME_PROBLEMS.response(known);
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  return res;
}
