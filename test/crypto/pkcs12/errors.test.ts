// Wrong passwords, corrupt files and unsupported algorithms give distinguishable CryptoErrors.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CryptoError, isCryptoError, isValidationError } from '../../../src/errors.ts';
import { openPkcs12 } from '../../../src/crypto/pkcs12/index.ts';
import { makePki, type Ossl, ossl } from './helpers.ts';

let o: Ossl;
const files: Record<string, Uint8Array> = {};
const PW = 'Secret-pw-123';

beforeAll(() => {
  o = ossl();
  makePki(o);
  const make = (name: string, args: string[]): void => {
    o.run(['pkcs12', '-export', '-inkey', 'ec.key', '-in', 'ec.pem', '-passout', `pass:${PW}`, '-out', name, ...args]);
    files[name] = o.read(name);
  };
  make('modern.p12', []);
  make('modern-nomac.p12', ['-nomac', '-certpbe', 'AES-256-CBC']);
  make('3des.p12', ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1']);
  make('3des-nomac.p12', ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-nomac']);
});
afterAll(() => o.cleanup());

async function failure(p: Promise<unknown>): Promise<CryptoError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(isCryptoError(e)).toBe(true);
  return e as CryptoError;
}

/** Replaces the last (or first) occurrence of `from` with `to` (same length). */
function patch(bytes: Uint8Array, from: number[], to: number[], last = true): Uint8Array {
  const hay = Buffer.from(bytes);
  const at = last ? hay.lastIndexOf(Buffer.from(from)) : hay.indexOf(Buffer.from(from));
  expect(at).toBeGreaterThan(0);
  const out = new Uint8Array(bytes);
  out.set(to, at);
  return out;
}

const SHA256_OID = [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
const PBMAC1_OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0e];
const AES256_OID = [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2a];
const PBE_3DES_OID = [0x06, 0x0a, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x03];

describe('unsupported algorithms', () => {
  it('PBMAC1 (RFC 9579) as the MAC', async () => {
    const e = await failure(openPkcs12(patch(files['modern.p12']!, SHA256_OID, PBMAC1_OID), PW));
    expect(e.reason).toBe('UNSUPPORTED_ALGORITHM');
    expect(e.oid).toBe('1.2.840.113549.1.5.14');
    expect(e.message).toContain('1.2.840.113549.1.5.14');
    expect(e.message).toContain('PBMAC1');
  });

  it('an unknown MAC digest', async () => {
    const unknown = [...SHA256_OID.slice(0, -1), 0x63];
    const e = await failure(openPkcs12(patch(files['modern.p12']!, SHA256_OID, unknown), PW));
    expect([e.reason, e.oid]).toEqual(['UNSUPPORTED_ALGORITHM', '2.16.840.1.101.3.4.2.99']);
  });

  it('an unknown PBES2 cipher, reported before any MAC work', async () => {
    const unknown = [...AES256_OID.slice(0, -1), 0x2f];
    const e = await failure(openPkcs12(patch(files['modern.p12']!, AES256_OID, unknown, false), PW));
    expect([e.reason, e.oid]).toEqual(['UNSUPPORTED_ALGORITHM', '2.16.840.1.101.3.4.1.47']);
    expect(e.message).toContain('2.16.840.1.101.3.4.1.47');
  });

  it('an unknown PKCS#12 PBE scheme', async () => {
    const unknown = [...PBE_3DES_OID.slice(0, -1), 0x09];
    const e = await failure(openPkcs12(patch(files['3des-nomac.p12']!, PBE_3DES_OID, unknown, false), PW));
    expect([e.reason, e.oid]).toEqual(['UNSUPPORTED_ALGORITHM', '1.2.840.113549.1.12.1.9']);
  });
});

describe('wrong passwords', () => {
  it.each(['modern.p12', 'modern-nomac.p12', '3des.p12', '3des-nomac.p12'])('%s → BAD_PASSWORD', async (name) => {
    for (const wrong of ['Secret-pw-124', '', null]) {
      const e = await failure(openPkcs12(files[name]!, wrong));
      expect(e.reason).toBe('BAD_PASSWORD');
      expect(e.message).not.toContain('Secret');
    }
  });

  it('an altered file with the right password fails its MAC', async () => {
    const bytes = new Uint8Array(files['3des.p12']!);
    bytes[200]! ^= 1;
    expect((await failure(openPkcs12(bytes, PW))).reason).toBe('BAD_PASSWORD');
  });
});

describe('corrupt input', () => {
  it.each([
    ['truncated', (b: Uint8Array) => b.subarray(0, b.length - 40)],
    ['cut in half', (b: Uint8Array) => b.subarray(0, b.length >> 1)],
    ['random bytes', () => new Uint8Array(randomBytes(1500))],
    ['empty', () => new Uint8Array(0)],
    ['trailing garbage', (b: Uint8Array) => new Uint8Array([...b, 1, 2, 3])],
  ])('%s → MALFORMED', async (_, mutate) => {
    const e = await failure(openPkcs12(mutate(files['modern.p12']!), PW));
    expect(e.reason).toBe('MALFORMED');
  });

  it('a certificate is valid DER but not a PFX → MALFORMED', async () => {
    const cert = Buffer.from(o.read('ec.pem')).toString('utf8');
    expect((await failure(openPkcs12(cert.replace(/-----[^-]+-----/g, ''), PW))).reason).toBe('MALFORMED');
  });

  it('text that is not base64 → MALFORMED', async () => {
    expect((await failure(openPkcs12('this is not base64 at all!', PW))).reason).toBe('MALFORMED');
  });

  it('a non-string password is a ValidationError', async () => {
    const e = await openPkcs12(files['modern.p12']!, 42 as unknown as string).catch((err: unknown) => err);
    expect(isValidationError(e)).toBe(true);
    expect((e as { field: string }).field).toBe('password');
  });
});
