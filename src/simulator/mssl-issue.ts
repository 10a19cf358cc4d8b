/**
 * What every MSSL, Query and Account handler shares: the caller's order (rights per order), events stamped by the
 * simulator clock, issuance of TLS certificates from the local CA, the settling of ASYNC_ORDER orders once their delay
 * has passed, and the handler wrapper that checks MSSL rights first.
 *
 * @module
 */
import { ORDER_STATUS_CODE } from '../services/status.ts';
import type { Handler, HandlerContext, HandlerMap } from './context.ts';
import type { MsslOrder } from './entities.ts';
import { certificateSans } from './mssl-format.ts';
import { SimApiError } from './sim-error.ts';

type Ctx = Pick<HandlerContext, 'ca' | 'clock' | 'state'>;

/** Adds an event stamped now (≥ 1 ms after the previous stamp) and stores the order. */
export function addEvent(ctx: Pick<HandlerContext, 'clock' | 'state'>, order: MsslOrder, name: string): Date {
  const at = ctx.clock.stamp();
  order.events.push({ name, at });
  ctx.state.msslOrders.put(order);
  return at;
}

/** The caller's order, or -9916 (unknown) / -9902 (another account's). */
export function orderOf(ctx: HandlerContext, id: unknown, field = 'OrderID'): MsslOrder {
  const order = ctx.state.msslOrders.get(String(id ?? ''));
  if (!order) throw new SimApiError('-9916', field, 'Cannot find the certificate associated with this order id');
  if (order.owner !== ctx.account.username)
    throw new SimApiError('-9902', field, 'You do not have permission to access the OrderID');
  return order;
}

/** Issues the order's TLS certificate now (or at `at`, for an ASYNC_ORDER that became due) and marks it issued. */
export async function issueOrder(ctx: Ctx, order: MsslOrder, at?: Date): Promise<void> {
  const org = ctx.state.msslProfiles.get(order.profileId)?.org;
  const notBefore = order.validity.NotBefore ? new Date(order.validity.NotBefore) : (at ?? ctx.clock.now());
  const days = order.validity.NotAfter
    ? Math.ceil((Date.parse(order.validity.NotAfter) - notBefore.getTime()) / 86_400_000)
    : order.days;
  const cert = await ctx.ca.issue({
    profile: 'tls',
    spki: order.spki,
    subject: org
      ? { C: org.C, ST: org.ST, L: org.L, O: org.O, ...(org.OU ? { OU: org.OU } : {}), CN: order.commonName }
      : { CN: order.commonName },
    sans: certificateSans(order),
    notBefore,
    days,
  });
  order.certificate = cert;
  order.chain = ctx.ca.chainFor(cert);
  order.status = ORDER_STATUS_CODE.ISSUED;
  order.hold = undefined;
  order.readyAt = undefined;
  const when = at ?? ctx.clock.stamp();
  order.completeDate = when;
  order.events.push({ name: 'CERT_ISSUE', at: when });
  ctx.state.msslOrders.put(order);
}

/** Issues every ASYNC_ORDER order whose delay has passed (its events carry the time it became due). */
async function settle(ctx: Ctx): Promise<void> {
  const pending = ctx.state.pendingAsync;
  const ids = pending.keys();
  if (!ids.length) return;
  const now = ctx.clock.now().getTime();
  for (const id of ids) {
    const order = ctx.state.msslOrders.get(id);
    if (!order?.readyAt || order.status !== ORDER_STATUS_CODE.INITIAL) {
      pending.delete(id);
      continue;
    }
    if (order.readyAt.getTime() > now || order.hold) continue;
    pending.delete(id);
    await issueOrder(ctx, order, order.readyAt);
  }
}

/** Wraps handlers: MSSL rights (-9403), then due ASYNC_ORDER orders are issued, then the handler runs. */
export function msslHandlers(handlers: Readonly<Record<string, Handler>>): HandlerMap {
  const out: Record<string, Handler> = {};
  for (const [name, h] of Object.entries(handlers)) {
    out[name] = async (ctx, request) => {
      if (ctx.state.msslRights.get(ctx.account.username) === undefined)
        throw new SimApiError('-9403', 'AuthToken', 'MSSL is not activated for this user');
      await settle(ctx);
      return h(ctx, request);
    };
  }
  return out;
}
