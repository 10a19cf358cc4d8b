/**
 * `globalsign acme tenant create`: asks an ACME gateway (workers/acme) to create a tenant and prints its EAB
 * credentials and a certbot command line. The administrator secret comes from `ACME_ADMIN_SECRET` or
 * `--admin-secret-file`, never from the command line.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { CliError, type Command, EXIT, emit, type Io, need, type Parsed, str } from './common.ts';

const USAGE = `globalsign acme tenant create --gateway URL --profile ID --domain-id ID [--domain-id ID…]
    [--pattern '*.shop.example.com'…] [--product PV_SHA2] [--months 12] [--key-type RSA|P-256|P-384…]
    [--challenge http-01|dns-01|pre-authorized…] --first-name F --last-name L --phone P --email E
    [--admin-secret-file FILE]
  Creates a tenant of the ACME gateway at URL (MSSL profile, the domains its accounts may use, optional name
  patterns, one product and validity, key types, challenge policy) and prints its EAB key id and HMAC key. The
  gateway's administrator secret: ACME_ADMIN_SECRET, or the first line of --admin-secret-file.`;

const list = (p: Parsed, name: string): string[] | undefined => {
  const v = p.values[name];
  const strings = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  return strings.length ? strings : undefined;
};

async function adminSecret(p: Parsed, io: Io): Promise<string> {
  const file = str(p, 'admin-secret-file');
  const secret = file ? (await readFile(file, 'utf8')).split('\n')[0]?.trim() : io.env.ACME_ADMIN_SECRET;
  if (!secret) throw new CliError('set ACME_ADMIN_SECRET or pass --admin-secret-file (see --help)', EXIT.usage);
  return secret;
}

/**
 * The request body of `POST /admin/tenants` from the flags.
 *
 * @example
 * ```ts
 * const body = tenantBody(parsed); // { profileId, domainIds, productCode, months, challenges, contact… }
 * ```
 */
export function tenantBody(p: Parsed): Record<string, unknown> {
  const months = Number(str(p, 'months') ?? '12');
  if (!Number.isInteger(months) || months < 1) throw new CliError('--months: a whole number of months', EXIT.usage);
  const domainIds = list(p, 'domain-id');
  if (!domainIds) throw new CliError('--domain-id is required (see --help)', EXIT.usage);
  const patterns = list(p, 'pattern');
  const keyTypes = list(p, 'key-type');
  return {
    profileId: need(p, 'profile'),
    domainIds,
    ...(patterns ? { patterns } : {}),
    productCode: str(p, 'product') ?? 'PV_SHA2',
    months,
    ...(keyTypes ? { keyTypes } : {}),
    challenges: list(p, 'challenge') ?? ['http-01', 'dns-01'],
    contact: {
      FirstName: need(p, 'first-name'),
      LastName: need(p, 'last-name'),
      Phone: need(p, 'phone'),
      Email: need(p, 'email'),
    },
  };
}

/**
 * A certbot command line for a tenant (GlobalSign needs a CN in the CSR, so the CSR comes from OpenSSL).
 *
 * @example
 * ```ts
 * certbotLine('http://127.0.0.1:8787/directory', kid, hmacKey, 'www.example.com');
 * ```
 */
export function certbotLine(directory: string, kid: string, hmacKey: string, name: string): string {
  return [
    `openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout key.pem -subj /CN=${name}`,
    `-addext subjectAltName=DNS:${name} -outform DER -out csr.der &&`,
    `certbot certonly --server ${directory} --eab-kid ${kid} --eab-hmac-key=${hmacKey}`,
    '--csr csr.der --standalone --agree-tos -m you@example.com --non-interactive',
    '--config-dir ./certbot --work-dir ./certbot --logs-dir ./certbot',
  ].join(' ');
}

async function create(p: Parsed, io: Io): Promise<number> {
  const gateway = need(p, 'gateway').replace(/\/+$/, '');
  const body = tenantBody(p);
  const secret = await adminSecret(p, io);
  let res: Response;
  try {
    res = await fetch(`${gateway}/admin/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (e) {
    throw new CliError(`${gateway}: ${(e as Error).message}`, EXIT.network);
  }
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.status !== 201)
    throw new CliError(`the gateway refused (HTTP ${res.status}): ${String(json.detail ?? '')}`, EXIT.api);
  const { eabKid, eabHmacKey, directory } = json as { eabKid: string; eabHmacKey: string; directory: string };
  const text = [
    `ACME directory: ${directory}`,
    `EAB key id: ${eabKid}`,
    `EAB HMAC key: ${eabHmacKey}`,
    `certbot: ${certbotLine(directory, eabKid, eabHmacKey, 'www.example.com')}`,
  ].join('\n');
  emit(io, p, json, text);
  return EXIT.ok;
}

/**
 * `globalsign acme`.
 *
 * @example
 * ```ts
 * await main(['acme', 'tenant', 'create', '--gateway', url, '--profile', id, '--domain-id', d, …], io);
 * ```
 */
export const acme: Command = {
  usage: USAGE,
  options: {
    gateway: { type: 'string' },
    profile: { type: 'string' },
    'domain-id': { type: 'string', multiple: true },
    pattern: { type: 'string', multiple: true },
    product: { type: 'string' },
    months: { type: 'string' },
    'key-type': { type: 'string', multiple: true },
    challenge: { type: 'string', multiple: true },
    'first-name': { type: 'string' },
    'last-name': { type: 'string' },
    phone: { type: 'string' },
    email: { type: 'string' },
    'admin-secret-file': { type: 'string' },
  },
  run(p, io) {
    if (p.positionals[0] !== 'tenant' || p.positionals[1] !== 'create') {
      throw new CliError(`acme: expected "tenant create"\n\n${USAGE}`, EXIT.usage);
    }
    return create(p, io);
  },
};
