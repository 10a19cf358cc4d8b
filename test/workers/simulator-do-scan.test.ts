// The front Worker's routing scan: for any user name a client sends, the bounded scan of the body finds exactly
// that name in the request the real clients build (escaped as XML), and nothing in bodies without an AuthToken.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EpkiClient } from '../../src/clients/epki.ts';
import { QueryClient } from '../../src/clients/query.ts';
import { SCAN_LIMIT, scanUserName } from '../../workers/simulator/src/scan.ts';

/** The body a client sends for one call (the call itself is answered with a 500 and fails). */
async function bodyOf(call: (fetch: typeof globalThis.fetch) => Promise<unknown>): Promise<string> {
  let body = '';
  await call(async (input, init) => {
    body = input instanceof Request ? await input.clone().text() : await new Response(init?.body ?? '').text();
    return new Response('no', { status: 500 });
  }).catch(() => undefined);
  return body;
}

const opts = (username: string, fetch: typeof globalThis.fetch) => ({
  username,
  password: 'pw<&>"\'',
  endpoint: 'http://sim.invalid',
  retries: 0,
  fetch,
});

// Printable names, including XML's special characters, as GlobalSign's user names may hold them.
const name = fc.string({ minLength: 1, maxLength: 60, unit: fc.constantFrom(...'aZ09._-@+ &<>"\'éü✓'.split('')) });

describe('scanUserName', () => {
  it('finds the AuthToken user name in any request the clients build', async () => {
    await fc.assert(
      fc.asyncProperty(name, async (username) => {
        fc.pre(username.trim() === username && username.length > 0);
        const q = await bodyOf((f) => new QueryClient(opts(username, f)).getOrderByOrderId({ OrderID: 'X1' }));
        expect(scanUserName(q)).toBe(username);
        const e = await bodyOf((f) => new EpkiClient(opts(username, f)).getOrderByOrderId({ OrderNo: 'X1' }));
        expect(scanUserName(e)).toBe(username);
      }),
      { numRuns: 60 },
    );
  });

  it('finds nothing without a UserName element, or past the scan limit', () => {
    expect(scanUserName('<soap:Envelope><oops')).toBeUndefined();
    expect(scanUserName('<UserName></UserName>')).toBeUndefined();
    expect(scanUserName('<UserName>a&bogus;b</UserName>')).toBeUndefined();
    expect(scanUserName(`${' '.repeat(SCAN_LIMIT)}<UserName>late</UserName>`)).toBeUndefined();
    expect(scanUserName('<ns:UserName>x&amp;y&#233;</ns:UserName>')).toBe('x&yé');
  });
});
