/**
 * MSSL domain validation (guide 4.2, 4.4, 4.7, 4.8 and 8.11): add a domain for DNS or HTTP validation and get what
 * must be published (the TXT value and every allowed TagLocation, or the gsdv.txt URLs and their content), verify it
 * once published (trying each allowed location), wait for it to appear, and renew expiring domains.
 *
 * @module
 */
import type { MsslClient } from '../clients/mssl.ts';
import type { MsslContactInfoDomain, MsslGetDomainsDomainDetail } from '../clients/mssl-types.ts';
import { type ApiErrorDetail, GlobalSignApiError, isGlobalSignApiError, ValidationError, XmlError } from '../errors.ts';
import { DOMAIN_STATUS } from '../services/status.ts';
import { type PollOptions, poll } from './poll.ts';

/** How control of a domain is shown (guide 4.2.2; EMAIL is not automatable). */
export type DomainValidationMethod = 'DNS' | 'HTTP';

/** The domain contact (`FirstNameNative`/`LastNameNative` default to the plain names). */
export interface DomainContact {
  readonly FirstName: string;
  readonly LastName: string;
  readonly Phone: string;
  readonly Email: string;
  readonly FirstNameNative?: string;
  readonly LastNameNative?: string;
}

/** What must be published to prove control of a domain, and where. */
export interface DomainChallenge {
  readonly domainId: string;
  /** The domain being validated (lower case). */
  readonly domain: string;
  readonly method: DomainValidationMethod;
  /** DNS: the TXT record value and every name it may be published at (the domain, then each parent). */
  readonly dns?: { readonly value: string; readonly names: readonly string[] };
  /** HTTP: every URL the file may be served at, the file's content, and the equivalent meta tag. */
  readonly http?: { readonly urls: readonly string[]; readonly body: string; readonly metaTag: string };
  /** What to do, for people. */
  readonly instructions: string;
}

/** A verified domain: the location that proved control, and the domain's status afterwards (guide 10.3). */
export interface DomainVerification {
  readonly domainId: string;
  readonly tagLocation: string;
  /** Status code (`'3'` approved) and its name, when the status could be read back. */
  readonly status?: string;
  readonly statusName?: string;
}

/** What {@link verifyDomain} checks: a challenge, or an ID with a domain name or an explicit location. */
export type VerifyTarget =
  | DomainChallenge
  | { readonly domainId: string; readonly method: DomainValidationMethod; readonly domain: string }
  | { readonly domainId: string; readonly method: DomainValidationMethod; readonly tagLocation: string };

/** The domain was not verified at any location tried: `tried` lists them, `errors` the last answer's entries. */
export class DomainNotVerifiedError extends GlobalSignApiError {
  readonly domainId: string;
  readonly tried: readonly string[];
  constructor(domainId: string, tried: readonly string[], errors: readonly ApiErrorDetail[]) {
    const code = errors[0]?.ErrorCode ?? '-101';
    const summary = { ErrorCode: code, ErrorField: 'TagLocation', ErrorMessage: `not verified at ${tried.join(', ')}` };
    super('VerifyMsslDomain', [summary, ...errors]);
    this.domainId = domainId;
    this.tried = tried;
  }
}

const WELL_KNOWN = '/.well-known/pki-validation/gsdv.txt';
/** Two-label public suffixes common enough to stop at (no full Public Suffix List here). */
const SECOND_LEVEL = /^(co|com|net|org|ac|gov|edu|ne|or|go)\.[a-z]{2}$/;
/** Codes after which trying another location is pointless (unknown, foreign or cancelled domain; no rights). */
const FATAL = new Set(['-9440', '-9442', '-9443', '-9938', '-4001', '-4201', '-9900', '-9403', '-9401']);

/**
 * The Authorization Domain Names of `domain` (guide 8.11.1): the name itself, then each parent down to the
 * registrable domain (a leading `*.` is dropped).
 *
 * @example
 * ```ts
 * authorizationNames('a.b.example.com'); // ['a.b.example.com', 'b.example.com', 'example.com']
 * ```
 */
export function authorizationNames(domain: string): string[] {
  const labels = domain.trim().toLowerCase().replace(/\.$/, '').replace(/^\*\./, '').split('.');
  const out: string[] = [];
  for (let i = 0; i < labels.length - 1; i++) {
    const name = labels.slice(i).join('.');
    if (i > 0 && SECOND_LEVEL.test(name)) break;
    out.push(name);
  }
  return out.length ? out : [labels.join('.')];
}

/**
 * The HTTP approver URLs of `domain` (guide 8.11.2): `http(s)://<name>/.well-known/pki-validation/gsdv.txt` per name.
 * @example
 * ```ts
 * approverUrls('sub.example.com')[0]; // 'http://sub.example.com/.well-known/pki-validation/gsdv.txt'
 * ```
 */
export function approverUrls(domain: string): string[] {
  return authorizationNames(domain).flatMap((n) => [`http://${n}${WELL_KNOWN}`, `https://${n}${WELL_KNOWN}`]);
}

/** The wire ContactInfo of a domain operation. */
function domainContact(c: DomainContact | undefined, field: string): MsslContactInfoDomain {
  if (!c) throw new ValidationError(field, 'is required (ContactInfo of the domain: name, phone, email)');
  return { ...c, FirstNameNative: c.FirstNameNative ?? c.FirstName, LastNameNative: c.LastNameNative ?? c.LastName };
}

/** Builds the challenge from what AddDomainToProfile / RenewalDomain answered. */
function challengeOf(
  domainId: string,
  domain: string,
  method: DomainValidationMethod,
  res: { DnsTXT?: string; MetaTag?: string },
): DomainChallenge {
  const name = domain.toLowerCase();
  if (method === 'DNS') {
    const value = res.DnsTXT ?? '';
    const names = authorizationNames(name);
    const instructions = `Publish a DNS TXT record with the value\n  ${value}\nat ${names[0]} (or at any of: ${names.join(', ')}), then verify domain ${domainId}.`;
    return { domainId, domain: name, method, dns: { value, names }, instructions };
  }
  const metaTag = res.MetaTag ?? '';
  const urls = approverUrls(name);
  const instructions = `Serve a file whose content is\n  ${metaTag}\nat ${urls[0]} (or at any of: ${urls.join(', ')}), then verify domain ${domainId}.`;
  return { domainId, domain: name, method, http: { urls, body: metaTag, metaTag }, instructions };
}

/** Options of {@link addDomainForValidation}. */
export interface AddDomainOptions {
  readonly profileId: string;
  readonly domain: string;
  readonly method: DomainValidationMethod;
  readonly vettingLevel?: 'OV' | 'CLOUDSSL'; // default OV (guide 4.2.1)
  readonly contact?: DomainContact; // required by the service
}

/**
 * Adds a domain to an MSSL profile for DNS or HTTP validation (AddDomainToProfile) and returns what to publish.
 *
 * @example
 * ```ts
 * const ch = await addDomainForValidation(mssl, { profileId, domain: 'shop.example.net', method: 'DNS', contact });
 * console.log(ch.instructions); // then publish ch.dns.value at ch.dns.names[0] and call verifyDomain(mssl, ch)
 * ```
 */
export async function addDomainForValidation(
  mssl: MsslClient,
  options: AddDomainOptions,
  call: { signal?: AbortSignal } = {},
): Promise<DomainChallenge> {
  const res = await mssl.addDomainToProfile(
    {
      MSSLProfileID: options.profileId,
      DomainName: options.domain,
      VettingLevel: options.vettingLevel ?? 'OV',
      VettingType: options.method,
      ContactInfo: domainContact(options.contact, 'contact'),
    },
    call,
  );
  if (!res.MSSLDomainID) throw new XmlError('AddDomainToProfile answered no MSSLDomainID');
  return challengeOf(res.MSSLDomainID, options.domain, options.method, res);
}

/** The locations to try for a target: the given one, else every allowed one. */
function locationsOf(target: VerifyTarget, given: string | undefined): string[] {
  if (given) return [given];
  if ('tagLocation' in target) return [target.tagLocation];
  if ('dns' in target && target.dns) return [...target.dns.names];
  if ('http' in target && target.http) return [...target.http.urls];
  const domain = (target as { domain: string }).domain;
  return target.method === 'DNS' ? authorizationNames(domain) : approverUrls(domain);
}

/** The domain's status, read back after verification (GetDomains by name, else GetMSSLDomains by ID). */
async function statusOf(
  mssl: MsslClient,
  target: VerifyTarget,
  signal?: AbortSignal,
): Promise<{ status?: string; statusName?: string }> {
  const opts = signal ? { signal } : {};
  let status: string | undefined;
  if ('domain' in target) {
    const list = await mssl.getDomains({ DomainName: target.domain }, opts);
    status = list.DomainDetails?.find((x) => x.DomainID === target.domainId)?.DomainStatus;
  }
  status ??= (await mssl.getMsslDomains({ MSSLDomainID: target.domainId }, opts)).SearchMsslDomainDetails?.[0]
    ?.MSSLDomainStatus;
  const statusName = status === undefined ? undefined : DOMAIN_STATUS[status]?.name;
  return { ...(status ? { status } : {}), ...(statusName ? { statusName } : {}) };
}

/**
 * Asks GlobalSign to check the published record (VerifyMsslDomain) at each allowed location in turn (or only
 * `options.tagLocation`). Resolves at the first that proves control; rejects with {@link DomainNotVerifiedError}
 * naming every location tried when none did, or at once with the service's error for an unknown or cancelled domain.
 *
 * @example
 * ```ts
 * const ok = await verifyDomain(mssl, challenge); // { domainId, tagLocation: 'shop.example.net', status: '3', statusName: 'APPROVED' }
 * ```
 */
export async function verifyDomain(
  mssl: MsslClient,
  target: VerifyTarget,
  options: { tagLocation?: string; signal?: AbortSignal } = {},
): Promise<DomainVerification> {
  const tried: string[] = [];
  let last: readonly ApiErrorDetail[] = [];
  const call = options.signal ? { signal: options.signal } : {};
  for (const tag of locationsOf(target, options.tagLocation)) {
    tried.push(tag);
    try {
      await mssl.verifyMsslDomain({ DomainID: target.domainId, TagLocation: tag, VettingType: target.method }, call);
    } catch (e) {
      if (!isGlobalSignApiError(e) || e.errors.some((x) => FATAL.has(x.ErrorCode.trim()))) throw e;
      last = e.errors;
      continue;
    }
    return { domainId: target.domainId, tagLocation: tag, ...(await statusOf(mssl, target, options.signal)) };
  }
  throw new DomainNotVerifiedError(target.domainId, tried, last);
}

/**
 * Polls {@link verifyDomain} with backoff until the record is published and verified (progress status
 * `NOT_PUBLISHED` after each miss); `deadlineMs` gives a `DeadlineError`, `signal` the abort reason.
 *
 * @example
 * ```ts
 * await waitForDomainVerification(mssl, challenge, { initialMs: 30_000, deadlineMs: 3_600_000,
 *   onProgress: (p) => console.error(`not yet (attempt ${p.attempt})`) });
 * ```
 */
export function waitForDomainVerification(
  mssl: MsslClient,
  target: VerifyTarget,
  options: PollOptions & { tagLocation?: string } = {},
): Promise<DomainVerification> {
  return poll(async (_n, signal) => {
    try {
      const value = await verifyDomain(mssl, target, {
        ...(options.tagLocation ? { tagLocation: options.tagLocation } : {}),
        ...(signal ? { signal } : {}),
      });
      return { done: true, value };
    } catch (e) {
      if (e instanceof DomainNotVerifiedError) return { done: false, status: 'NOT_PUBLISHED' };
      throw e;
    }
  }, options);
}
/** Options of {@link renewDomain}. */
export interface RenewDomainOptions {
  readonly domainId: string;
  readonly profileId: string;
  readonly method: DomainValidationMethod;
  /** Default: the domain's own level and contact, read with GetDomains. */
  readonly vettingLevel?: string;
  readonly contact?: DomainContact;
  readonly signal?: AbortSignal;
}

/**
 * Renews a domain's vetting (RenewalDomain) and returns the new challenge to publish and verify; certificates can
 * still be issued under the domain until its old expiry.
 *
 * @example
 * ```ts
 * const ch = await renewDomain(mssl, { domainId: 'DSMS0001', profileId: 'MP0001', method: 'DNS' });
 * ```
 */
export async function renewDomain(mssl: MsslClient, options: RenewDomainOptions): Promise<DomainChallenge> {
  const call = options.signal ? { signal: options.signal } : {};
  const list = await mssl.getDomains({ ProfileID: options.profileId }, call);
  const d: Partial<MsslGetDomainsDomainDetail> = list.DomainDetails?.find((x) => x.DomainID === options.domainId) ?? {};
  const name =
    d.DomainName ??
    (await mssl.getMsslDomains({ MSSLDomainID: options.domainId }, call)).SearchMsslDomainDetails?.[0]?.MSSLDomainName;
  if (!name) throw new ValidationError('domainId', `no domain ${options.domainId} in profile ${options.profileId}`);
  const res = await mssl.renewalDomain(
    {
      MSSLProfileID: options.profileId,
      VettingLevel: options.vettingLevel ?? d.VettingLevel ?? 'OV',
      VettingType: options.method,
      DomainID: options.domainId,
      ContactInfo: domainContact(options.contact ?? d.ContactInfo, 'contact'),
    },
    call,
  );
  return challengeOf(res.MSSLDomainID ?? options.domainId, name, options.method, res);
}
