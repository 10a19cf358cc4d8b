#!/usr/bin/env node
// Runs every test runner of the project in turn and ends with one line `N passed, N failed` over all of them.
// Each runner reports its own counts; a runner that crashes without reporting counts as one failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

mkdirSync('artifacts', { recursive: true });

/** @type {{ name: string, cmd: string[], counts: (status: number, output?: string) => { passed: number, failed: number }, skip?: () => string | undefined, before?: () => void, capture?: boolean }[]} */
const RUNNERS = [
  { name: 'typecheck', cmd: ['npx', 'tsc', '--noEmit', '-p', '.'], counts: single },
  { name: 'typecheck (declarations)', cmd: ['npx', 'tsc', '--noEmit', '-p', 'tsconfig.build.json'], counts: single },
  { name: 'typecheck (workers)', cmd: ['npx', 'tsc', '--noEmit', '-p', 'workers'], counts: single },
  { name: 'typecheck (demo page)', cmd: ['npx', 'tsc', '--noEmit', '-p', 'demo'], counts: single },
  { name: 'lint', cmd: ['npx', 'biome', 'check', '.'], counts: single },
  {
    name: 'vitest (node)',
    cmd: ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=artifacts/vitest.json'],
    before: () => rmSync('artifacts/vitest.json', { force: true }),
    counts: vitestCounts('artifacts/vitest.json'),
  },
  {
    name: 'packaging (npm pack, publint, attw, deno check)',
    cmd: ['node', 'scripts/pack-check.mjs'],
    capture: true,
    counts: lastLineCounts(/^PACK (\d+) (\d+)$/m),
  },
  {
    name: 'size budgets',
    cmd: ['node', 'scripts/size.mjs'],
    capture: true,
    counts: lastLineCounts(/^SIZE (\d+) (\d+)$/m),
  },
  {
    name: 'runtimes (node, chromium, workerd, deno, bun)',
    cmd: ['node', 'scripts/runtimes/run-all.mjs'],
    skip: () =>
      existsSync('scripts/runtimes/run-all.mjs') ? undefined : 'scripts/runtimes/run-all.mjs not written yet',
    capture: true,
    counts: lastLineCounts(/^RUNTIMES (\d+) (\d+)$/m),
  },
];

/** Counts from a runner that prints its own `PREFIX <passed> <failed>` line. */
function lastLineCounts(re) {
  return (status, output) => {
    const m = re.exec(output ?? '');
    if (!m) return { passed: 0, failed: 1 };
    const c = { passed: Number(m[1]), failed: Number(m[2]) };
    return status !== 0 && c.failed === 0 ? { ...c, failed: 1 } : c;
  };
}

function single(status) {
  return status === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
}

function vitestCounts(file) {
  return (status) => {
    if (!existsSync(file)) return { passed: 0, failed: 1 };
    const r = JSON.parse(readFileSync(file, 'utf8'));
    const failedSuites = (r.testResults ?? []).filter((s) => s.status === 'failed' && s.assertionResults.length === 0);
    const failed =
      r.numFailedTests +
      failedSuites.length +
      (status !== 0 && r.numFailedTests === 0 && failedSuites.length === 0 ? 1 : 0);
    return { passed: r.numPassedTests, failed };
  };
}

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
const summary = [];
for (const r of RUNNERS) {
  if (only.length > 0 && !only.some((o) => r.name.startsWith(o))) continue;
  const why = r.skip?.();
  if (why) {
    summary.push(`${r.name}: skipped (${why})`);
    continue;
  }
  r.before?.();
  console.log(`\n=== ${r.name}: ${r.cmd.join(' ')}`);
  const t0 = Date.now();
  const res = spawnSync(r.cmd[0], r.cmd.slice(1), {
    stdio: r.capture ? ['inherit', 'pipe', 'inherit'] : 'inherit',
    env: { ...process.env, FORCE_COLOR: '0' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.capture) process.stdout.write(res.stdout);
  const c = r.counts(res.status ?? 1, res.stdout?.toString());
  passed += c.passed;
  failed += c.failed;
  summary.push(`${r.name}: ${c.passed} passed, ${c.failed} failed (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
console.log('\n=== summary');
for (const s of summary) console.log(`  ${s}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
