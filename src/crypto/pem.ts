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

const LABEL = /^[A-Z0-9 #]{1,64}$/;

/** Every `-----<kind> LABEL-----` marker of a text, in one left-to-right pass: label → positions (after the marker). */
function markers(text: string, kind: 'BEGIN' | 'END'): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const head = `-----${kind} `;
  for (let i = text.indexOf(head); i >= 0; i = text.indexOf(head, i + head.length)) {
    const close = text.indexOf('-----', i + head.length);
    if (close < 0) break;
    if (close - i - head.length > 64) continue;
    const label = text.slice(i + head.length, close);
    if (!LABEL.test(label)) continue;
    const list = out.get(label) ?? [];
    list.push(kind === 'BEGIN' ? close + 5 : i);
    out.set(label, list);
  }
  return out;
}

function decodeBody(body: string): Uint8Array {
  const lines = body.split(/\r?\n|\r/).filter((line) => !line.includes(':'));
  return fromBase64(lines.join(''));
}

/**
 * Decodes every PEM block in a text, in order. Tolerates CRLF, `&#xD;`, indentation and RFC 1421 headers. Runs in
 * time linear in the text (a BEGIN line without its END costs one look-up, not a scan of the rest).
 *
 * @example
 * ```ts
 * for (const { label, der } of pemDecode(bundle)) console.log(label, der.length);
 * ```
 */
export function pemDecode(text: string): PemBlock[] {
  const clean = unescapeCr(text);
  const begins = [...markers(clean, 'BEGIN')].flatMap(([label, at]) => at.map((start) => ({ label, start })));
  begins.sort((a, b) => a.start - b.start);
  const ends = markers(clean, 'END');
  const next = new Map<string, number>();
  const out: PemBlock[] = [];
  let pos = 0;
  for (const { label, start } of begins) {
    if (start < pos) continue; // inside the previous block
    const list = ends.get(label) ?? [];
    let k = next.get(label) ?? 0;
    while (k < list.length && list[k]! < start) k++;
    next.set(label, k);
    const end = list[k];
    if (end === undefined) continue;
    out.push({ label, der: decodeBody(clean.slice(start, end)) });
    pos = end + label.length + 14;
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
