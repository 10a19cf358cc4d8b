/**
 * The admin calls an account object answers, forwarded by the front Worker once it has checked the admin secret
 * (the object is reachable only through its binding): create the account with a seed, its defaults and orders, its
 * clock, its pending enrollments, its fault plan, and bulk MSSL orders (benchmarks).
 *
 * @module
 */
import type { FaultPlan } from '../../../src/simulator/index.ts';
import type { LiveAccount } from './account-meta.ts';

/** What {@link accountAdmin} needs from the object. */
export interface AccountHost {
  live(username: string): Promise<LiveAccount | undefined>;
  create(username: string, seed: string, password: string): Promise<LiveAccount | undefined>;
}

const problem = (status: number, detail: string): Response => Response.json({ status, detail }, { status });

async function body(request: Request): Promise<Record<string, unknown>> {
  if (request.method === 'GET') return {};
  const v: unknown = await request.json().catch(() => undefined);
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function orders(live: LiveAccount): Response {
  const list = live.sim.admin.listOrders().map((o) => ({
    orderId: o.orderId,
    productCode: o.productCode,
    status: o.status,
    certStatus: o.certStatus,
    email: o.email,
    commonName: o.dn.CommonName,
  }));
  const mssl = live.sim.admin.listMsslOrders().length;
  return Response.json({ count: list.length, orders: list, msslCount: mssl });
}

async function steer(path: string, live: LiveAccount, input: Record<string, unknown>): Promise<Response> {
  const { sim } = live;
  switch (path) {
    case '/__admin/defaults':
      return Response.json(live.meta.defaults);
    case '/__admin/orders':
      return orders(live);
    case '/__admin/clock': {
      const advance = Number(input.advanceMs ?? 0);
      if (!Number.isFinite(advance) || advance < 0) return problem(400, 'advanceMs must be a number of at least 0.');
      sim.clock.advance(advance);
      live.save({ ...live.meta, clockOffsetMs: live.meta.clockOffsetMs + advance });
      return Response.json({ now: sim.clock.now().toISOString() });
    }
    case '/__admin/enrollments/complete': {
      const orderId = String(input.orderId ?? '');
      const csr = typeof input.csr === 'string' ? { csr: input.csr } : {};
      const order = await sim.admin.completeEnrollment(orderId, csr).catch(() => undefined);
      if (!order) return problem(404, `Order ${orderId} is not a pending enrollment of this account.`);
      return Response.json({ orderId: order.orderId, status: order.status, certStatus: order.certStatus });
    }
    case '/__admin/faults': {
      const plan = (input.plan ?? {}) as FaultPlan;
      sim.admin.setFaults(plan.rules ? { rules: plan.rules } : undefined);
      live.save({ ...live.meta, faults: plan });
      return Response.json({ latencyMs: plan.latencyMs ?? 0, rules: plan.rules?.length ?? 0 });
    }
    case '/__admin/bulk-mssl': {
      const d = live.meta.defaults;
      const count = Number(input.count ?? 0);
      if (!Number.isInteger(count) || count < 1 || count > 200_000) return problem(400, 'count must be 1–200000.');
      // Query fodder does not eat the balance: the deposit grows by what the orders cost.
      const owner = String(d.username);
      const charged = sim.admin.state.msslOrders.chargedTotal(owner);
      const window = sim.admin.bulkSeedMsslOrders({
        owner: String(d.username),
        profileId: String(d.msslProfileId),
        domainId: String(d.msslDomainId),
        count,
        ...(typeof input.from === 'string' && !Number.isNaN(Date.parse(input.from))
          ? { from: new Date(input.from) }
          : {}),
      });
      const cost = sim.admin.state.msslOrders.chargedTotal(owner) - charged;
      sim.admin.setDeposit(owner, (sim.admin.state.deposits.get(owner) ?? 0) + cost);
      return Response.json({ from: window.from.toISOString(), to: window.to.toISOString() });
    }
    default:
      return problem(404, 'There is nothing here.');
  }
}

/**
 * Answers one forwarded admin call for `username`'s object.
 *
 * @example
 * ```ts
 * if (url.pathname.startsWith('/__admin/')) return accountAdmin(request, username, this);
 * ```
 */
export async function accountAdmin(request: Request, username: string, host: AccountHost): Promise<Response> {
  const path = new URL(request.url).pathname;
  const input = await body(request);
  if (path === '/__admin/create') {
    const created = await host.create(username, String(input.seed), String(input.password));
    if (!created) return problem(409, `The account ${username} exists already.`);
    return Response.json(created.meta.defaults, { status: 201 });
  }
  const live = await host.live(username);
  if (!live) return problem(404, `There is no account ${username}.`);
  return steer(path, live, input);
}
