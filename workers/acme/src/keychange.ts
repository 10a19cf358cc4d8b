/**
 * Account key rollover (RFC 8555 section 7.3.5). The account keeps its id and URL (the thumbprint of its first
 * key, which also names its `AcmeAccount` object); the new key is stored in the account, and the object named by
 * the new key's thumbprint gets an **alias** `{ account, at }` so that newAccount with the new key finds the
 * account. An alias counts only while the account's current key is that key, so one left behind by a crash between
 * the two writes (alias, then account) resolves to nothing. A fresh alias (under {@link CLAIM_GRACE_MS}) blocks
 * other accounts even before the account is updated: of two keyChanges racing to one new key exactly one wins, and
 * the winner's account update is refused past half that time (then it simply retries).
 *
 * A replaced key (the account's first key, whose object still holds the account, or one listed in the account's
 * `formerKeys`) is refused with `unauthorized` for newAccount and for `kid` requests.
 *
 * @module
 */
import type { JWK } from 'jose';
import type { AcmeEnv } from './env.ts';
import { checkKey, parseJws, publicJwk, thumbprint, type VerifiedRequest, verifyJws } from './jws.ts';
import type { DoState } from './nonces.ts';
import { AcmeProblem } from './problems.ts';
import type { AccountRecord } from './records.ts';
import { rpc } from './storage.ts';
import { urls } from './views.ts';

type Storage = DoState['storage'];

/** How long a claimed alias blocks other accounts before its account has switched to the key. */
export const CLAIM_GRACE_MS = 60_000;
/** How many replaced keys an account remembers (to refuse them clearly). */
const FORMER_KEYS = 10;

/** An account as stored: its current key's thumbprint once it changed, and the keys it replaced. */
export type KeyedAccount = AccountRecord & {
  readonly keyThumbprint?: string;
  readonly formerKeys?: Readonly<Record<string, JWK>>;
};

/** What a key thumbprint leads to. */
export type KeyLookup =
  | { readonly state: 'none' }
  | { readonly state: 'account' | 'replaced' | 'pending'; readonly account: KeyedAccount };

interface Alias {
  readonly account: string;
  readonly at: number;
}

/**
 * The thumbprint of an account's current key.
 *
 * @example
 * ```ts
 * currentThumbprint(account) === (await thumbprint(jwk)); // the key in use
 * ```
 */
export function currentThumbprint(a: KeyedAccount): string {
  return a.keyThumbprint ?? a.id;
}

/**
 * Inside the object named `tp`: the account this key belongs to (`account`), the account that replaced it
 * (`replaced`), an account switching to it right now (`pending`), or `none`.
 *
 * @example
 * ```ts
 * const found = await resolveKey(storage, env, tp);
 * ```
 */
export async function resolveKey(s: Storage, env: AcmeEnv, tp: string): Promise<KeyLookup> {
  const own = await s.get<KeyedAccount>('account');
  if (own) return { state: currentThumbprint(own) === tp ? 'account' : 'replaced', account: own };
  const alias = await s.get<Alias>('alias');
  if (!alias) return { state: 'none' };
  const target = await rpc<KeyedAccount | null>(env.ACCOUNTS, alias.account, 'getAccount', {});
  if (!target) return { state: 'none' };
  if (currentThumbprint(target) === tp) return { state: 'account', account: target };
  if (target.formerKeys?.[tp]) return { state: 'replaced', account: target };
  if (Date.now() - alias.at < CLAIM_GRACE_MS) return { state: 'pending', account: target };
  return { state: 'none' };
}

/**
 * Inside the object named `tp`: claims the key for `account` (writes the alias). Answers `{ claimedAt }`, or
 * `{ conflict }` naming the account that holds or is taking the key.
 *
 * @example
 * ```ts
 * const c = await claimKey(storage, env, newTp, accountId);
 * ```
 */
export async function claimKey(
  s: Storage,
  env: AcmeEnv,
  tp: string,
  account: string,
): Promise<{ claimedAt: number } | { conflict: string }> {
  const before = await s.get<Alias>('alias');
  const found = await resolveKey(s, env, tp);
  if (found.state !== 'none' && found.account.id !== account) return { conflict: found.account.id };
  if ((await s.get<KeyedAccount>('account'))?.id === account) return { claimedAt: Date.now() };
  // resolveKey may have called another object: the alias must still be the one it judged.
  const now = await s.get<Alias>('alias');
  if (now?.account !== before?.account || now?.at !== before?.at) return { conflict: now?.account ?? account };
  const claimedAt = Date.now();
  await s.put('alias', { account, at: claimedAt } satisfies Alias);
  return { claimedAt };
}

/**
 * Inside the account's object: switches the account to `jwk` if its key is still `oldTp` and the claim is recent.
 *
 * @example
 * ```ts
 * const updated = await switchKey(storage, { oldTp, newTp, jwk, claimedAt });
 * ```
 */
export async function switchKey(
  s: Storage,
  a: KeyedAccount,
  c: { oldTp: string; newTp: string; jwk: JWK; claimedAt: number },
): Promise<KeyedAccount> {
  if (currentThumbprint(a) !== c.oldTp) {
    throw new AcmeProblem('unauthorized', 'The account key changed meanwhile; sign with the current key.');
  }
  if (Date.now() > c.claimedAt + CLAIM_GRACE_MS / 2) {
    throw new AcmeProblem('serverInternal', 'The key change took too long; send it again.');
  }
  const former: Record<string, JWK> = { ...a.formerKeys, [c.oldTp]: a.jwk };
  delete former[c.newTp];
  const kept = Object.entries(former).slice(-FORMER_KEYS);
  const updated: KeyedAccount = { ...a, jwk: c.jwk, keyThumbprint: c.newTp, formerKeys: Object.fromEntries(kept) };
  await s.put('account', updated);
  return updated;
}

/**
 * Verifies a `kid` request against the account's key; a signature by one of its replaced keys is `unauthorized`
 * saying so.
 *
 * @example
 * ```ts
 * const req = await verifyAccountJws(account, jws, header);
 * ```
 */
export async function verifyAccountJws(
  a: KeyedAccount,
  jws: Parameters<typeof verifyJws>[0],
  header: Parameters<typeof verifyJws>[1],
): Promise<VerifiedRequest> {
  try {
    return await verifyJws(jws, header, a.jwk);
  } catch (e) {
    for (const old of Object.values(a.formerKeys ?? {})) {
      const signedByOld = await verifyJws(jws, header, old).catch(() => undefined);
      if (signedByOld) {
        throw new AcmeProblem('unauthorized', 'This key was replaced by a key change; sign with the new key.');
      }
    }
    throw e;
  }
}

function innerJws(payload: Record<string, unknown> | undefined): ReturnType<typeof parseJws> {
  if (!payload || typeof payload.protected !== 'string') {
    throw new AcmeProblem('malformed', 'keyChange carries a JWS signed by the new key as its payload.');
  }
  const inner = parseJws(JSON.stringify(payload));
  if (!inner.header.jwk || inner.header.kid !== undefined) {
    throw new AcmeProblem('malformed', 'The inner JWS of keyChange must carry "jwk" (the new key), not "kid".');
  }
  if ('nonce' in inner.header) throw new AcmeProblem('malformed', 'The inner JWS of keyChange must not carry "nonce".');
  return inner;
}

/**
 * keyChange: checks the inner JWS (RFC 8555 section 7.3.5), claims the new key, switches the account to it.
 *
 * @example
 * ```ts
 * return keyChange(env, base, account, req); // 200 with the account, or 409 + Location of the key's account
 * ```
 */
export async function keyChange(
  env: AcmeEnv,
  base: string,
  account: KeyedAccount,
  req: VerifiedRequest,
): Promise<{ account: KeyedAccount; location: string }> {
  const { jws, header } = innerJws(req.payload);
  if (header.url !== req.header.url) {
    throw new AcmeProblem('unauthorized', 'The inner JWS "url" must be the keyChange URL, as the outer one.');
  }
  const jwk = publicJwk(header.jwk as JWK);
  checkKey(jwk);
  const inner = await verifyJws(jws, header, jwk).catch(() => {
    throw new AcmeProblem('malformed', 'The inner JWS signature does not verify with its "jwk" (the new key).');
  });
  const p = inner.payload ?? {};
  const me = urls(base).account(account.id);
  if (p.account !== me || req.header.kid !== me) {
    throw new AcmeProblem('unauthorized', 'keyChange "account" must be the URL of the account signing the request.');
  }
  const oldTp = currentThumbprint(account);
  const given = p.oldKey && typeof p.oldKey === 'object' ? await thumbprint(p.oldKey as JWK).catch(() => '') : '';
  if (given !== oldTp) throw new AcmeProblem('unauthorized', 'keyChange "oldKey" is not the current account key.');
  const newTp = await thumbprint(jwk);
  if (newTp === oldTp) throw new AcmeProblem('malformed', 'The new key is the current account key.');
  const claim = await rpc<{ claimedAt: number } | { conflict: string }>(env.ACCOUNTS, newTp, 'claimKey', {
    account: account.id,
  });
  if ('conflict' in claim) {
    throw new AcmeProblem('conflict', 'The new key is the key of another account.', [], {
      location: urls(base).account(claim.conflict),
    });
  }
  const updated = await rpc<KeyedAccount>(env.ACCOUNTS, account.id, 'changeKey', {
    oldTp,
    newTp,
    jwk,
    claimedAt: claim.claimedAt,
  });
  return { account: updated, location: me };
}
