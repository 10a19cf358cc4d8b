// PKCS#12 files made by the openssl CLI during the test, in every flavour openssl can write, opened by us and
// compared with what openssl itself extracts from them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPkcs12 } from '../../../src/crypto/pkcs12/index.ts';
import { makePki, type Ossl, opensslExtract, ossl, type Pki, sortedHex, spkiOfCert, spkiOfKey } from './helpers.ts';

let o: Ossl;
let pki: Pki;
beforeAll(() => {
  o = ossl();
  pki = makePki(o);
});
afterAll(() => o.cleanup());

interface Variant {
  name: string;
  args: string[];
  password?: string;
  key?: 'rsa' | 'ec';
  encryption: string[];
  mac: string | null;
}

const S256 = 'PBES2/PBKDF2-HMAC-SHA256';
const VARIANTS: Variant[] = [
  { name: 'OpenSSL 3 default (AES-256)', args: [], encryption: [`${S256}/AES-256-CBC`], mac: 'SHA-256' },
  {
    name: 'AES-192-CBC',
    args: ['-keypbe', 'AES-192-CBC', '-certpbe', 'AES-192-CBC'],
    encryption: [`${S256}/AES-192-CBC`],
    mac: 'SHA-256',
  },
  {
    name: 'AES-128-CBC',
    args: ['-keypbe', 'AES-128-CBC', '-certpbe', 'AES-128-CBC'],
    encryption: [`${S256}/AES-128-CBC`],
    mac: 'SHA-256',
  },
  {
    name: 'PBES2 with DES-EDE3-CBC',
    args: ['-keypbe', 'DES-EDE3-CBC', '-certpbe', 'DES-EDE3-CBC'],
    encryption: [`${S256}/DES-EDE3-CBC`],
    mac: 'SHA-256',
  },
  {
    name: '3-key 3DES (PBES1)',
    args: ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'],
    encryption: ['pbeWithSHAAnd3-KeyTripleDES-CBC'],
    mac: 'SHA-1',
  },
  {
    name: '2-key 3DES (PBES1)',
    args: ['-keypbe', 'PBE-SHA1-2DES', '-certpbe', 'PBE-SHA1-2DES'],
    encryption: ['pbeWithSHAAnd2-KeyTripleDES-CBC'],
    mac: 'SHA-256',
  },
  {
    name: 'RC2-128 (PBES1)',
    args: ['-legacy', '-keypbe', 'PBE-SHA1-RC2-128', '-certpbe', 'PBE-SHA1-RC2-128'],
    encryption: ['pbeWithSHAAnd128BitRC2-CBC'],
    mac: 'SHA-1',
  },
  {
    name: '-legacy (RC2-40 certificates, 3DES key)',
    args: ['-legacy'],
    encryption: ['pbeWithSHAAnd40BitRC2-CBC', 'pbeWithSHAAnd3-KeyTripleDES-CBC'],
    mac: 'SHA-1',
  },
  { name: 'MAC SHA-224', args: ['-macalg', 'sha224'], encryption: [`${S256}/AES-256-CBC`], mac: 'SHA-224' },
  { name: 'MAC SHA-384', args: ['-macalg', 'sha384'], encryption: [`${S256}/AES-256-CBC`], mac: 'SHA-384' },
  { name: 'MAC SHA-512', args: ['-macalg', 'sha512'], encryption: [`${S256}/AES-256-CBC`], mac: 'SHA-512' },
  // OpenSSL 3.0 leaves the certificates unencrypted when -nomac is given.
  { name: 'no MAC', args: ['-nomac'], encryption: ['none', `${S256}/AES-256-CBC`], mac: null },
  {
    name: 'no MAC, all encrypted',
    args: ['-nomac', '-certpbe', 'AES-128-CBC'],
    encryption: [`${S256}/AES-128-CBC`, `${S256}/AES-256-CBC`],
    mac: null,
  },
  { name: 'unencrypted', args: ['-keypbe', 'NONE', '-certpbe', 'NONE'], encryption: ['none'], mac: 'SHA-256' },
  {
    name: 'unencrypted without MAC',
    args: ['-keypbe', 'NONE', '-certpbe', 'NONE', '-nomac'],
    encryption: ['none'],
    mac: null,
  },
  {
    name: 'Unicode password',
    args: [],
    password: 'pässwörd-日本',
    encryption: [`${S256}/AES-256-CBC`],
    mac: 'SHA-256',
  },
  { name: 'empty password', args: [], password: '', encryption: [`${S256}/AES-256-CBC`], mac: 'SHA-256' },
  {
    name: 'empty password, legacy',
    args: ['-legacy'],
    password: '',
    encryption: ['pbeWithSHAAnd40BitRC2-CBC', 'pbeWithSHAAnd3-KeyTripleDES-CBC'],
    mac: 'SHA-1',
  },
  { name: 'P-256 key', args: [], key: 'ec', encryption: [`${S256}/AES-256-CBC`], mac: 'SHA-256' },
];

function exportP12(file: string, v: Variant, password: string, extra: string[] = []): void {
  const key = v.key ?? 'rsa';
  o.run([
    'pkcs12',
    '-export',
    '-inkey',
    `${key}.key`,
    '-in',
    `${key}.pem`,
    '-certfile',
    'int.pem',
    '-name',
    `${v.name} key`,
    '-passout',
    `pass:${password}`,
    '-out',
    file,
    ...v.args,
    ...extra,
  ]);
}

describe('files written by the openssl CLI', () => {
  it.each(VARIANTS)('$name', async (v) => {
    const password = v.password ?? 'test-pw';
    const file = `${v.name.replace(/\W+/g, '_')}.p12`;
    exportP12(file, v, password);
    const p12 = await openPkcs12(o.read(file), password);
    const ref = opensslExtract(o, o.path(file), password);

    expect(p12.encryption.sort()).toEqual([...v.encryption].sort());
    expect(p12.mac?.algorithm ?? null).toBe(v.mac);
    expect(p12.keys).toHaveLength(1);
    expect(p12.certificates).toHaveLength(2);
    expect(sortedHex(p12.keys.map((k) => k.pkcs8))).toEqual(sortedHex(ref.keys));
    expect(sortedHex(p12.certificates.map((c) => c.der))).toEqual(sortedHex(ref.certs));

    const key = p12.keys[0]!;
    expect(key.friendlyName).toBe(`${v.name} key`);
    expect(key.algorithm).toBe(v.key === 'ec' ? 'EC' : 'RSA');
    if (v.key === 'ec') expect(key.curve).toBe('P-256');
    expect(key.certificate?.der).toEqual(v.key === 'ec' ? pki.ecLeaf : pki.rsaLeaf);
    expect(spkiOfCert(key.certificate!.der).equals(spkiOfKey(key.pkcs8))).toBe(true);
    expect(key.localKeyId).toMatch(/^[0-9a-f]{40}$/);
    expect(key.certificate!.localKeyId).toBe(key.localKeyId);
    const chain = p12.certificates.find((c) => c !== key.certificate)!;
    expect(chain.der).toEqual(pki.intermediate);
    expect(chain.localKeyId).toBeUndefined();
  });

  it('opens a 600,000-iteration export (realistic, once)', async () => {
    const v: Variant = { name: 'six hundred k', args: [], encryption: [], mac: 'SHA-256' };
    exportP12('600k.p12', v, 'slow-pw', ['-iter', '600000']);
    const started = performance.now();
    const p12 = await openPkcs12(o.read('600k.p12'), 'slow-pw');
    const elapsed = performance.now() - started;
    expect(p12.mac).toEqual({ algorithm: 'SHA-256', iterations: 600_000 });
    expect(p12.keys[0]!.pkcs8).toEqual(pki.rsaPkcs8);
    expect(elapsed).toBeLessThan(30_000); // a sanity bound, not a benchmark
  });
});
