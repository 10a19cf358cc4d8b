/**
 * Error classes shared by every part of globalsign-kit.
 *
 * Each error has a stable `code` string (switch on it, or on the class via the `is*` guards, which work across
 * realms: iframes, workers, duplicated bundles). Messages never contain credentials, PINs, pickup passwords or
 * private keys.
 *
 * @module
 */

const BRAND: unique symbol = Symbol.for('globalsign-kit.error');

/** Every code a globalsign-kit error can carry. */
export type GlobalSignErrorCode =
  | 'VALIDATION'
  | 'GLOBALSIGN_API'
  | 'SOAP_FAULT'
  | 'HTTP'
  | 'TIMEOUT'
  | 'XML'
  | 'CRYPTO'
  | 'OUTCOME_UNKNOWN'
  | 'ORDER_OUTCOME_UNKNOWN'
  | 'ORDER_STATE'
  | 'DEADLINE';

/** Base class of every error thrown by globalsign-kit. */
export abstract class GlobalSignError extends Error {
  /** Stable machine-readable code. */
  abstract readonly code: GlobalSignErrorCode;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    Object.defineProperty(this, BRAND, { value: true });
    this.name = new.target.name;
  }
}

/** One problem found in input before anything was sent. */
export interface ValidationIssue {
  /** Dotted path of the offending field, e.g. `DnAttributes.CommonName` or `SANEntries.3.SubjectAltName`. */
  readonly path: string;
  /** What is wrong, without echoing secret values. */
  readonly message: string;
}

/**
 * Input was refused locally, before any network call.
 *
 * @example
 * ```ts
 * try { await epki.orderAndIssueCertificate({ ...req, Year: 9 }); }
 * catch (e) { if (isValidationError(e)) console.log(e.field, e.issues); }
 * ```
 */
export class ValidationError extends GlobalSignError {
  readonly code = 'VALIDATION' as const;
  /** Path of the first offending field. */
  readonly field: string;
  /** Every problem found. */
  readonly issues: readonly ValidationIssue[];
  constructor(issues: readonly ValidationIssue[] | string, message?: string) {
    const list: readonly ValidationIssue[] =
      typeof issues === 'string' ? [{ path: issues, message: message ?? 'is invalid' }] : issues;
    const first = list[0] ?? { path: '', message: 'invalid input' };
    const text =
      list.length <= 1
        ? `${first.path ? `${first.path}: ` : ''}${first.message}`
        : `${list.length} invalid fields: ${list.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
    super(text);
    this.field = first.path;
    this.issues = list;
  }
}

/** One `{ErrorCode, ErrorField, ErrorMessage}` entry returned by GlobalSign, with the guide's explanation. */
export interface ApiErrorDetail {
  readonly ErrorCode: string;
  readonly ErrorField?: string;
  readonly ErrorMessage?: string;
  /** The guide's explanation of the code, when known. */
  readonly explanation?: string;
}

/** GlobalSign answered `SuccessCode -1`. */
export class GlobalSignApiError extends GlobalSignError {
  readonly code = 'GLOBALSIGN_API' as const;
  /** The operation that failed, e.g. `PVOrder`. */
  readonly operation: string;
  /** Every error entry of the response, in order. */
  readonly errors: readonly ApiErrorDetail[];
  constructor(operation: string, errors: readonly ApiErrorDetail[]) {
    const head = errors[0];
    const summary = head
      ? `${head.ErrorCode}${head.ErrorField ? ` (${head.ErrorField})` : ''}: ${head.ErrorMessage ?? head.explanation ?? 'error'}`
      : 'failure without error entries';
    super(`${operation} failed: ${summary}${errors.length > 1 ? ` (+${errors.length - 1} more)` : ''}`);
    this.operation = operation;
    this.errors = errors;
  }
  /** The ErrorCode values, e.g. `['-4083']`. */
  get errorCodes(): string[] {
    return this.errors.map((e) => e.ErrorCode);
  }
}

/** The service answered a SOAP Fault (typically HTTP 500 from CXF on a schema violation). */
export class SoapFaultError extends GlobalSignError {
  readonly code = 'SOAP_FAULT' as const;
  readonly faultCode: string;
  readonly faultString: string;
  readonly status: number;
  constructor(faultCode: string, faultString: string, status: number) {
    super(`SOAP Fault ${faultCode}: ${faultString}`);
    this.faultCode = faultCode;
    this.faultString = faultString;
    this.status = status;
  }
}

/** A non-2xx response that is not a SOAP Fault, or a 2xx body that is not SOAP at all. */
export class HttpError extends GlobalSignError {
  readonly code = 'HTTP' as const;
  readonly status: number;
  /** The first characters of the body, for diagnosis. */
  readonly bodyExcerpt: string;
  constructor(status: number, bodyExcerpt: string, message?: string) {
    super(message ?? `HTTP ${status}${bodyExcerpt ? `: ${bodyExcerpt}` : ''}`);
    this.status = status;
    this.bodyExcerpt = bodyExcerpt;
  }
}

/** A call did not complete within its time limit (or its AbortSignal fired). */
export class TimeoutError extends GlobalSignError {
  readonly code = 'TIMEOUT' as const;
  readonly timeoutMs: number | undefined;
  constructor(message: string, timeoutMs?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.timeoutMs = timeoutMs;
  }
}

/** A response could not be read as XML, had a DOCTYPE, or lacked an expected element. */
export class XmlError extends GlobalSignError {
  readonly code = 'XML' as const;
}

/**
 * Every reason a {@link CryptoError} can carry (stable; switch on it).
 *
 * - `MALFORMED`: the input is not what it should be: not DER, truncated, nested too deep, a wrong tag, a time
 *   RFC 5280 does not allow, an invalid character string, PEM without the expected block, a certificate input of
 *   `createPkcs12` that is not a certificate (the message names the input). Every parser throws it, and only
 *   `CryptoError`s, for any input.
 * - `UNSUPPORTED_ALGORITHM`: a well-formed input uses an algorithm this package does not implement (a PBMAC1 MAC,
 *   an unknown cipher or curve, a PKCS#7 content type other than SignedData); `oid` names it.
 * - `UNSUPPORTED_KEY`: the runtime's WebCrypto refused to import a key (an exponent or curve it lacks).
 * - `BAD_PASSWORD`: a PKCS#12 MAC does not verify or its content does not decrypt: wrong password or altered file.
 * - `ITERATIONS_LIMIT`: a PKCS#12 file would need more key-derivation iterations than `maxIterations` allows;
 *   refused before any password work.
 * - `KEY_MISMATCH`: no certificate given to `createPkcs12` belongs to the private key.
 * - `KEY_NOT_EXTRACTABLE`: `createPkcs12` was given a private CryptoKey that cannot be exported.
 * - `NOT_EXTRACTABLE`: `exportPrivateKey` (or another export) was given a CryptoKey that cannot be exported.
 *
 * @example
 * ```ts
 * if (isCryptoError(e) && e.reason === 'BAD_PASSWORD') askAgain();
 * ```
 */
export type CryptoErrorReason =
  | 'MALFORMED'
  | 'UNSUPPORTED_ALGORITHM'
  | 'UNSUPPORTED_KEY'
  | 'BAD_PASSWORD'
  | 'ITERATIONS_LIMIT'
  | 'KEY_MISMATCH'
  | 'KEY_NOT_EXTRACTABLE'
  | 'NOT_EXTRACTABLE';

/**
 * A cryptographic operation failed: unsupported algorithm (named by OID), wrong password, corrupt data… Exported
 * from `globalsign-kit` and from `globalsign-kit/crypto`.
 *
 * @example
 * ```ts
 * try { await openPkcs12(bytes, password); }
 * catch (e) { if (isCryptoError(e)) console.log(e.reason, e.oid); }
 * ```
 */
export class CryptoError extends GlobalSignError {
  readonly code = 'CRYPTO' as const;
  /** Finer reason, stable: one of {@link CryptoErrorReason}. */
  readonly reason: CryptoErrorReason;
  /** The algorithm OID involved, when relevant. */
  readonly oid: string | undefined;
  constructor(reason: CryptoErrorReason, message: string, options?: { cause?: unknown; oid?: string }) {
    super(message, options);
    this.reason = reason;
    this.oid = options?.oid;
  }
}

/** What reconciliation needs to find an order whose submission outcome is unknown. */
export interface OrderSubmission {
  readonly service: 'MSSL' | 'EPKI';
  readonly operation: string;
  /** When the request was sent (client clock), ISO 8601. */
  readonly sentAt: string;
  /** When the outcome became unknown, ISO 8601. */
  readonly failedAt: string;
  readonly productCode?: string;
  readonly profileId?: string;
  readonly commonName?: string;
  readonly email?: string;
  /** The CSR that was submitted, PEM, when there was one. */
  readonly csr?: string;
}

/** What is known about a state-changing request whose answer was lost. */
export interface LostRequest {
  readonly service: 'MSSL' | 'EPKI' | (string & {});
  /** The operation, e.g. `Revoke`, `ModifyMSSLOrder`. */
  readonly operation: string;
  /** When the request was sent (client clock), ISO 8601. */
  readonly sentAt: string;
  /** When the outcome became unknown, ISO 8601. */
  readonly failedAt: string;
  /** What the request acted on (an order ID, a domain, a profile), when it named one. */
  readonly target?: string;
  /** What may or may not have happened, e.g. `the certificate may or may not have been revoked`. */
  readonly effect?: string;
  /** What to check before retrying, e.g. `read the order's status (checkRevocation) before revoking again`. */
  readonly check?: string;
}

/**
 * A state-changing request (revoke, cancel, reissue, modify, add a domain…) was sent but its answer was lost
 * (timeout, dropped connection, a gateway's 5xx, a body cut short): it may or may not have taken effect. The message
 * says what to check before retrying, in the operation's words; {@link OrderOutcomeUnknownError} is the case of an
 * order.
 *
 * @example
 * ```ts
 * try { await epki.revoke({ OrderID }); }
 * catch (e) {
 *   if (!isOutcomeUnknownError(e)) throw e;
 *   console.error(e.operation, e.target, e.message); // Revoke CE123 …may or may not have been revoked…
 * }
 * ```
 */
export class OutcomeUnknownError extends GlobalSignError {
  readonly code: 'OUTCOME_UNKNOWN' | 'ORDER_OUTCOME_UNKNOWN' = 'OUTCOME_UNKNOWN';
  /** The operation whose answer was lost. */
  readonly operation: string;
  /** What the request acted on, when it named one (an order ID…). */
  readonly target: string | undefined;
  /** When the request was sent and when its outcome became unknown (ISO 8601). */
  readonly sentAt: string;
  readonly failedAt: string;
  constructor(lost: LostRequest, options?: { cause?: unknown; message?: string }) {
    const what = `${lost.operation}${lost.target ? ` (${lost.target})` : ''}`;
    super(
      options?.message ??
        `${what}: no answer came; ${lost.effect ?? 'the change may or may not have been made'}; ` +
          `${lost.check ?? 'check before retrying'}`,
      options,
    );
    this.operation = lost.operation;
    this.target = lost.target;
    this.sentAt = lost.sentAt;
    this.failedAt = lost.failedAt;
  }
}

/**
 * An order request was sent but its outcome is unknown (timeout or dropped connection after the body was sent):
 * reconcile (`reconcileOrder`) before retrying.
 *
 * @example
 * ```ts
 * catch (e) { if (isOrderOutcomeUnknownError(e)) await reconcileOrder(e, query); }
 * ```
 */
export class OrderOutcomeUnknownError extends OutcomeUnknownError {
  override readonly code = 'ORDER_OUTCOME_UNKNOWN' as const;
  readonly submission: OrderSubmission;
  constructor(submission: OrderSubmission, options?: { cause?: unknown }) {
    super(submission, {
      ...options,
      message: `${submission.operation}: the order may or may not have been placed; reconcile before retrying (reconcileOrder)`,
    });
    this.submission = submission;
  }
}

/** An order reached a state a workflow cannot continue from (cancelled, revoked, rejected). */
export class OrderStateError extends GlobalSignError {
  readonly code = 'ORDER_STATE' as const;
  readonly orderId: string;
  readonly state: string;
  constructor(orderId: string, state: string, message?: string) {
    super(message ?? `order ${orderId} is ${state}`);
    this.orderId = orderId;
    this.state = state;
  }
}

/** A workflow's overall deadline passed. */
export class DeadlineError extends GlobalSignError {
  readonly code = 'DEADLINE' as const;
  readonly deadlineMs: number;
  constructor(message: string, deadlineMs: number) {
    super(message);
    this.deadlineMs = deadlineMs;
  }
}

function hasCode(e: unknown, code?: GlobalSignErrorCode): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const branded = (e as Record<symbol, unknown>)[BRAND] === true;
  return branded && (code === undefined || (e as { code?: unknown }).code === code);
}

/** True for any globalsign-kit error, across realms. */
export const isGlobalSignError = (e: unknown): e is GlobalSignError => hasCode(e);
/** True for a {@link ValidationError}, across realms. */
export const isValidationError = (e: unknown): e is ValidationError => hasCode(e, 'VALIDATION');
/** True for a {@link GlobalSignApiError}, across realms. */
export const isGlobalSignApiError = (e: unknown): e is GlobalSignApiError => hasCode(e, 'GLOBALSIGN_API');
/** True for a {@link SoapFaultError}, across realms. */
export const isSoapFaultError = (e: unknown): e is SoapFaultError => hasCode(e, 'SOAP_FAULT');
/** True for an {@link HttpError}, across realms. */
export const isHttpError = (e: unknown): e is HttpError => hasCode(e, 'HTTP');
/** True for a {@link TimeoutError}, across realms. */
export const isTimeoutError = (e: unknown): e is TimeoutError => hasCode(e, 'TIMEOUT');
/** True for an {@link XmlError}, across realms. */
export const isXmlError = (e: unknown): e is XmlError => hasCode(e, 'XML');
/** True for a {@link CryptoError}, across realms. */
export const isCryptoError = (e: unknown): e is CryptoError => hasCode(e, 'CRYPTO');
/** True for an {@link OutcomeUnknownError} (an {@link OrderOutcomeUnknownError} included), across realms. */
export const isOutcomeUnknownError = (e: unknown): e is OutcomeUnknownError =>
  hasCode(e, 'OUTCOME_UNKNOWN') || hasCode(e, 'ORDER_OUTCOME_UNKNOWN');
/** True for an {@link OrderOutcomeUnknownError}, across realms. */
export const isOrderOutcomeUnknownError = (e: unknown): e is OrderOutcomeUnknownError =>
  hasCode(e, 'ORDER_OUTCOME_UNKNOWN');
/** True for an {@link OrderStateError}, across realms. */
export const isOrderStateError = (e: unknown): e is OrderStateError => hasCode(e, 'ORDER_STATE');
/** True for a {@link DeadlineError}, across realms. */
export const isDeadlineError = (e: unknown): e is DeadlineError => hasCode(e, 'DEADLINE');
