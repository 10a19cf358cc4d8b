/**
 * Opening PKCS#12 (.p12/.pfx) files: modern (PBES2/AES) and legacy (3DES, RC2) ones, with or without a MAC,
 * with Unicode, empty and Windows "null" passwords.
 *
 * @module
 */
import { CryptoError, ValidationError } from '../../errors.ts';
import { fromBase64, toBytes, utf8 } from '../bytes.ts';
import { asCryptoError } from '../guard.ts';
import { canonicalPkcs8 } from './keyinfo.ts';
import type { BagAttributes } from './parse.ts';
import { type Bag, type Pfx, parsePfx, parseSafeContents } from './parse.ts';
import { type PbeSpec, pbeDecrypt } from './pbe.ts';
import { type MacInfo, verifyMac } from './mac.ts';
import { type Found, pairKeys } from './pair.ts';
import type { OpenPkcs12Options, Pkcs12Contents } from './types.ts';

function input(data: Uint8Array | ArrayBuffer | string): Uint8Array {
  if (typeof data === 'string') return fromBase64(data.replace(/-----[^-\r\n]*-----/g, ''));
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return new Uint8Array(toBytes(data));
  throw new ValidationError('data', 'must be bytes, an ArrayBuffer or base64 text');
}

/** Default of {@link OpenPkcs12Options.maxIterations}: enough for the 600,000-iteration files real tools write. */
const DEFAULT_MAX_ITERATIONS = 3_000_000;

/** Key derivations of one decryption: PBES1 derives a key and an IV, PBES2 one key. */
const derivations = (spec: PbeSpec): number => (spec.kind === 'pkcs12' ? 2 : 1) * spec.iterations;

/**
 * The iterations opening can cost at worst: the MAC under each password form, then the decryption of every
 * encrypted part and shrouded key, once (the MAC picks the password) or under each form (no MAC).
 */
function worstCase(pfx: Pfx, forms: number): number {
  let decrypt = 0;
  for (const part of pfx.parts) {
    if (part.kind === 'encrypted') decrypt += derivations(part.spec);
    for (const bag of part.kind === 'plain' ? part.bags : [])
      if (bag.type === 'shrouded') decrypt += derivations(bag.spec);
  }
  return pfx.mac ? pfx.mac.iterations * forms + decrypt : decrypt * forms;
}

/** Refuses, before any password work, a file whose worst case exceeds the budget. */
function checkIterations(pfx: Pfx, forms: number, max: number): void {
  if (!Number.isSafeInteger(max) || max < 1) throw new ValidationError('maxIterations', 'must be a positive integer');
  const total = worstCase(pfx, forms);
  if (total > max) {
    throw new CryptoError(
      'ITERATIONS_LIMIT',
      `opening the file may take ${total} key-derivation iterations in total, above maxIterations (${max}); raise options.maxIterations to open it`,
    );
  }
}

/** The password forms to try, most likely first. */
function candidates(password: string | null): (string | null)[] {
  if (password === null) return [null, ''];
  if (password === '') return ['', null];
  const bytes = utf8(password);
  // OpenSSL before 1.1.0 encoded each UTF-8 byte of a non-ASCII password as one BMP character.
  return bytes.length === password.length ? [password] : [password, String.fromCharCode(...bytes)];
}

/** Runs a parse step; DER errors get the PKCS#12 context, anything untyped becomes `MALFORMED`. */
function malformedWrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const err = asCryptoError(e, 'PKCS#12');
    const der = err.message.startsWith('malformed DER: ');
    throw der ? new CryptoError('MALFORMED', err.message.replace('DER', 'PKCS#12'), { cause: e }) : err;
  }
}

/** After decryption, unreadable content means a wrong password, unless the MAC already proved the password. */
function afterDecrypt<T>(fn: () => T, macChecked: boolean): T {
  try {
    return malformedWrap(fn);
  } catch (e) {
    if (e instanceof CryptoError && e.reason === 'MALFORMED' && !macChecked) {
      throw new CryptoError('BAD_PASSWORD', 'decryption failed: wrong password', { cause: e });
    }
    throw e;
  }
}

/** A bag after decryption; `scheme` is the encryption it was met under (`none` for plain bags). */
type Opened =
  | { kind: 'cert'; der: Uint8Array; attrs: BagAttributes; scheme?: string }
  | { kind: 'key'; pkcs8: Uint8Array; attrs: BagAttributes; scheme?: string };

/** Opens the bags of one safe; shrouded keys decrypt concurrently (PBKDF2 runs on the provider's threads). */
function openBags(bags: Bag[], password: string | null, crypto: Crypto, macChecked: boolean): Promise<Opened[]> {
  return Promise.all(
    bags.map(async (bag): Promise<Opened> => {
      if (bag.type === 'cert')
        return { kind: 'cert', der: bag.der.slice(), attrs: bag.attrs, ...plainScheme(bag.plain) };
      if (bag.type === 'key') {
        return { kind: 'key', pkcs8: canonicalPkcs8(bag.pkcs8), attrs: bag.attrs, ...plainScheme(bag.plain) };
      }
      const der = await pbeDecrypt(bag.spec, password, bag.data, crypto);
      const pkcs8 = afterDecrypt(() => canonicalPkcs8(der), macChecked);
      return { kind: 'key', pkcs8, attrs: bag.attrs, scheme: bag.spec.name };
    }),
  );
}

const plainScheme = (plain: boolean): { scheme?: string } => (plain ? { scheme: 'none' } : {});

async function decryptAll(
  parts: Pfx['parts'],
  password: string | null,
  crypto: Crypto,
  macChecked: boolean,
): Promise<Found> {
  const groups = await Promise.all(
    parts.map(async (part): Promise<{ items: Opened[]; name?: string }> => {
      if (part.kind === 'plain') return { items: await openBags(part.bags, password, crypto, macChecked) };
      const plain = await pbeDecrypt(part.spec, password, part.data, crypto);
      const bags = afterDecrypt(() => parseSafeContents(plain, false), macChecked);
      return { items: await openBags(bags, password, crypto, macChecked), name: part.spec.name };
    }),
  );
  const found: Found = { keys: [], certs: [], encryption: [] };
  const met = (name: string | undefined): void => {
    if (name && !found.encryption.includes(name)) found.encryption.push(name);
  };
  for (const group of groups) {
    if (group.items.length) met(group.name);
    for (const item of group.items) {
      met(item.scheme);
      if (item.kind === 'cert') found.certs.push({ der: item.der, attrs: item.attrs });
      else found.keys.push({ pkcs8: item.pkcs8, attrs: item.attrs });
    }
  }
  return found;
}

function contents(found: Found, pfx: Pfx, crypto: Crypto): Pkcs12Contents {
  const mac = pfx.mac ? { algorithm: pfx.mac.hash, iterations: pfx.mac.iterations } : null;
  return { ...pairKeys(found, crypto), mac, encryption: found.encryption };
}

/** True when every encrypted part and shrouded key uses PBES2, whose PBKDF2 runs off the main thread. */
function allPbes2(pfx: Pfx): boolean {
  return pfx.parts.every((part) =>
    part.kind === 'encrypted'
      ? part.spec.kind === 'pbes2'
      : part.bags.every((b) => b.type !== 'shrouded' || b.spec.kind === 'pbes2'),
  );
}

/**
 * Opens a PKCS#12 file and returns its keys (PKCS#8) and certificates (DER), each key paired with its
 * certificate.
 *
 * `password`: a string (Unicode allowed), `''`, or `null` for the Windows "no password" form; `''` and `null`
 * are each retried as the other. Errors are `CryptoError`s: `BAD_PASSWORD` (MAC mismatch or undecryptable
 * content), `MALFORMED` (not a PFX, truncated), `UNSUPPORTED_ALGORITHM` (e.g. PBMAC1, with `oid`).
 *
 * @example
 * ```ts
 * const { keys, certificates } = await openPkcs12(bytes, 'secret');
 * const key = await keys[0]!.importKey();
 * ```
 */
export async function openPkcs12(
  data: Uint8Array | ArrayBuffer | string,
  password: string | null,
  options: OpenPkcs12Options = {},
): Promise<Pkcs12Contents> {
  if (password !== null && typeof password !== 'string')
    throw new ValidationError('password', 'must be a string or null');
  const crypto = options.crypto ?? globalThis.crypto;
  const bytes = malformedWrap(() => input(data));
  const pfx = malformedWrap(() => parsePfx(bytes));
  let tries = candidates(password);
  checkIterations(pfx, tries.length, options.maxIterations ?? DEFAULT_MAX_ITERATIONS);
  try {
    if (pfx.mac) {
      // PBES2 decryption runs on the provider (native threads in most runtimes): with one password form, start it
      // while the MAC, pure JS, is checked here. Its result is used only once the MAC has proved the password.
      const early = tries.length === 1 && allPbes2(pfx) ? decryptAll(pfx.parts, tries[0]!, crypto, true) : undefined;
      early?.catch(() => undefined);
      const i = await macPassword(pfx.mac, pfx.authSafe, tries);
      tries = [tries[i]!];
      if (early) return contents(await early, pfx, crypto);
    }
    return await decryptWithFirst(pfx, tries, crypto);
  } catch (e) {
    throw asCryptoError(e, 'PKCS#12');
  }
}

/** The index of the password form the MAC accepts; `BAD_PASSWORD` when none does. */
async function macPassword(mac: MacInfo, authSafe: Uint8Array, tries: (string | null)[]): Promise<number> {
  for (let i = 0; i < tries.length; i++) if (await verifyMac(mac, authSafe, tries[i]!)) return i;
  throw new CryptoError('BAD_PASSWORD', 'MAC verification failed: wrong password or altered file');
}

async function decryptWithFirst(pfx: Pfx, tries: (string | null)[], crypto: Crypto): Promise<Pkcs12Contents> {
  let failure: unknown;
  for (const p of tries) {
    try {
      return contents(await decryptAll(pfx.parts, p, crypto, pfx.mac !== null), pfx, crypto);
    } catch (e) {
      if (!(e instanceof CryptoError) || e.reason !== 'BAD_PASSWORD') throw e;
      failure = e;
    }
  }
  throw failure;
}
