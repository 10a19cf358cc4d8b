/**
 * X.509 certificates as small read-only models over their DER, parsed eagerly (cheap) and synchronously;
 * fingerprints are async because WebCrypto digests are.
 *
 * @module
 */
import { CryptoError } from '../errors.ts';
import { toArrayBuffer, toBytes, toHex } from './bytes.ts';
import {
  children,
  type Der,
  decodeInteger,
  decodeOid,
  decodeTime,
  expectTag,
  malformedDer,
  parseDer,
  TAG,
} from './der.ts';
import {
  decodeBasicConstraints,
  decodeExtendedKeyUsage,
  decodeKeyIdentifier,
  decodeKeyUsage,
  decodeSans,
  ekuName,
  type RawExtension,
  readExtensions,
  type SubjectAltName,
} from './extensions.ts';
import { asCryptoError, parsing } from './guard.ts';
import { decodeNameAttributes, type NameAttribute, namesEqual, nameToString, type Subject, subjectOf } from './name.ts';
import { EXT, type KeyUsageName, SIGNATURE_ALGS } from './oids.ts';
import { type CryptoInput, decodeInput, pemDecode, toPem } from './pem.ts';
import { describeSpki, type PublicKeyInfo, verifyTbs } from './spki.ts';

/**
 * PEM labels read as certificates.
 *
 * @example
 * ```ts
 * CERT_LABELS.includes(block.label);
 * ```
 */
export const CERT_LABELS: readonly string[] = ['CERTIFICATE', 'X509 CERTIFICATE'];

function serialHex(v: Uint8Array): string {
  let i = 0;
  while (i < v.length - 1 && v[i] === 0) i++;
  return toHex(v.subarray(i));
}

/** Each certificate's PEM, made on first use (chains ask for it more than once). */
const pems = new WeakMap<Certificate, string>();

/**
 * A parsed X.509 certificate. Every field is computed when it is constructed; build one with
 * {@link parseCertificate}.
 *
 * @example
 * ```ts
 * const cert = parseCertificate(pem);
 * cert.subject.CN; cert.serialNumber; cert.notAfter; cert.sans;
 * await cert.fingerprint('SHA-256'); // lower-case hex
 * ```
 */
export class Certificate {
  readonly der: Uint8Array;
  readonly version: number;
  /** Lower-case hex without the sign byte (`openssl x509 -serial`, lower-cased). */
  readonly serialNumber: string;
  readonly signatureAlgorithm: string;
  readonly signatureAlgorithmOid: string;
  readonly issuer: Subject;
  readonly issuerString: string;
  readonly issuerAttributes: readonly NameAttribute[];
  readonly subject: Subject;
  readonly subjectString: string;
  readonly subjectAttributes: readonly NameAttribute[];
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly spkiDer: Uint8Array;
  readonly publicKey: PublicKeyInfo;
  readonly extensions: readonly RawExtension[];
  readonly sans: readonly SubjectAltName[];
  readonly keyUsage: readonly KeyUsageName[];
  /** Friendly names for known usages (`serverAuth`, `clientAuth`, `emailProtection`…), OIDs otherwise. */
  readonly extendedKeyUsage: readonly string[];
  readonly extendedKeyUsageOids: readonly string[];
  /** basicConstraints cA. */
  readonly isCA: boolean;
  readonly pathLength: number | undefined;
  /** Hex. */
  readonly subjectKeyIdentifier: string | undefined;
  /** Hex keyIdentifier of the authorityKeyIdentifier. */
  readonly authorityKeyIdentifier: string | undefined;
  /** DER of the issuer and subject Names (for exact matching). */
  readonly issuerDer: Uint8Array;
  readonly subjectDer: Uint8Array;
  readonly tbsDer: Uint8Array;
  readonly signature: Uint8Array;

  constructor(der: Uint8Array) {
    this.der = der;
    const [tbs, sigAlg, sig] = children(expectTag(parseDer(der), TAG.SEQUENCE, 'Certificate'));
    this.tbsDer = expectTag(tbs, TAG.SEQUENCE, 'TBSCertificate').raw;
    const sigAlgId = children(expectTag(sigAlg, TAG.SEQUENCE, 'signatureAlgorithm'))[0];
    this.signatureAlgorithmOid = decodeOid(expectTag(sigAlgId, TAG.OID, 'signature OID').value);
    this.signatureAlgorithm = SIGNATURE_ALGS[this.signatureAlgorithmOid]?.name ?? this.signatureAlgorithmOid;
    this.signature = expectTag(sig, TAG.BIT_STRING, 'signature').value.subarray(1);
    let parts = children(tbs!);
    const explicitVersion = parts[0]?.tag === 0xa0 ? children(parts[0])[0] : undefined;
    this.version = explicitVersion ? Number(decodeInteger(explicitVersion.value)) + 1 : 1;
    if (explicitVersion) parts = parts.slice(1);
    const [serial, , issuer, validity, subject, spki, ...rest] = parts;
    this.serialNumber = serialHex(expectTag(serial, TAG.INTEGER, 'serialNumber').value);
    this.issuerDer = expectTag(issuer, TAG.SEQUENCE, 'issuer').raw;
    this.issuerAttributes = decodeNameAttributes(issuer!);
    this.issuer = subjectOf(this.issuerAttributes);
    this.issuerString = nameToString(this.issuerAttributes);
    const [nb, na, ...extra] = children(expectTag(validity, TAG.SEQUENCE, 'validity'));
    if (extra.length) throw malformedDer('Validity has more than two times');
    this.notBefore = decodeTime(nb);
    this.notAfter = decodeTime(na);
    this.subjectDer = expectTag(subject, TAG.SEQUENCE, 'subject').raw;
    this.subjectAttributes = decodeNameAttributes(subject!);
    this.subject = subjectOf(this.subjectAttributes);
    this.subjectString = nameToString(this.subjectAttributes);
    this.spkiDer = expectTag(spki, TAG.SEQUENCE, 'subjectPublicKeyInfo').raw;
    this.publicKey = describeSpki(this.spkiDer);
    const extNode: Der | undefined = rest.find((r) => r.tag === 0xa3);
    this.extensions = extNode ? readExtensions(children(extNode)[0]!) : [];
    const ext = (o: string): Uint8Array | undefined => this.extensions.find((e) => e.oid === o)?.value;
    const san = ext(EXT.SAN);
    this.sans = san ? decodeSans(san) : [];
    const ku = ext(EXT.KEY_USAGE);
    this.keyUsage = ku ? decodeKeyUsage(ku) : [];
    const eku = ext(EXT.EXT_KEY_USAGE);
    this.extendedKeyUsageOids = eku ? decodeExtendedKeyUsage(eku) : [];
    this.extendedKeyUsage = this.extendedKeyUsageOids.map(ekuName);
    const bc = ext(EXT.BASIC_CONSTRAINTS);
    const constraints = bc ? decodeBasicConstraints(bc) : { ca: false };
    this.isCA = constraints.ca;
    this.pathLength = constraints.pathLength;
    const ski = ext(EXT.SUBJECT_KEY_ID);
    this.subjectKeyIdentifier = ski ? decodeKeyIdentifier(ski, 'ski') : undefined;
    const aki = ext(EXT.AUTHORITY_KEY_ID);
    this.authorityKeyIdentifier = aki ? decodeKeyIdentifier(aki, 'aki') : undefined;
  }

  /** PEM (`CERTIFICATE`, LF line endings). */
  get pem(): string {
    let pem = pems.get(this);
    if (pem === undefined) {
      pem = toPem(this.der, 'CERTIFICATE');
      pems.set(this, pem);
    }
    return pem;
  }

  /** True when the issuer and subject names are the same (a root or a self-issued certificate). */
  get isSelfIssued(): boolean {
    return namesEqual(this.issuerDer, this.subjectDer);
  }

  /**
   * Hash of the DER, lower-case hex without separators.
   *
   * @example
   * ```ts
   * await cert.fingerprint('SHA-1');
   * ```
   */
  async fingerprint(
    algorithm: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512' = 'SHA-256',
    crypto: Crypto = globalThis.crypto,
  ): Promise<string> {
    return toHex(toBytes(await crypto.subtle.digest(algorithm, toArrayBuffer(this.der))));
  }

  /**
   * SHA-1 and SHA-256 fingerprints together.
   *
   * @example
   * ```ts
   * const { sha1, sha256 } = await cert.fingerprints();
   * ```
   */
  async fingerprints(crypto: Crypto = globalThis.crypto): Promise<{ sha1: string; sha256: string }> {
    const [sha1, sha256] = await Promise.all([this.fingerprint('SHA-1', crypto), this.fingerprint('SHA-256', crypto)]);
    return { sha1, sha256 };
  }

  /**
   * Checks this certificate's signature with the issuer's public key: `true`/`false`, or `null` when WebCrypto
   * cannot check the algorithm.
   *
   * @example
   * ```ts
   * await leaf.verifySignature(intermediate); // true
   * ```
   */
  verifySignature(issuer: Certificate, crypto: Crypto = globalThis.crypto): Promise<boolean | null> {
    return verifyTbs(issuer.spkiDer, this.signatureAlgorithmOid, this.tbsDer, this.signature, crypto);
  }

  /** PEM text. */
  toString(): string {
    return this.pem;
  }
}

export { namesEqual } from './name.ts';

/**
 * Parses one certificate from PEM (the first `CERTIFICATE` block), DER, or bare base64. CRLF and `&#xD;` are
 * tolerated. Throws only `CryptoError` (`MALFORMED`) on anything else, whatever the input.
 *
 * @example
 * ```ts
 * const cert = parseCertificate(response.CERT);
 * ```
 */
export function parseCertificate(input: CryptoInput | Certificate): Certificate {
  if (input instanceof Certificate) return input;
  return parsing('certificate', () => new Certificate(decodeInput(input, CERT_LABELS)));
}

/**
 * Parses every `CERTIFICATE` block of a PEM bundle, in order (a single DER or base64 certificate also works).
 * Text with PEM blocks but no certificate among them is a `CryptoError` (`MALFORMED`), never `[]`.
 *
 * @example
 * ```ts
 * const chain = parseCertificates(bundlePem);
 * ```
 */
export function parseCertificates(input: CryptoInput): Certificate[] {
  if (typeof input !== 'string' || !input.includes('-----BEGIN')) return [parseCertificate(input)];
  try {
    const blocks = pemDecode(input);
    const certs = blocks.filter((b) => CERT_LABELS.includes(b.label)).map((b) => new Certificate(b.der));
    if (certs.length) return certs;
    const found = blocks.map((b) => b.label).join(', ') || 'no complete PEM block';
    throw new CryptoError('MALFORMED', `no PEM block labelled CERTIFICATE (found: ${found})`);
  } catch (e) {
    throw asCryptoError(e, 'certificate');
  }
}
