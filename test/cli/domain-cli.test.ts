// `globalsign domain` and `globalsign renew` end to end over HTTP: the simulator served on 127.0.0.1 in this process
// (so the test can publish DNS records and web files through its admin API), the commands run as main() runs them
// (parse, run, exit code of the error), openssl checking the files that renew writes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MsslClient } from '../../src/clients/mssl.ts';
import { parse } from '../../src/cli/args.ts';
import type { Command, Io } from '../../src/cli/common.ts';
import { domain } from '../../src/cli/domain-command.ts';
import { exitCodeOf } from '../../src/cli/report.ts';
import { renew } from '../../src/cli/renew-command.ts';
import { createCsr, generateKeyPair } from '../../src/crypto/index.ts';
import { createSimulator, type Simulator } from '../../src/simulator/index.ts';
import { type SimulatorServer, serveSimulator } from '../../src/simulator/node.ts';

let sim: Simulator;
let server: SimulatorServer;
let dir: string;
const CONTACT = [
  '--first-name',
  'Ada',
  '--last-name',
  'Lovelace',
  '--phone',
  '+44 20 0000 0000',
  '--email',
  'ada@example.com',
];

beforeAll(async () => {
  sim = await createSimulator();
  server = await serveSimulator(sim);
  dir = mkdtempSync(join(tmpdir(), 'gsk-domain-cli-'));
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a command as main() does; `onErr` sees each stderr line as it is written. */
async function run(command: Command, argv: string[], onErr?: (line: string) => void) {
  const out: string[] = [];
  const err: string[] = [];
  const env = {
    GLOBALSIGN_USERNAME: sim.defaults.username,
    GLOBALSIGN_PASSWORD: sim.defaults.password,
    GLOBALSIGN_ENDPOINT: server.url,
    XDG_CONFIG_HOME: join(dir, 'none'),
  };
  const io: Io = {
    out: (t) => out.push(t),
    err: (t) => {
      err.push(t);
      onErr?.(t);
    },
    env,
  };
  let code: number;
  try {
    const p = parse(command, argv);
    if (p === 'help') {
      io.out(command.usage);
      code = 0;
    } else code = await command.run(p, io);
  } catch (e) {
    err.push(e instanceof Error ? e.message : String(e));
    code = exitCodeOf(e);
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const profile = () => String(sim.defaults.msslProfileId);

describe('globalsign domain', () => {
  it('prints usage with --help and refuses a bad subcommand or method', async () => {
    for (const c of [domain, renew]) {
      const h = await run(c, ['--help']);
      expect(h.code).toBe(0);
      expect(h.out).toMatch(/^globalsign (domain|renew)/);
      expect(h.out).toMatch(/Exit codes/);
    }
    expect((await run(domain, ['frobnicate'])).code).toBe(1);
    expect((await run(domain, ['add', '--profile', profile(), '--domain', 'x.test', '--method', 'ftp'])).code).toBe(1);
    expect((await run(domain, ['add', '--profile', profile(), '--domain', 'x.test', '--method', 'dns'])).err).toMatch(
      /--first-name is required/,
    );
  });

  it('add → publish DNS → verify, then an unpublished HTTP domain fails with exit 3 naming the URLs', async () => {
    const add = await run(domain, [
      'add',
      '--profile',
      profile(),
      '--domain',
      'cli.test',
      '--method',
      'dns',
      ...CONTACT,
      '--json',
    ]);
    expect(add.code, add.err).toBe(0);
    const ch = JSON.parse(add.out);
    expect(ch.dns.names).toEqual(['cli.test']);
    const text = await run(domain, ['verify', ch.domainId, '--method', 'dns', '--domain', 'cli.test']);
    expect(text.code).toBe(3);
    expect(text.err).toContain('cli.test');
    sim.admin.setDnsTxt('cli.test', [ch.dns.value]);
    const ok = await run(domain, ['verify', ch.domainId, '--method', 'dns', '--domain', 'cli.test', '--json']);
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({
      domainId: ch.domainId,
      tagLocation: 'cli.test',
      statusName: 'APPROVED',
    });
    const listed = await run(domain, ['list', '--profile', profile(), '--json']);
    expect(JSON.parse(listed.out)).toContainEqual(
      expect.objectContaining({ domainId: ch.domainId, statusName: 'APPROVED' }),
    );

    const web = await run(domain, [
      'add',
      '--profile',
      profile(),
      '--domain',
      'www.cliweb.test',
      '--method',
      'http',
      ...CONTACT,
    ]);
    expect(web.code).toBe(0);
    expect(web.out).toContain('https://cliweb.test/.well-known/pki-validation/gsdv.txt');
    const id = /MSSL domain ID (\S+)/.exec(web.out)![1]!;
    const bad = await run(domain, ['verify', id, '--method', 'http', '--domain', 'www.cliweb.test']);
    expect(bad.code).toBe(3);
    expect(bad.err).toContain('http://www.cliweb.test/.well-known/pki-validation/gsdv.txt');
  });

  it('verify --wait shows progress on stderr and succeeds once the file is published mid-wait', async () => {
    const add = await run(domain, [
      'add',
      '--profile',
      profile(),
      '--domain',
      'wait.test',
      '--method',
      'http',
      ...CONTACT,
      '--json',
    ]);
    const ch = JSON.parse(add.out);
    let progress = 0;
    const r = await run(
      domain,
      [
        'verify',
        ch.domainId,
        '--method',
        'http',
        '--domain',
        'wait.test',
        '--wait',
        '--interval',
        '20ms',
        '--deadline',
        '20s',
      ],
      (line) => {
        if (line.startsWith('waiting: NOT_PUBLISHED') && ++progress === 2)
          sim.admin.setWebFile(ch.http.urls[1], ch.http.body);
      },
    );
    expect(r.code, r.err).toBe(0);
    expect(progress).toBe(2);
    expect(r.out).toContain(`verified at ${ch.http.urls[1]}: APPROVED`);
  });

  it('renew prints the new record; list --expiring-within finds domains by expiry', async () => {
    const d = sim.admin.addMsslDomain({ profileId: profile(), name: 'old.test' });
    const soon = await run(domain, ['list', '--expiring-within', '900', '--json']);
    expect(JSON.parse(soon.out).map((x: { domain: string }) => x.domain)).toContain('old.test');
    const none = await run(domain, ['list', '--expiring-within', '30', '--json']);
    expect(JSON.parse(none.out).map((x: { domain: string }) => x.domain)).not.toContain('old.test');
    const r = await run(domain, ['renew', d.id, '--profile', profile(), '--method', 'dns', ...CONTACT, '--json']);
    expect(r.code, r.err).toBe(0);
    const ch = JSON.parse(r.out);
    expect(ch.dns.value).toMatch(/^_globalsign-domain-verification=/);
    sim.admin.setDnsTxt('old.test', [ch.dns.value]);
    expect((await run(domain, ['verify', d.id, '--method', 'dns', '--tag-location', 'old.test'])).code).toBe(0);
  });
});

describe('globalsign renew', () => {
  it('lists expiring orders, renews one into --out-dir (key 600, cert with the same names), exit codes', async () => {
    const mssl = new MsslClient({ ...sim.defaults, endpoint: server.url });
    const keys = await generateKeyPair('P-256');
    const csr = (await createCsr({ keys, subject: { CN: 'renew-cli.example.com' } })).pem;
    const placed = await mssl.pvOrder({
      OrderRequestParameter: {
        ProductCode: 'PV_SHA2',
        OrderKind: 'new',
        Licenses: '1',
        Options: [{ OptionName: 'SAN', OptionValue: 'true' }],
        ValidityPeriod: { Months: '12' },
        CSR: csr,
      },
      MSSLProfileID: profile(),
      MSSLDomainID: String(sim.defaults.msslDomainId),
      ContactInfo: { FirstName: 'Ada', LastName: 'Lovelace', Phone: '+44 20 0000 0000', Email: 'ada@example.com' },
      SANEntries: [{ SANOptionType: '2', SubjectAltName: 'alt.renew-cli.example.com' }],
    });
    const oldId = placed.OrderID!;
    const list = await run(renew, ['--within', '400', '--json']);
    expect(list.code, list.err).toBe(0);
    expect(JSON.parse(list.out)).toContainEqual(
      expect.objectContaining({ orderId: oldId, fqdn: 'renew-cli.example.com' }),
    );
    expect(JSON.parse((await run(renew, ['--within', '30', '--json'])).out)).toEqual([]);
    expect((await run(renew, ['--order', oldId])).code).toBe(1); // --out-dir missing
    expect((await run(renew, ['--order', oldId, '--out-dir', dir, '--key-alg', 'DSA'])).code).toBe(1);

    const out = join(dir, 'renewed');
    const r = await run(renew, ['--order', oldId, '--out-dir', out, ...CONTACT, '--interval', '20ms', '--json']);
    expect(r.code, r.err).toBe(0);
    const res = JSON.parse(r.out);
    expect(res.status).toBe('ISSUED');
    expect(readdirSync(out).sort()).toEqual([
      `${res.orderId}.cert.pem`,
      `${res.orderId}.csr.pem`,
      `${res.orderId}.key.pem`,
    ]);
    const key = join(out, `${res.orderId}.key.pem`);
    const cert = join(out, `${res.orderId}.cert.pem`);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(r.err).not.toContain(readFileSync(key, 'utf8').split('\n')[1]!);
    const ssl = (args: string[]) => spawnSync('openssl', args, { encoding: 'utf8' });
    expect(ssl(['pkey', '-in', key, '-pubout']).stdout).toBe(ssl(['x509', '-in', cert, '-noout', '-pubkey']).stdout);
    const text = ssl(['x509', '-in', cert, '-noout', '-text']).stdout;
    expect(text).toContain('DNS:renew-cli.example.com');
    expect(text).toContain('DNS:alt.renew-cli.example.com');
    expect(text).toMatch(/ASN1 OID: prime256v1/);
    const blocks = readFileSync(cert, 'utf8').match(
      /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g,
    )!;
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    writeFileSync(join(dir, 'leaf.pem'), blocks[0]!);
    writeFileSync(join(dir, 'inter.pem'), blocks.slice(1, -1).join(''));
    writeFileSync(join(dir, 'root.pem'), blocks.at(-1)!);
    const verified = ssl([
      'verify',
      '-CAfile',
      join(dir, 'root.pem'),
      '-untrusted',
      join(dir, 'inter.pem'),
      join(dir, 'leaf.pem'),
    ]);
    expect(verified.stdout.trim(), verified.stderr).toMatch(/: OK$/);
    expect(sim.admin.listMsslOrders().find((o) => o.orderId === oldId)!.renewalNotice).toBe(false);
    // a second renewal of the same order is refused by the service: exit 3
    const again = await run(renew, ['--order', oldId, '--out-dir', join(dir, 'again'), ...CONTACT]);
    expect(again.code).toBe(3);
    expect(again.err).toContain('-6102');
  });
});

describe('globalsign renew when the answer is lost', () => {
  /** An issued MSSL order for `cn`, to be renewed. */
  async function issued(cn: string): Promise<string> {
    const mssl = new MsslClient({ ...sim.defaults, endpoint: server.url });
    const keys = await generateKeyPair('P-256');
    const placed = await mssl.pvOrder({
      OrderRequestParameter: {
        ProductCode: 'PV_SHA2',
        OrderKind: 'new',
        Licenses: '1',
        ValidityPeriod: { Months: '12' },
        CSR: (await createCsr({ keys, subject: { CN: cn } })).pem,
      },
      MSSLProfileID: profile(),
      MSSLDomainID: String(sim.defaults.msslDomainId),
      ContactInfo: { FirstName: 'Ada', LastName: 'Lovelace', Phone: '+44 20 0000 0000', Email: 'ada@example.com' },
    });
    return placed.OrderID!;
  }
  const renewalsOf = (id: string) => sim.admin.listMsslOrders().filter((o) => o.renewalOf === id);

  it('applied but unanswered: found, the key written ahead takes its name, --resume issues with that key', async () => {
    const oldId = await issued('lost-renew.example.com');
    const out = join(dir, 'lost-applied');
    sim.admin.setFaults({ rules: [{ kind: 'drop', operations: ['PVOrder'], count: 1 }] });
    const r = await run(renew, ['--order', oldId, '--out-dir', out, ...CONTACT, '--no-wait', '--json']);
    sim.admin.setFaults(undefined);
    expect(r.code, r.err).toBe(0);
    const res = JSON.parse(r.out);
    expect(res.reconcile.status).toBe('found');
    expect(renewalsOf(oldId).map((o) => o.orderId)).toEqual([res.reconcile.orderId]);
    const newId: string = res.reconcile.orderId;
    expect(readdirSync(out).sort()).toEqual([`${newId}.csr.pem`, `${newId}.key.pem`]);
    const key = join(out, `${newId}.key.pem`);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(r.err + r.out).not.toContain(readFileSync(key, 'utf8').split('\n')[1]!);
    const resumed = await run(renew, ['--order', oldId, '--resume', newId, '--out-dir', out, '--interval', '20ms']);
    expect(resumed.code, resumed.err).toBe(0);
    const ssl = (args: string[]) => spawnSync('openssl', args, { encoding: 'utf8' });
    const cert = join(out, `${newId}.cert.pem`);
    expect(ssl(['pkey', '-in', key, '-pubout']).stdout).toBe(ssl(['x509', '-in', cert, '-noout', '-pubkey']).stdout);
  });

  it('never reached the service: proven absent, the pending files are removed, a second run renews once', async () => {
    const oldId = await issued('lost-renew-2.example.com');
    const out = join(dir, 'lost-absent');
    sim.admin.setFaults({ rules: [{ kind: 'dropBeforeApply', operations: ['PVOrder'], count: 1 }] });
    const r = await run(renew, ['--order', oldId, '--out-dir', out, ...CONTACT, '--no-wait', '--json']);
    sim.admin.setFaults(undefined);
    expect(r.code, r.err).toBe(4);
    expect(JSON.parse(r.out).reconcile.status).toBe('absent');
    expect(readdirSync(out)).toEqual([]);
    expect(renewalsOf(oldId)).toEqual([]);
    const again = await run(renew, ['--order', oldId, '--out-dir', out, ...CONTACT, '--no-wait', '--json']);
    expect(again.code, again.err).toBe(0);
    expect(renewalsOf(oldId)).toHaveLength(1);
  });
});
