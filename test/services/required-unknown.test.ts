// Issue 14: a missing required field "is required", only an unknown field "is not a known field", whatever the
// operation and the depth, through the same path every client method takes (EPKI with its valibot rules), and nothing
// is sent. A random valid request of a random operation, then one random required element dropped or one random
// unknown key added.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EpkiClient } from '../../src/clients/epki.ts';
import { isValidationError, type ValidationError } from '../../src/errors.ts';
import { ALL_OPERATIONS, baseRequest, edited, has, paths, Probe } from './field-helpers.ts';

const join = (p: string, k: string): string => (p ? `${p}.${k}` : k);

async function refusal(op: (typeof ALL_OPERATIONS)[number], request: unknown): Promise<ValidationError> {
  const probe = new Probe(op);
  const e = await probe.run(op, request).catch((x: unknown) => x);
  expect(isValidationError(e), String(e)).toBe(true);
  expect(probe.fetches).toBe(0);
  return e as ValidationError;
}

describe('missing versus unknown fields', () => {
  it('the base requests are accepted (they reach fetch), so every refusal below comes from the edit', async () => {
    for (const op of ALL_OPERATIONS) {
      const probe = new Probe(op);
      await probe.run(op, baseRequest(op)).catch(() => undefined);
      expect(probe.fetches, op.name).toBe(1);
    }
  });

  it('dropping a random required element says "is required" and names it', async () => {
    const drops = ALL_OPERATIONS.flatMap((op) =>
      paths(op)
        .required.filter((p) => has(baseRequest(op), p))
        .map((path) => [op, path] as const),
    );
    expect(drops.length).toBeGreaterThan(100);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...drops), async ([op, path]) => {
        const request = edited(baseRequest(op), path, (parent, key) => {
          delete parent[key];
        });
        const e = await refusal(op, request);
        expect(e.issues).toContainEqual({ path, message: 'is required' });
        expect(e.issues.filter((i) => i.message === 'is not a known field')).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('adding a random unknown key says "is not a known field" and names it', async () => {
    const spots = ALL_OPERATIONS.flatMap((op) =>
      paths(op)
        .objects.filter((p) => p === '' || has(baseRequest(op), p))
        .map((path) => [op, path] as const),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...spots),
        fc.stringMatching(/^[A-Z][A-Za-z]{0,12}$/).map((k) => `Zz${k}`),
        async ([op, at], key) => {
          const request =
            at === ''
              ? { ...baseRequest(op), [key]: 'x' }
              : edited(baseRequest(op), join(at, key), (parent, k) => {
                  parent[k] = 'x';
                });
          const e = await refusal(op, request);
          expect(e.issues).toContainEqual({ path: join(at, key), message: 'is not a known field' });
          expect(e.issues.filter((i) => i.message === 'is required')).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('getProfiles({}) and getOrders({ OrdersQueryOption }) are refused: their parameter is required', async () => {
    let fetches = 0;
    const epki = new EpkiClient({
      username: 'u',
      password: 'p',
      fetch: async () => {
        fetches++;
        return new Response('', { status: 500 });
      },
    });
    const a = (await epki.getProfiles({} as never).catch((x: unknown) => x)) as ValidationError;
    expect(a.issues).toContainEqual({ path: 'ProfileQueryParam', message: 'is required' });
    const b = (await epki.getOrders({ OrdersQueryOption: {} } as never).catch((x: unknown) => x)) as ValidationError;
    expect(b.issues).toContainEqual({ path: 'OrderQueryParam', message: 'is required' });
    const c = (await epki.getOrders({ OrderQueryParam: {} } as never).catch((x: unknown) => x)) as ValidationError;
    expect(c.issues).toContainEqual({ path: 'OrderQueryParam.ProductCode', message: 'is required' });
    expect(fetches).toBe(0);
  });
});
