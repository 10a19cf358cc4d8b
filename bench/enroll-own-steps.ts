// The enrollment Worker's own steps of `/enroll`, without its Durable Objects: in Node (process CPU), and in workerd
// through a bench-only Worker (bench/enroll-steps-worker.ts; workerd CPU from /proc, the runtime's share for a
// request that only reads its body subtracted). GlobalSign's answers come from the simulator, recorded once and
// replayed, so the simulator's work is not counted.
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { bundleWorker, miniflareOptions } from '../scripts/build-workers.mjs';
import { parseCsr } from '../src/crypto/index.ts';
import { createSimulator } from '../src/simulator/index.ts';
import { forgetChains } from '../workers/enroll/src/chains.ts';
import { checkCsr } from '../workers/enroll/src/csr-policy.ts';
import { verifyInvitation } from '../workers/enroll/src/invitation.ts';
import { orderForInvitation } from '../workers/enroll/src/issue.ts';
import { ENROLLS, prepare, SECRET, STEADY, WARMUP } from './enroll-inputs.ts';
import { fmt } from './lib.ts';
import { type CpuFigure, cpuPerCall, withNewWorkerd } from './workerd-cpu.ts';

/** A fetch that asks the simulator once per SOAP operation, then answers every later call with that answer. */
function replaying(sim: { fetch: (r: Request) => Promise<Response> }): typeof fetch {
  const answers = new Map<string, { body: string; status: number; type: string }>();
  return async (input, init) => {
    // The transport posts a string body; reading it from `init` keeps Node's Request (undici, JavaScript; native
    // code in workerd) out of the figure once the answer is known.
    const body = typeof init?.body === 'string' ? init.body : await new Request(input, init).clone().text();
    const op = /<(?:\w+:)?Body[^>]*>\s*<(?:\w+:)?(\w+)/.exec(body)?.[1] ?? '';
    let a = answers.get(op);
    if (!a) {
      const res = await sim.fetch(new Request(input, init));
      a = { body: await res.text(), status: res.status, type: res.headers.get('content-type') ?? 'text/xml' };
      answers.set(op, a);
    }
    return new Response(a.body, { status: a.status, headers: { 'content-type': a.type } });
  };
}

/** CPU ms of `fn` in this process (all threads: WebCrypto runs on libuv's). */
async function cpuOf<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const c = process.cpuUsage();
  const value = await fn();
  const u = process.cpuUsage(c);
  return { value, ms: (u.user + u.system) / 1000 };
}

/**
 * The Worker's own steps of `/enroll` run in Node (same V8 as workerd; WebCrypto from OpenSSL, not BoringSSL):
 * invitation check, CSR parse, signature check and lint, SOAP requests built and answers parsed, the answer's JSON.
 * No Durable Object, no HTTP; the simulator's answers are replayed, so its work is not counted. process.cpuUsage().
 * As in a Worker's isolate, module state lives on between enrollments (the HMAC key, the issuing chain).
 */
export async function ownSteps(log: (s: string) => void): Promise<CpuFigure[]> {
  const sim = await createSimulator();
  const d = sim.defaults;
  const measured = STEADY + ENROLLS;
  forgetChains(); // a new isolate's state: the first enrollment reads the chain
  const inputs = await prepare(measured, d.epkiProfileId, d.emailDomain);
  const options = { username: d.username, password: d.password, endpoint: 'http://simulator', fetch: replaying(sim) };
  const steps = { invitation: 0, csr: 0, soap: 0 };
  const step = async <T>(name: keyof typeof steps, fn: () => Promise<T>): Promise<T> => {
    const { value, ms } = await cpuOf(fn);
    steps[name] += ms;
    return value;
  };
  const once = async (i: number) => {
    const inv = await step('invitation', () => verifyInvitation(inputs[i]!.invitation, SECRET));
    const csr = await step('csr', () => checkCsr(inputs[i]!.csr, inv));
    const issued = await step('soap', () => orderForInvitation(inv, csr.pem, options));
    return JSON.stringify({ email: inv.email, ...issued }).length;
  };
  const run = async (from: number, to: number) => {
    Object.assign(steps, { invitation: 0, csr: 0, soap: 0 });
    const t0 = performance.now();
    const { ms } = await cpuOf(async () => {
      for (let i = from; i < to; i++) await once(i);
    });
    return { cpu: ms / (to - from), wall: (performance.now() - t0) / (to - from) };
  };
  const quiet = console.log;
  console.log = () => {}; // the audit lines orderForInvitation writes
  try {
    const figure = (kind: string, r: { cpu: number; wall: number }): CpuFigure => ({
      kind,
      requests: ENROLLS,
      cpuMsPerRequest: r.cpu,
      wallMsPerRequest: r.wall,
    });
    const part = (kind: string, ms: number): CpuFigure => ({
      kind: `… of which ${kind}`,
      requests: ENROLLS,
      cpuMsPerRequest: ms / ENROLLS,
      wallMsPerRequest: Number.NaN,
    });
    for (let i = 0; i < WARMUP; i++) await once(i);
    const early = await run(WARMUP, WARMUP + ENROLLS);
    for (let i = WARMUP + ENROLLS; i < STEADY; i++) await once(i);
    const warm = await run(STEADY, measured);
    const rows = [
      figure(`/enroll's own steps in Node, after ${WARMUP} warm-ups`, early),
      figure(`/enroll's own steps in Node, after ${STEADY} (steady state)`, warm),
      part('the invitation check', steps.invitation),
      part('the CSR parse, signature check and lint', steps.csr),
      part('the SOAP order, built and parsed (the chain known from the first order)', steps.soap),
      await rsaImportInNode(inputs.map((x) => x.csr)),
    ];
    console.log = quiet;
    for (const x of rows) log(`${x.kind}: ${fmt(x.cpuMsPerRequest)} ms CPU per request (${x.requests})`);
    return rows;
  } finally {
    console.log = quiet;
  }
}

/** For scale: Node importing a CSR's RSA-2048 public key from its SPKI, which the CSR check does once. */
async function rsaImportInNode(csrs: readonly string[]): Promise<CpuFigure> {
  const spkis = (await Promise.all(csrs.slice(0, 4).map((pem) => parseCsr(pem)))).map((c) => new Uint8Array(c.spkiDer));
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const n = 400;
  const importAll = async () => {
    for (let i = 0; i < n; i++) await crypto.subtle.importKey('spki', spkis[i % 4]!, alg, false, ['verify']);
  };
  await importAll();
  const { ms } = await cpuOf(importAll);
  return {
    kind: '(for scale: Node importing one RSA-2048 public key from SPKI, part of the CSR check)',
    requests: n,
    cpuMsPerRequest: ms / n,
    wallMsPerRequest: Number.NaN,
  };
}

/** The simulator's answers to one enrollment's SOAP calls, by operation (the chain read included). */
async function recordAnswers(): Promise<{
  answers: Record<string, string>;
  inputs: { invitation: string; csr: string }[];
}> {
  const sim = await createSimulator();
  const d = sim.defaults;
  const inputs = await prepare(ENROLLS, d.epkiProfileId, d.emailDomain);
  const answers: Record<string, string> = {};
  const recording: typeof fetch = async (input, init) => {
    const body = typeof init?.body === 'string' ? init.body : '';
    const res = await sim.fetch(new Request(input, init));
    const text = await res.text();
    answers[/<(?:\w+:)?Body[^>]*>\s*<(?:\w+:)?(\w+)/.exec(body)?.[1] ?? ''] = text;
    return new Response(text, { status: res.status, headers: res.headers });
  };
  forgetChains(); // so that this enrollment reads its chain, and the recording holds that answer too
  const inv = await verifyInvitation(inputs[0]!.invitation, SECRET);
  const csr = await checkCsr(inputs[0]!.csr, inv);
  const options = { username: d.username, password: d.password, endpoint: 'http://simulator', fetch: recording };
  await orderForInvitation(inv, csr.pem, options);
  return { answers, inputs };
}

/**
 * The Worker's own steps of `/enroll` in workerd: bench/enroll-steps-worker.ts bundled as the Worker is, one isolate,
 * no Durable Object; workerd CPU per `POST /steps` less that of a `POST /noop` with the same body.
 */
export async function ownStepsInWorkerd(log: (s: string) => void): Promise<CpuFigure[]> {
  const { answers, inputs } = await recordAnswers();
  // Inside the repository (bench/dist/, ignored): workerd reads module scripts below its starting directory.
  const script = join(import.meta.dirname, 'dist', 'enroll-steps-worker.mjs');
  await bundleWorker(join(import.meta.dirname, 'enroll-steps-worker.ts'), script);
  const { value: mf, pids } = await withNewWorkerd(async () => {
    const m = new Miniflare({
      ...miniflareOptions('enroll', script),
      durableObjects: {},
      bindings: { INVITE_SECRET: SECRET, GS_USERNAME: 'bench', GS_PASSWORD: 'bench' },
      handleStructuredLogs: () => {},
    });
    await m.ready;
    return m;
  });
  try {
    const url = (await mf.ready).href.replace(/\/$/, '');
    const post = async (path: string, body: unknown, ok: number) => {
      const res = await fetch(`${url}${path}`, { method: 'POST', body: JSON.stringify(body) });
      const text = await res.text();
      if (res.status !== ok) throw new Error(`${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
    };
    await post('/answers', answers, 200);
    const at = (i: number) => inputs[i % inputs.length]!;
    const many = 2 * ENROLLS; // cheap requests: more of them, for the subtraction's sake
    const noop = await cpuPerCall(pids, 'POST /noop', (i) => post('/noop', at(i), 201), many, WARMUP);
    const early = await cpuPerCall(pids, '', (i) => post('/steps', at(i), 201), ENROLLS, WARMUP);
    const warm = await cpuPerCall(pids, '', (i) => post('/steps', at(i), 201), many, STEADY - WARMUP - ENROLLS);
    const own = (kind: string, f: CpuFigure): CpuFigure => ({
      kind,
      requests: f.requests,
      cpuMsPerRequest: f.cpuMsPerRequest - noop.cpuMsPerRequest,
      wallMsPerRequest: f.wallMsPerRequest,
    });
    const rows = [
      { ...noop, kind: "(for the subtraction: workerd's CPU for a request whose Worker only reads the same body)" },
      own(`/enroll's own steps in workerd, after ${WARMUP} warm-ups (that request's CPU subtracted)`, early),
      own(`/enroll's own steps in workerd, after ${STEADY} (steady state; the same)`, warm),
    ];
    for (const x of rows) log(`${x.kind}: ${fmt(x.cpuMsPerRequest)} ms CPU per request (${x.requests})`);
    return rows;
  } finally {
    await mf.dispose();
  }
}
