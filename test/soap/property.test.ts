// Property, over EVERY string field of the 13 EPKI operations (requests, responses, credentials, response headers):
// any string a user can put there either round-trips exactly (client build → server parseRequest → server
// buildResponse → client parseResponse/decodeFields) or is refused locally with a ValidationError and never sent.
// Then the same through EpkiClient (valibot rules included) with a counting stub fetch, and through the simulator.
// The one documented exception is the empty string, which the wire cannot tell from an absent element.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { EpkiClient } from '../../src/clients/epki.ts';
import { createCsr, generateKeyPair } from '../../src/crypto/index.ts';
import { isGlobalSignApiError, isValidationError } from '../../src/errors.ts';
import { RESPONSE_HEADER_FIELDS } from '../../src/services/common.ts';
import { EPKI_OPERATIONS } from '../../src/services/epki.ts';
import type { FieldDef, FieldType, OperationDef, StructType } from '../../src/soap/schema.ts';
import { buildRequest, parseResponse } from '../../src/soap/envelope.ts';
import { buildResponse, parseRequest } from '../../src/soap/server.ts';
import { createSimulator, type Simulator } from '../../src/simulator/index.ts';
import { EPKI_SAMPLES } from './epki-samples.ts';

type Path = readonly (string | number)[];
const OPS = Object.values(EPKI_OPERATIONS);
// XML 1.0 Char production: exactly what a document may hold.
const ILLEGAL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters XML 1.0 forbids
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const TRICKY = ['\r', '\n', '\r\n', ' ', '\t', '&', '<', '>', '"', "'", ']]>', '&#xD;', '&amp;', '<!--', '\u0000'];
const strings: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.string({
      unit: fc.constantFrom(...TRICKY, '\uD800', '\uDFFF', '\uFFFE', '\uFFFF', 'é', '😀', 'a'),
      maxLength: 10,
    }),
    fc
      .tuple(fc.constantFrom(' ', '  ', '\t', '\r\n'), fc.string({ maxLength: 10 }), fc.constantFrom(' ', '\n', '  '))
      .map(([a, b, c]) => a + b + c),
  )
  .filter((s) => s !== '');

const isStruct = (t: FieldType): t is StructType => typeof t === 'object' && 'struct' in t;

/** Paths of every `string` leaf below `fields` (list items and repeated elements at index 0). */
function stringLeaves(fields: readonly FieldDef[], prefix: Path = []): Path[] {
  const out: Path[] = [];
  const visit = (t: FieldType, at: Path): void => {
    if (t === 'string') out.push(at);
    else if (isStruct(t)) out.push(...stringLeaves(t.struct, at));
    else if (typeof t === 'object') visit(t.of, [...at, 0]);
  };
  for (const f of fields) visit(f.type, f.repeated ? [...prefix, f.name, 0] : [...prefix, f.name]);
  return out;
}

/** A value for every field, optional ones included. */
function fill(fields: readonly FieldDef[]): Record<string, unknown> {
  const value = (t: FieldType): unknown => {
    if (t === 'int') return 1;
    if (t === 'boolean') return true;
    if (t === 'long') return '1';
    if (t === 'dateTime') return '2024-01-01T00:00:00.000Z';
    if (t === 'string') return 'x';
    if (isStruct(t)) return fill(t.struct);
    return [value(t.of)];
  };
  return Object.fromEntries(fields.map((f) => [f.name, f.repeated ? [value(f.type)] : value(f.type)]));
}

const getAt = (v: unknown, path: Path): unknown =>
  path.reduce<unknown>((o, k) => (o as Record<string | number, unknown> | undefined)?.[k], v);

function setAt<T>(v: T, path: Path, s: string): T {
  const copy = structuredClone(v);
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = s;
  return copy;
}

type Case = { op: OperationDef; where: 'request' | 'credentials' | 'response' | 'header'; path: Path };
const CASES: Case[] = OPS.flatMap((op) => [
  ...stringLeaves(op.request).map((path) => ({ op, where: 'request' as const, path })),
  ...stringLeaves(op.response).map((path) => ({ op, where: 'response' as const, path })),
]);
CASES.push(
  { op: EPKI_OPERATIONS.Cancel, where: 'credentials', path: ['username'] },
  { op: EPKI_OPERATIONS.Cancel, where: 'credentials', path: ['password'] },
  ...stringLeaves(RESPONSE_HEADER_FIELDS)
    .filter((p) => p[0] !== 'SuccessCode') // the header's SuccessCode is trimmed and interpreted, not data
    .map((path) => ({ op: EPKI_OPERATIONS.GetOrders, where: 'header' as const, path })),
);

/** Sends `s` through the field the case names; returns what arrived at the other end. */
function roundTrip({ op, where, path }: Case, s: string): unknown {
  const creds = { username: 'u', password: 'p' };
  if (where === 'request' || where === 'credentials') {
    const request = where === 'request' ? setAt(fill(op.request), path, s) : fill(op.request);
    const parsed = parseRequest(
      buildRequest(op, where === 'credentials' ? setAt(creds, path, s) : creds, request),
      OPS,
    );
    return getAt(where === 'request' ? parsed.request : parsed.credentials, path);
  }
  const header = { SuccessCode: '0', Errors: [{ ErrorCode: '1', ErrorField: 'f', ErrorMessage: 'm' }], Timestamp: 't' };
  const body = fill(op.response);
  const xml =
    where === 'header'
      ? buildResponse(op, setAt(header, path, s), body)
      : buildResponse(op, header, setAt(body, path, s));
  const parsed = parseResponse(op, xml, 200);
  return getAt(where === 'header' ? parsed.header : parsed.body, path);
}

describe('every string field of every EPKI operation, through the SOAP core', () => {
  it(`has string fields to test (${CASES.length} of them)`, () => {
    expect(CASES.length).toBeGreaterThan(100);
  });

  it('round-trips exactly, or is refused with a ValidationError exactly when XML 1.0 cannot carry it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CASES), strings, (c, s) => {
        let out: unknown;
        try {
          out = roundTrip(c, s);
        } catch (e) {
          expect(isValidationError(e), String(e)).toBe(true);
          expect(ILLEGAL.test(s)).toBe(true);
          return;
        }
        expect(ILLEGAL.test(s)).toBe(false);
        expect(out).toBe(s);
      }),
      { numRuns: 3000 },
    );
  });
});

const METHODS: Readonly<Record<string, keyof EpkiClient>> = {
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
// Fields the rules deliberately normalise (re-spelled product codes, upper-cased picklists, AUTOGEN): not echoed as is.
const NORMALISED = /(^|\.)(ProductCode|OrderState|CertState|ProfileOrderState|IssueType|PKCS12PIN)$/;
const SAMPLE_CASES = OPS.flatMap((op) =>
  stringLeaves(op.request)
    .filter((p) => getAt(EPKI_SAMPLES[op.name], p) !== undefined && !NORMALISED.test(p.join('.')))
    .map((path) => ({ op, path })),
);

describe('through EpkiClient with a counting stub fetch', () => {
  it('a refused value never reaches fetch; an accepted one arrives intact and its echo comes back intact', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SAMPLE_CASES), strings, async ({ op, path }, s) => {
        const sent: string[] = [];
        const client = new EpkiClient({
          username: 'u',
          password: 'p',
          endpoint: 'http://stub',
          retries: 0,
          fetch: async (_url, init) => {
            sent.push(String(init?.body));
            const body = fill(op.response);
            const echo = stringLeaves(op.response).reduce((b, p) => setAt(b, p, s), body);
            return new Response(buildResponse(op, { SuccessCode: '0', Errors: [] }, echo));
          },
        });
        const call = client[METHODS[op.name]!] as (r: unknown) => Promise<Record<string, unknown>>;
        const result = await call.call(client, setAt(EPKI_SAMPLES[op.name], path, s)).catch((e: unknown) => e);
        if (isValidationError(result)) {
          expect(sent).toHaveLength(0);
          return;
        }
        accepted++;
        expect(sent).toHaveLength(1);
        expect(getAt(parseRequest(sent[0]!, OPS).request, path)).toBe(s);
        for (const p of stringLeaves(op.response)) expect(getAt(result, p)).toBe(s);
      }),
      { numRuns: 1500 },
    );
    expect(accepted).toBeGreaterThan(100); // the property must not pass by refusing everything
  });
});

describe('through EpkiClient and the simulator (sim.fetch)', () => {
  let sim: Simulator;
  let csr: string;
  beforeAll(async () => {
    sim = await createSimulator();
    const keys = await generateKeyPair('RSA-2048');
    csr = (await createCsr({ keys, subject: { CN: 'property test' } })).pem;
  }, 60_000);

  // Printable ASCII (what the guide's DnAttributes allow), markup, spaces at the ends, and a few refused characters.
  const dnStrings = fc.oneof(
    fc.string({
      unit: fc.constantFrom(' ', '&', "'", ';', '#', '=', '"', '<', '\r', 'é', 'A', 'z', '0'),
      maxLength: 20,
    }),
    fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 64 }),
    fc.tuple(fc.constantFrom(' ', '  '), fc.string({ unit: 'binary-ascii', maxLength: 20 })).map(([a, b]) => a + b + a),
  );

  it('DnAttributes.CommonName is refused locally or comes back intact from GetOrderByOrderId', async () => {
    let calls = 0;
    let issued = 0;
    const client = new EpkiClient({
      username: sim.defaults.username,
      password: sim.defaults.password,
      endpoint: 'http://sim.test',
      fetch: (input, init) => {
        calls++;
        return sim.fetch(new Request(input, init));
      },
    });
    const email = `alice@${sim.defaults.emailDomain}`;
    await fc.assert(
      fc.asyncProperty(dnStrings, async (s) => {
        const before = calls;
        const res = await client
          .orderAndIssueCertificate({
            ProfileID: sim.defaults.epkiProfileId,
            ProductCode: 'EPKIPSPersonal',
            Year: 1,
            CSR: csr,
            SANRFC822EmailAddress: email,
            DnAttributes: { CommonName: s, Email: email },
          })
          .catch((e: unknown) => e);
        if (isValidationError(res)) {
          expect(calls).toBe(before);
          return;
        }
        expect(isGlobalSignApiError(res), String(res)).toBe(false);
        issued++;
        const { OrderID } = res as { OrderID: string };
        const got = await client.getOrderByOrderId({
          OrderNo: OrderID,
          OrderQueryOption: { ReturnCertificateInfo: true },
        });
        expect(got.OrderDetail?.CrCertificateInfo?.CommonName).toBe(s);
        expect(EpkiClient.decodeCertificate((res as { CERT: string }).CERT).certificate.subject.CN).toBe(s);
      }),
      { numRuns: 120 },
    );
    expect(issued).toBeGreaterThan(10);
  }, 60_000);
});
