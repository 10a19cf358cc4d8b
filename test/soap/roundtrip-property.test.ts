// Property: any string a user can put in a string field either round-trips exactly (client build → server parse →
// server response → client parse) or is refused locally with a ValidationError, and then nothing is sent.
// The one documented exception: the empty string, which the wire cannot tell from an absent element.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EpkiClient } from '../../src/clients/epki.ts';
import { isValidationError } from '../../src/errors.ts';
import { EPKI_OPERATIONS } from '../../src/services/epki.ts';
import { buildRequest, parseResponse } from '../../src/soap/envelope.ts';
import { buildResponse, parseRequest } from '../../src/soap/server.ts';

const OPS = Object.values(EPKI_OPERATIONS);
const CREDS = { username: 'u', password: 'p' };
// XML 1.0 Char production: what may appear in a document at all.
const ILLEGAL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters XML 1.0 forbids
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const strings = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      '\r',
      '\n',
      '\r\n',
      ' ',
      '&',
      '<',
      '>',
      '"',
      "'",
      ']]>',
      '&#xD;',
      '\u0000',
      '\uD800',
      '\uFFFE',
      'é',
      '😀',
    ),
    maxLength: 12,
  }),
);

describe('string fields round-trip or are refused locally', () => {
  it('through the SOAP core in both directions (Cancel: OrderID in, OrderID out)', () => {
    fc.assert(
      fc.property(
        strings.filter((s) => s !== ''),
        (s) => {
          let xml: string;
          try {
            xml = buildRequest(EPKI_OPERATIONS.Cancel, CREDS, { OrderID: s });
          } catch (e) {
            expect(isValidationError(e)).toBe(true);
            expect(ILLEGAL.test(s)).toBe(true);
            return;
          }
          expect(ILLEGAL.test(s)).toBe(false);
          const parsed = parseRequest(xml, OPS);
          expect(parsed.request.OrderID).toBe(s);
          const answer = buildResponse(EPKI_OPERATIONS.Cancel, { SuccessCode: '0', Errors: [] }, { OrderID: s });
          expect(parseResponse(EPKI_OPERATIONS.Cancel, answer, 200).body.OrderID).toBe(s);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('through EpkiClient: a refused value never reaches fetch; an accepted one arrives intact', async () => {
    await fc.assert(
      fc.asyncProperty(
        strings.filter((s) => s !== ''),
        async (s) => {
          const sent: string[] = [];
          const client = new EpkiClient({
            ...CREDS,
            endpoint: 'http://stub',
            fetch: async (_input, init) => {
              sent.push(String(init?.body));
              return new Response(
                buildResponse(EPKI_OPERATIONS.Cancel, { SuccessCode: '0', Errors: [] }, { OrderID: s }),
              );
            },
          });
          const result = await client.cancel({ OrderID: s }).catch((e: unknown) => e);
          if (isValidationError(result)) {
            expect(sent).toHaveLength(0);
            return;
          }
          expect(sent).toHaveLength(1);
          expect(parseRequest(sent[0]!, OPS).request.OrderID).toBe(s);
          expect((result as { OrderID: string }).OrderID).toBe(s);
        },
      ),
      { numRuns: 500 },
    );
  });
});
