// Drives the `globalsign` binary as users run it: a simulator in a child process (`globalsign simulator --port 0
// --json`), commands with a clean environment, stdin, and openssl for the files they write.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '../../bin/globalsign.mjs');

/** What `globalsign simulator --json` prints when it starts. */
export interface SimInfo {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly epkiProfileId: string;
  readonly msslProfileId: string;
  readonly msslDomainId: string;
  readonly adminSecret: string;
}

export interface Run {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** A scratch folder for one test file. */
export const scratch = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix));

/** Runs the binary in `dir` with only PATH, HOME, XDG_CONFIG_HOME and `env`; `input` is piped to stdin. */
export function cli(dir: string, args: string[], env: Record<string, string> = {}, input = ''): Run {
  const base = { PATH: process.env.PATH ?? '', HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') };
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    env: { ...base, ...env },
    encoding: 'utf8',
    input,
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Runs openssl in `dir`. */
export const openssl = (dir: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync('openssl', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });

/** Starts `globalsign simulator --port 0 --json` and resolves with what it printed. */
export function startSimulator(
  dir: string,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; sim: SimInfo }> {
  const child = spawn(process.execPath, [BIN, 'simulator', '--port', '0', '--json'], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: dir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`simulator did not start: ${buf}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      try {
        const sim = JSON.parse(buf) as SimInfo;
        clearTimeout(timer);
        resolve({ child, sim });
      } catch {
        // not complete yet
      }
    });
    child.once('exit', (c) => reject(new Error(`simulator exited ${c}`)));
  });
}

/** The credentials of a running simulator, as environment variables. */
export const credsOf = (sim: SimInfo): Record<string, string> => ({
  GLOBALSIGN_USERNAME: sim.username,
  GLOBALSIGN_PASSWORD: sim.password,
  GLOBALSIGN_ENDPOINT: sim.url,
});

/** The `--json` error report on stderr: exactly one JSON object. */
export function jsonError(r: Run): { name: string; code: string; message: string; field?: string; exitCode: number } {
  const doc = JSON.parse(r.err) as {
    error: { name: string; code: string; message: string; field?: string; exitCode: number };
  };
  expectKeys(doc, ['error']);
  return doc.error;
}

function expectKeys(o: object, keys: string[]): void {
  const got = Object.keys(o).sort().join(',');
  if (got !== keys.sort().join(',')) throw new Error(`expected keys ${keys.join(',')}, got ${got}`);
}
