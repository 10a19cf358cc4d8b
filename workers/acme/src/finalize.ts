/**
 * Finalize and issuance inside one `AcmeAccount` Durable Object. The submission is stored before PVOrder is sent;
 * the answer's OrderID is stored with the ACME order; the object's alarm then polls the Query service with backoff
 * until the certificate is issued. A PVOrder whose outcome is unknown (lost or cut answer, timeout, HTTP 500, or an
 * object that died while the call was in flight) is reconciled with `reconcileOrder` before anything is sent again,
 * and only `absent` (proven) lets the alarm send it again: never two GlobalSign orders for one ACME order. At the
 * issuance deadline (`ISSUE_DEADLINE_SECONDS`) the order gets one last bounded look and ends `valid` or `invalid`
 * with a detail a person can act on (verdicts.ts); nothing is sent after it. A finished order never changes again.
 *
 * @module
 */
import { indexCertificate } from './certs.ts';
import { deadlineOf, deadlineSeconds, type Engine, exclusive, facts, local, nextAt, rearm, save } from './engine.ts';
import { gsTimeoutMs } from './env.ts';
import { type CheckedCsr, checkCsr, placeOrder, probeOrder, reconcile, submissionOf } from './issue.ts';
import { loadOrder } from './orders.ts';
import { AcmeProblem } from './problems.ts';
import type { GsState, OrderRecord } from './records.ts';
import type { Tenant } from './tenant.ts';
import * as verdict from './verdicts.ts';

export type { Engine } from './engine.ts';

/** The order ends `valid` with its certificate chain. */
async function issued(e: Engine, order: OrderRecord, chainPem: string): Promise<void> {
  await indexCertificate(e.storage, e.env, order, chainPem); // before 'valid': a failure is retried
  order.status = 'valid';
  order.certPem = chainPem;
  await save(e, order);
}

/** The order ends `invalid` with `error`. */
async function failed(e: Engine, order: OrderRecord, error: OrderRecord['error']): Promise<void> {
  order.status = 'invalid';
  if (error) order.error = error;
  await save(e, order);
}

/**
 * Stores the submission (marked in flight here) before anything is sent; `undefined` when the deadline has passed
 * (the order then ended `invalid`). {@link place} sends it. An object that dies between the two leaves a stored
 * submission, reconciled by the alarm.
 */
async function submit(e: Engine, order: OrderRecord, csr: CheckedCsr): Promise<GsState | undefined> {
  const tenant = order.tenant as Tenant;
  const now = Date.now();
  const before = order.gs;
  const submission = submissionOf(tenant, csr);
  const gs: GsState = {
    stage: 'submitting',
    submission,
    attempt: 0,
    nextAt: now,
    firstSentAt: before?.firstSentAt ?? submission.sentAt,
    deadlineAt: before?.deadlineAt ?? now + deadlineSeconds(e) * 1000,
  };
  gs.nextAt = nextAt(e, gs, 0);
  order.gs = gs;
  if (now >= deadlineOf(e, gs)) {
    await failed(e, order, verdict.notPlaced(facts(e, gs)));
    return undefined;
  }
  e.inFlight.add(order.id);
  try {
    await save(e, order);
  } catch (err) {
    e.inFlight.delete(order.id); // nothing was sent
    throw err;
  }
  return gs;
}

/** Sends the stored submission's PVOrder and stores the outcome. */
async function place(e: Engine, order: OrderRecord, csr: CheckedCsr, gs: GsState): Promise<void> {
  const submission = gs.submission;
  let placement: Awaited<ReturnType<typeof placeOrder>>;
  try {
    placement = await placeOrder(
      e.env,
      order.tenant as Tenant,
      csr,
      order.identifiers.map((i) => i.value),
    );
  } catch (err) {
    // A refusal of ours happens before anything is sent; anything else may have reached GlobalSign.
    placement = err instanceof AcmeProblem ? { kind: 'refused', detail: err.detail } : { kind: 'unknown', submission };
  } finally {
    e.inFlight.delete(order.id);
  }
  if (placement.kind === 'refused') return failed(e, order, verdict.refused(placement.detail, facts(e, gs)));
  if (placement.kind === 'unknown') {
    // What the client knew of the submission, completed with the CSR and name sent: reconciliation matches on the key.
    gs.submission = { ...placement.submission, ...submission, failedAt: new Date().toISOString() };
    gs.stage = 'unknown';
  } else Object.assign(gs, { stage: 'placed', gsOrderId: placement.gsOrderId });
  gs.nextAt = nextAt(e, gs, 0);
  await save(e, order);
}

/**
 * finalize: the order must be `ready`; the CSR is checked (badCSR leaves the order ready), the submission stored,
 * and the order answered `processing` while PVOrder is sent (RFC 8555 section 7.4: the client polls; a slow
 * GlobalSign does not hold the client's request).
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
  const { busy } = local(e);
  if (busy.has(order.id)) throw new AcmeProblem('orderNotReady', 'The order is being finalized.');
  busy.add(order.id);
  let placing: Promise<void> | undefined;
  try {
    const csr = await checkCsr(
      order.tenant as Tenant,
      order.identifiers.map((i) => i.value),
      csrB64,
    );
    deadlineSeconds(e); // a misconfigured setting is reported here, before anything is stored or sent
    order.status = 'processing';
    const gs = await submit(e, order, csr);
    if (gs) placing = place(e, order, csr, gs);
  } finally {
    busy.delete(order.id);
  }
  await exclusive(e, () => rearm(e)); // the watchdog while PVOrder is in flight
  // Once GlobalSign has answered: the order's next look (should this fail, the watchdog alarm stays set).
  const next = () => exclusive(e, () => rearm(e));
  placing?.then(next, next).catch(() => undefined);
  return structuredClone(order);
}

/**
 * One look at an order by the alarm: reconcile an unknown outcome (`absent` sends again, before the deadline only),
 * then probe the GlobalSign order. At or past the deadline the look is one call's time long and the order ends.
 */
async function step(e: Engine, order: OrderRecord): Promise<void> {
  const gs = order.gs;
  if (order.status !== 'processing' || !gs) return;
  if (gs.stage === 'submitting' && e.inFlight.has(order.id)) return;
  const left = deadlineOf(e, gs) - Date.now();
  const late = left <= 0;
  // A look is bounded, so that one slow order does not hold up the alarm (and the others' deadlines): three call
  // attempts' time (a read and its retries), never past the deadline by more than one; a re-send adds one PVOrder.
  const t = gsTimeoutMs(e.env);
  const signal = AbortSignal.timeout(Math.min(3 * t, Math.max(left, 0) + t));
  gs.lastCheckAt = Date.now();
  try {
    if (gs.stage !== 'placed' || !gs.gsOrderId) {
      // 'unknown', or 'submitting' with no call in flight here: the object restarted mid-call.
      const r = await reconcile(e.env, gs.submission, signal);
      if (r.status === 'candidates') return failed(e, order, verdict.ambiguous(r.gsOrderIds, facts(e, gs)));
      if (r.status === 'absent') {
        if (late) return failed(e, order, verdict.notPlaced(facts(e, gs)));
        const s = gs.submission;
        const csr = { pem: s.csr ?? '', cn: s.commonName ?? '' };
        const again = await submit(e, order, csr);
        return again && place(e, order, csr, again);
      }
      Object.assign(gs, { stage: 'placed', gsOrderId: r.gsOrderId });
    }
    const id = gs.gsOrderId as string;
    const p = await probeOrder(e.env, id, signal);
    if (p.state === 'issued') return issued(e, order, p.chainPem);
    if (p.state === 'failed') return failed(e, order, verdict.ended(id, p.status, facts(e, gs)));
    gs.status = p.status;
    if (late) return failed(e, order, verdict.notIssued(id, `last status ${p.status}`, facts(e, gs)));
  } catch (err) {
    if (!late) throw err;
    const why = `the last look failed: ${err instanceof Error ? err.message : String(err)}`;
    const f = facts(e, gs);
    return failed(e, order, gs.gsOrderId ? verdict.notIssued(gs.gsOrderId, why, f) : verdict.outcomeUnknown(why, f));
  }
  gs.attempt += 1;
  gs.nextAt = nextAt(e, gs, gs.attempt);
  await save(e, order);
}

/**
 * A look that failed (GlobalSign or the search did not answer): try again later, with backoff. What the look learnt
 * (an OrderID found by reconciliation) is kept; `save` never overwrites an order that has finished meanwhile.
 */
async function later(e: Engine, order: OrderRecord): Promise<void> {
  const gs = order.gs;
  if (order.status !== 'processing' || !gs) return;
  gs.attempt += 1;
  gs.nextAt = nextAt(e, gs, gs.attempt);
  await save(e, order);
}

/**
 * A client's read of a processing order: one bounded probe when the last look is over a second old (never a
 * reconciliation or a re-send; those are the alarm's), and the alarm set again if it was lost.
 *
 * @example
 * ```ts
 * const order = await readOrder(engine, orderId);
 * ```
 */
export async function readOrder(e: Engine, orderId: string): Promise<OrderRecord> {
  const order = await loadOrder(e.storage, orderId);
  const gs = order.gs;
  if (order.status !== 'processing' || !gs) return order;
  const { busy } = local(e);
  if (gs.stage === 'placed' && gs.gsOrderId && Date.now() - (gs.lastCheckAt ?? 0) > 1000 && !busy.has(order.id)) {
    busy.add(order.id);
    try {
      gs.lastCheckAt = Date.now();
      const p = await probeOrder(e.env, gs.gsOrderId, AbortSignal.timeout(Math.min(5000, gsTimeoutMs(e.env))));
      if (p.state === 'issued') await issued(e, order, p.chainPem);
      else if (p.state === 'failed') await failed(e, order, verdict.ended(gs.gsOrderId, p.status, facts(e, gs)));
      else await save(e, Object.assign(order, { gs: { ...gs, status: p.status } }));
    } catch {
      // the alarm keeps at it
    } finally {
      busy.delete(order.id);
    }
  }
  await exclusive(e, () => rearm(e));
  return (await e.storage.get<OrderRecord>(`order:${order.id}`)) ?? order;
}

/**
 * The alarm: every active order whose time has come gets one look (side by side, so one slow GlobalSign call does
 * not hold up the others); a look that throws is tried again with backoff; the alarm is always set again.
 *
 * @example
 * ```ts
 * async alarm() { await runAlarm(this.engine); }
 * ```
 */
export async function runAlarm(e: Engine): Promise<void> {
  const { busy } = local(e);
  try {
    const active = (await e.storage.get<string[]>('active')) ?? [];
    const orders = [...(await e.storage.get<OrderRecord>(active.map((id) => `order:${id}`))).values()];
    const due = orders.filter(
      (o) => !busy.has(o.id) && (o.status !== 'processing' || (o.gs?.nextAt ?? 0) <= Date.now() + 50),
    );
    await Promise.allSettled(
      due.map(async (order) => {
        busy.add(order.id);
        try {
          await step(e, order).catch(() => later(e, order));
          if (order.status !== 'processing') await save(e, order); // a finished order leaves `active`
        } finally {
          busy.delete(order.id);
        }
      }),
    );
  } finally {
    await exclusive(e, () => rearm(e));
  }
}
