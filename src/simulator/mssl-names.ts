/**
 * The name rules of MSSL orders in the simulator: the profile and domain an order may use, and its CN and SANs
 * (under the order's domain -4083, wildcard and IP rules per product, SAN types and counts -6017, -9444; guide 8.10).
 *
 * @module
 */
import { BASE_OPTIONS, MAX_SANS, type MsslProduct, SAN_OPTION_TYPES, SYNC_SAN_LIMIT } from '../services/products.ts';
import { domainCanIssue } from '../services/status.ts';
import type { HandlerContext } from './context.ts';
import { domainOf, HOST, IPV4, profileOf, under } from './dns.ts';
import type { MsslDomain, MsslOrder, MsslProfile } from './entities.ts';
import { SimApiError } from './sim-error.ts';

type Req = Record<string, unknown>;

const isPrivateIp = (ip: string): boolean => /^(10\.|127\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.)/.test(ip);

/** The profile and domain an order uses, checked (-9401, -9450, -9440, -9443; IntranetSSL private needs none). */
export function usableDomain(
  ctx: HandlerContext,
  r: Req,
  product: MsslProduct,
  p: Req,
): { profile: MsslProfile; domain: MsslDomain | undefined } {
  const profile = profileOf(ctx, r.MSSLProfileID);
  if (profile.status !== '3') throw new SimApiError('-9450', 'MSSLProfileID', 'the profile is not approved');
  const ev = product.family === 'ExtendedSSL';
  if (ev && profile.vettingLevel !== 'EV')
    throw new SimApiError('-9450', 'MSSLProfileID', 'EV orders need a profile with an EV vetting level');
  const privateIntranet = product.family === 'IntranetSSL' && String(p.BaseOption).toLowerCase() === 'private';
  if (privateIntranet && r.MSSLDomainID === 'INTRANETSSLDOMAIN') return { profile, domain: undefined };
  const domain = domainOf(ctx, r.MSSLDomainID, 'MSSLDomainID');
  if (domain.profileId !== profile.id)
    throw new SimApiError('-9443', 'MSSLDomainID', 'the domain is not in this profile');
  if (ev && domain.vettingLevel !== 'EV') throw new SimApiError('-9450', 'MSSLDomainID', 'EV orders need an EV domain');
  const expired = domain.expirationDate && domain.expirationDate.getTime() <= ctx.clock.now().getTime();
  if (!domainCanIssue(domain.status) || expired)
    throw new SimApiError(
      '-9443',
      'MSSLDomainID',
      expired ? 'the domain vetting has expired' : 'the domain is not approved',
    );
  return { profile, domain };
}

/** A SAN entry's value, checked against its type and the domain (guide 8.10). */
function checkSan(ctx: HandlerContext, type: string, value: string, domain: MsslDomain | undefined, at: string): void {
  const bare = value.startsWith('*.') ? value.slice(2) : value;
  if (type === '3' || type === '4') {
    if (type === '3' && (!IPV4.test(value) || isPrivateIp(value)))
      throw new SimApiError('-9444', at, 'type 3 takes a public IPv4 address');
    return;
  }
  if (!HOST.test(bare) || (value.includes('*') && type !== '13'))
    throw new SimApiError('-9444', at, `${value} is not supported for SAN type ${type}`);
  if (type === '13' && !value.startsWith('*.')) throw new SimApiError('-9444', at, 'type 13 takes *.name');
  if (type === '1' && !/^(owa|mail|autodiscover)\./.test(value))
    throw new SimApiError('-9444', at, 'UC SANs are owa., mail. or autodiscover. names');
  if (!domain) return;
  const ok =
    type === '7'
      ? ctx.state.msslDomains.byProfile(domain.profileId).some((d) => domainCanIssue(d.status) && under(bare, d.name))
      : under(bare, domain.name);
  if (!ok) throw new SimApiError('-4083', at, `${value} is not under an approved domain of the profile`);
}

/** CN and SAN rules of an order; returns the CN (lower case) and the SAN entries. */
export function checkNames(
  ctx: HandlerContext,
  r: Req,
  p: Req,
  param: string,
  product: MsslProduct,
  domain: MsslDomain | undefined,
  on: (option: string) => boolean,
  commonName: string,
): { cn: string; sanEntries: MsslOrder['sanEntries'] } {
  const cn = commonName.toLowerCase();
  const fam = product.family;
  const base = p.BaseOption === undefined ? undefined : String(p.BaseOption).toLowerCase();
  if (base !== undefined && !BASE_OPTIONS[base]?.includes(fam))
    throw new SimApiError('-101', `${param}.BaseOption`, `${base} is not available for ${fam}`);
  const wildcard = cn.startsWith('*.');
  const bare = wildcard ? cn.slice(2) : cn;
  if (wildcard && fam === 'ExtendedSSL')
    throw new SimApiError('-9444', 'CommonName', 'EV certificates take no wildcard');
  if (wildcard !== (base === 'wildcard'))
    throw new SimApiError('-105', `${param}.BaseOption`, 'a wildcard CN and BaseOption wildcard go together');
  if (IPV4.test(cn)) {
    if (base !== 'globalip' && base !== 'private')
      throw new SimApiError('-105', `${param}.BaseOption`, 'an IP address CN needs BaseOption globalip');
  } else if (!bare.includes('.') && fam !== 'IntranetSSL') {
    throw new SimApiError('-9971', 'CommonName', 'internal server names are not allowed in the CN');
  } else if (domain && !under(bare, domain.name)) {
    throw new SimApiError('-4083', 'CommonName', `${cn} is not ${domain.name} or a subdomain of it`);
  }
  const entries = (Array.isArray(r.SANEntries) ? r.SANEntries : []) as Req[];
  if (entries.length > MAX_SANS) throw new SimApiError('-6017', 'SANEntries', `at most ${MAX_SANS} SANEntry`);
  if (entries.length > SYNC_SAN_LIMIT && !on('ASYNC_ORDER'))
    throw new SimApiError('-105', 'SANEntries', `more than ${SYNC_SAN_LIMIT} SANs need ASYNC_ORDER`);
  if (entries.length && !on('SAN')) throw new SimApiError('-105', `${param}.Options`, 'SANEntries need the SAN option');
  const sanEntries = entries.map((e, i) => {
    const type = String(e.SANOptionType);
    if (!SAN_OPTION_TYPES[type]?.includes(fam))
      throw new SimApiError('-101', `SANEntries.${i}.SANOptionType`, `type ${type} is not available for ${fam}`);
    const value = String(e.SubjectAltName ?? '').toLowerCase();
    checkSan(ctx, type, value, domain, `SANEntries.${i}.SubjectAltName`);
    return { SANOptionType: type, SubjectAltName: value };
  });
  return { cn, sanEntries };
}
