// The README harness can fail: a block with a type error is reported at its README line, a block that throws
// rejects when run, the type-check-only marker is honoured, and names a block declares are not imported twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { declaredNames, extract, TYPE_CHECK_ONLY, typeCheck, writeModules } from './blocks.ts';

const dir = mkdtempSync(join(tmpdir(), 'gsk-readme-self-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const md = [
  '# t',
  '```ts',
  "import { parseCertificate } from 'globalsign-kit/crypto';",
  "const n: number = 'not a number'; const username = 'own';",
  '```',
  'text',
  '```typescript',
  TYPE_CHECK_ONLY,
  "throw new Error('never run');",
  '```',
  '```ts',
  "throw new Error('block failed');",
  '```',
].join('\n');

describe('README harness', () => {
  const blocks = extract('T.md', md);
  const files = writeModules(blocks, ['username', 'ProfileID'], dir);

  it('extracts blocks with their lines and markers', () => {
    expect(blocks.map((b) => [b.name, b.line, b.run])).toEqual([
      ['T.md:2', 3, true],
      ['T.md:7', 8, false],
      ['T.md:11', 12, true],
    ]);
    expect([...declaredNames("import { a as b } from 'x';\nconst { c, d: [e] } = f;\nfunction g() {}")]).toEqual([
      'b',
      'c',
      'e',
      'g',
    ]);
  });

  it('reports a type error at its README line', () => {
    const found = typeCheck(blocks, files);
    expect(found, found.join('\n')).toHaveLength(1); // no duplicate `username`: the block declares its own
    expect(found[0]).toMatch(/^T\.md:4: TS2322 /);
  }, 120_000);

  it('a runnable block that throws rejects', async () => {
    await expect(import(pathToFileURL(files[2]!).href)).rejects.toThrow('block failed');
  });
});
