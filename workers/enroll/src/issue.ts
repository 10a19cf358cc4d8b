/**
 * Places the EPKI order (OrderAndIssueCertificate) with the Worker's credentials and returns the certificate and
 * its chain as PEM.
 *
 * @module
 */
import { orderChain, parseCertificates } from '../../../src/crypto/index.ts';
import { EpkiClient, isGlobalSignApiError, isSoapFaultError, isValidationError } from '../../../src/index.ts';
import { Problem } from '../../shared/index.ts';
import type { EnrollResponse } from '../../shared/enroll-contract.ts';
import type { Invitation } from './invitation.ts';

/** What was issued: the enroll response without the email. */
export type Issued = Omit<EnrollResponse, 'email'>;

/** Credentials and transport of the order. */
export interface IssueOptions {
  readonly username: string;
  readonly password: string;
  readonly endpoint: string;
  readonly fetch?: typeof fetch;
  /** Issuing chain (PEM bundle) to append when the service returns only the leaf. */
  readonly chainPem?: string;
}

/**
 * Orders and issues the certificate for an invitation and a checked CSR. Refusals: `issuance-refused` (the
 * service said no; nothing was ordered, `definitive: true` in the thrown problem's `extra`) or
 * `issuance-unavailable` (transport trouble; the outcome may be unknown).
 *
 * @example
 * ```ts
 * const issued = await issueCertificate(inv, csr.pem, { username, password, endpoint: 'test' });
 * ```
 */
export async function issueCertificate(inv: Invitation, csrPem: string, o: IssueOptions): Promise<Issued> {
  const client = new EpkiClient({
    username: o.username,
    password: o.password,
    endpoint: o.endpoint,
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
  let res: { OrderID: string; CERT: string };
  try {
    res = await client.orderAndIssueCertificate({
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
  let decoded: ReturnType<typeof EpkiClient.decodeCertificate>;
  try {
    decoded = EpkiClient.decodeCertificate(res.CERT);
  } catch {
    throw new Problem('issuance-unavailable', 'The service returned no readable certificate.');
  }
  const extra = o.chainPem ? parseCertificates(o.chainPem) : [];
  const [leaf, ...chain] = orderChain([decoded.certificate, ...decoded.chain, ...extra]);
  const certificate = leaf ?? decoded.certificate;
  return { orderId: res.OrderID, certificate: certificate.pem, chain: chain.map((c) => c.pem) };
}

function refusalOf(e: unknown): Problem {
  if (isGlobalSignApiError(e)) {
    const errors = e.errors.map((x) => ({ code: x.ErrorCode, field: x.ErrorField, message: x.ErrorMessage }));
    return new Problem('issuance-refused', `GlobalSign refused the order (${e.errorCodes.join(', ')}).`, {
      errors,
      definitive: true,
    });
  }
  if (isValidationError(e) || isSoapFaultError(e)) {
    return new Problem('issuance-refused', 'The order was refused before issuance.', { definitive: true });
  }
  return new Problem('issuance-unavailable', 'The certificate authority could not be reached; try again later.');
}
