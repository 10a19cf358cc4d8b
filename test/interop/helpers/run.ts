// Test helper: runs a consumer program asynchronously (so independent tool calls overlap) in a private directory.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a program did. */
export interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link run}. */
export interface RunOptions {
  readonly cwd?: string;
  /** Added to a minimal environment (PATH, HOME = cwd, LC_ALL=C so the output format is the documented one). */
  readonly env?: Readonly<Record<string, string>>;
  readonly input?: string | Uint8Array;
  readonly timeout?: number;
}

/**
 * Runs `cmd args`, never throwing on a non-zero exit (the caller asserts on `code`).
 *
 * @example
 * ```ts
 * const r = await run('openssl', ['version']);
 * ```
 */
export function run(cmd: string, args: readonly string[], o: RunOptions = {}): Promise<Ran> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: o.cwd ?? tmpdir(), LC_ALL: 'C', ...o.env };
  return new Promise((resolve) => {
    const child = execFile(
      cmd,
      [...args],
      { cwd: o.cwd, env, timeout: o.timeout ?? 60_000, maxBuffer: 16 << 20, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (o.input !== undefined) child.stdin?.end(o.input);
    else child.stdin?.end();
  });
}

/** A private temporary directory. */
export interface Scratch {
  readonly dir: string;
  /** Writes a file (mode 0600) and returns its path. */
  write(name: string, data: string | Uint8Array): string;
  cleanup(): void;
}

/**
 * Makes a private temporary directory.
 *
 * @example
 * ```ts
 * const s = scratch('gsk-interop-'); s.write('a.p12', bytes); s.cleanup();
 * ```
 */
export function scratch(prefix = 'gsk-interop-'): Scratch {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    write(name, data) {
      const path = join(dir, name);
      writeFileSync(path, data, { mode: 0o600 });
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * SHA-256 of DER bytes, upper-case hex: how keytool and NSS print fingerprints, to compare certificates exactly.
 *
 * @example
 * ```ts
 * sha256Hex(cert.der); // 'C4DD…'
 * ```
 */
export function sha256Hex(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase();
}
