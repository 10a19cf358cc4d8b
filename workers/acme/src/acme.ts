/**
 * The ACME request pipeline: every POST is a JWS checked here (algorithm, `kid` xor `jwk`, signature, `url`,
 * nonce) before the account's Durable Object sees it; then newAccount, newOrder and the POST(-as-GET) resources.
 *
 * @module
 */
import type { JWK } from 'jose';
import { fromB64url } from './b64url.ts';
import { verifyEab } from './eab.ts';
import { readBodyText } from '../../shared/index.ts';
import { audit } from './audit.ts';
import { type AcmeEnv, challengeWaitMs, intSetting } from './env.ts';
import { checkKey, parseJws, publicJwk, thumbprint, type VerifiedRequest, verifyJws } from './jws.ts';
import { type KeyedAccount, type KeyLookup, keyChange } from './keychange.ts';
import { checkContact, limitsOf, rateLimited } from './limits.ts';
import { checkIdentifiers } from './names.ts';
import { spendNonce } from './nonces.ts';
import { checkReplaces } from './renewal.ts';
import { revokeCert } from './revoke.ts';
import { AcmeProblem, type ProblemDocument } from './problems.ts';
import type { AccountRecord, AuthzRecord, OrderRecord, PreRead, TenantSnapshot } from './records.ts';
import { rpc } from './storage.ts';
import { getTenant, type Tenant } from './tenant.ts';
import { targets, validate } from './validate.ts';
import { accountView, authzView, challengeView, orderView, urls } from './views.ts';

/** An answer before the nonce and index link are added. */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

const ACCT = /^[A-Za-z0-9_-]{43}$/;

/**
 * The largest accepted JWS body (`MAX_BODY_BYTES`, default 65536 bytes).
 *
 * @example
 * ```ts
 * maxBody({ MAX_BODY_BYTES: '4096' } as AcmeEnv); // 4096
 * ```
 */
export const maxBody = (env: AcmeEnv): number => intSetting('MAX_BODY_BYTES', env.MAX_BODY_BYTES, 65536, 1024);

async function readBody(request: Request, env: AcmeEnv): Promise<string> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/jose\+json\b/i.test(type)) {
    throw new AcmeProblem('unsupported-media-type', 'Send application/jose+json (RFC 8555 section 6.2).');
  }
  return readBodyText(request, maxBody(env));
}

/** What the account object answers for a `kid` request (null: no such account). */
interface KidAuth {
  readonly account: KeyedAccount;
  readonly req: VerifiedRequest;
  readonly retryAfter?: number;
  readonly limit?: string;
  /** The answer of the pre-read (`value`, or the problem it raised). */
  readonly read?: {
    readonly value?: unknown;
    readonly problem?: ProblemDocument;
    readonly headers?: Readonly<Record<string, string>>;
  };
}

/**
 * newAccount's reads, started with the authentication from the request as sent (the signature is checked at the
 * same time; a request that fails it never uses them): the key's account and the EAB's tenant.
 */
interface Registration {
  readonly found: Promise<KeyLookup>;
  readonly eab: Promise<Tenant>;
}

/** Starts newAccount's reads for the `jwk` and the (not yet verified) payload of a newAccount request. */
function startRegistration(env: AcmeEnv, base: string, jwk: JWK, payload: string | Uint8Array): Registration {
  const key = publicJwk(jwk);
  const found = thumbprint(key).then((tp) => rpc<KeyLookup>(env.ACCOUNTS, tp, 'lookupKey', { tp }));
  const eab = (async () => {
    let binding: unknown;
    try {
      const bytes = typeof payload === 'string' ? fromB64url(payload) : payload;
      const p: unknown = JSON.parse(new TextDecoder().decode(bytes));
      if (typeof p === 'object' && p !== null) binding = (p as Record<string, unknown>).externalAccountBinding;
    } catch {} // not JSON: verifyJws refuses the request
    return verifyEab(env, binding, key, urls(base).newAccount);
  })();
  // Awaited by newAccount where they matter; a refused request leaves them unread.
  found.catch(() => undefined);
  eab.catch(() => undefined);
  return { found, eab };
}

/**
 * The tenant of each account this isolate has seen (an account never changes tenant), so that newOrder reads the
 * tenant while the request is verified. Only a hint: newOrder uses the read when it names the account's tenant.
 * Bounded: the oldest entry goes first.
 */
const tenantOfAccount = new Map<string, string>();

function rememberTenant(accountId: string, tenantKid: string): void {
  if (tenantOfAccount.get(accountId) === tenantKid) return;
  if (tenantOfAccount.size >= 4096) tenantOfAccount.delete(tenantOfAccount.keys().next().value!);
  tenantOfAccount.set(accountId, tenantKid);
}

/** A tenant read started early, with the key id it reads. */
interface EarlyTenant {
  readonly kid: string;
  readonly value: Promise<Tenant | null>;
}

/** What an authenticated request carries on. */
interface Authenticated {
  /** newOrder only: the tenant read started with the authentication, when this isolate knew the account's. */
  readonly tenant?: EarlyTenant;
  readonly req: VerifiedRequest;
  /** newAccount only: its reads, started with the authentication. */
  readonly registration?: Registration;
  readonly account?: AccountRecord;
  readonly read?: KidAuth['read'];
}

/**
 * A promise that never rejects: its error, or `undefined` when it fulfilled (for checks run side by side whose
 * refusals are reported in a fixed order).
 *
 * @example
 * ```ts
 * const limited = await failure(hitAddress(request, env)); // the rate-limit problem, or undefined
 * ```
 */
export const failure = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => undefined,
    (e: unknown) => e ?? new Error('rejected'),
  );

/**
 * Verifies a request. The per-address rate limit (`address`, started by the caller), the nonce and the signature
 * are checked at the same time: `kid` requests by their account's object, which also counts them against the
 * account's rate limits and, for a POST-as-GET, runs `preRead` (one round trip). Refusals keep their order:
 * address limit, account, account limits, nonce.
 */
async function authenticate(
  request: Request,
  env: AcmeEnv,
  base: string,
  path: string,
  address: Promise<unknown>,
  preRead: PreRead | undefined,
): Promise<Authenticated> {
  const { jws, header } = parseJws(await readBody(request, env));
  if (header.jwk && request.url !== urls(base).newAccount && request.url !== urls(base).revokeCert)
    throw new AcmeProblem('malformed', 'Only newAccount and revokeCert take "jwk"; use "kid".');
  if (header.url !== request.url)
    throw new AcmeProblem('unauthorized', 'The JWS "url" is not the URL this request was sent to.');
  const nonce = failure(spendNonce(env, header.nonce));
  let verified: Promise<{ req: VerifiedRequest; found?: KidAuth }>;
  let id = '';
  let registration: Registration | undefined;
  let tenant: EarlyTenant | undefined;
  if (header.jwk) {
    verified = verifyJws(jws, header, publicJwk(header.jwk)).then((req) => ({ req }));
    if (path === '/acme/new-account') registration = startRegistration(env, base, header.jwk, jws.payload);
  } else {
    const prefix = `${base}/acme/acct/`;
    id = header.kid?.startsWith(prefix) ? header.kid.slice(prefix.length) : '';
    const read = jws.payload === '' ? preRead : undefined;
    const args = { jws, header, newOrder: path === '/acme/new-order', ...(read ? { read } : {}) };
    const knownTenant = path === '/acme/new-order' ? tenantOfAccount.get(id) : undefined;
    if (knownTenant) {
      tenant = { kid: knownTenant, value: getTenant(env, knownTenant) };
      tenant.value.catch(() => undefined); // awaited by newOrder
    }
    verified = (
      ACCT.test(id) ? rpc<KidAuth | null>(env.ACCOUNTS, id, 'authenticate', args) : Promise.resolve(null)
    ).then((found) => {
      if (!found) throw new AcmeProblem('accountDoesNotExist', 'The "kid" names no account of this server.');
      return { req: found.req, found };
    });
  }
  const [limited, auth, badNonce] = await Promise.all([address, failure(verified), nonce]);
  if (limited) throw limited;
  if (auth) throw auth;
  const { req, found } = await verified;
  if (found?.retryAfter !== undefined) {
    throw rateLimited(found.limit === 'newOrder' ? 'newOrder' : 'account', found.retryAfter, id);
  }
  if (badNonce) throw badNonce;
  if (!found) return registration ? { req, registration } : { req };
  if (found.account.status !== 'valid') throw new AcmeProblem('unauthorized', 'The account is deactivated.');
  rememberTenant(found.account.id, found.account.tenantKid);
  return { req, account: found.account, ...(found.read ? { read: found.read } : {}), ...(tenant ? { tenant } : {}) };
}

async function newAccount(env: AcmeEnv, base: string, req: VerifiedRequest, r: Registration): Promise<Answer> {
  const p = req.payload ?? {};
  checkKey(req.jwk);
  const id = await thumbprint(req.jwk);
  // The key's account and the EAB (a new account needs it; an existing one is checked against it) were read
  // while the request was verified.
  const found = await r.found;
  if (found.state !== 'none') {
    const existing = found.account;
    const location = { location: urls(base).account(existing.id) };
    if (found.state === 'replaced') {
      throw new AcmeProblem('unauthorized', 'This key was replaced by a key change; use the new key.', [], location);
    }
    if (found.state === 'pending')
      throw new AcmeProblem('conflict', 'A key change to this key is under way.', [], location);
    if (existing.status !== 'valid') {
      throw new AcmeProblem('unauthorized', 'The account of this key is deactivated.', [], location);
    }
    if (p.externalAccountBinding !== undefined && (await r.eab).kid !== existing.tenantKid)
      throw new AcmeProblem('unauthorized', 'This account key is bound to another tenant.');
    return { status: 200, body: accountView(base, existing), headers: location };
  }
  if (p.onlyReturnExisting === true) throw new AcmeProblem('accountDoesNotExist', 'No account with this key.');
  const contact = checkContact(env, p.contact) ?? [];
  const t = await r.eab;
  const a = await rpc<AccountRecord>(env.ACCOUNTS, id, 'createAccount', {
    id,
    jwk: req.jwk,
    tenantKid: t.kid,
    contact,
  });
  rememberTenant(id, t.kid);
  audit({ event: 'account', account: id, tenant: t.kid });
  return { status: 201, body: accountView(base, a), headers: { location: urls(base).account(id) } };
}

async function newOrder(
  env: AcmeEnv,
  base: string,
  account: AccountRecord,
  p: Record<string, unknown>,
  early?: EarlyTenant,
): Promise<Answer> {
  const tenant = await (early?.kid === account.tenantKid ? early.value : getTenant(env, account.tenantKid));
  if (!tenant) throw new AcmeProblem('unauthorized', 'The tenant of this account no longer exists.');
  const identifiers = checkIdentifiers(tenant, p.identifiers);
  const { hmacKey: _, ...snapshot } = tenant;
  const replaces = await checkReplaces(env, account.id, p.replaces);
  const o = await rpc<OrderRecord>(env.ACCOUNTS, account.id, 'newOrder', {
    identifiers,
    ...(replaces ? { replaces } : {}),
    tenant: snapshot as TenantSnapshot,
  });
  return {
    status: 201,
    body: orderView(base, account.id, o),
    headers: { location: urls(base).order(account.id, o.id) },
  };
}

/** POST to the account: POST-as-GET, `contact` update, `status: deactivated` (RFC 8555 sections 7.3.2, 7.3.6). */
async function updateAccount(
  env: AcmeEnv,
  base: string,
  a: AccountRecord,
  p: Record<string, unknown> | undefined,
): Promise<Answer> {
  const location = { location: urls(base).account(a.id) };
  if (!p) return { status: 200, body: accountView(base, a), headers: location };
  if (p.status !== undefined && p.status !== 'deactivated')
    throw new AcmeProblem('malformed', 'An account can only be set to "deactivated".');
  const contact = checkContact(env, p.contact);
  const u = await rpc<AccountRecord>(env.ACCOUNTS, a.id, 'updateAccount', {
    ...(contact ? { contact } : {}),
    ...(p.status === 'deactivated' ? { deactivate: true } : {}),
  });
  if (p.status === 'deactivated') audit({ event: 'account-deactivated', account: a.id });
  return { status: 200, body: accountView(base, u), headers: location };
}

/** Where a page of the account's orders list starts (`?cursor=`). */
function ordersCursor(url: string): number {
  const c = new URL(url).searchParams.get('cursor');
  if (c !== null && !/^\d{1,9}$/.test(c)) throw new AcmeProblem('malformed', 'The orders "cursor" is not one of ours.');
  return c === null ? 0 : Number(c);
}

/** The account's orders list, one page (`ORDERS_PAGE_SIZE`) per request, `Link: rel="next"` to the next. */
function ordersList(base: string, a: AccountRecord, page: { ids: string[]; next?: number }): Answer {
  const headers: Record<string, string> =
    page.next === undefined ? {} : { link: `<${urls(base).orders(a.id)}?cursor=${page.next}>;rel="next"` };
  return { status: 200, body: { orders: page.ids.map((o) => urls(base).order(a.id, o)) }, headers };
}

function orderAnswer(base: string, acct: string, o: OrderRecord, status = 200): Answer {
  const headers: Record<string, string> = { location: urls(base).order(acct, o.id) };
  if (o.status === 'processing') headers['retry-after'] = '2';
  return { status, body: orderView(base, acct, o), headers };
}

/** What a Worker's fetch gets besides the request and bindings, as far as the gateway uses it. */
export interface WorkerContext {
  waitUntil(promise: Promise<unknown>): void;
}

async function challenge(
  env: AcmeEnv,
  base: string,
  a: AccountRecord,
  z: string,
  type: string,
  read: (() => Promise<AuthzRecord>) | undefined,
  url: string,
  ctx: WorkerContext | undefined,
): Promise<Answer> {
  const up = { link: `<${urls(base).authz(a.id, z)}>;rel="up"` };
  if (read) return { status: 200, body: challengeView(base, a.id, await read(), type), headers: up };
  const wait = challengeWaitMs(env); // a bad setting is refused before the validation starts
  const s = await rpc<{ authz: AuthzRecord; start: boolean }>(env.ACCOUNTS, a.id, 'startChallenge', {
    authzId: z,
    type,
  });
  if (!s.start) return { status: 200, body: challengeView(base, a.id, s.authz, type), headers: up };
  const token = s.authz.challenges.find((c) => c.type === type)!.token;
  const work = (async () => {
    const error = await validate(targets(env, url), type, s.authz.identifier.value, token, `${token}.${a.id}`);
    return rpc<AuthzRecord>(env.ACCOUNTS, a.id, 'finishChallenge', { authzId: z, type, ...(error ? { error } : {}) });
  })();
  if (!ctx) return { status: 200, body: challengeView(base, a.id, await work, type), headers: up };
  // RFC 8555 7.5.1: a validation still running after `CHALLENGE_WAIT_MS` goes on after the answer (`processing`;
  // a remote fetch may take up to 10 s) and the client polls; one that ended in time is answered as it ended.
  // An interrupted validation is ended by the next read (`readAuthz`).
  ctx.waitUntil(work.catch(() => undefined));
  const ended = await settledWithin(work, wait);
  if (ended) return { status: 200, body: challengeView(base, a.id, ended, type), headers: up };
  return { status: 200, body: challengeView(base, a.id, s.authz, type), headers: { ...up, 'retry-after': '1' } };
}

/** `work`'s value if it fulfils within `ms`; `undefined` if it is slower or fails (it goes on either way). */
async function settledWithin<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  if (ms <= 0) return undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((done) => {
    timer = setTimeout(done, ms, undefined);
  });
  try {
    return await Promise.race([work.catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The read a POST-as-GET to `path` needs from the account object, run with the authentication (see
 * `authenticate`); `undefined` for the other requests.
 */
function preReadOf(path: string, url: string, env: AcmeEnv): PreRead | undefined {
  const [kind, , id, tail] = path.split('/').slice(2);
  if (!id) return undefined;
  if (kind === 'order' && tail === undefined) return { op: 'getOrder', args: { id } };
  if ((kind === 'authz' && tail === undefined) || (kind === 'chall' && tail)) return { op: 'getAuthz', args: { id } };
  if (kind === 'cert' && tail === undefined) return { op: 'getCertificate', args: { id } };
  if (kind === 'acct' && id === 'orders' && tail === undefined)
    return { op: 'ordersPage', args: { cursor: ordersCursor(url), limit: limitsOf(env).ordersPageSize } };
  return undefined;
}

/**
 * Handles one ACME POST at `path` (already known to be under `/acme/`). `address` is the per-address rate limit's
 * check, started by the caller (its error, or `undefined`).
 *
 * @example
 * ```ts
 * const answer = await handlePost(request, env, base, '/acme/new-order', ctx, Promise.resolve(undefined));
 * ```
 */
export async function handlePost(
  request: Request,
  env: AcmeEnv,
  base: string,
  path: string,
  ctx?: WorkerContext,
  address: Promise<unknown> = Promise.resolve(undefined),
): Promise<Answer> {
  const pre = preReadOf(path, request.url, env);
  const { req, account, read, registration, tenant } = await authenticate(request, env, base, path, address, pre);
  if (path === '/acme/new-account') {
    if (account || !registration) throw new AcmeProblem('malformed', 'newAccount is signed with "jwk", not "kid".');
    return newAccount(env, base, req, registration);
  }
  if (path === '/acme/revoke-cert') return revokeCert(env, req, account);
  if (!account) throw new AcmeProblem('malformed', 'This request needs "kid".');
  const parts = path.split('/').slice(2);
  const [kind, acct, id, tail] = parts;
  if (kind === 'new-order') return newOrder(env, base, account, req.payload ?? {}, tenant);
  if (kind === 'key-change' && acct === undefined) {
    const k = await keyChange(env, base, account, req);
    audit({ event: 'key-change', account: account.id });
    return { status: 200, body: accountView(base, k.account), headers: { location: k.location } };
  }
  if (acct !== account.id) throw new AcmeProblem('unauthorized', 'This resource belongs to another account.');
  const a = account;
  /** The read of this path (`pre`): its answer when it ran with the authentication (a POST-as-GET), else now. */
  const fetched = async <T>(): Promise<T> => {
    if (!read) return rpc<T>(env.ACCOUNTS, a.id, pre!.op, pre!.args);
    if (read.problem) throw AcmeProblem.fromJSON(read.problem, read.headers);
    return read.value as T;
  };
  if (kind === 'acct' && id === undefined) return updateAccount(env, base, a, req.payload);
  if (kind === 'acct' && id === 'orders' && tail === undefined) return ordersList(base, a, await fetched());
  if (kind === 'order' && id && tail === 'finalize') {
    const o = await rpc<OrderRecord>(env.ACCOUNTS, a.id, 'finalize', { id, csr: req.payload?.csr });
    return orderAnswer(base, a.id, o);
  }
  if (kind === 'order' && id && tail === undefined) {
    return orderAnswer(base, a.id, await fetched<OrderRecord>());
  }
  if (kind === 'authz' && id && tail === undefined) {
    const status = req.payload?.status;
    if (status !== undefined && status !== 'deactivated')
      throw new AcmeProblem('malformed', 'An authorization can only be set to "deactivated".');
    const z =
      status === 'deactivated'
        ? await rpc<AuthzRecord>(env.ACCOUNTS, a.id, 'deactivateAuthz', { id })
        : await fetched<AuthzRecord>();
    return { status: 200, body: authzView(base, a.id, z) };
  }
  if (kind === 'chall' && id && tail) {
    const get = req.payload === undefined ? () => fetched<AuthzRecord>() : undefined;
    return challenge(env, base, a, id, tail, get, request.url, ctx);
  }
  if (kind === 'cert' && id && tail === undefined) {
    const pem = await fetched<string>();
    return { status: 200, body: pem, headers: { 'content-type': 'application/pem-certificate-chain' } };
  }
  throw new AcmeProblem('malformed', `Nothing to do at ${path}.`);
}
