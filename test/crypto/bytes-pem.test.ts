import { describe, expect, it } from 'vitest';
import { isCryptoError } from '../../src/errors.ts';
import fc from 'fast-check';
import {
  bytesEqual,
  concatBytes,
  fromBase64,
  fromHex,
  secretsEqual,
  toBase64,
  toBytes,
  toHex,
  utf8,
} from '../../src/crypto/bytes.ts';
import { decodeInput, pemDecode, toPem } from '../../src/crypto/pem.ts';

const sample = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff);

describe('bytes', () => {
  it('base64 matches Buffer for every tail length, and round-trips', () => {
    for (let n = 0; n < 70; n++) {
      const b = sample(n);
      expect(toBase64(b)).toBe(Buffer.from(b).toString('base64'));
      expect(fromBase64(toBase64(b))).toEqual(b);
    }
  });

  it('fromBase64 tolerates whitespace, CRLF, &#xD;, missing padding and base64url', () => {
    const b = sample(100);
    const std = Buffer.from(b).toString('base64');
    const folded = std.replace(/(.{20})/g, '$1&#xD;\r\n  ');
    expect(fromBase64(folded)).toEqual(b);
    expect(fromBase64(Buffer.from(b).toString('base64url'))).toEqual(b);
    expect(() => fromBase64('ab$c')).toThrow(/invalid base64/);
    expect(
      isCryptoError(
        (() => {
          try {
            fromBase64('a');
          } catch (e) {
            return e;
          }
        })(),
      ),
    ).toBe(true);
  });

  it('hex, concat, toBytes, utf8', () => {
    expect(toHex(new Uint8Array([0, 15, 16, 255]))).toBe('000f10ff');
    expect(fromHex('00:0F:10:FF')).toEqual(new Uint8Array([0, 15, 16, 255]));
    expect(fromHex('abc')).toEqual(new Uint8Array([0x0a, 0xbc]));
    expect(() => fromHex('zz')).toThrow();
    expect(concatBytes(new Uint8Array([1]), new Uint8Array(), new Uint8Array([2, 3]))).toEqual(
      new Uint8Array([1, 2, 3]),
    );
    const buf = new Uint8Array([9, 8, 7, 6]).buffer;
    expect(toBytes(new DataView(buf, 1, 2))).toEqual(new Uint8Array([8, 7]));
    expect(toBytes(buf)).toEqual(new Uint8Array([9, 8, 7, 6]));
    expect(utf8('é')).toEqual(new Uint8Array([0xc3, 0xa9]));
  });
});

describe('pem', () => {
  it('toPem writes 64-column lines that pemDecode reads back', () => {
    const der = sample(200);
    const pem = toPem(der, 'CERTIFICATE');
    const lines = pem.trim().split('\n');
    expect(lines[0]).toBe('-----BEGIN CERTIFICATE-----');
    expect(lines.at(-1)).toBe('-----END CERTIFICATE-----');
    expect(lines.slice(1, -1).every((l) => l.length <= 64)).toBe(true);
    expect(pemDecode(pem)).toEqual([{ label: 'CERTIFICATE', der }]);
  });

  it('pemDecode reads several blocks with CRLF, &#xD; and headers', () => {
    const a = sample(50);
    const b = sample(90);
    const text = `junk\n${toPem(a, 'X').replace(/\n/g, '&#xD;\n')}${toPem(b, 'PKCS7').replace(/\n/g, '\r\n')}`;
    const withHeader = toPem(a, 'RSA PRIVATE KEY').replace('-----\n', '-----\nProc-Type: 4,ENCRYPTED\n\n');
    expect(pemDecode(text).map((x) => x.label)).toEqual(['X', 'PKCS7']);
    expect(pemDecode(text)[1]!.der).toEqual(b);
    expect(pemDecode(withHeader)[0]!.der).toEqual(a);
  });

  it('decodeInput accepts PEM by label, DER bytes, base64 text and bytes of PEM text', () => {
    const der = concatBytes(new Uint8Array([0x30, 3]), sample(3));
    const pem = toPem(new Uint8Array([0x30, 0]), 'OTHER') + toPem(der, 'CERTIFICATE');
    expect(decodeInput(pem, ['CERTIFICATE'])).toEqual(der);
    expect(decodeInput(der)).toEqual(der);
    expect(decodeInput(toBase64(der))).toEqual(der);
    expect(decodeInput(utf8(pem), ['CERTIFICATE'])).toEqual(der);
    expect(() => decodeInput(pem, ['PKCS7'])).toThrow(/found: OTHER, CERTIFICATE/);
  });
});

describe('bytesEqual and secretsEqual', () => {
  it('agree with plain equality for any bytes and any strings', async () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (a, b) => {
        expect(bytesEqual(a, b)).toBe(toHex(a) === toHex(b) && a.length === b.length);
        expect(bytesEqual(a, Uint8Array.from(a))).toBe(true);
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), async (a, b) => {
        expect(await secretsEqual(a, b)).toBe(a === b);
        expect(await secretsEqual(a, a)).toBe(true);
      }),
      { numRuns: 50 },
    );
    expect(await secretsEqual('s3cret', 's3cre')).toBe(false);
    expect(await secretsEqual('', '')).toBe(true);
  });
});
