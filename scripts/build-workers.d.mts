// Types of scripts/build-workers.mjs for the TypeScript tests that import it.
/** Bundles `entry` into `outfile` as a Worker (ESM, neutral platform, Workers conditions); resolves to `outfile`. */
export function bundleWorker(entry: string, outfile: string): Promise<string>;
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
/** The Durable Object bindings of workers/<name>/wrangler.toml, as miniflare takes them. */
export function wranglerDurableObjects(
  name: 'enroll' | 'simulator' | 'acme',
): Readonly<Record<string, DurableObjectBinding>>;
/** Miniflare options of a local run of a Worker: compatibility, Durable Objects, 127.0.0.1 on a free port, cf {}. */
export function miniflareOptions(
  name: 'enroll' | 'simulator' | 'acme',
  scriptPath: string,
): {
  cf: Record<string, never>;
  modules: true;
  scriptPath: string;
  compatibilityDate: string;
  compatibilityFlags?: string[];
  host: string;
  port: number;
  durableObjects: Record<string, DurableObjectBinding>;
};
