/**
 * Deactivation inside one `AcmeAccount` object: the account (RFC 8555 section 7.3.6) and one authorization
 * (section 7.5.2), and the pages of the account's orders list (section 7.1.2.1).
 *
 * A deactivated account's pending and ready orders become `invalid` and their authorizations `deactivated`
 * (nothing was ordered at GlobalSign for them). Orders already `processing` are left to the alarm: their
 * GlobalSign order was placed (and is paid for), so the certificate is still fetched and stored, and the order
 * becomes `valid`; the account can no longer download it (every request of a deactivated account is refused), an
 * operator can.
 *
 * @module
 */
import type { DoState } from './nonces.ts';
import { AcmeProblem, type ProblemDocument, urn } from './problems.ts';
import type { AuthzRecord, OrderRecord } from './records.ts';

type Storage = DoState['storage'];
/** Most keys one storage `get` takes. */
const BATCH = 128;

const cancelled = (detail: string): ProblemDocument => ({ type: urn('unauthorized'), detail, status: 403 });

/** Cancels one order that nothing was ordered for yet (and, with `authzs`, its authorizations); true if it did. */
async function cancelOrder(s: Storage, o: OrderRecord, detail: string, authzs: boolean): Promise<boolean> {
  if (o.status !== 'pending' && o.status !== 'ready') return false;
  const entries: Record<string, unknown> = {};
  const all = authzs ? await s.get<AuthzRecord>(o.authzIds.map((id) => `authz:${id}`)) : new Map();
  for (const [key, z] of all) {
    if (z.status === 'pending' || z.status === 'valid') entries[key] = { ...z, status: 'deactivated' };
  }
  entries[`order:${o.id}`] = { ...o, status: 'invalid', error: cancelled(detail) };
  await s.put(entries);
  return true;
}

/**
 * After the account was marked deactivated: every pending or ready order becomes `invalid`, its authorizations
 * `deactivated`. Returns how many orders were cancelled.
 *
 * @example
 * ```ts
 * await cancelPendingOrders(storage); // 3
 * ```
 */
export async function cancelPendingOrders(s: Storage): Promise<number> {
  const ids = (await s.get<string[]>('orders')) ?? [];
  let n = 0;
  for (let i = 0; i < ids.length; i += BATCH) {
    const orders = await s.get<OrderRecord>(ids.slice(i, i + BATCH).map((id) => `order:${id}`));
    for (const o of orders.values()) if (await cancelOrder(s, o, 'The account was deactivated.', true)) n++;
  }
  return n;
}

/**
 * Deactivates a pending or valid authorization; its order, if pending or ready, becomes `invalid`.
 *
 * @example
 * ```ts
 * const z = await deactivateAuthz(storage, authzId); // z.status === 'deactivated'
 * ```
 */
export async function deactivateAuthz(s: Storage, id: string): Promise<AuthzRecord> {
  const z = await s.get<AuthzRecord>(`authz:${id}`);
  if (!z) throw new AcmeProblem('malformed', 'No such authorization.');
  if (z.status !== 'pending' && z.status !== 'valid') {
    throw new AcmeProblem(
      'malformed',
      `The authorization is ${z.status}; only a pending or valid one can be deactivated.`,
    );
  }
  const updated: AuthzRecord = { ...z, status: 'deactivated' };
  await s.put(`authz:${id}`, updated);
  const o = await s.get<OrderRecord>(`order:${z.orderId}`);
  if (o) await cancelOrder(s, o, `The authorization of ${z.identifier.value} was deactivated.`, false);
  return updated;
}

/**
 * One page of the account's order ids, oldest first: `limit` ids from index `cursor`, and the next cursor if more.
 *
 * @example
 * ```ts
 * const { ids, next } = await ordersPage(storage, 0, 100);
 * ```
 */
export async function ordersPage(s: Storage, cursor: number, limit: number): Promise<{ ids: string[]; next?: number }> {
  const all = (await s.get<string[]>('orders')) ?? [];
  const ids = all.slice(cursor, cursor + limit);
  return cursor + limit < all.length ? { ids, next: cursor + limit } : { ids };
}
