/**
 * Debian's certbot against the gateway: `certbot certonly` with EAB, once with http-01 (its standalone listener on a
 * local port) and once with dns-01 (a manual auth hook writing the TXT record into the test's DoH resolver). The
 * chain verifies with `openssl verify` against the simulator's root and names exactly the requested domains.
 *
 * GlobalSign needs a common name in the CSR and certbot's own CSRs carry none, so certbot gets a CSR from OpenSSL
 * (`--csr`), as workers/acme/README.md tells certbot users. `certbot revoke` with the account key and with the
 * certificate's key (`--key-path`) ends the GlobalSign order REVOKED. A lineage (`certonly -d`, what `certbot renew`
 * needs) is refused at finalize (badCSR naming `--csr`) and leaves nothing to renew.
 */
import { execFile, execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Backend,
  createTenant,
  type Gateway,
  gsOrderCount,
  startBackend,
  startGateway,
  verifyChain,
  preauthorizedTenant,
} from './harness.ts';
import { type Local, startDoh } from './local-servers.ts';

const run = promisify(execFile);
const CERTBOT = '/usr/bin/certbot';

let backend: Backend;
let gw: Gateway;
let dns: Local<string[]>;
let httpPort: number;

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

beforeAll(async () => {
  backend = await startBackend();
  dns = await startDoh();
  httpPort = await freePort();
  gw = await startGateway(backend, { local: { httpPort, dohUrl: dns.url } });
});
afterAll(async () => {
  await gw?.stop();
  await Promise.all([backend?.server.close(), dns?.close()]);
});

/** A CSR (DER) with the first name as CN and every name as a SAN, from OpenSSL. */
function csr(dir: string, names: string[]): string {
  const out = join(dir, 'csr.der');
  const san = names.map((n) => `DNS:${n}`).join(',');
  execFileSync(
    'openssl',
    [
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-subj',
      `/CN=${names[0]}`,
      '-addext',
      `subjectAltName=${san}`,
      '-outform',
      'DER',
      '-out',
      out,
    ],
    { stdio: 'ignore' },
  );
  return out;
}

/** Runs `certbot certonly --csr`; answers the full chain and the directory holding config/, cert.pem, key.pem. */
async function certbot(
  challenges: string[],
  names: string[],
  extra: (dir: string) => string[],
): Promise<{ pem: string; dir: string }> {
  const eab = await createTenant(gw, {
    profileId: backend.profileId,
    domainIds: [backend.domainId, backend.domain2Id],
    challenges,
  });
  const dir = mkdtempSync(join(tmpdir(), 'certbot-'));
  const args = [
    'certonly',
    '--agree-tos',
    '-m',
    'ops@example.com',
    '--server',
    gw.directory,
    '--eab-kid',
    eab.kid,
    // `=`: a base64url key may start with '-', which argparse would take for an option.
    `--eab-hmac-key=${eab.hmacKey}`,
    '--config-dir',
    join(dir, 'config'),
    '--work-dir',
    join(dir, 'work'),
    '--csr',
    csr(dir, names),
    '--cert-path',
    join(dir, 'cert.pem'),
    '--chain-path',
    join(dir, 'chain.pem'),
    '--fullchain-path',
    join(dir, 'fullchain.pem'),
    ...extra(dir),
  ];
  await runCertbot(args, join(dir, 'logs'));
  return { pem: readFileSync(join(dir, 'fullchain.pem'), 'utf8'), dir };
}

/** Runs certbot non-interactively with `args`, logs in `logs`; rejects with the log's tail. */
async function runCertbot(args: string[], logs: string): Promise<void> {
  try {
    await run(CERTBOT, [...args, '--non-interactive', '--logs-dir', logs], { timeout: 120_000 });
  } catch (e) {
    const log = existsSync(join(logs, 'letsencrypt.log'))
      ? readFileSync(join(logs, 'letsencrypt.log'), 'utf8').slice(-3000)
      : '';
    throw new Error(`certbot failed: ${(e as Error).message}\n${log}`);
  }
}

/** The simulator's order of the certificate at `certPath`, by serial. */
function gsOrderOf(certPath: string) {
  // compared as numbers: the hex spellings differ in leading zeros
  const serial = BigInt(`0x${new X509Certificate(readFileSync(certPath)).serialNumber}`);
  const o = backend.sim.admin
    .listMsslOrders()
    .find((x) => x.certificate && BigInt(`0x${x.certificate.serialNumber}`) === serial);
  if (!o) throw new Error(`no GlobalSign order for serial ${serial}`);
  return o;
}

const standalone = (): string[] => [
  '--standalone',
  '--preferred-challenges',
  'http',
  '--http-01-port',
  String(httpPort),
  '--http-01-address',
  '127.0.0.1',
];

describe('certbot (Debian package)', () => {
  it('http-01 with its standalone listener', async () => {
    const names = ['www.example.com', 'static.example.net'];
    const before = gsOrderCount(backend);
    const { pem } = await certbot(['http-01'], names, standalone);
    expect(verifyChain(backend, pem)).toEqual([...names].sort());
    expect(gsOrderCount(backend) - before).toBe(1);
  });

  it('dns-01 with a manual auth hook writing into the DoH resolver', async () => {
    const names = ['example.net', '*.example.net'];
    const before = gsOrderCount(backend);
    const { pem } = await certbot(['dns-01'], names, (dir) => {
      const hook = join(dir, 'auth-hook.py');
      writeFileSync(
        hook,
        [
          '#!/usr/bin/python3',
          'import json, os, urllib.request',
          `req = urllib.request.Request(${JSON.stringify(dns.url.replace('/dns-query', '/__txt'))}, method="POST",`,
          '  data=json.dumps({"name": "_acme-challenge." + os.environ["CERTBOT_DOMAIN"], "value": os.environ["CERTBOT_VALIDATION"]}).encode())',
          'urllib.request.urlopen(req)',
          '',
        ].join('\n'),
      );
      chmodSync(hook, 0o755);
      return ['--manual', '--preferred-challenges', 'dns', '--manual-auth-hook', hook];
    });
    expect(verifyChain(backend, pem)).toEqual([...names].sort());
    expect(gsOrderCount(backend) - before).toBe(1);
  });

  it('certbot revoke --reason keycompromise with the account key: the GlobalSign order is REVOKED', async () => {
    const { dir } = await certbot(['pre-authorized'], ['revoke1.example.com'], standalone);
    expect(gsOrderOf(join(dir, 'cert.pem')).status).toBe('4');
    await runCertbot(
      [
        'revoke',
        '--server',
        gw.directory,
        '--config-dir',
        join(dir, 'config'),
        '--work-dir',
        join(dir, 'work'),
        '--cert-path',
        join(dir, 'cert.pem'),
        '--reason',
        'keycompromise',
        '--no-delete-after-revoke',
      ],
      join(dir, 'logs'),
    );
    expect(gsOrderOf(join(dir, 'cert.pem')).status).toBe('7');
  });

  it('certbot revoke --key-path with the certificate key (no account): REVOKED; again: alreadyRevoked', async () => {
    const { dir } = await certbot(['pre-authorized'], ['revoke2.example.com'], standalone);
    const fresh = mkdtempSync(join(tmpdir(), 'certbot-keyrevoke-'));
    const args = [
      'revoke',
      '--server',
      gw.directory,
      '--config-dir',
      join(fresh, 'config'),
      '--work-dir',
      join(fresh, 'work'),
      '--cert-path',
      join(dir, 'cert.pem'),
      '--key-path',
      join(dir, 'key.pem'),
      '--reason',
      'superseded',
      '--no-delete-after-revoke',
    ];
    await runCertbot(args, join(fresh, 'logs'));
    expect(existsSync(join(fresh, 'config', 'accounts'))).toBe(false);
    expect(gsOrderOf(join(dir, 'cert.pem')).status).toBe('7');
    await expect(runCertbot(args, join(fresh, 'logs2'))).rejects.toThrow(/alreadyRevoked|already revoked/i);
  });

  it("certonly -d (a renewable lineage): certbot's CN-less CSR is badCSR pointing to --csr; nothing to renew", async () => {
    const eab = await preauthorizedTenant(gw, backend);
    const dir = mkdtempSync(join(tmpdir(), 'certbot-'));
    const before = gsOrderCount(backend);
    const args = [
      'certonly',
      '--non-interactive',
      '--agree-tos',
      '-m',
      'ops@example.com',
      '--server',
      gw.directory,
      '--eab-kid',
      eab.kid,
      `--eab-hmac-key=${eab.hmacKey}`,
      '--config-dir',
      join(dir, 'c'),
      '--work-dir',
      join(dir, 'w'),
      '--logs-dir',
      join(dir, 'l'),
      '--standalone',
      '--http-01-port',
      String(httpPort),
      '-d',
      'nocn.example.com',
    ];
    const failure = await run(CERTBOT, args, { timeout: 120_000 }).then(
      () => undefined,
      (e: { stderr?: string }) => e,
    );
    expect(failure).toBeDefined();
    const said = `${failure?.stderr ?? ''}${readFileSync(join(dir, 'l', 'letsencrypt.log'), 'utf8')}`;
    expect(said).toContain('badCSR');
    expect(said).toContain('certbot --csr');
    expect(gsOrderCount(backend)).toBe(before);
    // No lineage was created, so `certbot renew --force-renewal` (certbot's renewal path) has nothing to renew.
    const renew = await run(
      CERTBOT,
      [
        'renew',
        '--force-renewal',
        '--non-interactive',
        '--config-dir',
        join(dir, 'c'),
        '--work-dir',
        join(dir, 'w'),
      ].concat(['--logs-dir', join(dir, 'l')]),
      { timeout: 120_000 },
    );
    expect(`${renew.stdout}${renew.stderr}`).toMatch(/No renewals were attempted/);
    expect(gsOrderCount(backend)).toBe(before);
  });
});
