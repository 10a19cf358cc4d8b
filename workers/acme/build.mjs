// Bundles the ACME gateway Worker: workers/acme/dist/worker.mjs (used by scripts/dev.mjs and the tests), with the
// same esbuild settings as every Worker (scripts/build-workers.mjs).
//   node workers/acme/build.mjs
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWorker } from '../../scripts/build-workers.mjs';

/** Builds the gateway; returns the bundle's path. */
export function buildAcme() {
  return buildWorker('acme');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(await buildAcme());
}
