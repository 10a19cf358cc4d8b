#!/usr/bin/env node
// `npm run build`: dist/ from src/ with tsc (JavaScript + declarations, relative imports rewritten to .js), and the
// `globalsign` CLI (src/cli, Node/Deno only) bundled by esbuild into dist/cli/run.js for bin/globalsign.mjs.
// The core never imports node: modules (test/portability.test.ts checks it); only src/**/node.ts and src/cli do.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
const { build } = await import('esbuild');
await build({
  entryPoints: [join(ROOT, 'src/cli/run.ts')],
  outfile: join(ROOT, 'dist/cli/run.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  legalComments: 'none',
  logLevel: 'warning',
});
console.log('built dist/ and dist/cli/run.js');
