/**
 * Exactly-once under faults: at least 200 finalize attempts while the simulator drops, cuts, hangs and 5xx's PVOrder,
 * the GetOrderByOrderID polls and reconciliation's reads (fast-check draws the fault rules: kind × operations × count
 * or probability). Several orders are in flight at once across a few accounts; clients poll (racing the alarm) and
 * send finalize again while the order is processing. Per ACME order: it ends `valid` (the chain verifies with
 * openssl) with exactly one GlobalSign order, or `invalid` with an actionable detail and at most one; never
 * `processing` past its deadline plus the bounded last look; never changes once finished. Overall: no common name
 * has two GlobalSign orders. Bindings keep it short: POLL_INITIAL_MS 100, GS_TIMEOUT_MS 400, a 5 s deadline.
 * `FAULT_CAMPAIGN_SEED=<n>` replays a run fast-check reported; `FAULT_CAMPAIGN_RUNS` (default 10, so ≥ 200 orders)
 * and `FAULT_CAMPAIGN_DEBUG=1` (each run's plan and outcomes) help when looking into one.
 */
import * as acme from 'acme-client';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, type Gateway, startBackend, startGateway, verifyChain, preauthorizedTenant } from './harness.ts';
import { type Reply, TestClient } from './jws-client.ts';

const DEADLINE_S = 5;
const TIMEOUT_MS = 400;
const POLL_MS = 100;
/**
 * How long past its deadline an order may still be seen `processing`: by design two call limits (a look cut at the
 * deadline plus one call, then the last look) and the client's poll interval; the rest is slack for a loaded machine
 * (alarm and Durable Object latency). Not a speed assertion: it tells "finishes" from "stuck".
 */
const GRACE_MS = 2 * TIMEOUT_MS + 700 + 6000;
const ACCOUNTS = 3;
const PER_ACCOUNT = 7;
const RUNS = Number(process.env.FAULT_CAMPAIGN_RUNS ?? 10);

const OPS = ['PVOrder', 'GetOrderByOrderID', 'GetCertificateOrders'] as const;
const KINDS = ['http500', 'soapFault', 'dropBeforeApply', 'drop', 'malformed', 'hang'] as const;
type Kind = (typeof KINDS)[number];

const limits = fc.oneof(
  { weight: 5, arbitrary: fc.record({ count: fc.integer({ min: 1, max: 8 }) }) },
  { weight: 3, arbitrary: fc.record({ probability: fc.double({ min: 0.1, max: 0.6, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.constant({}) }, // every matching call, until the run ends
);
const rule = fc
  .tuple(fc.constantFrom(...KINDS), fc.subarray([...OPS], { minLength: 1 }), limits)
  .map(([kind, operations, limit]) => ({ kind, operations, ...limit }));
const plans = fc.array(rule, { minLength: 1, maxLength: 2 });

/** The fault each simulator answer carried, told from the answer itself (the simulator's wording). */
function faultOf(status: number, text: string | undefined, error: unknown): Kind | undefined {
  if (error) {
    const m = error instanceof Error ? error.message : String(error);
    return m.includes('before the request') ? 'dropBeforeApply' : m.includes('after the request') ? 'drop' : 'hang';
  }
  if (status === 500) return text?.includes('Fault occurred while processing') ? 'soapFault' : 'http500';
  return status === 200 && text !== undefined && text.length <= 120 ? 'malformed' : undefined;
}

interface Figures {
  orders: number;
  attempts: number;
  valid: number;
  invalid: number;
  details: Record<string, number>;
  faults: Record<string, number>;
  faultsByOp: Record<string, number>;
  longestPastDeadlineMs: number;
}

/** Counts the faults the simulator injects, by kind and operation. */
function countFaults(backend: Backend, f: Figures): void {
  const sim = backend.sim as unknown as { fetch: (r: Request) => Promise<Response> };
  const inner = sim.fetch.bind(sim);
  sim.fetch = async (request: Request): Promise<Response> => {
    const op = /<(?:\w+:)?Body[^>]*>\s*<(?:\w+:)?(\w+)/.exec(await request.clone().text())?.[1] ?? '?';
    const note = (kind: Kind | undefined): void => {
      if (!kind) return;
      f.faults[kind] = (f.faults[kind] ?? 0) + 1;
      f.faultsByOp[op] = (f.faultsByOp[op] ?? 0) + 1;
    };
    try {
      const res = await inner(request);
      const text = res.status === 200 || res.status === 500 ? await res.clone().text() : undefined;
      note(faultOf(res.status, text, undefined));
      return res;
    } catch (e) {
      note(faultOf(0, undefined, e));
      throw e;
    }
  };
}

async function csrFor(name: string): Promise<string> {
  const key = await acme.crypto.createPrivateEcdsaKey('P-256');
  const [, csr] = await acme.crypto.createCsr({ commonName: name, altNames: [name] }, key);
  return Buffer.from(csr.toString().replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('base64url');
}

/** A client that signs with the nonce of its previous answer (as real clients do) instead of asking for one each time. */
class PooledClient extends TestClient {
  readonly #pool: string[] = [];
  override async nonce(): Promise<string> {
    return this.#pool.pop() ?? super.nonce();
  }
  override async send(url: string, jws: unknown): Promise<Reply> {
    const reply = await super.send(url, jws);
    const nonce = reply.headers.get('replay-nonce');
    if (nonce) this.#pool.push(nonce);
    return reply;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One ACME order from newOrder to a final state, as a client that polls and sends finalize again meanwhile. */
interface Outcome {
  readonly name: string;
  readonly url: string;
  readonly status: string;
  readonly detail: string;
  /** The leaf's DNS names, from a chain that verified (openssl), for a valid order. */
  readonly names: readonly string[];
  readonly pastDeadlineMs: number;
}

async function drive(backend: Backend, c: TestClient, name: string, i: number, f: Figures): Promise<Outcome> {
  const order = await c.post(c.url('/acme/new-order'), { identifiers: [{ type: 'dns', value: name }] });
  expect(order.body.status, name).toBe('ready');
  const url = String(order.headers.get('location'));
  const finalize = String(order.body.finalize);
  const csr = await csrFor(name);
  const t0 = Date.now();
  f.orders += 1;
  f.attempts += 1;
  const first = await c.post(finalize, { csr });
  expect([first.status, first.body.type], name).toEqual([200, undefined]);
  let body = first.body;
  let seen = t0; // when the last answer saying `processing` was asked for
  for (let round = 0; body.status === 'processing' && Date.now() < t0 + DEADLINE_S * 1000 + GRACE_MS; round++) {
    if (round === i % 3) {
      // The client sends finalize again while the order is processing: refused, nothing is ordered again.
      f.attempts += 1;
      const again = await c.post(finalize, { csr });
      expect(again.body.type, name).toBe('urn:ietf:params:acme:error:orderNotReady');
    }
    await sleep(500 + ((i * 37) % 200));
    const asked = Date.now();
    body = (await c.post(url, undefined)).body;
    if (body.status === 'processing') seen = asked;
  }
  // How long past its deadline the order was last seen processing (negative: not past it).
  const pastDeadlineMs = seen - (t0 + DEADLINE_S * 1000);
  const cert = body.status === 'valid' ? await c.post(String(body.certificate), undefined) : undefined;
  const detail = String((body.error as { detail?: unknown } | undefined)?.detail ?? '');
  // Verified as soon as it is issued (openssl), while the other orders are still in flight.
  const names = cert ? verifyChain(backend, cert.text) : [];
  return { name, url, status: String(body.status), detail, names, pastDeadlineMs };
}

/** The kinds of invalid details (verdicts.ts), for the figures. */
const DETAILS: [string, RegExp][] = [
  ['not issued by the deadline', /has not issued within/],
  ['unknown whether placed', /^It is unknown whether/],
  ['proven not placed', /^No GlobalSign order/],
  ['ambiguous', /might be this one/],
  ['ended without a certificate', /ended as/],
  ['refused', /refused/],
];

/** The invariants of one finished ACME order against what the simulator holds. */
function check(backend: Backend, o: Outcome, f: Figures): void {
  const placed = backend.sim.admin.listMsslOrders().filter((x) => x.commonName === o.name);
  f.longestPastDeadlineMs = Math.max(f.longestPastDeadlineMs, o.pastDeadlineMs);
  expect(['valid', 'invalid'], `${o.name} still ${o.status} past its deadline plus ${GRACE_MS} ms`).toContain(o.status);
  if (o.status === 'valid') {
    f.valid += 1;
    expect(o.names).toEqual([o.name]);
    expect(placed.length, o.name).toBe(1);
    return;
  }
  f.invalid += 1;
  const kind = DETAILS.find(([, re]) => re.test(o.detail))?.[0] ?? o.detail;
  f.details[kind] = (f.details[kind] ?? 0) + 1;
  // Actionable: names the certificate and what to do; any GlobalSign order it names is this one's.
  expect(o.detail, o.name).toContain(o.name);
  expect(o.detail, o.name).toMatch(/GCC|finalize a new order/);
  expect(placed.length, o.name).toBeLessThanOrEqual(1);
  for (const id of o.detail.match(/\bMS\d+\b/g) ?? []) expect(placed.map((p) => p.orderId)).toContain(id);
  if (placed.length) expect(o.detail, o.name).toMatch(new RegExp(`${placed[0]!.orderId}|It is unknown`));
  if (!placed.length) expect(o.detail, o.name).not.toMatch(/\bMS\d+\b/);
}

describe('exactly-once under faults', () => {
  let backend: Backend;
  let gw: Gateway;
  const clients: TestClient[] = [];
  const f: Figures = {
    orders: 0,
    attempts: 0,
    valid: 0,
    invalid: 0,
    details: {},
    faults: {},
    faultsByOp: {},
    longestPastDeadlineMs: 0,
  };
  beforeAll(async () => {
    backend = await startBackend(300); // issued 300 ms after PVOrder: the polls meet the faults too
    countFaults(backend, f);
    gw = await startGateway(backend, {
      bindings: {
        POLL_INITIAL_MS: String(POLL_MS),
        GS_TIMEOUT_MS: String(TIMEOUT_MS),
        ISSUE_DEADLINE_SECONDS: String(DEADLINE_S),
        // The campaign's clients poll far more than real ones; the rate limits are tested elsewhere.
        RATE_LIMIT_IP: '1000000',
        RATE_LIMIT_ACCOUNT: '1000000',
        RATE_LIMIT_NEW_ORDERS: '1000000',
      },
    });
    for (let a = 0; a < ACCOUNTS; a++) {
      const eab = await preauthorizedTenant(gw, backend);
      const c = await new PooledClient(
        gw.url,
        // miniflare's dispatchFetch: a connection per request (a pooled keep-alive one races workerd closing it)
        (u, i) => gw.mf.dispatchFetch(u, i as never) as unknown as Promise<Response>,
      ).init();
      expect((await c.register(eab.kid, eab.hmacKey)).status).toBe(201);
      clients.push(c);
    }
  });
  afterAll(async () => {
    backend?.sim.admin.setFaults(undefined);
    await gw?.stop();
    await backend?.server.close();
  });

  it('≥ 200 finalize attempts: each order valid with one GlobalSign order, or invalid with a reason; none twice', async () => {
    let run = 0;
    const seed = process.env.FAULT_CAMPAIGN_SEED ? Number(process.env.FAULT_CAMPAIGN_SEED) : undefined;
    await fc.assert(
      fc.asyncProperty(plans, async (rules) => {
        const r = run++;
        const started = Date.now();
        backend.sim.admin.setFaults({ rules });
        const outcomes = await Promise.all(
          clients.flatMap((c, a) =>
            Array.from({ length: PER_ACCOUNT }, (_, k) => drive(backend, c, `r${r}a${a}o${k}.example.com`, a + k, f)),
          ),
        ).finally(() => backend.sim.admin.setFaults(undefined));
        for (const o of outcomes) check(backend, o, f);
        if (process.env.FAULT_CAMPAIGN_DEBUG)
          console.log(
            JSON.stringify({
              r,
              ms: Date.now() - started,
              rules,
              outcomes: outcomes.map((o) => [o.status, o.pastDeadlineMs, o.detail.slice(0, 80)]),
            }),
          );
        // A finished order stays finished.
        const again = await Promise.all(
          outcomes.map((o, i) => clients[Math.floor(i / PER_ACCOUNT)]!.post(o.url, undefined)),
        );
        expect(again.map((x) => x.body.status)).toEqual(outcomes.map((o) => o.status));
      }),
      {
        numRuns: RUNS,
        interruptAfterTimeLimit: 200_000, // shrinking stops there; a failure found is still reported, with its seed
        markInterruptAsFailure: true,
        ...(seed === undefined ? {} : { seed }),
      },
    );
    console.log(`fault campaign: ${JSON.stringify(f)}`);
    const byName = new Map<string, number>();
    for (const o of backend.sim.admin.listMsslOrders()) byName.set(o.commonName, (byName.get(o.commonName) ?? 0) + 1);
    expect([...byName].filter(([, n]) => n > 1)).toEqual([]);
    expect(f.orders).toBeGreaterThanOrEqual(200);
    expect(f.attempts).toBeGreaterThanOrEqual(200);
    expect(f.valid).toBeGreaterThan(0);
  }, 240_000);
});
