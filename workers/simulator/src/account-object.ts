/**
 * The `SimAccount` Durable Object: one simulated GlobalSign account, addressed by its user name
 * (`idFromName(username)`). It holds that account's simulator, with the state in the object's SQLite rows
 * (`createSqlStore` over `ctx.storage.sql`: orders, domains, profiles, licences as tables with their indexes), signing
 * with the deployment's CA (the `SimCa` object). A Durable Object runs one request at a time between awaits and the
 * simulator serialises its operations, so every client of the account sees one consistent state, and it survives
 * restarts and redeploys. The default account's object seeds itself on first use; any other object stays empty (and
 * writes nothing) until `POST /__admin/accounts` creates its account.
 *
 * @module
 */
import {
  type CaMaterial,
  createSimulator,
  EMPTY_DEFAULTS,
  createSqlStore,
  type Simulator,
  type SqlExec,
} from '../../../src/simulator/index.ts';
import { type AccountMeta, type LiveAccount, type MetaStore, memoryMeta, sqlMeta } from './account-meta.ts';
import { accountAdmin } from './account-admin.ts';
import { ACCOUNT_HEADER, caStub, DEFAULT_ACCOUNT, type ObjectState, type SimulatorEnv } from './env.ts';
import { seedAccount } from './seeds.ts';

/** Response header carrying the account's injected latency (ms) to the front Worker, which applies it. */
export const LATENCY_HEADER = 'x-simulator-latency-ms';

/** The password of the default account (the in-process simulator's; not a secret). */
export const DEFAULT_PASSWORD = 'sim-api-password';

/**
 * Durable Object class (bind it as `SIM_ACCOUNT`, class name `SimAccount`, SQLite-backed).
 *
 * @example
 * ```ts
 * const res = await env.SIM_ACCOUNT.get(env.SIM_ACCOUNT.idFromName('sim-api-user')).fetch(request);
 * ```
 */
export class SimAccount {
  readonly #state: ObjectState;
  readonly #env: SimulatorEnv;
  readonly #meta: MetaStore;
  #live: Promise<LiveAccount | undefined> | undefined;
  #empty: Promise<Simulator> | undefined;
  #ca: Promise<CaMaterial> | undefined;

  constructor(state: ObjectState, env: SimulatorEnv) {
    this.#state = state;
    this.#env = env;
    this.#meta = this.#persistent ? sqlMeta(state.storage.sql) : memoryMeta();
  }

  get #persistent(): boolean {
    return (this.#env as { SIM_STORAGE?: string }).SIM_STORAGE !== 'memory';
  }

  /** SOAP requests at the services' paths; `/__admin/*` from the front Worker (already authorised there). */
  async fetch(request: Request): Promise<Response> {
    const username = request.headers.get(ACCOUNT_HEADER) ?? '';
    if (new URL(request.url).pathname.startsWith('/__admin/')) return accountAdmin(request, username, this);
    const live = await this.live(username);
    if (!live) return (await this.#emptySimulator()).fetch(request);
    const response = await live.sim.fetch(request);
    const latency = live.meta.faults?.latencyMs ?? 0;
    if (latency > 0) response.headers.set(LATENCY_HEADER, String(latency));
    return response;
  }

  /** The account's simulator, loaded from storage, or seeded now for the default account; `undefined`: none. */
  live(username: string): Promise<LiveAccount | undefined> {
    this.#live ??= this.#state.blockConcurrencyWhile(async () => {
      const meta = this.#meta.read();
      if (meta) return this.#start(username, meta, false);
      if (username !== DEFAULT_ACCOUNT) return undefined;
      return this.#start(
        username,
        { seed: 'default', defaults: EMPTY_DEFAULTS, clockOffsetMs: 0 },
        true,
        DEFAULT_PASSWORD,
      );
    });
    const live = this.#live;
    void live.then((l) => {
      if (!l && this.#live === live) this.#live = undefined;
    });
    return live;
  }

  /** Creates the account with a seed; `undefined` when it exists already. */
  async create(username: string, seed: string, password: string): Promise<LiveAccount | undefined> {
    if (await this.live(username)) return undefined;
    const live = await this.#state.blockConcurrencyWhile(async () =>
      this.#meta.read()
        ? undefined
        : this.#start(username, { seed, defaults: EMPTY_DEFAULTS, clockOffsetMs: 0 }, true, password),
    );
    if (live) this.#live = Promise.resolve(live);
    return live;
  }

  async #start(username: string, meta: AccountMeta, fresh: boolean, password = ''): Promise<LiveAccount> {
    const sql = this.#state.storage.sql;
    const exec: SqlExec = (query, ...bindings) => sql.exec(query, ...bindings);
    const stem = meta.seed === 'default' && username === DEFAULT_ACCOUNT ? 'default' : username;
    const sim = await createSimulator({
      seed: false,
      ca: await this.#material(),
      asyncDelayMs: Number(this.#env.SIM_ASYNC_DELAY_MS ?? '0') || 0,
      ...(this.#persistent ? { store: () => createSqlStore(exec, stem) } : {}),
    });
    if (meta.clockOffsetMs) sim.clock.advance(meta.clockOffsetMs);
    if (meta.faults?.rules) sim.admin.setFaults({ rules: meta.faults.rules });
    const live: LiveAccount = {
      sim,
      meta: fresh ? { ...meta, defaults: seedAccount(sim.admin, meta.seed, { username, password }) } : meta,
      save: (m) => {
        live.meta = m;
        this.#meta.write(m);
      },
    };
    if (fresh) live.save(live.meta);
    return live;
  }

  #material(): Promise<CaMaterial> {
    this.#ca ??= caStub(this.#env)
      .fetch(new Request('https://ca/material'))
      .then((r) => r.json() as Promise<CaMaterial>);
    return this.#ca;
  }

  /** No account here: an empty simulator in memory answers (a login failure), and nothing is written. */
  #emptySimulator(): Promise<Simulator> {
    this.#empty ??= this.#material().then((ca) => createSimulator({ seed: false, ca }));
    return this.#empty;
  }
}
