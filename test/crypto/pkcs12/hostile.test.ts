// Hostile input: openPkcs12 must fail with a typed error (never hang: vitest's timeout guards; never a RangeError) on truncated
// or mangled DER, absurd lengths, large random blobs and files that declare huge iteration counts.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { int, oid, seq, tlv } from '../../../src/crypto/der-writer.ts';
import { createPkcs12 } from '../../../src/crypto/pkcs12/index.ts';
import { openPkcs12 } from '../../../src/crypto/pkcs12/index.ts';
import { isCryptoError, isValidationError } from '../../../src/errors.ts';
import { makePki, ossl } from './helpers.ts';

const octet = (b: Uint8Array): Uint8Array => tlv(0x04, b);
const explicit0 = (b: Uint8Array): Uint8Array => tlv(0xa0, b);
const DATA = '1.2.840.113549.1.7.1';
const SHA256 = '2.16.840.1.101.3.4.2.1';

/** A PFX with an empty AuthenticatedSafe and a SHA-256 MAC that declares `iterations`. */
function pfxDeclaring(iterations: number): Uint8Array {
  const authSafe = seq();
  const mac = seq(
    seq(seq(oid(SHA256), new Uint8Array([5, 0])), octet(new Uint8Array(32))),
    octet(new Uint8Array(8)),
    int(iterations),
  );
  return seq(int(3), seq(oid(DATA), explicit0(octet(authSafe))), mac);
}

async function reason(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => 'opened',
    (err: unknown) => err,
  );
  if (e === 'opened') return e;
  expect(isCryptoError(e) || isValidationError(e)).toBe(true);
  return (e as { reason?: string; code: string }).reason ?? (e as { code: string }).code;
}

describe('hostile PKCS#12 input', () => {
  it('a file declaring 10,000,000 MAC iterations is refused before any password work', async () => {
    expect(await reason(openPkcs12(pfxDeclaring(10_000_000), 'pw'))).toBe('ITERATIONS_LIMIT');
  });

  it("the cap is the caller's: lowered, it refuses a file; at the file's count it goes on to the MAC check", async () => {
    const file = pfxDeclaring(2048);
    expect(await reason(openPkcs12(file, 'pw', { maxIterations: 1000 }))).toBe('ITERATIONS_LIMIT');
    // With the cap at 2048 the iteration check passes and the (zero) MAC is what fails: a different error.
    expect(await reason(openPkcs12(file, 'pw', { maxIterations: 2048 }))).toBe('BAD_PASSWORD');
    expect(await reason(openPkcs12(file, 'pw', { maxIterations: 0 }))).toBe('VALIDATION');
  });

  it.each([
    ['a length of 2^32-1 bytes', new Uint8Array([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x03])],
    ['a length with 127 length-octets', new Uint8Array([0x30, 0xff, 0x01])],
    ['an indefinite length never closed', new Uint8Array([0x30, 0x80, 0x02, 0x01, 0x03])],
    ['a SET where the PFX SEQUENCE should be', new Uint8Array([0x31, 0x03, 0x02, 0x01, 0x03])],
    ['a nesting 10,000 levels deep', new Uint8Array([...Array(10_000).fill([0x30, 0x80]).flat(), 0, 0])],
    ['1 MB of random bytes', new Uint8Array(randomBytes(1 << 20))],
    [
      '1 MB of random bytes behind a SEQUENCE header',
      new Uint8Array([0x30, 0x83, 0x10, 0x00, 0x00, ...randomBytes(1 << 20)]),
    ],
  ])('%s → MALFORMED', async (_, bytes) => {
    expect(await reason(openPkcs12(bytes, 'pw'))).toBe('MALFORMED');
  });

  it('every truncation of a real file is MALFORMED or BAD_PASSWORD, never an untyped error', async () => {
    const o = ossl();
    const pki = makePki(o);
    o.cleanup();
    const file = await createPkcs12({ key: pki.ecPkcs8, certificates: [pki.ecLeaf], password: 'pw', iterations: 2048 });
    const seen = new Set<string>();
    for (let cut = 0; cut < file.length; cut += 7) seen.add(await reason(openPkcs12(file.subarray(0, cut), 'pw')));
    expect([...seen].every((r) => r === 'MALFORMED' || r === 'BAD_PASSWORD')).toBe(true);
    expect(await reason(openPkcs12(file, 'pw'))).toBe('opened');
  });
});
