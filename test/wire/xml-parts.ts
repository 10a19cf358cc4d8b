// Cuts a request document the tables built (no comments, CDATA or `>` in attribute values) into the children of
// `<Request>`, so tests can drop, add or reorder elements and put the document back together.

/** The document around `<Request>`'s children, and the children as XML text. */
export interface RequestParts {
  readonly children: readonly string[];
  join(children: readonly string[]): string;
}

/** The top-level elements of `inner`, in order (each with its content). */
export function topElements(inner: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  const tag = /<(\/?)[^>]*?(\/?)>/g;
  for (let m = tag.exec(inner); m; m = tag.exec(inner)) {
    if (m[1]) depth--;
    else if (!m[2]) depth++;
    if (depth === 0) {
      out.push(inner.slice(start, m.index + m[0].length));
      start = m.index + m[0].length;
    }
  }
  return out;
}

/**
 * Splits a request document at `<Request>`.
 *
 * @example
 * ```ts
 * const p = splitRequest(xml);
 * p.join(p.children.slice(0, 1)); // the header alone
 * ```
 */
export function splitRequest(xml: string): RequestParts {
  const open = xml.indexOf('<Request>') + '<Request>'.length;
  const close = xml.lastIndexOf('</Request>');
  const head = xml.slice(0, open);
  const tail = xml.slice(close);
  return { children: topElements(xml.slice(open, close)), join: (children) => head + children.join('') + tail };
}
