/**
 * The `AcmeAccount` Durable Object (binding `ACCOUNTS`): one object per ACME account, named by the account key's
 * RFC 7638 thumbprint (so newAccount and `kid` requests find it without an index). It holds the account, its
 * orders, their authorizations and challenges, and the issuance state of each order; its alarm drives issuance.
 * Accounts share nothing, so the load spreads over as many objects as there are accounts.
 *
 * @module
 */
import type { FlattenedJWSInput, JWK } from 'jose';
import { type RateWindow, slidingWindowHit } from '../../shared/index.ts';
import { cancelPendingOrders, deactivateAuthz, ordersPage } from './deactivate.ts';
import { type AcmeEnv, intSetting } from './env.ts';
import { type Engine, finalizeOrder, readOrder, runAlarm } from './finalize.ts';
import type { AcmeHeader, VerifiedRequest } from './jws.ts';
import { claimKey, type KeyedAccount, resolveKey, switchKey, verifyAccountJws } from './keychange.ts';
import { limitsOf } from './limits.ts';
import type { DoState } from './nonces.ts';
import { createOrder, finishChallenge, load, readAuthz, startChallenge } from './orders.ts';
import { AcmeProblem, type Identifier, type ProblemDocument } from './problems.ts';
import type { AccountRecord, OrderRecord, PreRead, TenantSnapshot } from './records.ts';
import { coversNames } from './revoke.ts';
import { type RpcHandlers, serveRpc } from './storage.ts';

/** A `kid` request to authenticate, and the read of a POST-as-GET (see `handlePost`). */
interface AuthArgs {
  readonly jws: FlattenedJWSInput;
  readonly header: AcmeHeader;
  readonly newOrder: boolean;
  readonly read?: PreRead;
}

/**
 * Durable Object class `AcmeAccount`.
 *
 * @example
 * ```ts
 * const stub = env.ACCOUNTS.get(env.ACCOUNTS.idFromName(thumbprint)); // then rpc(env.ACCOUNTS, thumbprint, 'getOrder', { id })
 * ```
 */
export class AcmeAccount {
  readonly #state: DoState;
  readonly #engine: Engine;
  /** Rate-limit counters of this account (see `authenticate`). */
  readonly #rates = new Map<string, RateWindow>();
  constructor(state: DoState, env: AcmeEnv) {
    this.#state = state;
    this.#engine = { storage: state.storage, env, inFlight: new Set() };
  }

  fetch(request: Request): Promise<Response> {
    return serveRpc(request, this.handlers());
  }

  /** The operations of this object (`rpc` names them). */
  private handlers() {
    const s = this.#state.storage;
    return {
      getAccount: async () => (await s.get<AccountRecord>('account')) ?? null,
      authenticate: (a: AuthArgs) => this.authenticate(a),
      lookupKey: (a: { tp: string }) => resolveKey(s, this.#engine.env, a.tp),
      claimKey: (a: { tp: string; account: string }) => claimKey(s, this.#engine.env, a.tp, a.account),
      changeKey: async (a: { oldTp: string; newTp: string; jwk: JWK; claimedAt: number }) =>
        switchKey(s, await this.valid(), a),
      createAccount: (a: { id: string; jwk: JWK; tenantKid: string; contact: string[] }) => this.create(a),
      updateAccount: (a: { contact?: string[]; deactivate?: boolean }) => this.update(a),
      listOrders: async () => (await s.get<string[]>('orders')) ?? [],
      ordersPage: (a: { cursor: number; limit: number }) => ordersPage(s, a.cursor, a.limit),
      deactivateAuthz: (a: { id: string }) => deactivateAuthz(s, a.id),
      newOrder: async (a: { identifiers: Identifier[]; tenant: TenantSnapshot; replaces?: string }) => {
        await this.valid();
        const lifetime = intSetting('ORDER_LIFETIME_SECONDS', this.#engine.env.ORDER_LIFETIME_SECONDS, 604_800, 1);
        return createOrder(s, a.identifiers, a.tenant, lifetime * 1000, a.replaces);
      },
      getOrder: (a: { id: string }) => readOrder(this.#engine, a.id),
      coversNames: (a: { names: string[] }) => coversNames(s, a.names),
      getAuthz: (a: { id: string }) => readAuthz(s, a.id),
      startChallenge: (a: { authzId: string; type: string }) => startChallenge(s, a.authzId, a.type),
      finishChallenge: (a: { authzId: string; type: string; error?: ProblemDocument }) =>
        finishChallenge(s, a.authzId, a.type, a.error),
      finalize: async (a: { id: string; csr: unknown }) => {
        await this.valid();
        return finalizeOrder(this.#engine, a.id, a.csr);
      },
      getCertificate: (a: { id: string }) => this.certificate(a.id),
    } satisfies RpcHandlers;
  }

  /** The alarm drives issuance (see `finalize.ts`). */
  async alarm(): Promise<void> {
    await runAlarm(this.#engine);
  }

  /**
   * A `kid` request: verifies its signature with the account key and counts it against the account's rate limits
   * (`RATE_LIMIT_ACCOUNT`, and `RATE_LIMIT_NEW_ORDERS` for newOrder). Only verified requests count, so nobody but
   * the key holder can spend the account's budget. `retryAfter` is set when a limit is reached. The counters live
   * in this object's memory (no storage write per request); an evicted object starts them again from zero. A
   * POST-as-GET's `read` runs right after, for a valid account within its limits (its answer or its problem).
   */
  private async authenticate(a: AuthArgs): Promise<{
    account: KeyedAccount;
    req: VerifiedRequest;
    retryAfter?: number;
    limit?: string;
    read?: { value?: unknown; problem?: ProblemDocument; headers?: Readonly<Record<string, string>> };
  } | null> {
    const s = this.#state.storage;
    const account = await s.get<KeyedAccount>('account');
    if (!account) return null;
    const req = await verifyAccountJws(account, a.jws, a.header);
    const l = limitsOf(this.#engine.env);
    const buckets: ['account' | 'newOrder', number][] = [['account', l.rateAccount]];
    if (a.newOrder) buckets.push(['newOrder', l.rateNewOrders]);
    const now = Date.now();
    const hits = buckets.map(([key, limit]) => ({
      key,
      hit: slidingWindowHit(this.#rates.get(key), now, limit, l.windowSeconds),
    }));
    const refused = hits.find((h) => !h.hit.allowed);
    if (refused) return { account, req, retryAfter: refused.hit.retryAfter, limit: refused.key };
    for (const h of hits) this.#rates.set(h.key, h.hit.state);
    if (!a.read || account.status !== 'valid') return { account, req };
    try {
      return { account, req, read: { value: (await this.preRead(a.read)) ?? null } };
    } catch (e) {
      if (e instanceof AcmeProblem) return { account, req, read: { problem: e.toJSON(), headers: e.headers } };
      throw e;
    }
  }

  /** The reads a POST-as-GET may ask for with its authentication: the operations of the same names. */
  private preRead(r: PreRead): Promise<unknown> {
    const h = this.handlers();
    switch (r.op) {
      case 'getOrder':
      case 'getAuthz':
      case 'getCertificate':
        return h[r.op]({ id: String(r.args.id) });
      case 'ordersPage':
        return h.ordersPage({ cursor: Number(r.args.cursor), limit: Number(r.args.limit) });
      default:
        throw new AcmeProblem('malformed', 'No such read.');
    }
  }

  private async certificate(id: string): Promise<string> {
    const o = await load<OrderRecord>(this.#state.storage, `order:${id}`, 'certificate');
    if (o.status !== 'valid' || !o.certPem) throw new AcmeProblem('malformed', 'No certificate for this order yet.');
    return o.certPem;
  }

  private async valid(): Promise<AccountRecord> {
    const a = await this.#state.storage.get<AccountRecord>('account');
    if (!a) throw new AcmeProblem('accountDoesNotExist', 'No account with this key.');
    if (a.status !== 'valid') throw new AcmeProblem('unauthorized', 'The account is deactivated.');
    return a;
  }

  private async create(a: { id: string; jwk: JWK; tenantKid: string; contact: string[] }): Promise<AccountRecord> {
    const s = this.#state.storage;
    const existing = await s.get<AccountRecord>('account');
    if (existing) return existing;
    const alias = await s.get<{ account: string; at: number }>('alias');
    if (alias) {
      // The key may belong to an account that switched to it (keyChange): only a dangling alias gives way.
      const found = await resolveKey(s, this.#engine.env, a.id);
      const now = await s.get<{ account: string; at: number }>('alias');
      if (found.state !== 'none' || now?.at !== alias.at || (await s.get('account'))) {
        throw new AcmeProblem('conflict', 'This key is being taken by a key change of another account; retry.');
      }
      await s.delete('alias');
    }
    const record: AccountRecord = { ...a, status: 'valid', createdAt: new Date().toISOString() };
    await s.put('account', record);
    return record;
  }

  private async update(u: { contact?: string[]; deactivate?: boolean }): Promise<AccountRecord> {
    const a = await this.valid();
    if (u.contact) a.contact = u.contact;
    if (u.deactivate) a.status = 'deactivated';
    await this.#state.storage.put('account', a);
    if (u.deactivate) await cancelPendingOrders(this.#state.storage);
    return a;
  }
}
