/**
 * XML text primitives of the SOAP core: escaping for building, and the reader for parsing.
 *
 * Parsing gives the shape DESIGN.md asks of fast-xml-parser (namespace prefixes removed, tag values kept as strings,
 * attributes ignored so `xsi:nil` elements read as empty, no `isArray` callback) from our own strict reader
 * (tokenizer.ts), which measured 5–6x faster than node-soap where fast-xml-parser was 1.1–1.3x (bench/RESULTS.md),
 * and checks nesting for free. Entities are decoded here in one pass (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`,
 * decimal and hex character references such as `&#xD;`; any other `&` is an error), and a document containing a
 * DOCTYPE or an entity declaration, or a character XML 1.0 forbids, is refused before parsing.
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
 * Escapes text for an XML element or attribute value. `\r` becomes `&#xD;` so that it survives the parser's line-end
 * normalisation. A character that XML 1.0 forbids is refused with a {@link ValidationError} naming `path` and the
 * code point (never the value itself, which may be secret).
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

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));|&/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML 1.0 `Char`: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF. */
const isXmlChar = (cp: number): boolean =>
  cp === 0x9 ||
  cp === 0xa ||
  cp === 0xd ||
  (cp >= 0x20 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd) ||
  (cp >= 0x10000 && cp <= 0x10ffff);

/**
 * Decodes the five predefined entities and numeric character references in one pass. Any other `&` (an undefined
 * entity such as `&lol;`, a bare ampersand) and a reference to a character XML 1.0 forbids (`&#0;`, `&#xD800;`)
 * make the document not well-formed: {@link XmlError}.
 */
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (name) return NAMED[name] ?? whole;
    if (dec === undefined && hex === undefined) {
      throw new XmlError('XML could not be read: an & that does not start a predefined entity or character reference');
    }
    const cp = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
    if (!isXmlChar(cp)) throw new XmlError(`XML could not be read: a reference to a character not allowed in XML 1.0`);
    return String.fromCodePoint(cp);
  });
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
  return readXml(text, decodeEntities);
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
