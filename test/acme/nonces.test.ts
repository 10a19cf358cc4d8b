// Replay nonces made without a storage write (HMAC-signed, spent set in the AcmeNonces shards): accepted once, and
// never when forged, altered, expired or from another deployment; the key is read once per isolate; the alarm purges.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AcmeEnv, DoNamespace } from '../../workers/acme/src/env.ts';
import { AcmeNonces, NONCE_TTL_MS, newNonce, spendNonce } from '../../workers/acme/src/nonces.ts';
import { AcmeProblem } from '../../workers/acme/src/problems.ts';
import { memoryStorage } from './memory-storage.ts';

/** A NONCES namespace of in-memory objects; counts the operations each object was asked for. */
function namespace() {
  const objects = new Map<string, { nonces: AcmeNonces; storage: ReturnType<typeof memoryStorage> }>();
  const calls: { name: string; op: string }[] = [];
  const object = (name: string) => {
    let o = objects.get(name);
    if (!o) {
      const storage = memoryStorage();
      o = { nonces: new AcmeNonces({ storage }), storage };
      objects.set(name, o);
    }
    return o;
  };
  const ns: DoNamespace = {
    idFromName: (name: string) => name,
    get: (id: unknown) => ({
      fetch: async (input: string, init?: RequestInit) => {
        const req = new Request(input, init);
        calls.push({ name: String(id), op: ((await req.clone().json()) as { op: string }).op });
        return object(String(id)).nonces.fetch(req);
      },
    }),
  };
  return { env: { NONCES: ns } as unknown as AcmeEnv, calls, object, objects };
}

const refused = async (env: AcmeEnv, nonce: unknown): Promise<string> => {
  try {
    await spendNonce(env, nonce);
    return 'accepted';
  } catch (e) {
    return e instanceof AcmeProblem ? e.toJSON().type : String(e);
  }
};
const BAD_NONCE = 'urn:ietf:params:acme:error:badNonce';

afterEach(() => {
  vi.useRealTimers();
});

describe('nonces', () => {
  it('are base64url of 36 bytes, accepted once, and made without a storage write (the key read once)', async () => {
    const { env, calls } = namespace();
    const nonces = await Promise.all(Array.from({ length: 50 }, () => newNonce(env)));
    expect(new Set(nonces).size).toBe(50);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9_-]{48}$/);
    expect(calls).toEqual([{ name: 'nonces:key', op: 'key' }]);
    await spendNonce(env, nonces[0]);
    expect(await refused(env, nonces[0])).toBe(BAD_NONCE);
    expect(calls.filter((c) => c.op === 'spend')).toHaveLength(2);
    for (const n of nonces.slice(1)) await spendNonce(env, n);
    // The spent set is spread over the shards by the nonce's first character.
    expect(new Set(calls.filter((c) => c.op === 'spend').map((c) => c.name)).size).toBeGreaterThan(4);
  });

  it('fast-check: an altered, truncated or extended nonce is badNonce and reaches no shard', async () => {
    const { env, calls } = namespace();
    const nonce = await newNonce(env);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const altered = fc.oneof(
      fc
        .tuple(fc.nat(nonce.length - 1), fc.constantFrom(...alphabet))
        .filter(([i, ch]) => nonce[i] !== ch)
        .map(([i, ch]) => nonce.slice(0, i) + ch + nonce.slice(i + 1)),
      fc.nat(nonce.length - 1).map((n) => nonce.slice(0, n)),
      fc.string({ minLength: 1, maxLength: 20 }).map((s) => nonce + s),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(altered, async (bad) => {
        const before = calls.length;
        expect(await refused(env, bad)).toBe(BAD_NONCE);
        expect(calls.length).toBe(before);
      }),
      { numRuns: 300 },
    );
    await spendNonce(env, nonce); // the original is still good, once
  });

  it('one deployment does not accept the nonces of another (each has its own key)', async () => {
    const a = namespace();
    const b = namespace();
    const nonce = await newNonce(a.env);
    expect(await refused(b.env, nonce)).toBe(BAD_NONCE);
    await spendNonce(a.env, nonce);
  });

  it('expire after NONCE_TTL_MS; the alarm purges spent ones once they expire, the key stays', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { env, objects } = namespace();
    const spent = await newNonce(env);
    const unused = await newNonce(env);
    await spendNonce(env, spent);
    const shard = [...objects.entries()].find(([name]) => name !== 'nonces:key')!;
    expect((await shard[1].storage.list({ prefix: 's:' })).size).toBe(1);
    expect(await shard[1].storage.getAlarm()).toBeGreaterThan(Date.now());
    vi.setSystemTime(Date.now() + NONCE_TTL_MS + 1000);
    expect(await refused(env, unused)).toBe(BAD_NONCE);
    expect(await refused(env, spent)).toBe(BAD_NONCE);
    await shard[1].nonces.alarm();
    expect((await shard[1].storage.list({ prefix: 's:' })).size).toBe(0);
    const key = objects.get('nonces:key')!;
    await key.nonces.alarm();
    expect(await key.storage.get('key')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await spendNonce(env, await newNonce(env)); // the same key still makes good nonces
  });

  it('a failed key read is tried again by the next request', async () => {
    const { env, calls } = namespace();
    const ns = env.NONCES;
    let fail = true;
    const flaky: DoNamespace = {
      idFromName: (n) => ns.idFromName(n),
      get: (id) => ({
        fetch: async (input, init) => {
          if (fail) throw new Error('object unreachable');
          return ns.get(id).fetch(input, init);
        },
      }),
    };
    const e2 = { NONCES: flaky } as unknown as AcmeEnv;
    await expect(newNonce(e2)).rejects.toThrow('object unreachable');
    fail = false;
    await spendNonce(e2, await newNonce(e2));
    expect(calls.filter((c) => c.op === 'key')).toHaveLength(1);
  });
});
