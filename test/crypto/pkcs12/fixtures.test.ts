// Every third-party PKCS#12 file under test/fixtures/pkcs12 (see its MANIFEST.md for origins) opens, and gives
// exactly what `openssl pkcs12 -nodes -legacy` extracts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPkcs12 } from '../../../src/crypto/pkcs12/index.ts';
import { fixturePassword, PASSWORDS } from '../../fixtures/pkcs12/passwords.ts';
import { FIXTURES, type Ossl, opensslExtract, ossl, sortedHex, spkiOfCert, spkiOfKey } from './helpers.ts';

const passwordOf = fixturePassword;

// Counts the manifest states (key-only and cert-only files, a two-certificate file); the rest hold one of each.
const COUNTS: Record<string, [keys: number, certs: number]> = {
  'example15.pfx': [0, 1],
  'example16.pfx': [1, 0],
  'example7.pfx': [1, 2],
};

const files = readdirSync(FIXTURES).filter((f) => /\.(p12|pfx)$/.test(f));
let o: Ossl;
beforeAll(() => {
  o = ossl();
});
afterAll(() => o.cleanup());

describe('third-party PKCS#12 fixtures', () => {
  it('has every file the manifest lists, and a password for each', () => {
    expect(files.length).toBe(23);
    const manifest = readFileSync(join(FIXTURES, 'MANIFEST.md'), 'utf8');
    for (const f of Object.keys(PASSWORDS)) expect(manifest).toContain(f);
    for (const f of files.filter((f) => !(f in PASSWORDS))) expect(f).toMatch(/^example\d+\.pfx$/);
  });

  it.each(files)('%s opens and matches openssl', async (file) => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, file)));
    const password = passwordOf(file);
    const p12 = await openPkcs12(bytes, password);
    const [keys, certs] = COUNTS[file] ?? [1, 1];
    expect(p12.keys).toHaveLength(keys);
    expect(p12.certificates).toHaveLength(certs);

    const ref = opensslExtract(o, join(FIXTURES, file), password ?? '');
    expect(sortedHex(p12.keys.map((k) => k.pkcs8))).toEqual(sortedHex(ref.keys));
    expect(sortedHex(p12.certificates.map((c) => c.der))).toEqual(sortedHex(ref.certs));

    const names = [...p12.keys, ...p12.certificates].flatMap((x) => (x.friendlyName ? [x.friendlyName] : []));
    expect(names.sort()).toEqual(ref.friendlyNames.sort());

    for (const key of p12.keys) {
      expect(key.algorithm).toBe('RSA');
      if (certs === 0) continue;
      expect(key.certificate).toBeDefined();
      expect(spkiOfCert(key.certificate!.der).equals(spkiOfKey(key.pkcs8))).toBe(true);
      const imported = await key.importKey();
      expect(imported.type).toBe('private');
      expect(imported.extractable).toBe(false);
    }
    if (ref.info.includes('MAC: ')) {
      const m = /MAC: (\w+), Iteration (\d+)/.exec(ref.info)!;
      expect(p12.mac).toEqual({ algorithm: m[1]!.toUpperCase().replace('SHA', 'SHA-'), iterations: Number(m[2]) });
    } else {
      expect(p12.mac).toBeNull();
    }
    expect(p12.encryption.length).toBeGreaterThan(0);
  });

  it('reports the encryption it met, as openssl -info does', async () => {
    const go = await openPkcs12(readFileSync(join(FIXTURES, 'go-testing-example-com.p12')), '');
    expect(go.encryption.sort()).toEqual(['pbeWithSHAAnd3-KeyTripleDES-CBC', 'pbeWithSHAAnd40BitRC2-CBC']);
    const win = await openPkcs12(
      readFileSync(join(FIXTURES, 'ValidCertificatePathTest1EE_windows_aes.p12.pfx')),
      'password',
    );
    expect(win.encryption).toEqual(['PBES2/PBKDF2-HMAC-SHA256/AES-256-CBC']);
    expect(win.mac).toEqual({ algorithm: 'SHA-256', iterations: 2000 });
  });

  it('opens the Windows null-password file with null and with the empty string', async () => {
    const bytes = readFileSync(join(FIXTURES, 'go-windows-azure-tools.p12'));
    const a = await openPkcs12(bytes, null);
    const b = await openPkcs12(bytes, '');
    expect(a.keys[0]!.friendlyName).toBe('{B4A4FEB0-A18A-44BB-B5F2-491EF152BA16}');
    expect(sortedHex(b.keys.map((k) => k.pkcs8))).toEqual(sortedHex(a.keys.map((k) => k.pkcs8)));
  });

  it('accepts base64 text with CRLF and PEM-style armour, and an ArrayBuffer', async () => {
    const bytes = readFileSync(join(FIXTURES, 'pkijs-forge-3des.p12'));
    const b64 = bytes.toString('base64').replace(/(.{64})/g, '$1\r\n');
    const fromText = await openPkcs12(`-----BEGIN PKCS12-----\r\n${b64}\r\n-----END PKCS12-----\r\n`, 'password');
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
    const fromBuffer = await openPkcs12(ab, 'password');
    expect(fromText.keys[0]!.friendlyName).toBe('test');
    expect(sortedHex(fromText.certificates.map((c) => c.der))).toEqual(
      sortedHex(fromBuffer.certificates.map((c) => c.der)),
    );
  });
});
