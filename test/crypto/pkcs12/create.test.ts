// createPkcs12: files that openssl, node-forge and openPkcs12 all read back, with the expected algorithms,
// attributes and chain.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CryptoError, isCryptoError, isValidationError } from '../../../src/errors.ts';
import { createPkcs12, openPkcs12 } from '../../../src/crypto/pkcs12/index.ts';
import { hex, makePki, type Ossl, opensslExtract, ossl, type Pki, sortedHex, spkiOfKey } from './helpers.ts';

let o: Ossl;
let pki: Pki;
beforeAll(() => {
  o = ossl();
  pki = makePki(o);
});
afterAll(() => o.cleanup());

const PW = 'correct horse battery';
const pem = (der: Uint8Array): string =>
  `-----BEGIN CERTIFICATE-----\r\n${Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\r\n')}\r\n-----END CERTIFICATE-----\r\n`;

function write(name: string, bytes: Uint8Array): string {
  return o.write(name, bytes);
}

describe('createPkcs12 profiles, read by openssl', () => {
  it.each([
    ['modern', ['PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256', 'MAC: sha256, Iteration 2048']],
    ['legacy', ['pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048', 'MAC: sha1, Iteration 2048']],
  ] as const)('%s', async (profile, expected) => {
    const p12 = await createPkcs12({
      key: pki.rsaPkcs8,
      certificates: [pki.rsaLeaf, pem(pki.intermediate), { der: pki.root }],
      password: PW,
      profile,
      iterations: 2048,
      friendlyName: 'Alice Example',
    });
    const file = write(`${profile}.p12`, p12);
    const runs = profile === 'legacy' ? [true, false] : [false];
    for (const legacy of runs) {
      const ref = opensslExtract(o, file, PW, legacy);
      for (const line of expected) expect(ref.info).toContain(line);
      expect(ref.info.match(/Shrouded Keybag|Encrypted data/g)).toHaveLength(2);
      expect(ref.keys).toEqual([pki.rsaPkcs8]);
      expect(sortedHex(ref.certs)).toEqual(sortedHex([pki.rsaLeaf, pki.intermediate, pki.root]));
      expect(ref.friendlyNames).toEqual(['Alice Example', 'Alice Example']);
      const id = createHash('sha1').update(pki.rsaLeaf).digest('hex').toUpperCase().replace(/(..)/g, '$1 ');
      expect(ref.info.split(`localKeyID: ${id}`)).toHaveLength(3); // key bag and leaf cert bag only
    }

    const back = await openPkcs12(p12, PW);
    expect(back.keys).toHaveLength(1);
    expect(back.keys[0]!.pkcs8).toEqual(pki.rsaPkcs8);
    expect(back.keys[0]!.certificate?.der).toEqual(pki.rsaLeaf);
    expect(back.keys[0]!.localKeyId).toBe(createHash('sha1').update(pki.rsaLeaf).digest('hex'));
    expect(back.certificates.map((c) => c.localKeyId !== undefined)).toEqual([true, false, false]);
    expect(back.encryption).toEqual([
      profile === 'modern' ? 'PBES2/PBKDF2-HMAC-SHA256/AES-256-CBC' : 'pbeWithSHAAnd3-KeyTripleDES-CBC',
    ]);
  });

  it('defaults: modern, 100,000 iterations, SHA-256 MAC', async () => {
    const p12 = await createPkcs12({ key: pki.ecPkcs8, certificates: [pki.ecLeaf], password: PW });
    const ref = opensslExtract(o, write('default.p12', p12), PW, false);
    expect(ref.info).toContain('MAC: sha256, Iteration 100000');
    expect(ref.info).toContain('AES-256-CBC, Iteration 100000, PRF hmacWithSHA256');
    expect((await openPkcs12(p12, PW)).mac).toEqual({ algorithm: 'SHA-256', iterations: 100_000 });
  });

  it('a MAC algorithm of choice, a Unicode password, an empty password', async () => {
    const base = { key: pki.rsaPkcs8, certificates: [pki.rsaLeaf], iterations: 2048 };
    const sha512 = await createPkcs12({ ...base, password: 'pässwörd-日本', macAlgorithm: 'SHA-512' });
    expect(opensslExtract(o, write('u.p12', sha512), 'pässwörd-日本', false).info).toContain('MAC: sha512');
    const empty = await createPkcs12({ ...base, password: '', profile: 'legacy' });
    expect(opensslExtract(o, write('e.p12', empty), '', false).keys).toEqual([pki.rsaPkcs8]);
    expect((await openPkcs12(empty, '')).keys[0]!.pkcs8).toEqual(pki.rsaPkcs8);
  });
});

describe('createPkcs12 inputs', () => {
  it('takes an extractable CryptoKey, finds the leaf wherever it is, and reads a PEM bundle', async () => {
    const key = await crypto.subtle.importKey(
      'pkcs8',
      new Uint8Array(pki.ecPkcs8),
      { name: 'ECDSA', namedCurve: 'P-256' },
      true,
      ['sign'],
    );
    const p12 = await createPkcs12({
      key,
      certificates: [pem(pki.intermediate) + pem(pki.ecLeaf)],
      password: PW,
      iterations: 2048,
    });
    const back = await openPkcs12(p12, PW);
    expect(back.certificates.map((c) => hex(c.der))).toEqual([hex(pki.ecLeaf), hex(pki.intermediate)]);
    expect(back.keys[0]!.curve).toBe('P-256');
    const ref = opensslExtract(o, write('ec.p12', p12), PW, false);
    expect(spkiOfKey(ref.keys[0]!).equals(spkiOfKey(pki.ecPkcs8))).toBe(true);
  });

  it('refuses a non-extractable key, a key without its certificate, bad options', async () => {
    const key = await crypto.subtle.importKey(
      'pkcs8',
      new Uint8Array(pki.ecPkcs8),
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['sign'],
    );
    const e1 = await createPkcs12({ key, certificates: [pki.ecLeaf], password: PW }).catch((e: unknown) => e);
    expect(isCryptoError(e1) && (e1 as CryptoError).reason).toBe('KEY_NOT_EXTRACTABLE');
    expect((e1 as Error).message).toMatch(/extractable/);
    const e2 = await createPkcs12({
      key: pki.otherPkcs8,
      certificates: [pki.ecLeaf, pki.rsaLeaf],
      password: PW,
      iterations: 2048,
    }).catch((e: unknown) => e);
    expect(isCryptoError(e2) && (e2 as CryptoError).reason).toBe('KEY_MISMATCH');
    const base = { key: pki.ecPkcs8, certificates: [pki.ecLeaf], password: PW };
    for (const [bad, field] of [
      [{ password: 42 }, 'password'],
      [{ password: undefined }, 'password'],
      [{ iterations: 1000 }, 'iterations'],
      [{ iterations: 2048.5 }, 'iterations'],
      [{ profile: 'strong' }, 'profile'],
      [{ macAlgorithm: 'MD5' }, 'macAlgorithm'],
      [{ certificates: [] }, 'certificates'],
    ] as const) {
      const e = await createPkcs12({ ...base, ...bad } as never).catch((err: unknown) => err);
      expect(isValidationError(e)).toBe(true);
      expect((e as { field: string }).field).toBe(field);
      expect((e as Error).message).not.toContain(PW);
    }
  });
});

describe('node-forge reads what createPkcs12 writes', () => {
  interface ForgeBag {
    cert?: { serialNumber: string };
    key?: { n: { toString(radix: number): string } };
    attributes: Record<string, string[] | undefined>;
  }
  interface Forge {
    asn1: { fromDer(bytes: string): unknown };
    pkcs12: {
      pkcs12FromAsn1(asn1: unknown, password: string): { getBags(q: { bagType: string }): Record<string, ForgeBag[]> };
    };
    pki: { oids: Record<string, string> };
  }
  const forge = createRequire(import.meta.url)('node-forge') as Forge;

  it('legacy profile: key, leaf and chain, friendlyName and localKeyId', async () => {
    const p12 = await createPkcs12({
      key: pki.rsaPkcs8,
      certificates: [pki.rsaLeaf, pki.intermediate],
      password: PW,
      profile: 'legacy',
      friendlyName: 'Forge Check',
    });
    const parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(Buffer.from(p12).toString('binary')), PW);
    const keyOid = forge.pki.oids.pkcs8ShroudedKeyBag!;
    const certOid = forge.pki.oids.certBag!;
    const keys = parsed.getBags({ bagType: keyOid })[keyOid]!;
    const certs = parsed.getBags({ bagType: certOid })[certOid]!;
    expect(keys).toHaveLength(1);
    expect(certs).toHaveLength(2);
    const jwk = (await crypto.subtle.exportKey(
      'jwk',
      await crypto.subtle.importKey('pkcs8', new Uint8Array(pki.rsaPkcs8), { name: 'RSA-PSS', hash: 'SHA-256' }, true, [
        'sign',
      ]),
    )) as JsonWebKey;
    expect(keys[0]!.key!.n.toString(16)).toBe(Buffer.from(jwk.n!, 'base64url').toString('hex').replace(/^0+/, ''));
    expect(keys[0]!.attributes.friendlyName).toEqual(['Forge Check']);
    const leafBag = certs.find((c) => c.attributes.localKeyId)!;
    expect(leafBag.attributes.friendlyName).toEqual(['Forge Check']);
    expect(Buffer.from(leafBag.attributes.localKeyId![0]!, 'binary').toString('hex')).toBe(
      createHash('sha1').update(pki.rsaLeaf).digest('hex'),
    );
  });
});
