#!/usr/bin/env node
// Bundles the two Workers (enroll, simulator) and the enrollment page with esbuild.
//   node scripts/build-workers.mjs            -> workers/*/dist/worker.mjs, demo/dist/{index.html,app.js,styles.css,favicon.svg}
//   node scripts/build-workers.mjs --sizes    -> also prints the page's JavaScript size (minified, gzip)
// Imported by scripts/dev.mjs as buildAll(); tests build one Worker with buildWorker(name).
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The subset of `workers/<name>/wrangler.toml` the local runs use: top-level keys and `[[tables]]` of key = JSON. */
function readWrangler(name) {
  const text = readFileSync(join(ROOT, 'workers', name, 'wrangler.toml'), 'utf8');
  const root = { table: '', values: {} };
  const tables = [root];
  let current = root;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    const header = /^\[\[([\w.]+)\]\]$/.exec(line) ?? /^\[([\w.]+)\]$/.exec(line);
    if (header) {
      current = { table: header[1], values: {} };
      tables.push(current);
      continue;
    }
    const kv = /^([\w]+)\s*=\s*(.+)$/.exec(line);
    if (kv) current.values[kv[1]] = JSON.parse(kv[2]);
  }
  return { root: root.values, tables };
}

/**
 * The Durable Object bindings of a Worker as miniflare takes them, from `workers/<name>/wrangler.toml` (the one
 * place they are written); `useSQLite` for classes created by `new_sqlite_classes`. Whether each class is exported
 * and migrated is `scripts/check-deploy.mjs`'s job.
 */
export function wranglerDurableObjects(name) {
  const { tables } = readWrangler(name);
  const sqlite = new Set(
    tables.filter((t) => t.table === 'migrations').flatMap((t) => t.values.new_sqlite_classes ?? []),
  );
  const bindings = {};
  for (const t of tables.filter((t) => t.table === 'durable_objects.bindings')) {
    bindings[t.values.name] = { className: t.values.class_name, useSQLite: sqlite.has(t.values.class_name) };
  }
  return bindings;
}

/**
 * Miniflare options of a local run of Worker `name` from its bundle: compatibility date and flags and Durable
 * Objects from its wrangler.toml, 127.0.0.1 on a free port, and `cf: {}` (no fetch of Cloudflare's request.cf data:
 * there is no network here). Spread it and add bindings, persistence, logging.
 */
export function miniflareOptions(name, scriptPath) {
  const { root } = readWrangler(name);
  return {
    cf: {},
    modules: true,
    scriptPath,
    compatibilityDate: root.compatibility_date,
    ...(root.compatibility_flags ? { compatibilityFlags: root.compatibility_flags } : {}),
    host: '127.0.0.1',
    port: 0,
    durableObjects: wranglerDurableObjects(name),
  };
}

/** Bundles `entry` into `outfile` as a Worker: ESM, neutral platform, Workers/browser export conditions. */
export async function bundleWorker(entry, outfile) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    target: 'es2022',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return outfile;
}

/** A Worker bundle (no Node built-ins): workers/<name>/src/index.ts into workers/<name>/dist/worker.mjs. */
export function buildWorker(name) {
  return bundleWorker(
    join(ROOT, 'workers', name, 'src', 'index.ts'),
    join(ROOT, 'workers', name, 'dist', 'worker.mjs'),
  );
}

async function buildPage() {
  const out = join(ROOT, 'demo', 'dist');
  mkdirSync(out, { recursive: true });
  const result = await build({
    entryPoints: [join(ROOT, 'demo', 'src', 'main.ts')],
    outfile: join(out, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['browser'],
    target: ['chrome110', 'firefox115', 'safari16'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  copyFileSync(join(ROOT, 'demo', 'index.html'), join(out, 'index.html'));
  for (const f of ['styles.css', 'favicon.svg']) copyFileSync(join(ROOT, 'demo', f), join(out, f));
  const js = readFileSync(join(out, 'app.js'));
  return {
    dir: out,
    warnings: result.warnings.length,
    jsBytes: js.length,
    jsGzipBytes: gzipSync(js, { level: 9 }).length,
  };
}

/** Builds everything; returns the output paths and the page's JavaScript size. */
export async function buildAll({ simulator: withSimulator = true } = {}) {
  const [enroll, simulator, page] = await Promise.all([
    buildWorker('enroll'),
    withSimulator ? buildWorker('simulator') : undefined,
    buildPage(),
  ]);
  return { enroll, simulator, page };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await buildAll();
  console.log(`workers: ${r.enroll}, ${r.simulator}`);
  console.log(`page: ${r.page.dir} (app.js ${r.page.jsBytes} B minified, ${r.page.jsGzipBytes} B gzip)`);
}
