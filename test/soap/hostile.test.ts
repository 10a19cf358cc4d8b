// More hostile answers (beyond hostile-responses.test.ts): each must give a typed error quickly, never a hang, a
// silent corruption or an untyped exception. Several of these found defects that are now fixed in src/soap:
// a comment prolog that made the envelope check backtrack exponentially, references to forbidden characters
// (&#0;) and raw NULs accepted as data, undefined entities kept as text, CDATA decoded as entities, a body that
// stalls after the headers ignoring timeoutMs, and bytes that are not UTF-8 decoded silently.
import { describe, expect, it } from 'vitest';
import { EpkiClient } from '../../src/clients/epki.ts';
import {
  isGlobalSignApiError,
  isHttpError,
  isOutcomeUnknownError,
  isSoapFaultError,
  isTimeoutError,
  isXmlError,
} from '../../src/errors.ts';
import { EPKI_OPERATIONS } from '../../src/services/epki.ts';
import type { FieldDef, FieldType } from '../../src/soap/schema.ts';
import { buildResponse } from '../../src/soap/server.ts';

const OK_HEADER = { SuccessCode: '0', Errors: [] };
const ANSWER = buildResponse(EPKI_OPERATIONS.Cancel, OK_HEADER, { OrderID: 'MARK' });
const withOrderId = (raw: string): string => ANSWER.replace('MARK', raw);

type Body = BodyInit;
function client(body: () => Body, init: ResponseInit = {}, extra: { maxResponseBytes?: number } = {}): EpkiClient {
  return new EpkiClient({
    username: 'u',
    password: 'p',
    endpoint: 'http://stub',
    retries: 0,
    timeoutMs: 2000,
    ...extra,
    fetch: async () => new Response(body(), { status: 200, headers: { 'content-type': 'text/xml' }, ...init }),
  });
}
/** GetOrderByOrderId (a query: no outcome-unknown wrapping) answered with `xml` as if it were its response. */
const query = (c: EpkiClient): Promise<unknown> => c.getOrderByOrderId({ OrderNo: 'CE1' }).catch((e: unknown) => e);
// Cancel changes state: an answer that cannot be read (not SOAP, cut short, not XML) leaves its outcome unknown, so
// it arrives as an OutcomeUnknownError whose cause is the reading error; these tests look at that cause.
const cancel = (c: EpkiClient): Promise<unknown> =>
  c.cancel({ OrderID: 'CE1' }).catch((e: unknown) => (isOutcomeUnknownError(e) ? e.cause : e));

/** A value for every field of a table (optional ones included). */
function fill(fields: readonly FieldDef[]): Record<string, unknown> {
  const value = (t: FieldType): unknown =>
    typeof t === 'string'
      ? t === 'int'
        ? 1
        : t === 'boolean'
          ? true
          : 'v'
      : 'struct' in t
        ? fill(t.struct)
        : [value(t.of)];
  return Object.fromEntries(fields.map((f) => [f.name, f.repeated ? [value(f.type)] : value(f.type)]));
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

describe('hostile responses (more)', () => {
  it('control: the unaltered answer parses', async () => {
    expect(await cancel(client(() => ANSWER))).toMatchObject({ OrderID: 'MARK' });
  });

  it('a prolog of 30 empty comments before a non-SOAP body → HttpError at once (no regex backtracking)', async () => {
    // Before the fix this took ~16 s of synchronous CPU (doubling with every comment): vitest's timeout is the guard.
    const { value } = await timed(() => cancel(client(() => `${'<!---->'.repeat(30)}<html/>`, { status: 502 })));
    expect(isHttpError(value)).toBe(true);
    const ok = `<?xml version="1.0"?><!-- a --><!-- b - c -->
${ANSWER}`;
    expect(await cancel(client(() => ok))).toMatchObject({ OrderID: 'MARK' });
  });

  it.each([
    ['a NUL by reference', '&#0;'],
    ['a lone surrogate by reference', '&#xD800;'],
    ['U+FFFE by reference', '&#xFFFE;'],
    ['a raw NUL', 'a\u0000b'],
    ['a raw U+0001', 'a\u0001b'],
    ['an undefined entity (billion laughs without its DOCTYPE)', '&lol9;'],
    ['a bare ampersand', 'Smith & Sons'],
  ])('%s in a field → XmlError, never data', async (_, raw) => {
    const e = await query(client(() => withOrderId(raw).replace('CancelResponse', 'GetOrderByOrderIdResponse')));
    expect(isXmlError(e), String(e)).toBe(true);
  });

  it('CDATA is text, taken verbatim (not entity-decoded); references outside it are decoded', async () => {
    const res = await cancel(client(() => withOrderId('x&amp;<![CDATA[ &amp; <b> ]]>&#xD;')));
    expect(res).toMatchObject({ OrderID: 'x& &amp; <b> \r' });
  });

  it('bytes that are not UTF-8 in a 200 answer → XmlError; a non-UTF-8 502 page → HttpError 502', async () => {
    const bytes = new TextEncoder().encode(withOrderId('Z'));
    bytes[bytes.indexOf(0x5a)] = 0xff; // the Z of the OrderID
    const bad = await query(client(() => bytes));
    expect(isXmlError(bad)).toBe(true);
    const page = await query(client(() => new Uint8Array([0x3c, 0x68, 0x31, 0x3e, 0xe9, 0x3c]), { status: 502 }));
    expect(isHttpError(page) && (page as { status: number }).status === 502).toBe(true);
  });

  it('a body that stalls after the headers (fetch ignoring the signal) → TimeoutError after timeoutMs', async () => {
    const stall = () =>
      new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new TextEncoder().encode('<soap:Envelope')) });
    const c = new EpkiClient({
      username: 'u',
      password: 'p',
      endpoint: 'http://stub',
      retries: 0,
      timeoutMs: 150,
      fetch: async () => new Response(stall()),
    });
    const { value } = await timed(() => c.getProfiles().catch((e: unknown) => e));
    expect(isTimeoutError(value)).toBe(true);
    // The same stall answering an order: the order may exist, so its outcome is unknown.
    expect(isOutcomeUnknownError(await c.cancel({ OrderID: 'CE1' }).catch((e: unknown) => e))).toBe(true);
  });

  it('a well-formed 10 MB answer parses under the default cap and is refused early with maxResponseBytes 8 MB', async () => {
    const op = EPKI_OPERATIONS.GetProfiles;
    const detail = fill(op.response).ProfileDetails as Record<string, Record<string, unknown>>[];
    detail[0]!.ProfileDnAttributes!.CommonName = 'x'.repeat(9_000);
    const big = buildResponse(op, OK_HEADER, { TotalCount: 1100, ProfileDetails: Array(1100).fill(detail[0]) });
    expect(big.length).toBeGreaterThan(10_000_000);
    const bytes = new TextEncoder().encode(big);
    let pulled = 0;
    const stream = () => {
      let at = 0;
      return new ReadableStream<Uint8Array>({
        pull(c) {
          if (at >= bytes.length) return c.close();
          const chunk = bytes.subarray(at, at + 65_536);
          at += chunk.length;
          pulled += chunk.length;
          c.enqueue(chunk);
        },
      });
    };
    const all = await client(stream).getProfiles();
    expect(all.ProfileDetails).toHaveLength(1100);
    pulled = 0;
    const e = await client(stream, {}, { maxResponseBytes: 8 * 1024 * 1024 })
      .getProfiles()
      .catch((x: unknown) => x);
    expect(isHttpError(e)).toBe(true);
    expect((e as Error).message).toContain('maxResponseBytes');
    expect(pulled).toBeLessThan(8 * 1024 * 1024 + 3 * 65_536); // stopped early, did not read the rest
  });

  it('a Content-Length that lies (says small, sends more) does not get past the cap', async () => {
    const e = await query(
      client(() => 'q'.repeat(5000), { headers: { 'content-length': '10' } }, { maxResponseBytes: 1000 }),
    );
    expect(isHttpError(e)).toBe(true);
  });

  it('a body that errors half-way → a typed network error (query) or outcome unknown (order)', async () => {
    const broken = () =>
      new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode(ANSWER.slice(0, 100)));
          c.error(new TypeError('connection reset'));
        },
      });
    const q = await query(client(broken));
    expect(isHttpError(q) && (q as { status: number }).status === 0).toBe(true);
    const order = await client(broken)
      .cancel({ OrderID: 'CE1' })
      .catch((e: unknown) => e);
    expect(isOutcomeUnknownError(order)).toBe(true);
  });

  it('deep nesting (200,000 levels) and wide bodies → XmlError without a stack overflow', async () => {
    const deep = withOrderId(`${'<a>'.repeat(200_000)}${'</a>'.repeat(200_000)}`);
    expect(isXmlError(await cancel(client(() => deep)))).toBe(true);
    const open = withOrderId('<a>'.repeat(200_000));
    expect(isXmlError(await cancel(client(() => open)))).toBe(true);
  });

  it("another operation's response, or no header → XmlError; a SuccessCode that is not 0/1 → GlobalSignApiError", async () => {
    const revoke = buildResponse(EPKI_OPERATIONS.Revoke, OK_HEADER, { orderNo: 'CE1' });
    expect(isXmlError(await cancel(client(() => revoke)))).toBe(true);
    const headless = ANSWER.replace(/<OrderResponseHeader>.*<\/OrderResponseHeader>/, '');
    expect(isXmlError(await cancel(client(() => headless)))).toBe(true);
    const odd = ANSWER.replace('<SuccessCode>0<', '<SuccessCode>OK<');
    expect(isGlobalSignApiError(await cancel(client(() => odd)))).toBe(true);
  });

  it('Faults of odd shapes (markup in faultstring, two faultstrings, text only, in a 200) → SoapFaultError', async () => {
    const env = (inner: string) =>
      `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>${inner}</soap:Fault></soap:Body></soap:Envelope>`;
    for (const [inner, status] of [
      ['<faultcode><x/></faultcode><faultstring><b>bold</b></faultstring>', 500],
      ['<faultcode>soap:Server</faultcode><faultstring>a</faultstring><faultstring>b</faultstring>', 500],
      ['just text', 500],
      ['<faultcode>soap:Server</faultcode><faultstring>in a 200</faultstring>', 200],
    ] as const) {
      const e = await query(client(() => env(inner), { status }));
      expect(isSoapFaultError(e), `${inner}: ${String(e)}`).toBe(true);
    }
  });
});
