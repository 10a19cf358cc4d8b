// `npm run docs`: the API reference generated from the TSDoc by TypeDoc (typedoc.json), with warnings and broken
// links as errors; written to a scratch folder here (the real one, docs/api/, is not committed).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './blocks.ts';

const out = mkdtempSync(join(tmpdir(), 'gsk-docs-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm run docs', () => {
  it('generates the API reference of every entry point without a warning', () => {
    const r = spawnSync('npm', ['run', 'docs', '--silent', '--', '--out', out], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 300_000,
    });
    const log = `${r.stdout}${r.stderr}`;
    expect(r.status, log).toBe(0);
    expect(log).not.toMatch(/\[warning\]|\[error\]/);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    const modules = readdirSync(join(out, 'modules'));
    for (const entry of ['index', 'crypto', 'workflows', 'simulator']) {
      expect(
        modules.some((m) => m.startsWith(entry)),
        `${entry} in ${modules.join(', ')}`,
      ).toBe(true);
    }
  }, 300_000);
});
