// Types of scripts/build-workers.mjs for the TypeScript tests that import it.
/** Bundles workers/<name>/src/index.ts into workers/<name>/dist/worker.mjs; resolves to that path. */
export function buildWorker(name: 'enroll' | 'simulator' | 'acme'): Promise<string>;
/** Builds both Workers and the enrollment page. */
export function buildAll(options?: { simulator?: boolean }): Promise<{
  enroll: string;
  simulator: string | undefined;
  page: { dir: string; warnings: number; jsBytes: number; jsGzipBytes: number };
}>;
/** A Durable Object binding as miniflare takes it. */
export interface DurableObjectBinding {
  readonly className: string;
  readonly useSQLite: boolean;
}
/** The Durable Object bindings and migrations of workers/<name>/wrangler.toml. */
export function wranglerDurableObjects(name: 'enroll' | 'simulator' | 'acme'): {
  readonly bindings: Readonly<Record<string, DurableObjectBinding>>;
  readonly migrations: readonly Readonly<Record<string, unknown>>[];
  /** Every class a migration creates. */
  readonly created: readonly string[];
};
/** The simulator Worker's Durable Objects as miniflare takes them (from workers/simulator/wrangler.toml). */
export const SIMULATOR_DURABLE_OBJECTS: Readonly<Record<string, DurableObjectBinding>>;
