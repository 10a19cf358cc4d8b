// Issue 18 item 6: secrets cannot get out, whatever their lexical form and position. A generated secret (the
// client's password or the request's PKCS12PIN) is planted in a hostile answer as plain text, escaped, as character
// references, in CDATA, split by CDATA or by a comment, in a secret element, an error message, a faultstring, an
// HTML page, a cut document or an attribute; nothing that leaves the library (errors with their fields, causes and
// stacks, hook events) may contain it, read raw or decoded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EpkiClient } from '../../src/clients/epki.ts';
import { EPKI_OPERATIONS } from '../../src/services/epki.ts';
import { SECRET_ELEMENTS } from '../../src/services/common.ts';
import { redactXml, scrubText } from '../../src/soap/redact.ts';
import { buildFault, buildResponse } from '../../src/soap/server.ts';
import { decodeText } from '../../src/soap/xml.ts';
import { EPKI_SAMPLES } from './epki-samples.ts';

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
const charRefs = (s: string, hex: boolean): string =>
  [...s].map((c) => (hex ? `&#x${c.codePointAt(0)!.toString(16)};` : `&#${c.codePointAt(0)};`)).join('');
const half = (s: string): number => Math.max(1, Math.floor(s.length / 2));

/** Ways to write `s` as XML character data. */
const FORMS: Readonly<Record<string, (s: string) => string>> = {
  escaped: esc,
  decimalRefs: (s) => charRefs(s, false),
  hexRefs: (s) => charRefs(s, true),
  cdata: (s) => `<![CDATA[${s}]]>`,
  splitByCdata: (s) => `${esc(s.slice(0, half(s)))}<![CDATA[${s.slice(half(s))}]]>`,
  splitByComment: (s) => `${esc(s.slice(0, half(s)))}<!-- x -->${esc(s.slice(half(s)))}`,
  mixed: (s) => `<![CDATA[${s.slice(0, 1)}]]>${charRefs(s.slice(1, half(s)), true)}<!---->${esc(s.slice(half(s)))}`,
};

const OK = { SuccessCode: '0', Errors: [] };
const Pkcs12 = EPKI_OPERATIONS.OrderPkcs12;
const pkcs12Answer = (password: string): string =>
  buildResponse(Pkcs12, OK, { OrderID: 'CE1', BASE64PKCS12: 'UEsx', PKCS12: ['UEsx'], PKCS12Password: 'MARK' }).replace(
    '<PKCS12Password>MARK</PKCS12Password>',
    `<PKCS12Password>${password}</PKCS12Password>`,
  );

/** Where the planted text goes: the answer the stub gives, and its HTTP status. */
const POSITIONS: Readonly<Record<string, (form: string) => readonly [string, number]>> = {
  secretElement: (f) => [pkcs12Answer(f), 200],
  errorMessage: (f) => [
    buildResponse(
      Pkcs12,
      { SuccessCode: '-1', Errors: [{ ErrorCode: '-101', ErrorField: 'PIN', ErrorMessage: 'MARK' }] },
      {},
    ).replace('MARK', `bad PIN ${f}`),
    200,
  ],
  errorField: (f) => [
    buildResponse(Pkcs12, { SuccessCode: '-1', Errors: [{ ErrorCode: '-101', ErrorField: 'MARK' }] }, {}).replace(
      'MARK',
      f,
    ),
    200,
  ],
  faultString: (f) => [buildFault('soap:Client', 'MARK').replace('MARK', `Unmarshalling Error: PIN ${f} refused`), 500],
  faultIn200: (f) => [buildFault('soap:Server', 'MARK').replace('MARK', f), 200],
  htmlPage200: (f) => [`<!DOCTYPE html><html><body>your pin ${f} is wrong</body></html>`, 200],
  htmlPage502: (f) => [`<html><body>${f}</body></html>`, 502],
  cutDocument: (f) => [
    pkcs12Answer('x').replace('<OrderID>CE1</OrderID>', `<OrderID>${f}</OrderID>`).slice(0, -60),
    200,
  ],
  attribute: (f) => [pkcs12Answer('x').replace('<OrderID>', `<OrderID note="${esc(f)}">`), 200],
  ordinaryElement: (f) => [pkcs12Answer('x').replace('<OrderID>CE1</OrderID>', `<OrderID>${f}</OrderID>`), 200],
};

/** Every string reachable from a value (own properties, arrays, causes, message and stack of errors). */
function strings(value: unknown, out: string[] = [], seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') out.push(value);
  if (typeof value !== 'object' || value === null || seen.has(value)) return out;
  seen.add(value);
  if (value instanceof Error) out.push(String(value), value.message, value.stack ?? '');
  for (const key of new Set([...Object.getOwnPropertyNames(value), 'cause'])) {
    strings((value as Record<string, unknown>)[key], out, seen);
  }
  return out;
}

/** A string as a reader would see it: markup of comments and CDATA removed, references decoded. */
const decoded = (s: string): string => decodeText(s.replace(/<!--[\s\S]*?-->|<!\[CDATA\[|\]\]>/g, ''), true);

const secretText = fc.stringMatching(/^[A-Za-z0-9]{12,20}$/);

describe('secrets never leave the library', () => {
  it('planted in every form and position of an answer: not in any error, field, cause, stack or hook event', async () => {
    await fc.assert(
      fc.asyncProperty(
        secretText,
        secretText.map((s) => `${s}&<'"`),
        fc.constantFrom(...Object.keys(FORMS)),
        fc.constantFrom(...Object.keys(POSITIONS)),
        fc.boolean(),
        async (pin, password, form, position, plantPassword) => {
          const secret = plantPassword ? password : pin;
          const [body, status] = POSITIONS[position]!(FORMS[form]!(secret));
          const events: unknown[] = [];
          const client = new EpkiClient({
            username: 'user',
            password,
            retries: 0,
            fetch: async () => new Response(body, { status, headers: { 'content-type': 'text/xml' } }),
            onRequest: (e) => events.push(e),
            onResponse: (e) => events.push(e),
          });
          const result = await client
            .orderPkcs12({ ...EPKI_SAMPLES.OrderPkcs12, PKCS12PIN: pin } as never)
            .catch((e: unknown) => e);
          const out = strings(events);
          if (result instanceof Error) strings(result, out);
          for (const text of out) {
            for (const s of [pin, password]) {
              expect(text).not.toContain(s);
              expect(decoded(text)).not.toContain(s);
            }
          }
          expect(events.length).toBe(2);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('redactXml and scrubText', () => {
  it('a secret the server makes (PKCS12Password), in any form, is hidden from the hooks', async () => {
    await fc.assert(
      fc.asyncProperty(secretText, fc.constantFrom(...Object.keys(FORMS)), async (generated, form) => {
        const events: { xml?: string }[] = [];
        const client = new EpkiClient({
          username: 'user',
          password: 'Password-1234',
          fetch: async () => new Response(pkcs12Answer(FORMS[form]!(generated)), { status: 200 }),
          onResponse: (e) => events.push(e),
        });
        const res = await client.orderPkcs12({ ...EPKI_SAMPLES.OrderPkcs12 } as never);
        expect(res.PKCS12Password).toBe(generated); // the caller gets it; the hook does not
        expect(events).toHaveLength(1);
        expect(events[0]!.xml).toContain('<PKCS12Password>***</PKCS12Password>');
        expect(decoded(events[0]!.xml!)).not.toContain(generated);
      }),
      { numRuns: 100 },
    );
  });

  it('hide a secret element whatever its form, and nested markup in it', () => {
    for (const [name, form] of Object.entries(FORMS)) {
      const xml = `<a><x:PKCS12PIN a="1">${form('s3cr3tPIN')}<b>inner</b></x:PKCS12PIN><c>ok</c></a>`;
      expect(redactXml(xml, SECRET_ELEMENTS), name).toBe('<a><x:PKCS12PIN a="1">***</x:PKCS12PIN><c>ok</c></a>');
    }
  });

  it('an unclosed secret element hides everything after it', () => {
    expect(redactXml('<a><Password>abc<!-- cut', SECRET_ELEMENTS)).toBe('<a><Password>***');
  });

  it('scrub the values of secrets from text and markup, and leave other text alone', () => {
    expect(scrubText('PIN 1<!-- -->2&#51;4 refused', ['1234'])).toBe('PIN *** refused');
    expect(scrubText('no secret & here', ['1234'])).toBe('no secret & here');
    expect(scrubText('short p stays', ['p'])).toBe('short p stays');
  });
});
