/**
 * Builds the password-protected .p12 in the page and hands it to the browser as a download.
 *
 * @module
 */
import { type Certificate, createPkcs12 } from '../../src/crypto/index.ts';

/** Inputs of {@link downloadPkcs12}. */
export interface DownloadOptions {
  readonly privateKey: CryptoKey;
  readonly certificate: Certificate;
  readonly chain: readonly Certificate[];
  readonly password: string;
  /** 3DES + SHA-1 MAC for older Outlook and macOS; otherwise AES-256 + PBKDF2-SHA-256. */
  readonly legacy: boolean;
  readonly email: string;
}

/**
 * The download's file name: `<email>.p12`, or `<email>-compatibility-3des.p12` for the legacy format, so both can
 * sit side by side and the person can tell them apart.
 *
 * @example
 * ```ts
 * p12FileName('alice@example.com', true); // 'alice@example.com-compatibility-3des.p12'
 * ```
 */
export function p12FileName(email: string, legacy: boolean): string {
  return `${email.replace(/[^A-Za-z0-9@._-]/g, '_')}${legacy ? '-compatibility-3des' : ''}.p12`;
}

/**
 * Creates the .p12 and starts its download as {@link p12FileName}; returns the file's size in bytes.
 *
 * @example
 * ```ts
 * await downloadPkcs12({ privateKey, certificate, chain, password, legacy: false, email });
 * ```
 */
export async function downloadPkcs12(o: DownloadOptions): Promise<number> {
  const p12 = await createPkcs12({
    key: o.privateKey,
    certificates: [o.certificate, ...o.chain],
    password: o.password,
    profile: o.legacy ? 'legacy' : 'modern',
    friendlyName: o.email,
  });
  const blob = new Blob([p12 as Uint8Array<ArrayBuffer>], { type: 'application/x-pkcs12' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = p12FileName(o.email, o.legacy);
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return p12.byteLength;
}
