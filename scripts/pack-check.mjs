#!/usr/bin/env node
// Packaging checks, run by `npm test`: builds dist/, then checks what `npm pack` would publish (dist/, README,
// package.json only; every export target present), the packaged CLI (bin/globalsign.mjs over dist/cli/run.js),
// publint, and @arethetypeswrong (ESM-only profile).
// Prints `PACK <passed> <failed>` last.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(ROOT, 'node_modules/.bin', name);
const checks = [];
const check = (name, fn) => {
  try {
    const detail = fn();
    checks.push({ name, ok: true });
    console.log(`ok   ${name}${detail ? `: ${detail}` : ''}`);
  } catch (e) {
    checks.push({ name, ok: false });
    console.log(`FAIL ${name}: ${String(e?.message ?? e).slice(0, 1500)}`);
  }
};

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
// The checks of dist/ only mean something after a clean build: when it fails they are reported as not run.
check('build (tsc -p tsconfig.build.json → dist/)', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error((r.stdout + r.stderr).trim().split('\n').slice(0, 15).join('\n'));
  return '';
});
const built = checks[0]?.ok === true;
const checkDist = (name, fn) => (built ? check(name, fn) : console.log(`--   ${name}: not run (the build failed)`));

checkDist('npm pack contents', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const files = JSON.parse(out)[0].files.map((f) => f.path);
  const stray = files.filter((f) => !/^(dist\/|bin\/globalsign\.mjs$|README\.md$|package\.json$|LICENSE)/.test(f));
  for (const need of ['bin/globalsign.mjs', 'dist/cli/run.js'])
    if (!files.includes(need)) throw new Error(`${need} is not packed`);
  if (stray.length) throw new Error(`unexpected files: ${stray.slice(0, 10).join(', ')}`);
  return `${files.length} files`;
});

checkDist('every export target exists, types first', () => {
  for (const [entry, target] of Object.entries(pkg.exports)) {
    const keys = Object.keys(target);
    if (keys[0] !== 'types') throw new Error(`${entry}: "types" must come first`);
    for (const f of Object.values(target)) if (!existsSync(join(ROOT, f))) throw new Error(`${entry}: ${f} missing`);
  }
  if (pkg.type !== 'module' || pkg.sideEffects !== false) throw new Error('ESM only and sideEffects false expected');
  return Object.keys(pkg.exports).join(', ');
});

checkDist('the packed CLI runs from dist/ (no tsx, no sources)', () => {
  // The installed layout: bin/ and dist/ side by side, no src/; node_modules only for the runtime dependency.
  const dir = mkdtempSync(join(tmpdir(), 'gsk-cli-dist-'));
  try {
    mkdirSync(join(dir, 'pkg/bin'), { recursive: true });
    copyFileSync(join(ROOT, pkg.bin.globalsign), join(dir, 'pkg', pkg.bin.globalsign));
    symlinkSync(join(ROOT, 'dist'), join(dir, 'pkg/dist'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'pkg/node_modules'));
    const bin = join(dir, 'pkg', pkg.bin.globalsign);
    const r = spawnSync(process.execPath, [bin, 'keygen', '--alg', 'P-256', '--out', 'k.pem'], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (r.status !== 0 || !existsSync(join(dir, 'k.pem'))) throw new Error((r.stdout + r.stderr).slice(-800));
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    if (help.status !== 0 || !help.stdout.includes('globalsign <command>')) throw new Error(help.stderr.slice(-800));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return 'bin/globalsign.mjs → dist/cli/run.js: keygen, --help';
});

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error((r.stdout + r.stderr).slice(-1500));
  return '';
};
checkDist('publint', () => run(bin('publint'), ['--strict']));
checkDist('@arethetypeswrong/cli (esm-only)', () =>
  run(bin('attw'), ['--pack', '.', '--profile', 'esm-only', '--format', 'ascii']),
);

check('deno check of the entry points (jsr.json exports)', () => {
  const jsr = JSON.parse(readFileSync(join(ROOT, 'jsr.json'), 'utf8'));
  const denoDir = mkdtempSync(join(tmpdir(), 'gsk-deno-check-'));
  try {
    const r = spawnSync(bin('deno'), ['check', ...Object.values(jsr.exports)], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    });
    if (r.status !== 0) throw new Error((r.stdout + r.stderr).slice(-1500));
  } finally {
    rmSync(denoDir, { recursive: true, force: true });
  }
  return Object.keys(jsr.exports).join(', ');
});

const failed = checks.filter((c) => !c.ok).length;
console.log(`PACK ${checks.length - failed} ${failed}`);
process.exit(failed ? 1 : 0);
