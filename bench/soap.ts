// Benchmark: the SOAP core next to `soap` (node-soap), in one run.
// 1. Parsing GASService GetModifiedOrders / GetOrderByDateRange responses of 100, 500 and 1,000 orders: our parse +
//    the Query client's mapping (what a user receives) vs node-soap's wsdl.xmlToObject with a client built from
//    GlobalSign's GASService-2021.wsdl. Time (median) and retained heap of one parsed result.
// 2. Client overhead per call (validate + build + parse + map) against a stub fetch answering the 3.6 KB
//    GetOrderByOrderID capture, vs node-soap's whole call with a stub HTTP client answering the same bytes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as soap from 'soap';
import { EpkiClient } from '../src/clients/epki.ts';
import { QueryClient } from '../src/clients/query.ts';
import { EPKI_OPERATIONS } from '../src/services/epki.ts';
import { EPKI_SAMPLES } from '../test/soap/epki-samples.ts';
import { GAS_OPERATIONS } from '../src/services/gas.ts';
import type { FieldDef, FieldType, OperationDef } from '../src/services/types.ts';
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

export function document(op: OperationDef, n: number): string {
  const details = op.response.find((f) => f.name === 'OrderDetails')!;
  const itemType = (details.type as { of: FieldType }).of;
  const orders = Array.from({ length: n }, (_, i) => sample(itemType, 'OrderDetail', i));
  return buildResponse(
    op,
    { SuccessCode: '0', Errors: [], Timestamp: '2026-01-01T00:00:00.000+09:00' },
    {
      FromDate: '2026-01-01T00:00:00.000Z',
      ToDate: '2026-01-02T00:00:00.000Z',
      OrderDetails: orders,
    },
  );
}

function retained(make: () => unknown): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  gc();
  const before = process.memoryUsage().heapUsed;
  const keep = make();
  gc();
  const after = process.memoryUsage().heapUsed;
  if (keep === undefined) return undefined;
  return Math.max(0, after - before);
}

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

/** Runs the SOAP benchmark. */
export async function runSoapBench(log: (s: string) => void): Promise<{ markdown: string; data: unknown }> {
  const client = await soap.createClientAsync(WSDL);
  const rows: string[][] = [];
  const data: unknown[] = [];
  for (const opName of ['GetModifiedOrders', 'GetOrderByDateRange'] as const) {
    const op = GAS_OPERATIONS[opName];
    for (const n of [100, 500, 1000]) {
      const xml = document(op, n);
      const ours = await measure(() => parseResponse(op, xml, 200), 5, 500);
      const theirs = await measure(() => client.wsdl.xmlToObject(xml), 5, 500);
      const mem = [retained(() => parseResponse(op, xml, 200)), retained(() => client.wsdl.xmlToObject(xml))];
      const check = parseResponse(op, xml, 200).body.OrderDetails as unknown[];
      if (check.length !== n) throw new Error(`parsed ${check.length} orders, expected ${n}`);
      rows.push([
        opName,
        String(n),
        `${(xml.length / 1024).toFixed(0)} KB`,
        fmt(ours.ms),
        fmt(theirs.ms),
        `${(theirs.ms / ours.ms).toFixed(2)}x`,
        kb(mem[0]),
        kb(mem[1]),
      ]);
      data.push({
        op: opName,
        orders: n,
        bytes: xml.length,
        oursMs: ours.ms,
        nodeSoapMs: theirs.ms,
        oursHeap: mem[0],
        nodeSoapHeap: mem[1],
      });
      log(`${opName} ×${n}: ours ${fmt(ours.ms)} ms, node-soap ${fmt(theirs.ms)} ms`);
    }
  }
  const capture = readFileSync(CAPTURE, 'utf8');
  const stubFetch = async (): Promise<Response> =>
    new Response(capture, { status: 200, headers: { 'content-type': 'text/xml' } });
  const query = new QueryClient({ username: 'u', password: 'p', endpoint: 'http://stub', fetch: stubFetch });
  const oursCall = await measure(() => query.getOrderByOrderId({ OrderID: 'xxxx123456789' }), 20, 500);
  const stubHttp = {
    request: (_u: string, _d: unknown, cb: (e: unknown, r: unknown, b: string) => void) =>
      cb(null, { statusCode: 200, headers: {} }, capture),
  };
  const callClient = await soap.createClientAsync(WSDL, { httpClient: stubHttp as never });
  const soapCall = await measure(
    () =>
      (callClient as unknown as { GetOrderByOrderIDAsync(a: unknown): Promise<unknown> }).GetOrderByOrderIDAsync({
        Request: { QueryRequestHeader: { AuthToken: { UserName: 'u', Password: 'p' } }, OrderID: 'xxxx123456789' },
      }),
    20,
    500,
  );
  log(`whole call: ours ${fmt(oursCall.ms)} ms, node-soap ${fmt(soapCall.ms)} ms`);
  const epki = await epkiOverhead(log);
  const markdown = [
    '### GASService response parse (median ms; retained heap of one result)',
    '',
    table(
      ['operation', 'orders', 'size', 'globalsign-kit', 'node-soap', 'speed-up', 'our heap', 'node-soap heap'],
      rows,
    ),
    '',
    '### One whole GetOrderByOrderID call against a stub transport (3.6 KB capture)',
    '',
    table(
      ['', 'median ms'],
      [
        ['globalsign-kit QueryClient (validate, build, parse, map)', fmt(oursCall.ms)],
        ['node-soap client', fmt(soapCall.ms)],
      ],
    ),
    '',
    '### EpkiClient overhead per operation (validate, build, parse, map; stub fetch; median ms)',
    '',
    '(There is no EPKI WSDL to build a node-soap client from; compare with the GetOrderByOrderID figures above.)',
    '',
    table(['operation', 'response', 'median ms'], epki.rows),
  ].join('\n');
  return {
    markdown,
    data: { parse: data, wholeCall: { oursMs: oursCall.ms, nodeSoapMs: soapCall.ms }, epkiOverheadMs: epki.data },
  };
}
