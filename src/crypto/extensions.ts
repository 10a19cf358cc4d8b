/**
 * The X.509 extensions this package writes and reads: subjectAltName, keyUsage, extendedKeyUsage,
 * basicConstraints, subject/authority key identifiers.
 *
 * @module
 */
import { ValidationError } from '../errors.ts';
import { fromUtf8, toHex, utf8 } from './bytes.ts';
import {
  children,
  type Der,
  decodeInteger,
  decodeOid,
  decodeString,
  expectTag,
  oid,
  parseDer,
  seq,
  str,
  TAG,
  tlv,
} from './der.ts';
import { bytesToIp, ipToBytes } from './ip.ts';
import { decodeNameAttributes, nameToString } from './name.ts';
import { EKU_NAMES, EKU_OIDS, KEY_USAGE_BITS, type KeyUsageName, UPN_OID } from './oids.ts';

/** A subjectAltName entry. `upn` is the Microsoft UPN otherName; `dn`, `uri` and `other` are read-only in practice. */
export interface SubjectAltName {
  readonly type: 'dns' | 'email' | 'ip' | 'upn' | 'uri' | 'dn' | 'other';
  /** Text form; for `other`, `<oid>:<hex of the value>`. */
  readonly value: string;
}

/**
 * Encodes one Extension.
 *
 * @example
 * ```ts
 * encodeExtension(EXT.KEY_USAGE, true, encodeKeyUsage(['digitalSignature']));
 * ```
 */
export function encodeExtension(extOid: string, critical: boolean, value: Uint8Array): Uint8Array {
  const crit = critical ? [tlv(TAG.BOOLEAN, new Uint8Array([0xff]))] : [];
  return seq(oid(extOid), ...crit, tlv(TAG.OCTET_STRING, value));
}

function encodeGeneralName(san: SubjectAltName, path: string): Uint8Array {
  const value = san.value;
  if (!value) throw new ValidationError(path, 'must not be empty');
  const ascii = (): Uint8Array => {
    if (!/^[\x21-\x7e]+$/.test(value)) throw new ValidationError(path, 'must be ASCII without spaces (IA5String)');
    return utf8(value);
  };
  switch (san.type) {
    case 'email':
      return tlv(0x81, ascii());
    case 'dns':
      return tlv(0x82, ascii());
    case 'uri':
      return tlv(0x86, ascii());
    case 'ip': {
      const bytes = ipToBytes(value);
      if (!bytes) throw new ValidationError(path, 'is not an IPv4 or IPv6 address');
      return tlv(0x87, bytes);
    }
    case 'upn':
      return tlv(0xa0, oid(UPN_OID), tlv(0xa0, str(TAG.UTF8, value)));
    default:
      throw new ValidationError(path, `unsupported SAN type ${san.type}`);
  }
}

/**
 * Encodes a subjectAltName extension value (GeneralNames). UPN becomes otherName 1.3.6.1.4.1.311.20.2.3 with a
 * UTF8String; IP addresses are 4 or 16 bytes.
 *
 * @example
 * ```ts
 * encodeSans([{ type: 'dns', value: 'example.com' }, { type: 'ip', value: '2001:db8::1' }]);
 * ```
 */
export function encodeSans(sans: readonly SubjectAltName[]): Uint8Array {
  return seq(...sans.map((s, i) => encodeGeneralName(s, `sans.${i}.value`)));
}

function decodeGeneralName(g: Der): SubjectAltName | null {
  switch (g.tag) {
    case 0x81:
      return { type: 'email', value: fromUtf8(g.value) };
    case 0x82:
      return { type: 'dns', value: fromUtf8(g.value) };
    case 0x86:
      return { type: 'uri', value: fromUtf8(g.value) };
    case 0x87:
      return { type: 'ip', value: bytesToIp(g.value) };
    case 0xa4:
      return { type: 'dn', value: nameToString(decodeNameAttributes(children(g)[0]!)) };
    case 0xa0: {
      const [typeId, wrapped] = children(g);
      const o = decodeOid(expectTag(typeId, TAG.OID, 'otherName type').value);
      const inner = wrapped ? children(wrapped)[0] : undefined;
      if (o === UPN_OID && inner) return { type: 'upn', value: decodeString(inner) };
      return { type: 'other', value: `${o}:${toHex(inner?.raw ?? new Uint8Array())}` };
    }
    default:
      return null;
  }
}

/**
 * Decodes a subjectAltName extension value. Unsupported GeneralName forms (x400Address, ediPartyName,
 * registeredID) are skipped.
 *
 * @example
 * ```ts
 * decodeSans(extValue); // [{ type: 'dns', value: 'example.com' }]
 * ```
 */
export function decodeSans(value: Uint8Array): SubjectAltName[] {
  return children(expectTag(parseDer(value), TAG.SEQUENCE, 'GeneralNames'))
    .map(decodeGeneralName)
    .filter((s): s is SubjectAltName => s !== null);
}

/**
 * Encodes a keyUsage extension value (a DER BIT STRING with trailing zero bits removed).
 *
 * @example
 * ```ts
 * encodeKeyUsage(['digitalSignature', 'keyEncipherment']);
 * ```
 */
export function encodeKeyUsage(usages: readonly KeyUsageName[]): Uint8Array {
  let bits = 0;
  for (const [i, u] of usages.entries()) {
    const bit = KEY_USAGE_BITS.indexOf(u);
    if (bit < 0) throw new ValidationError(`keyUsage.${i}`, `unknown key usage ${u}`);
    bits |= 1 << (15 - bit);
  }
  if (bits === 0) throw new ValidationError('keyUsage', 'must name at least one usage');
  const bytes = bits & 0xff ? [bits >> 8, bits & 0xff] : [bits >> 8];
  const last = bytes[bytes.length - 1]!;
  const unused = 31 - Math.clz32(last & -last);
  return tlv(TAG.BIT_STRING, new Uint8Array([unused, ...bytes]));
}

/**
 * Decodes a keyUsage extension value to usage names.
 *
 * @example
 * ```ts
 * decodeKeyUsage(extValue); // ['digitalSignature']
 * ```
 */
export function decodeKeyUsage(value: Uint8Array): KeyUsageName[] {
  const bytes = expectTag(parseDer(value), TAG.BIT_STRING, 'keyUsage').value.subarray(1);
  return KEY_USAGE_BITS.filter((_, i) => ((bytes[i >> 3] ?? 0) >> (7 - (i & 7))) & 1);
}

/**
 * Encodes an extendedKeyUsage extension value from friendly names (`serverAuth`, `emailProtection`…) or OIDs.
 *
 * @example
 * ```ts
 * encodeExtendedKeyUsage(['clientAuth', '1.3.6.1.4.1.311.20.2.2']);
 * ```
 */
export function encodeExtendedKeyUsage(usages: readonly string[]): Uint8Array {
  return seq(
    ...usages.map((u, i) => {
      const o = EKU_OIDS[u] ?? u;
      if (!/^\d+(\.\d+)+$/.test(o))
        throw new ValidationError(`extendedKeyUsage.${i}`, `unknown extended key usage ${u}`);
      return oid(o);
    }),
  );
}

/**
 * Decodes an extendedKeyUsage extension value to OIDs.
 *
 * @example
 * ```ts
 * decodeExtendedKeyUsage(extValue); // ['1.3.6.1.5.5.7.3.1']
 * ```
 */
export function decodeExtendedKeyUsage(value: Uint8Array): string[] {
  return children(expectTag(parseDer(value), TAG.SEQUENCE, 'ExtKeyUsageSyntax')).map((o) => decodeOid(o.value));
}

/**
 * The friendly name of an extended key usage OID (`serverAuth`…), or the OID itself when unknown.
 *
 * @example
 * ```ts
 * ekuName('1.3.6.1.5.5.7.3.4'); // 'emailProtection'
 * ```
 */
export function ekuName(o: string): string {
  return EKU_NAMES[o] ?? o;
}

/**
 * Decodes basicConstraints: `{ ca, pathLength? }`.
 *
 * @example
 * ```ts
 * decodeBasicConstraints(extValue).ca; // true
 * ```
 */
export function decodeBasicConstraints(value: Uint8Array): { ca: boolean; pathLength?: number } {
  const parts = children(expectTag(parseDer(value), TAG.SEQUENCE, 'BasicConstraints'));
  const ca = parts[0]?.tag === TAG.BOOLEAN && parts[0].value[0] !== 0;
  const len = parts.find((p) => p.tag === TAG.INTEGER);
  return len ? { ca, pathLength: Number(decodeInteger(len.value)) } : { ca };
}

/**
 * Decodes a subjectKeyIdentifier (hex) or the keyIdentifier of an authorityKeyIdentifier (hex, or undefined).
 *
 * @example
 * ```ts
 * decodeKeyIdentifier(extValue, 'aki');
 * ```
 */
export function decodeKeyIdentifier(value: Uint8Array, kind: 'ski' | 'aki'): string | undefined {
  const d = parseDer(value);
  if (kind === 'ski') return toHex(expectTag(d, TAG.OCTET_STRING, 'subjectKeyIdentifier').value);
  const id = children(expectTag(d, TAG.SEQUENCE, 'authorityKeyIdentifier')).find((c) => c.tag === 0x80);
  return id ? toHex(id.value) : undefined;
}

/** One decoded Extension. */
export interface RawExtension {
  readonly oid: string;
  readonly critical: boolean;
  /** The extnValue content (the DER of the extension's own structure). */
  readonly value: Uint8Array;
}

/**
 * Decodes a SEQUENCE OF Extension.
 *
 * @example
 * ```ts
 * const exts = readExtensions(extensionsNode);
 * ```
 */
export function readExtensions(list: Der): RawExtension[] {
  return children(expectTag(list, TAG.SEQUENCE, 'Extensions')).map((ext) => {
    const parts = children(expectTag(ext, TAG.SEQUENCE, 'Extension'));
    const critical = parts[1]?.tag === TAG.BOOLEAN && parts[1].value[0] !== 0;
    const value = expectTag(parts[parts.length - 1], TAG.OCTET_STRING, 'extnValue').value;
    return { oid: decodeOid(expectTag(parts[0], TAG.OID, 'extnID').value), critical, value };
  });
}
