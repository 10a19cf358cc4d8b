// The portable suite's MSSL case, through the workflows: orderAndWait places an ASYNC_ORDER PVOrder (answered with an
// OrderID at once) and polls the Query service's GetOrderByOrderID while the simulator's clock moves past its
// issuance delay; then a PVOrder whose answer is dropped after it was placed is found by reconcileOrder.
import { MsslClient } from '../../src/clients/mssl.ts';
import { QueryClient } from '../../src/clients/query.ts';
import { createCsr, generateKeyPair } from '../../src/crypto/index.ts';
import { isOrderOutcomeUnknownError } from '../../src/errors.ts';
import { createSimulator } from '../../src/simulator/index.ts';
import { orderAndWait, reconcileOrder } from '../../src/workflows/index.ts';

const DELAY_MS = 60_000;

function assert(cond: unknown, what: string): asserts cond {
  if (!cond) throw new Error(`assertion failed: ${what}`);
}

/**
 * Orders an OV certificate asynchronously from the in-process simulator and waits for it, then reconciles a lost
 * order.
 *
 * @example
 * ```ts
 * await msslAsyncOrder();
 * ```
 */
export async function msslAsyncOrder(): Promise<'pass'> {
  // The transport stamps the submission with the runtime's clock, so the simulator runs on it too (steerable).
  const sim = await createSimulator({ asyncDelayMs: DELAY_MS, clock: () => new Date() });
  const { msslProfileId, msslDomainId, domain, username, password } = sim.defaults;
  assert(msslProfileId && msslDomainId, 'the default seed has an MSSL profile and domain');
  const options = { username, password, endpoint: 'http://simulator.invalid', fetch: sim.fetch, retries: 0 };
  const mssl = new MsslClient(options);
  const query = new QueryClient(options);
  const request = async (cn: string) => {
    const keys = await generateKeyPair('P-256');
    const csr = await createCsr({ keys, subject: { CN: cn }, sans: [{ type: 'dns', value: cn }] });
    return {
      OrderRequestParameter: {
        ProductCode: 'PV_SHA2',
        OrderKind: 'new',
        Licenses: '1',
        ValidityPeriod: { Months: '12' },
        CSR: csr.pem,
      },
      MSSLProfileID: String(msslProfileId),
      MSSLDomainID: String(msslDomainId),
      ContactInfo: { FirstName: 'Alice', LastName: 'Portable', Phone: '+44 20 7946 0000', Email: 'alice@example.com' },
    };
  };
  const cn = `async.${domain}`;
  const statuses: string[] = [];
  const issued = await orderAndWait(mssl, query, await request(cn), {
    initialMs: DELAY_MS / 3,
    jitter: 0,
    deadlineMs: DELAY_MS * 3,
    sleep: async (ms) => sim.clock.advance(ms),
    now: () => sim.clock.now().getTime(),
    onProgress: (p) => statuses.push(p.status),
  });
  assert(statuses.length >= 2 && statuses.every((s) => s === 'INITIAL'), 'pending until the delay has passed');
  assert(issued.certificate.subject.CN === cn, 'issued CN');
  assert(issued.chain.length > 0 && issued.chain[0]!.subjectString === issued.certificate.issuerString, 'chain');

  sim.admin.setFaults({ rules: [{ kind: 'drop', operations: ['PVOrder'], count: 1 }] });
  const lost = `lost.${domain}`;
  const outcome = await mssl.pvOrder(await request(lost)).catch((e: unknown) => e);
  assert(isOrderOutcomeUnknownError(outcome), 'a dropped answer leaves the outcome unknown');
  // waiting moved the simulator's clock a few minutes ahead of the runtime's: the default skew (5 min) covers it
  const r = await reconcileOrder(outcome, query);
  const placed = sim.admin.listMsslOrders().filter((o) => o.commonName === lost);
  assert(placed.length === 1, 'the order was placed once');
  assert(r.status === 'found' && r.order.OrderInfo.OrderId === placed[0]!.orderId, 'reconcileOrder finds it');
  return 'pass';
}
