// Test helpers for EpkiClient: a stub fetch that reads requests with the server codec and answers from a handler.
import { EpkiClient } from '../../src/clients/epki.ts';
import type { ClientOptions } from '../../src/clients/base.ts';
import type { ApiErrorDetail } from '../../src/errors.ts';
import { EPKI_OPERATIONS } from '../../src/services/epki.ts';
import { buildResponse, type ParsedSoapRequest, parseRequest } from '../../src/soap/server.ts';

export const USER = { username: 'PAR12345_api', password: 'Very&Secret-pw1' };

export interface Seen {
  readonly url: string;
  readonly headers: Headers;
  readonly xml: string;
  readonly parsed: ParsedSoapRequest;
}

export type Answer =
  | { body?: Record<string, unknown>; code?: '0' | '1' | '-1'; errors?: ApiErrorDetail[] }
  | Response
  | 'hang'
  | 'network';

export interface Stub {
  readonly fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  readonly seen: Seen[];
  calls: number;
}

/** A fetch whose answers come from `answer(parsedRequest, attempt)`. */
export function stubFetch(answer: (p: ParsedSoapRequest, attempt: number) => Answer): Stub {
  const stub: Stub = {
    seen: [],
    calls: 0,
    fetch: async (input, init) => {
      stub.calls++;
      const xml = String(init?.body ?? '');
      const parsed = parseRequest(xml, Object.values(EPKI_OPERATIONS));
      stub.seen.push({ url: String(input), headers: new Headers(init?.headers), xml, parsed });
      const a = answer(parsed, stub.calls);
      if (a instanceof Response) return a;
      if (a === 'network') throw new TypeError('fetch failed');
      if (a === 'hang') {
        return new Promise<Response>((_, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason ?? new Error('aborted')));
        });
      }
      const header = { SuccessCode: a.code ?? '0', Errors: a.errors ?? [], Timestamp: '2024-01-01T00:00:00.000Z' };
      return new Response(buildResponse(parsed.op, header, a.body ?? {}), { status: 200 });
    },
  };
  return stub;
}

/** An EpkiClient on a stub, with fast retries. */
export function client(stub: Stub, extra: Partial<ClientOptions> = {}): EpkiClient {
  return new EpkiClient({ ...USER, endpoint: 'http://sim.test/', fetch: stub.fetch, retryBaseMs: 1, ...extra });
}
