/**
 * The PFX structure (RFC 7292): PFX → AuthenticatedSafe → ContentInfo (data or encryptedData) → SafeContents →
 * SafeBags (keyBag, pkcs8ShroudedKeyBag, certBag, nested safeContentsBag). Unencrypted parts are read at once,
 * so that every algorithm that can be seen before decryption is checked before any password work.
 *
 * @module
 */
import { CryptoError } from '../../errors.ts';
import { toHex } from '../bytes.ts';
import { expect, intOf, kids, type Node, octets, oidOf, parse } from './asn1.ts';
import { type MacInfo, parseMac } from './mac.ts';
import { OID } from './oids.ts';
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

function attributes(node: Node | undefined): BagAttributes {
  const out: BagAttributes = {};
  if (!node) return out;
  for (const attr of kids(expect(node, 0x31, 'bag attributes'))) {
    const [type, values] = kids(expect(attr, 0x30, 'attribute'));
    const first = kids(expect(values, 0x31, 'attribute values'))[0];
    const oid = oidOf(type);
    if (oid === OID.friendlyName && first?.tag === 0x1e) out.friendlyName = bmp(first.value);
    if (oid === OID.localKeyId && first) out.localKeyId = toHex(octets(first));
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
export function parseSafeContents(der: Uint8Array, plain: boolean): Bag[] {
  const bags: Bag[] = [];
  for (const bag of kids(parse(der, 0x30, 'SafeContents'))) {
    const [idNode, wrapper, attrNode] = kids(expect(bag, 0x30, 'SafeBag'));
    const id = oidOf(idNode);
    const value = kids(expect(wrapper, 0xa0, 'bag value'))[0];
    const attrs = attributes(attrNode);
    if (id === OID.keyBag) bags.push({ type: 'key', pkcs8: expect(value, 0x30, 'keyBag').raw, attrs, plain });
    else if (id === OID.shroudedKeyBag) {
      const [algId, data] = kids(expect(value, 0x30, 'EncryptedPrivateKeyInfo'));
      bags.push({ type: 'shrouded', spec: parsePbe(algId), data: octets(data), attrs });
    } else if (id === OID.certBag) {
      const [certId, certValue] = kids(expect(value, 0x30, 'CertBag'));
      if (oidOf(certId) !== OID.x509Certificate) continue;
      bags.push({ type: 'cert', der: octets(kids(expect(certValue, 0xa0, 'certValue'))[0]), attrs, plain });
    } else if (id === OID.safeContentsBag && value) {
      bags.push(...parseSafeContents(value.raw, plain));
    }
  }
  return bags;
}

function contentOf(info: Node | undefined): { type: string; content: Node | undefined } {
  const [type, wrapper] = kids(expect(info, 0x30, 'ContentInfo'));
  return { type: oidOf(type), content: wrapper ? kids(expect(wrapper, 0xa0, 'content'))[0] : undefined };
}

function part(info: Node): Part {
  const { type, content } = contentOf(info);
  if (type === OID.data) return { kind: 'plain', bags: parseSafeContents(octets(content), true) };
  if (type !== OID.encryptedData) throw unsupported('AuthenticatedSafe content type', type);
  const [, eci] = kids(expect(content, 0x30, 'EncryptedData'));
  const [, algId, data] = kids(expect(eci, 0x30, 'EncryptedContentInfo'));
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
  const [version, authSafeInfo, macData] = kids(parse(bytes, 0x30, 'PFX'));
  intOf(version, 'PFX version');
  const { type, content } = contentOf(authSafeInfo);
  if (type === OID.signedData) throw unsupported('public-key integrity mode (signedData)', type);
  if (type !== OID.data) throw unsupported('PFX content type', type);
  const authSafe = octets(content);
  const mac = macData ? parseMac(macData) : null;
  const parts = kids(parse(authSafe, 0x30, 'AuthenticatedSafe')).map(part);
  return { authSafe, mac, parts };
}
