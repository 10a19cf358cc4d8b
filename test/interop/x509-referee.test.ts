// Issue 15: @peculiar/x509 as a referee. Certificates the simulator issues, the certificates inside the
// shared/vectors PKCS#12 files and CSRs we make read the same in @peculiar/x509 as in ours: subject, issuer, serial,
// validity, public key, SANs, extensions (raw), EKU, CA flag. Names are compared as OID=value lists; the printed name
// is compared RDN by RDN.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Certificate,
  createCsr,
  generateKeyPair,
  type KeyPairInfo,
  openPkcs12,
  parseCertificate,
  parseCsr,
  publicKeySpki,
  type SubjectAltName,
  type SubjectInput,
} from '../../src/crypto/index.ts';
import { createSimulator } from '../../src/simulator/index.ts';
import { fixturePassword } from '../fixtures/pkcs12/passwords.ts';
import { sha256Hex } from './helpers/run.ts';
import { oursCert, oursCsr, printedRdns, refereeCert, refereeCsr, type View } from './helpers/x509-view.ts';

const VECTORS = join(import.meta.dirname, '../../../shared/vectors/pkcs12');
const MULTI_VALUED = join(import.meta.dirname, '../fixtures/interop/multi-valued-rdn.pem');

/** Ours lists attributes, not RDNs: compare names flattened. */
const flatView = (v: View) => ({ ...v, subject: v.subject.flat(), issuer: v.issuer?.flat() });

const simulated: Certificate[] = [];
const vectors: { file: string; cert: Certificate }[] = [];
let keys: KeyPairInfo;

const SUBJECTS: { subject: SubjectInput; sans: SubjectAltName[]; profile: 'smime' | 'tls' }[] = [
  {
    profile: 'smime',
    subject: { CN: 'Zoë Ünïcødé', E: 'zoe@example.com', O: 'Ex, "Quoted" & <Co>', OU: ['R+D', ' Ops '] },
    sans: [{ type: 'email', value: 'zoe@example.com' }],
  },
  {
    profile: 'tls',
    subject: { CN: 'www.example.com', C: 'GB', ST: 'London', L: 'London', SERIALNUMBER: '12345678' },
    sans: [
      { type: 'dns', value: 'www.example.com' },
      { type: 'dns', value: '*.example.com' },
      { type: 'ip', value: '192.0.2.7' },
      { type: 'ip', value: '2001:db8::7' },
      { type: 'uri', value: 'https://www.example.com/' },
    ],
  },
  {
    profile: 'smime',
    subject: { CN: '#leading hash', E: 'u@example.com' },
    sans: [{ type: 'upn', value: 'u@example.com' }],
  },
];

beforeAll(async () => {
  const sim = await createSimulator();
  const [rsa, ec] = await Promise.all([generateKeyPair('RSA-2048'), generateKeyPair('P-256')]);
  keys = ec;
  simulated.push(sim.ca.rsa.root.certificate, sim.ca.rsa.intermediate.certificate);
  simulated.push(sim.ca.ec.root.certificate, sim.ca.ec.intermediate.certificate);
  for (const [i, s] of SUBJECTS.entries()) {
    const spki = await publicKeySpki((i % 2 ? ec : rsa).publicKey);
    simulated.push(await sim.ca.issue({ ...s, spki, notBefore: new Date(), days: 397 }));
  }
  const seen = new Set<string>();
  for (const file of readdirSync(VECTORS).filter((f) => /\.(p12|pfx)$/.test(f))) {
    const contents = await openPkcs12(readFileSync(join(VECTORS, file)), fixturePassword(file) ?? '');
    for (const c of contents.certificates) {
      const cert = parseCertificate(c.der);
      if (!seen.has(sha256Hex(cert.der))) vectors.push({ file, cert });
      seen.add(sha256Hex(cert.der));
    }
  }
}, 60_000);

describe('@peculiar/x509 reads certificates as ours does', () => {
  it('simulator certificates: CAs and leaves with Unicode, escaped characters, IPv6, URI and UPN names', () => {
    expect(simulated.length).toBe(4 + SUBJECTS.length);
    for (const c of simulated) expect(flatView(oursCert(c)), c.subjectString).toEqual(flatView(refereeCert(c.der)));
  });

  it('the certificates inside the shared/vectors PKCS#12 files (Windows, OpenSSL, Go, node-forge exports)', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(6);
    for (const { file, cert } of vectors)
      expect(flatView(oursCert(cert)), file).toEqual(flatView(refereeCert(cert.der)));
  });

  it('a certificate with a multi-valued RDN has the same attributes, values and extensions', () => {
    const c = parseCertificate(readFileSync(MULTI_VALUED, 'utf8'));
    expect(refereeCert(c.der).subject).toEqual([
      ['2.5.4.6=JP'],
      ['2.5.4.10=Example Trust'],
      ['2.5.4.3=Test User', '0.9.2342.19200300.100.1.1=83001001723349'],
    ]);
    expect(flatView(oursCert(c))).toEqual(flatView(refereeCert(c.der)));
  });

  it('every printed subject and issuer splits into the RDNs the referee reads', () => {
    for (const c of [...simulated, ...vectors.map((v) => v.cert)]) {
      const ref = refereeCert(c.der);
      expect(printedRdns(c.subjectString), c.subjectString).toEqual(ref.subject);
      expect(printedRdns(c.issuerString), c.issuerString).toEqual(ref.issuer);
    }
  });

  // Issue 18 item 8: a multi-valued RDN printed with `,` instead of RFC 4514's `+` ("CN=Test User, UID=…").
  it('a multi-valued RDN prints with + (RFC 4514), as the referee structures it', () => {
    const c = parseCertificate(readFileSync(MULTI_VALUED, 'utf8'));
    expect(printedRdns(c.subjectString)).toEqual(refereeCert(c.der).subject);
  });
});

describe('@peculiar/x509 reads our CSRs as ours does', () => {
  it('CSRs for the simulator subjects: same subject, key, SANs, extensions, and both verify the signature', async () => {
    for (const s of SUBJECTS) {
      const made = await createCsr({ keys, subject: s.subject, sans: s.sans });
      const ours = await parseCsr(made.pem);
      const ref = await refereeCsr(made.der);
      expect(ours.signatureValid).toBe(true);
      expect(ref.verified).toBe(true);
      expect(flatView(oursCsr(ours))).toEqual(flatView(ref.view));
      expect(printedRdns(ours.subjectString)).toEqual(ref.view.subject);
    }
  });

  it('any subject and SANs we encode read back the same in the referee (property)', async () => {
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s !== '');
    const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
    const san: fc.Arbitrary<SubjectAltName> = fc.oneof(
      label.map((l) => ({ type: 'dns' as const, value: `${l}.example.com` })),
      label.map((l) => ({ type: 'email' as const, value: `${l}@example.com` })),
      fc.ipV4().map((v) => ({ type: 'ip' as const, value: v })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({ CN: text, O: fc.option(text, { nil: undefined }), OU: fc.array(text, { maxLength: 2 }) }),
        fc.array(san, { maxLength: 3 }),
        async ({ CN, O, OU }, sans) => {
          const subject: SubjectInput = { CN, ...(O ? { O } : {}), ...(OU.length ? { OU } : {}) };
          const made = await createCsr({ keys, subject, sans });
          const ours = oursCsr(await parseCsr(made.pem));
          const ref = await refereeCsr(made.der);
          expect(ref.verified).toBe(true);
          expect(flatView(ours)).toEqual(flatView(ref.view));
          expect(printedRdns((await parseCsr(made.pem)).subjectString)).toEqual(ref.view.subject);
        },
      ),
      { numRuns: 60 },
    );
  });
});
