// The CLI to the habits of gh and step (issue 14 item 6), driven as a binary: --version, help per subcommand, our
// own messages for unknown options, one JSON error object with --json, network failures naming the endpoint and the
// cause, `config set` prompting (never argv), `simulator complete` through the admin API.
import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, credsOf, jsonError, type SimInfo, scratch, startSimulator } from './harness.ts';

let dir: string;
let child: ChildProcess;
let sim: SimInfo;
const sockets: Socket[] = [];
let silent: Server;

beforeAll(async () => {
  dir = scratch('gsk-habits-');
  ({ child, sim } = await startSimulator(dir));
  silent = createServer((s) => sockets.push(s)); // accepts, never answers
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
}, 60_000);

afterAll(async () => {
  child?.kill('SIGTERM');
  for (const s of sockets) s.destroy();
  await new Promise((r) => silent.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('globalsign CLI habits', { timeout: 240_000 }, () => {
  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as {
      version: string;
    };
    const r = cli(dir, ['--version']);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(`globalsign ${version}`);
    expect(JSON.parse(cli(dir, ['--version', '--json']).out)).toEqual({ name: 'globalsign-kit', version });
  });

  it('help of a subcommand shows that subcommand only; the command shows all', () => {
    const open = cli(dir, ['p12', 'open', '--help']);
    expect(open.code).toBe(0);
    expect(open.out).toContain('globalsign p12 open');
    expect(open.out).not.toContain('p12 create');
    const epki = cli(dir, ['order', 'epki', '--help']);
    expect(epki.out).toContain('globalsign order epki');
    expect(epki.out).not.toContain('order mssl');
    const both = cli(dir, ['p12', '--help']);
    expect(both.out).toContain('p12 open');
    expect(both.out).toContain('p12 create');
  });

  it("unknown options and missing values get our message and the command's usage, not parseArgs wording", () => {
    const r = cli(dir, ['keygen', '--out', 'k.pem', '--frobnicate']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^globalsign keygen: --frobnicate: unknown option/);
    expect(r.err).toContain('globalsign keygen --out key.pem');
    expect(r.err).not.toMatch(/Unknown option '|To specify a positional|ERR_PARSE_ARGS/);
    const mssl = cli(dir, ['order', 'epki', '--domain', 'x', '--json']); // an `order mssl` option
    expect(jsonError(mssl)).toEqual({
      name: 'CliError',
      code: 'USAGE',
      message: expect.stringMatching(/^--domain: unknown option[\s\S]*globalsign order epki/),
      field: '--domain',
      exitCode: 1,
    });
    expect(jsonError(mssl).message).not.toContain('order mssl');
    const noValue = cli(dir, ['csr', '--key']);
    expect(noValue.code).toBe(1);
    expect(noValue.err).toMatch(/--key: needs a value/);
    expect(cli(dir, ['keygen', '--force=yes', '--out', 'k.pem']).err).toMatch(/--force: takes no value/);
  });

  it('with --json every error is one JSON object on stderr with the documented exit code', () => {
    const none = cli(dir, ['status', 'CE1', '--json']);
    expect(none.code).toBe(1);
    expect(none.out).toBe('');
    expect(jsonError(none)).toMatchObject({ name: 'CliError', code: 'USAGE', exitCode: 1 });
    writeFileSync(join(dir, 'k.pem'), 'not a key');
    const badKey = cli(dir, ['csr', '--key', 'k.pem', '--cn', 'x', '--json']);
    expect(jsonError(badKey)).toMatchObject({ code: 'INPUT', field: '--key', exitCode: 2 });
    expect(cli(dir, ['keygen', '--out', 'r.pem']).code).toBe(0);
    expect(cli(dir, ['csr', '--key', 'r.pem', '--cn', 'Carol', '--out', 'r.csr']).code).toBe(0);
    const args = ['order', 'epki', '--product', 'EPKIPSPersonal', '--profile', sim.epkiProfileId, '--cn', 'Carol'];
    const invalid = cli(dir, [...args, '--csr', 'r.csr', '--years', '9', '--json'], credsOf(sim));
    expect(invalid.code).toBe(2);
    expect(jsonError(invalid)).toMatchObject({
      name: 'ValidationError',
      code: 'VALIDATION',
      field: 'Year',
      exitCode: 2,
    });
    const api = cli(dir, ['status', 'CE000000000', '--json'], credsOf(sim));
    expect(api.code).toBe(3);
    expect(jsonError(api)).toMatchObject({ name: 'GlobalSignApiError', code: 'GLOBALSIGN_API', exitCode: 3 });
    const unknown = cli(dir, ['frobnicate', '--json']);
    expect(jsonError(unknown)).toMatchObject({ code: 'USAGE', field: 'frobnicate', exitCode: 1 });
  });

  it('a network failure names the endpoint and the cause: refused, DNS, TLS, timeout', async () => {
    const at = (endpoint: string, extra: string[] = []) => {
      const r = cli(dir, ['status', 'CE1', '--json', ...extra], { ...credsOf(sim), GLOBALSIGN_ENDPOINT: endpoint });
      expect(r.code, r.err).toBe(4);
      return jsonError(r);
    };
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const free = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r)); // nothing listens there now
    const refused = at(`http://127.0.0.1:${free}`);
    expect(refused.message).toMatch(new RegExp(`http://127\\.0\\.0\\.1:${free}/\\S+: connection refused`));
    expect(refused).toMatchObject({ code: 'HTTP', exitCode: 4 });
    const admin = { GLOBALSIGN_SIMULATOR_ADMIN_SECRET: 'x' };
    const sc = cli(dir, ['simulator', 'complete', 'CE1', '--endpoint', `http://127.0.0.1:${free}`, '--json'], admin);
    expect(jsonError(sc)).toMatchObject({
      code: 'NETWORK',
      exitCode: 4,
      message: expect.stringContaining(`127.0.0.1:${free}/admin/epki/orders/CE1/complete: connection refused`),
    });
    expect(at('http://no-such-host.invalid').message).toMatch(/http:\/\/no-such-host\.invalid\/\S+: DNS lookup failed/);
    const tls = at(sim.url.replace('http:', 'https:'));
    expect(tls.message).toContain(`${sim.url.replace('http:', 'https:')}/`);
    expect(tls.message).toMatch(/TLS handshake failed/);
    const port = (silent.address() as { port: number }).port;
    const slow = at(`http://127.0.0.1:${port}`, ['--timeout', '300ms']);
    expect(slow).toMatchObject({ code: 'TIMEOUT', exitCode: 4 });
    expect(slow.message).toMatch(
      new RegExp(`no response within 300 ms.*http://127\\.0\\.0\\.1:${port}/\\S+: timed out`),
    );
  });

  it('config set prompts for the username and password (stdin), writes the file 0600; commands use it', () => {
    const env = { XDG_CONFIG_HOME: join(dir, 'cfg') };
    const set = cli(dir, ['config', 'set', '--endpoint', sim.url, '--json'], env, `${sim.username}\n${sim.password}\n`);
    expect(set.code, set.err).toBe(0);
    expect(set.out).not.toContain(sim.password);
    const file = join(dir, 'cfg', 'globalsign-kit', 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      username: sim.username,
      password: sim.password,
      endpoint: sim.url,
    });
    const show = cli(dir, ['config', 'show', '--json'], env);
    expect(JSON.parse(show.out)).toMatchObject({ username: sim.username, endpoint: sim.url, password: 'set' });
    expect(show.out).not.toContain(sim.password);
    const st = cli(dir, ['status', 'CE000000000', '--json'], env);
    expect(jsonError(st).code).toBe('GLOBALSIGN_API'); // reached the simulator with the file's credentials
    const empty = cli(dir, ['config', 'set'], env, '');
    expect(empty.code).toBe(1);
    expect(empty.err).toMatch(/username: no answer/);
    expect(cli(dir, ['config', 'set', '--password', 'x'], env).code).toBe(1);
  });

  it('simulator complete finishes an enrollment through the admin API with the printed secret', () => {
    writeFileSync(join(dir, 'pickup.txt'), 'Pickup12345\n');
    const args = ['order', 'epki', '--product', 'EPKIPSPersonal', '--profile', sim.epkiProfileId, '--cn', 'Dora'];
    const placed = cli(
      dir,
      [...args, '--email', 'dora@example.com', '--pickup-password-file', 'pickup.txt', '--json'],
      credsOf(sim),
    );
    expect(placed.code, placed.err).toBe(0);
    const { orderId } = JSON.parse(placed.out) as { orderId: string };
    const admin = { ...credsOf(sim), GLOBALSIGN_SIMULATOR_ADMIN_SECRET: sim.adminSecret };
    const wrong = cli(dir, ['simulator', 'complete', orderId, '--json'], {
      ...admin,
      GLOBALSIGN_SIMULATOR_ADMIN_SECRET: 'x',
    });
    expect(wrong.code).toBe(3);
    const missing = cli(dir, ['simulator', 'complete', orderId], credsOf(sim));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('GLOBALSIGN_SIMULATOR_ADMIN_SECRET');
    const done = cli(dir, ['simulator', 'complete', orderId, '--json'], admin);
    expect(done.code, done.err).toBe(0);
    expect(JSON.parse(done.out)).toMatchObject({ orderId });
    const again = cli(dir, ['simulator', 'complete', orderId, '--json'], admin);
    expect(jsonError(again)).toMatchObject({
      exitCode: 3,
      message: expect.stringContaining('not a pending enrollment'),
    });
    const ok = cli(dir, ['wait', orderId, '--json'], credsOf(sim));
    expect(JSON.parse(ok.out)).toMatchObject({ orderId, status: 'ISSUED', subject: expect.stringContaining('Dora') });
  });
});
