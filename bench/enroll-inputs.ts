// Inputs and counts shared by the enroll benchmarks (bench/enroll-cpu.ts, bench/enroll-own-steps.ts).
import { createCsr, generateKeyPair } from '../src/crypto/index.ts';
import { mintInvitation } from '../workers/enroll/src/invitation.ts';

export const ENROLLS = 200;
export const CHECKS = 300;
export const WARMUP = 20;
/** Requests before the steady-state figures (the Node figures stop falling after about 200). */
export const STEADY = 500;
export const SECRET = 'bench-invitation-secret-0123456789abcdef';

/** Invitations and matching CSRs, one per enrollment; a few RSA keys shared between them. */
export async function prepare(
  n: number,
  profile: string,
  domain: string,
): Promise<{ invitation: string; csr: string }[]> {
  const keys = await Promise.all(Array.from({ length: 4 }, () => generateKeyPair('RSA-2048')));
  const out: { invitation: string; csr: string }[] = [];
  for (let i = 0; i < n; i++) {
    const email = `user${i}@${domain}`;
    const name = `User ${i}`;
    const { token } = await mintInvitation(SECRET, { email, name, profile });
    const csr = await createCsr({
      keys: keys[i % keys.length]!,
      subject: { CN: name, E: email },
      sans: [{ type: 'email', value: email }],
    });
    out.push({ invitation: token, csr: csr.pem });
  }
  return out;
}
