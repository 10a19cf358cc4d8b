#!/usr/bin/env node
// Launcher of the `globalsign` CLI. In a checkout (src/ present) it runs the TypeScript sources through tsx, so a
// stale dist/ never answers for them; in the installed package (no src/) it runs the built dist/cli/run.js.
// Equivalent by hand: node --import tsx src/cli/run.ts <command> [options]
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const source = new URL('../src/cli/run.ts', import.meta.url);
if (existsSync(fileURLToPath(source))) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(pathToFileURL(fileURLToPath(new URL('../dist/cli/run.js', import.meta.url))).href);
}
