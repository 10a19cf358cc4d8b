// The public surface of every entry point (package.json "exports") is checked in as api/<entry>.api.md: this test
// regenerates the reports (scripts/api-report.mjs, TypeScript compiler API) and fails on any difference, so that a
// change of the public API is always deliberate. To accept a change: `node scripts/api-report.mjs`, then commit api/.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

describe('API reports', () => {
  it('api/*.api.md match the sources of every entry point', () => {
    let failure = '';
    try {
      execFileSync(process.execPath, [join(ROOT, 'scripts/api-report.mjs'), '--check'], { cwd: ROOT, stdio: 'pipe' });
    } catch (e) {
      failure = String((e as { stderr?: Buffer }).stderr ?? e);
    }
    expect(failure, failure).toBe('');
  }, 120_000);

  it('there is one report per entry point, and each lists the names its entry exports', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    const names = Object.keys(pkg.exports).map((k) => (k === '.' ? 'index' : k.slice(2).replaceAll('/', '-')));
    expect(names).toEqual(['index', 'crypto', 'workflows', 'simulator', 'simulator-node']);
    const workflows = readFileSync(join(ROOT, 'api/workflows.api.md'), 'utf8');
    for (const name of ['orderAndWait', 'reconcileOrder', 'issueCertificate', 'checkRevocation'])
      expect(workflows).toContain(`| \`${name}\` | function |`);
    for (const plumbing of ['abortReason', 'backoffDelay', 'defaultSleep', 'toMs', 'reconcileMsslOrder'])
      expect(workflows).not.toContain(`\`${plumbing}\``);
    expect(readFileSync(join(ROOT, 'api/index.api.md'), 'utf8')).toContain('| `OutcomeUnknownError` | class |');
  });
});
