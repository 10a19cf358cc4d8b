/**
 * A small, strict XML reader for SOAP documents, several times faster than a general parser: elements become plain
 * objects keyed by local name (namespace prefixes dropped), repeated elements arrays, text strings (never numbers),
 * empty elements `''`; attributes, comments, processing instructions and whitespace between elements are ignored;
 * CDATA is text (line ends normalised as XML 1.0 §2.11 requires). Tags must nest and close (a truncated or mismatched document throws), and a DOCTYPE or ENTITY
 * declaration is refused. Entities are decoded by the caller's `decode`.
 *
 * @module
 */
import { XmlError } from '../errors.ts';

interface Frame {
  readonly name: string;
  obj: Record<string, unknown> | undefined;
  /** Raw text not decoded yet. */
  text: string;
  /** Text already final: decoded text before a CDATA section, and the section itself (never decoded). */
  done: string;
}

const WS = /^[\t\n\r ]*$/;

/** Line ends of a CDATA section normalised: XML 1.0 §2.11 applies before parsing, so to CDATA too. */
const normalizeLineEnds = (text: string): string => (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text);

function attach(parent: Frame, name: string, value: unknown): void {
  if (parent.obj === undefined) parent.obj = {};
  const obj = parent.obj;
  if (!Object.hasOwn(obj, name)) {
    if (name === '__proto__')
      Object.defineProperty(obj, name, { value, enumerable: true, writable: true, configurable: true });
    else obj[name] = value;
    return;
  }
  const prev = obj[name];
  if (Array.isArray(prev)) prev.push(value);
  else obj[name] = [prev, value];
}

/**
 * A copy of `s` that does not point into the document. Engines return substrings as views of their parent (V8: from
 * 13 characters), so one kept date or status would keep the whole answer, megabytes, alive; flattening a
 * concatenation makes a string of its own.
 */
const own = (s: string): string => (s.length < 13 ? s : ` ${s}`.slice(1));

const localName = (qname: string): string => {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
};

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

function skipTo(xml: string, from: number, end: string, what: string): number {
  const at = xml.indexOf(end, from);
  if (at < 0) throw new XmlError(`XML could not be read: unterminated ${what}`);
  return at + end.length;
}

/**
 * Reads a document.
 *
 * @example
 * ```ts
 * readXml('<s:a><b>1</b><b>2</b><c/></s:a>', (t) => t); // { a: { b: ['1', '2'], c: '' } }
 * ```
 */
export function readXml(xml: string, decode: (text: string) => string): Record<string, unknown> {
  const root: Frame = { name: '', obj: {}, text: '', done: '' };
  const stack: Frame[] = [root];
  let top = root;
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) {
      top.text += xml.slice(i);
      break;
    }
    if (lt > i && top !== root) top.text += xml.slice(i, lt);
    const next = xml.charCodeAt(lt + 1);
    if (next === 47 /* / */) {
      const gt = xml.indexOf('>', lt);
      if (gt < 0) throw new XmlError('XML could not be read: truncated end tag');
      const name = localName(xml.slice(lt + 2, gt).trim());
      if (top === root || name !== top.name) throw new XmlError(`XML could not be read: unexpected </${name}>`);
      stack.pop();
      const parent = stack[stack.length - 1]!;
      const value = top.obj ?? own(top.done + (top.text === '' ? '' : decode(top.text)));
      attach(parent, name, value);
      top = parent;
      i = gt + 1;
    } else if (next === 63 /* ? */) {
      i = skipTo(xml, lt + 2, '?>', 'processing instruction');
    } else if (next === 33 /* ! */) {
      if (xml.startsWith('<!--', lt)) i = skipTo(xml, lt + 4, '-->', 'comment');
      else if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9);
        if (end < 0) throw new XmlError('XML could not be read: unterminated CDATA');
        top.done += (top.text === '' ? '' : decode(top.text)) + normalizeLineEnds(xml.slice(lt + 9, end));
        top.text = '';
        i = end + 3;
      } else throw new XmlError('XML with a DOCTYPE or ENTITY declaration is refused');
    } else {
      const gt = tagEnd(xml, lt + 1);
      if (gt < 0) throw new XmlError('XML could not be read: truncated start tag');
      const selfClosing = xml.charCodeAt(gt - 1) === 47;
      const body = xml.slice(lt + 1, selfClosing ? gt - 1 : gt);
      let end = 0;
      while (end < body.length && !WS_CHAR(body.charCodeAt(end))) end++;
      const name = localName(body.slice(0, end));
      if (!name) throw new XmlError('XML could not be read: empty tag name');
      if (top.obj === undefined && top !== root && (top.done !== '' || !WS.test(top.text))) {
        top.text = ''; // mixed content: text dropped
        top.done = '';
      }
      if (selfClosing) attach(top, name, '');
      else {
        const frame: Frame = { name, obj: undefined, text: '', done: '' };
        stack.push(frame);
        top = frame;
      }
      i = gt + 1;
    }
  }
  if (stack.length !== 1) throw new XmlError(`XML could not be read: <${top.name}> is not closed (truncated document)`);
  return root.obj!;
}

function WS_CHAR(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
