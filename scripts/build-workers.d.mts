// Types of scripts/build-workers.mjs for the TypeScript tests that import it.
/** Bundles workers/<name>/src/index.ts into workers/<name>/dist/worker.mjs; resolves to that path. */
export function buildWorker(name: 'enroll' | 'simulator'): Promise<string>;
/** Builds both Workers and the enrollment page. */
export function buildAll(options?: { simulator?: boolean }): Promise<{
  enroll: string;
  simulator: string | undefined;
  page: { dir: string; warnings: number; jsBytes: number; jsGzipBytes: number };
}>;
/** The simulator Worker's Durable Objects as miniflare takes them (as in workers/simulator/wrangler.toml). */
export const SIMULATOR_DURABLE_OBJECTS: {
  readonly SIM_ACCOUNT: { className: 'SimAccount'; useSQLite: true };
  readonly SIM_CA: { className: 'SimCa'; useSQLite: true };
};
