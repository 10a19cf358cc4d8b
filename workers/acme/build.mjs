// Bundles the ACME gateway Worker with esbuild: workers/acme/dist/worker.mjs (used by scripts/dev.mjs and the tests).
//   node workers/acme/build.mjs
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Builds the gateway; returns the bundle's path. */
export async function buildAcme() {
  const outfile = join(HERE, 'dist', 'worker.mjs');
  await build({
    entryPoints: [join(HERE, 'src', 'index.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    target: 'es2022',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(await buildAcme());
}
