/**
 * MSSL domains in the simulator: the in-memory "DNS" (TXT records) and "web" (files by URL) that VerifyMsslDomain
 * checks, the domain lifecycle (AddDomainToProfile, AddMSSLDomain, VerifyMsslDomain, RenewalDomain,
 * ModifyMSSLDomain, GetDomains, GetMSSLDomains, GetDomainApproverList). The name rules orders obey are in
 * mssl-names.ts.
 *
 * @module
 */
import type { Handler, HandlerContext } from './context.ts';
import type { MsslDomain, MsslProfile } from './entities.ts';
import { QUERY_CAP, rangeOf } from './mssl-values.ts';
import { SimApiError } from './sim-error.ts';

type Req = Record<string, unknown>;
const DAY = 86_400_000;
/** A host name (labels of letters, digits, `-` and `_`, a letter-led TLD). */
export const HOST: RegExp = /^([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$/;
/** A dotted IPv4 address. */
export const IPV4: RegExp = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
/** Domain vetting validity in days by level (guide 4.2.1; EV: 13 months). */
const DOMAIN_DAYS: Readonly<Record<MsslDomain['vettingLevel'], number>> = { OV: 825, CLOUDSSL: 365, EV: 398 };
const APPROVERS = ['admin', 'administrator', 'hostmaster', 'postmaster', 'webmaster'];

/** The TXT record value and the HTML meta tag that prove control of a domain with `code`. */
const dnsTxtOf = (code: string): string => `_globalsign-domain-verification=${code}`;
/** The meta tag (or gsdv.txt content) for `code`. */
const metaTagOf = (code: string): string => `<meta name="globalsign-domain-verification" content="${code}" />`;

/** `name` is `domain` or below it. */
export const under = (name: string, domain: string): boolean => name === domain || name.endsWith(`.${domain}`);

function newCode(ctx: HandlerContext): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return Array.from(ctx.crypto.getRandomValues(new Uint8Array(32)), (b) => alphabet[b & 63]).join('');
}

/** The caller's profile (-9401). */
export function profileOf(ctx: HandlerContext, id: unknown, field = 'MSSLProfileID'): MsslProfile {
  const p = ctx.state.msslProfiles.get(String(id ?? ''));
  if (!p || p.owner !== ctx.account.username) throw new SimApiError('-9401', field, 'No profile was found');
  return p;
}

/** The caller's domain (-9440 unknown, `denied` code when another account's). */
export function domainOf(ctx: HandlerContext, id: unknown, field: string, denied = '-9443'): MsslDomain {
  const d = ctx.state.msslDomains.get(String(id ?? ''));
  if (!d) throw new SimApiError('-9440', field, 'No domain was found using the supplied MSSLDomainID');
  if (d.owner !== ctx.account.username) throw new SimApiError(denied, field, 'no access to this MSSLDomainID');
  return d;
}

/** Checks the published validation code at `tag` (DNS name or http(s) URL of gsdv.txt); -101 when absent. */
function verify(ctx: HandlerContext, d: MsslDomain, type: string, tagLocation: unknown): void {
  const mssl = ctx.state;
  const tag = String(tagLocation ?? '')
    .trim()
    .toLowerCase()
    .replace(/\.$/, '');
  if (type === 'DNS') {
    if (!under(d.name, tag) || !tag.includes('.'))
      throw new SimApiError('-101', 'TagLocation', `${tag} is not an authorization domain name of ${d.name}`);
    if (!(mssl.dnsTxt.get(tag) ?? []).some((v) => v.includes(d.code)))
      throw new SimApiError('-101', 'TagLocation', `no TXT record at ${tag} holds the validation code`);
    return;
  }
  let url: URL;
  try {
    url = new URL(String(tagLocation));
  } catch {
    throw new SimApiError('-101', 'TagLocation', 'TagLocation must be an http(s) URL');
  }
  const bare = d.name.replace(/^\*\./, '');
  if (
    !/^https?:$/.test(url.protocol) ||
    !under(bare, url.hostname) ||
    url.pathname !== '/.well-known/pki-validation/gsdv.txt'
  )
    throw new SimApiError('-101', 'TagLocation', `${url.href} is not a valid approver URL for ${d.name}`);
  const body = mssl.web.get(url.href) ?? mssl.web.get(String(tagLocation));
  if (!body?.includes(d.code)) throw new SimApiError('-101', 'TagLocation', `${url.href} does not hold the code`);
}

/** Marks a domain approved now (verification or an approver's click). */
export function approve(ctx: Pick<HandlerContext, 'clock' | 'state'>, d: MsslDomain): void {
  const now = ctx.clock.stamp();
  d.status = '3';
  d.validationDate = now;
  d.expirationDate = new Date(now.getTime() + DOMAIN_DAYS[d.vettingLevel] * DAY);
  d.updated = now;
  ctx.state.msslDomains.put(d);
}

const level = (v: unknown): MsslDomain['vettingLevel'] => {
  const l = String(v).toUpperCase();
  if (l !== 'OV' && l !== 'EV' && l !== 'CLOUDSSL') throw new SimApiError('-101', 'VettingLevel', 'OV, EV or CLOUDSSL');
  return l;
};
const vettingType = (v: unknown, allowed = ['EMAIL', 'HTTP', 'DNS']): MsslDomain['vettingType'] => {
  const t = String(v).toUpperCase();
  if (!allowed.includes(t)) throw new SimApiError('-101', 'VettingType', allowed.join(', '));
  return t as MsslDomain['vettingType'];
};

/** EMAIL vetting: the DomainID from GetDomainApproverList and an approver of its list. */
function checkEmailVetting(ctx: HandlerContext, r: Req, name: string, needsId: boolean): void {
  const fqdn = ctx.state.approverIds.get(String(r.DomainID ?? ''));
  if (needsId && (!fqdn || !under(fqdn, name)))
    throw new SimApiError('-101', 'DomainID', 'use the DomainID GetDomainApproverList returned for this domain');
  const email = String(r.ApproverEmail ?? '').toLowerCase();
  const [user, host] = email.split('@');
  if (!APPROVERS.includes(user ?? '') || !host || !under(name, host))
    throw new SimApiError('-101', 'ApproverEmail', 'not an approver address of the domain');
}

function addDomain(
  ctx: HandlerContext,
  r: Req,
  lvl: MsslDomain['vettingLevel'],
  type: MsslDomain['vettingType'],
  strictLevel: boolean,
): { body: Req } {
  const profile = profileOf(ctx, r.MSSLProfileID);
  if (profile.status === '5' || profile.status === '6')
    throw new SimApiError('-9404', 'MSSLProfileID', 'no permission to add a domain to this profile');
  if (strictLevel && (lvl === 'EV') !== (profile.vettingLevel === 'EV'))
    throw new SimApiError('-9445', 'VettingLevel', 'the vetting level of the profile and the domain differ');
  const name = String(r.DomainName ?? '')
    .trim()
    .toLowerCase();
  if (!HOST.test(name)) throw new SimApiError('-9444', 'DomainName', `${name} is not supported`);
  const mssl = ctx.state;
  const dup = mssl.msslDomains.byProfile(profile.id).some((d) => d.name === name && !['5', '6'].includes(d.status));
  if (dup) throw new SimApiError('-9406', 'DomainName', 'the DomainName already exists for the MSSLProfileID');
  if (type === 'EMAIL' && !strictLevel) checkEmailVetting(ctx, r, name, true);
  const now = ctx.clock.stamp();
  const d: MsslDomain = {
    id: ctx.state.nextId('DSMS'),
    owner: ctx.account.username,
    profileId: profile.id,
    name,
    vettingLevel: lvl,
    vettingType: type,
    status: '1',
    orderDate: now,
    updated: now,
    code: newCode(ctx),
    ...(type === 'EMAIL' ? { approverEmail: String(r.ApproverEmail).toLowerCase() } : {}),
    ...(r.ContactInfo ? { contact: r.ContactInfo as Req } : {}),
  };
  mssl.msslDomains.put(d);
  if (strictLevel) return { body: { MSSLDomainID: d.id } };
  return { body: { MSSLDomainID: d.id, MetaTag: metaTagOf(d.code), DnsTXT: dnsTxtOf(d.code) } };
}

const addDomainToProfile: Handler = (ctx, r) => {
  const lvl = level(r.VettingLevel);
  if (lvl === 'EV') throw new SimApiError('-101', 'VettingLevel', 'EV domains are added with AddMSSLDomain');
  return addDomain(ctx, r, lvl, vettingType(r.VettingType), false);
};

const verifyDomain: Handler = (ctx, r) => {
  const d = domainOf(ctx, r.DomainID, 'DomainID');
  const type = vettingType(r.VettingType, ['HTTP', 'DNS']);
  if (['5', '6'].includes(d.status)) throw new SimApiError('-9938', 'DomainID', 'the domain was cancelled');
  verify(ctx, d, type, r.TagLocation);
  d.vettingType = type;
  approve(ctx, d);
  return { body: { DomainID: d.id } };
};

const renewalDomain: Handler = (ctx, r) => {
  const d = domainOf(ctx, r.DomainID, 'DomainID');
  if (profileOf(ctx, r.MSSLProfileID).id !== d.profileId)
    throw new SimApiError('-9401', 'MSSLProfileID', 'the domain is not in this profile');
  if (level(r.VettingLevel) !== d.vettingLevel)
    throw new SimApiError('-9445', 'VettingLevel', 'the vetting level differs from the domain');
  const type = vettingType(r.VettingType);
  if (d.status !== '3') throw new SimApiError('-9938', 'DomainID', 'only approved domains can be renewed');
  if (type === 'EMAIL') checkEmailVetting(ctx, r, d.name, false);
  d.vettingType = type;
  d.code = newCode(ctx);
  d.status = type === 'EMAIL' ? '7' : type === 'DNS' ? '9' : '10';
  d.updated = ctx.clock.stamp();
  ctx.state.msslDomains.put(d);
  return { body: { MSSLDomainID: d.id, MetaTag: metaTagOf(d.code), DnsTXT: dnsTxtOf(d.code) } };
};

const modifyDomain: Handler = (ctx, r) => {
  const d = domainOf(ctx, r.MSSLDomainID, 'MSSLDomainID', '-9442');
  const op = String(r.ModifyDomainOperation).toUpperCase();
  if (op !== 'CANCEL' && op !== 'DELETE') throw new SimApiError('-101', 'ModifyDomainOperation', 'CANCEL or DELETE');
  if (d.status === '5' || d.status === '6') throw new SimApiError('-9938', 'MSSLDomainID', 'already cancelled');
  d.status = op === 'CANCEL' ? '5' : '6';
  d.deleteDate = d.updated = ctx.clock.stamp();
  ctx.state.msslDomains.put(d);
  return { body: {} };
};

const approverList: Handler = (ctx, r) => {
  const fqdn = String(r.FQDN ?? '')
    .trim()
    .toLowerCase()
    .replace(/^\*\./, '');
  if (!HOST.test(fqdn)) throw new SimApiError('-9444', 'FQDN', `${fqdn} is not supported`);
  const labels = fqdn.split('.');
  const hosts = labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'));
  const id = ctx.state.nextId('DA');
  ctx.state.approverIds.set(id, fqdn);
  const Approvers = hosts.flatMap((h) =>
    APPROVERS.map((u) => ({ ApproverType: 'Domain', ApproverEmail: `${u}@${h}` })),
  );
  return { body: { Approvers, MSSLDomainID: id } };
};

const iso = (d: Date | undefined): string | undefined => d?.toISOString();

function domainsOf(ctx: HandlerContext): MsslDomain[] {
  return ctx.state.msslDomains.byOwner(ctx.account.username);
}

const getDomains: Handler = (ctx, r) => {
  const upd = (r.LastUpdateDateRange ?? {}) as Req;
  const exp = (r.ExpirationDateRange ?? {}) as Req;
  const u = rangeOf(upd.StartDate, upd.EndDate, ['LastUpdateDateRange.StartDate', 'LastUpdateDateRange.EndDate']);
  const e = rangeOf(exp.StartDate, exp.EndDate, ['ExpirationDateRange.StartDate', 'ExpirationDateRange.EndDate']);
  const hasExp = exp.StartDate !== undefined || exp.EndDate !== undefined;
  const list = domainsOf(ctx).filter(
    (d) =>
      (r.ProfileID === undefined || d.profileId === r.ProfileID) &&
      (r.DomainName === undefined || d.name === String(r.DomainName).toLowerCase()) &&
      (r.DomainStatus === undefined || d.status === String(r.DomainStatus)) &&
      (r.VettingLevel === undefined || d.vettingLevel === String(r.VettingLevel).toUpperCase()) &&
      d.updated.getTime() >= u.from &&
      d.updated.getTime() <= u.to &&
      (!hasExp ||
        (d.expirationDate !== undefined && d.expirationDate.getTime() >= e.from && d.expirationDate.getTime() <= e.to)),
  );
  const DomainDetails = list.slice(0, QUERY_CAP).map((d) => ({
    MSSLProfileID: d.profileId,
    DomainID: d.id,
    OrderDate: d.orderDate.toISOString(),
    DomainName: d.name,
    DomainStatus: d.status,
    VettingLevel: d.vettingLevel,
    VettingType: d.vettingType,
    DomainValidationCode: d.code,
    ValidationDate: iso(d.validationDate),
    ExpirationDate: iso(d.expirationDate),
    ContactInfo: d.contact,
  }));
  return { body: { DomainDetails } };
};

const getMsslDomains: Handler = (ctx, r) => {
  const list = domainsOf(ctx).filter(
    (d) =>
      (r.MSSLProfileID === undefined || d.profileId === r.MSSLProfileID) &&
      (r.MSSLDomainID === undefined || d.id === r.MSSLDomainID) &&
      (r.MSSLDomainName === undefined || d.name === String(r.MSSLDomainName).toLowerCase()) &&
      (r.MSSLDomainStatus === undefined || d.status === String(r.MSSLDomainStatus)),
  );
  const SearchMsslDomainDetails = list.slice(0, QUERY_CAP).map((d) => ({
    MSSLDomainID: d.id,
    MSSLProfileID: d.profileId,
    MSSLDomainName: d.name,
    MSSLDomainStatus: d.status,
    NotBefore: iso(d.validationDate),
    NotAfter: iso(d.expirationDate),
    Delete_Date: iso(d.deleteDate),
  }));
  return { body: { SearchMsslDomainDetails } };
};

/** The domain operations of the MSSL service (wrapped with the rights check in mssl.ts). */
export const DOMAIN_HANDLERS: Readonly<Record<string, Handler>> = {
  AddDomainToProfile: addDomainToProfile,
  AddMSSLDomain: (ctx, r) => addDomain(ctx, r, level(r.VettingLevel), 'EMAIL', true),
  VerifyMsslDomain: verifyDomain,
  RenewalDomain: renewalDomain,
  ModifyMSSLDomain: modifyDomain,
  GetDomainApproverList: approverList,
  GetDomains: getDomains,
  GetMSSLDomains: getMsslDomains,
};
