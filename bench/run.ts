// `npm run bench`: runs every benchmark module in one process, writes bench/results.json and bench/RESULTS.md.
// Figures are reported, never asserted; the README summarises RESULTS.md.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { runCryptoBench } from './crypto.ts';
import { runSimulatorWorkerBench } from './simulator-worker.ts';
import { runSoapBench } from './soap.ts';

const only = process.argv.slice(2);
const MODULES: { name: string; run: (log: (s: string) => void) => Promise<{ markdown: string; data: unknown }> }[] = [
  { name: 'soap', run: runSoapBench },
  { name: 'crypto', run: runCryptoBench },
  { name: 'simulator Worker (workerd: memory vs Durable Object SQLite)', run: runSimulatorWorkerBench },
];

const env = `Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${new Date().toISOString().slice(0, 10)}`;
const sections: string[] = [`# Benchmark results\n\n${env}. Produced by \`npm run bench\` (bench/run.ts); medians.\n`];
const data: Record<string, unknown> = { env };
for (const m of MODULES) {
  if (only.length && !only.includes(m.name)) continue;
  console.log(`== ${m.name}`);
  const r = await m.run((s) => console.log(`  ${s}`));
  sections.push(`## ${m.name}\n\n${r.markdown}\n`);
  data[m.name] = r.data;
}
writeFileSync(join(import.meta.dirname, 'RESULTS.md'), sections.join('\n'));
writeFileSync(join(import.meta.dirname, 'results.json'), `${JSON.stringify(data, null, 2)}\n`);
console.log('wrote bench/RESULTS.md and bench/results.json');
