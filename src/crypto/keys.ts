/**
 * Key pairs on WebCrypto: generation (RSA 2048/3072/4096 with SHA-256, ECDSA P-256/P-384), PKCS#8 and SPKI
 * import/export as PEM or DER, description and SPKI fingerprints.
 *
 * @module
 */
import { CryptoError } from '../errors.ts';
import { fromUtf8, toArrayBuffer, toBytes, toHex } from './bytes.ts';
import { children, decodeOid, expectTag, int, NULL, oid, parseDer, seq, TAG, tlv } from './der.ts';
import { parsing } from './guard.ts';
import { CURVES, KEY_OID } from './oids.ts';
import { type CryptoInput, decodeInput, toPem } from './pem.ts';

/** The key algorithms GlobalSign accepts (EPKI: RSA only). */
export type KeyAlgorithmName = 'RSA-2048' | 'RSA-3072' | 'RSA-4096' | 'P-256' | 'P-384';

/** A generated key pair and the name of its algorithm. */
export interface KeyPairInfo {
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly algorithm: KeyAlgorithmName;
}

/** Options shared by the key functions. */
export interface KeyOptions {
  /** Whether the private key may be exported (default `false`). Public keys are always extractable. */
  readonly extractable?: boolean;
  /** WebCrypto provider (default `globalThis.crypto`). */
  readonly crypto?: Crypto;
}

/** What a CryptoKey is. */
export type KeyDescription =
  | { readonly type: 'RSA'; readonly bits: number; readonly publicExponent: bigint }
  | { readonly type: 'EC'; readonly curve: string };

const F4 = new Uint8Array([1, 0, 1]);

function generateParams(alg: KeyAlgorithmName): RsaHashedKeyGenParams | EcKeyGenParams {
  if (alg === 'P-256' || alg === 'P-384') return { name: 'ECDSA', namedCurve: alg };
  const bits = { 'RSA-2048': 2048, 'RSA-3072': 3072, 'RSA-4096': 4096 }[alg];
  if (!bits) throw new CryptoError('UNSUPPORTED_ALGORITHM', `unsupported key algorithm ${String(alg)}`);
  return { name: 'RSASSA-PKCS1-v1_5', modulusLength: bits, publicExponent: F4, hash: 'SHA-256' };
}

/**
 * Generates a signing key pair. The private key is extractable only when `extractable: true` is asked for.
 *
 * @example
 * ```ts
 * const keys = await generateKeyPair('P-256');
 * const forP12 = await generateKeyPair('RSA-2048', { extractable: true });
 * ```
 */
export async function generateKeyPair(alg: KeyAlgorithmName, options: KeyOptions = {}): Promise<KeyPairInfo> {
  const subtle = (options.crypto ?? globalThis.crypto).subtle;
  // WebCrypto always makes the public half extractable; `extractable` governs the private half only.
  const pair = (await subtle.generateKey(generateParams(alg), options.extractable ?? false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const privateKey = pair.privateKey;
  return { privateKey, publicKey: pair.publicKey, algorithm: alg };
}

/**
 * Exports a private key as PKCS#8, PEM (`PRIVATE KEY`) or DER. The key must be extractable.
 *
 * @example
 * ```ts
 * const pem = await exportPrivateKey(keys.privateKey, 'pem');
 * ```
 */
export async function exportPrivateKey(key: CryptoKey, format: 'pem', crypto?: Crypto): Promise<string>;
export async function exportPrivateKey(key: CryptoKey, format: 'der', crypto?: Crypto): Promise<Uint8Array>;
export async function exportPrivateKey(
  key: CryptoKey,
  format: 'pem' | 'der',
  crypto: Crypto = globalThis.crypto,
): Promise<string | Uint8Array> {
  if (key.type !== 'private') throw new TypeError('exportPrivateKey needs a private key');
  if (!key.extractable) throw new CryptoError('NOT_EXTRACTABLE', 'the private key is not extractable');
  const der = toBytes(await crypto.subtle.exportKey('pkcs8', key));
  return format === 'pem' ? toPem(der, 'PRIVATE KEY') : der;
}

/**
 * Exports a public key as SubjectPublicKeyInfo, PEM (`PUBLIC KEY`) or DER.
 *
 * @example
 * ```ts
 * const spki = await exportPublicKey(keys.publicKey, 'der');
 * ```
 */
export async function exportPublicKey(key: CryptoKey, format: 'pem', crypto?: Crypto): Promise<string>;
export async function exportPublicKey(key: CryptoKey, format: 'der', crypto?: Crypto): Promise<Uint8Array>;
export async function exportPublicKey(
  key: CryptoKey,
  format: 'pem' | 'der',
  crypto: Crypto = globalThis.crypto,
): Promise<string | Uint8Array> {
  const der = await publicKeySpki(key, crypto);
  return format === 'pem' ? toPem(der, 'PUBLIC KEY') : der;
}

/** Wraps PKCS#1 `RSA PRIVATE KEY` or SEC1 `EC PRIVATE KEY` DER into PKCS#8. */
function wrapLegacy(label: string, der: Uint8Array): Uint8Array {
  if (label === 'RSA PRIVATE KEY') return seq(int(0), seq(oid(KEY_OID.RSA), NULL), tlv(TAG.OCTET_STRING, der));
  const params = children(parseDer(der)).find((c) => c.tag === 0xa0);
  if (!params) throw new CryptoError('MALFORMED', 'EC PRIVATE KEY without curve parameters');
  const curve = expectTag(children(params)[0], TAG.OID, 'EC curve');
  return seq(int(0), seq(oid(KEY_OID.EC), curve.raw), tlv(TAG.OCTET_STRING, der));
}

/**
 * PKCS#8 DER of a private key given as PEM (`PRIVATE KEY`, `RSA PRIVATE KEY`, `EC PRIVATE KEY`) or DER (PKCS#8,
 * PKCS#1, SEC1), as text or bytes. Throws `CryptoError` (`MALFORMED`) when it finds no private key.
 *
 * @example
 * ```ts
 * const pkcs8 = pkcs8Der(pem);
 * ```
 */
export function pkcs8Der(input: CryptoInput): Uint8Array {
  if (typeof input !== 'string') {
    const bytes = toBytes(input);
    if (bytes[0] !== 0x30) return pkcs8Der(fromUtf8(bytes)); // PEM or base64 text, as bytes
  }
  if (typeof input === 'string' && input.includes('-----BEGIN')) {
    const m = /-----BEGIN (RSA PRIVATE KEY|EC PRIVATE KEY|PRIVATE KEY)-----/.exec(input);
    if (m && m[1] !== 'PRIVATE KEY') return wrapLegacy(m[1]!, decodeInput(input, [m[1]!]));
    return decodeInput(input, ['PRIVATE KEY']);
  }
  const der = decodeInput(input);
  // First a version INTEGER; then AlgorithmIdentifier (PKCS#8), OCTET STRING (SEC1), INTEGER modulus (PKCS#1).
  const [version, next] = children(parseDer(der, TAG.SEQUENCE, 'private key'));
  if (version?.tag !== TAG.INTEGER) throw new CryptoError('MALFORMED', 'not a private key (PKCS#8, PKCS#1 or SEC1)');
  const second = next?.tag;
  if (second === TAG.OCTET_STRING) return wrapLegacy('EC PRIVATE KEY', der);
  if (second === TAG.INTEGER) return wrapLegacy('RSA PRIVATE KEY', der);
  return der;
}

/** Reads the algorithm of a PKCS#8 PrivateKeyInfo: RSA, or EC with its curve. */
function pkcs8Algorithm(der: Uint8Array): RsaHashedImportParams | EcKeyImportParams {
  const [, algId] = children(expectTag(parseDer(der), TAG.SEQUENCE, 'PrivateKeyInfo'));
  const [algOid, params] = children(expectTag(algId, TAG.SEQUENCE, 'AlgorithmIdentifier'));
  const keyOid = decodeOid(expectTag(algOid, TAG.OID, 'algorithm').value);
  if (keyOid === KEY_OID.RSA) return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  if (keyOid === KEY_OID.EC && params?.tag === TAG.OID) {
    const curveOid = decodeOid(params.value);
    const curve = CURVES[curveOid];
    if (curve === 'P-256' || curve === 'P-384' || curve === 'P-521') return { name: 'ECDSA', namedCurve: curve };
    throw new CryptoError('UNSUPPORTED_ALGORITHM', `unsupported curve ${curve ?? curveOid}`, { oid: curveOid });
  }
  throw new CryptoError('UNSUPPORTED_ALGORITHM', 'unsupported private key algorithm', { oid: keyOid });
}

/**
 * Imports a private signing key from PKCS#8 (PEM `PRIVATE KEY` or DER; PKCS#1 `RSA PRIVATE KEY` and SEC1
 * `EC PRIVATE KEY`, PEM or DER, are accepted too). RSA vs EC and the curve come from the key's AlgorithmIdentifier.
 *
 * @example
 * ```ts
 * const key = await importPrivateKey(pem, { extractable: true });
 * ```
 */
export async function importPrivateKey(input: CryptoInput, options: KeyOptions = {}): Promise<CryptoKey> {
  const [der, params] = parsing('private key', () => {
    const pkcs8 = pkcs8Der(input);
    return [pkcs8, pkcs8Algorithm(pkcs8)] as const;
  });
  const subtle = (options.crypto ?? globalThis.crypto).subtle;
  try {
    return await subtle.importKey('pkcs8', toArrayBuffer(der), params, options.extractable ?? false, ['sign']);
  } catch (cause) {
    throw new CryptoError('UNSUPPORTED_KEY', `WebCrypto refused the ${params.name} private key`, { cause });
  }
}

function spkiAlgorithm(der: Uint8Array): RsaHashedImportParams | EcKeyImportParams {
  const [algId] = children(expectTag(parseDer(der), TAG.SEQUENCE, 'SubjectPublicKeyInfo'));
  const [algOid, params] = children(expectTag(algId, TAG.SEQUENCE, 'AlgorithmIdentifier'));
  const keyOid = decodeOid(expectTag(algOid, TAG.OID, 'algorithm').value);
  if (keyOid === KEY_OID.RSA) return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const curve = params?.tag === TAG.OID ? CURVES[decodeOid(params.value)] : undefined;
  if (keyOid === KEY_OID.EC && curve) return { name: 'ECDSA', namedCurve: curve };
  throw new CryptoError('UNSUPPORTED_ALGORITHM', 'unsupported public key algorithm', { oid: keyOid });
}

/**
 * Imports a public verification key from SubjectPublicKeyInfo (PEM `PUBLIC KEY`, DER or base64).
 *
 * @example
 * ```ts
 * const pub = await importPublicKey(spkiPem);
 * ```
 */
export async function importPublicKey(input: CryptoInput, options: { crypto?: Crypto } = {}): Promise<CryptoKey> {
  const [der, params] = parsing('public key', () => {
    const spki = decodeInput(input, ['PUBLIC KEY']);
    return [spki, spkiAlgorithm(spki)] as const;
  });
  const subtle = (options.crypto ?? globalThis.crypto).subtle;
  try {
    return await subtle.importKey('spki', toArrayBuffer(der), params, true, ['verify']);
  } catch (cause) {
    if (cause instanceof CryptoError) throw cause;
    throw new CryptoError('UNSUPPORTED_KEY', 'WebCrypto refused the public key', { cause });
  }
}

/**
 * Describes a CryptoKey (public or private): RSA size and exponent, or EC curve.
 *
 * @example
 * ```ts
 * describeKey(keys.publicKey); // { type: 'EC', curve: 'P-256' }
 * ```
 */
export function describeKey(key: CryptoKey): KeyDescription {
  const alg = key.algorithm as Partial<RsaHashedKeyAlgorithm & EcKeyAlgorithm> & KeyAlgorithm;
  if (alg.modulusLength && alg.publicExponent) {
    let e = 0n;
    for (const b of alg.publicExponent) e = (e << 8n) | BigInt(b);
    return { type: 'RSA', bits: alg.modulusLength, publicExponent: e };
  }
  if (alg.namedCurve) return { type: 'EC', curve: alg.namedCurve };
  throw new CryptoError('UNSUPPORTED_ALGORITHM', `unsupported key algorithm ${alg.name}`);
}

/**
 * The SubjectPublicKeyInfo DER of a key. For a private key it must be extractable (the public part is derived
 * through JWK); a `{ publicKey }` object such as a {@link KeyPairInfo} uses its public key.
 *
 * @example
 * ```ts
 * const spki = await publicKeySpki(keys);
 * ```
 */
export async function publicKeySpki(
  key: CryptoKey | { readonly publicKey: CryptoKey },
  crypto: Crypto = globalThis.crypto,
): Promise<Uint8Array> {
  const k = 'publicKey' in key ? key.publicKey : key;
  if (k.type === 'public') return toBytes(await crypto.subtle.exportKey('spki', k));
  if (!k.extractable) throw new CryptoError('NOT_EXTRACTABLE', 'the private key is not extractable');
  const jwk = await crypto.subtle.exportKey('jwk', k);
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, key_ops: _ops, ...pub } = jwk;
  const params = k.algorithm as RsaHashedImportParams | EcKeyImportParams;
  const publicKey = await crypto.subtle.importKey('jwk', pub, params, true, ['verify']);
  return toBytes(await crypto.subtle.exportKey('spki', publicKey));
}

/**
 * SHA-256 of the SubjectPublicKeyInfo DER, lower-case hex: a stable identity for a key pair, used to match
 * orders, CSRs and certificates by public key.
 *
 * @example
 * ```ts
 * const id = await spkiFingerprint(keys.publicKey); // '3f1c…' (64 hex digits)
 * ```
 */
export async function spkiFingerprint(
  key: CryptoKey | { readonly publicKey: CryptoKey } | Uint8Array,
  crypto: Crypto = globalThis.crypto,
): Promise<string> {
  const spki = key instanceof Uint8Array ? key : await publicKeySpki(key, crypto);
  return toHex(toBytes(await crypto.subtle.digest('SHA-256', toArrayBuffer(spki))));
}
