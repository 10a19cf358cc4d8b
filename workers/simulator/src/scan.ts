/**
 * Routing a SOAP request to its account without parsing it: a bounded scan for the AuthToken's `UserName` element
 * in the first bytes of the body (GlobalSign's requests carry the AuthToken first). Anything the scan cannot read
 * is left to the full parser of the front's own (empty) simulator, which answers it as the in-process one does.
 *
 * @module
 */

/** How far into the body the scan looks (characters). */
export const SCAN_LIMIT = 16_384;

const USER_NAME = /<(?:[A-Za-z_][\w.-]*:)?UserName(?:\s[^<>]*)?>([^<]{1,256})<\/(?:[A-Za-z_][\w.-]*:)?UserName\s*>/;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(text: string): string | undefined {
  if (/&(?!#x[0-9a-fA-F]{1,6};|#[0-9]{1,7};|[a-z]{2,4};)/.test(text)) return undefined; // a stray '&'
  let bad = false;
  const out = text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (_, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      if (code > 0x10ffff) bad = true;
      return bad ? '' : String.fromCodePoint(code);
    }
    const ch = ENTITIES[ref];
    if (ch === undefined) bad = true;
    return ch ?? '';
  });
  return bad ? undefined : out;
}

/**
 * The AuthToken's user name in a SOAP body, or `undefined` when the first {@link SCAN_LIMIT} characters hold none.
 *
 * @example
 * ```ts
 * scanUserName('<AuthToken><UserName>alice</UserName>…'); // 'alice'
 * ```
 */
export function scanUserName(body: string): string | undefined {
  const match = USER_NAME.exec(body.length > SCAN_LIMIT ? body.slice(0, SCAN_LIMIT) : body);
  const raw = match?.[1];
  return raw ? unescapeXml(raw) : undefined;
}
