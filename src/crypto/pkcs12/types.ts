/**
 * Public types of the PKCS#12 module.
 *
 * @module
 */
import type { CryptoInput } from '../pem.ts';

/**
 * One certificate input of createPkcs12: PEM text, PEM or DER bytes, base64 DER, a PEM bundle, or a parsed
 * certificate (`{ der }`).
 *
 * @example
 * ```ts
 * const inputs: Pkcs12CertificateInput[] = [leafPem, await readFile('chain.der'), parseCertificate(rootPem)];
 * ```
 */
export type Pkcs12CertificateInput = CryptoInput | { readonly der: Uint8Array };

/** A certificate found in a PKCS#12 file. */
export interface Pkcs12Certificate {
  /** The certificate, DER. */
  readonly der: Uint8Array;
  readonly friendlyName?: string;
  /** The localKeyId attribute, lower-case hex. */
  readonly localKeyId?: string;
}

/** Options of {@link Pkcs12Key.importKey}. */
export interface Pkcs12ImportOptions {
  /** Default `false`. */
  readonly extractable?: boolean;
  /** Default `['sign']`. */
  readonly usages?: KeyUsage[];
  /**
   * Default: `RSASSA-PKCS1-v1_5` with SHA-256 for RSA, `ECDSA` on the key's curve for EC. Pass e.g.
   * `{ name: 'RSA-PSS', hash: 'SHA-256' }` or `{ name: 'ECDH', namedCurve: 'P-256' }` with matching usages.
   */
  readonly algorithm?: RsaHashedImportParams | EcKeyImportParams;
}

/** A private key found in a PKCS#12 file. */
export interface Pkcs12Key {
  /** The private key, PKCS#8 DER. */
  readonly pkcs8: Uint8Array;
  readonly algorithm: 'RSA' | 'EC';
  /** For EC keys: 'P-256', 'P-384', 'P-521', or the curve OID. */
  readonly curve?: string;
  readonly friendlyName?: string;
  /** The localKeyId attribute, lower-case hex. */
  readonly localKeyId?: string;
  /** The certificate of this key: paired by localKeyId, else friendlyName, else public key. */
  readonly certificate?: Pkcs12Certificate;
  /** Imports the key into the provider the file was opened with. */
  importKey(options?: Pkcs12ImportOptions): Promise<CryptoKey>;
}

/** What {@link openPkcs12} found. */
export interface Pkcs12Contents {
  readonly keys: Pkcs12Key[];
  readonly certificates: Pkcs12Certificate[];
  /** The integrity MAC (`algorithm` as WebCrypto names the hash, e.g. 'SHA-256'), or `null` when absent. */
  readonly mac: { readonly algorithm: string; readonly iterations: number } | null;
  /**
   * The encryption algorithms met, in order, without repeats: e.g. 'pbeWithSHAAnd3-KeyTripleDES-CBC',
   * 'PBES2/PBKDF2-HMAC-SHA256/AES-256-CBC'; 'none' when a key or certificate was stored unencrypted.
   */
  readonly encryption: string[];
}

/** Options of {@link openPkcs12}. */
export interface OpenPkcs12Options {
  /** WebCrypto provider (default `globalThis.crypto`). */
  readonly crypto?: Crypto;
  /**
   * A budget for the whole file: the sum of the iteration counts of every key derivation opening it may run (the
   * MAC under each password form tried, every encrypted part and shrouded key; PBES1 derives a key and an IV, so
   * counts twice). A file over budget is refused before any password work (`CryptoError` reason
   * `ITERATIONS_LIMIT`): a hostile file could otherwise keep a browser or Worker busy for minutes. Default
   * 3,000,000, which admits the 600,000-iteration files real tools write (OpenSSL writes 2,048); raise it for files
   * you trust. Long derivations yield to the event loop every 50,000 iterations.
   */
  readonly maxIterations?: number;
}

/** Hashes allowed for the PKCS#12 MAC when creating a file. */
export type Pkcs12MacAlgorithm = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

/** Options of {@link createPkcs12}. */
export interface CreatePkcs12Options {
  /**
   * The private key: an extractable private CryptoKey, or PEM (`PRIVATE KEY`, `RSA PRIVATE KEY`, `EC PRIVATE
   * KEY`) or DER (PKCS#8, PKCS#1, SEC1) as text or bytes.
   */
  readonly key: CryptoKey | CryptoInput;
  /**
   * The key's certificate and its chain, in any order: each PEM text, PEM bytes, DER bytes, base64 DER, a PEM
   * bundle of several certificates (expanded in order), or a parsed certificate (`{ der }`). Each is parsed as
   * X.509 or refused with a `CryptoError` naming it (`certificates[1] is not a certificate …`).
   */
  readonly certificates: ReadonlyArray<Pkcs12CertificateInput>;
  /** The password. `''` is allowed (encoded as OpenSSL does, an empty BMPString), but protects nothing. */
  readonly password: string;
  /** `'modern'` (default): PBES2 AES-256-CBC, PBKDF2-HMAC-SHA256, SHA-256 MAC. `'legacy'`: 3DES, SHA-1 MAC. */
  readonly profile?: 'modern' | 'legacy';
  /** Iteration count of the encryption and the MAC; at least 2048. Default 100,000 (modern), 2048 (legacy). */
  readonly iterations?: number;
  /** friendlyName of the key and its certificate. */
  readonly friendlyName?: string;
  /** MAC hash; default 'SHA-256' (modern) or 'SHA-1' (legacy). */
  readonly macAlgorithm?: Pkcs12MacAlgorithm;
  /** WebCrypto provider (default `globalThis.crypto`). */
  readonly crypto?: Crypto;
}
