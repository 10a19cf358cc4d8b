/**
 * PEM encoding and decoding, and one input normaliser that accepts PEM, DER or bare base64 (the GlobalSign
 * services send PEM with CRLF line endings, the CR often written `&#xD;`).
 *
 * @module
 */
import { CryptoError } from '../errors.ts';
import { fromBase64, fromUtf8, toBase64, toBytes } from './bytes.ts';

/** One PEM block. */
export interface PemBlock {
  /** The label between `BEGIN` and the dashes, e.g. `CERTIFICATE`. */
  readonly label: string;
  /** The decoded body. */
  readonly der: Uint8Array;
}

/**
 * Encodes DER as PEM: 64-character lines, LF line endings, trailing newline.
 *
 * @example
 * ```ts
 * toPem(der, 'CERTIFICATE'); // '-----BEGIN CERTIFICATE-----\nMIIB…\n-----END CERTIFICATE-----\n'
 * ```
 */
export function toPem(der: Uint8Array, label: string): string {
  const b64 = toBase64(der);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Removes XML-escaped carriage returns left in PEM text by SOAP responses. */
function unescapeCr(text: string): string {
  return text.replace(/&#x0*d;|&#0*13;/gi, '\r');
}

/**
 * Decodes every PEM block in a text, in order. Tolerates CRLF, `&#xD;`, indentation and RFC 1421 headers. Runs in
 * time linear in the text: the END markers are indexed once, so a BEGIN line without its END costs one look-up,
 * not a scan of the rest.
 *
 * @example
 * ```ts
 * for (const { label, der } of pemDecode(bundle)) console.log(label, der.length);
 * ```
 */
export function pemDecode(text: string): PemBlock[] {
  const clean = unescapeCr(text);
  const ends = new Map<string, { at: number[]; next: number }>();
  for (const m of clean.matchAll(/-----END ([A-Z0-9 #]{1,64})-----/g)) {
    const e = ends.get(m[1]!) ?? { at: [], next: 0 };
    e.at.push(m.index);
    ends.set(m[1]!, e);
  }
  const out: PemBlock[] = [];
  let pos = 0;
  for (const m of clean.matchAll(/-----BEGIN ([A-Z0-9 #]{1,64})-----/g)) {
    const start = m.index + m[0].length;
    const e = ends.get(m[1]!);
    if (m.index < pos || !e) continue; // inside the previous block, or never closed
    while (e.next < e.at.length && e.at[e.next]! < start) e.next++;
    const end = e.at[e.next];
    if (end === undefined) continue;
    const body = clean.slice(start, end).split(/\r?\n|\r/);
    out.push({ label: m[1]!, der: fromBase64(body.filter((line) => !line.includes(':')).join('')) });
    pos = end;
  }
  return out;
}

/** What {@link decodeInput} accepts: PEM or base64 text, or DER bytes (or bytes of PEM/base64 text). */
export type CryptoInput = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/**
 * Turns PEM (the first block whose label is in `labels`, or the first block when `labels` is empty), DER, or bare
 * base64 into DER bytes. Throws `CryptoError` (`MALFORMED`) when nothing usable is found.
 *
 * @example
 * ```ts
 * const der = decodeInput(csrText, ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']);
 * ```
 */
export function decodeInput(input: CryptoInput, labels: readonly string[] = []): Uint8Array {
  if (typeof input !== 'string') {
    const bytes = toBytes(input);
    if (bytes[0] === 0x30) return bytes;
    return decodeInput(fromUtf8(bytes), labels);
  }
  if (input.includes('-----BEGIN')) {
    const blocks = pemDecode(input);
    const hit = blocks.find((b) => labels.length === 0 || labels.includes(b.label));
    if (!hit) {
      const found = blocks.map((b) => b.label).join(', ') || 'none';
      throw new CryptoError('MALFORMED', `no PEM block labelled ${labels.join(' or ')} (found: ${found})`);
    }
    return hit.der;
  }
  const der = fromBase64(unescapeCr(input));
  if (der.length === 0) throw new CryptoError('MALFORMED', 'empty input');
  return der;
}
