// `npm start -- --smoke`: the dev stack (simulator Worker, enroll Worker, page server) starts, each piece answers,
// an invitation is minted, and the process exits 0.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('scripts/dev.mjs --smoke', () => {
  it('starts every piece, checks it answers and exits 0', () => {
    const run = spawnSync(process.execPath, ['scripts/dev.mjs', '--smoke'], { encoding: 'utf8', timeout: 90_000 });
    const out = `${run.stdout}\n${run.stderr}`;
    expect(out).toMatch(/^SMOKE ok/m);
    expect(out).not.toMatch(/^FAIL/m);
    expect(out).toMatch(/^ok {3}page \/ /m);
    expect(out).toMatch(/^ok {3}invitation minted/m);
    expect(run.status).toBe(0);
  }, 100_000);
});
