/**
 * What a lost answer means for each state-changing operation, in that operation's words: whether it places an order
 * (then reconciliation applies: `OrderOutcomeUnknownError`), what may or may not have happened, what to check
 * before retrying, and which request field names what it acted on. The client's transport reads this table when an
 * answer is lost; every operation of kind `'order'` is listed (a test keeps it so).
 *
 * @module
 */

/** The words of one state-changing operation. */
export interface OutcomeWords {
  /** The operation places an order (a retry may buy a second certificate): reconcile, never re-send blindly. */
  readonly places?: true;
  /** What may or may not have happened. */
  readonly effect: string;
  /** What to check before retrying. */
  readonly check: string;
}

const reissued = (read: string): OutcomeWords => ({
  effect: 'the certificate may or may not have been reissued',
  check: `read the order (${read}) before reissuing again: a second reissue makes another certificate`,
});
const domainAdded: OutcomeWords = {
  effect: 'the domain may or may not have been added to the profile',
  check: "list the profile's domains (GetDomains) before adding it again",
};
const order = (effect: string): OutcomeWords => ({ places: true, effect, check: 'reconcile (reconcileOrder)' });

/** Every state-changing operation of MSSL, the Query service (GAS) and EPKI, by wire name. */
export const OUTCOME_WORDS: Readonly<Record<string, OutcomeWords>> = {
  PVOrder: order('the order may or may not have been placed'),
  PVOrderWithoutCSR: order('the order may or may not have been placed'),
  OrderAndIssueCertificate: order('the order may or may not have been placed'),
  OrderPkcs12: order('the order may or may not have been placed'),
  OrderCertificate: order('the order may or may not have been placed'),
  OrderDS: order('the order may or may not have been placed'),
  Revoke: {
    effect: 'the certificate may or may not have been revoked',
    check: "read the order's status (checkRevocation) before revoking again",
  },
  Cancel: {
    effect: 'the order may or may not have been cancelled',
    check: "read the order's status (checkCancellation) before cancelling again",
  },
  ModifyMSSLOrder: {
    effect: 'the order may or may not have been approved, cancelled or revoked',
    check: "read the order's status (checkCancellation, checkRevocation, GetOrderByOrderID) before modifying it again",
  },
  Reissue: reissued('GetOrderByOrderId'),
  ReissueCertificate: reissued('GetOrderByOrderId'),
  ReIssue: reissued('GetOrderByOrderID'),
  ReIssueWithoutCSR: reissued('GetOrderByOrderID'),
  ChangeSubjectAltName: {
    effect: 'the certificate may or may not have been reissued with the new SANs',
    check: "read the order's SANs (GetOrderByOrderID) before changing them again",
  },
  AddDomainToProfile: domainAdded,
  AddMSSLDomain: domainAdded,
  VerifyMsslDomain: {
    effect: 'the domain may or may not have been verified',
    check: "read the domain's status (GetDomains); asking again is harmless",
  },
  ModifyMSSLDomain: {
    effect: "the domain's state may or may not have changed",
    check: "read the domain's status (GetDomains) before retrying",
  },
  RenewalDomain: {
    effect: "the domain's vetting may or may not have been renewed",
    check: "read the domain's status (GetDomains) before renewing it again",
  },
  AddMSSLProfile: {
    effect: 'a profile may or may not have been added',
    check: 'list the profiles (GetMSSLProfiles) before adding it again: a retry may add a second one',
  },
  UpdateMSSLProfile: {
    effect: 'the profile may or may not have been updated',
    check: 'read the profile (GetMSSLProfiles) before retrying',
  },
  ToggleRenewalNotice: {
    effect: 'the renewal notice may or may not have been changed',
    check: 'setting it again is harmless',
  },
  DeletePkcs12: {
    effect: 'the PKCS#12 may or may not have been deleted',
    check: 'read the order (GetOrderByOrderID) before retrying',
  },
  Suspendrenewal: {
    effect: 'automatic renewal may or may not have been suspended',
    check: "read the order's RenewalStatus (GetOrderByOrderId); suspending again is harmless",
  },
  Resumerenewal: {
    effect: 'automatic renewal may or may not have been resumed',
    check: "read the order's RenewalStatus (GetOrderByOrderId); resuming again is harmless",
  },
};

/** Request fields that name what an operation acts on, most specific first. */
const TARGET_FIELDS = ['OrderID', 'TargetOrderID', 'OrderNo', 'DNSerialNumber', 'DomainName', 'MSSLDomainID'];

/**
 * The value of the first request field (top level or one level down) naming what a state-changing request acted on.
 *
 * @example
 * ```ts
 * outcomeTarget({ OrderID: 'CE123' }); // 'CE123'
 * outcomeTarget({ OrderRequestParameter: { DomainName: 'example.com' } }); // 'example.com'
 * ```
 */
export function outcomeTarget(request: Readonly<Record<string, unknown>>): string | undefined {
  const levels = [request, ...Object.values(request).filter((v) => typeof v === 'object' && v && !Array.isArray(v))];
  for (const name of TARGET_FIELDS) {
    for (const level of levels) {
      const v = (level as Record<string, unknown>)[name];
      if (typeof v === 'string' && v !== '') return v;
    }
  }
  return undefined;
}
