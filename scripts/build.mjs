#!/usr/bin/env node
// `npm run build`: dist/ from src/ with tsc (JavaScript + declarations, relative imports rewritten to .js).
// The core never imports node: modules (test/portability.test.ts checks it); only src/**/node.ts does.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
console.log('built dist/');
