/**
 * XML text primitives of the SOAP core: escaping for building, and the reader for parsing.
 *
 * Parsing gives the shape DESIGN.md asks of fast-xml-parser (namespace prefixes removed, tag values kept as strings,
 * attributes ignored so `xsi:nil` elements read as empty, no `isArray` callback) from our own strict reader
 * (tokenizer.ts), which measured 5–6x faster than node-soap where fast-xml-parser was 1.1–1.3x (bench/RESULTS.md),
 * and checks nesting for free. Text is decoded here in one linear pass (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`,
 * decimal and hex character references such as `&#xD;`, any other `&` an error; raw `\r\n` and `\r` read as `\n`
 * per XML 1.0 §2.11), and a document containing a DOCTYPE or an entity declaration, or a character XML 1.0 forbids,
 * is refused before parsing.
 *
 * @module
 */
import { readXml } from './tokenizer.ts';
import { ValidationError, XmlError } from '../errors.ts';

/** Characters that are not allowed in XML 1.0 documents, or a surrogate that is not part of a pair. */
const ILLEGAL_XML_CHAR =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters XML 1.0 forbids
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** One cheap pass: a forbidden character or any surrogate (then {@link ILLEGAL_XML_CHAR} decides on pairing). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 forbids, and surrogates
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ESCAPED = /[&<>"'\r]/g;
const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#xD;',
};

/**
 * Escapes text for an XML element or attribute value. `\r` becomes `&#xD;` so that it survives the line-end
 * normalisation every XML reader applies (XML 1.0 §2.11: a raw `\r\n` or `\r` is read as `\n`, by our reader too).
 * A character that XML 1.0 forbids is refused with a {@link ValidationError} naming `path` and the code point (never
 * the value itself, which may be secret).
 *
 * @example
 * ```ts
 * escapeXml('Smith & Sons <Ltd>', 'DnAttributes.CommonName'); // 'Smith &amp; Sons &lt;Ltd&gt;'
 * ```
 */
export function escapeXml(text: string, path: string): string {
  const bad = ILLEGAL_XML_CHAR.exec(text);
  if (bad) {
    const cp = (bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    throw new ValidationError(path, `contains U+${cp} at position ${bad.index}, a character not allowed in XML 1.0`);
  }
  return ESCAPED.test(text) ? text.replace(ESCAPED, (c) => ESCAPES[c] ?? c) : text;
}

/** XML 1.0 `Char`: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF. */
const isXmlChar = (cp: number): boolean =>
  cp === 0x9 ||
  cp === 0xa ||
  cp === 0xd ||
  (cp >= 0x20 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd) ||
  (cp >= 0x10000 && cp <= 0x10ffff);

const notWellFormed = (what: string): XmlError => new XmlError(`XML could not be read: ${what}`);

/** Index after the reference decoded by the last {@link reference} call. */
let refEnd = 0;

/** Whether `text` has `word` at `at` (code units compared, nothing allocated). */
function at(text: string, i: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (text.charCodeAt(i + k) !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * The code point of the reference starting at `text[i]` (an `&`), setting {@link refEnd} after its `;`, or -1 when
 * it is no predefined entity or character reference. Reads code units in place: nothing is allocated per entity.
 */
function reference(text: string, i: number): number {
  const c = text.charCodeAt(i + 1);
  if (c !== 35 /* # */) return named(text, i, c);
  const hex = text.charCodeAt(i + 2) === 120; /* x */
  let j = i + (hex ? 3 : 2);
  const first = j;
  let cp = 0;
  for (; j < text.length && j - first <= 7; j++) {
    const d = text.charCodeAt(j);
    const v =
      d >= 48 && d <= 57 ? d - 48 : hex && d >= 97 && d <= 102 ? d - 87 : hex && d >= 65 && d <= 70 ? d - 55 : -1;
    if (v < 0) break;
    cp = cp * (hex ? 16 : 10) + v;
  }
  if (j === first || j - first > (hex ? 6 : 7) || text.charCodeAt(j) !== 59 /* ; */) return -1;
  refEnd = j + 1;
  return cp;
}

/** A predefined entity at `text[i]` whose first letter is `c`: its code point (setting {@link refEnd}), or -1. */
function named(text: string, i: number, c: number): number {
  switch (c) {
    case 97 /* a */:
      return text.charCodeAt(i + 2) === 109 ? ends(text, i, 'amp;', 38) : ends(text, i, 'apos;', 39);
    case 108 /* l */:
      return ends(text, i, 'lt;', 60);
    case 103 /* g */:
      return ends(text, i, 'gt;', 62);
    case 113 /* q */:
      return ends(text, i, 'quot;', 34);
    default:
      return -1;
  }
}

/** `cp` when `word` follows the `&` at `text[i]` (setting {@link refEnd}), else -1. */
function ends(text: string, i: number, word: string, cp: number): number {
  if (!at(text, i + 1, word)) return -1;
  refEnd = i + 1 + word.length;
  return cp;
}

/** Runs of plain text at least this long are kept as slices of the input; shorter ones are copied to the buffer. */
const SLICE_RUN = 256;
const CHUNK = 8192;

/**
 * Builds decoded text from slices of the input (long plain runs) and a fixed buffer of code units (decoded
 * characters and short runs), flushed as one string every {@link CHUNK} units: memory stays a small multiple of the
 * text, and nothing is allocated per entity.
 */
class TextBuilder {
  readonly #parts: string[] = [];
  readonly #buf = new Uint16Array(CHUNK);
  #len = 0;

  unit(c: number): void {
    if (this.#len === CHUNK) this.#flush();
    this.#buf[this.#len++] = c;
  }

  run(text: string, from: number, to: number): void {
    if (to - from >= SLICE_RUN) {
      this.#flush();
      this.#parts.push(text.slice(from, to));
    } else for (let i = from; i < to; i++) this.unit(text.charCodeAt(i));
  }

  #flush(): void {
    if (this.#len === 0) return;
    this.#parts.push(String.fromCharCode.apply(null, this.#buf.subarray(0, this.#len) as unknown as number[]));
    this.#len = 0;
  }

  done(): string {
    this.#flush();
    return this.#parts.length === 1 ? this.#parts[0]! : this.#parts.join('');
  }
}

/**
 * Finds the next `&` or `\r` from a position, remembering where each was last found so that the text is scanned
 * once in all (searching for a `\r` that does not come again must not rescan the rest at every entity).
 */
class Specials {
  #amp = -2;
  #cr = -2;
  constructor(readonly text: string) {}

  next(from: number): number {
    if (this.#amp !== -1 && this.#amp < from) this.#amp = this.text.indexOf('&', from);
    if (this.#cr !== -1 && this.#cr < from) this.#cr = this.text.indexOf('\r', from);
    const a = this.#amp < 0 ? this.text.length : this.#amp;
    const c = this.#cr < 0 ? this.text.length : this.#cr;
    return Math.min(a, c);
  }
}

/**
 * Decodes character data in one linear pass: the five predefined entities and numeric character references are
 * replaced, and line ends are normalised as XML 1.0 §2.11 requires (`\r\n` and a lone `\r` become `\n`; a `\r`
 * written `&#xD;` stays a CR, which is how GlobalSign sends PEM line ends). Plain runs are sliced, decoded characters
 * go through a fixed buffer: nothing is allocated per entity. With `lenient` (redaction only) a malformed reference
 * is kept as text; otherwise an `&` that starts no predefined entity or reference, or a reference to a character
 * XML 1.0 forbids, is an {@link XmlError}.
 *
 * @example
 * ```ts
 * decodeText('a&amp;b&#xD;\r\nc'); // 'a&b\r\nc'
 * ```
 */
export function decodeText(text: string, lenient = false): string {
  const specials = new Specials(text);
  let i = specials.next(0);
  if (i === text.length) return text;
  const out = new TextBuilder();
  out.run(text, 0, i);
  while (i < text.length) {
    if (text.charCodeAt(i) === 13 /* \r */) {
      out.unit(10);
      i += text.charCodeAt(i + 1) === 10 ? 2 : 1;
    } else {
      const cp = reference(text, i);
      if (cp < 0 || !isXmlChar(cp)) {
        if (!lenient) {
          throw notWellFormed(
            cp < 0
              ? 'an & that does not start a predefined entity or character reference'
              : 'a reference to a character not allowed in XML 1.0',
          );
        }
        out.unit(38);
        i++;
      } else {
        if (cp > 0xffff) {
          out.unit(0xd800 + ((cp - 0x10000) >> 10));
          out.unit(0xdc00 + ((cp - 0x10000) & 0x3ff));
        } else out.unit(cp);
        i = refEnd;
      }
    }
    const next = specials.next(i);
    out.run(text, i, next);
    i = next;
  }
  return out.done();
}

const DOCTYPE = /<!(?:DOCTYPE|ENTITY)/i;

/** Options of {@link parseXml}. */
export interface ParseXmlOptions {
  /**
   * Kept for compatibility: the reader (tokenizer.ts) always checks that tags nest and close, which is what this
   * option used to add on top of fast-xml-parser.
   */
  readonly strict?: boolean;
}

/**
 * Parses XML text into plain objects: element local names as keys, text as strings (never numbers), repeated
 * elements as arrays, empty elements as `''`. Refuses with an {@link XmlError} a DOCTYPE or ENTITY declaration, a
 * character XML 1.0 forbids (raw or as a reference such as `&#0;`), and an `&` that starts no predefined entity or
 * character reference; CDATA sections are kept verbatim.
 *
 * @example
 * ```ts
 * parseXml('<a><b>0012</b><b>x&#xD;</b></a>'); // { a: { b: ['0012', 'x\r'] } }
 * ```
 */
export function parseXml(text: string, options: ParseXmlOptions = {}): unknown {
  if (DOCTYPE.test(text)) throw new XmlError('XML with a DOCTYPE or ENTITY declaration is refused');
  const bad = SUSPECT.test(text) ? ILLEGAL_XML_CHAR.exec(text) : null;
  if (bad) {
    const cp = (bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    throw new XmlError(`XML could not be read: U+${cp} at position ${bad.index} is not allowed in XML 1.0`);
  }
  void options; // the reader is always strict about nesting and truncation
  return readXml(text, decodeText);
}

/**
 * Returns the child of a parsed node by local name, or `undefined` when the node is not an object.
 *
 * @example
 * ```ts
 * childOf(parseXml('<a><b>1</b></a>'), 'a'); // { b: '1' }
 * ```
 */
export function childOf(node: unknown, name: string): unknown {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  return Object.hasOwn(node, name) ? (node as Record<string, unknown>)[name] : undefined;
}

/**
 * The first child element name of a parsed node that is not a text node (`#text`), if any.
 *
 * @example
 * ```ts
 * firstElementName({ '#text': '\n', PVOrder: {} }); // 'PVOrder'
 * ```
 */
export function firstElementName(node: unknown): string | undefined {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  for (const key of Object.keys(node)) if (key !== '#text') return key;
  return undefined;
}
