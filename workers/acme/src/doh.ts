/**
 * TXT lookups over DNS over HTTPS (RFC 8484 wire format: `POST application/dns-message`, RFC 1035 messages).
 *
 * @module
 */

/**
 * Encodes a recursive query for `name`'s TXT records (id 0, as RFC 8484 recommends for caching).
 *
 * @example
 * ```ts
 * const body = encodeTxtQuery('_acme-challenge.www.example.com');
 * ```
 */
export function encodeTxtQuery(name: string): Uint8Array<ArrayBuffer> {
  const labels = name.replace(/\.$/, '').split('.');
  const out: number[] = [0, 0, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
  for (const l of labels) {
    const bytes = new TextEncoder().encode(l);
    if (bytes.length === 0 || bytes.length > 63) throw new RangeError(`bad DNS label in ${name}`);
    out.push(bytes.length, ...bytes);
  }
  out.push(0, 0, 16, 0, 1);
  return Uint8Array.from(out);
}

/** Skips a (possibly compressed) name at `at`; returns the offset after it. */
function skipName(m: Uint8Array, at: number): number {
  let i = at;
  for (;;) {
    const len = m[i];
    if (len === undefined) throw new RangeError('truncated DNS name');
    if (len === 0) return i + 1;
    if ((len & 0xc0) === 0xc0) return i + 2;
    i += len + 1;
  }
}

/**
 * Decodes a DNS answer: every TXT record's strings joined (RFC 7208 style), in answer order. A non-zero RCODE
 * (NXDOMAIN…) gives no records.
 *
 * @example
 * ```ts
 * const values = decodeTxtAnswer(new Uint8Array(await res.arrayBuffer()));
 * ```
 */
export function decodeTxtAnswer(m: Uint8Array): string[] {
  if (m.length < 12) throw new RangeError('truncated DNS message');
  const u16 = (i: number): number => ((m[i] ?? 0) << 8) | (m[i + 1] ?? 0);
  if ((u16(2) & 0x000f) !== 0) return [];
  let at = 12;
  for (let q = u16(4); q > 0; q--) at = skipName(m, at) + 4;
  const out: string[] = [];
  for (let a = u16(6); a > 0; a--) {
    at = skipName(m, at);
    const type = u16(at);
    const rdlen = u16(at + 8);
    const rdata = m.subarray(at + 10, at + 10 + rdlen);
    if (rdata.length !== rdlen) throw new RangeError('truncated DNS record');
    at += 10 + rdlen;
    if (type !== 16) continue;
    let s = '';
    for (let i = 0; i < rdata.length; i += 1 + (rdata[i] ?? 0)) {
      s += new TextDecoder().decode(rdata.subarray(i + 1, i + 1 + (rdata[i] ?? 0)));
    }
    out.push(s);
  }
  return out;
}

/**
 * The TXT values of `name` from the resolver at `url`.
 *
 * @example
 * ```ts
 * const txt = await lookupTxt('https://cloudflare-dns.com/dns-query', '_acme-challenge.example.com');
 * ```
 */
export async function lookupTxt(url: string, name: string, signal?: AbortSignal): Promise<string[]> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/dns-message', accept: 'application/dns-message' },
    body: encodeTxtQuery(name),
    ...(signal ? { signal } : {}),
  });
  if (!res.ok) throw new Error(`the resolver answered HTTP ${res.status}`);
  return decodeTxtAnswer(new Uint8Array(await res.arrayBuffer()));
}
