// Request bodies (issue 18 item 5): the simulator stops reading at its size limit, in the fetch handler and the
// node:http listener alike, and refuses a body that is not UTF-8 instead of decoding it leniently.
import { isUtf8 } from 'node:buffer';
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, readBody } from '../../src/simulator/body.ts';
import { createSimulator, type Simulator } from '../../src/simulator/index.ts';
import { type SimulatorServer, serveSimulator } from '../../src/simulator/node.ts';

const CHUNK = 64 * 1024;
const FIFTY_MB = 50 * 1024 * 1024;
const GAS = '/kb/ws/v1/GASService';

let sim: Simulator;
let server: SimulatorServer;
beforeAll(async () => {
  sim = await createSimulator();
  server = await serveSimulator(sim);
});
afterAll(() => server.close());

/** A 50 MB body produced on demand, counting what the reader pulled. */
function hugeBody(): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const chunk = new Uint8Array(CHUNK).fill(0x61);
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= FIFTY_MB) return controller.close();
        pulled += CHUNK;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

const envelope = (inner: string): string =>
  `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>` +
  `<ws:GetOrderByOrderID xmlns:ws="https://system.globalsign.com/kb/ws/v1/"><Request><QueryRequestHeader><AuthToken>` +
  `<UserName>${inner}</UserName><Password>x</Password></AuthToken></QueryRequestHeader><OrderID>X</OrderID>` +
  `</Request></ws:GetOrderByOrderID></soap:Body></soap:Envelope>`;

/** The envelope as bytes with one invalid UTF-8 sequence (a lone continuation byte) inside the user name. */
function notUtf8(): Uint8Array<ArrayBuffer> {
  const [head, tail] = envelope('@@').split('@@') as [string, string];
  const enc = new TextEncoder();
  return new Uint8Array([...enc.encode(head), 0x41, 0x80, 0x42, ...enc.encode(tail)]);
}

describe('fetch handler', () => {
  it('answers 413 for a streamed 50 MB body after pulling no more than the limit', async () => {
    const body = hugeBody();
    const res = await sim.fetch(`http://sim${GAS}`, {
      method: 'POST',
      body: body.stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(MAX_BODY_BYTES + 2 * CHUNK);
  });

  it('answers 413 for a declared Content-Length over the limit without pulling a byte', async () => {
    const body = hugeBody();
    const init = { method: 'POST', body: body.stream, duplex: 'half', headers: { 'content-length': String(FIFTY_MB) } };
    const res = await sim.fetch(new Request(`http://sim${GAS}`, init as RequestInit));
    expect(res.status).toBe(413);
    expect(body.pulled()).toBe(0);
  });

  it('refuses invalid UTF-8 with a soap:Client fault, and reads valid UTF-8 as text', async () => {
    const bad = await sim.fetch(`http://sim${GAS}`, { method: 'POST', body: notUtf8() });
    expect(bad.status).toBe(500);
    const text = await bad.text();
    expect(text).toContain('<faultcode>soap:Client</faultcode>');
    expect(text).toContain('not UTF-8');
    const good = await sim.fetch(`http://sim${GAS}`, { method: 'POST', body: envelope('Jürgen-€-𝄞') });
    expect(good.status).toBe(200);
    expect(await good.text()).toContain('<ErrorCode>-4001</ErrorCode>'); // read, then refused as a bad login
  });
});

describe('readBody', () => {
  it('returns the text iff the bytes are UTF-8 and within the limit, however the stream is chunked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 64 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 12 }),
        fc.integer({ min: 0, max: 64 }),
        async (bytes, cuts, limit) => {
          const chunks: Uint8Array[] = [];
          let at = 0;
          for (const n of cuts) {
            if (at >= bytes.length) break;
            chunks.push(bytes.slice(at, at + n));
            at += n;
          }
          if (at < bytes.length) chunks.push(bytes.slice(at));
          const stream = new ReadableStream<Uint8Array>({
            start(c) {
              for (const chunk of chunks) c.enqueue(chunk);
              c.close();
            },
          });
          const got = await readBody(
            new Request('http://x/', { method: 'POST', body: stream, duplex: 'half' } as RequestInit),
            limit,
          );
          if (bytes.length > limit) expect(got).toEqual({ refused: 'tooLarge' });
          else if (!isUtf8(bytes)) expect(got).toEqual({ refused: 'notUtf8' });
          else expect(got).toEqual({ text: Buffer.from(bytes).toString('utf8') });
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** POSTs to the listener, writing up to 50 MB in chunks until the answer comes; resolves status and bytes written. */
function postUntilAnswered(
  url: string,
  payload: 'huge' | Uint8Array,
): Promise<{ status: number; written: number; body: string }> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = httpRequest(`${url}${GAS}`, { method: 'POST', headers: { 'content-type': 'text/xml' } });
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, written, body }));
    });
    req.on('error', (e) => (answered ? undefined : reject(e)));
    if (payload !== 'huge') {
      written = payload.byteLength;
      req.end(payload);
      return;
    }
    const chunk = Buffer.alloc(CHUNK, 0x61);
    const pump = (): void => {
      while (!answered && written < FIFTY_MB) {
        written += CHUNK;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('node:http listener', () => {
  it('answers 413 to a 50 MB upload long before it is all sent, and closes the connection', async () => {
    const { status, written } = await postUntilAnswered(server.url, 'huge');
    expect(status).toBe(413);
    expect(written).toBeLessThan(FIFTY_MB / 2);
  });

  it('refuses invalid UTF-8 with a fault and still serves the next request', async () => {
    const bad = await postUntilAnswered(server.url, notUtf8());
    expect(bad.status).toBe(500);
    expect(bad.body).toContain('not UTF-8');
    const good = await postUntilAnswered(server.url, new TextEncoder().encode(envelope('someone')));
    expect(good.status).toBe(200);
    expect(good.body).toContain('<ErrorCode>-4001</ErrorCode>');
  });
});
