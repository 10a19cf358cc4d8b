/**
 * Key aliases of keyChange (workers/acme/src/keychange.ts) with a memory store and a moving clock: what miniflare
 * cannot show in reasonable time (a claim abandoned for longer than the grace time, an account update that comes too
 * late) and the states a key's object can be in.
 */
import { describe, expect, it, vi } from 'vitest';
import { memoryStorage } from './memory-storage.ts';
import type { AcmeEnv } from '../../workers/acme/src/env.ts';
import {
  CLAIM_GRACE_MS,
  claimKey,
  type KeyedAccount,
  resolveKey,
  switchKey,
} from '../../workers/acme/src/keychange.ts';

describe('key aliases (unit, with a memory store and a moving clock)', () => {
  type Store = Parameters<typeof claimKey>[0];
  const memory = (): Store => memoryStorage() as unknown as Store;
  const accounts = new Map<string, KeyedAccount>();
  const env = {
    ACCOUNTS: {
      idFromName: (n: string) => n,
      get: (id: unknown) => ({
        fetch: async () => Response.json({ ok: true, value: accounts.get(String(id)) ?? null }),
      }),
    },
  } as unknown as AcmeEnv;
  const acct = (id: string, extra: Partial<KeyedAccount> = {}): KeyedAccount => {
    const a = { id, jwk: { kty: 'EC' }, tenantKid: 't', contact: [], status: 'valid', createdAt: '', ...extra };
    accounts.set(id, a as KeyedAccount);
    return a as KeyedAccount;
  };

  it('a claim blocks others for the grace time; abandoned, it resolves to nothing and may be taken', async () => {
    const now = vi.spyOn(Date, 'now');
    const t0 = 1_800_000_000_000;
    now.mockReturnValue(t0);
    const s = memory();
    const a = acct('A');
    acct('B');
    expect(await claimKey(s, env, 'K', 'A')).toEqual({ claimedAt: t0 });
    expect((await resolveKey(s, env, 'K')).state).toBe('pending');
    expect(await claimKey(s, env, 'K', 'B')).toEqual({ conflict: 'A' });
    expect(await claimKey(s, env, 'K', 'A')).toEqual({ claimedAt: t0 }); // the same account again: fine
    // The account update comes too late (past half the grace time): refused, nothing changed.
    now.mockReturnValue(t0 + CLAIM_GRACE_MS / 2 + 1);
    await expect(switchKey(memory(), a, { oldTp: 'A', newTp: 'K', jwk: {}, claimedAt: t0 })).rejects.toThrow(
      /took too long/,
    );
    now.mockReturnValue(t0 + CLAIM_GRACE_MS + 1);
    expect((await resolveKey(s, env, 'K')).state).toBe('none');
    expect(await claimKey(s, env, 'K', 'B')).toEqual({ claimedAt: t0 + CLAIM_GRACE_MS + 1 });
    now.mockRestore();
  });

  it('an alias whose account switched stays the account; one it moved on from is "replaced"', async () => {
    const s = memory();
    const c = acct('C');
    expect(await claimKey(s, env, 'K2', 'C')).toHaveProperty('claimedAt');
    const cs = memory();
    await cs.put('account', c);
    const switched = await switchKey(cs, c, {
      oldTp: 'C',
      newTp: 'K2',
      jwk: { kty: 'EC', crv: 'P-256' },
      claimedAt: Date.now(),
    });
    accounts.set('C', switched);
    expect(await resolveKey(s, env, 'K2')).toMatchObject({ state: 'account', account: { id: 'C' } });
    expect(await resolveKey(cs, env, 'C')).toMatchObject({ state: 'replaced' }); // the first key's own object
    await expect(switchKey(cs, switched, { oldTp: 'C', newTp: 'K3', jwk: {}, claimedAt: Date.now() })).rejects.toThrow(
      /changed meanwhile/,
    );
    accounts.set('C', { ...switched, keyThumbprint: 'K3', formerKeys: { C: c.jwk, K2: switched.jwk } });
    expect((await resolveKey(s, env, 'K2')).state).toBe('replaced');
    expect(await claimKey(s, env, 'K2', 'D')).toEqual({ conflict: 'C' });
  });
});
