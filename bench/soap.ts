// Benchmark: the SOAP core next to `soap` (node-soap), in one run.
// 1. gasParseComparison: GASService GetModifiedOrders / GetOrderByDateRange responses of 100, 500 and 1,000 orders:
//    our parseResponse, and a whole QueryClient call on them (validate + build + parse + status-name mapping: what a
//    user receives), vs node-soap's wsdl.xmlToObject with a client built from GlobalSign's GASService-2021.wsdl.
//    Time (median) and the heap one parsed result keeps alive once the answer text is dropped (with --expose-gc).
// 2. One whole GetOrderByOrderID call against a stub answering the 3.6 KB capture, ours vs node-soap's.
// 3. EpkiClient overhead per operation (validate + build + parse + map) against a stub fetch (no EPKI WSDL exists
//    to give node-soap), and EPKI GetOrders answers of 100, 500 and 1,000 orders through parseResponse and getOrders.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as soap from 'soap';
import { EpkiClient } from '../src/clients/epki.ts';
import { QueryClient } from '../src/clients/query.ts';
import { EPKI_OPERATIONS } from '../src/services/epki.ts';
import { EPKI_SAMPLES } from '../test/soap/epki-samples.ts';
import { QUERY_OPERATIONS } from '../src/services/query.ts';
import type { FieldDef, FieldType, OperationDef } from '../src/soap/schema.ts';
import { parseResponse } from '../src/soap/envelope.ts';
import { buildResponse } from '../src/soap/server.ts';
import { fmt, measure, table } from './lib.ts';

const FIXTURES = join(import.meta.dirname, '../test/fixtures');
const WSDL = join(FIXTURES, 'wsdl/GASService-2021.wsdl');
const CAPTURE = join(FIXTURES, 'captures/gas-GetOrderByOrderID-success.xml');

/** A realistic value for every field (all optional scalars filled, one SAN entry and modification event). */
function sample(type: FieldType, name: string, i: number): unknown {
  if (type === 'int' || type === 'long') return (i % 7) + 1;
  if (type === 'boolean') return i % 2 === 0;
  if (typeof type === 'string') {
    if (/Date/.test(name)) return new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString().replace('Z', '+09:00');
    if (/FQDN|DomainName|CommonName|SubjectAltName/.test(name)) return `host${i}.example.com`;
    if (/OrderI[dD]/.test(name)) return `CE2026${String(i).padStart(8, '0')}`;
    return `${name}-${i}`;
  }
  if ('struct' in type) return fillAll(type.struct, i);
  return [sample(type.of, type.item, i)];
}

function fillAll(fields: readonly FieldDef[], i: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.name === 'Fulfillment' || f.name === 'CertificateInfo') continue; // query answers without certificates
    out[f.name] = f.repeated ? [sample(f.type, f.name, i)] : sample(f.type, f.name, i);
  }
  return out;
}

/** A response of `op` with `n` entries in its `OrderDetails` list and every other field filled. */
export function document(op: OperationDef, n: number): string {
  const body: Record<string, unknown> = {};
  for (const f of op.response) {
    if (f.name !== 'OrderDetails') body[f.name] = f.name === 'TotalCount' ? n : sample(f.type, f.name, 0);
    else body[f.name] = Array.from({ length: n }, (_, i) => sample((f.type as { of: FieldType }).of, 'OrderDetail', i));
  }
  return buildResponse(op, { SuccessCode: '0', Errors: [], Timestamp: '2026-01-01T00:00:00.000+09:00' }, body);
}

/** Where a measured result is kept: a module variable, so the previous one is surely dropped before the next. */
let sink: unknown;

/**
 * Heap that one result keeps alive: four measurements after a full GC each, the first discarded (warm-up), the median
 * of the other three.
 */
function retained(make: () => unknown): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  const runs: number[] = [];
  for (let r = 0; r < 4; r++) {
    sink = undefined;
    gc();
    const before = process.memoryUsage().heapUsed;
    sink = make();
    gc();
    if (sink === undefined) return undefined;
    if (r > 0) runs.push(Math.max(0, process.memoryUsage().heapUsed - before));
  }
  sink = undefined;
  return runs.sort((x, y) => x - y)[1];
}

/**
 * A copy of the answer text that shares nothing with `xml`, made inside the measurement and dropped after parsing:
 * what a result keeps alive then includes any part of the answer it still points into, as in real use.
 */
// TextDecoder, not Buffer: a Buffer-made string may live outside the JS heap, where heapUsed does not see it.
const freshCopy = (xml: string): string => new TextDecoder().decode(new TextEncoder().encode(xml));

const kb = (b: number | undefined): string =>
  b === undefined ? 'n/a (run with --expose-gc)' : `${(b / 1024).toFixed(0)} KB`;

const EPKI_METHODS: Record<string, string> = {
  OrderAndIssueCertificate: 'orderAndIssueCertificate',
  OrderPkcs12: 'orderPkcs12',
  OrderCertificate: 'orderCertificate',
  OrderDS: 'orderDs',
  Cancel: 'cancel',
  Reissue: 'reissue',
  ReissueCertificate: 'reissueCertificate',
  Revoke: 'revoke',
  Suspendrenewal: 'suspendRenewal',
  Resumerenewal: 'resumeRenewal',
  GetOrderByOrderId: 'getOrderByOrderId',
  GetOrders: 'getOrders',
  GetProfiles: 'getProfiles',
};

/** Client overhead of every EPKI operation against a stub fetch answering a full response. */
async function epkiOverhead(log: (s: string) => void): Promise<{ rows: string[][]; data: Record<string, number> }> {
  const rows: string[][] = [];
  const data: Record<string, number> = {};
  for (const op of Object.values(EPKI_OPERATIONS)) {
    const answer = buildResponse(op, { SuccessCode: '0', Errors: [] }, fillAll(op.response, 1));
    const client = new EpkiClient({
      username: 'u',
      password: 'p',
      endpoint: 'http://stub',
      fetch: async () => new Response(answer, { status: 200, headers: { 'content-type': 'text/xml' } }),
    });
    const method = (client as unknown as Record<string, (r: unknown) => Promise<unknown>>)[
      EPKI_METHODS[op.name]!
    ]!.bind(client);
    const t = await measure(() => method(EPKI_SAMPLES[op.name]), 20, 200);
    data[op.name] = t.ms;
    rows.push([op.name, `${answer.length} B`, fmt(t.ms)]);
  }
  log(
    `EPKI per-operation overhead: ${Object.values(data)
      .map((x) => fmt(x))
      .join(', ')} ms`,
  );
  return { rows, data };
}

type Section = { readonly markdown: string; readonly data: unknown };
const stub = (xml: string) => async (): Promise<Response> =>
  new Response(xml, { status: 200, headers: { 'content-type': 'text/xml' } });
const USER = { username: 'u', password: 'p', endpoint: 'http://stub' } as const;
const RANGE = { FromDate: '2026-01-01T00:00:00.000Z', ToDate: '2026-01-02T00:00:00.000Z' };

/**
 * GASService GetModifiedOrders / GetOrderByDateRange answers of 100, 500 and 1,000 orders: our parse alone, a whole
 * QueryClient call (parse + mapping), node-soap's `wsdl.xmlToObject` with its client built from the 2021 WSDL.
 */
export async function gasParseComparison(log: (s: string) => void): Promise<Section> {
  const client = await soap.createClientAsync(WSDL);
  const rows: string[][] = [];
  const data: unknown[] = [];
  for (const opName of ['GetModifiedOrders', 'GetOrderByDateRange'] as const) {
    const op = QUERY_OPERATIONS[opName];
    const method = opName === 'GetModifiedOrders' ? 'getModifiedOrders' : 'getOrderByDateRange';
    for (const n of [100, 500, 1000]) {
      const xml = document(op, n);
      const query = new QueryClient({ ...USER, fetch: stub(xml) });
      const check = parseResponse(op, xml, 200).body.OrderDetails as unknown[];
      if (check.length !== n) throw new Error(`parsed ${check.length} orders, expected ${n}`);
      const ours = await measure(() => parseResponse(op, xml, 200), 5, 500);
      const call = await measure(() => query[method](RANGE), 5, 500);
      const theirs = await measure(() => client.wsdl.xmlToObject(xml), 5, 500);
      const mem = [
        retained(() => parseResponse(op, freshCopy(xml), 200)),
        retained(() => client.wsdl.xmlToObject(freshCopy(xml))),
      ];
      const speedUp = `${(theirs.ms / ours.ms).toFixed(2)}x / ${(theirs.ms / call.ms).toFixed(2)}x`;
      const size = `${(xml.length / 1024).toFixed(0)} KB`;
      rows.push([opName, String(n), size, fmt(ours.ms), fmt(call.ms), fmt(theirs.ms), speedUp, kb(mem[0]), kb(mem[1])]);
      data.push({
        op: opName,
        orders: n,
        bytes: xml.length,
        oursMs: ours.ms,
        oursCallMs: call.ms,
        nodeSoapMs: theirs.ms,
        oursHeap: mem[0],
        nodeSoapHeap: mem[1],
      });
      log(`${opName} ×${n}: ours ${fmt(ours.ms)} ms (call ${fmt(call.ms)}), node-soap ${fmt(theirs.ms)} ms`);
    }
  }
  const head = ['operation', 'orders', 'size', 'our parse', 'our whole call', 'node-soap', 'speed-up (parse / call)'];
  return {
    markdown: [
      '### GASService response parse (median ms; heap one result keeps alive once the answer text is dropped)',
      '',
      '"our whole call" is QueryClient against a stub fetch: validate, build, parse and map (status names).',
      '',
      table([...head, 'our heap', 'node-soap heap'], rows),
    ].join('\n'),
    data,
  };
}

/** One whole GetOrderByOrderID call against the 3.6 KB capture: QueryClient vs node-soap's client. */
async function wholeCall(log: (s: string) => void): Promise<Section> {
  const capture = readFileSync(CAPTURE, 'utf8');
  const query = new QueryClient({ ...USER, fetch: stub(capture) });
  const ours = await measure(() => query.getOrderByOrderId({ OrderID: 'xxxx123456789' }), 20, 500);
  const stubHttp = {
    request: (_u: string, _d: unknown, cb: (e: unknown, r: unknown, b: string) => void) =>
      cb(null, { statusCode: 200, headers: {} }, capture),
  };
  const client = await soap.createClientAsync(WSDL, { httpClient: stubHttp as never });
  const theirs = await measure(
    () =>
      (client as unknown as { GetOrderByOrderIDAsync(a: unknown): Promise<unknown> }).GetOrderByOrderIDAsync({
        Request: { QueryRequestHeader: { AuthToken: { UserName: 'u', Password: 'p' } }, OrderID: 'xxxx123456789' },
      }),
    20,
    500,
  );
  log(`whole call: ours ${fmt(ours.ms)} ms, node-soap ${fmt(theirs.ms)} ms`);
  const rows = [
    ['globalsign-kit QueryClient (validate, build, parse, map)', fmt(ours.ms)],
    ['node-soap client', fmt(theirs.ms)],
  ];
  return {
    markdown: `### One whole GetOrderByOrderID call against a stub transport (3.6 KB capture)\n\n${table(['', 'median ms'], rows)}`,
    data: { oursMs: ours.ms, nodeSoapMs: theirs.ms },
  };
}

/** EPKI GetOrders answers of 100, 500 and 1,000 orders (with certificate info): parseResponse, and getOrders. */
async function epkiGetOrders(log: (s: string) => void): Promise<Section> {
  const op = EPKI_OPERATIONS.GetOrders;
  const rows: string[][] = [];
  const data: unknown[] = [];
  for (const n of [100, 500, 1000]) {
    const xml = document(op, n);
    const epki = new EpkiClient({ ...USER, fetch: stub(xml) });
    const request = { OrderQueryParam: { ProductCode: 'EPKIPSPersonal' } };
    const got = await epki.getOrders(request);
    if (got.OrderDetails?.length !== n) throw new Error(`getOrders gave ${got.OrderDetails?.length}, expected ${n}`);
    const parse = await measure(() => parseResponse(op, xml, 200), 5, 500);
    const call = await measure(() => epki.getOrders(request), 5, 500);
    const heap = retained(() => parseResponse(op, freshCopy(xml), 200));
    rows.push([String(n), `${(xml.length / 1024).toFixed(0)} KB`, fmt(parse.ms), fmt(call.ms), kb(heap)]);
    data.push({ orders: n, bytes: xml.length, parseMs: parse.ms, callMs: call.ms, heap });
    log(`EPKI GetOrders ×${n}: parse ${fmt(parse.ms)} ms, getOrders ${fmt(call.ms)} ms`);
  }
  return {
    markdown: `### EPKI GetOrders answers (median ms; heap one result keeps alive once the answer text is dropped)\n\n${table(
      ['orders', 'size', 'parseResponse', 'EpkiClient.getOrders (whole call)', 'heap'],
      rows,
    )}`,
    data,
  };
}

/**
 * Runs the SOAP benchmark: GASService parse next to node-soap, one whole call next to node-soap, EpkiClient overhead
 * per operation and EPKI GetOrders parses.
 *
 * @example
 * ```ts
 * const { markdown } = await runSoapBench(console.log);
 * ```
 */
export async function runSoapBench(log: (s: string) => void): Promise<{ markdown: string; data: unknown }> {
  const gas = await gasParseComparison(log);
  const call = await wholeCall(log);
  const epki = await epkiOverhead(log);
  const orders = await epkiGetOrders(log);
  const markdown = [
    gas.markdown,
    '',
    call.markdown,
    '',
    '### EpkiClient overhead per operation (validate, build, parse, map; stub fetch; median ms)',
    '',
    '(There is no EPKI WSDL to build a node-soap client from; compare with the GetOrderByOrderID figures above.)',
    '',
    table(['operation', 'response', 'median ms'], epki.rows),
    '',
    orders.markdown,
  ].join('\n');
  return {
    markdown,
    data: { parse: gas.data, wholeCall: call.data, epkiOverheadMs: epki.data, epkiGetOrders: orders.data },
  };
}
