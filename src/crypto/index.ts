/**
 * `globalsign-kit/crypto`: keys, CSRs, certificates, PKCS#7 and PKCS#12 on WebCrypto alone (no WASM, no `node:`).
 * Every function that needs WebCrypto takes an optional `crypto` provider; the default is `globalThis.crypto`.
 *
 * @example
 * ```ts
 * import { generateKeyPair, createCsr, createPkcs12 } from 'globalsign-kit/crypto';
 * const keys = await generateKeyPair('RSA-2048', { extractable: true });
 * const csr = await createCsr({ keys, subject: { CN: 'Alice', E: 'alice@example.com' },
 *   sans: [{ type: 'email', value: 'alice@example.com' }] });
 * ```
 *
 * @module
 */
export {
  CryptoError,
  type CryptoErrorReason,
  isCryptoError,
  isValidationError,
  ValidationError,
  type ValidationIssue,
} from '../errors.ts';
export { bytesEqual, fromBase64, fromHex, secretsEqual, toBase64, toHex } from './bytes.ts';
export { Certificate, parseCertificate, parseCertificates } from './certificate.ts';
export { certificateMatchesKey, type KeyLike, orderChain } from './chain.ts';
export { type CreateCsrOptions, createCsr, type EncodedCsr, type ParsedCsr, parseCsr } from './csr.ts';
export type { SubjectAltName } from './extensions.ts';
export {
  describeKey,
  exportPrivateKey,
  exportPublicKey,
  generateKeyPair,
  importPrivateKey,
  importPublicKey,
  type KeyAlgorithmName,
  type KeyDescription,
  type KeyOptions,
  type KeyPairInfo,
  publicKeySpki,
  spkiFingerprint,
} from './keys.ts';
export { type CsrFinding, type CsrFindingCode, type LintCsrOptions, lintCsr } from './lint.ts';
export type { NameAttribute, Subject, SubjectInput } from './name.ts';
export type { KeyUsageName } from './oids.ts';
export { type CryptoInput, decodeInput, type PemBlock, pemDecode, toPem } from './pem.ts';
export {
  type CreatePkcs12Options,
  createPkcs12,
  type OpenPkcs12Options,
  openPkcs12,
  type Pkcs12Certificate,
  type Pkcs12CertificateInput,
  type Pkcs12Contents,
  type Pkcs12ImportOptions,
  type Pkcs12Key,
  type Pkcs12MacAlgorithm,
} from './pkcs12/index.ts';
export { createPkcs7, type EncodedPkcs7, parsePkcs7 } from './pkcs7.ts';
export type { PublicKeyInfo } from './spki.ts';
