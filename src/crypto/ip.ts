/**
 * IP address text ⇄ bytes for the iPAddress SAN: IPv4 (4 bytes) and IPv6 (16 bytes, RFC 5952 output).
 *
 * @module
 */

function parseV4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

function parseV6(s: string): number[] | null {
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string | undefined): number[] | null => {
    if (!h) return [];
    const out: number[] = [];
    const parts = h.split(':');
    for (const [i, p] of parts.entries()) {
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseV4(p);
        if (!v4) return null;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(Number.parseInt(p, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

/**
 * Parses an IPv4 or IPv6 address to its 4 or 16 bytes, or `null` when it is neither.
 *
 * @example
 * ```ts
 * ipToBytes('2001:db8::1')?.length; // 16
 * ```
 */
export function ipToBytes(s: string): Uint8Array | null {
  const v = s.includes(':') ? parseV6(s) : parseV4(s);
  return v ? new Uint8Array(v) : null;
}

/**
 * Formats 4 or 16 bytes as an IP address (IPv6 in RFC 5952 form); other lengths as hex.
 *
 * @example
 * ```ts
 * bytesToIp(new Uint8Array([192, 0, 2, 1])); // '192.0.2.1'
 * ```
 */
export function bytesToIp(b: Uint8Array): string {
  if (b.length === 4) return Array.from(b).join('.');
  if (b.length !== 16) return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push((b[i]! << 8) | b[i + 1]!);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}
