/**
 * What the `AcmeAccount` Durable Object stores: the account, its orders, their authorizations and challenges.
 * Plain JSON values under the keys `account`, `order:<id>`, `authz:<id>`, `active` (orders being issued).
 *
 * @module
 */
import type { JWK } from 'jose';
import type { OrderSubmission } from '../../../src/index.ts';
import type { Identifier, ProblemDocument } from './problems.ts';
import type { ChallengePolicy, Tenant } from './tenant.ts';

/** An ACME account: one per account key (its id is the key's RFC 7638 thumbprint), bound to one tenant. */
export interface AccountRecord {
  readonly id: string;
  readonly jwk: JWK;
  readonly tenantKid: string;
  contact: string[];
  status: 'valid' | 'deactivated';
  readonly createdAt: string;
}

/** The tenant's settings as they were when the order was created (the HMAC key is not copied). */
export type TenantSnapshot = Omit<Tenant, 'hmacKey'>;

/** Where an order stands at GlobalSign. */
export interface GsState {
  /** `submitting`: PVOrder sent, answer not yet stored; `unknown`: outcome unknown; `placed`: OrderID known. */
  stage: 'submitting' | 'unknown' | 'placed';
  submission: OrderSubmission;
  gsOrderId?: string;
  /** Probes or reconciliations so far (drives the backoff). */
  attempt: number;
  /** When the alarm should look at this order next, ms since the epoch. */
  nextAt: number;
  lastCheckAt?: number;
  /** Last status name GlobalSign reported. */
  status?: string;
  /** When the first PVOrder was about to be sent, ISO 8601 (kept across re-sends). */
  firstSentAt?: string;
  /** Issuance deadline (`ISSUE_DEADLINE_SECONDS` after finalize), ms since the epoch; nothing is sent after it. */
  deadlineAt?: number;
}

/** An ACME order. */
export interface OrderRecord {
  readonly id: string;
  status: 'pending' | 'ready' | 'processing' | 'valid' | 'invalid';
  readonly identifiers: readonly Identifier[];
  readonly authzIds: readonly string[];
  readonly expires: string;
  readonly tenant: TenantSnapshot;
  error?: ProblemDocument;
  gs?: GsState;
  /** Leaf then issuing chain, PEM. */
  certPem?: string;
  /** RFC 9773 `replaces`: the certID of the certificate this order renews. */
  readonly replaces?: string;
  readonly createdAt: string;
}

/** One challenge of an authorization. */
export interface ChallengeRecord {
  readonly type: Exclude<ChallengePolicy, 'pre-authorized'>;
  readonly token: string;
  status: 'pending' | 'processing' | 'valid' | 'invalid';
  /** When validation started (it runs after the answer; see `settleStale`). */
  started?: string;
  validated?: string;
  error?: ProblemDocument;
}

/** An ACME authorization. */
export interface AuthzRecord {
  readonly id: string;
  readonly orderId: string;
  readonly identifier: Identifier;
  readonly wildcard: boolean;
  status: 'pending' | 'valid' | 'invalid' | 'deactivated' | 'expired';
  readonly expires: string;
  readonly challenges: ChallengeRecord[];
}

/**
 * A random id (base64url of 12 bytes).
 *
 * @example
 * ```ts
 * const orderId = randomId();
 * ```
 */
export function randomId(bytes = 12): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(bytes))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** A read the account object runs right after authenticating a POST-as-GET (one round trip for both). */
export interface PreRead {
  readonly op: 'getOrder' | 'getAuthz' | 'getCertificate' | 'ordersPage';
  readonly args: Record<string, unknown>;
}
