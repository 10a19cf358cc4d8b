// Test helper: one comparable view of a certificate or CSR, read by @peculiar/x509 (the referee) and by ours.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { type Certificate, type ParsedCsr, toHex } from '../../../src/crypto/index.ts';
import { DN_OIDS } from '../../../src/crypto/oids.ts';

/** What both readers are compared on. Names are lists of RDNs, each a list of `OID=value`. */
export interface View {
  readonly subject: string[][];
  readonly issuer?: string[][];
  readonly serial?: string;
  readonly notBefore?: number;
  readonly notAfter?: number;
  readonly spki: string;
  /** `type:value` for dns, email, ip, uri and upn names; other types only counted. */
  readonly sans: string[];
  readonly otherSans: number;
  /** `oid critical hex(extnValue)`. */
  readonly extensions: string[];
  readonly eku: string[];
  readonly ca?: boolean;
}

/** @peculiar/x509's short names (x509.es.js `names`) → OIDs; anything else it prints as the OID. */
const X509_NAMES: Readonly<Record<string, string>> = {
  CN: '2.5.4.3',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  C: '2.5.4.6',
  DC: '0.9.2342.19200300.100.1.25',
  E: '1.2.840.113549.1.9.1',
  G: '2.5.4.42',
  I: '2.5.4.43',
  SN: '2.5.4.4',
  T: '2.5.4.12',
};

const hex = (b: ArrayBuffer | Uint8Array): string => toHex(b instanceof Uint8Array ? b : new Uint8Array(b));

/** RDNs from @peculiar/x509's public JSON form (one object per RDN, type → values). */
function refereeName(name: x509.Name): string[][] {
  return name
    .toJSON()
    .map((rdn) =>
      Object.entries(rdn).flatMap(([type, values]) => values.map((v) => `${X509_NAMES[type] ?? type}=${v}`)),
    );
}

const SAN_TYPES: Readonly<Record<string, string>> = { dns: 'dns', email: 'email', ip: 'ip', url: 'uri', upn: 'upn' };

function refereeSans(exts: readonly x509.Extension[]): { sans: string[]; otherSans: number } {
  const ext = exts.find((e) => e.type === '2.5.29.17');
  if (!ext) return { sans: [], otherSans: 0 };
  const names = new x509.SubjectAlternativeNameExtension(ext.rawData).names.toJSON();
  const known = names.filter((n) => SAN_TYPES[n.type]);
  return { sans: known.map((n) => `${SAN_TYPES[n.type]}:${n.value}`), otherSans: names.length - known.length };
}

function refereeCommon(exts: readonly x509.Extension[]) {
  const eku = exts.find((e) => e.type === '2.5.29.37');
  const bc = exts.find((e) => e.type === '2.5.29.19');
  return {
    ...refereeSans(exts),
    extensions: exts.map((e) => `${e.type} ${e.critical} ${hex(e.value)}`),
    eku: eku ? new x509.ExtendedKeyUsageExtension(eku.rawData).usages.map(String) : [],
    ...(bc ? { ca: new x509.BasicConstraintsExtension(bc.rawData).ca } : {}),
  };
}

/**
 * The referee's view of a certificate (DER).
 *
 * @example
 * ```ts
 * expect(oursCert(cert)).toEqual(refereeCert(cert.der));
 * ```
 */
export function refereeCert(der: Uint8Array): View {
  const c = new x509.X509Certificate(der.slice());
  return {
    subject: refereeName(c.subjectName),
    issuer: refereeName(c.issuerName),
    serial: c.serialNumber.toLowerCase(),
    notBefore: c.notBefore.getTime(),
    notAfter: c.notAfter.getTime(),
    spki: hex(c.publicKey.rawData),
    ...refereeCommon(c.extensions),
  };
}

/**
 * The referee's view of a CSR, and whether it says the signature verifies.
 *
 * @example
 * ```ts
 * const { view, verified } = await refereeCsr(csr.der);
 * ```
 */
export async function refereeCsr(der: Uint8Array): Promise<{ view: View; verified: boolean }> {
  const r = new x509.Pkcs10CertificateRequest(der.slice());
  const view = { subject: refereeName(r.subjectName), spki: hex(r.publicKey.rawData), ...refereeCommon(r.extensions) };
  return { view, verified: await r.verify() };
}

const OUR_SAN_TYPES = new Set(['dns', 'email', 'ip', 'uri', 'upn']);

function oursCommon(x: Pick<Certificate, 'sans' | 'extensions'>) {
  const known = x.sans.filter((s) => OUR_SAN_TYPES.has(s.type));
  return {
    sans: known.map((s) => `${s.type}:${s.value}`),
    otherSans: x.sans.length - known.length,
    extensions: x.extensions.map((e) => `${e.oid} ${e.critical} ${hex(e.value)}`),
  };
}

/** Ours has no RDN grouping in its attribute list: one attribute per RDN (flattened for the comparison). */
export const flat = (name: string[][]): string[] => name.flat();

/**
 * Our view of a certificate, names flattened into single-attribute RDNs (ours lists attributes, not RDNs).
 *
 * @example
 * ```ts
 * oursCert(parseCertificate(pem));
 * ```
 */
export function oursCert(c: Certificate): View {
  return {
    subject: c.subjectAttributes.map((a) => [`${a.oid}=${a.value}`]),
    issuer: c.issuerAttributes.map((a) => [`${a.oid}=${a.value}`]),
    serial: c.serialNumber.toLowerCase(),
    notBefore: c.notBefore.getTime(),
    notAfter: c.notAfter.getTime(),
    spki: hex(c.spkiDer),
    ...oursCommon(c),
    eku: [...c.extendedKeyUsageOids],
    ...(c.extensions.some((e) => e.oid === '2.5.29.19') ? { ca: c.isCA } : {}),
  };
}

/**
 * Our view of a CSR.
 *
 * @example
 * ```ts
 * oursCsr(await parseCsr(pem));
 * ```
 */
export function oursCsr(r: ParsedCsr): View {
  const eku = r.extensions.some((e) => e.oid === '2.5.29.37');
  return {
    subject: r.subjectAttributes.map((a) => [`${a.oid}=${a.value}`]),
    spki: hex(r.spkiDer),
    ...oursCommon(r),
    eku: eku ? (r.extendedKeyUsage ?? []).map((u) => EKU_BY_NAME[u] ?? u) : [],
  };
}

const EKU_BY_NAME: Readonly<Record<string, string>> = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
};

/**
 * Splits an RFC 4514-style name string into RDNs of `OID=value` (unescaped), resolving short names through
 * `names`: how a printed name is compared structurally.
 *
 * @example
 * ```ts
 * printedRdns('CN=a\\+b+UID=1, O=x', DN_OIDS); // [['2.5.4.3=a+b', '0.9.2342.19200300.100.1.1=1'], ['2.5.4.10=x']]
 * ```
 */
export function printedRdns(s: string, names: Readonly<Record<string, string>> = DN_OIDS): string[][] {
  const rdns: string[][] = [[]];
  let token = '';
  const push = () => {
    const at = token.indexOf('=');
    const type = token.slice(0, at).trim();
    rdns[rdns.length - 1]!.push(`${names[type] ?? type}=${unescapeValue(token.slice(at + 1))}`);
    token = '';
  };
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\') token += ch + (s[++i] ?? '');
    else if (ch === '+') push();
    else if (ch === ',') {
      push();
      rdns.push([]);
      while (s[i + 1] === ' ') i++;
    } else token += ch;
  }
  if (token) push();
  return rdns;
}

function unescapeValue(v: string): string {
  const bytes: number[] = [];
  const enc = new TextEncoder();
  let i = 0;
  while (i < v.length) {
    if (v[i] === '\\' && /^[0-9A-Fa-f]{2}$/.test(v.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(v.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      const at = v[i] === '\\' ? i + 1 : i;
      const ch = String.fromCodePoint(v.codePointAt(at) ?? 0);
      bytes.push(...enc.encode(ch));
      i = at + ch.length;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

export { X509_NAMES };
