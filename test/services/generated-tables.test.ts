// The generated tables cannot drift from their generator nor be edited by hand: rerun the generator into a scratch
// directory, format its output with the repository's biome settings, and compare byte for byte with what is committed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, skipWithoutSpec } from './shared-spec.ts';

const GENERATED = [
  'src/services/mssl.ts',
  'src/services/query.ts',
  'src/clients/mssl-types.ts',
  'src/clients/query-types.ts',
] as const;
const out = mkdtempSync(join(tmpdir(), 'gsk-gen-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.skipIf(skipWithoutSpec())('scripts/gen-service-tables.mjs output equals the committed tables', () => {
  it('the generator runs against ../shared/spec/wsdl', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/gen-service-tables.mjs'), '--out', out], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 60_000);

  it.each(GENERATED)(
    '%s',
    (file) => {
      const biome = join(ROOT, 'node_modules/@biomejs/biome/bin/biome');
      const formatted = spawnSync(process.execPath, [biome, 'format', `--stdin-file-path=${file}`], {
        cwd: ROOT,
        input: readFileSync(join(out, file), 'utf8'),
        encoding: 'utf8',
      });
      expect(formatted.status, formatted.stderr).toBe(0);
      expect(formatted.stdout).toBe(readFileSync(join(ROOT, file), 'utf8'));
    },
    60_000,
  );
});

describe('a missing ../shared', () => {
  const probe = (env: Record<string, string>) =>
    spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        "import('./test/services/shared-spec.ts').then((m) => console.log(m.skipWithoutSpec()))",
      ],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } },
    );

  it('fails loudly under CI=true', () => {
    const run = probe({ CI: 'true', GSK_SHARED_DIR: join(out, 'no-such-dir') });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('../shared/spec is missing');
  }, 60_000);

  it('is a skip elsewhere, and not a skip when present', () => {
    expect(probe({ CI: '', GSK_SHARED_DIR: join(out, 'no-such-dir') }).stdout.trim()).toBe('true');
    expect(probe({ CI: 'true' }).stdout.trim()).toBe('false');
  }, 60_000);
});
