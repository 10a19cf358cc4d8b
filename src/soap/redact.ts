/**
 * Redaction that does not depend on how a secret is written. {@link redactXml} walks the document's markup (tags,
 * comments, CDATA, processing instructions) and replaces the whole content of every secret element, whatever its
 * lexical form (plain text, CDATA, entities, character references, comments or elements inside it), with `***`.
 * {@link scrubText} and {@link scrubError} remove the values of the request's own secrets (the password, PINs,
 * pickup passwords it carries; from {@link MIN_SCRUBBED_LENGTH} characters) from any other text: a server that echoes a PIN in a faultstring, an error message
 * or an ordinary element does not get it past the library.
 *
 * @module
 */
import { decodeText } from './xml.ts';

const MASK = '***';

const localName = (qname: string): string => qname.slice(qname.indexOf(':') + 1);

/**
 * Values shorter than this are not scrubbed from free text: a one- to three-character password occurs in any
 * sentence, so removing it would only garble messages. Secret elements are still redacted whatever their length.
 */
export const MIN_SCRUBBED_LENGTH = 4;

const scrubbable = (s: string): boolean => s.length >= MIN_SCRUBBED_LENGTH;

/**
 * `text` with every occurrence of every secret value replaced by `***` (longest values first; values shorter than
 * {@link MIN_SCRUBBED_LENGTH} ignored), also where the text is markup that spells a secret otherwise (entities,
 * character references, CDATA or a comment splitting it: an excerpt of an HTML page, a faultstring).
 *
 * @example
 * ```ts
 * scrubText('PIN 1234 is wrong', ['1234']); // 'PIN *** is wrong'
 * scrubText('PIN 1<!-- -->2&#51;4', ['1234']); // 'PIN ***'
 * ```
 */
export function scrubText(text: string, secrets: readonly string[]): string {
  const out = scrubPlain(text, secrets);
  return /[<&]/.test(out) && secrets.some(scrubbable) ? redactXml(out, [], secrets) : out;
}

/** {@link scrubText} for plain text: occurrences as written. */
function scrubPlain(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
    if (scrubbable(s) && out.includes(s)) out = out.split(s).join(MASK);
  }
  return out;
}

const containsAny = (text: string, secrets: readonly string[]): boolean =>
  secrets.some((s) => scrubbable(s) && text.includes(s));

/** The secret values as they may appear in markup: raw and escaped. */
function markupForms(secrets: readonly string[]): string[] {
  const escaped = secrets.map((s) =>
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;'),
  );
  return [...new Set([...secrets, ...escaped])].filter(scrubbable).sort((a, b) => b.length - a.length);
}

const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One piece of markup: a tag, or a run of character data (text, CDATA, comments, PIs) between two tags. */
interface Piece {
  readonly kind: 'start' | 'end' | 'empty' | 'data';
  readonly raw: string;
  /** Local name, for tags. */
  readonly name: string;
  /** For data: the characters it stands for (text decoded leniently, CDATA as is, comments and PIs left out). */
  readonly chars: string;
}

/** End of a start tag: the `>` not inside a quoted attribute value. */
function tagEnd(xml: string, from: number): number {
  let quote = 0;
  for (let i = from; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return i;
  }
  return -1;
}

/** The end (exclusive) of the non-tag markup starting at `lt`, and the characters it contributes. */
function special(xml: string, lt: number): readonly [end: number, chars: string] {
  const close = (marker: string, skip: number): number => {
    const at = xml.indexOf(marker, lt + skip);
    return at < 0 ? xml.length : at + marker.length;
  };
  if (xml.startsWith('<!--', lt)) return [close('-->', 4), ''];
  if (xml.startsWith('<![CDATA[', lt)) {
    const end = close(']]>', 9);
    return [end, xml.slice(lt + 9, Math.max(lt + 9, end - 3))];
  }
  return [close('>', 1), ''];
}

/** Splits a document into tags and runs of character data, never failing (a cut document ends in a data run). */
function* pieces(xml: string, wantChars: boolean): Generator<Piece> {
  let i = 0;
  let raw = '';
  let chars = '';
  const flush = function* (): Generator<Piece> {
    if (raw !== '') yield { kind: 'data', raw, name: '', chars };
    raw = '';
    chars = '';
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > i) {
      const text = xml.slice(i, textEnd);
      raw += text;
      if (wantChars) chars += decodeText(text, true);
    }
    if (lt < 0) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === 33 /* ! */ || next === 63 /* ? */) {
      const [end, more] = special(xml, lt);
      raw += xml.slice(lt, end);
      chars += more;
      i = end;
      continue;
    }
    yield* flush();
    const gt = next === 47 ? xml.indexOf('>', lt) : tagEnd(xml, lt + 1);
    const end = gt < 0 ? xml.length : gt + 1;
    const tag = xml.slice(lt, end);
    const body = tag.slice(next === 47 ? 2 : 1).replace(/\/?>$/, '');
    const name = localName(/^[^\s/>]*/.exec(body.trimStart())?.[0] ?? '');
    const kind = next === 47 ? 'end' : /\/>$/.test(tag) ? 'empty' : 'start';
    yield { kind, raw: tag, name, chars: '' };
    i = end;
  }
  yield* flush();
}

/**
 * Replaces the content of every element named in `secretElements` (local name, any prefix) with `***`, whatever its
 * lexical form, and every other occurrence of a value in `secretValues` (in text, CDATA, comments, attributes) with
 * `***`. Works on cut or malformed documents too: an unclosed secret element hides everything after its start tag.
 *
 * @example
 * ```ts
 * redactXml('<a><Password><![CDATA[s3]]>cret</Password><b>s3cret</b></a>', ['Password'], ['s3cret']);
 * // '<a><Password>***</Password><b>***</b></a>'
 * ```
 */
export function redactXml(
  xml: string,
  secretElements: readonly string[],
  secretValues: readonly string[] = [],
): string {
  const secret = new Set(secretElements);
  const forms = markupForms(secretValues);
  const out: string[] = [];
  let hiding = 0; // depth inside a secret element; 0 when outside
  for (const p of pieces(xml, forms.length > 0)) {
    if (hiding > 0) {
      if (p.kind === 'start') hiding++;
      else if (p.kind === 'end' && --hiding === 0) out.push(MASK, scrubPlain(p.raw, forms));
      continue;
    }
    if (p.kind === 'data') {
      out.push(
        containsAny(p.chars, secretValues) || containsAny(p.raw, forms)
          ? escapeText(scrubPlain(p.chars, secretValues))
          : p.raw,
      );
      continue;
    }
    const tag = forms.length > 0 && (containsAny(p.raw, forms) || containsAny(decodeText(p.raw, true), secretValues));
    out.push(tag ? bareTag(p) : p.raw);
    if (p.kind === 'start' && secret.has(p.name)) hiding = 1;
  }
  if (hiding > 0) out.push(MASK);
  return out.join('');
}

/** A tag without its attributes (one of them held a secret). */
function bareTag(p: Piece): string {
  const qname = /^<\/?\s*([^\s/>]*)/.exec(p.raw)?.[1] ?? p.name;
  return p.kind === 'end' ? `</${qname}>` : p.kind === 'empty' ? `<${qname}/>` : `<${qname}>`;
}

/**
 * Removes every secret value from an error before it leaves the library: its message and stack, every string
 * property (`faultString`, `bodyExcerpt`…), strings in arrays and plain objects below it (`errors[].ErrorMessage`),
 * and its `cause` chain. The error keeps its class and identity; returns it for `throw scrubError(e, values)`.
 *
 * @example
 * ```ts
 * throw scrubError(new SoapFaultError('soap:Client', 'bad PIN 1234', 500), ['1234']); // message 'SOAP Fault …: bad PIN ***'
 * ```
 */
export function scrubError<T>(error: T, secretValues: readonly string[]): T {
  if (!secretValues.some(scrubbable)) return error;
  scrubObject(error, secretValues, new Set());
  return error;
}

function scrubObject(node: unknown, secrets: readonly string[], visited: Set<object>): void {
  if (typeof node !== 'object' || node === null || visited.has(node)) return;
  visited.add(node);
  const keys = node instanceof Error ? ['message', 'stack', 'cause', ...Object.keys(node)] : Object.keys(node);
  for (const key of new Set(keys)) {
    const value = (node as Record<string, unknown>)[key];
    if (typeof value === 'string') {
      const clean = scrubText(value, secrets);
      if (clean !== value) replace(node, key, clean);
    } else if (Array.isArray(value)) {
      const copy = value.map((v) => scrubCopy(v, secrets, visited));
      replace(node, key, Object.isFrozen(value) ? Object.freeze(copy) : copy);
    } else if (value instanceof Error) scrubObject(value, secrets, visited);
    else if (typeof value === 'object' && value !== null && isPlain(value)) {
      replace(node, key, scrubCopy(value, secrets, visited));
    }
  }
}

/** A scrubbed copy of a plain value (objects and arrays copied, so shared or frozen data is not mutated). */
function scrubCopy(value: unknown, secrets: readonly string[], visited: Set<object>): unknown {
  if (typeof value === 'string') return scrubText(value, secrets);
  if (value instanceof Error) {
    scrubObject(value, secrets, visited);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => scrubCopy(v, secrets, visited));
  if (typeof value !== 'object' || value === null || visited.has(value) || !isPlain(value)) return value;
  visited.add(value);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubCopy(v, secrets, visited)]));
}

const isPlain = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

function replace(target: object, key: string, value: unknown): void {
  const desc = Object.getOwnPropertyDescriptor(target, key);
  if (desc && !desc.configurable && !desc.writable) return;
  Object.defineProperty(target, key, {
    value,
    writable: true,
    configurable: true,
    enumerable: desc ? (desc.enumerable ?? false) : false,
  });
}
