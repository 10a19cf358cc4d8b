// Bounded work for PKCS#12 (issue 18 item 3): maxIterations is a budget for the whole file (MAC under every
// password form, every encrypted part and shrouded key), checked before any password work; long derivations
// yield to the event loop.
import { describe, expect, it } from 'vitest';
import { int, octet, oid, seq, tlv } from '../../../src/crypto/der-writer.ts';
import { createPkcs12, openPkcs12 } from '../../../src/crypto/pkcs12/index.ts';
import { isCryptoError } from '../../../src/errors.ts';
import { makePki, ossl } from './helpers.ts';

const DATA = '1.2.840.113549.1.7.1';
const SHROUDED = '1.2.840.113549.1.12.10.1.2';
const PBE_3DES = '1.2.840.113549.1.12.1.3';
const SHA256 = '2.16.840.1.101.3.4.2.1';
const explicit0 = (b: Uint8Array): Uint8Array => tlv(0xa0, b);

/** A PFX of `bags` shrouded keys (3DES PBES1, `iterations` each) and, optionally, a SHA-256 MAC. */
function pfx(bags: number, iterations: number, macIterations?: number): Uint8Array {
  const bag = seq(
    oid(SHROUDED),
    explicit0(seq(seq(oid(PBE_3DES), seq(octet(new Uint8Array(8)), int(iterations))), octet(new Uint8Array(16)))),
  );
  const authSafe = seq(seq(oid(DATA), explicit0(octet(seq(...Array.from({ length: bags }, () => bag))))));
  const mac =
    macIterations === undefined
      ? []
      : [seq(seq(seq(oid(SHA256)), octet(new Uint8Array(32))), octet(new Uint8Array(8)), int(macIterations))];
  return seq(int(3), seq(oid(DATA), explicit0(octet(authSafe))), ...mac);
}

async function failure(p: Promise<unknown>): Promise<{ reason: string; message: string }> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(isCryptoError(e), String(e)).toBe(true);
  return e as { reason: string; message: string };
}

describe('maxIterations: one budget for the whole file', () => {
  it('the reproduction: 16 bags of 2,000,000 iterations in about 1 KB is refused before any password work', async () => {
    const file = pfx(16, 2_000_000);
    expect(file.length).toBeLessThan(1200);
    const e = await failure(openPkcs12(file, 'pw'));
    expect(e.reason).toBe('ITERATIONS_LIMIT');
    // 16 bags × (key + IV derivation) × 2,000,000
    expect(e.message).toContain('64000000');
  });

  it('the budget sums the MAC under every password form tried and every derivation', async () => {
    // One bag of 1,000 (key + IV = 2,000) and a MAC of 1,000: an ASCII password is one form → 3,000.
    const file = pfx(1, 1000, 1000);
    expect((await failure(openPkcs12(file, 'pw', { maxIterations: 2999 }))).reason).toBe('ITERATIONS_LIMIT');
    expect((await failure(openPkcs12(file, 'pw', { maxIterations: 3000 }))).reason).toBe('BAD_PASSWORD');
    // A non-ASCII password is tried in two forms (UTF-8 and OpenSSL < 1.1's byte-per-character): the MAC twice.
    expect((await failure(openPkcs12(file, 'pässword', { maxIterations: 3999 }))).reason).toBe('ITERATIONS_LIMIT');
    expect((await failure(openPkcs12(file, 'pässword', { maxIterations: 4000 }))).reason).toBe('BAD_PASSWORD');
    // Without a MAC every form may decrypt: '' and null are each retried as the other.
    const noMac = pfx(2, 1000);
    expect((await failure(openPkcs12(noMac, '', { maxIterations: 7999 }))).reason).toBe('ITERATIONS_LIMIT');
  });

  it('many bags within the default budget still open; the default admits 600,000-iteration exports', async () => {
    const o = ossl();
    const pki = makePki(o);
    o.cleanup();
    const certificates = [pki.rsaLeaf, pki.intermediate];
    const file = await createPkcs12({ key: pki.rsaPkcs8, certificates, password: 'pw', iterations: 2048 });
    expect((await openPkcs12(file, 'pw')).keys).toHaveLength(1);
    expect((await failure(openPkcs12(pfx(3, 600_000, 600_000), 'pw'))).reason).toBe('ITERATIONS_LIMIT');
    expect((await failure(openPkcs12(pfx(1, 600_000, 600_000), 'pw'))).reason).toBe('BAD_PASSWORD');
  });
});

describe('long key derivations yield to the event loop', () => {
  it('opening a 200,000-iteration legacy file lets other tasks run many times meanwhile', async () => {
    const o = ossl();
    const pki = makePki(o);
    o.cleanup();
    const file = await createPkcs12({
      key: pki.ecPkcs8,
      certificates: [pki.ecLeaf],
      password: 'pw',
      profile: 'legacy',
      iterations: 200_000,
    });
    let ticks = 0;
    let running = true;
    const spin = (): void => {
      ticks++;
      if (running) setTimeout(spin, 0);
    };
    spin();
    const opened = await openPkcs12(file, 'pw');
    running = false;
    expect(opened.keys[0]!.pkcs8).toEqual(pki.ecPkcs8);
    // MAC + key (key and IV) + certificates (key and IV): 5 derivations of 200,000, a yield every 50,000.
    expect(ticks).toBeGreaterThanOrEqual(10);
  });
});
