/**
 * The issuance engine's state in one `AcmeAccount` Durable Object: its settings, the `active` list of orders being
 * issued, the alarm (the earliest look due, or a watchdog while a PVOrder call is in flight), and what runs in this
 * instance (`busy`: an order some call works on here; `exclusive`: one update of `active` and the alarm at a time).
 *
 * @module
 */
import { type AcmeEnv, gsTimeoutMs, intSetting } from './env.ts';
import type { DoState } from './nonces.ts';
import type { GsState, OrderRecord } from './records.ts';
import type * as verdict from './verdicts.ts';

type Storage = DoState['storage'];
const MAX_DELAY_MS = 300_000;

/** The issuance engine of one account object. `inFlight`: orders whose PVOrder call runs in this instance. */
export interface Engine {
  readonly storage: Storage;
  readonly env: AcmeEnv;
  readonly inFlight: Set<string>;
}

/** Per instance, beside the engine: orders a call is working on here, and the queue of `active`/alarm updates. */
export interface Local {
  readonly busy: Set<string>;
  queue: Promise<unknown>;
}
const locals = new WeakMap<Engine, Local>();

/**
 * What runs in this instance for `e`.
 *
 * @example
 * ```ts
 * if (local(engine).busy.has(orderId)) return; // another call works on this order here
 * ```
 */
export function local(e: Engine): Local {
  let l = locals.get(e);
  if (!l) {
    l = { busy: new Set(), queue: Promise.resolve() };
    locals.set(e, l);
  }
  return l;
}

/**
 * Runs `fn` after every earlier one of this instance: the `active` list and the alarm are read-modify-write.
 *
 * @example
 * ```ts
 * await exclusive(engine, () => rearm(engine));
 * ```
 */
export function exclusive<T>(e: Engine, fn: () => Promise<T>): Promise<T> {
  const l = local(e);
  const run = l.queue.then(fn, fn);
  l.queue = run.catch(() => undefined);
  return run;
}

const final = (status: OrderRecord['status'] | undefined): boolean => status === 'valid' || status === 'invalid';
const pollMs = (e: Engine): number => intSetting('POLL_INITIAL_MS', e.env.POLL_INITIAL_MS, 2000, 10);

/**
 * `ISSUE_DEADLINE_SECONDS` (default 259200: 72 hours).
 *
 * @example
 * ```ts
 * const deadlineAt = Date.now() + deadlineSeconds(engine) * 1000;
 * ```
 */
export function deadlineSeconds(e: Engine): number {
  return intSetting('ISSUE_DEADLINE_SECONDS', e.env.ISSUE_DEADLINE_SECONDS, 259_200, 1);
}

/**
 * The issuance deadline of an order, ms since the epoch; a record stored before deadlines existed counts from its
 * submission.
 *
 * @example
 * ```ts
 * const late = Date.now() >= deadlineOf(engine, order.gs);
 * ```
 */
export function deadlineOf(e: Engine, gs: GsState): number {
  return gs.deadlineAt ?? Date.parse(gs.firstSentAt ?? gs.submission.sentAt) + deadlineSeconds(e) * 1000;
}

/**
 * When to look again after `attempt` looks: doubling from `POLL_INITIAL_MS` up to 5 minutes, never past the deadline.
 *
 * @example
 * ```ts
 * gs.nextAt = nextAt(engine, gs, gs.attempt);
 * ```
 */
export function nextAt(e: Engine, gs: GsState, attempt: number): number {
  const wait = Math.min(MAX_DELAY_MS, pollMs(e) * 2 ** Math.min(attempt, 20));
  return Math.min(Date.now() + wait, deadlineOf(e, gs));
}

/**
 * What a verdict says about the order.
 *
 * @example
 * ```ts
 * verdict.notPlaced(facts(engine, gs));
 * ```
 */
export function facts(e: Engine, gs: GsState): verdict.Facts {
  const cn = gs.submission.commonName ?? '(no common name)';
  return { cn, firstSentAt: gs.firstSentAt ?? gs.submission.sentAt, deadlineSeconds: deadlineSeconds(e) };
}

/**
 * Stores an order and sets the alarm; one already `valid` or `invalid` in storage is never written again (it only
 * leaves `active`): a finished order never changes.
 *
 * @example
 * ```ts
 * await save(engine, order);
 * ```
 */
export async function save(e: Engine, order: OrderRecord): Promise<void> {
  await exclusive(e, async () => {
    const stored = await e.storage.get<OrderRecord>(`order:${order.id}`);
    const done = final(stored?.status);
    if (!done) await e.storage.put(`order:${order.id}`, order);
    const active = new Set((await e.storage.get<string[]>('active')) ?? []);
    const was = active.size;
    if (order.status === 'processing' && !done) active.add(order.id);
    else active.delete(order.id);
    if (active.size !== was) await e.storage.put('active', [...active]);
    await rearm(e);
  });
}

/**
 * Sets the alarm to the earliest `nextAt` of the active orders. An order whose PVOrder call (or another look) runs
 * here gets a watchdog time instead (just after one call's time limit): if this object dies mid-call, the alarm
 * still comes back and reconciles it. Call it inside {@link exclusive}, and again once the call has ended.
 *
 * @example
 * ```ts
 * await exclusive(engine, () => rearm(engine));
 * ```
 */
export async function rearm(e: Engine): Promise<void> {
  const active = (await e.storage.get<string[]>('active')) ?? [];
  if (active.length === 0) return;
  const orders = await e.storage.get<OrderRecord>(active.map((id) => `order:${id}`));
  const watchdog = Date.now() + gsTimeoutMs(e.env) + pollMs(e);
  const { busy } = local(e); // a look running here: not due again before it ends (no alarm spinning meanwhile)
  const times = [...orders.values()].map((o) =>
    e.inFlight.has(o.id) || busy.has(o.id) ? watchdog : (o.gs?.nextAt ?? Date.now()),
  );
  const next = Math.max(Math.min(...times), Date.now());
  const current = await e.storage.getAlarm();
  if (current === null || current > next || current < Date.now()) await e.storage.setAlarm(next);
}
