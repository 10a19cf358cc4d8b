/**
 * Opens a downloaded .p12 with the openssl CLI and reports what a mail program would see.
 *
 * @module
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Certificate, orderChain, parseCertificates } from '../../src/crypto/index.ts';

/** What openssl found in the file. */
export interface P12Report {
  /** `openssl pkcs12 -info` output (algorithms, iteration counts; no key material: `-nokeys`). */
  readonly info: string;
  /** Leaf first. */
  readonly chain: Certificate[];
  /** The private parts of the RSA key (d, p, q), to look for in request bodies. */
  readonly secrets: Buffer[];
  readonly keyBits: number;
  /** `openssl verify` of the leaf against the chain in the file. */
  readonly verify: string;
  /** Whether the key's modulus equals the leaf's. */
  readonly keyMatches: boolean;
}

function openssl(args: string[], password: string, input?: Buffer): Buffer {
  return execFileSync('openssl', args, {
    env: { ...process.env, P12PW: password },
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/**
 * Reads the .p12 with `openssl pkcs12` (OpenSSL 3 reads 3DES files without `-legacy`; RC2 would need it).
 *
 * @example
 * ```ts
 * const r = inspectP12(bytes, 'correct horse battery staple');
 * ```
 */
export function inspectP12(p12: Buffer, password: string): P12Report {
  const dir = mkdtempSync(join(tmpdir(), 'gsk-p12-'));
  try {
    const file = join(dir, 'f.p12');
    writeFileSync(file, p12);
    const pass = ['-passin', 'env:P12PW'];
    // -info writes the algorithm lines to stderr
    const run = spawnSync('openssl', ['pkcs12', '-info', '-in', file, ...pass, '-nokeys', '-nocerts'], {
      env: { ...process.env, P12PW: password },
    });
    const info = `${run.stderr.toString()}${run.stdout.toString()}`;
    const certsPem = openssl(['pkcs12', '-in', file, ...pass, '-nokeys'], password).toString();
    const keyPem = openssl(['pkcs12', '-in', file, ...pass, '-nocerts', '-nodes'], password);
    const pkcs8 = openssl(['pkcs8', '-topk8', '-nocrypt', '-outform', 'DER'], '', keyPem);
    const chain = orderChain(parseCertificates(certsPem));
    const [leaf, ...issuers] = chain;
    writeFileSync(join(dir, 'leaf.pem'), leaf?.pem ?? '');
    writeFileSync(join(dir, 'issuers.pem'), issuers.map((c) => c.pem).join(''));
    const verify = execFileSync('openssl', [
      'verify',
      '-purpose',
      'smimesign',
      '-CAfile',
      join(dir, 'issuers.pem'),
      '-partial_chain',
      join(dir, 'leaf.pem'),
    ]).toString();
    const keyText = openssl(['pkey', '-noout', '-text'], '', keyPem).toString();
    const keyMod = openssl(['rsa', '-noout', '-modulus'], '', keyPem).toString().trim();
    const certMod = execFileSync('openssl', ['x509', '-noout', '-modulus', '-in', join(dir, 'leaf.pem')])
      .toString()
      .trim();
    const bits = Number(/\((\d+) bit/.exec(keyText)?.[1] ?? 0);
    const jwk = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
    const secrets = [jwk.d, jwk.p, jwk.q].map((v) => Buffer.from(v ?? '', 'base64url'));
    return { info, chain, secrets, keyBits: bits, verify, keyMatches: keyMod === certMod };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Why a request body holds private key material, or `undefined`: a PEM private key, the PKCS#8 prefix of an RSA
 * key (version 0 + rsaEncryption) raw or inside any base64 run, or any 32-byte slice of a private part (d, p, q),
 * raw, in base64 runs or in hex.
 *
 * @example
 * ```ts
 * expect(privateKeyLeak(body, report.secrets)).toBeUndefined();
 * ```
 */
export function privateKeyLeak(body: Buffer, secrets: readonly Buffer[] = []): string | undefined {
  const text = body.toString('latin1');
  if (/PRIVATE KEY/.test(text)) return 'a PEM private key';
  const prefix = Buffer.from('020100300d06092a864886f70d0101010500', 'hex');
  const blobs = [body, ...(text.match(/[A-Za-z0-9+/_\\=-]{64,}/g) ?? []).map(decodeB64)];
  for (const b of blobs) {
    if (b.includes(prefix)) return 'a PKCS#8 RSA private key';
    for (const secret of secrets) {
      for (let i = 0; i + 32 <= secret.length; i += 32) {
        const slice = secret.subarray(i, i + 32);
        if (b.includes(slice) || text.toLowerCase().includes(slice.toString('hex'))) return 'the private key';
      }
    }
  }
  return undefined;
}

function decodeB64(s: string): Buffer {
  const clean = s.replace(/\\n|\\r|\\/g, '');
  return Buffer.from(clean.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}
