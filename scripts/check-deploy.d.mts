// Types of scripts/check-deploy.mjs for the TypeScript tests that import it.
/** A Durable Object binding as wrangler.toml writes it. */
export interface DoBinding {
  readonly name: string;
  readonly class_name: string;
  readonly script_name?: string;
}
/** One `[[migrations]]` entry. */
export interface DoMigration {
  readonly tag: string;
  readonly new_classes?: readonly string[];
  readonly new_sqlite_classes?: readonly string[];
  readonly renamed_classes?: readonly { readonly from: string; readonly to: string }[];
  readonly transferred_classes?: readonly {
    readonly from: string;
    readonly from_script: string;
    readonly to: string;
  }[];
  readonly deleted_classes?: readonly string[];
}
/** Every Worker's wrangler.toml (absolute paths). */
export function workerConfigs(): string[];
/** The classes the migrations leave, and the problems of the migration list itself. */
export function migratedClasses(migrations: readonly DoMigration[] | undefined): {
  live: Set<string>;
  problems: string[];
};
/** The Durable Object problems of a Worker, given its bindings, migrations and its entry's exports. */
export function durableObjectProblems(
  bindings: readonly DoBinding[] | undefined,
  migrations: readonly DoMigration[] | undefined,
  exported: readonly string[],
): string[];
/** Checks one Worker configuration: `main`, `wrangler deploy --dry-run`, Durable Object exports and migrations. */
export function checkWorker(configPath: string): Promise<{
  /** `<name> (<path>)` */
  worker: string;
  /** Empty when the Worker would deploy; each names what to fix. */
  problems: string[];
  /** The names the bundle wrangler built exports. */
  exported: string[];
}>;
