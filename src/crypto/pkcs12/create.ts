/**
 * Writing PKCS#12 files in two profiles: `modern` (what OpenSSL 3 writes: PBES2 with PBKDF2-HMAC-SHA256 and
 * AES-256-CBC for the key and the certificates, SHA-256 MAC) and `legacy` (pbeWithSHAAnd3-KeyTripleDES-CBC and a
 * SHA-1 MAC, for importers that reject AES: older Windows, macOS and Outlook).
 *
 * @module
 */
import { CryptoError, ValidationError } from '../../errors.ts';
import { bytesEqual, fromBase64, toBytes } from '../bytes.ts';
import { bmp, explicit, int, octet, oid, seq, set, tlv } from '../der-writer.ts';
import { PKCS_OID } from '../oids.ts';
import { digest } from './hash.ts';
import { certPublicKey, ecPointFromProvider, keyInfo } from './keyinfo.ts';
import { createMac } from './mac.ts';
import { pbeEncrypt } from './pbe.ts';
import type { CreatePkcs12Options, Pkcs12MacAlgorithm } from './types.ts';

/** Default iteration counts (why 100,000: see createPkcs12's documentation). */
const DEFAULT_ITERATIONS = { modern: 100_000, legacy: 2048 } as const;
const MAC_ALGORITHMS: readonly Pkcs12MacAlgorithm[] = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];

function certDers(list: unknown): Uint8Array[] {
  if (!Array.isArray(list) || list.length === 0) throw new ValidationError('certificates', 'at least one is required');
  return list.flatMap((c, i): Uint8Array[] => {
    if (c instanceof Uint8Array) return [c];
    if (typeof c === 'string') {
      const blocks = [...c.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
      return blocks.length ? blocks.map((m) => fromBase64(m[1]!)) : [fromBase64(c)];
    }
    if (c && typeof c === 'object' && (c as { der?: unknown }).der instanceof Uint8Array)
      return [(c as { der: Uint8Array }).der];
    throw new ValidationError(`certificates.${i}`, 'must be DER bytes, PEM/base64 text or { der }');
  });
}

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

async function pkcs8Of(key: CryptoKey | Uint8Array, crypto: Crypto): Promise<Uint8Array> {
  if (key instanceof Uint8Array) return key;
  if (!key || typeof key !== 'object' || !('extractable' in key)) {
    throw new ValidationError('key', 'must be a CryptoKey or PKCS#8 DER bytes');
  }
  if (key.type !== 'private') throw new ValidationError('key', 'must be a private key');
  if (!key.extractable) {
    throw new CryptoError(
      'KEY_NOT_EXTRACTABLE',
      'the private key is not extractable: generate or import it with extractable: true to put it in a PKCS#12 file',
    );
  }
  return toBytes(await crypto.subtle.exportKey('pkcs8', key));
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
 * does); the others follow as chain certificates. Throws `CryptoError('KEY_MISMATCH')` when no certificate matches
 * the key, `CryptoError('KEY_NOT_EXTRACTABLE')` for a non-extractable CryptoKey, `ValidationError` for bad options.
 *
 * Iterations default to 100,000 (modern) — far above OpenSSL's 2048, within .NET 9's loader limits (300,000 per
 * derivation, 1,000,000 in total) — and 2048 (legacy). The password may be `''`, which protects nothing.
 *
 * @example
 * ```ts
 * const p12 = await createPkcs12({ key: keys.privateKey, certificates: [leafPem, intermediatePem], password });
 * ```
 */
export async function createPkcs12(options: CreatePkcs12Options): Promise<Uint8Array> {
  const { profile, iterations, mac } = validate(options);
  const crypto = options.crypto ?? globalThis.crypto;
  const certs = certDers(options.certificates);
  const pkcs8 = await pkcs8Of(options.key, crypto);
  const info = keyInfo(pkcs8);
  const pub = info.publicKey ?? (await ecPointFromProvider(pkcs8, info.curve ?? '', crypto));
  const leafIndex = certs.findIndex((c) => {
    const certKey = certPublicKey(c);
    return certKey !== null && bytesEqual(certKey, pub);
  });
  if (leafIndex < 0) throw new CryptoError('KEY_MISMATCH', 'no certificate matches the private key');
  const leaf = certs[leafIndex]!;
  const chain = certs.filter((_, i) => i !== leafIndex);
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
