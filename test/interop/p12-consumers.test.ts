// Issue 15: the .p12 files the CLI and the page make, in both profiles, opened by the programs that consume them:
// OpenSSL 3, NSS (pk12util into a fresh database, as Firefox and Thunderbird), Java keytool, GnuTLS certtool and
// Python's cryptography. Each program's answer is parsed into fields and compared with the certificates the
// simulator issued.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Certificate, parseCsr, pemDecode, spkiFingerprint } from '../../src/crypto/index.ts';
import { type CliTarget, cliArtifacts } from './helpers/cli.ts';
import {
  certsOf,
  certtoolKey,
  certtoolP12,
  keytoolList,
  nssImport,
  opensslP12,
  pythonP12,
} from './helpers/consumers.ts';
import { run, type Scratch, scratch, sha256Hex } from './helpers/run.ts';
import { enrollAsPage, type Stack, startStack } from './helpers/stack.ts';

type Profile = 'modern' | 'legacy';

/** One .p12 and what should be inside. */
interface Artifact {
  readonly name: string;
  readonly profile: Profile;
  readonly family: 'RSA' | 'EC';
  readonly file: string;
  readonly email: string;
  readonly leaf: Certificate;
  readonly chain: readonly Certificate[];
}

const PASSWORD = 'Interop p12 password 1';
const EXPECT = {
  modern: { openssl: 'PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256', mac: 'sha256', iter: 100_000 },
  legacy: { openssl: 'pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048', mac: 'sha1', iter: 2048 },
} as const;

let stack: Stack;
let tmp: Scratch;
let pwFile: string;
const artifacts: Artifact[] = [];
let fromPemChain: Artifact;
/** PEM chains (leaf file, chain file) and CSR files the CLI and the page produced. */
const pemChains: { name: string; leaf: string; chain: string }[] = [];
const csrs: { name: string; file: string }[] = [];

const fingerprints = (certs: readonly Certificate[]) => certs.map((c) => sha256Hex(c.der)).sort();

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => {}); // the Worker's audit lines
  stack = await startStack();
  tmp = scratch('gsk-interop-p12-');
  pwFile = tmp.write('password', PASSWORD);
  const { username, password, epkiProfileId } = stack.sim.defaults;
  const target: CliTarget = { dir: tmp.dir, endpoint: stack.simUrl, username, password, profileId: epkiProfileId };
  const ecIssue = async (pem: string) => {
    const csr = await parseCsr(pem);
    const leaf = await stack.sim.ca.issue({
      profile: 'smime',
      spki: csr.spkiDer,
      subject: { CN: 'Erin Example', E: 'erin@example.com' },
      sans: csr.sans,
      notBefore: new Date(),
      days: 365,
    });
    return [leaf, ...stack.sim.ca.chainFor(leaf)];
  };
  const person = (email: string, cn: string) => ({ email, cn, password: PASSWORD });
  const [rsa, ec, pageModern, pageLegacy] = await Promise.all([
    cliArtifacts(target, { name: 'cli-rsa', alg: 'RSA-2048', ...person('carol@example.com', 'Carol Example') }),
    cliArtifacts(target, {
      name: 'cli-ec',
      alg: 'P-256',
      ...person('erin@example.com', 'Erin Example'),
      issue: ecIssue,
    }),
    enrollAsPage(stack, { email: 'alice@example.com', name: 'Alice Example', password: PASSWORD, legacy: false }),
    enrollAsPage(stack, { email: 'bob@example.com', name: 'Bob Example', password: PASSWORD, legacy: true }),
  ]);
  for (const profile of ['modern', 'legacy'] as const) {
    artifacts.push({
      name: `cli RSA ${profile}`,
      profile,
      family: 'RSA',
      file: rsa.p12Files[profile],
      email: 'carol@example.com',
      leaf: rsa.leaf,
      chain: rsa.chain,
    });
    artifacts.push({
      name: `cli EC ${profile}`,
      profile,
      family: 'EC',
      file: ec.p12Files[profile],
      email: 'erin@example.com',
      leaf: ec.leaf,
      chain: ec.chain,
    });
  }
  for (const [name, made] of [
    ['cli RSA', rsa],
    ['cli EC', ec],
  ] as const) {
    pemChains.push({ name, leaf: made.leafFile, chain: made.chainFile });
    csrs.push({ name, file: made.csrFile });
  }
  for (const [name, page] of [
    ['page modern', pageModern],
    ['page legacy', pageLegacy],
  ] as const) {
    const { certificate, chain } = page.enrolled;
    const slug = name.replace(' ', '-');
    pemChains.push({
      name,
      leaf: tmp.write(`${slug}.leaf.pem`, certificate.pem),
      chain: tmp.write(`${slug}.chain.pem`, chain.map((c) => c.pem).join('')),
    });
  }
  stack.enrollBodies.forEach((body, i) => {
    csrs.push({
      name: `page CSR ${i}`,
      file: tmp.write(`page-${i}.csr.pem`, (JSON.parse(body) as { csr: string }).csr),
    });
  });
  fromPemChain = { ...artifacts[0]!, name: 'cli RSA modern, --chain chain.pem', file: rsa.p12FromPemChain };
  for (const [profile, page] of [
    ['modern', pageModern],
    ['legacy', pageLegacy],
  ] as const) {
    const file = tmp.write(page.fileName, page.p12);
    const { certificate: leaf, chain } = page.enrolled;
    artifacts.push({ name: `page RSA ${profile}`, profile, family: 'RSA', file, email: page.email, leaf, chain });
  }
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  tmp?.cleanup();
  vi.restoreAllMocks();
});

const each = (fn: (a: Artifact) => Promise<void>) => () => Promise.all(artifacts.map(fn));

describe('.p12 files of the CLI and the page, opened by their consumers', () => {
  it('were made: RSA and EC from the CLI, RSA from the page, each with its issuing chain to a simulator root', () => {
    expect(artifacts.map((a) => a.name).sort()).toEqual([
      'cli EC legacy',
      'cli EC modern',
      'cli RSA legacy',
      'cli RSA modern',
      'page RSA legacy',
      'page RSA modern',
    ]);
    for (const a of artifacts) expect(a.chain.map((c) => c.isCA)).toEqual([true, true]);
  });

  it(
    'OpenSSL 3 reads them without -legacy: the profile algorithms, the MAC, the chain, the key of the leaf',
    each(async (a) => {
      const r = await opensslP12(a.file, pwFile);
      const want = EXPECT[a.profile];
      expect(r.code, a.name).toBe(0);
      expect(r.mac, a.name).toEqual({ hash: want.mac, iterations: want.iter });
      expect(r.certEncryption, a.name).toEqual([want.openssl]);
      expect(r.keyEncryption, a.name).toEqual([want.openssl]);
      const certs = r.bags.filter((b) => b.label === 'CERTIFICATE');
      expect(fingerprints(certsOf(certs.map((b) => b.pem))), a.name).toEqual(fingerprints([a.leaf, ...a.chain]));
      const key = r.bags.find((b) => b.label === 'PRIVATE KEY');
      const leafBag = certs.find((b) => certsOf([b.pem])[0]?.serialNumber === a.leaf.serialNumber);
      expect(key?.friendlyName, a.name).toBe(a.email);
      expect(leafBag?.friendlyName, a.name).toBe(a.email);
      expect(key?.localKeyId, a.name).toBeDefined();
      expect(leafBag?.localKeyId, a.name).toBe(key?.localKeyId);
      expect(r.keySpki, a.name).toEqual(a.leaf.spkiDer);
    }),
  );

  it('OpenSSL 3 needs -legacy for an RC2 file (the control: the check above can tell the difference)', async () => {
    const rc2 = join(import.meta.dirname, '../fixtures/pkcs12/go-testing-example-com.p12');
    expect((await opensslP12(rc2, null)).code).not.toBe(0);
    const legacy = await opensslP12(rc2, null, true);
    expect(legacy.code).toBe(0);
    expect(legacy.certEncryption).toEqual(['pbeWithSHA1And40BitRC2-CBC, Iteration 2048']);
  });

  it(
    'NSS pk12util imports them into a fresh database; certutil -L shows the chain and the user certificate, -K its key',
    each(async (a) => {
      const nss = await nssImport(a.file, pwFile, join(tmp.dir, `nss-${a.name.replace(/ /g, '-')}`));
      expect(nss.imported.code, `${a.name}: ${nss.imported.stderr}`).toBe(0);
      expect(fingerprints(nss.certs.map((c) => c.cert)), a.name).toEqual(fingerprints([a.leaf, ...a.chain]));
      const user = nss.certs.filter((c) => c.trust.split(',').every((t) => t.includes('u')));
      expect(
        user.map((c) => sha256Hex(c.cert.der)),
        a.name,
      ).toEqual([sha256Hex(a.leaf.der)]);
      expect(user[0]?.nickname, a.name).toBe(a.email);
      expect(nss.keys, a.name).toEqual([{ type: a.family === 'RSA' ? 'rsa' : 'ec', nickname: a.email }]);
    }),
  );

  it(
    'Java keytool lists one PrivateKeyEntry with the whole chain, leaf first',
    each(async (a) => {
      const r = await keytoolList(a.file, pwFile);
      expect(r.code, a.name).toBe(0);
      expect(
        r.entries.map((e) => [e.alias, e.type, e.chainLength]),
        a.name,
      ).toEqual([[a.email, 'PrivateKeyEntry', 1 + a.chain.length]]);
      expect(r.entries[0]?.sha256, a.name).toEqual([a.leaf, ...a.chain].map((c) => sha256Hex(c.der)));
      expect(r.entries[0]?.keyAlgorithm[0], a.name).toMatch(a.family === 'RSA' ? /^2048-bit RSA key$/ : /^256-bit EC/);
    }),
  );

  it(
    'GnuTLS certtool --p12-info verifies the MAC and decrypts the bags; the PKCS#8 key decrypts to the leaf key',
    each(async (a) => {
      const g = await certtoolP12(a.file, PASSWORD);
      expect(g.code, a.name).toBe(0);
      expect(g.mac, a.name).toEqual({
        hash: a.profile === 'modern' ? 'SHA256' : 'SHA1',
        iterations: EXPECT[a.profile].iter,
      });
      const schema =
        a.profile === 'modern'
          ? 'PBES2-AES256-CBC (2.16.840.1.101.3.4.1.42)'
          : 'PKCS12-3DES-SHA1 (1.2.840.113549.1.12.1.3)';
      expect(new Set(g.schemas), a.name).toEqual(new Set([schema]));
      const certs = g.elements.filter((e) => e.type === 'Certificate');
      expect(fingerprints(certsOf(certs.map((e) => e.pem))), a.name).toEqual(fingerprints([a.leaf, ...a.chain]));
      const keys = g.elements.filter((e) => e.type === 'PKCS #8 Encrypted key');
      expect(keys.length, a.name).toBe(1);
      const leaf = certs.find((e) => e.friendlyName === a.email);
      expect(keys[0]?.friendlyName, a.name).toBe(a.email);
      expect(keys[0]?.keyId, a.name).toBe(leaf?.keyId);
      const key = await certtoolKey(keys[0]?.pem ?? '', PASSWORD);
      expect(key.spkiSha256, a.name).toBe(await spkiFingerprint(a.leaf.spkiDer));
      expect(key.algorithm, a.name).toBe(a.family === 'RSA' ? 'RSA' : 'EC/ECDSA');
    }),
  );

  it("Python's cryptography loads the key, the certificate and the chain", async () => {
    const results = await pythonP12(
      pwFile,
      artifacts.map((a) => a.file),
    );
    artifacts.forEach((a, i) => {
      expect(results[i], a.name).toEqual({
        keyType: a.family,
        keySize: a.family === 'RSA' ? 2048 : 256,
        curve: a.family === 'RSA' ? null : 'secp256r1',
        keyMatchesCert: true,
        certSha256: sha256Hex(a.leaf.der).toLowerCase(),
        subject: a.leaf.subjectAttributes.map((x) => [x.oid, x.value]),
        chainCount: a.chain.length,
        chainSha256: expect.arrayContaining(a.chain.map((c) => sha256Hex(c.der).toLowerCase())),
        friendlyName: a.email,
      });
    });
  });

  // Issue 14 item 1: the CLI once embedded a --chain PEM file's text as if it were DER.
  it('OpenSSL 3 reads a .p12 made with --chain chain.pem (the PEM file `order --out` users split)', async () => {
    const r = await opensslP12(fromPemChain.file, pwFile);
    expect(r.code).toBe(0);
    const certs = certsOf(r.bags.filter((b) => b.label === 'CERTIFICATE').map((b) => b.pem));
    expect(fingerprints(certs)).toEqual(fingerprints([fromPemChain.leaf, ...fromPemChain.chain]));
  });

  it('every consumer refuses a wrong password', async () => {
    const a = artifacts.find((x) => x.name === 'page RSA modern')!;
    const wrong = tmp.write('wrong-password', `${PASSWORD}x`);
    const [o, n, k, g, p] = await Promise.all([
      opensslP12(a.file, wrong),
      nssImport(a.file, wrong, join(tmp.dir, 'nss-wrong')),
      keytoolList(a.file, wrong),
      certtoolP12(a.file, `${PASSWORD}x`),
      pythonP12(wrong, [a.file]),
    ]);
    expect([o.code, n.imported.code, k.code, g.code].map((c) => c !== 0)).toEqual([true, true, true, true]);
    expect(p).toEqual([{ error: 'Invalid password or PKCS12 data' }]);
    expect(n.certs).toEqual([]);
  });
});

describe('PEM chains and CSRs of the CLI and the page, checked by OpenSSL', () => {
  const roots = () =>
    tmp.write('roots.pem', stack.sim.ca.rsa.root.certificate.pem + stack.sim.ca.ec.root.certificate.pem);
  const depthError = (stderr: string) => /^error (\d+) at (\d+) depth lookup/m.exec(stderr)?.slice(1, 3).map(Number);

  it('openssl verify -purpose smimesign: each leaf chains to a simulator root through its chain file, and not without it', async () => {
    expect(pemChains.map((c) => c.name)).toEqual(['cli RSA', 'cli EC', 'page modern', 'page legacy']);
    const ca = roots();
    await Promise.all(
      pemChains.map(async (c) => {
        const base = ['verify', '-purpose', 'smimesign', '-CAfile', ca];
        const [ok, missing] = await Promise.all([
          run('openssl', [...base, '-untrusted', c.chain, c.leaf]),
          run('openssl', [...base, c.leaf]),
        ]);
        expect([ok.code, ok.stdout], c.name).toEqual([0, `${c.leaf}: OK\n`]);
        expect(missing.code, c.name).not.toBe(0);
        expect(depthError(missing.stderr), c.name).toEqual([20, 0]); // unable to get local issuer certificate
      }),
    );
  });

  const OK = 'Certificate request self-signature verify OK';
  it('openssl req -verify accepts each CSR, reads the same public key, and refuses it with one signature bit flipped', async () => {
    expect(csrs.map((c) => c.name)).toEqual(['cli RSA', 'cli EC', 'page CSR 0', 'page CSR 1']);
    await Promise.all(
      csrs.map(async (c) => {
        const pem = readFileSync(c.file, 'utf8');
        const ours = await parseCsr(pem);
        const [verified, pub] = await Promise.all([
          run('openssl', ['req', '-verify', '-noout', '-in', c.file]),
          run('openssl', ['req', '-noout', '-pubkey', '-in', c.file]),
        ]);
        expect([verified.code, verified.stderr.trim()], c.name).toEqual([
          0,
          'Certificate request self-signature verify OK',
        ]);
        expect(pemDecode(pub.stdout)[0]?.der, c.name).toEqual(ours.spkiDer);
        const bad = ours.der.slice();
        bad[bad.length - 3]! ^= 0x01;
        const refused = await run('openssl', ['req', '-verify', '-noout', '-inform', 'DER'], { input: bad });
        // OpenSSL 3.0 exits 0 on a mismatch ("did not match") and non-zero on an error: neither says OK.
        expect([refused.code, refused.stderr.split('\n')[0]], c.name).not.toEqual([0, OK]);
      }),
    );
  });
});
