// Test helper: runs the openssl CLI in a private temporary directory.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OpenSsl {
  readonly dir: string;
  /** Runs openssl with args (cwd = dir); returns stdout as text. */
  run(args: string[], input?: string | Uint8Array): string;
  /** Runs openssl and returns stdout bytes. */
  runBytes(args: string[], input?: string | Uint8Array): Uint8Array;
  write(name: string, data: string | Uint8Array): string;
  read(name: string): Buffer;
  readText(name: string): string;
  cleanup(): void;
}

export function openssl(prefix = 'gsk-crypto-'): OpenSsl {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const exec = (args: string[], input?: string | Uint8Array): Buffer =>
    execFileSync('openssl', args, { cwd: dir, input, stdio: ['pipe', 'pipe', 'pipe'] });
  return {
    dir,
    run: (args, input) => exec(args, input).toString('utf8'),
    runBytes: (args, input) => new Uint8Array(exec(args, input)),
    write(name, data) {
      writeFileSync(join(dir, name), data);
      return join(dir, name);
    },
    read: (name) => readFileSync(join(dir, name)),
    readText: (name) => readFileSync(join(dir, name), 'utf8'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
