/**
 * Names → PVOrder (MSSL guide 8.10). At newOrder every identifier must be a DNS name under an approved domain of
 * the tenant (and match its patterns, if any), else `rejectedIdentifier`; IP identifiers are
 * `unsupportedIdentifier`; wildcards only where the product takes SANOptionType 13. At finalize the order's
 * `MSSLDomainID` is the domain of the CSR's common name (the first identifier, as ACME clients write CSRs); other
 * names under that domain are SANOptionType 2, names under another domain of the tenant 7, wildcards 13.
 *
 * @module
 */
import { type MsslTypes, msslProduct } from '../../../src/index.ts';
import { AcmeProblem, type Identifier, type Subproblem, sub } from './problems.ts';
import type { Tenant } from './tenant.ts';

/**
 * Most identifiers in one order.
 *
 * @example
 * ```ts
 * if (ids.length > MAX_IDENTIFIERS) throw new AcmeProblem('rejectedIdentifier', 'Too many names.');
 * ```
 */
export const MAX_IDENTIFIERS = 100;
const HOST = /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * Is `name` equal to or under `domain`?
 *
 * @example
 * ```ts
 * under('www.example.com', 'example.com'); // true
 * ```
 */
export const under = (name: string, domain: string): boolean => name === domain || name.endsWith(`.${domain}`);

/** The bare name of a wildcard (`*.a.b` → `a.b`). */
const bare = (name: string): string => (name.startsWith('*.') ? name.slice(2) : name);

/**
 * Products whose certificates take wildcard SANs (type 13) and wildcard common names (BaseOption wildcard).
 *
 * @example
 * ```ts
 * wildcardRules('PEV_SHA2'); // { san: false, commonName: false }
 * ```
 */
export function wildcardRules(productCode: string): { san: boolean; commonName: boolean } {
  const family = msslProduct(productCode)?.family;
  return {
    san: family === 'OrganizationSSL' || family === 'IntranetSSL' || family === 'CloudSSL',
    commonName: family === 'OrganizationSSL' || family === 'IntranetSSL',
  };
}

/**
 * The tenant domain a name falls under (the longest match), or `undefined`.
 *
 * @example
 * ```ts
 * domainOf(tenant, '*.shop.example.com')?.id; // the id of example.com (or of shop.example.com when the tenant has it)
 * ```
 */
export function domainOf(tenant: Pick<Tenant, 'domains'>, name: string): Tenant['domains'][number] | undefined {
  const b = bare(name);
  return [...tenant.domains].sort((x, y) => y.name.length - x.name.length).find((d) => under(b, d.name));
}

function refusal(tenant: Tenant, id: Identifier): Subproblem | undefined {
  if (id.type === 'ip' || IPV4.test(id.value) || id.value.includes(':')) {
    return sub('unsupportedIdentifier', 'IP address identifiers are not issued by this gateway.', id);
  }
  if (id.type !== 'dns') return sub('unsupportedIdentifier', `Identifier type ${id.type} is not supported.`, id);
  if (!HOST.test(id.value)) return sub('rejectedIdentifier', `${id.value} is not a valid DNS name.`, id);
  if (id.value.startsWith('*.') && !wildcardRules(tenant.productCode).san) {
    return sub('rejectedIdentifier', `${tenant.productCode} certificates take no wildcard names.`, id);
  }
  if (!domainOf(tenant, id.value)) {
    return sub('rejectedIdentifier', `${id.value} is not under a domain this account may use.`, id);
  }
  const p = tenant.patterns;
  const ok = p.length === 0 || p.some((x) => (x.startsWith('*.') ? id.value.endsWith(x.slice(1)) : id.value === x));
  return ok ? undefined : sub('rejectedIdentifier', `${id.value} does not match the names this account may use.`, id);
}

/**
 * Checks a newOrder's identifiers against a tenant; returns them normalised (lower case, no trailing dot, no
 * duplicates). Refusals carry one subproblem per refused identifier.
 *
 * @example
 * ```ts
 * const ids = checkIdentifiers(tenant, payload.identifiers);
 * ```
 */
export function checkIdentifiers(tenant: Tenant, identifiers: unknown): Identifier[] {
  if (!Array.isArray(identifiers) || identifiers.length === 0) {
    throw new AcmeProblem('malformed', 'newOrder needs a non-empty "identifiers" array.');
  }
  if (identifiers.length > MAX_IDENTIFIERS) {
    throw new AcmeProblem('rejectedIdentifier', `At most ${MAX_IDENTIFIERS} identifiers per order.`);
  }
  const seen = new Map<string, Identifier>();
  for (const x of identifiers as { type?: unknown; value?: unknown }[]) {
    if (typeof x?.type !== 'string' || typeof x.value !== 'string') {
      throw new AcmeProblem('malformed', 'Each identifier needs a "type" and a "value" string.');
    }
    const value = x.value.toLowerCase().replace(/\.$/, '');
    seen.set(`${x.type}:${value}`, { type: x.type, value });
  }
  const ids = [...seen.values()];
  const subs = ids.map((id) => refusal(tenant, id)).filter((s): s is Subproblem => s !== undefined);
  if (subs.length === 0) return ids;
  const unsupported = subs.every((s) => s.type.endsWith(':unsupportedIdentifier'));
  const first = subs[0]!;
  throw new AcmeProblem(
    unsupported ? 'unsupportedIdentifier' : 'rejectedIdentifier',
    subs.length === 1 ? first.detail : `${subs.length} identifiers cannot be ordered: see subproblems.`,
    subs,
  );
}

/** The name part of a PVOrder for a CSR whose common name is `cn`. */
export interface PvNames {
  readonly domainId: string;
  readonly baseOption?: 'wildcard';
  readonly sanEntries: readonly MsslTypes.MsslSANEntry[];
}

/**
 * Maps an order's names to MSSLDomainID, BaseOption and SANEntries; `badCSR` when the product cannot take them
 * with this common name.
 *
 * @example
 * ```ts
 * const n = pvNames(tenant, 'www.example.com', ['www.example.com', 'api.example.com', 'shop.example.net']);
 * n.sanEntries; // [{ SANOptionType: '2', SubjectAltName: 'api.example.com' }, { SANOptionType: '7', … }]
 * ```
 */
export function pvNames(tenant: Tenant, cn: string, names: readonly string[]): PvNames {
  const domain = domainOf(tenant, cn);
  if (!domain) throw new AcmeProblem('badCSR', `The CSR's common name ${cn} is not under a domain of this account.`);
  const wild = wildcardRules(tenant.productCode);
  if (cn.startsWith('*.') && !wild.commonName) {
    throw new AcmeProblem('badCSR', `${tenant.productCode} takes no wildcard common name: put a plain name first.`);
  }
  const sanEntries = names
    .filter((n) => n !== cn)
    .map((n): MsslTypes.MsslSANEntry => {
      if (n.startsWith('*.')) {
        if (!under(bare(n), domain.name)) {
          throw new AcmeProblem('badCSR', `The wildcard ${n} must be under ${domain.name}, the common name's domain.`);
        }
        return { SANOptionType: '13', SubjectAltName: n };
      }
      return { SANOptionType: under(n, domain.name) ? '2' : '7', SubjectAltName: n };
    });
  return { domainId: domain.id, ...(cn.startsWith('*.') ? { baseOption: 'wildcard' as const } : {}), sanEntries };
}
