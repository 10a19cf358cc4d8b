/**
 * What PKCS#12 needs to know about keys and certificates: the algorithm and curve of a PKCS#8 key and its
 * comparable public value (RSA modulus, EC point), matched against a certificate's with spki.ts.
 *
 * @module
 */
import { CryptoError } from '../../errors.ts';
import { fromBase64 } from '../bytes.ts';
import { Certificate } from '../certificate.ts';
import { children, type Der, expectTag, octets, oidOf, parseDer, seq, TAG } from '../der.ts';
import { CURVES, KEY_OID } from '../oids.ts';
import { spkiPublicValue, stripZeros } from '../spki.ts';

/** The algorithm of a PKCS#8 key and its public value when the encoding carries one. */
export interface KeyInfo {
  readonly algorithm: 'RSA' | 'EC';
  /** 'P-256', 'P-384', 'P-521', or the curve OID when it has no WebCrypto name. */
  readonly curve?: string;
  /** RSA modulus (no leading zeros) or EC point; `null` when an EC key omits its public key. */
  readonly publicKey: Uint8Array | null;
}

const WEBCRYPTO_CURVES = ['P-256', 'P-384', 'P-521'];

function curveOf(params: Der | undefined): string | undefined {
  if (params?.tag !== TAG.OID) return undefined;
  const o = oidOf(params);
  const name = CURVES[o];
  return name && WEBCRYPTO_CURVES.includes(name) ? name : o;
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
  const [, algId, privateKey] = children(parseDer(pkcs8, TAG.SEQUENCE, 'PrivateKeyInfo'));
  const [oidNode, params] = children(expectTag(algId, TAG.SEQUENCE, 'key AlgorithmIdentifier'));
  const keyOid = oidOf(oidNode);
  const inner = children(parseDer(octets(privateKey), TAG.SEQUENCE, 'private key'));
  if (keyOid === KEY_OID.RSA) {
    return { algorithm: 'RSA', publicKey: stripZeros(expectTag(inner[1], TAG.INTEGER, 'RSA modulus').value) };
  }
  if (keyOid === KEY_OID.EC) {
    const tagged = (tag: number): Der | undefined => inner.find((n) => n.tag === tag);
    const explicitParams = tagged(0xa0);
    const curve = curveOf(params) ?? (explicitParams ? curveOf(children(explicitParams)[0]) : undefined);
    const pub = tagged(0xa1);
    const point = pub ? expectTag(children(pub)[0], TAG.BIT_STRING, 'EC public key').value.subarray(1) : null;
    return curve ? { algorithm: 'EC', curve, publicKey: point } : { algorithm: 'EC', publicKey: point };
  }
  throw new CryptoError('UNSUPPORTED_ALGORITHM', `unsupported private key algorithm ${keyOid}`, { oid: keyOid });
}

/**
 * The comparable public value of a certificate's subject key (RSA modulus or EC point), or `null` for other
 * key types. Throws `MALFORMED` when `cert` is not a certificate.
 *
 * @example
 * ```ts
 * bytesEqual(certPublicKey(der)!, keyInfo(pkcs8).publicKey!);
 * ```
 */
export function certPublicKey(cert: Uint8Array | Certificate): Uint8Array | null {
  return spkiPublicValue((cert instanceof Certificate ? cert : new Certificate(cert)).spkiDer);
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
  const [version, algId, key, ...rest] = children(parseDer(der, TAG.SEQUENCE, 'PrivateKeyInfo'));
  expectTag(version, TAG.INTEGER, 'PrivateKeyInfo version');
  expectTag(algId, TAG.SEQUENCE, 'PrivateKeyInfo algorithm');
  expectTag(key, TAG.OCTET_STRING, 'PrivateKeyInfo key');
  if (rest.length === 1 && rest[0]!.tag === 0xa0) return seq(version!.raw, algId!.raw, key!.raw);
  return der.slice();
}
