/**
 * Bindings of the simulator Worker and the small slices of the Durable Object API its objects use (typed here:
 * the Workers type package is not part of the build).
 *
 * @module
 */

/** A Durable Object stub: requests go to the object's `fetch`. */
export interface ObjectStub {
  fetch(request: Request): Promise<Response>;
}

/** A Durable Object namespace binding. */
export interface ObjectNamespace {
  idFromName(name: string): unknown;
  get(id: unknown): ObjectStub;
}

/** The SQL API of a SQLite-backed Durable Object (`ctx.storage.sql`). */
export interface ObjectSql {
  exec(query: string, ...bindings: (string | number | null)[]): { toArray(): Record<string, string | number | null>[] };
}

/** The part of a Durable Object's state the simulator's objects use. */
export interface ObjectState {
  readonly storage: { readonly sql: ObjectSql };
  blockConcurrencyWhile<T>(fn: () => Promise<T>): Promise<T>;
}

/** Bindings of the simulator Worker. */
export interface SimulatorEnv {
  /** Secret: bearer token of the admin endpoints. Unset: admin endpoints answer 404. */
  readonly SIM_ADMIN_SECRET?: string;
  /** Issuance delay of MSSL ASYNC_ORDER, ms (default 0). */
  readonly SIM_ASYNC_DELAY_MS?: string;
  /** Largest SOAP request body in bytes (default 10 MiB, as the in-process simulator). */
  readonly SIM_MAX_BODY_BYTES?: string;
  /** `SimAccount` objects: one per simulated account, by user name. */
  readonly SIM_ACCOUNT: ObjectNamespace;
  /** `SimCa` object: the deployment's one CA. */
  readonly SIM_CA: ObjectNamespace;
}

/** The user name of the default account: its object seeds itself (seed `default`) on first use. */
export const DEFAULT_ACCOUNT = 'sim-api-user';

/** Header carrying the account (user name) from the front Worker to its object. */
export const ACCOUNT_HEADER = 'x-simulator-account';

/**
 * The object of an account.
 *
 * @example
 * ```ts
 * const res = await accountStub(env, 'sim-api-user').fetch(request);
 * ```
 */
export const accountStub = (env: SimulatorEnv, username: string): ObjectStub =>
  env.SIM_ACCOUNT.get(env.SIM_ACCOUNT.idFromName(username));

/**
 * The CA object (there is one per deployment).
 *
 * @example
 * ```ts
 * const material = await (await caStub(env).fetch(new Request('https://ca/material'))).json();
 * ```
 */
export const caStub = (env: SimulatorEnv): ObjectStub => env.SIM_CA.get(env.SIM_CA.idFromName('ca'));
