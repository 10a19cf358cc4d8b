/**
 * PKCS#10 certificate signing requests: creation with exact string types and SAN forms, and parsing with a real
 * signature check.
 *
 * @module
 */
import { ValidationError } from '../errors.ts';
import { toBytes } from './bytes.ts';
import { bitString, children, decodeOid, expectTag, int, oid, parseDer, seq, set, TAG, tlv } from './der.ts';
import {
  decodeExtendedKeyUsage,
  decodeKeyUsage,
  decodeSans,
  ekuName,
  encodeExtendedKeyUsage,
  encodeExtension,
  encodeKeyUsage,
  encodeSans,
  type RawExtension,
  readExtensions,
  type SubjectAltName,
} from './extensions.ts';
import {
  type NameAttribute,
  nameToString,
  type Subject,
  type SubjectInput,
  decodeNameAttributes,
  encodeName,
  subjectOf,
} from './name.ts';
import { EXT, EXTENSION_REQUEST, type KeyUsageName, SIGNATURE_ALGS } from './oids.ts';
import { parsingAsync } from './guard.ts';
import { type CryptoInput, decodeInput, toPem } from './pem.ts';
import { describeSpki, type PublicKeyInfo, signingAlgorithmFor, signTbs, verifyTbs } from './spki.ts';

/** Input of {@link createCsr}. */
export interface CreateCsrOptions {
  /** The key pair: a {@link KeyPairInfo} or any `{ privateKey, publicKey }`. */
  readonly keys: { readonly privateKey: CryptoKey; readonly publicKey: CryptoKey };
  readonly subject: SubjectInput;
  /** dNSName, rfc822Name, iPAddress (v4/v6), UPN otherName, URI. */
  readonly sans?: readonly SubjectAltName[];
  /** keyUsage to request (critical). */
  readonly keyUsage?: readonly KeyUsageName[];
  /** extendedKeyUsage to request: friendly names (`clientAuth`, `emailProtection`…) or OIDs. */
  readonly extendedKeyUsage?: readonly string[];
  /** WebCrypto provider (default `globalThis.crypto`). */
  readonly crypto?: Crypto;
}

/** An encoded CSR. */
export interface EncodedCsr {
  /** PEM, label `CERTIFICATE REQUEST`, LF line endings. */
  readonly pem: string;
  readonly der: Uint8Array;
}

const CSR_LABELS = ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST'];
const MS_EXTENSION_REQUEST = '1.3.6.1.4.1.311.2.1.14';

function requestedExtensions(opts: CreateCsrOptions, emptySubject: boolean): Uint8Array[] {
  const exts: Uint8Array[] = [];
  if (opts.sans?.length) exts.push(encodeExtension(EXT.SAN, emptySubject, encodeSans(opts.sans)));
  if (opts.keyUsage?.length) exts.push(encodeExtension(EXT.KEY_USAGE, true, encodeKeyUsage(opts.keyUsage)));
  if (opts.extendedKeyUsage?.length) {
    exts.push(encodeExtension(EXT.EXT_KEY_USAGE, false, encodeExtendedKeyUsage(opts.extendedKeyUsage)));
  }
  return exts;
}

/**
 * Creates a PKCS#10 CSR signed with SHA-256 (RSA, P-256) or SHA-384 (P-384). Subject strings: UTF8String for CN,
 * O, OU, L, ST; PrintableString for C; IA5String for E (emailAddress). SANs, keyUsage and extendedKeyUsage go in
 * the extensionRequest attribute. Throws `ValidationError` on unusable input.
 *
 * @example
 * ```ts
 * const keys = await generateKeyPair('P-256');
 * const { pem } = await createCsr({ keys, subject: { CN: 'www.example.com', O: 'Example Ltd', C: 'GB' },
 *   sans: [{ type: 'dns', value: 'www.example.com' }, { type: 'ip', value: '192.0.2.10' }] });
 * ```
 */
export async function createCsr(opts: CreateCsrOptions): Promise<EncodedCsr> {
  const crypto = opts.crypto ?? globalThis.crypto;
  if (opts.keys?.privateKey?.type !== 'private')
    throw new ValidationError('keys.privateKey', 'must be a private CryptoKey');
  const name = encodeName(opts.subject);
  const emptySubject = name.length === 2;
  if (emptySubject && !opts.sans?.length) throw new ValidationError('subject', 'needs a CN or at least one SAN');
  const spki = toBytes(await crypto.subtle.exportKey('spki', opts.keys.publicKey));
  const exts = requestedExtensions(opts, emptySubject);
  const attrs = exts.length ? [seq(oid(EXTENSION_REQUEST), set(seq(...exts)))] : [];
  const info = seq(int(0), name, spki, tlv(0xa0, ...attrs));
  const alg = signingAlgorithmFor(opts.keys.privateKey);
  const signature = await signTbs(opts.keys.privateKey, info, crypto);
  const der = seq(info, alg.algorithmIdentifier, bitString(signature));
  return { der, pem: toPem(der, 'CERTIFICATE REQUEST') };
}

/** A decoded CSR. */
export interface ParsedCsr {
  readonly der: Uint8Array;
  readonly pem: string;
  readonly subject: Subject;
  /** `C=GB, O=Example Ltd, CN=Alice` (encoded order). */
  readonly subjectString: string;
  /** Every subject attribute in encoded order, with its ASN.1 string type. */
  readonly subjectAttributes: readonly NameAttribute[];
  readonly sans: readonly SubjectAltName[];
  readonly key: PublicKeyInfo;
  /** `sha256WithRSAEncryption`, `ecdsa-with-SHA256`… or the OID when unknown. */
  readonly signatureAlgorithm: string;
  readonly signatureAlgorithmOid: string;
  /** True only when the signature was verified with WebCrypto. */
  readonly signatureValid: boolean;
  /** `unverifiable`: a hash, key or exponent this runtime's WebCrypto cannot check (the key is still described). */
  readonly signatureStatus: 'valid' | 'invalid' | 'unverifiable';
  readonly spkiDer: Uint8Array;
  readonly keyUsage?: readonly KeyUsageName[];
  /** Friendly names for known usages (`serverAuth`…), OIDs otherwise. */
  readonly extendedKeyUsage?: readonly string[];
  /** Every requested extension, raw. */
  readonly extensions: readonly RawExtension[];
}

function requestedExtensionsOf(attributes: ReturnType<typeof children>[number] | undefined): RawExtension[] {
  if (attributes?.tag !== 0xa0) return [];
  const out: RawExtension[] = [];
  for (const attr of children(attributes)) {
    const [type, values] = children(expectTag(attr, TAG.SEQUENCE, 'Attribute'));
    const o = decodeOid(expectTag(type, TAG.OID, 'attribute type').value);
    if ((o === EXTENSION_REQUEST || o === MS_EXTENSION_REQUEST) && values) {
      for (const v of children(values)) out.push(...readExtensions(v));
    }
  }
  return out;
}

/**
 * Parses a CSR given as PEM (`CERTIFICATE REQUEST` or `NEW CERTIFICATE REQUEST`), DER or bare base64 (CRLF and
 * `&#xD;` tolerated), and verifies its signature. Never throws for a key WebCrypto cannot import: the signature is
 * then reported `unverifiable`. Any unreadable input rejects with a `CryptoError` (`MALFORMED`), nothing else.
 *
 * @example
 * ```ts
 * const csr = await parseCsr(pem);
 * csr.subject.CN; csr.key; // { type: 'RSA', bits: 2048, publicExponent: 65537n }
 * csr.signatureValid;      // true
 * ```
 */
export function parseCsr(input: CryptoInput, options: { crypto?: Crypto } = {}): Promise<ParsedCsr> {
  return parsingAsync('CSR', () => readCsr(input, options.crypto));
}

async function readCsr(input: CryptoInput, crypto: Crypto | undefined): Promise<ParsedCsr> {
  const der = decodeInput(input, CSR_LABELS);
  const [info, sigAlg, sigBits] = children(expectTag(parseDer(der), TAG.SEQUENCE, 'CertificationRequest'));
  const [, name, spki, attributes] = children(expectTag(info, TAG.SEQUENCE, 'CertificationRequestInfo'));
  const spkiDer = expectTag(spki, TAG.SEQUENCE, 'SubjectPublicKeyInfo').raw;
  const sigOid = decodeOid(
    expectTag(children(expectTag(sigAlg, TAG.SEQUENCE, 'signatureAlgorithm'))[0], TAG.OID, 'OID').value,
  );
  const signature = expectTag(sigBits, TAG.BIT_STRING, 'signature').value.subarray(1);
  const verified = await verifyTbs(spkiDer, sigOid, info!.raw, signature, crypto);
  const extensions = requestedExtensionsOf(attributes);
  const ext = (o: string): RawExtension | undefined => extensions.find((e) => e.oid === o);
  const subjectAttributes = decodeNameAttributes(expectTag(name, TAG.SEQUENCE, 'subject'));
  const ku = ext(EXT.KEY_USAGE);
  const eku = ext(EXT.EXT_KEY_USAGE);
  return {
    der,
    pem: toPem(der, 'CERTIFICATE REQUEST'),
    subject: subjectOf(subjectAttributes),
    subjectString: nameToString(subjectAttributes),
    subjectAttributes,
    sans: decodeSansOf(ext(EXT.SAN)),
    key: describeSpki(spkiDer),
    signatureAlgorithm: SIGNATURE_ALGS[sigOid]?.name ?? sigOid,
    signatureAlgorithmOid: sigOid,
    signatureValid: verified === true,
    signatureStatus: verified === null ? 'unverifiable' : verified ? 'valid' : 'invalid',
    spkiDer,
    ...(ku ? { keyUsage: decodeKeyUsage(ku.value) } : {}),
    ...(eku ? { extendedKeyUsage: decodeExtendedKeyUsage(eku.value).map(ekuName) } : {}),
    extensions,
  };
}

function decodeSansOf(e: RawExtension | undefined): SubjectAltName[] {
  return e ? decodeSans(e.value) : [];
}
