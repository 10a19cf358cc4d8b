// The ACME gateway Worker in workerd (miniflare), the simulator in process as GlobalSign:
//   - workerd CPU per ACME request, by kind (directory, newNonce, POST-as-GET of an order with an ES256 and an RS256
//     account key, newOrder): JWS verification, the Durable Object round trips and storage, loopback HTTP;
//   - the wall time of a whole certbot issuance against the gateway next to the same certbot run against Debian's
//     pebble in the same run (bench/acme-issuance.ts).
// Figures are reported, never asserted.
//   node --import tsx bench/acme.ts      (or as a module of `npm run bench`: runAcmeBench)
import { createTenant, startBackend, startGateway } from '../test/acme/harness.ts';
import { type Reply, TestClient } from '../test/acme/jws-client.ts';
import { BENCH_LIMITS, type IssuanceResult, runIssuanceBench } from './acme-issuance.ts';
import { fmt, table } from './lib.ts';
import { type CpuFigure, cpuPerCall, machineLoad, procAvailable, withNewWorkerd } from './workerd-cpu.ts';

const REQUESTS = 500;
const WARMUP = 50;

/** A JWS client that signs with the nonce of the previous answer, so a POST costs one request, not two. */
class BenchClient extends TestClient {
  private next: string | undefined;
  override async nonce(): Promise<string> {
    const n = this.next;
    this.next = undefined;
    return n ?? super.nonce();
  }
  override async send(url: string, jws: unknown): Promise<Reply> {
    const r = await super.send(url, jws);
    this.next = r.headers.get('replay-nonce') ?? undefined;
    return r;
  }
}

function expectStatus(what: string, r: { status: number; text?: string }, ...ok: number[]): void {
  if (!ok.includes(r.status)) {
    throw new Error(`${what}: HTTP ${r.status} ${r.text?.slice(0, 300) ?? ''} (a rate limit? raise it for the bench)`);
  }
}

async function cpuFigures(log: (s: string) => void): Promise<CpuFigure[]> {
  const backend = await startBackend();
  const { value: gw, pids } = await withNewWorkerd(() => startGateway(backend, { bindings: BENCH_LIMITS }));
  try {
    const eab = await createTenant(gw, {
      profileId: backend.profileId,
      domainIds: [backend.domainId],
      challenges: ['pre-authorized'],
    });
    const clients = {
      ES256: await new BenchClient(gw.url).init('ES256'),
      RS256: await new BenchClient(gw.url).init('RS256'),
    };
    const orders: Record<string, string> = {};
    for (const [alg, c] of Object.entries(clients)) {
      expectStatus(`newAccount ${alg}`, await c.register(eab.kid, eab.hmacKey), 201);
      const o = await c.post(c.url('/acme/new-order'), { identifiers: [{ type: 'dns', value: 'www.example.com' }] });
      expectStatus('newOrder', o, 201);
      orders[alg] = o.headers.get('location') ?? '';
    }
    const get = async (path: string, method: string) => {
      const r = await fetch(`${gw.url}${path}`, { method });
      await r.arrayBuffer();
      expectStatus(`${method} ${path}`, { status: r.status }, 200, 204);
    };
    const readOrder = (alg: 'ES256' | 'RS256') => async () =>
      expectStatus('POST-as-GET order', await clients[alg].post(orders[alg]!, undefined), 200);
    const kinds: [string, (i: number) => Promise<unknown>][] = [
      ['GET /directory (no JWS, no Durable Object)', () => get('/directory', 'GET')],
      ['newNonce (HEAD: address limit, HMAC nonce)', () => get('/acme/new-nonce', 'HEAD')],
      ['POST-as-GET order, ES256 account key', readOrder('ES256')],
      ['POST-as-GET order, RS256 account key', readOrder('RS256')],
      [
        'newOrder, ES256 account key',
        async (i) => {
          const r = await clients.ES256.post(clients.ES256.url('/acme/new-order'), {
            identifiers: [{ type: 'dns', value: `n${i}.example.com` }],
          });
          expectStatus('newOrder', r, 201);
        },
      ],
    ];
    const out: CpuFigure[] = [];
    for (const [kind, fn] of kinds) {
      const f = await cpuPerCall(pids, kind, fn, REQUESTS, WARMUP);
      log(`${kind}: ${fmt(f.cpuMsPerRequest)} ms CPU, ${fmt(f.wallMsPerRequest)} ms wall per request (${f.requests})`);
      out.push(f);
    }
    return out;
  } finally {
    await gw.stop();
    await backend.server.close();
  }
}

/** Runs the benchmark; Markdown and data for bench/RESULTS.md. */
export async function runAcmeBench(log: (s: string) => void = console.log) {
  const load = machineLoad();
  log(`machine: ${load}`);
  const cpu = procAvailable ? await cpuFigures(log) : [];
  if (!procAvailable) log('workerd CPU skipped: no /proc on this machine');
  const issuance: IssuanceResult = await runIssuanceBench(log);
  const loadAfter = machineLoad();
  const markdown = [
    `Machine at the start: ${load}; at the end: ${loadAfter}.`,
    '',
    procAvailable
      ? [
          `workerd CPU (utime + stime from /proc, idle use subtracted) over ${REQUESTS} sequential requests of each kind`,
          `after ${WARMUP} warm-up requests; it includes loopback HTTP and the Durable Object calls. Target: ≤ 5 ms.`,
          '',
          table(
            ['request', 'workerd CPU ms / request', 'client wall ms / request'],
            cpu.map((f) => [f.kind, fmt(f.cpuMsPerRequest), fmt(f.wallMsPerRequest)]),
          ),
        ].join('\n')
      : 'workerd CPU: skipped (no /proc on this machine).',
    '',
    issuance.markdown,
  ].join('\n');
  return { markdown, data: { load, loadAfter, cpu, issuance: issuance.data } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runAcmeBench();
  console.log(r.markdown);
}
