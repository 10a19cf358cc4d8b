/**
 * The PFX structure (RFC 7292): PFX → AuthenticatedSafe → ContentInfo (data or encryptedData) → SafeContents →
 * SafeBags (keyBag, pkcs8ShroudedKeyBag, certBag, nested safeContentsBag). Unencrypted parts are read at once,
 * so that every algorithm that can be seen before decryption is checked before any password work.
 *
 * @module
 */
import { CryptoError } from '../../errors.ts';
import { toHex } from '../bytes.ts';
import { children, type Der, expectTag, octets, oidOf, parseDer, smallInt } from '../der.ts';
import { PKCS_OID } from '../oids.ts';
import { type MacInfo, parseMac } from './mac.ts';
import { type PbeSpec, parsePbe } from './pbe.ts';

/** friendlyName and localKeyId of a bag. */
export interface BagAttributes {
  friendlyName?: string;
  /** Lower-case hex. */
  localKeyId?: string;
}

/** One bag of interest; `plain` says it was stored without any encryption. */
export type Bag =
  | { type: 'key'; pkcs8: Uint8Array; attrs: BagAttributes; plain: boolean }
  | { type: 'shrouded'; spec: PbeSpec; data: Uint8Array; attrs: BagAttributes }
  | { type: 'cert'; der: Uint8Array; attrs: BagAttributes; plain: boolean };

/** One ContentInfo of the AuthenticatedSafe. */
export type Part = { kind: 'plain'; bags: Bag[] } | { kind: 'encrypted'; spec: PbeSpec; data: Uint8Array };

/** A parsed PFX. */
export interface Pfx {
  /** The AuthenticatedSafe DER, which the MAC covers. */
  readonly authSafe: Uint8Array;
  readonly mac: MacInfo | null;
  readonly parts: Part[];
}

const unsupported = (what: string, oid: string): CryptoError =>
  new CryptoError('UNSUPPORTED_ALGORITHM', `unsupported ${what} ${oid}`, { oid });

function bmp(v: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < v.length; i += 2) s += String.fromCharCode((v[i]! << 8) | v[i + 1]!);
  return s.replace(/\0+$/, ''); // Windows includes the NUL terminator
}

function attributes(node: Der | undefined): BagAttributes {
  const out: BagAttributes = {};
  if (!node) return out;
  for (const attr of children(expectTag(node, 0x31, 'bag attributes'))) {
    const [type, values] = children(expectTag(attr, 0x30, 'attribute'));
    const first = children(expectTag(values, 0x31, 'attribute values'))[0];
    const oid = oidOf(type);
    if (oid === PKCS_OID.friendlyName && first?.tag === 0x1e) out.friendlyName = bmp(first.value);
    if (oid === PKCS_OID.localKeyId && first) out.localKeyId = toHex(octets(first));
  }
  return out;
}

/**
 * Reads SafeContents DER into the bags this library uses (CRL and secret bags are skipped).
 *
 * @example
 * ```ts
 * const bags = parseSafeContents(decrypted, false);
 * ```
 */
export function parseSafeContents(der: Uint8Array | Der, plain: boolean): Bag[] {
  const bags: Bag[] = [];
  const safe = der instanceof Uint8Array ? parseDer(der) : der;
  for (const bag of children(expectTag(safe, 0x30, 'SafeContents'))) {
    const [idNode, wrapper, attrNode] = children(expectTag(bag, 0x30, 'SafeBag'));
    const id = oidOf(idNode);
    const value = children(expectTag(wrapper, 0xa0, 'bag value'))[0];
    const attrs = attributes(attrNode);
    if (id === PKCS_OID.keyBag) bags.push({ type: 'key', pkcs8: expectTag(value, 0x30, 'keyBag').raw, attrs, plain });
    else if (id === PKCS_OID.shroudedKeyBag) {
      const [algId, data] = children(expectTag(value, 0x30, 'EncryptedPrivateKeyInfo'));
      bags.push({ type: 'shrouded', spec: parsePbe(algId), data: octets(data), attrs });
    } else if (id === PKCS_OID.certBag) {
      const [certId, certValue] = children(expectTag(value, 0x30, 'CertBag'));
      if (oidOf(certId) !== PKCS_OID.x509Certificate) continue;
      bags.push({ type: 'cert', der: octets(children(expectTag(certValue, 0xa0, 'certValue'))[0]), attrs, plain });
    } else if (id === PKCS_OID.safeContentsBag && value) {
      bags.push(...parseSafeContents(value, plain));
    }
  }
  return bags;
}

function contentOf(info: Der | undefined): { type: string; content: Der | undefined } {
  const [type, wrapper] = children(expectTag(info, 0x30, 'ContentInfo'));
  return { type: oidOf(type), content: wrapper ? children(expectTag(wrapper, 0xa0, 'content'))[0] : undefined };
}

function part(info: Der): Part {
  const { type, content } = contentOf(info);
  if (type === PKCS_OID.data) return { kind: 'plain', bags: parseSafeContents(octets(content), true) };
  if (type !== PKCS_OID.encryptedData) throw unsupported('AuthenticatedSafe content type', type);
  const [, eci] = children(expectTag(content, 0x30, 'EncryptedData'));
  const [, algId, data] = children(expectTag(eci, 0x30, 'EncryptedContentInfo'));
  if (data?.tag !== 0x80 && data?.tag !== 0xa0) throw new CryptoError('MALFORMED', 'encrypted content is missing');
  return { kind: 'encrypted', spec: parsePbe(algId), data: octets(data) };
}

/**
 * Parses a PFX (BER tolerated). Public-key integrity (signedData) and unknown MACs are `UNSUPPORTED_ALGORITHM`.
 *
 * @example
 * ```ts
 * const { authSafe, mac, parts } = parsePfx(bytes);
 * ```
 */
export function parsePfx(bytes: Uint8Array): Pfx {
  const [version, authSafeInfo, macData] = children(parseDer(bytes, 0x30, 'PFX'));
  smallInt(version, 'PFX version');
  const { type, content } = contentOf(authSafeInfo);
  if (type === PKCS_OID.signedData) throw unsupported('public-key integrity mode (signedData)', type);
  if (type !== PKCS_OID.data) throw unsupported('PFX content type', type);
  const authSafe = octets(content);
  const mac = macData ? parseMac(macData) : null;
  const parts = children(parseDer(authSafe, 0x30, 'AuthenticatedSafe')).map(part);
  return { authSafe, mac, parts };
}
