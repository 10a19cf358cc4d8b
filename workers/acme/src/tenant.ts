/**
 * Tenants: what one set of EAB credentials may order. An administrator creates a tenant (MSSL profile, the MSSL
 * domains it may use, optional name patterns narrowing them, one product code and validity, allowed key types,
 * challenge policy) and receives the EAB key id and HMAC key. One `AcmeTenant` Durable Object per tenant, named by
 * its key id: EAB checks and newOrder read it; nothing else writes it.
 *
 * @module
 */
import { domainCanIssue, MsslClient, type MsslTypes, msslProduct } from '../../../src/index.ts';
import { type AcmeEnv, gsOptions } from './env.ts';
import type { DoState } from './nonces.ts';
import { AcmeProblem } from './problems.ts';
import { rpc, serveRpc } from './storage.ts';

/** Challenge policies a tenant may offer. */
export type ChallengePolicy = 'http-01' | 'dns-01' | 'pre-authorized';
/** Key types a tenant may allow in CSRs (RSA: 2048 bits or more). */
export type KeyType = 'RSA' | 'P-256' | 'P-384';

/** A tenant as stored. `hmacKey` never leaves the gateway except in the creation answer. */
export interface Tenant {
  readonly kid: string;
  readonly hmacKey: string;
  readonly profileId: string;
  readonly domains: readonly { readonly id: string; readonly name: string }[];
  /** `*.shop.example.com` (any name under it) or an exact name; empty: every name under the domains. */
  readonly patterns: readonly string[];
  readonly productCode: string;
  readonly months: number;
  readonly keyTypes: readonly KeyType[];
  readonly challenges: readonly ChallengePolicy[];
  readonly contact: MsslTypes.MsslContactInfo;
  readonly createdAt: string;
}

/** What the administrator sends. */
export interface TenantInput {
  readonly profileId?: unknown;
  readonly domainIds?: unknown;
  readonly patterns?: unknown;
  readonly productCode?: unknown;
  readonly months?: unknown;
  readonly keyTypes?: unknown;
  readonly challenges?: unknown;
  readonly contact?: unknown;
}

const bad = (detail: string): AcmeProblem => new AcmeProblem('malformed', detail);
const KEY_TYPES: readonly KeyType[] = ['RSA', 'P-256', 'P-384'];
const POLICIES: readonly ChallengePolicy[] = ['http-01', 'dns-01', 'pre-authorized'];

function strings(v: unknown, field: string, allowed?: readonly string[]): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === '')) {
    throw bad(`${field} must be an array of strings.`);
  }
  const bad1 = allowed ? v.find((x) => !allowed.includes(x as string)) : undefined;
  if (bad1 !== undefined) throw bad(`${field}: ${String(bad1)} is not one of ${allowed!.join(', ')}.`);
  return v as string[];
}

function contactOf(v: unknown): MsslTypes.MsslContactInfo {
  const c = (v ?? {}) as Record<string, unknown>;
  for (const k of ['FirstName', 'LastName', 'Phone', 'Email']) {
    if (typeof c[k] !== 'string' || c[k] === '') throw bad(`contact.${k} is required.`);
  }
  return {
    FirstName: String(c.FirstName),
    LastName: String(c.LastName),
    Phone: String(c.Phone),
    Email: String(c.Email),
  };
}

function productOf(v: unknown): string {
  const p = typeof v === 'string' ? msslProduct(v) : undefined;
  if (!p) throw bad('productCode must be an MSSL product code such as PV_SHA2.');
  if (p.deprecated) throw bad(`productCode ${p.code} is a deprecated SHA-1 code: use ${p.code}_SHA2.`);
  if (p.autoCsr) throw bad(`productCode ${p.code} has GlobalSign make the key; ACME clients send CSRs.`);
  return p.code;
}

/** Looks the domain ids up in the profile: each must exist there and be approved. */
async function domainsOf(env: AcmeEnv, profileId: string, ids: readonly string[]): Promise<Tenant['domains']> {
  const mssl = new MsslClient(gsOptions(env));
  const res = await mssl.getMsslDomains({ MSSLProfileID: profileId });
  const found = res.SearchMsslDomainDetails ?? [];
  return ids.map((id) => {
    const d = found.find((x) => x.MSSLDomainID === id);
    if (!d) throw bad(`domainIds: ${id} is not a domain of profile ${profileId}.`);
    if (d.MSSLDomainStatus !== undefined && !domainCanIssue(d.MSSLDomainStatus)) {
      throw bad(`domainIds: ${id} (${d.MSSLDomainName}) is not approved for issuance.`);
    }
    return { id, name: d.MSSLDomainName.toLowerCase() };
  });
}

function b64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * Checks an administrator's input, resolves the domains at GlobalSign, stores the tenant and returns it (with its
 * EAB credentials).
 *
 * @example
 * ```ts
 * const t = await createTenant(env, { profileId, domainIds: [domainId], productCode: 'PV_SHA2', months: 12,
 *   challenges: ['http-01'], contact });
 * ```
 */
export async function createTenant(env: AcmeEnv, input: TenantInput): Promise<Tenant> {
  if (typeof input.profileId !== 'string' || !input.profileId) throw bad('profileId is required.');
  const ids = strings(input.domainIds, 'domainIds');
  if (ids.length === 0) throw bad('domainIds needs at least one MSSL domain id.');
  const months = Number(input.months ?? 12);
  if (!Number.isInteger(months) || months < 1 || months > 60) throw bad('months must be a whole number of months.');
  const tenant: Tenant = {
    kid: `t_${b64url(crypto.getRandomValues(new Uint8Array(12)))}`,
    hmacKey: b64url(crypto.getRandomValues(new Uint8Array(32))),
    profileId: input.profileId,
    productCode: productOf(input.productCode),
    months,
    patterns: input.patterns === undefined ? [] : strings(input.patterns, 'patterns').map((p) => p.toLowerCase()),
    keyTypes: (input.keyTypes === undefined ? KEY_TYPES : strings(input.keyTypes, 'keyTypes', KEY_TYPES)) as KeyType[],
    challenges: strings(input.challenges ?? ['http-01', 'dns-01'], 'challenges', POLICIES) as ChallengePolicy[],
    contact: contactOf(input.contact),
    domains: await domainsOf(env, input.profileId, ids),
    createdAt: new Date().toISOString(),
  };
  await rpc(env.TENANTS, tenant.kid, 'create', tenant);
  return tenant;
}

/**
 * The tenant of EAB key id `kid`, or `null`.
 *
 * @example
 * ```ts
 * const tenant = await getTenant(env, kid);
 * ```
 */
export function getTenant(env: AcmeEnv, kid: string): Promise<Tenant | null> {
  if (!/^t_[A-Za-z0-9_-]{16}$/.test(kid)) return Promise.resolve(null);
  return rpc<Tenant | null>(env.TENANTS, kid, 'get', {});
}

/**
 * Durable Object class `AcmeTenant` (binding `TENANTS`): one tenant per object.
 *
 * @example
 * ```ts
 * const tenant = await rpc<Tenant | null>(env.TENANTS, kid, 'get', {});
 * ```
 */
export class AcmeTenant {
  readonly #state: DoState;
  constructor(state: DoState) {
    this.#state = state;
  }

  fetch(request: Request): Promise<Response> {
    return serveRpc(request, {
      create: async (t: Tenant) => {
        if (await this.#state.storage.get('tenant')) throw bad('A tenant with this key id exists.');
        await this.#state.storage.put('tenant', t);
      },
      get: async () => (await this.#state.storage.get<Tenant>('tenant')) ?? null,
    });
  }
}
