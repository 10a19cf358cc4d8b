/**
 * The `AcmeAccount` Durable Object (binding `ACCOUNTS`): one object per ACME account, named by the account key's
 * RFC 7638 thumbprint (so newAccount and `kid` requests find it without an index). It holds the account, its
 * orders, their authorizations and challenges, and the issuance state of each order; its alarm drives issuance.
 * Accounts share nothing, so the load spreads over as many objects as there are accounts.
 *
 * @module
 */
import type { JWK } from 'jose';
import { type AcmeEnv, intSetting } from './env.ts';
import { type Engine, finalizeOrder, readOrder, runAlarm } from './finalize.ts';
import type { DoState } from './nonces.ts';
import { createOrder, finishChallenge, load, startChallenge } from './orders.ts';
import { AcmeProblem, type Identifier, type ProblemDocument } from './problems.ts';
import type { AccountRecord, AuthzRecord, OrderRecord, TenantSnapshot } from './records.ts';
import { coversNames } from './revoke.ts';
import { serveRpc } from './storage.ts';

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
  constructor(state: DoState, env: AcmeEnv) {
    this.#state = state;
    this.#engine = { storage: state.storage, env, inFlight: new Set() };
  }

  fetch(request: Request): Promise<Response> {
    const s = this.#state.storage;
    return serveRpc(request, {
      getAccount: async () => (await s.get<AccountRecord>('account')) ?? null,
      createAccount: (a: { id: string; jwk: JWK; tenantKid: string; contact: string[] }) => this.create(a),
      updateAccount: (a: { contact?: string[]; deactivate?: boolean }) => this.update(a),
      listOrders: async () => (await s.get<string[]>('orders')) ?? [],
      newOrder: async (a: { identifiers: Identifier[]; tenant: TenantSnapshot; replaces?: string }) => {
        await this.valid();
        const lifetime = intSetting('ORDER_LIFETIME_SECONDS', this.#engine.env.ORDER_LIFETIME_SECONDS, 604_800, 1);
        return createOrder(s, a.identifiers, a.tenant, lifetime * 1000, a.replaces);
      },
      getOrder: (a: { id: string }) => readOrder(this.#engine, a.id),
      coversNames: (a: { names: string[] }) => coversNames(s, a.names),
      getAuthz: (a: { id: string }) => load<AuthzRecord>(s, `authz:${a.id}`, 'authorization'),
      startChallenge: (a: { authzId: string; type: string }) => startChallenge(s, a.authzId, a.type),
      finishChallenge: (a: { authzId: string; type: string; error?: ProblemDocument }) =>
        finishChallenge(s, a.authzId, a.type, a.error),
      finalize: async (a: { id: string; csr: unknown }) => {
        await this.valid();
        return finalizeOrder(this.#engine, a.id, a.csr);
      },
      getCertificate: async (a: { id: string }) => {
        const o = await load<OrderRecord>(s, `order:${a.id}`, 'certificate');
        if (o.status !== 'valid' || !o.certPem)
          throw new AcmeProblem('malformed', 'No certificate for this order yet.');
        return o.certPem;
      },
    });
  }

  /** The alarm drives issuance (see `finalize.ts`). */
  async alarm(): Promise<void> {
    await runAlarm(this.#engine);
  }

  private async valid(): Promise<AccountRecord> {
    const a = await this.#state.storage.get<AccountRecord>('account');
    if (!a) throw new AcmeProblem('accountDoesNotExist', 'No account with this key.');
    if (a.status !== 'valid') throw new AcmeProblem('unauthorized', 'The account is deactivated.');
    return a;
  }

  private async create(a: { id: string; jwk: JWK; tenantKid: string; contact: string[] }): Promise<AccountRecord> {
    const existing = await this.#state.storage.get<AccountRecord>('account');
    if (existing) return existing;
    const record: AccountRecord = { ...a, status: 'valid', createdAt: new Date().toISOString() };
    await this.#state.storage.put('account', record);
    return record;
  }

  private async update(u: { contact?: string[]; deactivate?: boolean }): Promise<AccountRecord> {
    const a = await this.valid();
    if (u.contact) a.contact = u.contact;
    if (u.deactivate) a.status = 'deactivated';
    await this.#state.storage.put('account', a);
    return a;
  }
}
