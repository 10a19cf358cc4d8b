/**
 * Certs-only PKCS#7 / CMS SignedData ("degenerate" bundles, `.p7b`), as GlobalSign returns in `PKCS7Cert` and
 * some `CERT` fields: reading them into certificates and writing them.
 *
 * @module
 */
import { CryptoError } from '../errors.ts';
import { Certificate, parseCertificate } from './certificate.ts';
import { children, decodeOid, expectTag, int, oid, parseDer, seq, set, TAG, tlv } from './der.ts';
import { parsing } from './guard.ts';
import { PKCS_OID } from './oids.ts';
import { type CryptoInput, decodeInput, toPem } from './pem.ts';

const PKCS7_LABELS = ['PKCS7', 'CMS', 'CERTIFICATE'];

/**
 * Reads the certificates of a PKCS#7 SignedData given as PEM (`PKCS7`, `CMS`, or a `CERTIFICATE` label some tools
 * use), DER or bare base64, CRLF and `&#xD;` tolerated; BER indefinite lengths are accepted. Signers, if any,
 * are ignored; non-X.509 certificate choices are skipped. Throws only `CryptoError`, whatever the input.
 *
 * @example
 * ```ts
 * const [leaf, ...chain] = orderChain(parsePkcs7(response.PKCS7Cert));
 * ```
 */
export function parsePkcs7(input: CryptoInput): Certificate[] {
  return parsing('PKCS#7', () => readPkcs7(input));
}

function readPkcs7(input: CryptoInput): Certificate[] {
  const der = decodeInput(input, PKCS7_LABELS);
  const [type, content] = children(expectTag(parseDer(der), TAG.SEQUENCE, 'ContentInfo'));
  const contentType = decodeOid(expectTag(type, TAG.OID, 'contentType').value);
  if (contentType !== PKCS_OID.signedData) {
    throw new CryptoError('UNSUPPORTED_ALGORITHM', 'PKCS#7 content is not SignedData', { oid: contentType });
  }
  const signedData = expectTag(children(expectTag(content, 0xa0, '[0] content'))[0], TAG.SEQUENCE, 'SignedData');
  const certSet = children(signedData).find((c) => c.tag === 0xa0);
  if (!certSet) return [];
  return children(certSet)
    .filter((c) => c.tag === TAG.SEQUENCE)
    .map((c) => new Certificate(c.raw.slice()));
}

/** An encoded PKCS#7 bundle. */
export interface EncodedPkcs7 {
  readonly der: Uint8Array;
  /** PEM, label `PKCS7`. */
  readonly pem: string;
}

/**
 * Writes a certs-only PKCS#7 SignedData (version 1, no digest algorithms, no signers) holding the certificates in
 * the order given, as `openssl crl2pkcs7 -nocrl` does.
 *
 * @example
 * ```ts
 * const { pem } = createPkcs7([leaf, intermediate]);
 * ```
 */
export function createPkcs7(certs: readonly (Certificate | CryptoInput)[]): EncodedPkcs7 {
  const ders = certs.map((c) => parseCertificate(c).der);
  const signedData = seq(int(1), set(), seq(oid(PKCS_OID.data)), tlv(0xa0, ...ders), set());
  const der = seq(oid(PKCS_OID.signedData), tlv(0xa0, signedData));
  return { der, pem: toPem(der, 'PKCS7') };
}
