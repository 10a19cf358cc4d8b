// A password outside ASCII (Latin-1, the euro sign, a dash and a check mark: all in the Basic Multilingual Plane).
// PKCS#12's legacy KDF takes the password as a BMPString (UTF-16BE plus two zero bytes, RFC 7292 B.1) and PBES2
// takes its UTF-8 bytes: OpenSSL 3, NSS, GnuTLS and Python's cryptography must open both of our profiles, and we
// must open OpenSSL's own files. Java's keytool refuses such a password whoever wrote the file (OpenSSL's own files
// included): that is keytool's, and the test pins that it treats our files exactly as it treats OpenSSL's.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPkcs12, openPkcs12, parseCertificate } from '../../src/crypto/index.ts';
import { certtoolP12, keytoolList, nssImport, opensslP12, pythonP12 } from './helpers/consumers.ts';
import { run, type Scratch, scratch, sha256Hex } from './helpers/run.ts';

const PASSWORD = 'pässwörd € – ✓';
const PROFILES = ['modern', 'legacy'] as const;

let tmp: Scratch;
let pwFile: string;
let keyPem: string;
let certPem: string;
const ours: Record<(typeof PROFILES)[number], string> = { modern: '', legacy: '' };
const theirs: Record<(typeof PROFILES)[number], string> = { modern: '', legacy: '' };

beforeAll(async () => {
  tmp = scratch('gsk-p12-nonascii-');
  pwFile = tmp.write('password', PASSWORD);
  const made = await run(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=Zoë Example'],
    { cwd: tmp.dir, env: { LC_ALL: 'C.UTF-8' }, input: '' },
  );
  const blocks = made.stdout.match(/-----BEGIN [\s\S]+?-----END [^-]+-----\n/g) ?? [];
  certPem = blocks.find((b) => b.includes('CERTIFICATE'))!;
  keyPem = readFileSync(`${tmp.dir}/privkey.pem`, 'utf8');
  for (const profile of PROFILES) {
    ours[profile] = tmp.write(
      `ours-${profile}.p12`,
      await createPkcs12({ key: keyPem, certificates: [certPem], password: PASSWORD, profile }),
    );
    theirs[profile] = `${tmp.dir}/openssl-${profile}.p12`;
    const exported = await run('openssl', [
      'pkcs12',
      '-export',
      ...(profile === 'legacy' ? ['-legacy'] : []),
      '-inkey',
      `${tmp.dir}/privkey.pem`,
      '-in',
      tmp.write('cert.pem', certPem),
      '-passout',
      `file:${pwFile}`,
      '-out',
      theirs[profile],
    ]);
    expect(exported.code, exported.stderr).toBe(0);
  }
});
afterAll(() => tmp?.cleanup());

describe('a non-ASCII password', () => {
  const leafSha = () => sha256Hex(parseCertificate(certPem).der);

  it.each(PROFILES)('OpenSSL 3, NSS, GnuTLS and Python open our %s file', async (profile) => {
    const file = ours[profile];
    const ossl = await opensslP12(file, pwFile, profile === 'legacy');
    expect(ossl.code).toBe(0);
    expect(ossl.bags.map((b) => b.label).sort()).toEqual(['CERTIFICATE', 'PRIVATE KEY']);
    const nss = await nssImport(file, pwFile, `${tmp.dir}/nss-${profile}`);
    expect(nss.imported.code, nss.imported.stderr).toBe(0);
    expect(nss.certs.map((c) => sha256Hex(c.cert.der))).toEqual([leafSha()]);
    expect(nss.keys).toHaveLength(1);
    const gnutls = await certtoolP12(file, PASSWORD);
    expect(gnutls.elements.some((e) => e.pem?.includes('BEGIN CERTIFICATE'))).toBe(true);
    const [py] = await pythonP12(pwFile, [file]);
    expect(py).toMatchObject({
      keyType: 'EC',
      curve: 'secp256r1',
      keyMatchesCert: true,
      certSha256: leafSha().toLowerCase(),
    });
  });

  it.each(PROFILES)("we open OpenSSL's %s file and refuse a wrong password", async (profile) => {
    const bytes = readFileSync(theirs[profile]);
    const opened = await openPkcs12(bytes, PASSWORD);
    expect(opened.certificates.map((c) => sha256Hex(c.der))).toEqual([leafSha()]);
    await expect(openPkcs12(bytes, 'passwörd € – ✓')).rejects.toMatchObject({ name: 'CryptoError' });
  });

  it('keytool gives our files the verdict it gives OpenSSL’s', async () => {
    const verdicts = await Promise.all(
      [...PROFILES.map((p) => ours[p]), ...PROFILES.map((p) => theirs[p])].map(async (f) => {
        const r = await keytoolList(f, pwFile);
        return r.code === 0 ? r.entries.length : 'refused';
      }),
    );
    expect(verdicts.slice(0, 2)).toEqual(verdicts.slice(2));
  });
});
