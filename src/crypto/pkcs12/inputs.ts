/**
 * The inputs of createPkcs12, each read for what it is: a certificate as PEM text, PEM bytes, DER bytes, a PEM
 * bundle (expanded in order) or a parsed `Certificate`; the key as a CryptoKey or PEM/DER text or bytes. Anything
 * that is not a real X.509 certificate or private key is refused with a `CryptoError` naming the input.
 *
 * @module
 */
import { CryptoError, ValidationError } from '../../errors.ts';
import { bytesEqual, fromUtf8, toBytes } from '../bytes.ts';
import { CERT_LABELS, Certificate } from '../certificate.ts';
import { pkcs8Der } from '../keys.ts';
import { decodeInput, pemDecode } from '../pem.ts';

const refuse = (name: string, what: string, cause?: unknown): CryptoError =>
  new CryptoError('MALFORMED', `${name} ${what}`, { cause });

const why = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function certificate(der: Uint8Array, name: string): Certificate {
  try {
    return new Certificate(der.slice());
  } catch (e) {
    throw refuse(name, `is not a certificate (${why(e)})`, e);
  }
}

function fromText(text: string, name: string): Certificate[] {
  if (!text.includes('-----BEGIN')) {
    let der: Uint8Array;
    try {
      der = decodeInput(text);
    } catch (e) {
      throw refuse(name, `is neither PEM nor base64 DER (${why(e)})`, e);
    }
    return [certificate(der, name)];
  }
  let blocks: ReturnType<typeof pemDecode>;
  try {
    blocks = pemDecode(text);
  } catch (e) {
    throw refuse(name, `holds PEM that cannot be decoded (${why(e)})`, e);
  }
  const certs = blocks.filter((b) => CERT_LABELS.includes(b.label));
  if (!certs.length) {
    const found = blocks.map((b) => b.label).join(', ') || 'no complete block';
    throw refuse(name, `is not a certificate: no CERTIFICATE PEM block (found: ${found})`);
  }
  return certs.map((b, k) => certificate(b.der, certs.length > 1 ? `${name} (PEM block ${k + 1})` : name));
}

function certificatesOf(input: unknown, i: number): Certificate[] {
  const name = `certificates[${i}]`;
  if (input instanceof Certificate) return [input];
  if (typeof input === 'string') return fromText(input, name);
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) {
    const bytes = toBytes(input);
    return bytes[0] === 0x30 ? [certificate(bytes, name)] : fromText(fromUtf8(bytes), name);
  }
  const der = (input as { der?: unknown } | null)?.der;
  if (der instanceof Uint8Array) {
    if (der[0] !== 0x30 && fromUtf8(der.subarray(0, 4096)).includes('-----BEGIN')) {
      throw refuse(name, 'is PEM text but was given as DER ({ der }): pass the text, or its bytes, instead');
    }
    return [certificate(der, name)];
  }
  throw new ValidationError(`certificates.${i}`, 'must be PEM text, PEM or DER bytes, or a Certificate');
}

/**
 * Every certificate of the inputs, bundles expanded, in order, exact duplicates dropped.
 *
 * @example
 * ```ts
 * const certs = readCertificates([leafPem, chainBundlePem]);
 * ```
 */
export function readCertificates(list: unknown): Certificate[] {
  if (!Array.isArray(list) || list.length === 0) throw new ValidationError('certificates', 'at least one is required');
  const out: Certificate[] = [];
  list.forEach((input: unknown, i) => {
    for (const c of certificatesOf(input, i)) if (!out.some((o) => bytesEqual(o.der, c.der))) out.push(c);
  });
  return out;
}

/**
 * PKCS#8 DER of the key input: an extractable private CryptoKey, or PEM/DER (PKCS#8, PKCS#1, SEC1) text or bytes.
 *
 * @example
 * ```ts
 * const pkcs8 = await readKey(options.key, crypto);
 * ```
 */
export async function readKey(key: unknown, crypto: Crypto): Promise<Uint8Array> {
  if (typeof key === 'string' || key instanceof ArrayBuffer || ArrayBuffer.isView(key)) {
    try {
      return pkcs8Der(key);
    } catch (e) {
      throw refuse('key', `is not a private key (${why(e)})`, e);
    }
  }
  if (!key || typeof key !== 'object' || !('extractable' in key) || !('type' in key)) {
    throw new ValidationError('key', 'must be a CryptoKey, or PEM or DER private key text or bytes');
  }
  const cryptoKey = key as CryptoKey;
  if (cryptoKey.type !== 'private') throw new ValidationError('key', 'must be a private key');
  if (!cryptoKey.extractable) {
    throw new CryptoError(
      'KEY_NOT_EXTRACTABLE',
      'the private key is not extractable: generate or import it with extractable: true to put it in a PKCS#12 file',
    );
  }
  return toBytes(await crypto.subtle.exportKey('pkcs8', cryptoKey));
}
