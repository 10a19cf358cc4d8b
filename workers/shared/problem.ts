/**
 * RFC 9457 problem details, shared by every Worker. A Worker declares its refusals once as a catalog (kind → HTTP
 * status and title, optionally its own `type` URI) and gets a {@link ProblemSet}: the `type` URI of each kind, the
 * kind of a received `type`, and the `application/problem+json` response of a thrown {@link Problem}.
 *
 * The shared HTTP helpers (body limits, CORS, bearer auth, settings) throw the {@link CommonProblemKind}s, so every
 * catalog includes {@link COMMON_PROBLEMS}.
 *
 * @module
 */

/** How one kind of refusal is answered. */
export interface ProblemSpec {
  readonly status: number;
  readonly title: string;
  /** Its `type` URI when it is not the set's base + kind (e.g. an ACME `urn:ietf:params:acme:error:…`). */
  readonly type?: string;
}

/** Every kind of a Worker with its answer. */
export type ProblemCatalog<K extends string> = { readonly [P in K]: ProblemSpec };

/** The refusals the shared HTTP helpers throw. */
export type CommonProblemKind =
  | 'not-found'
  | 'method-not-allowed'
  | 'origin-not-allowed'
  | 'unsupported-media-type'
  | 'body-too-large'
  | 'malformed-request'
  | 'unauthorized'
  | 'rate-limited'
  | 'server-misconfigured';

/**
 * Status and title of the {@link CommonProblemKind}s; spread it into a Worker's catalog.
 *
 * @example
 * ```ts
 * const SET = problemSet('https://example.com/problems/', { ...COMMON_PROBLEMS, teapot: { status: 418, title: 'Tea' } });
 * ```
 */
export const COMMON_PROBLEMS: ProblemCatalog<CommonProblemKind> = {
  'not-found': { status: 404, title: 'No such endpoint' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'origin-not-allowed': { status: 403, title: 'Origin not allowed' },
  'unsupported-media-type': { status: 415, title: 'Send application/json' },
  'body-too-large': { status: 413, title: 'Request body too large' },
  'malformed-request': { status: 400, title: 'Malformed request' },
  unauthorized: { status: 401, title: 'Administrator secret missing or wrong' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'server-misconfigured': { status: 500, title: 'The service is not configured' },
};

/**
 * A refusal on its way to becoming a response: thrown inside a Worker, turned into problem+json at the top.
 * `detail` says what went wrong in this request and never holds a secret or a token.
 *
 * @example
 * ```ts
 * throw new Problem('rate-limited', 'Try again in 30 s.', { retryAfter: 30 }, { 'retry-after': '30' });
 * ```
 */
export class Problem<K extends string = string> extends Error {
  readonly kind: K;
  readonly detail: string;
  /** Extra members of the problem object (e.g. `findings`). */
  readonly extra: Readonly<Record<string, unknown>>;
  /** Response headers such as `Retry-After` or `WWW-Authenticate`. */
  readonly headers: Readonly<Record<string, string>>;
  constructor(
    kind: K,
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

/** The JSON body of a problem response (RFC 9457 §3.1 members plus the kind's extension members). */
export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly [member: string]: unknown;
}

/** The problems of one Worker (see {@link problemSet}). */
export interface ProblemSet<K extends string> {
  readonly catalog: ProblemCatalog<K>;
  /** A refusal of one of this set's kinds (a kind outside the set does not compile). */
  problem(
    kind: K,
    detail: string,
    extra?: Readonly<Record<string, unknown>>,
    headers?: Readonly<Record<string, string>>,
  ): Problem<K>;
  /** The `type` URI of a kind. */
  typeOf(kind: K): string;
  /** The kind a received `type` URI names, or `undefined` for one this set does not know. */
  kindOf(type: unknown): K | undefined;
  /** The body of a refusal. */
  document(p: Problem<K>, instance?: string): ProblemDocument;
  /** The `application/problem+json` response of a refusal, `Cache-Control: no-store`, with its headers. */
  response(p: Problem<K>, instance?: string): Response;
}

/**
 * Builds the problem set of a Worker: `type` = `base` + kind unless the catalog names another URI.
 *
 * @example
 * ```ts
 * const P = problemSet('https://globalsign-kit.dev/problems/enroll/', { ...COMMON_PROBLEMS });
 * return P.response(new Problem('not-found', 'There is nothing here.'));
 * ```
 */
export function problemSet<K extends string>(base: string, catalog: ProblemCatalog<K>): ProblemSet<K> {
  const kinds = Object.keys(catalog) as K[];
  const typeOf = (kind: K): string => catalog[kind].type ?? base + kind;
  const byType = new Map<string, K>();
  for (const k of kinds) if (!byType.has(typeOf(k))) byType.set(typeOf(k), k);
  const document = (p: Problem<K>, instance?: string): ProblemDocument => {
    const { status, title } = catalog[p.kind];
    return { ...p.extra, type: typeOf(p.kind), title, status, detail: p.detail, ...(instance ? { instance } : {}) };
  };
  return {
    catalog,
    problem: (kind, detail, extra, headers) => new Problem(kind, detail, extra, headers),
    typeOf,
    kindOf: (type) => (typeof type === 'string' ? byType.get(type) : undefined),
    document,
    response: (p, instance) =>
      new Response(JSON.stringify(document(p, instance)), {
        status: catalog[p.kind].status,
        headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...p.headers },
      }),
  };
}
