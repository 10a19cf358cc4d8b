#!/usr/bin/env node
// Launcher of the `globalsign` CLI: the built dist/cli/run.js when present, else the TypeScript sources through
// tsx (from a checkout). Equivalent by hand: node --import tsx src/cli/run.ts <command> [options]
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../dist/cli/run.js', import.meta.url));
if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/run.ts', import.meta.url).href);
}
