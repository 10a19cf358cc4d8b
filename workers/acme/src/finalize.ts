/**
 * Finalize and issuance inside one `AcmeAccount` Durable Object. The submission is stored before PVOrder is sent;
 * the answer's OrderID is stored with the ACME order; the object's alarm then polls the Query service with backoff
 * until the certificate is issued. A PVOrder whose outcome is unknown (lost answer, or an object that died while
 * the call was in flight) is reconciled with `reconcileOrder` before anything is sent again, and only `absent`
 * (proven) lets the alarm send it again: never two GlobalSign orders for one ACME order.
 *
 * @module
 */
import { indexCertificate } from './certs.ts';
import { type AcmeEnv, intSetting } from './env.ts';
import { checkCsr, placeOrder, probeOrder, reconcile, submissionOf } from './issue.ts';
import type { DoState } from './nonces.ts';
import { loadOrder } from './orders.ts';
import { AcmeProblem, type ProblemDocument, urn } from './problems.ts';
import type { OrderRecord } from './records.ts';
import type { Tenant } from './tenant.ts';

type Storage = DoState['storage'];
const MAX_DELAY_MS = 300_000;

/** The issuance engine of one account object. `inFlight`: orders whose PVOrder call runs in this instance. */
export interface Engine {
  readonly storage: Storage;
  readonly env: AcmeEnv;
  readonly inFlight: Set<string>;
}

const problem = (type: 'serverInternal' | 'badCSR', detail: string): ProblemDocument => ({
  type: urn(type),
  detail,
  status: type === 'badCSR' ? 400 : 500,
});

function delay(e: Engine, attempt: number): number {
  return Math.min(
    MAX_DELAY_MS,
    intSetting('POLL_INITIAL_MS', e.env.POLL_INITIAL_MS, 2000, 10) * 2 ** Math.min(attempt, 20),
  );
}

async function save(e: Engine, order: OrderRecord): Promise<void> {
  // A client's probe and the alarm may run side by side: a finished order never goes back to processing.
  const stored = await e.storage.get<OrderRecord>(`order:${order.id}`);
  if (order.status === 'processing' && (stored?.status === 'valid' || stored?.status === 'invalid')) return;
  await e.storage.put(`order:${order.id}`, order);
  const active = new Set((await e.storage.get<string[]>('active')) ?? []);
  if (order.status === 'processing') active.add(order.id);
  else active.delete(order.id);
  await e.storage.put('active', [...active]);
  await rearm(e);
}

/**
 * Sets the alarm to the earliest `nextAt` of the active orders. An order whose PVOrder call is in flight here gets a
 * watchdog time instead: if this object dies mid-call, the alarm still comes back and reconciles it.
 */
async function rearm(e: Engine): Promise<void> {
  const active = (await e.storage.get<string[]>('active')) ?? [];
  if (active.length === 0) return;
  const orders = await e.storage.get<OrderRecord>(active.map((id) => `order:${id}`));
  const watchdog = Date.now() + delay(e, 3);
  const times = [...orders.values()].map((o) => (e.inFlight.has(o.id) ? watchdog : (o.gs?.nextAt ?? Date.now())));
  const next = Math.min(...times);
  const current = await e.storage.getAlarm();
  if (current === null || current > next || current < Date.now()) await e.storage.setAlarm(Math.max(next, Date.now()));
}

/** Sends PVOrder for an order whose submission is stored, and stores what came of it. */
async function send(e: Engine, order: OrderRecord, csr: { pem: string; cn: string }): Promise<void> {
  const tenant = order.tenant as Tenant;
  order.gs = {
    stage: 'submitting',
    submission: submissionOf(tenant, csr),
    attempt: 0,
    nextAt: Date.now() + delay(e, 0),
  };
  e.inFlight.add(order.id);
  await save(e, order);
  let placement: Awaited<ReturnType<typeof placeOrder>>;
  try {
    placement = await placeOrder(
      e.env,
      tenant,
      csr,
      order.identifiers.map((i) => i.value),
    );
  } catch (err) {
    // A refusal of ours happens before anything is sent; anything else may have reached GlobalSign.
    placement =
      err instanceof AcmeProblem
        ? { kind: 'refused', detail: err.detail }
        : { kind: 'unknown', submission: order.gs.submission };
  } finally {
    e.inFlight.delete(order.id);
  }
  if (placement.kind === 'refused') {
    order.status = 'invalid';
    order.error = problem('serverInternal', placement.detail);
  } else if (placement.kind === 'unknown') {
    // What the client knew of the submission, completed with the CSR and name sent: reconciliation matches on the key.
    const submission = { ...placement.submission, ...order.gs.submission, failedAt: new Date().toISOString() };
    order.gs = { ...order.gs, stage: 'unknown', submission, nextAt: Date.now() + delay(e, 0) };
  } else {
    order.gs = { ...order.gs, stage: 'placed', gsOrderId: placement.gsOrderId, nextAt: Date.now() + delay(e, 0) };
  }
  await save(e, order);
}

/**
 * finalize: the order must be `ready`; the CSR is checked (badCSR leaves the order ready), then ordered.
 *
 * @example
 * ```ts
 * const order = await finalizeOrder(engine, orderId, payload.csr);
 * ```
 */
export async function finalizeOrder(e: Engine, orderId: string, csrB64: unknown): Promise<OrderRecord> {
  const order = await loadOrder(e.storage, orderId);
  if (order.status !== 'ready') {
    throw new AcmeProblem('orderNotReady', `The order is ${order.status}; finalize needs a ready order.`);
  }
  // Checked and claimed with no await in between (one thread): a second finalize racing this one is refused here,
  // not after both have checked their CSRs and sent two PVOrders.
  if (e.inFlight.has(order.id)) throw new AcmeProblem('orderNotReady', 'The order is being finalized.');
  e.inFlight.add(order.id);
  let csr: Awaited<ReturnType<typeof checkCsr>>;
  try {
    csr = await checkCsr(
      order.tenant as Tenant,
      order.identifiers.map((i) => i.value),
      csrB64,
    );
  } catch (err) {
    e.inFlight.delete(order.id);
    throw err;
  }
  order.status = 'processing';
  await send(e, order, csr);
  return order;
}

/** One step for one order: probe a placed order, or reconcile one whose outcome is unknown. */
async function step(e: Engine, order: OrderRecord, reconcileAllowed: boolean, signal?: AbortSignal): Promise<void> {
  const gs = order.gs;
  if (order.status !== 'processing' || !gs) return;
  if (gs.stage === 'submitting' && e.inFlight.has(order.id)) return;
  gs.lastCheckAt = Date.now();
  if (gs.stage === 'placed' && gs.gsOrderId) {
    const p = await probeOrder(e.env, gs.gsOrderId, signal);
    if (p.state === 'issued') {
      await indexCertificate(e.storage, e.env, order, p.chainPem); // before 'valid': a failure is retried
      order.status = 'valid';
      order.certPem = p.chainPem;
    } else if (p.state === 'failed') {
      order.status = 'invalid';
      order.error = problem('serverInternal', p.detail);
    } else gs.status = p.status;
  } else if (reconcileAllowed) {
    // 'unknown', or 'submitting' with no call in flight here: the object restarted mid-call.
    const r = await reconcile(e.env, gs.submission);
    if (r.status === 'found') Object.assign(gs, { stage: 'placed', gsOrderId: r.gsOrderId });
    else if (r.status === 'candidates') {
      order.status = 'invalid';
      order.error = problem(
        'serverInternal',
        `${r.count} GlobalSign orders might be this one; an operator must decide.`,
      );
    } else {
      await send(e, order, { pem: gs.submission.csr ?? '', cn: gs.submission.commonName ?? '' });
      return;
    }
  } else return;
  gs.attempt += 1;
  gs.nextAt = Date.now() + delay(e, gs.attempt);
  await save(e, order);
}

/**
 * A client's read of a processing order: one bounded probe when the last one is over a second old (never a
 * reconciliation or a re-send; those are the alarm's).
 *
 * @example
 * ```ts
 * const order = await readOrder(engine, orderId);
 * ```
 */
export async function readOrder(e: Engine, orderId: string): Promise<OrderRecord> {
  const order = await loadOrder(e.storage, orderId);
  const last = order.gs?.lastCheckAt ?? 0;
  if (order.status === 'processing' && order.gs?.stage === 'placed' && Date.now() - last > 1000) {
    await step(e, order, false, AbortSignal.timeout(5000)).catch(() => undefined);
  }
  return order;
}

/**
 * The alarm: every active order whose time has come gets one step; the alarm is set again for the next one.
 *
 * @example
 * ```ts
 * async alarm() { await runAlarm(this.engine); }
 * ```
 */
export async function runAlarm(e: Engine): Promise<void> {
  const active = (await e.storage.get<string[]>('active')) ?? [];
  for (const id of active) {
    const order = await e.storage.get<OrderRecord>(`order:${id}`);
    if (!order?.gs || order.gs.nextAt > Date.now() + 50) continue;
    try {
      await step(e, order, true);
    } catch {
      order.gs.attempt += 1;
      order.gs.nextAt = Date.now() + delay(e, order.gs.attempt);
      await save(e, order);
    }
  }
  await rearm(e);
}
