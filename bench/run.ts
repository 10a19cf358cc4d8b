// `npm run bench`: runs every benchmark module in one process, writes bench/results.json and bench/RESULTS.md.
// `npm run bench -- acme enroll` runs the modules whose names start so; the others keep their last results.
// Figures are reported, never asserted; the README summarises RESULTS.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { runAcmeBench } from './acme.ts';
import { runCryptoBench } from './crypto.ts';
import { runEnrollCpuBench } from './enroll-cpu.ts';
import { runSimulatorWorkerBench } from './simulator-worker.ts';
import { runSoapBench } from './soap.ts';

const only = process.argv.slice(2);
const MODULES: { name: string; run: (log: (s: string) => void) => Promise<{ markdown: string; data: unknown }> }[] = [
  { name: 'soap', run: runSoapBench },
  { name: 'crypto', run: runCryptoBench },
  { name: 'simulator Worker (workerd: memory vs Durable Object SQLite)', run: runSimulatorWorkerBench },
  { name: 'acme gateway Worker (workerd CPU per request; certbot against the gateway and pebble)', run: runAcmeBench },
  { name: 'enroll Worker (workerd CPU per request)', run: runEnrollCpuBench },
];

const MD = join(import.meta.dirname, 'RESULTS.md');
const JSON_FILE = join(import.meta.dirname, 'results.json');

/** The last run's sections (`## name` -> text) and data, kept for the modules this run skips. */
function previous(): { sections: Map<string, string>; data: Record<string, unknown> } {
  const sections = new Map<string, string>();
  if (existsSync(MD)) {
    for (const part of readFileSync(MD, 'utf8').split(/^## /m).slice(1)) {
      const name = part.slice(0, part.indexOf('\n'));
      sections.set(name, `## ${part.trimEnd()}\n`);
    }
  }
  const data = existsSync(JSON_FILE) ? (JSON.parse(readFileSync(JSON_FILE, 'utf8')) as Record<string, unknown>) : {};
  return { sections, data };
}

const env = `Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${new Date().toISOString().slice(0, 10)}`;
const last = previous();
const sections: string[] = [
  `# Benchmark results\n\n${env} (this run; each section names the run it comes from). Produced by \`npm run bench\` (bench/run.ts); medians.\n`,
];
const data: Record<string, unknown> = { env };
for (const m of MODULES) {
  if (only.length && !only.some((o) => m.name.startsWith(o))) {
    const kept = last.sections.get(m.name);
    // A section from before sections carried their own machine line gets the last run's.
    if (kept) sections.push(kept.includes('\n\nNode v') ? kept : kept.replace('\n\n', `\n\n${last.data.env}.\n\n`));
    if (last.data[m.name] !== undefined) data[m.name] = last.data[m.name];
    continue;
  }
  console.log(`== ${m.name}`);
  const r = await m.run((s) => console.log(`  ${s}`));
  sections.push(`## ${m.name}\n\n${env}.\n\n${r.markdown}\n`);
  data[m.name] = r.data;
}
writeFileSync(MD, sections.join('\n'));
writeFileSync(JSON_FILE, `${JSON.stringify(data, null, 2)}\n`);
// In the project's format (short arrays on one line), so `biome check .` passes on the committed file.
spawnSync(
  process.execPath,
  [join(import.meta.dirname, '../node_modules/@biomejs/biome/bin/biome'), 'format', '--write', JSON_FILE],
  {
    stdio: 'ignore',
  },
);
console.log('wrote bench/RESULTS.md and bench/results.json');
