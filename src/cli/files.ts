/**
 * Files the CLI reads and writes beyond plain inputs: private files (mode 0600, never replaced silently), key pairs
 * from PKCS#8 PEM, and certificates from PEM (one or a bundle) or DER, each parsed or refused naming the input.
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import {
  type Certificate,
  importPrivateKey,
  importPublicKey,
  parseCertificate,
  parseCertificates,
  publicKeySpki,
} from '../crypto/index.ts';
import { CliError, EXIT, type Parsed, readInput } from './common.ts';

/**
 * Writes a private file (mode 0600), refusing to replace one unless `--force`.
 *
 * @example
 * ```ts
 * await writePrivate('key.pem', pem, p);
 * ```
 */
export async function writePrivate(path: string, data: string | Uint8Array, p: Parsed): Promise<void> {
  try {
    await writeFile(path, data, { mode: 0o600, flag: p.values.force ? 'w' : 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new CliError(`${path} exists (use --force to replace it)`, EXIT.validation, { field: path });
    }
    throw e;
  }
}

/**
 * Loads a private key file (PKCS#8 or PKCS#1/SEC1 PEM, or DER) and derives its public key.
 *
 * @example
 * ```ts
 * const keys = await loadKey(need(p, 'key'), '--key');
 * ```
 */
export async function loadKey(path: string, option: string): Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }> {
  const bytes = await readInput(path, option);
  try {
    const privateKey = await importPrivateKey(bytes, { extractable: true });
    const publicKey = await importPublicKey(await publicKeySpki(privateKey));
    return { privateKey, publicKey };
  } catch (e) {
    throw new CliError(
      `${option} ${path}: not a private key in PEM or DER (${(e as Error).message})`,
      EXIT.validation,
      {
        field: option,
        cause: e,
      },
    );
  }
}

const PEM = /-----BEGIN [A-Z0-9 ]+-----/;

/**
 * Every certificate of a file: a PEM bundle (every CERTIFICATE block, in order), one PEM certificate, or DER.
 * Refuses, naming the option and path, a file without a certificate or with a block that does not parse.
 *
 * @example
 * ```ts
 * const chain = await loadCertificates('chain.pem', '--chain'); // [intermediate, root]
 * ```
 */
export async function loadCertificates(path: string, option: string): Promise<Certificate[]> {
  const bytes = await readInput(path, option);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const fail = (why: string, cause?: unknown): never => {
    throw new CliError(`${option} ${path}: ${why}`, EXIT.validation, { field: option, cause });
  };
  let certs: Certificate[] = [];
  try {
    certs = PEM.test(text) ? parseCertificates(text) : [parseCertificate(bytes)];
  } catch (e) {
    fail(`not an X.509 certificate in PEM or DER (${(e as Error).message})`, e);
  }
  if (certs.length === 0)
    fail('no CERTIFICATE block (a PEM file with certificates, or one DER certificate, is needed)');
  return certs;
}
