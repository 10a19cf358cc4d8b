/**
 * What the enrollment Worker accepts in a CSR: a valid signature, an RSA key EPKI takes (lintCsr, service EPKI),
 * and no identity other than the invited person's: subject CN (their name or email) and E (their email) only, and
 * rfc822Name SANs equal to their email only.
 *
 * @module
 */
import { ENROLL_PROBLEMS } from '../../shared/enroll-contract.ts';
import { type ParsedCsr, lintCsr, parseCsr } from '../../../src/crypto/index.ts';
import { Problem } from '../../shared/index.ts';
import type { Invitation } from './invitation.ts';

const MAX_CSR_CHARS = 12000;

/**
 * Parses and checks a CSR against the invitation. Refusals are {@link Problem}s: `csr-invalid`, `csr-rejected`
 * (with the lint `findings`) or `csr-identity-mismatch`.
 *
 * @example
 * ```ts
 * const csr = await checkCsr(body.csr, invitation);
 * ```
 */
export async function checkCsr(input: unknown, invitation: Invitation): Promise<ParsedCsr> {
  if (typeof input !== 'string' || !input.trim() || input.length > MAX_CSR_CHARS) {
    throw ENROLL_PROBLEMS.problem('malformed-request', 'The body needs "csr": a PEM certificate request.');
  }
  let csr: ParsedCsr;
  try {
    csr = await parseCsr(input);
  } catch {
    throw ENROLL_PROBLEMS.problem('csr-invalid', 'The CSR could not be decoded.');
  }
  const findings = (await lintCsr(csr, { service: 'EPKI' })).filter((f) => f.severity === 'error');
  const unverifiable = csr.signatureStatus !== 'valid';
  if (findings.length > 0 || unverifiable) {
    const list = findings.map((f) => ({ code: f.code, field: f.field, message: f.message }));
    if (unverifiable && !list.some((f) => f.field === 'signature')) {
      list.push({ code: 'UNVERIFIABLE_SIGNATURE', field: 'signature', message: 'the CSR signature cannot be checked' });
    }
    throw ENROLL_PROBLEMS.problem('csr-rejected', list.map((f) => f.message).join('; '), { findings: list });
  }
  const mismatch = identityMismatch(csr, invitation);
  if (mismatch) throw ENROLL_PROBLEMS.problem('csr-identity-mismatch', mismatch);
  return csr;
}

/**
 * Why the CSR names someone other than the invited person, or `undefined` when it does not.
 *
 * @example
 * ```ts
 * identityMismatch(csr, { ...inv, email: 'alice@example.com' }); // 'The CSR subject E is bob@example.com …'
 * ```
 */
export function identityMismatch(csr: ParsedCsr, inv: Invitation): string | undefined {
  const email = inv.email.toLowerCase();
  for (const a of csr.subjectAttributes) {
    if (a.name === 'E' && a.value.toLowerCase() !== email) return 'The CSR subject email is not the invited email.';
    if (a.name === 'CN' && a.value !== inv.name && a.value.toLowerCase() !== email) {
      return 'The CSR common name is neither the invited name nor the invited email.';
    }
    if (a.name !== 'E' && a.name !== 'CN') return `The CSR subject may hold only CN and E, not ${a.name}.`;
  }
  for (const san of csr.sans) {
    if (san.type !== 'email') return `The CSR may name only the invited email, not a ${san.type} SAN.`;
    if (san.value.toLowerCase() !== email) return 'The CSR names an email other than the invited one.';
  }
  return undefined;
}
