/**
 * `globalsign domain add|verify|renew|list`: MSSL domain validation by DNS or HTTP from the command line. `add`
 * prints what to publish, `verify` asks GlobalSign to check it (every allowed location, or `--tag-location`; with
 * `--wait` it polls until the record appears), `renew` renews a domain's vetting, `list` shows domains.
 *
 * @module
 */
import { MsslClient } from '../clients/mssl.ts';
import { DOMAIN_STATUS } from '../services/status.ts';
import {
  addDomainForValidation,
  type DomainChallenge,
  type DomainContact,
  type DomainValidationMethod,
  renewDomain,
  type VerifyTarget,
  verifyDomain,
  waitForDomainVerification,
} from '../workflows/domains.ts';
import { findExpiringDomains } from '../workflows/renewals.ts';
import { group } from './args.ts';
import { ENDPOINT } from './clients.ts';
import { CliError, type Command, EXIT, emit, type Io, need, type Options, type Parsed, str } from './common.ts';
import { credentials } from './credentials.ts';
import { CONTACT, WAIT, waitOptions } from './waiting.ts';

const DAY = 86_400_000;

/**
 * The contact from `--first-name --last-name --phone --email` (undefined when none is given).
 *
 * @example
 * ```ts
 * const contact = contactFlags(p, true);
 * ```
 */
export function contactFlags(p: Parsed, required: boolean): DomainContact | undefined {
  const names = ['first-name', 'last-name', 'phone', 'email'] as const;
  if (!required && names.every((n) => str(p, n) === undefined)) return undefined;
  const [FirstName, LastName, Phone, Email] = names.map((n) => need(p, n)) as [string, string, string, string];
  return { FirstName, LastName, Phone, Email };
}

const methodOf = (p: Parsed): DomainValidationMethod => {
  const m = need(p, 'method').toUpperCase();
  if (m !== 'DNS' && m !== 'HTTP') throw new CliError('--method: dns or http', EXIT.usage);
  return m;
};

const client = async (p: Parsed, io: Io): Promise<MsslClient> => new MsslClient(await credentials(io, p));

function printChallenge(p: Parsed, io: Io, ch: DomainChallenge): number {
  emit(io, p, ch, `domain ${ch.domain}: MSSL domain ID ${ch.domainId}\n${ch.instructions}`);
  return EXIT.ok;
}

async function add(p: Parsed, io: Io): Promise<number> {
  const level = (str(p, 'level') ?? 'OV').toUpperCase();
  if (level !== 'OV' && level !== 'CLOUDSSL') throw new CliError('--level: OV or CLOUDSSL', EXIT.usage);
  const options = {
    profileId: need(p, 'profile'),
    domain: need(p, 'domain'),
    method: methodOf(p),
    vettingLevel: level,
  } as const;
  const contact = contactFlags(p, true);
  const ch = await addDomainForValidation(await client(p, io), { ...options, ...(contact ? { contact } : {}) });
  return printChallenge(p, io, ch);
}

async function verify(p: Parsed, io: Io): Promise<number> {
  const domainId = p.positionals[1];
  if (!domainId) throw new CliError('domain verify: DOMAIN_ID is required', EXIT.usage);
  const method = methodOf(p);
  const tag = str(p, 'tag-location');
  const name = str(p, 'domain');
  if (!tag && !name) throw new CliError('domain verify: give --domain NAME or --tag-location LOCATION', EXIT.usage);
  const target: VerifyTarget = tag ? { domainId, method, tagLocation: tag } : { domainId, method, domain: name! };
  const mssl = await client(p, io);
  const r = p.values.wait
    ? await waitForDomainVerification(mssl, target, waitOptions(p, io))
    : await verifyDomain(mssl, target, io.signal ? { signal: io.signal } : {});
  emit(io, p, r, `domain ${r.domainId} verified at ${r.tagLocation}: ${r.statusName ?? r.status ?? 'status unknown'}`);
  return EXIT.ok;
}

async function renew(p: Parsed, io: Io): Promise<number> {
  const domainId = p.positionals[1];
  if (!domainId) throw new CliError('domain renew: DOMAIN_ID is required', EXIT.usage);
  const contact = contactFlags(p, false);
  const level = str(p, 'level');
  const ch = await renewDomain(await client(p, io), {
    domainId,
    profileId: need(p, 'profile'),
    method: methodOf(p),
    ...(level ? { vettingLevel: level.toUpperCase() } : {}),
    ...(contact ? { contact } : {}),
  });
  return printChallenge(p, io, ch);
}

async function list(p: Parsed, io: Io): Promise<number> {
  const mssl = await client(p, io);
  const profile = str(p, 'profile');
  const within = str(p, 'expiring-within');
  const days = within === undefined ? undefined : Number(within);
  if (days !== undefined && !(days >= 0)) throw new CliError('--expiring-within: a number of days', EXIT.usage);
  const found =
    days !== undefined
      ? await findExpiringDomains(mssl, { within: days * DAY, ...(profile ? { profileId: profile } : {}) })
      : ((await mssl.getDomains(profile ? { ProfileID: profile } : {})).DomainDetails ?? []);
  const rows = found.map((d) => ({
    domainId: d.DomainID,
    profileId: d.MSSLProfileID,
    domain: d.DomainName,
    status: d.DomainStatus,
    statusName: DOMAIN_STATUS[d.DomainStatus]?.name,
    vetting: `${d.VettingLevel}/${d.VettingType}`,
    expires: d.ExpirationDate,
  }));
  const text = rows.map((r) => `${r.domainId}  ${r.domain}  ${r.statusName ?? r.status}  ${r.expires ?? '-'}`);
  emit(io, p, rows, text.length ? text.join('\n') : 'no domains');
  return EXIT.ok;
}

const OUTRO = `Every domain command takes --endpoint production|test|URL, --timeout 30s and --json.
Exit codes: 0 ok, 1 usage, 2 validation, 3 API error (also: not verified at any location), 4 network, 5 deadline.`;

const sub = (usage: string, options: Options, run: Command['run']): Command => ({
  usage: `${usage}\n${OUTRO}`,
  options: { ...ENDPOINT, ...options },
  run,
});
const METHOD = { method: { type: 'string' as const } };
const PROFILE = { profile: { type: 'string' as const } };
const LEVEL = { level: { type: 'string' as const } };

/** `globalsign domain add|verify|renew|list`. */
export const domain: Command = group(
  'domain',
  {
    add: sub(
      `globalsign domain add --profile MSSL_PROFILE_ID --domain NAME --method dns|http [--level OV|CLOUDSSL]
       --first-name F --last-name L --phone P --email E
  Adds the domain for DNS or HTTP validation (AddDomainToProfile) and prints what to publish, and where.`,
      { ...CONTACT, ...PROFILE, ...METHOD, ...LEVEL, domain: { type: 'string' } },
      add,
    ),
    verify: sub(
      `globalsign domain verify DOMAIN_ID --method dns|http (--domain NAME | --tag-location NAME_OR_URL)
       [--wait] [--interval 30s] [--deadline 2h]
  Asks GlobalSign to check the record at every allowed location (or the one given); --wait polls until it appears.`,
      { ...WAIT, ...METHOD, domain: { type: 'string' }, 'tag-location': { type: 'string' }, wait: { type: 'boolean' } },
      verify,
    ),
    renew: sub(
      `globalsign domain renew DOMAIN_ID --profile MSSL_PROFILE_ID --method dns|http [--level OV|CLOUDSSL] [contact flags]
  Renews the domain's vetting (RenewalDomain) and prints the new record to publish; then run domain verify.`,
      { ...CONTACT, ...PROFILE, ...METHOD, ...LEVEL },
      renew,
    ),
    list: sub(
      `globalsign domain list [--profile MSSL_PROFILE_ID] [--expiring-within DAYS]
  Lists the domains (of a profile), or those whose vetting expires within DAYS.`,
      { ...PROFILE, 'expiring-within': { type: 'string' } },
      list,
    ),
  },
  OUTRO,
);
