/**
 * What PKCS#12 needs to know about keys and certificates: the algorithm and curve of a PKCS#8 key, and a
 * comparable public value (RSA modulus, EC point) from the key and from a certificate's SPKI, to pair them.
 *
 * @module
 */
import { CryptoError } from '../../errors.ts';
import { fromBase64 } from '../bytes.ts';
import { expect, kids, type Node, octets, oidOf, parse, seq } from './asn1.ts';
import { CURVE_NAMES, OID } from './oids.ts';

/** The algorithm of a PKCS#8 key and its public value when the encoding carries one. */
export interface KeyInfo {
  readonly algorithm: 'RSA' | 'EC';
  /** 'P-256', 'P-384', 'P-521', or the curve OID when it has no WebCrypto name. */
  readonly curve?: string;
  /** RSA modulus (no leading zeros) or EC point; `null` when an EC key omits its public key. */
  readonly publicKey: Uint8Array | null;
}

const stripZeros = (v: Uint8Array): Uint8Array => {
  let i = 0;
  while (i < v.length - 1 && v[i] === 0) i++;
  return v.subarray(i);
};

function curveOf(params: Node | undefined): string | undefined {
  if (params?.tag !== 0x06) return undefined;
  const oid = oidOf(params);
  return CURVE_NAMES[oid] ?? oid;
}

/**
 * Reads a PKCS#8 PrivateKeyInfo. Keys other than RSA and EC throw `UNSUPPORTED_ALGORITHM`.
 *
 * @example
 * ```ts
 * keyInfo(pkcs8).algorithm; // 'EC'
 * ```
 */
export function keyInfo(pkcs8: Uint8Array): KeyInfo {
  const [, algId, privateKey] = kids(parse(pkcs8, 0x30, 'PrivateKeyInfo'));
  const [oidNode, params] = kids(expect(algId, 0x30, 'key AlgorithmIdentifier'));
  const oid = oidOf(oidNode);
  const inner = kids(parse(octets(privateKey), 0x30, 'private key'));
  if (oid === OID.rsaEncryption) {
    return { algorithm: 'RSA', publicKey: stripZeros(expect(inner[1], 0x02, 'RSA modulus').value) };
  }
  if (oid === OID.ecPublicKey) {
    const tagged = (tag: number): Node | undefined => inner.find((n) => n.tag === tag);
    const curve = curveOf(params) ?? curveOf(kids(tagged(0xa0) ?? params!)[0]);
    const pub = tagged(0xa1);
    const point = pub ? expect(kids(pub)[0], 0x03, 'EC public key').value.subarray(1) : null;
    return curve ? { algorithm: 'EC', curve, publicKey: point } : { algorithm: 'EC', publicKey: point };
  }
  throw new CryptoError('UNSUPPORTED_ALGORITHM', `unsupported private key algorithm ${oid}`, { oid });
}

/**
 * The comparable public value of a certificate's subject key (RSA modulus or EC point), or `null` for other
 * key types.
 *
 * @example
 * ```ts
 * bytesEqual(certPublicKey(der)!, keyInfo(pkcs8).publicKey!);
 * ```
 */
export function certPublicKey(cert: Uint8Array): Uint8Array | null {
  const tbs = kids(expect(kids(parse(cert, 0x30, 'certificate'))[0], 0x30, 'TBSCertificate'));
  const spki = kids(expect(tbs[tbs[0]?.tag === 0xa0 ? 6 : 5], 0x30, 'SubjectPublicKeyInfo'));
  const oid = oidOf(kids(expect(spki[0], 0x30, 'SPKI algorithm'))[0]);
  const bits = expect(spki[1], 0x03, 'subjectPublicKey').value.subarray(1);
  if (oid === OID.ecPublicKey) return bits;
  if (oid === OID.rsaEncryption) return stripZeros(expect(kids(parse(bits, 0x30))[0], 0x02, 'modulus').value);
  return null;
}

/**
 * The EC point of a private key whose PKCS#8 omits it (Windows does), computed by the provider via JWK.
 *
 * @example
 * ```ts
 * const point = await ecPointFromProvider(pkcs8, 'P-256', crypto);
 * ```
 */
export async function ecPointFromProvider(pkcs8: Uint8Array, curve: string, crypto: Crypto): Promise<Uint8Array> {
  const alg = { name: 'ECDSA', namedCurve: curve };
  const key = await crypto.subtle.importKey('pkcs8', new Uint8Array(pkcs8), alg, true, ['sign']);
  const jwk = await crypto.subtle.exportKey('jwk', key);
  const b64 = (s: string | undefined): Uint8Array => fromBase64(s ?? '');
  const x = b64(jwk.x);
  const y = b64(jwk.y);
  const out = new Uint8Array(1 + x.length + y.length);
  out[0] = 4;
  out.set(x, 1);
  out.set(y, 1 + x.length);
  return out;
}

/**
 * A PKCS#8 PrivateKeyInfo without its optional attributes (Windows adds a keyUsage attribute), as OpenSSL writes
 * it and as every WebCrypto accepts it. Throws `MALFORMED` when `der` is not a PrivateKeyInfo.
 *
 * @example
 * ```ts
 * const pkcs8 = canonicalPkcs8(decrypted);
 * ```
 */
export function canonicalPkcs8(der: Uint8Array): Uint8Array {
  const [version, algId, key, ...rest] = kids(parse(der, 0x30, 'PrivateKeyInfo'));
  expect(version, 0x02, 'PrivateKeyInfo version');
  expect(algId, 0x30, 'PrivateKeyInfo algorithm');
  expect(key, 0x04, 'PrivateKeyInfo key');
  if (rest.length === 1 && rest[0]!.tag === 0xa0) return seq(version!.raw, algId!.raw, key!.raw);
  return der.slice();
}
