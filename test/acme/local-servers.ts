/**
 * Test-owned validation targets on 127.0.0.1: an HTTP listener serving http-01 key authorizations, and a DNS over
 * HTTPS resolver (RFC 8484, POST and GET) answering TXT records from a table (`POST /__txt {name, value}` adds one). The DNS codec here is written apart
 * from the gateway's, so the two check each other.
 *
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A listening server with its tables. */
export interface Local<T> {
  readonly port: number;
  readonly url: string;
  readonly table: Map<string, T>;
  hits: number;
  /** How long the server waits before each answer, ms (0 by default). */
  delayMs: number;
  close(): Promise<void>;
}

function listen<T>(server: Server, table: Map<string, T>, path: string): Promise<Local<T>> {
  return new Promise((ok) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      const local: Local<T> = {
        port,
        url: `http://127.0.0.1:${port}${path}`,
        table,
        hits: 0,
        delayMs: 0,
        close: () => new Promise((done) => server.close(() => done())),
      };
      server.on('request', () => {
        local.hits++;
      });
      ok(local);
    });
  });
}

/**
 * http-01 listener: `table` maps token → key authorization.
 *
 * @example
 * ```ts
 * const web = await startHttp01(); web.table.set(token, keyAuth);
 * ```
 */
export async function startHttp01(): Promise<Local<string>> {
  const table = new Map<string, string>();
  let local: Local<string> | undefined;
  const server = createServer((req, res) => {
    const m = /^\/\.well-known\/acme-challenge\/([A-Za-z0-9_-]+)$/.exec(req.url ?? '');
    const body = m ? table.get(m[1]!) : undefined;
    setTimeout(() => {
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/plain' });
      res.end(body ?? 'not found');
    }, local?.delayMs ?? 0);
  });
  local = await listen(server, table, '');
  return local;
}

function questionName(msg: Buffer): { name: string; end: number } {
  const labels: string[] = [];
  let i = 12;
  while (msg[i]) {
    labels.push(msg.subarray(i + 1, i + 1 + msg[i]!).toString('latin1'));
    i += msg[i]! + 1;
  }
  return { name: labels.join('.').toLowerCase(), end: i + 5 };
}

function answer(query: Buffer, table: Map<string, string[]>): Buffer {
  const { name, end } = questionName(query);
  const qtype = query.readUInt16BE(end - 4);
  const values = qtype === 16 ? (table.get(name) ?? []) : [];
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2);
  header.writeUInt16BE(0x8180, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(values.length, 6);
  const records = values.map((v) => {
    const text = Buffer.from(v, 'latin1');
    const rdata = Buffer.concat([Buffer.from([text.length]), text]);
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0);
    rr.writeUInt16BE(16, 2);
    rr.writeUInt16BE(1, 4);
    rr.writeUInt32BE(60, 6);
    rr.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([rr, rdata]);
  });
  return Buffer.concat([header, query.subarray(12, end), ...records]);
}

/**
 * DoH resolver: `table` maps a lower-case name → its TXT values.
 *
 * @example
 * ```ts
 * const dns = await startDoh(); dns.table.set('_acme-challenge.example.com', [value]);
 * ```
 */
export function startDoh(): Promise<Local<string[]>> {
  const table = new Map<string, string[]>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/__txt' && req.method === 'POST') {
      // Test hooks (certbot's manual auth hook) publish a record: { name, value }.
      const { name, value } = JSON.parse(Buffer.concat(chunks).toString()) as { name: string; value: string };
      const key = name.toLowerCase().replace(/\.$/, '');
      table.set(key, [...(table.get(key) ?? []), value]);
      res.writeHead(204).end();
      return;
    }
    const q =
      req.method === 'GET' ? Buffer.from(url.searchParams.get('dns') ?? '', 'base64url') : Buffer.concat(chunks);
    if (url.pathname !== '/dns-query' || q.length < 17) {
      res.writeHead(400).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/dns-message' });
    res.end(answer(q, table));
  });
  return listen(server, table, '/dns-query');
}
