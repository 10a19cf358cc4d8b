import { describe, expect, it } from 'vitest';
import { EnrollLedger, type LedgerStorage, SPENT_GRACE_MS } from '../../workers/enroll/src/ledger.ts';

function memoryStorage(): LedgerStorage & { alarm: number | undefined; size: () => number } {
  const m = new Map<string, unknown>();
  const s = {
    alarm: undefined as number | undefined,
    size: () => m.size,
    get: async <T>(k: string) => structuredClone(m.get(k)) as T | undefined,
    put: async (k: string, v: unknown) => void m.set(k, structuredClone(v)),
    delete: async (k: string) => m.delete(k),
    setAlarm: async (at: number) => {
      s.alarm = at;
    },
    deleteAll: async () => m.clear(),
  };
  return s;
}

describe('EnrollLedger', () => {
  it('spends once, refuses the second spend with 409, and can be released', async () => {
    const ledger = new EnrollLedger({ storage: memoryStorage() });
    const spend = () => ledger.fetch(new Request('https://l/spend', { method: 'POST' }));
    expect((await spend()).status).toBe(200);
    expect((await spend()).status).toBe(409);
    expect((await ledger.fetch(new Request('https://l/release', { method: 'POST' }))).status).toBe(200);
    expect((await spend()).status).toBe(200);
  });

  it('counts hits in a fixed window and resets after it', async () => {
    const ledger = new EnrollLedger({ storage: memoryStorage() });
    const t = 1_000_000;
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await ledger.hit(3, 60, t + i * 1000));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]!.retryAfter).toBe(57);
    expect((await ledger.hit(3, 60, t + 60_000)).allowed).toBe(true);
  });

  it('purges a spent marker by alarm a day after the invitation expires, and idle rate counters', async () => {
    const storage = memoryStorage();
    const ledger = new EnrollLedger({ storage });
    const exp = Date.now() + 3_600_000;
    expect((await ledger.fetch(new Request(`https://l/spend?until=${exp}`, { method: 'POST' }))).status).toBe(200);
    expect(storage.alarm).toBe(exp + SPENT_GRACE_MS);
    expect(storage.size()).toBe(1);
    await ledger.alarm();
    expect(storage.size()).toBe(0);

    const counters = memoryStorage();
    const limiter = new EnrollLedger({ storage: counters });
    await limiter.hit(3, 60, 5_000_000);
    await limiter.hit(3, 60, 5_010_000);
    expect(counters.alarm).toBe(5_000_000 + 120_000);
    await limiter.alarm();
    expect(counters.size()).toBe(0);

    const unknown = memoryStorage();
    await new EnrollLedger({ storage: unknown }).fetch(new Request('https://l/spend', { method: 'POST' }));
    expect(unknown.alarm).toBeUndefined(); // no expiry known: the marker is kept
  });
});
