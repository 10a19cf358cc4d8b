/**
 * The simulator's local certification authority: a root and an issuing intermediate for RSA and for ECDSA, made at
 * start (keys cached per process, so many simulators are cheap) or loaded from PEM, issuing real X.509 certificates
 * from submitted public keys with the S/MIME or TLS profile. Built on the crypto module's DER writer; WebCrypto only.
 *
 * @module
 */
import { toBytes, toHex } from '../crypto/bytes.ts';
import { type Certificate, parseCertificate } from '../crypto/certificate.ts';
import { bitString, int, seq, TAG, tlv } from '../crypto/der-writer.ts';
import {
  encodeExtendedKeyUsage,
  encodeExtension,
  encodeKeyUsage,
  encodeSans,
  type SubjectAltName,
} from '../crypto/extensions.ts';
import { generateKeyPair, importPrivateKey, type KeyPairInfo } from '../crypto/keys.ts';
import { encodeName, type SubjectInput } from '../crypto/name.ts';
import { EXT, type KeyUsageName } from '../crypto/oids.ts';
import { toPem } from '../crypto/pem.ts';
import { signingAlgorithmFor, signTbs } from '../crypto/spki.ts';

/** What a leaf certificate is for. */
export type IssueProfile = 'smime' | 'tls';

/** One CA certificate with its private key. */
export interface CaKey {
  readonly certificate: Certificate;
  readonly privateKey: CryptoKey;
}

/** The CA hierarchy: one root and one intermediate per key family. */
export interface LocalCa {
  readonly rsa: { readonly root: CaKey; readonly intermediate: CaKey };
  readonly ec: { readonly root: CaKey; readonly intermediate: CaKey };
  /** Issues a leaf for a subject public key (SPKI DER). The issuer family follows the subject key's family. */
  issue(request: IssueRequest): Promise<Certificate>;
  /** Intermediate then root, for the family that issued `leaf`. */
  chainFor(leaf: Certificate): Certificate[];
}

/** A leaf to issue. */
export interface IssueRequest {
  readonly profile: IssueProfile;
  readonly spki: Uint8Array;
  readonly subject: SubjectInput;
  readonly sans: readonly SubjectAltName[];
  readonly notBefore: Date;
  readonly days: number;
  /** Extra EKUs (names or OIDs) on top of the profile's. */
  readonly extraEku?: readonly string[];
}

/** PEM of the four CA certificates and PKCS#8 keys, to give a simulator a fixed CA across restarts. */
export interface CaMaterial {
  readonly rsaRootCert: string;
  readonly rsaRootKey: string;
  readonly rsaIntermediateCert: string;
  readonly rsaIntermediateKey: string;
  readonly ecRootCert: string;
  readonly ecRootKey: string;
  readonly ecIntermediateCert: string;
  readonly ecIntermediateKey: string;
}

const DAY = 86_400_000;

function time(d: Date): Uint8Array {
  const iso = d.toISOString();
  const y = d.getUTCFullYear();
  const compact = iso.replace(/[-:T]/g, '').slice(0, 14);
  // RFC 5280: UTCTime through 2049, GeneralizedTime from 2050.
  return y < 2050
    ? tlv(TAG.UTC_TIME, new TextEncoder().encode(`${compact.slice(2)}Z`))
    : tlv(TAG.GENERALIZED_TIME, new TextEncoder().encode(`${compact}Z`));
}

async function keyId(spki: Uint8Array, crypto: Crypto): Promise<Uint8Array> {
  // RFC 5280 method 1 over the whole SPKI (simple and unique enough for a simulator).
  return toBytes(await crypto.subtle.digest('SHA-1', spki as Uint8Array<ArrayBuffer>));
}

function randomSerial(crypto: Crypto): bigint {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[0] = (b[0]! & 0x7f) | 0x01; // positive, 16 bytes
  return BigInt(`0x${toHex(b)}`);
}

interface TbsInput {
  readonly issuerName: Uint8Array;
  readonly issuerSpki: Uint8Array;
  readonly signer: CryptoKey;
  readonly subjectName: Uint8Array;
  readonly spki: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly extensions: Uint8Array[];
}

async function sign(t: TbsInput, crypto: Crypto): Promise<Certificate> {
  const alg = signingAlgorithmFor(t.signer).algorithmIdentifier;
  const ski = await keyId(t.spki, crypto);
  const aki = await keyId(t.issuerSpki, crypto);
  const exts = [
    ...t.extensions,
    encodeExtension(EXT.SUBJECT_KEY_ID, false, tlv(TAG.OCTET_STRING, ski)),
    encodeExtension(EXT.AUTHORITY_KEY_ID, false, seq(tlv(0x80, aki))),
  ];
  const tbs = seq(
    tlv(0xa0, int(2)),
    int(randomSerial(crypto)),
    alg,
    t.issuerName,
    seq(time(t.notBefore), time(t.notAfter)),
    t.subjectName,
    t.spki,
    tlv(0xa3, seq(...exts)),
  );
  const signature = await signTbs(t.signer, tbs, crypto);
  return parseCertificate(seq(tbs, alg, bitString(signature)));
}

const caExtensions = (pathLen?: number): Uint8Array[] => [
  encodeExtension(
    EXT.BASIC_CONSTRAINTS,
    true,
    seq(tlv(TAG.BOOLEAN, new Uint8Array([0xff])), ...(pathLen === undefined ? [] : [int(pathLen)])),
  ),
  encodeExtension(EXT.KEY_USAGE, true, encodeKeyUsage(['keyCertSign', 'cRLSign'])),
];

async function makeFamily(
  family: 'RSA' | 'EC',
  now: Date,
  crypto: Crypto,
): Promise<{ root: CaKey; intermediate: CaKey }> {
  const alg = family === 'RSA' ? 'RSA-2048' : 'P-256';
  const [rootKeys, intKeys] = await Promise.all([
    generateKeyPair(alg, { extractable: true, crypto }),
    generateKeyPair(alg, { extractable: true, crypto }),
  ]);
  const spkiOf = async (k: KeyPairInfo): Promise<Uint8Array> =>
    toBytes(await crypto.subtle.exportKey('spki', k.publicKey));
  const rootSpki = await spkiOf(rootKeys);
  const rootName = encodeName({ C: 'BE', O: 'globalsign-kit simulator', CN: `Simulator Root CA ${family}` });
  const notBefore = new Date(now.getTime() - DAY);
  const root = await sign(
    {
      issuerName: rootName,
      issuerSpki: rootSpki,
      signer: rootKeys.privateKey,
      subjectName: rootName,
      spki: rootSpki,
      notBefore,
      notAfter: new Date(now.getTime() + 20 * 365 * DAY),
      extensions: caExtensions(),
    },
    crypto,
  );
  const intName = encodeName({ C: 'BE', O: 'globalsign-kit simulator', CN: `Simulator Issuing CA ${family}` });
  const intermediate = await sign(
    {
      issuerName: rootName,
      issuerSpki: rootSpki,
      signer: rootKeys.privateKey,
      subjectName: intName,
      spki: await spkiOf(intKeys),
      notBefore,
      notAfter: new Date(now.getTime() + 10 * 365 * DAY),
      extensions: caExtensions(0),
    },
    crypto,
  );
  return {
    root: { certificate: root, privateKey: rootKeys.privateKey },
    intermediate: { certificate: intermediate, privateKey: intKeys.privateKey },
  };
}

function leafExtensions(r: IssueRequest, family: 'RSA' | 'EC'): Uint8Array[] {
  const ku: KeyUsageName[] =
    family === 'RSA'
      ? ['digitalSignature', 'keyEncipherment']
      : r.profile === 'smime'
        ? ['digitalSignature', 'keyAgreement']
        : ['digitalSignature'];
  const eku = r.profile === 'smime' ? ['emailProtection', 'clientAuth'] : ['serverAuth', 'clientAuth'];
  const exts = [
    encodeExtension(EXT.BASIC_CONSTRAINTS, true, seq()),
    encodeExtension(EXT.KEY_USAGE, true, encodeKeyUsage(ku)),
    encodeExtension(EXT.EXT_KEY_USAGE, false, encodeExtendedKeyUsage([...eku, ...(r.extraEku ?? [])])),
  ];
  // RFC 5280: with an empty subject the SAN extension is critical.
  if (r.sans.length) exts.push(encodeExtension(EXT.SAN, Object.keys(r.subject).length === 0, encodeSans(r.sans)));
  return exts;
}

/** RSA or EC, from the SPKI's algorithm OID. */
function familyOf(spki: Uint8Array): 'RSA' | 'EC' {
  const hex = toHex(spki);
  if (hex.includes('2a864886f70d010101')) return 'RSA';
  if (hex.includes('2a8648ce3d0201')) return 'EC';
  throw new RangeError('unsupported subject key algorithm');
}

function build(rsa: LocalCa['rsa'], ec: LocalCa['ec'], crypto: Crypto): LocalCa {
  const families = { RSA: rsa, EC: ec };
  return {
    rsa,
    ec,
    async issue(r) {
      const family = familyOf(r.spki);
      const issuer = families[family].intermediate;
      const notAfter = new Date(r.notBefore.getTime() + r.days * DAY);
      return sign(
        {
          issuerName: issuer.certificate.subjectDer,
          issuerSpki: issuer.certificate.spkiDer,
          signer: issuer.privateKey,
          subjectName: encodeName(r.subject),
          spki: r.spki,
          notBefore: r.notBefore,
          notAfter,
          extensions: leafExtensions(r, family),
        },
        crypto,
      );
    },
    chainFor(leaf) {
      for (const f of [rsa, ec]) {
        if (toHex(leaf.issuerDer) === toHex(f.intermediate.certificate.subjectDer))
          return [f.intermediate.certificate, f.root.certificate];
      }
      return [];
    },
  };
}

let cached: Promise<{ rsa: LocalCa['rsa']; ec: LocalCa['ec'] }> | undefined;

/**
 * Creates the local CA: fresh keys (made once per process and shared, unless `fresh`), or the given material.
 *
 * @example
 * ```ts
 * const ca = await createLocalCa();
 * const leaf = await ca.issue({ profile: 'smime', spki, subject: { CN: 'Alice', E: 'alice@example.com' },
 *   sans: [{ type: 'email', value: 'alice@example.com' }], notBefore: new Date(), days: 366 });
 * ```
 */
export async function createLocalCa(
  options: { material?: CaMaterial; fresh?: boolean; crypto?: Crypto; now?: Date } = {},
): Promise<LocalCa> {
  const crypto = options.crypto ?? globalThis.crypto;
  if (options.material) return build(...(await loadMaterial(options.material, crypto)), crypto);
  const make = async (): Promise<{ rsa: LocalCa['rsa']; ec: LocalCa['ec'] }> => {
    const now = options.now ?? new Date();
    const [rsa, ec] = await Promise.all([makeFamily('RSA', now, crypto), makeFamily('EC', now, crypto)]);
    return { rsa, ec };
  };
  if (options.fresh || options.crypto) {
    const f = await make();
    return build(f.rsa, f.ec, crypto);
  }
  cached ??= make();
  const f = await cached;
  return build(f.rsa, f.ec, crypto);
}

async function loadMaterial(m: CaMaterial, crypto: Crypto): Promise<[LocalCa['rsa'], LocalCa['ec']]> {
  const load = async (cert: string, key: string): Promise<CaKey> => ({
    certificate: parseCertificate(cert),
    privateKey: await importPrivateKey(key, { crypto }),
  });
  const [rr, ri, er, ei] = await Promise.all([
    load(m.rsaRootCert, m.rsaRootKey),
    load(m.rsaIntermediateCert, m.rsaIntermediateKey),
    load(m.ecRootCert, m.ecRootKey),
    load(m.ecIntermediateCert, m.ecIntermediateKey),
  ]);
  return [
    { root: rr, intermediate: ri },
    { root: er, intermediate: ei },
  ];
}

/**
 * Exports a CA's certificates and keys as PEM, to persist it (`createLocalCa({ material })` loads it back).
 *
 * @example
 * ```ts
 * const material = await exportCaMaterial(ca);
 * ```
 */
export async function exportCaMaterial(ca: LocalCa, crypto: Crypto = globalThis.crypto): Promise<CaMaterial> {
  const key = async (k: CryptoKey): Promise<string> =>
    toPem(toBytes(await crypto.subtle.exportKey('pkcs8', k)), 'PRIVATE KEY');
  return {
    rsaRootCert: ca.rsa.root.certificate.pem,
    rsaRootKey: await key(ca.rsa.root.privateKey),
    rsaIntermediateCert: ca.rsa.intermediate.certificate.pem,
    rsaIntermediateKey: await key(ca.rsa.intermediate.privateKey),
    ecRootCert: ca.ec.root.certificate.pem,
    ecRootKey: await key(ca.ec.root.privateKey),
    ecIntermediateCert: ca.ec.intermediate.certificate.pem,
    ecIntermediateKey: await key(ca.ec.intermediate.privateKey),
  };
}
