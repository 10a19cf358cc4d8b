/**
 * PKCS#12 (.p12/.pfx) reading and writing on WebCrypto, without WASM: PBES2/AES (with a pure AES fallback for
 * providers without AES-192), legacy 3DES and RC2, the RFC 7292 KDF and MAC, Unicode, empty and "null" passwords.
 *
 * @module
 */
export { createPkcs12 } from './create.ts';
export { openPkcs12 } from './open.ts';
export type {
  CreatePkcs12Options,
  OpenPkcs12Options,
  Pkcs12Certificate,
  Pkcs12CertificateInput,
  Pkcs12Contents,
  Pkcs12ImportOptions,
  Pkcs12Key,
  Pkcs12MacAlgorithm,
} from './types.ts';
