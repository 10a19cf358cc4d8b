// Test helper: a .p12 handed to the programs that consume them (OpenSSL 3, NSS, Java keytool, GnuTLS, Python's
// cryptography), each answer parsed into fields. The password travels in a file where the tool allows it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Certificate, parseCertificate, parseCertificates, pemDecode } from '../../../src/crypto/index.ts';
import { run, type Ran } from './run.ts';

/** A block of `openssl pkcs12` output: the bag attributes printed before it, and the PEM. */
export interface OpensslBag {
  readonly friendlyName?: string;
  readonly localKeyId?: string;
  readonly label: string;
  readonly pem: string;
}

/** What OpenSSL 3 read. */
export interface OpensslP12 {
  readonly code: number;
  /** `-info` lines: `MAC: sha256, Iteration 100000` → { hash: 'sha256', iterations: 100000 }. */
  readonly mac?: { readonly hash: string; readonly iterations: number };
  /** The algorithm of each encrypted certificate bag set and each shrouded key bag, as -info names them. */
  readonly certEncryption: readonly string[];
  readonly keyEncryption: readonly string[];
  readonly bags: readonly OpensslBag[];
  /** The public key of the private key, DER (from `openssl pkey -pubout`). */
  readonly keySpki?: Uint8Array;
}

const lines = (s: string): string[] => s.split('\n').map((l) => l.trimEnd());

function opensslBags(text: string): OpensslBag[] {
  const bags: OpensslBag[] = [];
  let attrs: Record<string, string> = {};
  let pem: string[] | undefined;
  let label = '';
  for (const line of lines(text)) {
    const attr = /^ {4}(friendlyName|localKeyID): (.*)$/.exec(line);
    const begin = /^-----BEGIN (.+)-----$/.exec(line);
    if (attr) attrs[attr[1] === 'localKeyID' ? 'localKeyId' : 'friendlyName'] = attr[2]!;
    else if (begin) [pem, label] = [[line], begin[1]!];
    else if (pem) {
      pem.push(line);
      if (line.startsWith('-----END ')) {
        bags.push({ ...attrs, label, pem: `${pem.join('\n')}\n` });
        [pem, attrs] = [undefined, {}];
      }
    } else if (line.startsWith('Bag Attributes')) attrs = {};
  }
  return bags;
}

/**
 * `openssl pkcs12 -info` (algorithms) and `-nodes` (the contents), without `-legacy` unless asked; the password
 * from a file (`null`: the empty password).
 *
 * @example
 * ```ts
 * const r = await opensslP12(file, pwFile);
 * ```
 */
export async function opensslP12(file: string, pwFile: string | null, legacy = false): Promise<OpensslP12> {
  const pass = pwFile === null ? 'pass:' : `file:${pwFile}`;
  const base = ['pkcs12', '-in', file, '-passin', pass, ...(legacy ? ['-legacy'] : [])];
  const [info, all] = await Promise.all([
    run('openssl', [...base, '-info', '-noout']),
    run('openssl', [...base, '-nodes']),
  ]);
  const infoLines = lines(info.stderr + info.stdout);
  const mac = infoLines.map((l) => /^MAC: (\S+), Iteration (\d+)$/.exec(l)).find(Boolean);
  const after = (prefix: string) => infoLines.filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
  const bags = opensslBags(all.stdout);
  const key = bags.find((b) => b.label === 'PRIVATE KEY');
  const spki = key ? await run('openssl', ['pkey', '-pubout'], { input: key.pem }) : undefined;
  return {
    code: info.code || all.code,
    ...(mac ? { mac: { hash: mac[1]!, iterations: Number(mac[2]) } } : {}),
    certEncryption: after('PKCS7 Encrypted data: '),
    keyEncryption: after('Shrouded Keybag: '),
    bags,
    ...(spki?.code === 0 ? { keySpki: pemDecode(spki.stdout)[0]!.der } : {}),
  };
}

/** What NSS holds after `pk12util -i` into a fresh database. */
export interface NssImport {
  readonly imported: Ran;
  /** `certutil -L`: nickname, trust flags and the certificate (from `certutil -L -n NICK -a`). */
  readonly certs: readonly { readonly nickname: string; readonly trust: string; readonly cert: Certificate }[];
  /** `certutil -K`: key type and nickname. */
  readonly keys: readonly { readonly type: string; readonly nickname: string }[];
}

/**
 * Imports the file into a new empty-password NSS database in `dir` (the store of Firefox and Thunderbird).
 *
 * @example
 * ```ts
 * const nss = await nssImport(file, pwFile, dir);
 * ```
 */
export async function nssImport(file: string, pwFile: string, dir: string): Promise<NssImport> {
  mkdirSync(dir, { recursive: true });
  const db = `sql:${dir}`;
  const created = await run('certutil', ['-N', '-d', db, '--empty-password']);
  if (created.code !== 0) throw new Error(`certutil -N: ${created.stderr}`);
  const imported = await run('pk12util', ['-i', file, '-d', db, '-w', pwFile]);
  const [list, keyList] = await Promise.all([run('certutil', ['-L', '-d', db]), run('certutil', ['-K', '-d', db])]);
  const rows = lines(list.stdout)
    .map((l) => /^(.+?)\s{2,}(\w*,\w*,\w*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null);
  const certs = await Promise.all(
    rows.map(async ([, nickname, trust]) => {
      const pem = await run('certutil', ['-L', '-d', db, '-n', nickname!, '-a']);
      return { nickname: nickname!, trust: trust!, cert: parseCertificate(pem.stdout) };
    }),
  );
  const keys = lines(keyList.stdout)
    .map((l) => /^<\s*\d+> (\w+)\s+[0-9a-f]+\s+(.+)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([, type, nickname]) => ({ type: type!, nickname: nickname! }));
  return { imported, certs, keys };
}

/** One entry of `keytool -list -v`. */
export interface KeytoolEntry {
  readonly alias: string;
  readonly type: string;
  readonly chainLength: number;
  /** SHA-256 fingerprints of the entry's certificates, upper-case hex without colons, in order. */
  readonly sha256: readonly string[];
  readonly keyAlgorithm: readonly string[];
}

/**
 * `keytool -list -v -storetype PKCS12`, split into entries.
 *
 * @example
 * ```ts
 * const { code, entries } = await keytoolList(file, pwFile);
 * ```
 */
export async function keytoolList(file: string, pwFile: string): Promise<{ code: number; entries: KeytoolEntry[] }> {
  const args = ['-list', '-v', '-storetype', 'PKCS12', '-keystore', file, '-storepass:file', pwFile];
  const fast = ['-J-XX:TieredStopAtLevel=1', '-J-XX:+UseSerialGC', '-J-Xshare:auto', '-J-Duser.language=en'];
  const r = await run('keytool', [...fast, ...args]);
  const entries = r.stdout
    .split(/^Alias name: /m)
    .slice(1)
    .map((block): KeytoolEntry => {
      const field = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(block)?.[1] ?? '';
      const all = (re: RegExp) => [...block.matchAll(re)].map((m) => m[1]!);
      return {
        alias: lines(block)[0]!,
        type: field('Entry type'),
        chainLength: Number(field('Certificate chain length')),
        sha256: all(/^\s+SHA256: ([0-9A-F:]+)$/gm).map((f) => f.replace(/:/g, '')),
        keyAlgorithm: all(/^Subject Public Key Algorithm: (.*)$/gm),
      };
    });
  return { code: r.code, entries };
}

/** One element of `certtool --p12-info`. */
export interface CerttoolElement {
  readonly type: string;
  readonly friendlyName?: string;
  readonly keyId?: string;
  readonly pem?: string;
}

/** What GnuTLS read. */
export interface CerttoolP12 {
  readonly code: number;
  readonly mac?: { readonly hash: string; readonly iterations: number };
  /** Every `Schema:` line (bag encryption and PKCS#8 key encryption). */
  readonly schemas: readonly string[];
  readonly elements: readonly CerttoolElement[];
}

/**
 * `certtool --p12-info --password`, parsed into the MAC, the schemas and the elements with their PEM.
 *
 * @example
 * ```ts
 * const g = await certtoolP12(file, 'password');
 * ```
 */
export async function certtoolP12(file: string, password: string): Promise<CerttoolP12> {
  const r = await run('certtool', ['--p12-info', '--inder', '--password', password, '--infile', file]);
  const ls = lines(r.stdout);
  const macAt = ls.indexOf('MAC info:');
  const macField = (name: string) =>
    ls
      .slice(macAt, macAt + 6)
      .find((l) => l.startsWith(`\t${name}: `))
      ?.slice(name.length + 3);
  const elements: { type: string; friendlyName?: string; keyId?: string; pem?: string }[] = [];
  let pem: string[] | undefined;
  for (const l of ls) {
    const m = /^\t(Type|Friendly name|Key ID): (.*)$/.exec(l);
    const current = elements[elements.length - 1];
    if (pem) {
      pem.push(l);
      if (l.startsWith('-----END ') && current) [current.pem, pem] = [`${pem.join('\n')}\n`, undefined];
    } else if (l.startsWith('-----BEGIN ')) pem = [l];
    else if (m?.[1] === 'Type' && m[2] !== 'Encrypted') elements.push({ type: m[2]! });
    else if (m?.[1] === 'Friendly name' && current) current.friendlyName = m[2]!;
    else if (m?.[1] === 'Key ID' && current) current.keyId = m[2]!;
  }
  const hash = macField('MAC')?.split(' ')[0];
  return {
    code: r.code,
    ...(macAt >= 0 && hash ? { mac: { hash, iterations: Number(macField('Iteration count')) } } : {}),
    schemas: ls.filter((l) => /^\t+Schema: /.test(l)).map((l) => l.replace(/^\t+Schema: /, '')),
    elements,
  };
}

/**
 * Decrypts a PKCS#8 `ENCRYPTED PRIVATE KEY` with GnuTLS; returns the SHA-256 Public Key ID (hex) and algorithm.
 *
 * @example
 * ```ts
 * const k = await certtoolKey(pem, 'password'); // { algorithm: 'RSA', spkiSha256: 'c360…' }
 * ```
 */
export async function certtoolKey(pem: string, password: string): Promise<{ algorithm?: string; spkiSha256?: string }> {
  const r = await run('certtool', ['--key-info', '--pkcs8', '--password', password], { input: pem });
  const algorithm = /^\tPublic Key Algorithm: (\S+)$/m.exec(r.stdout)?.[1];
  const spkiSha256 = /^Public Key ID:\n(?:\t.*\n)*?\tsha256:([0-9a-f]{64})$/m.exec(r.stdout)?.[1];
  return { ...(algorithm ? { algorithm } : {}), ...(spkiSha256 ? { spkiSha256 } : {}) };
}

/** What Python's cryptography made of the file. */
export interface PythonP12 {
  readonly keyType: 'RSA' | 'EC' | 'other' | null;
  readonly keySize: number | null;
  readonly curve: string | null;
  readonly keyMatchesCert: boolean;
  readonly certSha256: string | null;
  readonly subject: readonly (readonly [string, string])[];
  readonly chainCount: number;
  readonly chainSha256: readonly string[];
  readonly friendlyName: string | null;
}

/**
 * `pkcs12.load_key_and_certificates` (and `load_pkcs12` for the friendly name) in Debian's python3, which has
 * python3-cryptography; one interpreter for all the files. A file that does not load gives `{ error }`.
 *
 * @example
 * ```ts
 * const [py] = await pythonP12(pwFile, [file]);
 * ```
 */
export async function pythonP12(pwFile: string, files: readonly string[]): Promise<(PythonP12 | { error: string })[]> {
  const r = await run('/usr/bin/python3', [join(import.meta.dirname, 'load_p12.py'), pwFile, ...files]);
  if (r.code !== 0) throw new Error(`load_p12.py exited ${r.code}: ${r.stderr}`);
  return lines(r.stdout)
    .filter(Boolean)
    .map((l) => JSON.parse(l) as PythonP12 | { error: string });
}

/** The certificates of a PEM text (for the blocks the tools print). */
export const certsOf = (pems: readonly (string | undefined)[]): Certificate[] =>
  pems.flatMap((p) => (p?.includes('BEGIN CERTIFICATE') ? parseCertificates(p) : []));
