// The enrollment Worker in workerd (miniflare), the simulator in process as GlobalSign: workerd CPU per `/enroll`
// (invitation check, ledger and rate-limit Durable Objects, CSR parse and RSA signature check, lint, the EPKI SOAP
// request built, sent and its answer parsed, the chain read), measured from /proc like bench/acme.ts; an
// `/invitation/status` check alone for reference. Invitations and CSRs (RSA-2048, as EPKI needs) are made before
// the measurement. Figures are reported, never asserted.
//   node --import tsx bench/enroll-cpu.ts      (or as a module of `npm run bench`: runEnrollCpuBench)
import { Miniflare } from 'miniflare';
import { buildWorker, miniflareOptions } from '../scripts/build-workers.mjs';
import { createCsr, generateKeyPair } from '../src/crypto/index.ts';
import { createSimulator } from '../src/simulator/index.ts';
import { serveSimulator } from '../src/simulator/node.ts';
import { checkCsr } from '../workers/enroll/src/csr-policy.ts';
import { mintInvitation, verifyInvitation } from '../workers/enroll/src/invitation.ts';
import { orderForInvitation } from '../workers/enroll/src/issue.ts';
import { fmt, table } from './lib.ts';
import { type CpuFigure, cpuPerCall, machineLoad, procAvailable, withNewWorkerd } from './workerd-cpu.ts';

const ENROLLS = 200;
const CHECKS = 300;
const WARMUP = 20;
const SECRET = 'bench-invitation-secret-0123456789abcdef';

/** Invitations and matching CSRs, one per enrollment; a few RSA keys shared between them. */
async function prepare(n: number, profile: string, domain: string) {
  const keys = await Promise.all(Array.from({ length: 4 }, () => generateKeyPair('RSA-2048')));
  const out: { invitation: string; csr: string }[] = [];
  for (let i = 0; i < n; i++) {
    const email = `user${i}@${domain}`;
    const name = `User ${i}`;
    const { token } = await mintInvitation(SECRET, { email, name, profile });
    const csr = await createCsr({
      keys: keys[i % keys.length]!,
      subject: { CN: name, E: email },
      sans: [{ type: 'email', value: email }],
    });
    out.push({ invitation: token, csr: csr.pem });
  }
  return out;
}

async function measureEnroll(log: (s: string) => void): Promise<CpuFigure[]> {
  const sim = await createSimulator();
  const server = await serveSimulator(sim);
  const d = sim.defaults;
  const script = await buildWorker('enroll');
  const { value: mf, pids } = await withNewWorkerd(async () => {
    const m = new Miniflare({
      ...miniflareOptions('enroll', script),
      bindings: {
        INVITE_SECRET: SECRET,
        GS_ENDPOINT: server.url,
        GS_USERNAME: d.username,
        GS_PASSWORD: d.password,
        RATE_LIMIT_IP: '1000000',
        RATE_LIMIT_INVITATION: '1000000',
      },
      handleStructuredLogs: () => {},
    });
    await m.ready;
    return m;
  });
  try {
    const url = (await mf.ready).href.replace(/\/$/, '');
    log(`making ${ENROLLS + WARMUP} invitations and RSA-2048 CSRs`);
    const inputs = await prepare(ENROLLS + WARMUP, d.epkiProfileId, d.emailDomain);
    const post = async (path: string, body: unknown, ok: number) => {
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': '198.51.100.7' },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status !== ok) throw new Error(`${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
    };
    const fresh = await Promise.all(
      Array.from({ length: CHECKS + WARMUP }, (_, i) =>
        mintInvitation(SECRET, { email: `check${i}@${d.emailDomain}`, name: `Check ${i}`, profile: d.epkiProfileId }),
      ),
    );
    const health = async () => {
      const res = await fetch(`${url}/health`);
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`/health: HTTP ${res.status}`);
    };
    const figures = [
      await cpuPerCall(pids, 'GET /health (loopback HTTP and routing only)', health, CHECKS, WARMUP),
      await cpuPerCall(
        pids,
        'POST /invitation/status, the same invitation again (its Durable Objects warm)',
        () => post('/invitation/status', { invitation: inputs[0]!.invitation }, 200),
        CHECKS,
        WARMUP,
      ),
      await cpuPerCall(
        pids,
        'POST /invitation/status, a new invitation each time (its Durable Objects created)',
        (i) => post('/invitation/status', { invitation: fresh[i]!.token }, 200),
        CHECKS,
        WARMUP,
      ),
      await cpuPerCall(
        pids,
        'POST /enroll (new invitation, RSA-2048 CSR, EPKI order at the simulator)',
        (i) => post('/enroll', inputs[i]!, 201),
        ENROLLS,
        WARMUP,
      ),
    ];
    for (const f of figures)
      log(
        `${f.kind}: ${fmt(f.cpuMsPerRequest)} ms CPU, ${fmt(f.wallMsPerRequest)} ms wall per request (${f.requests})`,
      );
    return figures;
  } finally {
    await mf.dispose();
    await server.close();
  }
}

/** A fetch that asks the simulator once per SOAP operation, then answers every later call with that answer. */
function replaying(sim: { fetch: (r: Request) => Promise<Response> }): typeof fetch {
  const answers = new Map<string, { body: string; status: number; type: string }>();
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const body = await request.clone().text();
    const op = /<(?:\w+:)?Body[^>]*>\s*<(?:\w+:)?(\w+)/.exec(body)?.[1] ?? '';
    let a = answers.get(op);
    if (!a) {
      const res = await sim.fetch(request);
      a = { body: await res.text(), status: res.status, type: res.headers.get('content-type') ?? 'text/xml' };
      answers.set(op, a);
    }
    return new Response(a.body, { status: a.status, headers: { 'content-type': a.type } });
  };
}

/**
 * The Worker's own steps of `/enroll` run in Node (same V8 as workerd; WebCrypto from OpenSSL, not BoringSSL):
 * invitation check, CSR parse, signature check and lint, SOAP requests built and answers parsed, the answer's JSON.
 * No Durable Object, no HTTP; the simulator's answers are replayed, so its work is not counted. process.cpuUsage().
 */
async function ownSteps(log: (s: string) => void): Promise<CpuFigure[]> {
  const sim = await createSimulator();
  const d = sim.defaults;
  const inputs = await prepare(ENROLLS + WARMUP, d.epkiProfileId, d.emailDomain);
  const options = { username: d.username, password: d.password, endpoint: 'http://simulator', fetch: replaying(sim) };
  const steps = { invitation: 0, csr: 0, soap: 0 };
  const step = async <T>(name: keyof typeof steps, fn: () => Promise<T>): Promise<T> => {
    const c = process.cpuUsage();
    const out = await fn();
    const u = process.cpuUsage(c);
    steps[name] += (u.user + u.system) / 1000;
    return out;
  };
  const once = async (i: number) => {
    const inv = await step('invitation', () => verifyInvitation(inputs[i]!.invitation, SECRET));
    const csr = await step('csr', () => checkCsr(inputs[i]!.csr, inv));
    const issued = await step('soap', () => orderForInvitation(inv, csr.pem, options));
    return JSON.stringify({ email: inv.email, ...issued }).length;
  };
  const quiet = console.log;
  console.log = () => {}; // the audit lines orderForInvitation writes
  try {
    for (let i = 0; i < WARMUP; i++) await once(i);
    Object.assign(steps, { invitation: 0, csr: 0, soap: 0 });
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = WARMUP; i < WARMUP + ENROLLS; i++) await once(i);
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    const f: CpuFigure = {
      kind: "/enroll's own steps in Node (no Durable Object, no HTTP, simulator answers replayed)",
      requests: ENROLLS,
      cpuMsPerRequest: (c.user + c.system) / 1000 / ENROLLS,
      wallMsPerRequest: wall / ENROLLS,
    };
    const part = (kind: string, ms: number): CpuFigure => ({
      kind: `… of which ${kind}`,
      requests: ENROLLS,
      cpuMsPerRequest: ms / ENROLLS,
      wallMsPerRequest: Number.NaN,
    });
    const parts = [
      part('the invitation check', steps.invitation),
      part('the CSR parse, signature check and lint', steps.csr),
      part('the SOAP order and read-back, built and parsed', steps.soap),
    ];
    console.log = quiet;
    for (const x of [f, ...parts]) log(`${x.kind}: ${fmt(x.cpuMsPerRequest)} ms CPU per request (${x.requests})`);
    return [f, ...parts];
  } finally {
    console.log = quiet;
  }
}

/** Runs the benchmark; Markdown and data for bench/RESULTS.md. */
export async function runEnrollCpuBench(log: (s: string) => void = console.log) {
  const load = machineLoad();
  log(`machine: ${load}`);
  if (!procAvailable) {
    log('enroll Worker CPU skipped: no /proc on this machine');
    return { markdown: 'Skipped: no /proc on this machine.', data: { skipped: 'no /proc' } };
  }
  const figures = [...(await measureEnroll(log)), ...(await ownSteps(log))];
  const markdown = [
    `Machine at the start: ${load}. workerd CPU (utime + stime from /proc, idle use subtracted), sequential requests`,
    'after warm-up; it includes loopback HTTP, the Durable Object calls and the SOAP round trip to the simulator (whose',
    'own work runs in the Node process, not counted). Every /enroll spends a new invitation, so workerd also creates',
    "that invitation's Durable Objects (ledger and rate-limit bucket, SQLite on disk under miniflare); on Cloudflare",
    "that work runs in the objects, not in the Worker's CPU time. The status rows separate that cost. The last row runs",
    "the Worker's own steps of /enroll in Node instead (same V8; Node's process CPU): invitation check, CSR parse,",
    'signature check and lint, SOAP built and parsed (simulator answers replayed). Target: ≤ 3 ms per /enroll.',
    '',
    table(
      ['request', 'requests', 'workerd CPU ms / request', 'client wall ms / request'],
      figures.map((f) => [
        f.kind,
        String(f.requests),
        fmt(f.cpuMsPerRequest),
        Number.isNaN(f.wallMsPerRequest) ? '' : fmt(f.wallMsPerRequest),
      ]),
    ),
  ].join('\n');
  return { markdown, data: { load, figures } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runEnrollCpuBench();
  console.log(r.markdown);
}
