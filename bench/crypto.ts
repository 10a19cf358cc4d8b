// Benchmark: opening PKCS#12 files (every third-party vector plus OpenSSL-made legacy and 600,000-iteration files)
// and making a key + CSR, side by side with the openssl CLI (start-up subtracted) and node-forge, in one run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { createCsr, generateKeyPair, type KeyAlgorithmName, openPkcs12 } from '../src/crypto/index.ts';
import { fixturePassword } from '../test/fixtures/pkcs12/passwords.ts';
import { fmt, measure, opensslStartup, table, timeCommand, type Timing } from './lib.ts';

const FIXTURES = join(import.meta.dirname, '../test/fixtures/pkcs12');

interface P12Row {
  file: string;
  encryption: string;
  ours: Timing;
  openssl: number | undefined;
  forge: number | undefined;
}

function forgeOpen(bytes: Uint8Array, password: string | null): void {
  const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(bytes).toString('binary')));
  const p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password ?? '');
  const bags = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! });
  if (!bags) throw new Error('no bags');
}

async function tryForge(bytes: Uint8Array, password: string | null, runs: number): Promise<number | undefined> {
  try {
    forgeOpen(bytes, password);
  } catch {
    return undefined; // node-forge cannot read this file (e.g. PBES2 with SHA-256 PRF, AES-192)
  }
  return (await measure(() => forgeOpen(bytes, password), runs, 200, 50)).ms;
}

function opensslOpen(path: string, password: string | null, runs: number, startup: number): number | undefined {
  const pass = password === null ? [] : ['-passin', `pass:${password}`];
  const args = ['pkcs12', '-in', path, ...pass, '-nodes', '-legacy', '-out', '/dev/null'];
  try {
    return Math.max(0, timeCommand('openssl', args, runs).ms - startup);
  } catch {
    return undefined;
  }
}

function makeOpensslFiles(dir: string): { name: string; path: string; password: string }[] {
  const run = (args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'k.pem',
    '-out',
    'c.pem',
    '-subj',
    '/CN=bench',
    '-days',
    '30',
  ]);
  const out: { name: string; path: string; password: string }[] = [];
  const make = (name: string, args: string[]): void => {
    run(['pkcs12', '-export', '-inkey', 'k.pem', '-in', 'c.pem', '-passout', 'pass:bench-pw', '-out', name, ...args]);
    out.push({ name, path: join(dir, name), password: 'bench-pw' });
  };
  make('openssl-default-aes256.p12', []);
  make('openssl-legacy-rc2-3des.p12', ['-legacy']);
  make('openssl-2key-3des.p12', ['-keypbe', 'PBE-SHA1-2DES', '-certpbe', 'PBE-SHA1-2DES', '-macalg', 'sha1']);
  make('openssl-600k-aes256.p12', ['-iter', '600000', '-maciter']);
  make('openssl-600k-3des.p12', ['-legacy', '-iter', '600000']);
  return out;
}

/** Runs the crypto benchmark and returns its Markdown section and raw figures. */
export async function runCryptoBench(log: (s: string) => void): Promise<{ markdown: string; data: unknown }> {
  const startup = opensslStartup();
  log(`openssl start-up: ${fmt(startup)} ms (subtracted)`);
  const dir = mkdtempSync(join(tmpdir(), 'gsk-bench-'));
  const rows: P12Row[] = [];
  try {
    const files = [
      ...readdirSync(FIXTURES)
        .filter((f) => /\.(p12|pfx)$/.test(f))
        .map((f) => ({ name: f, path: join(FIXTURES, f), password: fixturePassword(f) })),
      ...makeOpensslFiles(dir),
    ];
    for (const f of files) {
      const bytes = new Uint8Array(readFileSync(f.path));
      const heavy = f.name.includes('600k');
      const opened = await openPkcs12(bytes, f.password);
      const ours = await measure(() => openPkcs12(bytes, f.password), heavy ? 3 : 10, heavy ? 0 : 300);
      const row: P12Row = {
        file: f.name,
        encryption: [
          ...opened.encryption,
          opened.mac ? `MAC ${opened.mac.algorithm}×${opened.mac.iterations}` : 'no MAC',
        ].join(', '),
        ours,
        openssl: opensslOpen(f.path, f.password, heavy ? 3 : 7, startup),
        forge: await tryForge(bytes, f.password, heavy ? 2 : 5),
      };
      rows.push(row);
      log(`p12 ${f.name}: ours ${fmt(ours.ms)} ms, openssl ${fmt(row.openssl)} ms, forge ${fmt(row.forge)} ms`);
    }
    const csr = await csrBench(dir, startup, log);
    const ratio = (r: P12Row): string => (r.openssl ? `${(r.ours.ms / Math.max(r.openssl, 0.05)).toFixed(2)}x` : 'n/a');
    const markdown = [
      '### PKCS#12 open (median ms; openssl start-up subtracted)',
      '',
      table(
        ['file', 'encryption', 'globalsign-kit', 'openssl', 'node-forge', 'ours / openssl'],
        rows.map((r) => [
          r.file,
          r.encryption,
          fmt(r.ours.ms),
          fmt(r.openssl),
          r.forge === undefined ? 'cannot read' : fmt(r.forge),
          ratio(r),
        ]),
      ),
      '',
      '### Key pair + CSR (median ms)',
      '',
      table(
        ['algorithm', 'globalsign-kit', 'openssl req', 'node-forge'],
        csr.map((c) => [c.alg, fmt(c.ours), fmt(c.openssl), fmt(c.forge)]),
      ),
    ].join('\n');
    return { markdown, data: { opensslStartupMs: startup, pkcs12: rows, csr } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function csrBench(dir: string, startup: number, log: (s: string) => void) {
  const out: { alg: string; ours: number; openssl: number | undefined; forge: number | undefined }[] = [];
  const algs: [KeyAlgorithmName, string[], boolean][] = [
    ['RSA-2048', ['-newkey', 'rsa:2048'], true],
    ['RSA-3072', ['-newkey', 'rsa:3072'], false],
    ['P-256', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], false],
  ];
  for (const [alg, args, withForge] of algs) {
    const heavy = alg === 'RSA-3072';
    const ours = await measure(
      async () => {
        const keys = await generateKeyPair(alg);
        await createCsr({
          keys,
          subject: { CN: 'bench.example.com' },
          sans: [{ type: 'dns', value: 'bench.example.com' }],
        });
      },
      heavy ? 5 : 10,
      heavy ? 0 : 500,
      heavy ? 5 : 10_000,
    );
    const reqArgs = [
      'req',
      '-new',
      ...args,
      '-nodes',
      '-subj',
      '/CN=bench.example.com',
      '-keyout',
      join(dir, 'x.key'),
      '-out',
      join(dir, 'x.csr'),
    ];
    const openssl = Math.max(0, timeCommand('openssl', reqArgs, heavy ? 5 : 10).ms - startup);
    const forgeMs = withForge ? (await measure(() => forgeCsr(), 3, 0, 3)).ms : undefined;
    out.push({ alg, ours: ours.ms, openssl, forge: forgeMs });
    log(`key+csr ${alg}: ours ${fmt(ours.ms)} ms, openssl ${fmt(openssl)} ms, forge ${fmt(forgeMs)}`);
  }
  writeFileSync(join(dir, 'done'), '');
  return out;
}

function forgeCsr(): void {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = keys.publicKey;
  csr.setSubject([{ name: 'commonName', value: 'bench.example.com' }]);
  csr.sign(keys.privateKey, forge.md.sha256.create());
  forge.pki.certificationRequestToPem(csr);
}
