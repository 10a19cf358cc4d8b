import { describe, expect, it } from 'vitest';
import { EnrollLedger, type LedgerStorage } from '../../workers/enroll/src/ledger.ts';

function memoryStorage(): LedgerStorage {
  const m = new Map<string, unknown>();
  return {
    get: async <T>(k: string) => structuredClone(m.get(k)) as T | undefined,
    put: async (k, v) => void m.set(k, structuredClone(v)),
    delete: async (k) => m.delete(k),
  };
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
});
