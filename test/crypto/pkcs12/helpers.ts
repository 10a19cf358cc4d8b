// Test helpers for PKCS#12: an openssl CLI runner in a private temp dir, a small PKI, the fixture table, and
// independent checks built on node:crypto (never on the code under test).
import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, '../../fixtures/pkcs12');

export interface Ossl {
  readonly dir: string;
  run(args: string[]): string;
  path(name: string): string;
  write(name: string, data: string | Uint8Array): string;
  read(name: string): Uint8Array;
  cleanup(): void;
}

export function ossl(): Ossl {
  const dir = mkdtempSync(join(tmpdir(), 'gsk-p12-'));
  return {
    dir,
    run: (args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8'),
    path: (name) => join(dir, name),
    write(name, data) {
      writeFileSync(join(dir, name), data);
      return join(dir, name);
    },
    read: (name) => new Uint8Array(readFileSync(join(dir, name))),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface Pki {
  /** PEM files in the openssl dir: root.pem, int.pem, rsa.pem (leaf), rsa.key, ec.pem (leaf), ec.key, other.key */
  readonly rsaLeaf: Uint8Array;
  readonly ecLeaf: Uint8Array;
  readonly intermediate: Uint8Array;
  readonly root: Uint8Array;
  readonly rsaPkcs8: Uint8Array;
  readonly ecPkcs8: Uint8Array;
  readonly otherPkcs8: Uint8Array;
}

/** Root (P-256) → intermediate (P-256) → RSA-2048 leaf and P-256 leaf, plus an unrelated key. */
export function makePki(o: Ossl): Pki {
  const key = (name: string, alg: string[]): void => {
    o.run(['genpkey', ...alg, '-out', `${name}.key`]);
  };
  key('root', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
  key('int', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
  key('rsa', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']);
  key('ec', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
  key('other', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
  o.write('ca.cnf', '[ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n');
  o.run(['req', '-x509', '-new', '-key', 'root.key', '-subj', '/CN=P12 Test Root', '-days', '30', '-out', 'root.pem']);
  const issue = (name: string, subj: string, ca: string, ext: string[]): void => {
    o.run(['req', '-new', '-key', `${name}.key`, '-subj', subj, '-out', `${name}.csr`]);
    o.run([
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${ca}.pem`,
      '-CAkey',
      `${ca}.key`,
      '-days',
      '30',
      ...ext,
      '-out',
      `${name}.pem`,
    ]);
  };
  issue('int', '/CN=P12 Test Issuing CA', 'root', ['-extfile', 'ca.cnf', '-extensions', 'ca']);
  issue('rsa', '/CN=Alice RSA/emailAddress=alice@example.com', 'int', []);
  issue('ec', '/CN=Bob EC', 'int', []);
  const der = (name: string): Uint8Array => pemBlocks(readFileSync(o.path(name), 'utf8'))[0]!.der;
  const pkcs8 = (name: string): Uint8Array =>
    new Uint8Array(createPrivateKey(readFileSync(o.path(`${name}.key`))).export({ format: 'der', type: 'pkcs8' }));
  return {
    rsaLeaf: der('rsa.pem'),
    ecLeaf: der('ec.pem'),
    intermediate: der('int.pem'),
    root: der('root.pem'),
    rsaPkcs8: pkcs8('rsa'),
    ecPkcs8: pkcs8('ec'),
    otherPkcs8: pkcs8('other'),
  };
}

export function pemBlocks(text: string): { label: string; der: Uint8Array }[] {
  return [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)].map((m) => ({
    label: m[1]!,
    der: new Uint8Array(Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64')),
  }));
}

/** What `openssl pkcs12 -nodes` extracts: private keys (PKCS#8 DER), certificates (DER), friendlyNames. */
export function opensslExtract(
  o: Ossl,
  file: string,
  password: string,
  legacy = true,
): { keys: Uint8Array[]; certs: Uint8Array[]; friendlyNames: string[]; info: string } {
  const args = ['pkcs12', '-in', file, '-passin', `pass:${password}`, '-nodes', '-info'];
  const res = spawnSync('openssl', legacy ? [...args, '-legacy'] : args, { cwd: o.dir, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`openssl pkcs12 failed: ${res.stderr}`);
  const text = res.stdout;
  const blocks = pemBlocks(text);
  return {
    keys: blocks.filter((b) => b.label === 'PRIVATE KEY').map((b) => b.der),
    certs: blocks.filter((b) => b.label === 'CERTIFICATE').map((b) => b.der),
    friendlyNames: [...text.matchAll(/friendlyName: (.*)/g)].map((m) => m[1]!),
    info: text + res.stderr,
  };
}

/** SPKI DER of a PKCS#8 key and of a certificate, by node:crypto: an independent key/certificate match. */
export const spkiOfKey = (pkcs8: Uint8Array): Buffer =>
  createPublicKey(createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' })).export({
    format: 'der',
    type: 'spki',
  });
export const spkiOfCert = (der: Uint8Array): Buffer =>
  new X509Certificate(Buffer.from(der)).publicKey.export({ format: 'der', type: 'spki' });

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
export const sortedHex = (list: Uint8Array[]): string[] => list.map(hex).sort();
