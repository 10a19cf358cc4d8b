/**
 * Places the EPKI order with the Worker's credentials (OrderAndIssueCertificate), then reads the issuing chain from
 * the order's fulfillment as `issueCertificate` of `globalsign-kit/workflows` does, unless the same issuing CA's
 * chain was read before in this isolate (`chains.ts`), and returns the certificate and its chain as PEM, so the
 * page's .p12 carries the chain.
 *
 * @module
 */
import { type Certificate, orderChain, parseCertificates } from '../../../src/crypto/index.ts';
import {
  EpkiClient,
  type EpkiDecodedCertificate,
  isGlobalSignApiError,
  isSoapFaultError,
  isValidationError,
} from '../../../src/index.ts';
import { readIssuingChain } from '../../../src/workflows/index.ts';
import { ENROLL_PROBLEMS, type EnrollResponse } from '../../shared/enroll-contract.ts';
import type { Problem } from '../../shared/index.ts';
import { audit } from './audit.ts';
import { knownChainFor, rememberChain } from './chains.ts';
import type { Invitation } from './invitation.ts';

/** What was issued: the enroll response without the email. */
export type Issued = Omit<EnrollResponse, 'email'>;

/** Credentials and transport of the order. */
export interface IssueOptions {
  readonly username: string;
  readonly password: string;
  readonly endpoint: string;
  readonly fetch?: typeof fetch;
  /** Issuing chain (PEM bundle) to append when the service's fulfillment carries none. */
  readonly chainPem?: string;
}

/**
 * Orders and issues the certificate for an invitation and a checked CSR. Refusals: `issuance-refused` (the
 * service said no before ordering; nothing was ordered, `definitive: true` in the thrown problem's `extra`) or
 * `issuance-unavailable` (transport trouble, or the order was placed but its certificate could not be read back:
 * the outcome is not definitive and the invitation stays spent; the audit line names the order).
 *
 * @example
 * ```ts
 * const issued = await orderForInvitation(inv, csr.pem, { username, password, endpoint: 'test' });
 * ```
 */
export async function orderForInvitation(inv: Invitation, csrPem: string, o: IssueOptions): Promise<Issued> {
  const epki = new EpkiClient({
    username: o.username,
    password: o.password,
    endpoint: o.endpoint,
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
  let ordered: Awaited<ReturnType<EpkiClient['orderAndIssueCertificate']>>;
  try {
    ordered = await epki.orderAndIssueCertificate({
      ProfileID: inv.profile,
      ProductCode: inv.product,
      Year: inv.years as 1 | 2 | 3,
      CSR: csrPem,
      SANRFC822EmailAddress: inv.email,
      DnAttributes: { CommonName: inv.name, Email: inv.email },
    });
  } catch (e) {
    throw refusalOf(e);
  }
  let issued: EpkiDecodedCertificate;
  try {
    issued = await readBack(epki, ordered.OrderID, EpkiClient.decodeCertificate(ordered.CERT));
  } catch (e) {
    throw unreadable(e, inv, ordered.OrderID);
  }
  const [leaf, ...chain] = withConfiguredChain(issued.certificate, issued.chain, o.chainPem);
  return { orderId: ordered.OrderID, certificate: (leaf ?? issued.certificate).pem, chain: chain.map((c) => c.pem) };
}

/**
 * The leaf with its issuing chain: a chain already read for the same issuing CA (see `chains.ts`), else the order's
 * fulfillment, read as `issueCertificate` of the workflows does, and remembered.
 */
async function readBack(epki: EpkiClient, orderId: string, answered: EpkiDecodedCertificate) {
  const known = answered.chain.length === 0 ? knownChainFor(answered.certificate) : undefined;
  if (known) return { certificate: answered.certificate, chain: known };
  const read = await readIssuingChain(epki, orderId, answered);
  rememberChain(read.certificate, read.chain);
  return read;
}

/** Leaf first, then its issuers; the configured chain fills in only when the fulfillment carried none. */
function withConfiguredChain(leaf: Certificate, chain: readonly Certificate[], pem?: string): Certificate[] {
  const extra = chain.length === 0 && pem ? parseCertificates(pem) : [];
  return orderChain([leaf, ...chain, ...extra]);
}

/** The order exists but its certificate was not read back: never definitive (the invitation stays spent). */
function unreadable(e: unknown, inv: Invitation, orderId: string): Problem {
  audit({ event: 'unreadable', jti: inv.jti, email: inv.email, orderId, error: errorName(e) });
  return ENROLL_PROBLEMS.problem(
    'issuance-unavailable',
    `The certificate was ordered (order ${orderId}) but could not be read back; your administrator can retrieve it.`,
  );
}

function errorName(e: unknown): string {
  return e instanceof Error ? e.name : typeof e;
}

function refusalOf(e: unknown): Problem {
  if (isGlobalSignApiError(e)) {
    const errors = e.errors.map((x) => ({ code: x.ErrorCode, field: x.ErrorField, message: x.ErrorMessage }));
    return ENROLL_PROBLEMS.problem('issuance-refused', `GlobalSign refused the order (${e.errorCodes.join(', ')}).`, {
      errors,
      definitive: true,
    });
  }
  if (isValidationError(e) || isSoapFaultError(e)) {
    return ENROLL_PROBLEMS.problem('issuance-refused', 'The order was refused before issuance.', { definitive: true });
  }
  // The error's class only (HttpError, TimeoutError, OrderOutcomeUnknownError…): its message may quote the service.
  audit({ event: 'issuance-error', error: errorName(e) });
  return ENROLL_PROBLEMS.problem(
    'issuance-unavailable',
    'The certificate authority could not be reached; try again later.',
  );
}
