import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCsr, generateKeyPair, type KeyPairInfo, type ParsedCsr } from '../../src/crypto/index.ts';
import { checkCsr, identityMismatch } from '../../workers/enroll/src/csr-policy.ts';
import type { Invitation } from '../../workers/enroll/src/invitation.ts';
import { Problem } from '../../workers/shared/index.ts';

const INV: Invitation = {
  email: 'alice@example.com',
  name: 'Alice Example',
  profile: 'P',
  product: 'EPKIPSPersonal',
  years: 1,
  exp: 0,
  jti: 'j',
};

let rsa: KeyPairInfo;
let ec: KeyPairInfo;
beforeAll(async () => {
  [rsa, ec] = await Promise.all([generateKeyPair('RSA-2048'), generateKeyPair('P-256')]);
});

async function refusal(csr: unknown): Promise<{ kind: string; detail: string; extra: Record<string, unknown> }> {
  try {
    await checkCsr(csr, INV);
    return { kind: 'accepted', detail: '', extra: {} };
  } catch (e) {
    if (!(e instanceof Problem)) throw e;
    return { kind: e.kind, detail: e.detail, extra: { ...e.extra } };
  }
}

describe('CSR policy of the enrollment Worker', () => {
  it('accepts the invited identity: CN name or email, E and an email SAN, any case', async () => {
    const a = await createCsr({
      keys: rsa,
      subject: { CN: 'Alice Example', E: 'Alice@Example.com' },
      sans: [{ type: 'email', value: 'alice@example.com' }],
    });
    const b = await createCsr({ keys: rsa, subject: { CN: 'alice@example.com' } });
    expect((await refusal(a.pem)).kind).toBe('accepted');
    expect((await refusal(b.pem)).kind).toBe('accepted');
  });

  it('matches the email without regard to case: E=BOB@EXAMPLE.COM is bob@example.com', async () => {
    const bob = { ...INV, email: 'bob@example.com', name: 'Bob Example' };
    const csr = await createCsr({
      keys: rsa,
      subject: { CN: 'BOB@EXAMPLE.COM', E: 'BOB@EXAMPLE.COM' },
      sans: [{ type: 'email', value: 'Bob@Example.COM' }],
    });
    await expect(checkCsr(csr.pem, bob)).resolves.toBeDefined();
    const other = await createCsr({ keys: rsa, subject: { CN: 'Bob Example', E: 'BOB@EXAMPLE.ORG' } });
    await expect(checkCsr(other.pem, bob)).rejects.toMatchObject({ kind: 'csr-identity-mismatch' });
  });

  it('accepts every case variant of the invited email and refuses every other address (generated)', () => {
    const csrOf = (email: string, cn: string) =>
      ({
        subjectAttributes: [
          { name: 'CN', value: cn },
          { name: 'E', value: email },
        ],
        sans: [{ type: 'email', value: email }],
      }) as unknown as ParsedCsr;
    const flipCase = (s: string, mask: readonly boolean[]) =>
      [...s].map((c, i) => (mask[i % Math.max(1, mask.length)] ? c.toUpperCase() : c.toLowerCase())).join('');
    const local = fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,15}$/);
    const domain = fc.stringMatching(/^[a-z0-9]{1,10}\.(com|org|example)$/);
    fc.assert(
      fc.property(local, domain, fc.array(fc.boolean(), { minLength: 1 }), local, (l, d, mask, l2) => {
        const email = `${l}@${d}`;
        const inv = { ...INV, email, name: 'Some One' };
        expect(identityMismatch(csrOf(flipCase(email, mask), flipCase(email, mask)), inv)).toBeUndefined();
        fc.pre(l2 !== l);
        expect(identityMismatch(csrOf(`${l2}@${d}`, 'Some One'), inv)).toBeDefined();
      }),
    );
  });

  it('refuses every other identity', async () => {
    const cases = [
      { subject: { CN: 'Alice Example', E: 'bob@example.com' } },
      { subject: { CN: 'Bob' } },
      { subject: { CN: 'Alice Example' }, sans: [{ type: 'email' as const, value: 'bob@example.com' }] },
      { subject: { CN: 'Alice Example' }, sans: [{ type: 'dns' as const, value: 'example.com' }] },
      { subject: { CN: 'Alice Example', O: 'Example Ltd' } },
    ];
    for (const c of cases) {
      const csr = await createCsr({ keys: rsa, ...c });
      expect((await refusal(csr.pem)).kind, JSON.stringify(c)).toBe('csr-identity-mismatch');
    }
  });

  it('refuses an ECDSA key (EPKI -4007) and a CSR whose signature does not verify', async () => {
    const csr = await createCsr({ keys: ec, subject: { CN: 'Alice Example' } });
    const r = await refusal(csr.pem);
    expect(r.kind).toBe('csr-rejected');
    expect(r.extra.findings).toEqual(expect.arrayContaining([expect.objectContaining({ code: '-4007' })]));
    const good = await createCsr({ keys: rsa, subject: { CN: 'Alice Example' } });
    const der = good.der.slice();
    der[der.length - 10] = (der[der.length - 10] ?? 0) ^ 0xff; // inside the signature
    const bad = await refusal(Buffer.from(der).toString('base64'));
    expect(bad.kind).toBe('csr-rejected');
    expect(bad.extra.findings).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'BAD_SIGNATURE' })]));
  });

  it('refuses garbage and a missing CSR', async () => {
    expect((await refusal('-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----')).kind).toBe(
      'csr-invalid',
    );
    expect((await refusal(undefined)).kind).toBe('malformed-request');
    expect((await refusal('x'.repeat(20000))).kind).toBe('malformed-request');
  });
});
