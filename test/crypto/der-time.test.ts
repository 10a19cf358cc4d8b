// Strict RFC 5280 times (issue 18 item 2), with node:crypto's X509Certificate (OpenSSL) as referee: each time
// variant is put in a real certificate's notBefore; we must accept exactly what OpenSSL accepts, with the same
// instant, except the forms RFC 5280 forbids in certificates that OpenSSL's lenient reader still takes (missing
// seconds, offsets other than Z, fractional seconds), which we refuse on purpose.
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate } from '../../src/crypto/certificate.ts';
import { children, parseDer, seq, TAG, tlv } from '../../src/crypto/der.ts';
import { isCryptoError } from '../../src/errors.ts';
import { type OpenSsl, openssl } from './openssl.ts';
import { makePki } from './pki.ts';

let o: OpenSsl;
let leaf: Uint8Array;
beforeAll(() => {
  o = openssl();
  leaf = parseCertificate(makePki(o).leaf).der;
});
afterAll(() => o.cleanup());

const U = TAG.UTC_TIME;
const G = TAG.GENERALIZED_TIME;
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The leaf with notBefore replaced by `tag` + `value`. */
function withNotBefore(tag: number, value: string): Uint8Array {
  const [tbs, alg, sig] = children(parseDer(leaf));
  const parts = children(tbs!);
  const validity = seq(tlv(tag, text(value)), tlv(U, text('491231235959Z')));
  return seq(seq(...parts.map((p, i) => (i === 4 ? validity : p.raw))), alg!.raw, sig!.raw);
}

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/** OpenSSL's verdict: the instant it reads (ms since the epoch), or null when it refuses. */
function referee(der: Uint8Array): number | null {
  let printed: string;
  try {
    printed = new X509Certificate(der).validFrom;
  } catch {
    return null;
  }
  const m = /^(\w{3}) +(\d+) (\d\d):(\d\d):(\d\d)(\.\d+)? (\d+) GMT$/.exec(printed);
  if (!m) return null; // 'Bad time value'
  const d = new Date(0);
  d.setUTCFullYear(Number(m[7]), MONTHS.indexOf(m[1]!), Number(m[2]));
  d.setUTCHours(Number(m[3]), Number(m[4]), Number(m[5]), Math.round(Number(m[6] ?? 0) * 1000));
  return d.getTime();
}

function ours(der: Uint8Array): number | null {
  try {
    return parseCertificate(der).notBefore.getTime();
  } catch (e) {
    expect(isCryptoError(e) && e.reason).toBe('MALFORMED');
    return null;
  }
}

// [tag, value, RFC 5280 form that OpenSSL's lenient reader accepts and we refuse]
const TABLE: [number, string, boolean?][] = [
  [U, '250101000000Z'],
  [U, '491231235959Z'],
  [U, '500101000000Z'],
  [U, '991231235959Z'],
  [U, '000101000000Z'],
  [U, '240229120000Z'],
  [U, '250229120000Z'],
  [U, '250431000000Z'],
  [U, '250430235959Z'],
  [U, '251301000000Z'],
  [U, '250001000000Z'],
  [U, '250100000000Z'],
  [U, '250132000000Z'],
  [U, '250101240000Z'],
  [U, '250101236000Z'],
  [U, '250101235960Z'],
  [U, '20250101000000Z'],
  [U, '2501010000000Z'],
  [U, '25010100000Z'],
  [U, '250101000000z'],
  [U, '250101000000'],
  [U, '25O101000000Z'],
  [U, '2501010000Z', true],
  [U, '250101000000+0100', true],
  [U, '250101000000-0130', true],
  [G, '20250101000000Z'],
  [G, '19500101000000Z'],
  [G, '20500101000000Z'],
  [G, '99991231235959Z'],
  [G, '00000101000000Z'],
  [G, '20000229000000Z'],
  [G, '19000229000000Z'],
  [G, '21000229000000Z'],
  [G, '24000229235959Z'],
  [G, '20251131000000Z'],
  [G, '20250101000060Z'],
  [G, '2025010100000Z'],
  [G, '250101000000Z'],
  [G, '20250101000000.Z'],
  [G, '202501010000Z', true],
  [G, '20250101000000.5Z', true],
  [G, '20250101000000+0000', true],
  [TAG.INTEGER, '250101000000Z'],
  [TAG.PRINTABLE, '250101000000Z'],
  [TAG.UTF8, '20250101000000Z'],
];

describe('certificate times, strictly (RFC 5280 4.1.2.5), refereed by OpenSSL', () => {
  const NAMES: Record<number, string> = { [U]: 'UTCTime', [G]: 'GeneralizedTime', [TAG.INTEGER]: 'INTEGER' };
  const rows = TABLE.map(([tag, value, lenient]) => [NAMES[tag] ?? `tag ${tag}`, value, tag, lenient] as const);
  it.each(rows)('%s %s', (_, value, tag, lenientOnly) => {
    const der = withNotBefore(tag, value);
    const theirs = referee(der);
    if (lenientOnly) {
      expect(theirs).not.toBeNull();
      expect(ours(der)).toBeNull();
    } else {
      expect(ours(der)).toBe(theirs);
    }
  });

  it('the table covers both verdicts', () => {
    const verdicts = TABLE.filter(([, , l]) => !l).map(([t, v]) => referee(withNotBefore(t, v)) === null);
    expect(verdicts.filter(Boolean).length).toBeGreaterThan(10);
    expect(verdicts.filter((x) => !x).length).toBeGreaterThan(10);
  });
});
