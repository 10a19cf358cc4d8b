/**
 * The enrollment itself, in the page: generate the key pair, create the CSR, send only the CSR and the invitation
 * to the enrollment Worker, and check that the certificate returned is for this key and this email.
 *
 * @module
 */
import {
  type Certificate,
  certificateMatchesKey,
  createCsr,
  generateKeyPair,
  type KeyPairInfo,
  parseCertificate,
} from '../../src/crypto/index.ts';
import {
  ENROLL_ROUTES,
  type EnrollRequest,
  type EnrollResponse,
  type InvitationState,
  type InvitationStatusRequest,
  readEnrollResponse,
  readInvitationStatus,
} from '../../workers/shared/enroll-contract.ts';
import type { InvitationView } from './invitation.ts';
import { EnrollFailure, failureOf } from './messages.ts';

/** The four steps the page shows. */
export type Step = 'key' | 'csr' | 'submit' | 'issue';

/** Inputs of {@link enroll}. */
export interface EnrollOptions {
  /** Base URL of the enrollment Worker. */
  readonly endpoint: string;
  readonly invitation: InvitationView;
  readonly algorithm: 'RSA-2048' | 'RSA-3072';
  /** Called when a step starts. */
  readonly onStep: (step: Step) => void;
}

/** What a successful enrollment gives the page. */
export interface Enrolled {
  readonly keys: KeyPairInfo;
  readonly certificate: Certificate;
  readonly chain: readonly Certificate[];
  readonly orderId: string;
}

/**
 * Runs the enrollment. Failures are {@link EnrollFailure}s with a message for people.
 *
 * @example
 * ```ts
 * const done = await enroll({ endpoint, invitation, algorithm: 'RSA-2048', onStep: show });
 * ```
 */
export async function enroll(o: EnrollOptions): Promise<Enrolled> {
  o.onStep('key');
  const keys = await generateKeyPair(o.algorithm, { extractable: true });
  o.onStep('csr');
  const { email, name } = o.invitation;
  const csr = await createCsr({ keys, subject: { CN: name, E: email }, sans: [{ type: 'email', value: email }] });
  o.onStep('submit');
  const body = await submit(o.endpoint, { invitation: o.invitation.token, csr: csr.pem });
  o.onStep('issue');
  const certificate = parseCertificate(body.certificate);
  const chain = body.chain.map((c) => parseCertificate(c));
  if (!(await certificateMatchesKey(certificate, keys))) {
    throw new EnrollFailure('local', 'The certificate returned is not for the key made in this page.');
  }
  if (!certificate.sans.some((s) => s.type === 'email' && s.value.toLowerCase() === email.toLowerCase())) {
    throw new EnrollFailure('local', 'The certificate returned does not name your email address.');
  }
  return { keys, certificate, chain, orderId: body.orderId };
}

/**
 * Asks the enrollment Worker what state the invitation is in, before any key is made.
 *
 * @example
 * ```ts
 * const state = await checkInvitation(endpoint, inv.token); // 'valid' | 'spent' | 'expired' | 'invalid'
 * ```
 */
export async function checkInvitation(endpoint: string, invitation: string): Promise<InvitationState> {
  const req: InvitationStatusRequest = { invitation };
  const { res, json } = await post(endpoint, ENROLL_ROUTES.invitationStatus, req);
  if (!res.ok) throw failureOf(res.status, json);
  const state = readInvitationStatus(json);
  if (!state) throw new EnrollFailure('local', 'The enrollment service answered the invitation check unreadably.');
  return state;
}

async function submit(endpoint: string, req: EnrollRequest): Promise<EnrollResponse> {
  const { res, json } = await post(endpoint, ENROLL_ROUTES.enroll, req);
  if (!res.ok) throw failureOf(res.status, json);
  const body = readEnrollResponse(json);
  if (!body) throw new EnrollFailure('local', 'The enrollment service answered without a certificate.');
  return body;
}

async function post(endpoint: string, route: string, body: object): Promise<{ res: Response; json: unknown }> {
  let res: Response;
  try {
    res = await fetch(`${endpoint.replace(/\/+$/, '')}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
    });
  } catch {
    throw new EnrollFailure(
      'network',
      'The enrollment service could not be reached. Check your connection and try again; if it persists, the page may not be allowed to call the service.',
    );
  }
  const json: unknown = await res.json().catch(() => null);
  return { res, json };
}
