/**
 * What an account object keeps beside the simulator's own rows: its seed and defaults, the clock's offset and the
 * fault plan, in a `sim_meta` table of the object's SQLite (or in memory when the state is not persisted).
 *
 * @module
 */
import type { FaultPlan, Simulator } from '../../../src/simulator/index.ts';
import type { ObjectSql } from './env.ts';
import type { AccountDefaults } from './seeds.ts';

/** An account object's own settings. */
export interface AccountMeta {
  readonly seed: string;
  readonly defaults: AccountDefaults;
  /** Total clock advance, ms. */
  readonly clockOffsetMs: number;
  readonly faults?: FaultPlan;
}

/** Where the meta lives. */
/** A running account: its simulator and meta. */
export interface LiveAccount {
  readonly sim: Simulator;
  meta: AccountMeta;
  readonly save: (meta: AccountMeta) => void;
}

export interface MetaStore {
  read(): AccountMeta | undefined;
  write(meta: AccountMeta): void;
}

/**
 * Meta in the object's SQLite.
 *
 * @example
 * ```ts
 * const meta = sqlMeta(ctx.storage.sql).read();
 * ```
 */
export function sqlMeta(sql: ObjectSql): MetaStore {
  let ready = false;
  const table = (): void => {
    if (!ready)
      sql.exec('CREATE TABLE IF NOT EXISTS sim_meta (id INTEGER PRIMARY KEY CHECK (id = 1), v TEXT NOT NULL)');
    ready = true;
  };
  return {
    read() {
      // No table yet means no account: reading creates nothing.
      const exists = sql.exec("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'sim_meta'").toArray();
      if (!exists.length) return undefined;
      const row = sql.exec('SELECT v FROM sim_meta WHERE id = 1').toArray()[0];
      return row ? (JSON.parse(String(row.v)) as AccountMeta) : undefined;
    },
    write(meta) {
      table();
      sql.exec('INSERT OR REPLACE INTO sim_meta (id, v) VALUES (1, ?)', JSON.stringify(meta));
    },
  };
}

/**
 * Meta in memory (state not persisted: `SIM_STORAGE = "memory"`).
 *
 * @example
 * ```ts
 * const meta = memoryMeta();
 * ```
 */
export function memoryMeta(): MetaStore {
  let meta: AccountMeta | undefined;
  return {
    read: () => meta,
    write: (m) => {
      meta = m;
    },
  };
}
