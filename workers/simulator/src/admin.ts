/**
 * Admin endpoints of the simulator Worker, guarded by `SIM_ADMIN_SECRET` (Bearer). Without the secret they
 * answer 404, as if they did not exist.
 *
 * - `GET /__admin/defaults`: what the default seed created (user name, password, profile ids, email domain…).
 * - `GET /__admin/orders`: `{ count, orders }`, every order the simulator holds.
 * - `GET /__admin/ca`: `{ chainPem }`, the issuing chain of the simulator's CA, when it exposes one.
 *
 * @module
 */
import type { Simulator } from '../../../src/simulator/index.ts';
import { secretsEqual } from '../../enroll/src/http.ts';

/**
 * Answers `/__admin/*`.
 *
 * @example
 * ```ts
 * if (url.pathname.startsWith('/__admin/')) return adminRoute(request, env.SIM_ADMIN_SECRET, sim);
 * ```
 */
export async function adminRoute(request: Request, secret: string | undefined, sim: Simulator): Promise<Response> {
  const given = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!secret) return new Response('not found', { status: 404 });
  if (!given || !(await secretsEqual(given, secret))) {
    return new Response('unauthorized', { status: 401, headers: { 'www-authenticate': 'Bearer' } });
  }
  if (request.method !== 'GET') return new Response('method not allowed', { status: 405, headers: { allow: 'GET' } });
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
      return new Response('not found', { status: 404 });
  }
}
