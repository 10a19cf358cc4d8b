#!/usr/bin/env node
// Deploy check of every Worker (workers/*/wrangler.toml), offline and without a Cloudflare account:
//   1. `main` exists;
//   2. `wrangler deploy --dry-run` bundles it (temp HOME, no metrics, CI mode: no prompt, no login);
//   3. every Durable Object class bound in wrangler.toml is exported by the bundle wrangler built (wrangler 4.85
//      refuses that one itself) and, what wrangler does not check, is created by a migration; every class the
//      migrations leave is exported (else the upload fails at Cloudflare, not here).
//   node scripts/check-deploy.mjs                       -> every Worker; `DEPLOY <passed> <failed>` last
//   node scripts/check-deploy.mjs --config <toml> ...   -> those configurations only
// Used by test/workers/deploy.test.ts (checkWorker).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, stripVTControlCharacters } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WRANGLER = createRequire(import.meta.url).resolve('wrangler/bin/wrangler.js');

/** Every Worker's wrangler.toml, as absolute paths. */
export function workerConfigs() {
  const dir = join(ROOT, 'workers');
  return readdirSync(dir)
    .map((name) => join(dir, name, 'wrangler.toml'))
    .filter((p) => existsSync(p));
}

/** wrangler's own reading of the configuration (real TOML; `main` resolved against the file). */
async function readConfig(configPath) {
  const { unstable_readConfig } = await import('wrangler');
  return unstable_readConfig({ config: configPath }, { hideWarnings: true });
}

/**
 * The classes the migrations leave, applied in order (created, renamed, deleted, transferred in), and the problems
 * of the list itself (a repeated tag, a class created twice, a rename or delete of a class no migration created).
 */
export function migratedClasses(migrations) {
  const live = new Set();
  const problems = [];
  const tags = new Set();
  for (const m of migrations ?? []) {
    if (tags.has(m.tag)) problems.push(`migration tag "${m.tag}" is used twice`);
    tags.add(m.tag);
    for (const c of [...(m.new_classes ?? []), ...(m.new_sqlite_classes ?? [])]) {
      if (live.has(c)) problems.push(`migration "${m.tag}" creates ${c} again (an earlier migration created it)`);
      live.add(c);
    }
    for (const { from, to } of m.renamed_classes ?? []) {
      if (!live.delete(from)) problems.push(`migration "${m.tag}" renames ${from}, which no earlier migration created`);
      live.add(to);
    }
    for (const { to } of m.transferred_classes ?? []) live.add(to);
    for (const c of m.deleted_classes ?? []) {
      if (!live.delete(c)) problems.push(`migration "${m.tag}" deletes ${c}, which no earlier migration created`);
    }
  }
  return { live, problems };
}

/**
 * The Durable Object problems of one Worker: `bindings` ({ name, class_name, script_name? }) and `migrations` from
 * its wrangler.toml, `exported` the names its entry module exports. Bindings to another Worker's class
 * (`script_name`) are that Worker's business.
 */
export function durableObjectProblems(bindings, migrations, exported) {
  const { live, problems } = migratedClasses(migrations);
  const exports = new Set(exported);
  for (const b of bindings ?? []) {
    if (b.script_name) continue;
    if (!exports.has(b.class_name))
      problems.push(`binding ${b.name}: class ${b.class_name} is not exported by the entry (export it from main)`);
    if (!live.has(b.class_name))
      problems.push(
        `binding ${b.name}: class ${b.class_name} is created by no migration (add it to a new [[migrations]] entry's new_sqlite_classes)`,
      );
  }
  for (const c of live) {
    if (!exports.has(c)) problems.push(`migration class ${c} is not exported by the entry (export it from main)`);
  }
  return problems;
}

/** Runs `wrangler deploy --dry-run` offline; resolves to its exit status, output and the bundle's exports. */
function dryRun(configPath) {
  const tmp = mkdtempSync(join(tmpdir(), 'gsk-deploy-'));
  const cwd = dirname(configPath);
  const hadState = existsSync(join(cwd, '.wrangler'));
  const env = {
    ...process.env,
    HOME: tmp,
    XDG_CONFIG_HOME: join(tmp, 'config'),
    WRANGLER_SEND_METRICS: 'false',
    CI: 'true',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
  for (const k of ['CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_API_KEY', 'CLOUDFLARE_EMAIL'])
    delete env[k];
  const args = [WRANGLER, 'deploy', '--dry-run', '--config', configPath, '--outdir', join(tmp, 'out')];
  args.push('--metafile', join(tmp, 'meta.json'));
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (status) => {
      let exported;
      try {
        const meta = JSON.parse(readFileSync(join(tmp, 'meta.json'), 'utf8'));
        exported = Object.values(meta.outputs).find((o) => o.entryPoint)?.exports;
      } catch {
        exported = undefined;
      }
      rmSync(tmp, { recursive: true, force: true });
      if (!hadState) rmSync(join(cwd, '.wrangler'), { recursive: true, force: true });
      done({ status, output, exported });
    });
  });
}

/**
 * Checks one Worker's configuration. `problems` is empty when it would deploy: each one names what to fix.
 *
 * @example
 * ```js
 * const r = await checkWorker('workers/acme/wrangler.toml');
 * if (r.problems.length) console.error(r.problems.join('\n'));
 * ```
 */
export async function checkWorker(configPath) {
  const path = resolve(configPath);
  const config = await readConfig(path);
  const worker = `${config.name ?? '(no name)'} (${relative(ROOT, path)})`;
  const problems = [];
  if (!config.main) problems.push('`main` is not set');
  else if (!existsSync(config.main)) problems.push(`main ${relative(ROOT, config.main)} does not exist`);
  if (problems.length) return { worker, problems, exported: [] };
  const run = await dryRun(path);
  if (run.status !== 0) {
    const said = stripVTControlCharacters(run.output).trim().slice(-2000);
    problems.push(`wrangler deploy --dry-run failed (exit ${run.status}):\n${said}`);
  }
  if (!run.exported) {
    if (run.status === 0) problems.push('wrangler wrote no bundle metadata: the exports cannot be checked');
    return { worker, problems, exported: [] };
  }
  problems.push(...durableObjectProblems(config.durable_objects?.bindings, config.migrations, run.exported));
  return { worker, problems, exported: run.exported };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { config: { type: 'string', multiple: true } } });
  const configs = values.config ?? workerConfigs();
  let passed = 0;
  let failed = 0;
  for (const c of configs) {
    const t0 = Date.now();
    const r = await checkWorker(c);
    const took = `${((Date.now() - t0) / 1000).toFixed(1)} s`;
    if (r.problems.length === 0) {
      passed++;
      console.log(`ok   ${r.worker}: wrangler dry-run bundles it; exports ${r.exported.join(', ')} (${took})`);
    } else {
      failed++;
      console.log(`FAIL ${r.worker}:`);
      for (const p of r.problems) console.log(`  - ${p.replace(/\n/g, '\n    ')}`);
    }
  }
  console.log(`DEPLOY ${passed} ${failed}`);
  process.exitCode = failed === 0 ? 0 : 1;
}
