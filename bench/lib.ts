// Measurement helpers shared by the benchmark modules: medians over repeated runs, process timing with the
// start-up cost subtracted, and a Markdown table writer.
import { spawnSync } from 'node:child_process';

/** One measured figure: median milliseconds over `runs` runs. */
export interface Timing {
  readonly ms: number;
  readonly runs: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Runs `fn` at least `minRuns` times and until `minMs` have passed (after one warm-up run); returns the median. */
export async function measure(fn: () => unknown, minRuns = 5, minMs = 300, maxRuns = 10_000): Promise<Timing> {
  await fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < maxRuns && (times.length < minRuns || performance.now() - start < minMs)) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), runs: times.length };
}

/** Median wall time of a command, in ms (runs synchronously). */
export function timeCommand(cmd: string, args: string[], runs: number, input?: Uint8Array): Timing {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { input, stdio: ['pipe', 'ignore', 'pipe'] });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr?.toString().slice(0, 300)}`);
  }
  return { ms: median(times), runs };
}

/** `openssl` start-up cost (median of `openssl version`), to subtract from process timings. */
export function opensslStartup(runs = 15): number {
  return timeCommand('openssl', ['version'], runs).ms;
}

export const fmt = (ms: number | undefined): string =>
  ms === undefined ? 'n/a' : ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(1) : ms.toFixed(3);

/** A Markdown table. */
export function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
