// The simulator Worker in workerd (miniflare): requests per second with each account's state in its Durable
// Object's memory (SIM_STORAGE=memory) against SQLite rows (the default), the cost of a restart, and
// GetOrderByOrderID / PVOrder with 100,000 orders in an account against 100, plus one 500-order query page.
// Figures are client wall times over loopback HTTP (median), the /health round trip given for reference.
//   node --import tsx bench/simulator-worker.ts      (or as a module of `npm run bench`: runSimulatorWorkerBench)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { buildWorker, miniflareOptions } from '../scripts/build-workers.mjs';
import { MsslClient } from '../src/clients/mssl.ts';
import { QueryClient } from '../src/clients/query.ts';
import { createCsr, generateKeyPair } from '../src/crypto/index.ts';
import { fmt, measure, table } from './lib.ts';

const ADMIN = 'bench-admin-secret-0123456789abcdef';

async function start(script: string, bindings: Record<string, string> = {}, persist?: string) {
  const mf = new Miniflare({
    ...miniflareOptions('simulator', script),
    bindings: { SIM_ADMIN_SECRET: ADMIN, ...bindings },
    ...(persist ? { durableObjectsPersist: persist } : {}),
  });
  return { mf, url: (await mf.ready).toString().replace(/\/$/, '') };
}

async function admin<T>(url: string, path: string, method = 'GET', body?: unknown): Promise<T> {
  const res = await fetch(`${url}/__admin/${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function clients(url: string, account: string) {
  const d = await admin<Record<string, string>>(url, `accounts/${account}/defaults`);
  const opts = { username: d.username!, password: d.password!, endpoint: url, retries: 0 };
  const mssl = new MsslClient(opts);
  const csrs = await Promise.all(
    Array.from({ length: 8 }, async () => {
      const keys = await generateKeyPair('P-256');
      return keys;
    }),
  );
  let n = 0;
  const order = async (): Promise<string> => {
    const keys = csrs[n % csrs.length]!;
    const cn = `b${n++}-${Math.random().toString(36).slice(2, 8)}.example.com`;
    const csr = (await createCsr({ keys: await generateKeyPair('P-256').catch(() => keys), subject: { CN: cn } })).pem;
    const res = await mssl.pvOrder({
      OrderRequestParameter: {
        ProductCode: 'PV_SHA2',
        OrderKind: 'new',
        Licenses: '1',
        ValidityPeriod: { Months: '12' },
        CSR: csr,
      },
      MSSLProfileID: d.msslProfileId!,
      MSSLDomainID: d.msslDomainId!,
      ContactInfo: { FirstName: 'Ada', LastName: 'Lovelace', Phone: '+44 20 0000 0000', Email: 'ada@example.com' },
    });
    return res.OrderID!;
  };
  return { query: new QueryClient(opts), order };
}

/** Requests per second of `fn` with `lanes` in flight, over `total` calls. */
async function rate(fn: () => Promise<unknown>, total: number, lanes = 8): Promise<number> {
  let left = total;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (left-- > 0) await fn();
    }),
  );
  return (total / (performance.now() - t0)) * 1000;
}

async function throughput(script: string, storage: 'memory' | 'sqlite') {
  const { mf, url } = await start(script, storage === 'memory' ? { SIM_STORAGE: 'memory' } : {});
  try {
    const c = await clients(url, 'sim-api-user');
    const id = await c.order();
    const reads = await rate(() => c.query.getOrderByOrderId({ OrderID: id }), 1000);
    const writes = await rate(() => c.order(), 200);
    return { storage, readsPerSecond: reads, pvOrdersPerSecond: writes };
  } finally {
    await mf.dispose();
  }
}

async function restart(script: string) {
  const dir = mkdtempSync(join(tmpdir(), 'gsk-simbench-'));
  try {
    const first = await start(script, {}, dir);
    const c1 = await clients(first.url, 'sim-api-user');
    const id = await c1.order();
    await admin(first.url, 'accounts/sim-api-user/bulk-mssl', 'POST', { count: 10_000 });
    await first.mf.dispose();
    const t0 = performance.now();
    const second = await start(script, {}, dir);
    const ready = performance.now() - t0;
    const t1 = performance.now();
    const q = new QueryClient({
      username: 'sim-api-user',
      password: 'sim-api-password',
      endpoint: second.url,
      retries: 0,
    });
    await q.getOrderByOrderId({ OrderID: id });
    const firstAnswer = performance.now() - t1;
    const warm = await measure(() => q.getOrderByOrderId({ OrderID: id }), 20, 300);
    await second.mf.dispose();
    return { workerdReadyMs: ready, firstAnswerMs: firstAnswer, warmAnswerMs: warm.ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function scale(orders: number, url: string) {
  const account = `bench-${orders}`;
  await admin(url, 'accounts', 'POST', { username: account, seed: 'default', password: 'bench-password' });
  const t0 = performance.now();
  // Chunks of 20,000 orders 1 s apart, one after the other, ending a minute ago.
  const base = Date.now() - orders * 1000 - 60_000;
  let window = { from: '', to: '' };
  for (let done = 0; done < orders; done += 20_000) {
    const count = Math.min(orders - done, 20_000);
    const from = new Date(base + done * 1000).toISOString();
    window = await admin(url, `accounts/${account}/bulk-mssl`, 'POST', { count, from });
  }
  const seedMs = performance.now() - t0;
  const c = await clients(url, account);
  const id = await c.order();
  const get = await measure(() => c.query.getOrderByOrderId({ OrderID: id }), 50, 1000);
  const pv = await measure(() => c.order(), 30, 1000);
  const to = new Date(window.to);
  const range = { FromDate: new Date(to.getTime() - 499_000).toISOString(), ToDate: to.toISOString() };
  let size = 0;
  const page = await measure(
    async () => {
      size = (await c.query.getModifiedOrders(range)).OrderDetails?.length ?? 0;
    },
    5,
    1000,
  );
  // The answer's time alone (request sent, whole body received), without the client's parse.
  const xml = await modifiedOrdersXml(url, account, range);
  let answered = 0;
  const wire = await measure(
    async () => {
      const res = await fetch(xml.target, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: xml.body,
      });
      answered = (await res.text()).split('<OrderInfo>').length - 1;
    },
    5,
    1000,
  );
  return {
    orders,
    seedMs,
    getOrderByOrderIdMs: get.ms,
    pvOrderMs: pv.ms,
    pageOrders: size,
    pageMs: page.ms,
    pageAnswerMs: wire.ms,
    answered,
  };
}

/** The exact request body QueryClient sends for GetModifiedOrders, to replay it without the client's parse. */
async function modifiedOrdersXml(url: string, user: string, range: { FromDate: string; ToDate: string }) {
  let body = '';
  let target = '';
  const recorder = new QueryClient({
    username: user,
    password: 'bench-password',
    endpoint: url,
    retries: 0,
    fetch: async (input, init) => {
      target = input instanceof Request ? input.url : String(input);
      body = input instanceof Request ? await input.clone().text() : await new Response(init?.body ?? '').text();
      return fetch(input, init);
    },
  });
  await recorder.getModifiedOrders(range);
  return { target, body };
}

/** Runs the benchmark; Markdown and data for bench/RESULTS.md. */
export async function runSimulatorWorkerBench(log: (s: string) => void = console.log) {
  const script = await buildWorker('simulator');
  const tp = [await throughput(script, 'memory'), await throughput(script, 'sqlite')];
  for (const t of tp)
    log(
      `${t.storage}: ${t.readsPerSecond.toFixed(0)} GetOrderByOrderID/s, ${t.pvOrdersPerSecond.toFixed(0)} PVOrder/s`,
    );
  const rs = await restart(script);
  log(
    `restart: workerd ready ${fmt(rs.workerdReadyMs)} ms, first answer ${fmt(rs.firstAnswerMs)} ms, warm ${fmt(rs.warmAnswerMs)} ms`,
  );
  const { mf, url } = await start(script);
  const health = await measure(() => fetch(`${url}/health`).then((r) => r.arrayBuffer()), 50, 300);
  const sc = [];
  for (const n of [100, 100_000]) {
    const s = await scale(n, url);
    log(
      `${n} orders: seed ${fmt(s.seedMs)} ms, GetOrderByOrderID ${fmt(s.getOrderByOrderIdMs)} ms, PVOrder ${fmt(s.pvOrderMs)} ms, page of ${s.pageOrders} ${fmt(s.pageMs)} ms (answer ${fmt(s.pageAnswerMs)} ms, ${s.answered} orders)`,
    );
    sc.push(s);
  }
  await mf.dispose();
  const markdown = [
    `Client wall times over loopback HTTP, medians; /health round trip ${fmt(health.ms)} ms.`,
    '',
    table(
      ['storage', 'GetOrderByOrderID/s (8 in flight)', 'PVOrder/s (8 in flight)'],
      tp.map((t) => [t.storage, t.readsPerSecond.toFixed(0), t.pvOrdersPerSecond.toFixed(0)]),
    ),
    '',
    table(
      ['restart (10,001 orders persisted)', 'ms'],
      [
        ['workerd up again', fmt(rs.workerdReadyMs)],
        ['first GetOrderByOrderID (object and CA reloaded)', fmt(rs.firstAnswerMs)],
        ['warm GetOrderByOrderID', fmt(rs.warmAnswerMs)],
      ],
    ),
    '',
    table(
      [
        'orders in the account',
        'bulk seed ms',
        'GetOrderByOrderID ms',
        'PVOrder ms',
        '500-order GetModifiedOrders page ms (client call)',
        'same, answer only ms (orders in it)',
      ],
      sc.map((s) => [
        String(s.orders),
        fmt(s.seedMs),
        fmt(s.getOrderByOrderIdMs),
        fmt(s.pvOrderMs),
        `${fmt(s.pageMs)} (${s.pageOrders})`,
        `${fmt(s.pageAnswerMs)} (${s.answered})`,
      ]),
    ),
  ].join('\n');
  return { markdown, data: { throughput: tp, restart: rs, healthMs: health.ms, scale: sc } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runSimulatorWorkerBench();
  console.log(r.markdown);
}
