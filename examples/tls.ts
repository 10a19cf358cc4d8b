// `npm run example:tls`: the MSSL workflows against the embedded simulator, printing what they do: validate a new
// domain by DNS, order a TLS certificate for it and wait (ASYNC_ORDER), survive a lost answer without ordering twice,
// sync the modified orders, and renew. Everything here is the public API; swap `fetch: sim.fetch` and the
// simulator's credentials for your own to talk to GlobalSign.
import { isOrderOutcomeUnknownError, MsslClient, QueryClient } from '../src/index.ts';
import { createCsr, generateKeyPair } from '../src/crypto/index.ts';
import { createSimulator } from '../src/simulator/index.ts';
import {
  addDomainForValidation,
  orderAndWait,
  reconcileOrder,
  renewOrder,
  syncModifiedOrders,
  verifyDomain,
} from '../src/workflows/index.ts';

const step = (s: string): void => console.log(`\n• ${s}`);
const sim = await createSimulator({ asyncDelayMs: 30_000 });
const d = sim.defaults;
const options = {
  username: d.username,
  password: d.password,
  endpoint: 'https://simulator.invalid',
  fetch: sim.fetch,
};
const mssl = new MsslClient(options);
const query = new QueryClient(options);
const profileId = String(d.msslProfileId);
const contact = { FirstName: 'Ada', LastName: 'Lovelace', Phone: '+44 20 0000 0000', Email: 'ada@example.com' };
step(`simulator ready: account ${d.username}, MSSL profile ${profileId}`);

// 1. Domain validation: what to publish, publish it (here: the simulator's own DNS), verify.
const challenge = await addDomainForValidation(mssl, { profileId, domain: 'shop.example.net', method: 'DNS', contact });
step(`AddDomainToProfile → domain ${challenge.domainId}; publish:\n${challenge.instructions}`);
sim.admin.setDnsTxt(challenge.domain, [challenge.dns!.value]);
const verified = await verifyDomain(mssl, challenge);
step(`VerifyMsslDomain at ${verified.tagLocation} → ${verified.statusName ?? verified.status}`);

// 2. Order and wait: PVOrder with ASYNC_ORDER, then GetOrderByOrderID with backoff until issued.
const keys = await generateKeyPair('P-256');
const csr = await createCsr({ keys, subject: { CN: 'www.shop.example.net', O: 'Example Ltd', C: 'GB' } });
const request = {
  OrderRequestParameter: {
    ProductCode: 'PV_SHA2',
    OrderKind: 'new',
    Licenses: '1',
    ValidityPeriod: { Months: '12' },
    CSR: csr.pem,
  },
  MSSLProfileID: profileId,
  MSSLDomainID: challenge.domainId,
  ContactInfo: contact,
};
const issued = await orderAndWait(mssl, query, request, {
  initialMs: 10_000,
  // the simulator's clock stands in for time passing: no real waiting in this example
  sleep: async (ms) => sim.clock.advance(ms),
  now: () => sim.clock.now().getTime(),
  onProgress: (p) => console.log(`  waiting: ${p.status}, attempt ${p.attempt}, ${p.elapsedMs / 1000} s`),
});
const c = issued.certificate;
step(`order ${issued.orderId} issued: ${c.subjectString}, serial ${c.serialNumber}, chain of ${issued.chain.length}`);

// 3. A lost answer: the simulator drops the connection after placing the order; reconcile before any retry.
sim.admin.setFaults({ rules: [{ kind: 'drop', operations: ['PVOrder'], count: 1 }] });
const keys2 = await generateKeyPair('P-256');
const csr2 = await createCsr({ keys: keys2, subject: { CN: 'api.shop.example.net' } });
try {
  await mssl.pvOrder({ ...request, OrderRequestParameter: { ...request.OrderRequestParameter, CSR: csr2.pem } });
} catch (e) {
  if (!isOrderOutcomeUnknownError(e)) throw e;
  step(`PVOrder answer lost: ${e.message}`);
  const r = await reconcileOrder(e, query);
  step(
    `reconcileOrder → ${r.status}${r.status === 'found' ? `: ${r.order.OrderInfo.OrderId} (not ordered again)` : ''}`,
  );
}

// 4. Sync: every order modified in a window, past the 500 cap, resumable from a checkpoint.
const listing = syncModifiedOrders(query, {
  from: new Date(sim.clock.now().getTime() - 86_400_000),
  to: sim.clock.now(),
});
let n = 0;
for await (const _ of listing) n++;
step(`syncModifiedOrders: ${n} orders in ${listing.queries} queries, checkpoint ${listing.checkpoint}`);

// 5. Renewal: a new key and CSR with the same names, ordered as a renewal of the first order.
const renewed = await renewOrder(mssl, query, {
  orderId: issued.orderId,
  contact,
  toggleRenewalNotice: true,
  wait: { sleep: async (ms) => sim.clock.advance(ms), now: () => sim.clock.now().getTime() },
});
step(
  `renewOrder → ${renewed.orderId} (renewal of ${renewed.targetOrderId}), issued: ${renewed.issued?.certificate.subjectString}`,
);
