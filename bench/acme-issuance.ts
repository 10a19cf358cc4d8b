// A whole certbot issuance (`certbot certonly --csr`, EAB, http-01 with certbot's standalone listener) against the
// ACME gateway (miniflare, the simulator in process as GlobalSign) and against Debian's pebble in the same run,
// alternating, median wall time of each. pebble gets a TLS certificate from openssl, pebble-challtestsrv as its DNS
// (every name -> 127.0.0.1), PEBBLE_VA_NOSLEEP=1 and PEBBLE_WFE_NONCEREJECT=0, EAB required, and validates http-01
// on the same port as the gateway's LOCAL_VALIDATION. Two ways certbot answers http-01: its standalone listener,
// and `--webroot` with a file server the bench runs. The standalone listener stops only at Python socketserver's
// next 0.5 s poll tick after the authorization turns valid, which lands by chance relative to the server's
// validation fetch; the webroot runs leave that tick out and so compare the servers. Skipped when certbot or
// pebble is missing.
import { type ChildProcess, execFile, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTenant, startBackend, startGateway } from '../test/acme/harness.ts';
import { fmt, table } from './lib.ts';
import { cpuMs, procAvailable, withNewWorkerd } from './workerd-cpu.ts';

/** The rate limits stay on (their cost is part of the figure) but far above what one bench client sends. */
export const BENCH_LIMITS: Readonly<Record<string, string>> = {
  RATE_LIMIT_IP: '1000000',
  RATE_LIMIT_ACCOUNT: '1000000',
  RATE_LIMIT_NEW_ORDERS: '1000000',
};

const run = promisify(execFile);
const RUNS = Number(process.env.BENCH_ISSUANCE_RUNS ?? 9);
const NAME = 'www.example.com';

/** Markdown and data of the issuance comparison. */
export interface IssuanceResult {
  readonly markdown: string;
  readonly data: unknown;
}

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** One ACME server certbot can be pointed at. */
interface Target {
  readonly directory: string;
  eab(): Promise<{ kid: string; hmacKey: string }>;
  readonly env?: Record<string, string>;
}

/** One certbot run: wall ms, and the round trips of its ACME requests as its debug log times them. */
interface Run {
  readonly ms: number;
  readonly requests: number;
  readonly serverMs: number;
  /** From certbot's first request to its last answer (its start-up and exit left out). */
  readonly spanMs: number;
}

/** Sums the time from each `Sending <method> request` to the next `Received response` in certbot's log (ms stamps). */
function roundTrips(log: string): { requests: number; serverMs: number; spanMs: number } {
  let sent: number | undefined;
  let first: number | undefined;
  let lastAnswer = 0;
  let requests = 0;
  let serverMs = 0;
  for (const m of log.matchAll(
    /^\d{4}-\d\d-\d\d (\d\d):(\d\d):(\d\d),(\d{3}):DEBUG:acme\.client:(Sending|Received response)/gm,
  )) {
    const at = ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]);
    if (m[5] === 'Sending') {
      sent = at;
      first ??= at;
    } else if (sent !== undefined) {
      requests++;
      serverMs += at - sent;
      lastAnswer = at;
      sent = undefined;
    }
  }
  return { requests, serverMs, spanMs: first === undefined ? 0 : lastAnswer - first };
}

/** How certbot answers http-01: its own listener on the port, or files in a directory a server on the port serves. */
type Mode = { readonly kind: 'standalone' } | { readonly kind: 'webroot'; readonly dir: string };

/** A file server for `--webroot`: `GET /.well-known/acme-challenge/<token>` from `dir`, on 127.0.0.1:`port`. */
function serveWebroot(dir: string, port: number): Promise<Server> {
  const server = createHttpServer((req, res) => {
    const token = /^\/\.well-known\/acme-challenge\/([A-Za-z0-9_-]+)$/.exec(req.url ?? '')?.[1];
    const file = token ? join(dir, '.well-known', 'acme-challenge', token) : '';
    if (!file || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(port, '127.0.0.1', () => ok(server)));
}

/** One `certbot certonly` in a fresh config directory. */
async function certbot(t: Target, port: number, mode: Mode): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-certbot-'));
  const csr = join(dir, 'csr.der');
  execFileSync(
    'openssl',
    [
      ...['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'],
      ...['-keyout', join(dir, 'key.pem'), '-subj', `/CN=${NAME}`, '-addext', `subjectAltName=DNS:${NAME}`],
      ...['-outform', 'DER', '-out', csr],
    ],
    { stdio: 'ignore' },
  );
  const eab = await t.eab();
  const args = [
    ...['certonly', '--non-interactive', '--agree-tos', '-m', 'ops@example.com', '--server', t.directory],
    ...['--eab-kid', eab.kid, `--eab-hmac-key=${eab.hmacKey}`, '--csr', csr],
    ...['--config-dir', join(dir, 'c'), '--work-dir', join(dir, 'w'), '--logs-dir', join(dir, 'l')],
    ...['--cert-path', join(dir, 'cert.pem'), '--fullchain-path', join(dir, 'full.pem')],
    ...['--chain-path', join(dir, 'chain.pem'), '--preferred-challenges', 'http'],
    ...(mode.kind === 'webroot'
      ? ['--webroot', '-w', mode.dir]
      : ['--standalone', '--http-01-port', String(port), '--http-01-address', '127.0.0.1']),
  ];
  const t0 = performance.now();
  await run('certbot', args, { timeout: 120_000, env: { ...process.env, ...t.env } }).catch((e: Error) => {
    throw new Error(`certbot against ${t.directory} failed: ${e.message.slice(0, 600)}`);
  });
  const ms = performance.now() - t0;
  if (!existsSync(join(dir, 'full.pem'))) throw new Error(`certbot against ${t.directory} wrote no certificate`);
  const trips = roundTrips(readFileSync(join(dir, 'l', 'letsencrypt.log'), 'utf8'));
  if (process.env.BENCH_KEEP) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
  return { ms, ...trips };
}

/** Waits until `child` writes `text` (to stdout or stderr). */
function waitFor(child: ChildProcess, text: string, what: string): Promise<void> {
  return new Promise((ok, fail) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`${what} did not start: ${seen.slice(-500)}`)), 20_000);
    const on = (d: Buffer) => {
      seen += d.toString();
      if (seen.includes(text)) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stdout?.on('data', on);
    child.stderr?.on('data', on);
    child.on('exit', (code) => fail(new Error(`${what} exited (${code}): ${seen.slice(-500)}`)));
  });
}

/** pebble and pebble-challtestsrv on loopback ports, http-01 checked on `httpPort`. */
async function startPebble(httpPort: number): Promise<Target & { stop(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-pebble-'));
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2'],
      ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=localhost'],
      ...['-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
    ],
    { stdio: 'ignore' },
  );
  const [acmePort, mgmtPort, dnsPort, dnsMgmt, tlsPort] = await Promise.all(Array.from({ length: 5 }, freePort));
  const kid = 'bench-kid';
  const hmacKey = randomBytes(32).toString('base64url');
  writeFileSync(
    join(dir, 'pebble.json'),
    JSON.stringify({
      pebble: {
        listenAddress: `127.0.0.1:${acmePort}`,
        managementListenAddress: `127.0.0.1:${mgmtPort}`,
        certificate: join(dir, 'cert.pem'),
        privateKey: join(dir, 'key.pem'),
        httpPort,
        tlsPort,
        ocspResponderURL: '',
        externalAccountBindingRequired: true,
        externalAccountMACKeys: { [kid]: hmacKey },
      },
    }),
  );
  const dns = spawn('pebble-challtestsrv', [
    ...['-defaultIPv4', '127.0.0.1', '-defaultIPv6', '', '-dns01', `127.0.0.1:${dnsPort}`],
    ...['-http01', '', '-https01', '', '-tlsalpn01', '', '-management', `127.0.0.1:${dnsMgmt}`],
  ]);
  const env = { ...process.env, PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0' };
  const pebble = spawn('pebble', ['-config', join(dir, 'pebble.json'), '-dnsserver', `127.0.0.1:${dnsPort}`], { env });
  const stop = () => {
    pebble.kill();
    dns.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all([waitFor(dns, 'Starting', 'pebble-challtestsrv'), waitFor(pebble, 'Listening on', 'pebble')]);
  } catch (e) {
    stop();
    throw e;
  }
  return {
    directory: `https://127.0.0.1:${acmePort}/dir`,
    eab: async () => ({ kid, hmacKey }),
    env: { REQUESTS_CA_BUNDLE: join(dir, 'cert.pem') },
    stop,
  };
}

const skipped = (why: string): IssuanceResult => ({
  markdown: `certbot issuance against the gateway and pebble: skipped (${why}).`,
  data: { skipped: why },
});

/**
 * certbot's own HTTP stack (Python requests, a kept-alive connection) timing one request without JWS, either back
 * to back or after a 50 ms pause, as between certbot's requests: the floor of one answer from each server.
 */
const FLOOR_PROBE = `
import json, statistics, sys, time, requests, urllib3
urllib3.disable_warnings()
s = requests.Session()
out = {}
for name, method, url in json.loads(sys.argv[1]):
    for gap in (0, 0.05):
        ts = []
        for i in range(40 if gap else 200):
            if gap: time.sleep(gap)
            t0 = time.perf_counter()
            s.request(method, url, verify=False).content
            ts.append((time.perf_counter() - t0) * 1000)
        out[name + (' after 50 ms' if gap else ' back to back')] = statistics.median(ts)
print(json.dumps(out))
`;

interface Floor {
  readonly request: string;
  readonly backToBackMs: number;
  readonly after50MsMs: number;
}

/** Medians of `FLOOR_PROBE` for each [name, method, url]; `undefined` when Python's requests is missing. */
function floorOf(targets: readonly (readonly [string, string, string])[]): Floor[] | undefined {
  const r = spawnSync('/usr/bin/python3', ['-c', FLOOR_PROBE, JSON.stringify(targets)], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const m = JSON.parse(r.stdout) as Record<string, number>;
  return targets.map(([name]) => ({
    request: name,
    backToBackMs: m[`${name} back to back`]!,
    after50MsMs: m[`${name} after 50 ms`]!,
  }));
}

/** Runs the comparison; skips (with the reason) when certbot, openssl or pebble is missing. */
export async function runIssuanceBench(log: (s: string) => void = console.log): Promise<IssuanceResult> {
  const missing = ['certbot', 'openssl', 'pebble', 'pebble-challtestsrv'].filter((c) => !has(c));
  if (missing.length) {
    log(`certbot issuance skipped: ${missing.join(', ')} not installed (npm run setup installs them on Debian)`);
    return skipped(`${missing.join(', ')} not installed; \`npm run setup\` installs them on Debian`);
  }
  const port = await freePort();
  const backend = await startBackend();
  const { value: gw, pids } = await withNewWorkerd(() =>
    startGateway(backend, { local: { httpPort: port }, bindings: BENCH_LIMITS }),
  );
  const pebble = await startPebble(port);
  const gateway: Target = {
    directory: gw.directory,
    eab: () =>
      createTenant(gw, { profileId: backend.profileId, domainIds: [backend.domainId], challenges: ['http-01'] }),
  };
  const modes: Record<Mode['kind'], { gateway: Run[]; pebble: Run[]; cpu: number[] }> = {
    standalone: { gateway: [], pebble: [], cpu: [] },
    webroot: { gateway: [], pebble: [], cpu: [] },
  };
  const webroot = mkdtempSync(join(tmpdir(), 'bench-webroot-'));
  let files: Server | undefined;
  let floor: Floor[] | undefined;
  try {
    for (const mode of [{ kind: 'standalone' }, { kind: 'webroot', dir: webroot }] as const) {
      if (mode.kind === 'webroot') files = await serveWebroot(webroot, port);
      const m = modes[mode.kind];
      await certbot(gateway, port, mode); // warm-up of both, not counted
      await certbot(pebble, port, mode);
      for (let i = 0; i < RUNS; i++) {
        const c0 = procAvailable ? cpuMs(pids) : 0;
        m.gateway.push(await certbot(gateway, port, mode));
        if (procAvailable) m.cpu.push(cpuMs(pids) - c0);
        m.pebble.push(await certbot(pebble, port, mode));
        const [a, b] = [m.gateway.at(-1)!, m.pebble.at(-1)!];
        log(
          `${mode.kind} run ${i + 1}: gateway ${fmt(a.ms)} ms (requests to answer ${fmt(a.spanMs)} ms, ${a.requests} answers ${fmt(a.serverMs)} ms), pebble ${fmt(b.ms)} ms (${fmt(b.spanMs)}, ${b.requests} answers ${fmt(b.serverMs)} ms)`,
        );
      }
    }
    floor = floorOf([
      ['pebble GET /dir (TLS)', 'GET', pebble.directory],
      ['gateway GET /directory (no Durable Object)', 'GET', gw.directory],
      ['gateway HEAD newNonce (one Durable Object call: the address limit)', 'HEAD', `${gw.url}/acme/new-nonce`],
    ]);
  } finally {
    await new Promise((ok) => (files ? files.close(ok) : ok(undefined)));
    rmSync(webroot, { recursive: true, force: true });
    pebble.stop();
    await gw.stop();
    await backend.server.close();
  }
  const startup = median(
    Array.from({ length: 3 }, () => {
      const t0 = performance.now();
      spawnSync('certbot', ['--version'], { stdio: 'ignore' });
      return performance.now() - t0;
    }),
  );
  const row = (name: string, runs: Run[], cpuCell: string) => [
    name,
    fmt(median(runs.map((r) => r.ms))),
    runs.map((r) => fmt(r.ms)).join(', '),
    fmt(median(runs.map((r) => r.spanMs))),
    `${fmt(median(runs.map((r) => r.serverMs)))} (${runs[0]?.requests ?? 0})`,
    cpuCell,
  ];
  const rows = (['webroot', 'standalone'] as const).flatMap((k) => [
    row(`ACME gateway (miniflare), ${k}`, modes[k].gateway, modes[k].cpu.length ? fmt(median(modes[k].cpu)) : 'n/a'),
    row(`pebble (Debian), ${k}`, modes[k].pebble, ''),
  ]);
  for (const k of ['webroot', 'standalone'] as const) {
    const g = median(modes[k].gateway.map((r) => r.ms));
    const p = median(modes[k].pebble.map((r) => r.ms));
    log(`${k} median: gateway ${fmt(g)} ms, pebble ${fmt(p)} ms (certbot --version ${fmt(startup)} ms)`);
  }
  const version = execFileSync('certbot', ['--version']).toString().trim();
  const markdown = [
    `${version}, \`certonly --csr\` with EAB and http-01, ${RUNS} runs each after one warm-up, alternating; two ways of`,
    'answering http-01: `--webroot` (files served by a small HTTP server the bench runs) and `--standalone`',
    "(certbot's own listener). Medians of the whole command's wall time (certbot's own start-up, `certbot --version`:",
    `${fmt(startup)} ms), of the time from its first request to its last answer, and of the part spent waiting for the`,
    "server's answers (sum of request round trips, all three from certbot's debug log, ms timestamps). Most of the",
    "wall time is certbot's own fixed pauses (1 s after answering the challenge, 1 s after finalize); the standalone",
    "listener adds a stop that waits for Python socketserver's next 0.5 s poll tick, which falls by chance against",
    "the server's validation fetch (a prompt fetch makes it a full 0.5 s). pebble is served over TLS, the local gateway",
    'over plain HTTP; the gateway orders from the simulator (in process) and validates http-01 itself, within the',
    "challenge's answer when the validation ends in time (CHALLENGE_WAIT_MS), while pebble validates after answering.",
    'Target: no slower than pebble.',
    '',
    table(
      [
        'server, http-01 answered by',
        'certbot wall ms',
        'runs (ms)',
        'first request to last answer ms',
        'answering ms (requests)',
        'workerd CPU ms / issuance',
      ],
      rows,
    ),
    '',
    floor
      ? [
          "One answer without JWS, timed by certbot's HTTP stack (Python requests, kept-alive connection), medians:",
          "back to back, and after a 50 ms pause as between certbot's requests (an idle machine wakes up slower). The",
          "gateway's path has miniflare's entry Worker in front and, for most ACME requests, one or more Durable Object",
          'calls on top; pebble keeps its state in memory.',
          '',
          table(
            ['request', 'back to back ms', 'after 50 ms idle ms'],
            floor.map((f) => [f.request, fmt(f.backToBackMs), fmt(f.after50MsMs)]),
          ),
        ].join('\n')
      : 'Per-request floor: skipped (no Python requests at /usr/bin/python3).',
  ].join('\n');
  return {
    markdown,
    data: { runs: RUNS, modes, certbotStartupMs: startup, floor },
  };
}
