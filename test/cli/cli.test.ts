// The `globalsign` binary end to end, as users run it: keygen → csr → a simulator in a child process
// (`globalsign simulator --port 0`) → order (ISSUE and enrollment) / status / wait / p12 / sync against it,
// with openssl checking the files and the documented exit codes asserted.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/globalsign.mjs');
let dir: string;
let child: ChildProcess;
let sim: {
  url: string;
  username: string;
  password: string;
  epkiProfileId: string;
  msslProfileId: string;
  msslDomainId: string;
  adminSecret: string;
};

function cli(args: string[], env: Record<string, string> = {}) {
  const base = { PATH: process.env.PATH ?? '', HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') };
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    env: { ...base, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const creds = () => ({
  GLOBALSIGN_USERNAME: sim.username,
  GLOBALSIGN_PASSWORD: sim.password,
  GLOBALSIGN_ENDPOINT: sim.url,
});
const ssl = (args: string[], env: Record<string, string> = {}) =>
  spawnSync('openssl', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gsk-cli-'));
  child = spawn(process.execPath, [BIN, 'simulator', '--port', '0', '--json'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  sim = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`simulator did not start: ${buf}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      try {
        resolve(JSON.parse(buf));
        clearTimeout(timer);
      } catch {
        // not complete yet
      }
    });
    child.once('exit', (c) => reject(new Error(`simulator exited ${c}`)));
  });
}, 60_000);

afterAll(() => {
  child?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('globalsign CLI', () => {
  it('prints help for every command and refuses secrets on argv', () => {
    for (const c of [
      'keygen',
      'csr',
      'p12',
      'order',
      'status',
      'wait',
      'download',
      'sync',
      'simulator',
      'domain',
      'renew',
      'config',
    ]) {
      const r = cli([c, '--help']);
      expect(r.code, c).toBe(0);
      expect(r.out).toContain(`globalsign ${c}`);
    }
    const r = cli(['order', 'epki', '--password=hunter2']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--password is not accepted on the command line/);
    expect(r.err).not.toContain('hunter2');
    expect(cli(['nope']).code).toBe(1);
    expect(cli(['status']).code).toBe(1);
  });

  it('keygen and csr make a key and CSR that openssl accepts', () => {
    const k = cli(['keygen', '--out', 'key.pem', '--json']);
    expect(k.code).toBe(0);
    expect(JSON.parse(k.out)).toMatchObject({ algorithm: 'RSA-2048', file: 'key.pem' });
    expect(statSync(join(dir, 'key.pem')).mode & 0o777).toBe(0o600);
    expect(cli(['keygen', '--out', 'key.pem']).code).toBe(2); // no silent overwrite
    const c = cli([
      'csr',
      '--key',
      'key.pem',
      '--cn',
      'Alice Example',
      '--email',
      'alice@example.com',
      '--out',
      'csr.pem',
    ]);
    expect(c.code).toBe(0);
    const v = ssl(['req', '-in', 'csr.pem', '-verify', '-noout', '-subject']);
    expect(v.stderr + v.stdout).toMatch(/verify OK/i);
    expect(v.stdout).toContain('CN = Alice Example');
  });

  it('orders with the CSR (ISSUE flow) and writes a certificate of the key, with its chain', () => {
    const r = cli(
      [
        'order',
        'epki',
        '--product',
        'EPKIPSPersonal',
        '--profile',
        sim.epkiProfileId,
        '--cn',
        'Alice Example',
        '--email',
        'alice@example.com',
        '--csr',
        'csr.pem',
        '--out',
        'cert.pem',
        '--json',
      ],
      creds(),
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ status: 'ISSUED', orderId: expect.stringMatching(/^CE/) });
    const pem = readFileSync(join(dir, 'cert.pem'), 'utf8');
    expect(pem.match(/BEGIN CERTIFICATE/g)?.length).toBeGreaterThanOrEqual(2);
    const certKey = ssl(['x509', '-in', 'cert.pem', '-noout', '-pubkey']).stdout;
    const ownKey = ssl(['pkey', '-in', 'key.pem', '-pubout']).stdout;
    expect(certKey).toBe(ownKey);
    const { orderId } = JSON.parse(r.out) as { orderId: string };
    expect(cli(['download', orderId, '--out', 'epki-dl.pem'], creds()).code).toBe(0);
    const leaf = (f: string) => ssl(['x509', '-in', f, '-noout', '-fingerprint', '-sha256']).stdout;
    expect(leaf('epki-dl.pem')).toBe(leaf('cert.pem'));
  });

  it('enrollment: order, status, wait past its deadline (exit 5), admin completes, wait succeeds', async () => {
    writeFileSync(join(dir, 'pickup.txt'), 'Pickup12345\n');
    const placed = cli(
      [
        'order',
        'epki',
        '--product',
        'EPKIPSPersonal',
        '--profile',
        sim.epkiProfileId,
        '--cn',
        'Bob Enrol',
        '--email',
        'bob@example.com',
        '--pickup-password-file',
        'pickup.txt',
        '--json',
      ],
      creds(),
    );
    expect(placed.code).toBe(0);
    const { orderId } = JSON.parse(placed.out) as { orderId: string };
    const st = cli(['status', orderId, '--json'], creds());
    expect(JSON.parse(st.out)).toMatchObject({ orderId, status: 'REQUESTED', state: 'pending' });
    const late = cli(['wait', orderId, '--interval', '100ms', '--deadline', '400ms'], creds());
    expect(late.code).toBe(5);
    expect(late.err).toMatch(/waiting: REQUESTED \(attempt 1/);
    const done = await fetch(`${sim.url}/admin/epki/orders/${orderId}/complete`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.adminSecret}` },
    });
    expect(done.status).toBe(200);
    const ok = cli(['wait', orderId, '--out', 'bob.pem', '--json'], creds());
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ orderId, status: 'ISSUED' });
    expect(ssl(['x509', '-in', 'bob.pem', '-noout', '-subject']).stdout).toContain('Bob Enrol');
  });

  it('p12 create and open round-trip, and openssl reads the file', () => {
    const env = { GLOBALSIGN_P12_PASSWORD: 'correct horse battery' };
    expect(cli(['p12', 'create', '--key', 'key.pem', '--cert', 'cert.pem', '--out', 'a.p12'], env).code).toBe(0);
    const info = ssl(['pkcs12', '-in', 'a.p12', '-nokeys', '-passin', 'env:P12PW'], {
      P12PW: env.GLOBALSIGN_P12_PASSWORD,
    });
    expect(info.status).toBe(0);
    expect(info.stdout).toContain('Alice Example');
    const opened = cli(['p12', 'open', 'a.p12', '--out-key', 'back.pem', '--json'], env);
    expect(opened.code).toBe(0);
    expect(JSON.parse(opened.out).keys).toEqual([expect.objectContaining({ algorithm: 'RSA' })]);
    expect(ssl(['pkey', '-in', 'back.pem', '-pubout']).stdout).toBe(ssl(['pkey', '-in', 'key.pem', '-pubout']).stdout);
    const wrong = cli(['p12', 'open', 'a.p12'], { GLOBALSIGN_P12_PASSWORD: 'wrong' });
    expect(wrong.code).toBe(2);
    expect(cli(['p12', 'open', 'a.p12']).code).toBe(1);
  });

  it('order mssl places and waits; status, wait, download and sync --service mssl see the same order', () => {
    expect(cli(['keygen', '--alg', 'P-256', '--out', 'tls.key']).code).toBe(0);
    expect(cli(['csr', '--key', 'tls.key', '--cn', 'shop.example.com', '--out', 'tls.csr']).code).toBe(0);
    const contact = [
      '--first-name',
      'Ada',
      '--last-name',
      'Lovelace',
      '--phone',
      '+44 20 0000',
      '--email',
      'ada@example.com',
    ];
    const base = ['--profile', sim.msslProfileId, '--domain', sim.msslDomainId, '--csr', 'tls.csr', ...contact];
    const r = cli(
      ['order', 'mssl', ...base, '--san', 'www.shop.example.com', '--interval', '1s', '--out', 'tls.pem', '--json'],
      creds(),
    );
    expect(r.code, r.err).toBe(0);
    const { orderId } = JSON.parse(r.out) as { orderId: string };
    expect(ssl(['x509', '-in', 'tls.pem', '-noout', '-pubkey']).stdout).toBe(
      ssl(['pkey', '-in', 'tls.key', '-pubout']).stdout,
    );
    expect(ssl(['x509', '-in', 'tls.pem', '-noout', '-ext', 'subjectAltName']).stdout).toContain(
      'www.shop.example.com',
    );
    const st = cli(['status', '--service', 'mssl', orderId, '--json'], creds());
    expect(JSON.parse(st.out)).toMatchObject({
      orderId,
      status: 'ISSUED',
      state: 'issued',
      commonName: 'shop.example.com',
    });
    expect(cli(['wait', '--service', 'mssl', orderId, '--out', 'again.pem'], creds()).code).toBe(0);
    expect(cli(['download', '--service', 'mssl', orderId, '--out', 'dl.pem'], creds()).code).toBe(0);
    expect(readFileSync(join(dir, 'dl.pem'), 'utf8')).toBe(readFileSync(join(dir, 'tls.pem'), 'utf8'));
    const v = ssl(['verify', '-partial_chain', '-untrusted', 'dl.pem', '-CAfile', 'dl.pem', 'tls.pem']);
    expect(v.stdout).toContain('OK');
    const placed = cli(['order', 'mssl', ...base, '--no-wait', '--json'], creds());
    expect(placed.code).toBe(0);
    const sync = cli(['sync', '--service', 'mssl', '--from', '2000-01-01'], creds());
    const ids = sync.out
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { orderId: string }).orderId);
    expect(ids).toContain(orderId);
    expect(ids).toContain((JSON.parse(placed.out) as { orderId: string }).orderId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(cli(['download', '--service', 'smime', orderId], creds()).code).toBe(1);
    expect(cli(['order', 'mssl', '--profile', sim.msslProfileId], creds()).code).toBe(1);
  });

  it('runs under Deno from the sources: keygen, csr, order mssl against the simulator', () => {
    const deno = join(import.meta.dirname, '../../node_modules/.bin/deno');
    const run = join(import.meta.dirname, '../../src/cli/run.ts');
    const denoDir = mkdtempSync(join(tmpdir(), 'gsk-cli-deno-'));
    const d = (args: string[], env: Record<string, string> = {}) => {
      const r = spawnSync(deno, ['run', '--allow-all', run, ...args], {
        cwd: dir,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: dir,
          DENO_DIR: denoDir,
          DENO_NO_UPDATE_CHECK: '1',
          NO_COLOR: '1',
          ...env,
        },
        encoding: 'utf8',
        timeout: 120_000,
      });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    try {
      expect(d(['keygen', '--alg', 'P-256', '--out', 'deno.key']).code).toBe(0);
      expect(d(['csr', '--key', 'deno.key', '--cn', 'deno.example.com', '--out', 'deno.csr']).code).toBe(0);
      const contact = [
        '--first-name',
        'Ada',
        '--last-name',
        'L',
        '--phone',
        '+44 20 0000',
        '--email',
        'ada@example.com',
      ];
      const r = d(
        [
          'order',
          'mssl',
          '--profile',
          sim.msslProfileId,
          '--domain',
          sim.msslDomainId,
          '--csr',
          'deno.csr',
          ...contact,
        ].concat(['--interval', '1s', '--out', 'deno.pem', '--json']),
        creds(),
      );
      expect(r.code, r.err).toBe(0);
      expect(ssl(['x509', '-in', 'deno.pem', '-noout', '-subject']).stdout).toContain('deno.example.com');
    } finally {
      rmSync(denoDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('sync lists every order once and resumes from its checkpoint file; exit codes for API and credential errors', () => {
    const r = cli(
      ['sync', '--product', 'EPKIPSPersonal', '--from', '2000-01-01', '--checkpoint-file', 'cp.txt'],
      creds(),
    );
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { orderId: string });
    expect(lines).toHaveLength(2);
    expect(new Set(lines.map((l) => l.orderId)).size).toBe(2);
    expect(readFileSync(join(dir, 'cp.txt'), 'utf8')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const again = cli(
      ['sync', '--product', 'EPKIPSPersonal', '--from', '2000-01-01', '--checkpoint-file', 'cp.txt'],
      creds(),
    );
    expect(again.code).toBe(0);
    expect(again.out.trim()).toBe('');
    expect(cli(['status', 'CE000000000'], creds()).code).toBe(3);
    expect(cli(['status', 'CE1'], { ...creds(), GLOBALSIGN_PASSWORD: 'wrong' }).code).toBe(3);
    const none = cli(['status', 'CE1']);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/GLOBALSIGN_USERNAME/);
    expect(cli(['status', 'CE1'], { ...creds(), GLOBALSIGN_ENDPOINT: 'http://127.0.0.1:1' }).code).toBe(4);
    expect(cli(['order', 'mssl']).code).toBe(1);
  });

  it('reads credentials from $XDG_CONFIG_HOME/globalsign-kit/config.json', () => {
    const cfg = join(dir, 'config', 'globalsign-kit');
    spawnSync('mkdir', ['-p', cfg]);
    writeFileSync(
      join(cfg, 'config.json'),
      JSON.stringify({ username: sim.username, password: sim.password, endpoint: sim.url }),
    );
    const r = cli(['sync', '--product', 'EPKIPSPersonal', '--from', '2000-01-01']);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(2);
  });
});
