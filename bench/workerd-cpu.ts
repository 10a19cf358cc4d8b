// CPU time of the workerd processes miniflare starts, read from /proc (Linux): `Date.now()` does not advance during
// a request inside workerd, so a Worker's CPU per request is measured from outside, as the process's utime + stime
// over many requests, divided by their number. The figure covers everything workerd does for a request: HTTP over
// loopback, the Worker's JavaScript, its Durable Object calls and storage, and its own outbound fetches.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const TICK_MS = (() => {
  try {
    return 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
  } catch {
    return 10;
  }
})();

/** Whether this machine can be measured this way (a Linux /proc). */
export const procAvailable: boolean = existsSync('/proc/self/stat');

function stat(pid: number): { ppid: number; ticks: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return undefined;
  }
}

/** The workerd processes descended from this Node process (miniflare's children). */
export function workerdPids(): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(Number(name));
    if (s) parent.set(Number(name), s.ppid);
  }
  const mine = (pid: number): boolean => {
    for (let p = parent.get(pid), hops = 0; p !== undefined && hops < 16; p = parent.get(p), hops++) {
      if (p === process.pid) return true;
    }
    return false;
  };
  return [...parent.keys()].filter((pid) => {
    if (!mine(pid)) return false;
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('workerd');
    } catch {
      return false;
    }
  });
}

/** CPU milliseconds (user + system) the processes have used so far. */
export function cpuMs(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + (stat(pid)?.ticks ?? 0) * TICK_MS, 0);
}

/** Runs `start` and returns its result with the workerd processes it started. */
export async function withNewWorkerd<T>(start: () => Promise<T>): Promise<{ value: T; pids: number[] }> {
  const before = new Set(workerdPids());
  const value = await start();
  const pids = workerdPids().filter((p) => !before.has(p));
  if (pids.length === 0) throw new Error('no new workerd process found under this Node process');
  return { value, pids };
}

/** A CPU-per-request figure. */
export interface CpuFigure {
  readonly kind: string;
  readonly requests: number;
  /** workerd CPU ms per request, idle use subtracted. */
  readonly cpuMsPerRequest: number;
  /** Client wall ms per request (sequential, loopback). */
  readonly wallMsPerRequest: number;
}

/**
 * workerd CPU per call of `fn` over `n` sequential calls, after `warmup` calls; the CPU workerd uses while idle for
 * as long (measured just before) is subtracted.
 */
export async function cpuPerCall(
  pids: readonly number[],
  kind: string,
  fn: (i: number) => Promise<unknown>,
  n = 500,
  warmup = 50,
): Promise<CpuFigure> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const idle0 = cpuMs(pids);
  const idleStart = performance.now();
  await new Promise((r) => setTimeout(r, 500));
  const idleRate = (cpuMs(pids) - idle0) / (performance.now() - idleStart);
  const c0 = cpuMs(pids);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn(warmup + i);
  const wall = performance.now() - t0;
  const cpu = Math.max(0, cpuMs(pids) - c0 - idleRate * wall);
  return { kind, requests: n, cpuMsPerRequest: cpu / n, wallMsPerRequest: wall / n };
}

/** The 1-minute load average and core count, to print next to the figures. */
export function machineLoad(): string {
  try {
    const [one, five] = readFileSync('/proc/loadavg', 'utf8').split(' ');
    return `load average ${one} (1 min), ${five} (5 min)`;
  } catch {
    return 'load average unknown';
  }
}
