/**
 * Admin endpoints of the simulator Worker, guarded by `SIM_ADMIN_SECRET` (Bearer). Without the secret they
 * answer 404, as if they did not exist. Refusals are problem+json (`workers/shared`).
 *
 * - `GET /__admin/defaults`: what the default seed created (user name, password, profile ids, email domain…).
 * - `GET /__admin/orders`: `{ count, orders }`, every order the simulator holds.
 * - `GET /__admin/ca`: `{ chainPem }`, the issuing chain of the simulator's CA, when it exposes one.
 *
 * @module
 */
import type { Simulator } from '../../../src/simulator/index.ts';
import { hasBearer, Problem } from '../../shared/index.ts';
import { SIMULATOR_PROBLEMS } from './problems.ts';

/**
 * Answers `/__admin/*`.
 *
 * @example
 * ```ts
 * if (url.pathname.startsWith('/__admin/')) return adminRoute(request, env.SIM_ADMIN_SECRET, sim);
 * ```
 */
export async function adminRoute(request: Request, secret: string | undefined, sim: Simulator): Promise<Response> {
  const refuse = (p: Problem<'not-found' | 'unauthorized' | 'method-not-allowed'>) => SIMULATOR_PROBLEMS.response(p);
  if (!secret) return refuse(new Problem('not-found', 'There is nothing here.'));
  if (!(await hasBearer(request, secret))) {
    return refuse(
      new Problem('unauthorized', 'Send SIM_ADMIN_SECRET as a Bearer token.', {}, { 'www-authenticate': 'Bearer' }),
    );
  }
  if (request.method !== 'GET') return refuse(new Problem('method-not-allowed', 'Use GET.', {}, { allow: 'GET' }));
  switch (new URL(request.url).pathname) {
    case '/__admin/defaults':
      return Response.json(sim.defaults);
    case '/__admin/orders': {
      const orders = sim.admin.listOrders().map((o) => ({
        orderId: o.orderId,
        productCode: o.productCode,
        status: o.status,
        certStatus: o.certStatus,
        email: o.email,
        commonName: o.dn.CommonName,
      }));
      return Response.json({ count: orders.length, orders });
    }
    case '/__admin/ca':
      // EPKI takes RSA keys only: the RSA issuing intermediate, then its root.
      return Response.json({ chainPem: sim.admin.caCertificates().rsa.join('') });
    default:
      return refuse(new Problem('not-found', 'There is nothing here.'));
  }
}
