/**
 * `globalsign-kit/simulator`: GlobalSign's GCC SOAP services in-process, with a real local CA. A Web-standard
 * `fetch` handler, so it runs in Node, Deno, Bun, browsers and Workers, and plugs into any client as its `fetch`.
 *
 * Defaults (`seed: 'default'`): one account (`sim.defaults.username` / `.password`), an EPKI S/MIME profile
 * (`sim.defaults.epkiProfileId`) with licenses for every EPKI product and 1–3 years, and the approved email domain
 * `example.com`. `sim.admin` seeds and steers: accounts and allowed IPs, profiles, licenses, email domains, pending
 * enrollments, faults, the clock.
 *
 * @example
 * ```ts
 * import { createSimulator } from 'globalsign-kit/simulator';
 * import { EpkiClient } from 'globalsign-kit';
 * const sim = await createSimulator();
 * const epki = new EpkiClient({ ...sim.defaults, endpoint: 'http://simulator', fetch: sim.fetch });
 * ```
 *
 * @module
 */
import { ACCOUNT_OPERATIONS, ACCOUNT_SERVICE } from '../services/account.ts';
import { EPKI_OPERATIONS, EPKI_SERVICE } from '../services/epki.ts';
import { QUERY_OPERATIONS, QUERY_SERVICE } from '../services/query.ts';
import { MSSL_OPERATIONS, MSSL_SERVICE } from '../services/mssl.ts';
import { ACCOUNT_HANDLERS } from './account.ts';
import { type SimulatorAdmin, createAdmin } from './admin.ts';
import { type CaMaterial, createLocalCa, type LocalCa } from './ca.ts';
import { createClock, type SimClock } from './clock.ts';
import type { HandlerContext } from './context.ts';
import { EPKI_HANDLERS } from './epki.ts';
import { QUERY_HANDLERS } from './query.ts';
import { createFaultPicker, type FaultPicker, type FaultPlan } from './faults.ts';
import { MSSL_HANDLERS } from './mssl.ts';
import { createMemoryStore } from './memory-store.ts';
import type { SimStore } from './store.ts';
import { createRouter } from './router.ts';
import { EMPTY_DEFAULTS, type SimulatorDefaults, seedDefaults } from './seed.ts';

/** Options of {@link createSimulator}. */
export interface SimulatorOptions {
  /** `'default'` (or any string: IDs derive from it) seeds the default state; `false` starts empty. */
  readonly seed?: string | false;
  /** Time source (default: the wall clock). `sim.clock.advance(ms)` moves it in tests either way. */
  readonly clock?: () => Date;
  /** MSSL ASYNC_ORDER issuance delay in ms of the simulator clock (default 0). */
  readonly asyncDelayMs?: number;
  /** Faults to inject (see {@link FaultPlan}); `sim.admin.setFaults` changes them later. */
  readonly faults?: FaultPlan;
  /** A fixed CA (PEM certificates and PKCS#8 keys); default: made at start, shared within the process. */
  readonly ca?: CaMaterial;
  /** EPKI `CERT` as a PEM certificate (default) or a base64 PKCS#7 bundle with the chain. */
  readonly epkiCertFormat?: 'x509' | 'pkcs7';
  /** WebCrypto provider (default `globalThis.crypto`). */
  readonly crypto?: Crypto;
  /**
   * Where the state lives (default: in memory): a function of the ID seed returning a fresh, empty store, e.g.
   * `(seed) => createSqlStore(exec, seed)` for SQL rows.
   */
  readonly store?: (seed: string) => SimStore;
}

/** A running simulator. */
export interface Simulator {
  /** The service endpoint: give it to a client as `fetch` (any base URL works as `endpoint`). */
  readonly fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** What the seed created (empty strings with `seed: false`). */
  readonly defaults: SimulatorDefaults;
  readonly admin: SimulatorAdmin;
  readonly clock: SimClock;
  /** The local CA. */
  readonly ca: LocalCa;
}

const EPKI_CODES = { auth: '-4001', ip: '-9900', disabled: '-9939' };
const MSSL_CODES = { auth: '-4001', ip: '-4201', disabled: '-9939' };

/**
 * Creates a simulator.
 *
 * @example
 * ```ts
 * const sim = await createSimulator({ clock: () => new Date('2026-01-01T00:00:00Z') });
 * sim.clock.advance(60_000);
 * ```
 */
export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = options.seed === undefined ? 'default' : options.seed;
  const crypto = options.crypto ?? globalThis.crypto;
  const clock = createClock(options.clock);
  const state = (options.store ?? createMemoryStore)(seed === false ? 'empty' : seed);
  const ca = await createLocalCa({
    ...(options.ca ? { material: options.ca } : {}),
    ...(options.crypto ? { crypto } : {}),
    now: clock.now(),
  });
  let plan = options.faults;
  let picker: FaultPicker = createFaultPicker(plan, String(seed));
  const context: Omit<HandlerContext, 'account'> = {
    state,
    clock,
    ca,
    crypto,
    options: { asyncDelayMs: options.asyncDelayMs ?? 0, epkiCertFormat: options.epkiCertFormat ?? 'x509' },
  };
  const admin = createAdmin(
    state,
    clock,
    ca,
    () => context,
    (p) => {
      plan = p;
      picker = createFaultPicker(p, String(seed));
    },
  );
  const defaults: SimulatorDefaults = seed === false ? EMPTY_DEFAULTS : seedDefaults(admin);
  let queue: Promise<unknown> = Promise.resolve();
  const route = createRouter({
    services: [
      { service: EPKI_SERVICE, operations: Object.values(EPKI_OPERATIONS), handlers: EPKI_HANDLERS, codes: EPKI_CODES },
      { service: MSSL_SERVICE, operations: Object.values(MSSL_OPERATIONS), handlers: MSSL_HANDLERS, codes: MSSL_CODES },
      {
        service: QUERY_SERVICE,
        operations: Object.values(QUERY_OPERATIONS),
        handlers: QUERY_HANDLERS,
        codes: MSSL_CODES,
      },
      {
        service: ACCOUNT_SERVICE,
        operations: Object.values(ACCOUNT_OPERATIONS),
        handlers: ACCOUNT_HANDLERS,
        codes: MSSL_CODES,
      },
    ],
    context,
    faults: () => picker,
    latencyMs: () => plan?.latencyMs ?? 0,
    serial: (fn) => {
      const next = queue.then(fn, fn);
      queue = next.catch(() => undefined);
      return next;
    },
  });
  const fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
    route(input instanceof Request && init === undefined ? input : new Request(input, init));
  return { fetch, defaults, admin, clock, ca };
}

// What createSimulator (bad CA material) and sim.ca / sim.admin (bad CSR or subject) throw.
export { CryptoError, isCryptoError, isValidationError, ValidationError } from '../errors.ts';
export type { SimulatorAdmin } from './admin.ts';
export type { CaMaterial, LocalCa } from './ca.ts';
export { exportCaMaterial } from './ca.ts';
export type { SimClock } from './clock.ts';
export type {
  Account,
  EmailDomainStatus,
  EpkiOrder,
  EpkiProfile,
  EpkiProfileKind,
  License,
  MsslDomain,
  MsslOrder,
  MsslProfile,
} from './entities.ts';
export type { FaultKind, FaultPlan, FaultRule } from './faults.ts';
export { EMPTY_DEFAULTS, seedDefaults, type SimulatorDefaults } from './seed.ts';
export type { SqlCursor, SqlExec, SqlRow, SqlValue } from './sql-rows.ts';
export { createSqlStore } from './sql-store.ts';
export type {
  Collection,
  EpkiOrderCollection,
  EpkiOrderDate,
  KeySet,
  LicenseCollection,
  MsslDomainCollection,
  MsslOrderCollection,
  MsslOrderDate,
  OwnedCollection,
  SimStore,
  Table,
} from './store.ts';
