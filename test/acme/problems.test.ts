/**
 * Problems cross the Durable Object boundary as documents (`toJSON`, then `fromJSON` in the Worker): every kind
 * must come back as itself, with its type and status, including kinds that share a type (`conflict` is
 * `malformed` with status 409), and with its response headers (a 409's `Location`, a 429's `Retry-After`).
 */
import { describe, expect, it } from 'vitest';
import type { DoNamespace } from '../../workers/acme/src/env.ts';
import { ACME_PROBLEMS, type AcmeKind, AcmeProblem, problemResponse } from '../../workers/acme/src/problems.ts';
import { rpc, serveRpc } from '../../workers/acme/src/storage.ts';

/** One object whose operation `fail` throws `p`, reached through `rpc` as the Worker reaches its objects. */
function failing(p: Error): DoNamespace {
  return {
    idFromName: (n: string) => n,
    get: () => ({
      fetch: (input: string, init?: RequestInit) =>
        serveRpc(new Request(input, init), {
          fail: async () => {
            throw p;
          },
        }),
    }),
  };
}

describe('AcmeProblem across the Durable Object boundary', () => {
  const kinds = Object.keys(ACME_PROBLEMS.catalog) as AcmeKind[];

  it.each(kinds)('%s keeps its type and status', (kind) => {
    const sent = new AcmeProblem(kind, `detail of ${kind}`).toJSON();
    const back = AcmeProblem.fromJSON(JSON.parse(JSON.stringify(sent))).toJSON();
    expect({ type: back.type, status: back.status, detail: back.detail }).toEqual({
      type: sent.type,
      status: sent.status,
      detail: sent.detail,
    });
  });

  it('a conflict stays a 409', () => {
    expect(AcmeProblem.fromJSON(new AcmeProblem('conflict', 'key in use').toJSON()).toJSON().status).toBe(409);
  });

  it('headers come back: a 409 keeps its Location, a 429 its Retry-After, and the response carries them', async () => {
    const cases = [
      new AcmeProblem('conflict', 'key in use', [], { location: 'https://acme.test/acme/acct/abc' }),
      new AcmeProblem('rateLimited', 'slow down', [], { 'retry-after': '17' }),
    ];
    for (const p of cases) {
      const back = await rpc(failing(p), 'x', 'fail', {}).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(back).toBeInstanceOf(AcmeProblem);
      expect((back as AcmeProblem).headers).toEqual(p.headers);
      const res = problemResponse(back as AcmeProblem);
      expect(res.status).toBe(p.toJSON().status);
      for (const [k, v] of Object.entries(p.headers)) expect(res.headers.get(k)).toBe(v);
    }
  });

  it('an unexpected error crosses as serverInternal, without its message or headers', async () => {
    const back = (await rpc(failing(new Error('secret detail')), 'x', 'fail', {}).catch(
      (e: unknown) => e,
    )) as AcmeProblem;
    expect(back.toJSON().status).toBe(500);
    expect(JSON.stringify(back.toJSON())).not.toContain('secret detail');
    expect(back.headers).toEqual({});
  });
});
