// The core stays runtime-neutral: no node: imports outside files named node.ts (and the CLI), no Buffer, no
// process; those are what would break browsers and Workers.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));

it('no node: imports, Buffer or process in the core', () => {
  const offenders = files(SRC)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('/node.ts') && !relative(SRC, f).startsWith('cli'))
    .filter((f) =>
      /from 'node:|import\('node:|\bBuffer\.(from|alloc|concat|isBuffer)\b|\bprocess\.(env|argv|exit|versions|platform|cwd|stdout|stderr|nextTick)\b/.test(
        readFileSync(f, 'utf8'),
      ),
    )
    .map((f) => relative(SRC, f));
  expect(offenders).toEqual([]);
});
