#!/usr/bin/env node
// Runs the portable suite (test/runtimes/suite.ts) in Node, headless Chromium, workerd (miniflare), Deno and Bun.
// One bundle of the suite, thin runners; one simulator, served on 127.0.0.1 by the library's own serveSimulator
// (src/simulator/node.ts) for Node, Bun, Deno and workerd, and by a small server that also serves the Chromium test
// page, so that the page and the SOAP endpoint share an origin (the simulator sends no CORS headers). Each runtime prints its own counts; results go to
// artifacts/runtimes.json and docs/compat.md; the last line is `RUNTIMES <passed> <failed>`.
//   node scripts/runtimes/run-all.mjs [node chromium workerd deno bun]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { writeCompat } from './compat.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = join(ROOT, 'artifacts', 'runtimes');
// Each runtime takes 1-3 s here; its bound is 40 s, and the whole run is cut at 230 s (the orchestrator's budget is 4 min).
const TIMEOUT_MS = 40_000;
const TOTAL_MS = 230_000;
const FIXTURES = ['example.pfx', 'example12.pfx', 'go-testing-example-com.p12'];
const wanted = process.argv.slice(2);
const RUNTIMES = ['node', 'chromium', 'workerd', 'deno', 'bun'].filter((r) => !wanted.length || wanted.includes(r));

setTimeout(() => {
  console.log(`run-all: stopped after ${TOTAL_MS / 1000} s`);
  console.log('RUNTIMES 0 1');
  process.exit(1);
}, TOTAL_MS).unref();
mkdirSync(OUT, { recursive: true });
const fixtures = Object.fromEntries(
  FIXTURES.map((f) => [f, readFileSync(join(ROOT, 'test/fixtures/pkcs12', f)).toString('base64')]),
);
writeFileSync(join(OUT, 'fixtures.json'), JSON.stringify(fixtures));

const common = { bundle: true, format: 'esm', target: 'es2022', logLevel: 'warning', legalComments: 'none' };
await build({
  ...common,
  entryPoints: [join(ROOT, 'test/runtimes/suite.ts')],
  outfile: join(OUT, 'suite.mjs'),
  platform: 'neutral',
  mainFields: ['module', 'main'],
  conditions: ['worker', 'browser'],
});
// A second copy of the error classes, loaded beside the suite (in Chromium: in an iframe, i.e. another realm).
await build({
  ...common,
  entryPoints: [join(ROOT, 'src/errors.ts')],
  outfile: join(OUT, 'errors-copy.mjs'),
  platform: 'neutral',
});
await build({
  ...common,
  stdin: {
    contents:
      "export { createSimulator } from './src/simulator/index.ts';\n" +
      "export { serveSimulator } from './src/simulator/node.ts';\n",
    resolveDir: ROOT,
    loader: 'ts',
  },
  outfile: join(OUT, 'simulator.mjs'),
  platform: 'node',
});
writeFileSync(
  join(OUT, 'worker-entry.mjs'),
  `import { runSuite } from './suite.mjs';\nimport * as otherErrors from './errors-copy.mjs';\n` +
    `const fixtures = ${JSON.stringify(fixtures)};\n` +
    `export default { async fetch(request) { const q = new URL(request.url).searchParams;\n` +
    `  const setup = q.has('sim') ? { simulatorUrl: q.get('sim'), simulatorDefaults: JSON.parse(q.get('login')) } : {};\n` +
    `  return Response.json(await runSuite({ fixtures, otherErrors, ...setup })); } };\n`,
);
await build({
  ...common,
  entryPoints: [join(OUT, 'worker-entry.mjs')],
  outfile: join(OUT, 'worker.mjs'),
  platform: 'neutral',
});
writeFileSync(
  join(OUT, 'run-cli.mjs'),
  `import { runSuite } from './suite.mjs';\nimport * as otherErrors from './errors-copy.mjs';\n` +
    `const fixtures = JSON.parse(await (await import('./fixtures-text.mjs')).text());\n` +
    `const [sim, login] = globalThis.Deno?.args ?? globalThis.process.argv.slice(2);\n` +
    `const setup = sim ? { simulatorUrl: sim, simulatorDefaults: JSON.parse(login) } : {};\n` +
    `console.log('RESULT ' + JSON.stringify(await runSuite({ fixtures, otherErrors, ...setup })));\n`,
);
writeFileSync(
  join(OUT, 'fixtures-text.mjs'),
  `export const text = () => ${JSON.stringify(JSON.stringify(fixtures))};\n`,
);
const PAGE = `<!doctype html><meta charset="utf-8"><title>globalsign-kit portable suite</title><script type="module">
import { runSuite } from '/suite.mjs';
const fixtures = await (await fetch('/fixtures.json')).json();
const frame = document.createElement('iframe');
frame.src = '/realm.html';
await new Promise((ok) => { frame.onload = ok; document.body.append(frame); });
const otherErrors = frame.contentWindow.__errors;
if (!otherErrors || otherErrors.CryptoError === undefined) throw new Error('the iframe realm did not load');
window.__result = await runSuite({ fixtures, otherErrors, simulatorUrl: location.origin });
</script>`;
// Another realm for the error case: an iframe with its own globals and its own copy of the error classes.
const REALM = `<!doctype html><meta charset="utf-8"><script type="module">
import * as errors from '/errors-copy.mjs';
window.__errors = errors;
</script>`;

// The simulator on 127.0.0.1, also serving the page and the bundle for Chromium.
const { createSimulator, serveSimulator } = await import(join(OUT, 'simulator.mjs'));
const sim = await createSimulator();
const served = await serveSimulator(sim);
const SIM_URL = served.url;
const LOGIN = JSON.stringify({
  username: sim.defaults.username,
  password: sim.defaults.password,
  epkiProfileId: sim.defaults.epkiProfileId,
});
const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const send = (type, body) => {
    res.writeHead(200, { 'content-type': type });
    res.end(body);
  };
  if (req.method === 'GET' && url.pathname === '/') return send('text/html', PAGE);
  if (req.method === 'GET' && url.pathname === '/realm.html') return send('text/html', REALM);
  if (req.method === 'GET' && url.pathname === '/errors-copy.mjs')
    return send('text/javascript', readFileSync(join(OUT, 'errors-copy.mjs')));
  if (req.method === 'GET' && url.pathname === '/suite.mjs')
    return send('text/javascript', readFileSync(join(OUT, 'suite.mjs')));
  if (req.method === 'GET' && url.pathname === '/fixtures.json')
    return send('application/json', JSON.stringify(fixtures));
  if (req.method === 'GET' && url.pathname === '/__defaults') {
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    return res.end(JSON.stringify(sim.defaults));
  }
  const chunks = [];
  for await (const c of req) chunks.push(c);
  try {
    const r = await sim.fetch(
      new Request(url, {
        method: req.method,
        headers: { 'content-type': req.headers['content-type'] ?? 'text/xml' },
        body: req.method === 'POST' ? Buffer.concat(chunks) : undefined,
      }),
    );
    res.writeHead(r.status, Object.fromEntries(r.headers));
    res.end(Buffer.from(await r.arrayBuffer()));
  } catch {
    res.destroy();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const PAGE_URL = `http://127.0.0.1:${server.address().port}`;

function withTimeout(p, ms, what) {
  let t;
  return Promise.race([
    p,
    new Promise((_, rej) => (t = setTimeout(() => rej(new Error(`${what}: no result within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(t));
}

function runProcess(cmd, args, env = {}) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, {
      cwd: OUT,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const t = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(t);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (line) resolveRun(JSON.parse(line.slice(7)));
      else reject(new Error(`${cmd} exited ${code}: ${(err || out).slice(-600)}`));
    });
  });
}

const RUNNERS = {
  node: () => runProcess(process.execPath, ['run-cli.mjs', SIM_URL, LOGIN]),
  bun: () => runProcess(join(ROOT, 'node_modules/.bin/bun'), ['run-cli.mjs', SIM_URL, LOGIN]),
  deno: () => {
    const denoDir = mkdtempSync(join(tmpdir(), 'gsk-deno-'));
    return runProcess(
      join(ROOT, 'node_modules/.bin/deno'),
      ['run', '--no-check', '--allow-net=127.0.0.1', `--allow-read=${OUT}`, 'run-cli.mjs', SIM_URL, LOGIN],
      {
        DENO_DIR: denoDir,
        DENO_NO_UPDATE_CHECK: '1',
      },
    ).finally(() => rmSync(denoDir, { recursive: true, force: true }));
  },
  workerd: async () => {
    const { Miniflare, Log, LogLevel } = await import('miniflare');
    const mf = new Miniflare({
      modules: true,
      scriptPath: join(OUT, 'worker.mjs'),
      modulesRoot: OUT,
      compatibilityDate: '2026-05-01',
      cf: {},
      log: new Log(LogLevel.WARN),
    });
    try {
      const res = await mf.dispatchFetch(`http://localhost/?${new URLSearchParams({ sim: SIM_URL, login: LOGIN })}`);
      return await res.json();
    } finally {
      await mf.dispose();
    }
  },
  chromium: async () => {
    if (!existsSync('/usr/bin/chromium')) throw new Error('/usr/bin/chromium is missing (npm run setup installs it)');
    const { chromium } = await import('playwright-core');
    const dir = mkdtempSync(join(tmpdir(), 'gsk-rt-'));
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ];
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args,
    });
    try {
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${PAGE_URL}/`);
      await page
        .waitForFunction(() => window.__result !== undefined, null, { timeout: TIMEOUT_MS - 10_000 })
        .catch(() => {
          throw new Error(`page gave no result: ${errors.join('; ')}`);
        });
      return await page.evaluate(() => window.__result);
    } finally {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

const results = {};
let passed = 0;
let failed = 0;
for (const rt of RUNTIMES) {
  const t0 = Date.now();
  let cases;
  try {
    cases = await withTimeout(RUNNERS[rt](), TIMEOUT_MS, rt);
  } catch (e) {
    cases = [
      { name: `${rt} runner`, feature: 'runner', status: 'fail', ms: Date.now() - t0, error: String(e?.message ?? e) },
    ];
  }
  results[rt] = cases;
  const p = cases.filter((c) => c.status === 'pass').length;
  const f = cases.filter((c) => c.status === 'fail').length;
  const s = cases.filter((c) => c.status === 'skip').length;
  passed += p;
  failed += f;
  console.log(`${rt}: ${p} passed, ${f} failed, ${s} skipped (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  for (const c of cases.filter((x) => x.status === 'fail')) console.log(`  FAIL ${c.name}: ${c.error}`);
}
server.close();
await served.close();
writeFileSync(join(ROOT, 'artifacts', 'runtimes.json'), `${JSON.stringify(results, null, 2)}\n`);
if (RUNTIMES.length === 5) writeCompat(results, join(ROOT, 'docs', 'compat.md'));
console.log(`RUNTIMES ${passed} ${failed}`);
process.exit(failed === 0 ? 0 : 1);
