/**
 * Relations between certificates and keys: ordering a chain, matching a certificate with its key.
 *
 * @module
 */
import { bytesEqual } from './bytes.ts';
import { type Certificate, namesEqual, parseCertificate } from './certificate.ts';
import { children, parseDer } from './der.ts';
import { parsing } from './guard.ts';
import { importPrivateKey, publicKeySpki } from './keys.ts';
import { type CryptoInput, decodeInput } from './pem.ts';
import { signingAlgorithmFor, signTbs, verifyTbs } from './spki.ts';

/** True when `issuer` could have issued `cert`: names match and, when both are present, AKI equals SKI. */
function issued(issuer: Certificate, cert: Certificate): boolean {
  if (!namesEqual(issuer.subjectDer, cert.issuerDer)) return false;
  const aki = cert.authorityKeyIdentifier;
  const ski = issuer.subjectKeyIdentifier;
  return !aki || !ski || aki === ski;
}

function isRoot(c: Certificate): boolean {
  return c.isSelfIssued && (!c.authorityKeyIdentifier || c.authorityKeyIdentifier === c.subjectKeyIdentifier);
}

function walk(start: Certificate, pool: readonly Certificate[]): Certificate[] {
  const chain = [start];
  for (let cur = start; !isRoot(cur); ) {
    const next = pool.find((c) => !chain.includes(c) && issued(c, cur));
    if (!next) break;
    chain.push(next);
    cur = next;
  }
  return chain;
}

/**
 * Orders certificates leaf first, then each issuer, the root last when present. Certificates unrelated to the
 * chosen chain are left out, duplicates dropped. The leaf is a certificate that issued none of the others,
 * preferring non-CA certificates, then the longest chain.
 *
 * @example
 * ```ts
 * const [leaf, ...issuers] = orderChain(parseCertificates(bundle));
 * ```
 */
export function orderChain(certs: readonly (Certificate | CryptoInput)[]): Certificate[] {
  const pool: Certificate[] = [];
  for (const c of certs.map((x) => parseCertificate(x))) {
    if (!pool.some((p) => bytesEqual(p.der, c.der))) pool.push(c);
  }
  const leaves = pool.filter((c) => !pool.some((o) => o !== c && !isRoot(o) && issued(c, o)));
  const candidates = leaves.length ? leaves : pool;
  let best: Certificate[] = [];
  for (const leaf of candidates) {
    const chain = walk(leaf, pool);
    const better =
      !best.length || (best[0]!.isCA && !leaf.isCA) || (best[0]!.isCA === leaf.isCA && chain.length > best.length);
    if (better) best = chain;
  }
  return best;
}

/** A key given to {@link certificateMatchesKey}. */
export type KeyLike = CryptoKey | { readonly publicKey: CryptoKey } | CryptoInput;

async function spkiOf(key: Exclude<KeyLike, CryptoKey>, crypto: Crypto): Promise<Uint8Array> {
  if (typeof key === 'object' && 'publicKey' in key) return publicKeySpki(key.publicKey, crypto);
  if (typeof key === 'string' && key.includes('-----BEGIN PUBLIC KEY')) return decodeInput(key, ['PUBLIC KEY']);
  if (typeof key !== 'string') {
    const der = parsing('key', () => decodeInput(key));
    // SubjectPublicKeyInfo starts with SEQUENCE { AlgorithmIdentifier }, PKCS#8 with INTEGER version.
    if (parsing('key', () => children(parseDer(der))[0]?.tag) === 0x30) return der;
  }
  return publicKeySpki(await importPrivateKey(key, { extractable: true, crypto }), crypto);
}

/**
 * Whether a certificate's public key belongs to a key: a CryptoKey (public, or private — a non-extractable
 * private key is checked by signing a challenge), a `{ publicKey }` pair, PKCS#8 or SPKI (PEM or DER).
 *
 * @example
 * ```ts
 * if (!(await certificateMatchesKey(cert, keys))) throw new Error('wrong certificate');
 * ```
 */
export async function certificateMatchesKey(
  cert: Certificate | CryptoInput,
  key: KeyLike,
  options: { crypto?: Crypto } = {},
): Promise<boolean> {
  const crypto = options.crypto ?? globalThis.crypto;
  const c = parseCertificate(cert);
  if (isCryptoKey(key) && key.type === 'private' && !key.extractable) {
    const challenge = crypto.getRandomValues(new Uint8Array(32));
    try {
      const sig = await signTbs(key, challenge, crypto);
      return (await verifyTbs(c.spkiDer, signingAlgorithmFor(key).oid, challenge, sig, crypto)) === true;
    } catch {
      return false;
    }
  }
  const spki = isCryptoKey(key) ? await publicKeySpki(key, crypto) : await spkiOf(key, crypto);
  return bytesEqual(spki, c.spkiDer);
}

function isCryptoKey(k: unknown): k is CryptoKey {
  return typeof k === 'object' && k !== null && 'type' in k && 'algorithm' in k && 'usages' in k;
}
