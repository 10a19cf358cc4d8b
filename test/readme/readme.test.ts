// README code runs (issue 15): every TypeScript block of README.md and workers/README.md, as the files are now,
// type-checks in strict mode and, unless marked `// README: type-check only`, runs against the in-process
// simulator of prelude.ts. A runnable block that throws fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Block, extract, PRELUDE, typeCheck, writeModules } from './blocks.ts';

const blocks: Block[] = [...extract('README.md'), ...extract('workers/README.md')];
const dir = mkdtempSync(join(tmpdir(), 'gsk-readme-'));
let files: string[] = [];

beforeAll(async () => {
  const prelude = (await import(PRELUDE)) as Record<string, unknown>;
  files = writeModules(blocks, Object.keys(prelude), dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README code', () => {
  it('has TypeScript blocks, most of them runnable', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    expect(blocks.filter((b) => b.run).length).toBeGreaterThan(blocks.length / 2);
  });

  it('every block type-checks in strict mode', () => {
    expect(typeCheck(blocks, files)).toEqual([]);
  }, 120_000);

  for (const [i, b] of blocks.entries()) {
    it.skipIf(!b.run)(`${b.name} runs against the simulator`, async () => {
      await import(pathToFileURL(files[i]!).href);
    });
  }
});
