/**
 * Writing PKCS#12 files in two profiles: `modern` (what OpenSSL 3 writes: PBES2 with PBKDF2-HMAC-SHA256 and
 * AES-256-CBC for the key and the certificates, SHA-256 MAC) and `legacy` (pbeWithSHAAnd3-KeyTripleDES-CBC and a
 * SHA-1 MAC, for importers that reject AES: older Windows, macOS and Outlook).
 *
 * @module
 */
import { CryptoError, ValidationError } from '../../errors.ts';
import { bytesEqual } from '../bytes.ts';
import { bmp, explicit, int, octet, oid, seq, set, tlv } from '../der-writer.ts';
import { parsing } from '../guard.ts';
import { PKCS_OID } from '../oids.ts';
import { digest } from './hash.ts';
import { certPublicKey, ecPointFromProvider, keyInfo } from './keyinfo.ts';
import { readCertificates, readKey } from './inputs.ts';
import { createMac } from './mac.ts';
import { pbeEncrypt } from './pbe.ts';
import type { CreatePkcs12Options, Pkcs12MacAlgorithm } from './types.ts';

/** Default iteration counts (why 100,000: see createPkcs12's documentation). */
const DEFAULT_ITERATIONS = { modern: 100_000, legacy: 2048 } as const;
const MAC_ALGORITHMS: readonly Pkcs12MacAlgorithm[] = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];

function validate(o: CreatePkcs12Options): {
  profile: 'modern' | 'legacy';
  iterations: number;
  mac: Pkcs12MacAlgorithm;
} {
  if (typeof o?.password !== 'string') throw new ValidationError('password', 'must be a string');
  const profile = o.profile ?? 'modern';
  if (profile !== 'modern' && profile !== 'legacy')
    throw new ValidationError('profile', "must be 'modern' or 'legacy'");
  const iterations = o.iterations ?? DEFAULT_ITERATIONS[profile];
  if (!Number.isSafeInteger(iterations) || iterations < 2048 || iterations > 10_000_000) {
    throw new ValidationError('iterations', 'must be an integer from 2048 to 10,000,000');
  }
  const mac = o.macAlgorithm ?? (profile === 'modern' ? 'SHA-256' : 'SHA-1');
  if (!MAC_ALGORITHMS.includes(mac))
    throw new ValidationError('macAlgorithm', `must be one of ${MAC_ALGORITHMS.join(', ')}`);
  if (o.friendlyName !== undefined && typeof o.friendlyName !== 'string') {
    throw new ValidationError('friendlyName', 'must be a string');
  }
  return { profile, iterations, mac };
}

const der = (bytes: Uint8Array[]): Uint8Array[] =>
  bytes.sort((a, b) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  });

function attributes(friendlyName: string | undefined, localKeyId: Uint8Array): Uint8Array {
  const attrs = [seq(oid(PKCS_OID.localKeyId), set(octet(localKeyId)))];
  if (friendlyName !== undefined) attrs.push(seq(oid(PKCS_OID.friendlyName), set(bmp(friendlyName))));
  return set(...der(attrs)); // DER: SET OF sorted by encoding
}

const bag = (type: string, value: Uint8Array, attrs?: Uint8Array): Uint8Array =>
  seq(oid(type), explicit(0, value), ...(attrs ? [attrs] : []));

const dataInfo = (content: Uint8Array): Uint8Array => seq(oid(PKCS_OID.data), explicit(0, octet(content)));

/**
 * Creates a password-protected PKCS#12 file from a private key and its certificate chain. The certificate that
 * matches the key becomes the leaf (put first, with friendlyName and localKeyId = SHA-1 of its DER, as OpenSSL
 * does); the others follow as chain certificates, in the order given, exact duplicates dropped.
 *
 * Each entry of `certificates` may be PEM text, the bytes of PEM text, DER bytes, a PEM bundle (several
 * certificates in one text, expanded in order), base64 DER text, or a parsed `Certificate` (any `{ der }`). Every
 * one is parsed as X.509; anything else is refused with `CryptoError('MALFORMED')` naming the input, e.g.
 * `certificates[1] is not a certificate: no CERTIFICATE PEM block (found: PRIVATE KEY)` or `certificates[1] is PEM
 * text but was given as DER ({ der }) …`. The key may be an extractable private CryptoKey, or PEM (`PRIVATE KEY`,
 * `RSA PRIVATE KEY`, `EC PRIVATE KEY`) or DER (PKCS#8, PKCS#1, SEC1) as text or bytes; anything else is refused
 * with `CryptoError('MALFORMED')` naming `key`.
 *
 * Throws `CryptoError('KEY_MISMATCH')` when no certificate matches the key, `CryptoError('KEY_NOT_EXTRACTABLE')`
 * for a non-extractable CryptoKey, `ValidationError` for bad options.
 *
 * Iterations default to 100,000 (modern) — far above OpenSSL's 2048, within .NET 9's loader limits (300,000 per
 * derivation, 1,000,000 in total) — and 2048 (legacy). The password may be `''`, which protects nothing.
 *
 * @example
 * ```ts
 * // A CryptoKey, the leaf as PEM text and the chain as one PEM bundle (expanded in order):
 * const p12 = await createPkcs12({ key: keys.privateKey, certificates: [leafPem, chainBundlePem], password });
 * ```
 * @example
 * ```ts
 * // Files as read from disk: PEM or DER bytes alike, and a PKCS#8 key file.
 * const p12 = await createPkcs12({
 *   key: await readFile('alice.key'),
 *   certificates: [await readFile('alice.pem'), await readFile('chain.der')],
 *   password,
 * });
 * ```
 * @example
 * ```ts
 * // Parsed certificates work too.
 * const p12 = await createPkcs12({ key: pkcs8Der, certificates: parseCertificates(bundle), password });
 * ```
 */
export async function createPkcs12(options: CreatePkcs12Options): Promise<Uint8Array> {
  const { profile, iterations, mac } = validate(options);
  const crypto = options.crypto ?? globalThis.crypto;
  const certs = readCertificates(options.certificates);
  const pkcs8 = await readKey(options.key, crypto);
  const info = parsing('key', () => keyInfo(pkcs8));
  const pub = info.publicKey ?? (await ecPointFromProvider(pkcs8, info.curve ?? '', crypto));
  const leafIndex = certs.findIndex((c) => {
    const certKey = certPublicKey(c);
    return certKey !== null && bytesEqual(certKey, pub);
  });
  if (leafIndex < 0) throw new CryptoError('KEY_MISMATCH', 'no certificate matches the private key');
  const leaf = certs[leafIndex]!.der;
  const chain = certs.filter((_, i) => i !== leafIndex).map((c) => c.der);
  const attrs = attributes(options.friendlyName, digest('SHA-1', leaf));
  const certBag = (c: Uint8Array, a?: Uint8Array): Uint8Array =>
    bag(PKCS_OID.certBag, seq(oid(PKCS_OID.x509Certificate), explicit(0, octet(c))), a);
  const certSafe = seq(certBag(leaf, attrs), ...chain.map((c) => certBag(c)));
  const password = options.password;
  const [sealedCerts, sealedKey] = await Promise.all([
    pbeEncrypt(profile, password, certSafe, iterations, crypto),
    pbeEncrypt(profile, password, pkcs8, iterations, crypto),
  ]);
  const keySafe = seq(bag(PKCS_OID.shroudedKeyBag, seq(sealedKey.algId, octet(sealedKey.data)), attrs));
  const encryptedInfo = seq(
    oid(PKCS_OID.encryptedData),
    explicit(0, seq(int(0), seq(oid(PKCS_OID.data), sealedCerts.algId, tlv(0x80, sealedCerts.data)))),
  );
  const authSafe = seq(encryptedInfo, dataInfo(keySafe));
  return seq(int(3), dataInfo(authSafe), await createMac(mac, password, authSafe, iterations, crypto));
}
