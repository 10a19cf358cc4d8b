// Hostile or broken answers give typed errors, never a hang or an untyped exception: DOCTYPE and entity expansion,
// truncated XML, a 10 MB body, bodies over the size cap (declared or streamed), HTML pages with 200 and 502, a JSON
// body, an empty body, a Fault of an unexpected shape.
import { describe, expect, it } from 'vitest';
import { EpkiClient } from '../../src/clients/epki.ts';
import {
  isGlobalSignError,
  isHttpError,
  isOutcomeUnknownError,
  isSoapFaultError,
  isXmlError,
} from '../../src/errors.ts';
import { EPKI_OPERATIONS } from '../../src/services/epki.ts';
import { buildResponse } from '../../src/soap/server.ts';

const OK = buildResponse(EPKI_OPERATIONS.GetProfiles, { SuccessCode: '0', Errors: [] }, { TotalCount: 0 });

function client(body: BodyInit | (() => BodyInit), init: ResponseInit = {}, maxResponseBytes?: number): EpkiClient {
  return new EpkiClient({
    username: 'u',
    password: 'p',
    endpoint: 'http://stub',
    retries: 0,
    ...(maxResponseBytes ? { maxResponseBytes } : {}),
    fetch: async () =>
      new Response(typeof body === 'function' ? body() : body, {
        status: 200,
        headers: { 'content-type': 'text/xml' },
        ...init,
      }),
  });
}

const query = (c: EpkiClient) => c.getProfiles({ ProfileQueryParam: {} }).catch((e: unknown) => e);

describe('hostile responses', () => {
  it('a sane answer parses (control)', async () => {
    expect(await query(client(OK))).toMatchObject({ TotalCount: 0 });
  });

  it.each([
    ['a DOCTYPE', `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>${OK}`],
    [
      'a billion-laughs entity expansion',
      `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>`,
    ],
    ['truncated XML', OK.slice(0, OK.length / 2)],
    ['10 MB of text that is not XML', () => 'x'.repeat(10 * 1024 * 1024)],
    ['an empty body', ''],
  ])('%s → XmlError or HttpError', async (_, body) => {
    const e = await query(client(body as BodyInit));
    expect(isXmlError(e) || isHttpError(e)).toBe(true);
  });

  it('an HTML error page with 200 and with 502 → HttpError with status and a short excerpt', async () => {
    const html = '<html><body><h1>Bad Gateway</h1></body></html>';
    const e200 = await query(client(html, { headers: { 'content-type': 'text/html' } }));
    expect(isHttpError(e200) || isXmlError(e200)).toBe(true);
    const e502 = await query(client(html, { status: 502, headers: { 'content-type': 'text/html' } }));
    expect(isHttpError(e502)).toBe(true);
    expect((e502 as { status: number }).status).toBe(502);
    expect((e502 as { bodyExcerpt: string }).bodyExcerpt.length).toBeLessThanOrEqual(210);
  });

  it('a JSON body (wrong content type) → typed error', async () => {
    const e = await query(client('{"error":"nope"}', { headers: { 'content-type': 'application/json' } }));
    expect(isGlobalSignError(e)).toBe(true);
    expect(isHttpError(e) || isXmlError(e)).toBe(true);
  });

  it('bodies over maxResponseBytes are refused, declared or streamed', async () => {
    const big = 'y'.repeat(2048);
    const declared = await query(
      client(big, { headers: { 'content-type': 'text/xml', 'content-length': String(big.length) } }, 1024),
    );
    expect(isHttpError(declared)).toBe(true);
    expect((declared as Error).message).toContain('maxResponseBytes');
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        c.enqueue(new Uint8Array(512).fill(0x41)); // never ends on its own: the cap must stop the read
      },
    });
    const streamed = await query(client(stream, {}, 4096));
    expect(isHttpError(streamed)).toBe(true);
  });

  it('an oversized answer to an ORDER leaves the outcome unknown (the order may exist)', async () => {
    const c = client('z'.repeat(4096), {}, 1024);
    const e = await c.cancel({ OrderID: 'CE1' }).catch((x: unknown) => x);
    expect(isOutcomeUnknownError(e)).toBe(true);
  });

  it('a Fault of an unexpected shape (no faultstring) → SoapFaultError or XmlError', async () => {
    const fault =
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><detail/></soap:Fault></soap:Body></soap:Envelope>';
    const e = await query(client(fault, { status: 500 }));
    expect(isSoapFaultError(e) || isXmlError(e) || isHttpError(e)).toBe(true);
  });
});
