/**
 * The ACME request pipeline: every POST is a JWS checked here (algorithm, `kid` xor `jwk`, signature, `url`,
 * nonce) before the account's Durable Object sees it; then newAccount, newOrder and the POST(-as-GET) resources.
 *
 * @module
 */
import { verifyEab } from './eab.ts';
import { readBodyText } from '../../shared/index.ts';
import { audit } from './audit.ts';
import { type AcmeEnv, intSetting } from './env.ts';
import { checkKey, parseJws, publicJwk, thumbprint, type VerifiedRequest, verifyJws } from './jws.ts';
import { type KeyedAccount, type KeyLookup, keyChange } from './keychange.ts';
import { checkContact, limitsOf, rateLimited } from './limits.ts';
import { checkIdentifiers } from './names.ts';
import { spendNonce } from './nonces.ts';
import { checkReplaces } from './renewal.ts';
import { revokeCert } from './revoke.ts';
import { AcmeProblem } from './problems.ts';
import type { AccountRecord, AuthzRecord, OrderRecord, TenantSnapshot } from './records.ts';
import { rpc } from './storage.ts';
import { getTenant } from './tenant.ts';
import { targets, validate } from './validate.ts';
import { accountView, authzView, challengeView, orderView, urls } from './views.ts';

/** An answer before the nonce and index link are added. */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

const ACCT = /^[A-Za-z0-9_-]{43}$/;

async function readBody(request: Request, env: AcmeEnv): Promise<string> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/jose\+json\b/i.test(type)) {
    throw new AcmeProblem('unsupported-media-type', 'Send application/jose+json (RFC 8555 section 6.2).');
  }
  return readBodyText(request, intSetting('MAX_BODY_BYTES', env.MAX_BODY_BYTES, 65536, 1024));
}

/** What the account object answers for a `kid` request (null: no such account). */
interface KidAuth {
  readonly account: KeyedAccount;
  readonly req: VerifiedRequest;
  readonly retryAfter?: number;
  readonly limit?: string;
}

/**
 * Verifies a request; `kid` requests are verified by their account's object, which also counts them against the
 * account's rate limits (one round trip).
 */
async function authenticate(
  request: Request,
  env: AcmeEnv,
  base: string,
  path: string,
): Promise<{ req: VerifiedRequest; account?: AccountRecord }> {
  const { jws, header } = parseJws(await readBody(request, env));
  let account: AccountRecord | undefined;
  let req: VerifiedRequest;
  if (header.jwk) {
    if (request.url !== urls(base).newAccount && request.url !== urls(base).revokeCert)
      throw new AcmeProblem('malformed', 'Only newAccount and revokeCert take "jwk"; use "kid".');
    req = await verifyJws(jws, header, publicJwk(header.jwk));
  } else {
    const prefix = `${base}/acme/acct/`;
    const id = header.kid?.startsWith(prefix) ? header.kid.slice(prefix.length) : '';
    const args = { jws, header, newOrder: path === '/acme/new-order' };
    const found = ACCT.test(id) ? await rpc<KidAuth | null>(env.ACCOUNTS, id, 'authenticate', args) : null;
    if (!found) throw new AcmeProblem('accountDoesNotExist', 'The "kid" names no account of this server.');
    if (found.retryAfter !== undefined) {
      throw rateLimited(found.limit === 'newOrder' ? 'newOrder' : 'account', found.retryAfter, id);
    }
    account = found.account;
    req = found.req;
  }
  if (header.url !== request.url)
    throw new AcmeProblem('unauthorized', 'The JWS "url" is not the URL this request was sent to.');
  await spendNonce(env, header.nonce);
  if (account && account.status !== 'valid') throw new AcmeProblem('unauthorized', 'The account is deactivated.');
  return account ? { req, account } : { req };
}

async function newAccount(env: AcmeEnv, base: string, req: VerifiedRequest): Promise<Answer> {
  const p = req.payload ?? {};
  checkKey(req.jwk);
  const id = await thumbprint(req.jwk);
  const found = await rpc<KeyLookup>(env.ACCOUNTS, id, 'lookupKey', { tp: id });
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
    if (p.externalAccountBinding !== undefined) {
      const t = await verifyEab(env, p.externalAccountBinding, req.jwk, urls(base).newAccount);
      if (t.kid !== existing.tenantKid)
        throw new AcmeProblem('unauthorized', 'This account key is bound to another tenant.');
    }
    return { status: 200, body: accountView(base, existing), headers: location };
  }
  if (p.onlyReturnExisting === true) throw new AcmeProblem('accountDoesNotExist', 'No account with this key.');
  const contact = checkContact(env, p.contact) ?? [];
  const tenant = await verifyEab(env, p.externalAccountBinding, req.jwk, urls(base).newAccount);
  const a = await rpc<AccountRecord>(env.ACCOUNTS, id, 'createAccount', {
    id,
    jwk: req.jwk,
    tenantKid: tenant.kid,
    contact,
  });
  audit({ event: 'account', account: id, tenant: tenant.kid });
  return { status: 201, body: accountView(base, a), headers: { location: urls(base).account(id) } };
}

async function newOrder(
  env: AcmeEnv,
  base: string,
  account: AccountRecord,
  p: Record<string, unknown>,
): Promise<Answer> {
  const tenant = await getTenant(env, account.tenantKid);
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

/** The account's orders list, one page (`ORDERS_PAGE_SIZE`) per request, `Link: rel="next"` to the next. */
async function ordersList(env: AcmeEnv, base: string, a: AccountRecord, url: string): Promise<Answer> {
  const c = new URL(url).searchParams.get('cursor');
  if (c !== null && !/^\d{1,9}$/.test(c)) throw new AcmeProblem('malformed', 'The orders "cursor" is not one of ours.');
  const limit = limitsOf(env).ordersPageSize;
  const page = await rpc<{ ids: string[]; next?: number }>(env.ACCOUNTS, a.id, 'ordersPage', {
    cursor: c === null ? 0 : Number(c),
    limit,
  });
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
  post: boolean,
  url: string,
  ctx: WorkerContext | undefined,
): Promise<Answer> {
  const up = { link: `<${urls(base).authz(a.id, z)}>;rel="up"` };
  if (!post) {
    const authz = await rpc<AuthzRecord>(env.ACCOUNTS, a.id, 'getAuthz', { id: z });
    return { status: 200, body: challengeView(base, a.id, authz, type), headers: up };
  }
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
  // RFC 8555 7.5.1: answered `processing`, validated after the answer (the request does not wait for a remote
  // fetch of up to 10 s); the client polls. An interrupted validation is ended by the next read (`readAuthz`).
  ctx.waitUntil(work.catch(() => undefined));
  return { status: 200, body: challengeView(base, a.id, s.authz, type), headers: { ...up, 'retry-after': '1' } };
}

/**
 * Handles one ACME POST at `path` (already known to be under `/acme/`).
 *
 * @example
 * ```ts
 * const answer = await handlePost(request, env, base, '/acme/new-order');
 * ```
 */
export async function handlePost(
  request: Request,
  env: AcmeEnv,
  base: string,
  path: string,
  ctx?: WorkerContext,
): Promise<Answer> {
  const { req, account } = await authenticate(request, env, base, path);
  if (path === '/acme/new-account') {
    if (account) throw new AcmeProblem('malformed', 'newAccount is signed with "jwk", not "kid".');
    return newAccount(env, base, req);
  }
  if (path === '/acme/revoke-cert') return revokeCert(env, req, account);
  if (!account) throw new AcmeProblem('malformed', 'This request needs "kid".');
  const parts = path.split('/').slice(2);
  const [kind, acct, id, tail] = parts;
  if (kind === 'new-order') return newOrder(env, base, account, req.payload ?? {});
  if (kind === 'key-change' && acct === undefined) {
    const k = await keyChange(env, base, account, req);
    audit({ event: 'key-change', account: account.id });
    return { status: 200, body: accountView(base, k.account), headers: { location: k.location } };
  }
  if (acct !== account.id) throw new AcmeProblem('unauthorized', 'This resource belongs to another account.');
  const a = account;
  if (kind === 'acct' && id === undefined) return updateAccount(env, base, a, req.payload);
  if (kind === 'acct' && id === 'orders' && tail === undefined) return ordersList(env, base, a, request.url);
  if (kind === 'order' && id && tail === 'finalize') {
    const o = await rpc<OrderRecord>(env.ACCOUNTS, a.id, 'finalize', { id, csr: req.payload?.csr });
    return orderAnswer(base, a.id, o);
  }
  if (kind === 'order' && id && tail === undefined) {
    return orderAnswer(base, a.id, await rpc<OrderRecord>(env.ACCOUNTS, a.id, 'getOrder', { id }));
  }
  if (kind === 'authz' && id && tail === undefined) {
    const status = req.payload?.status;
    if (status !== undefined && status !== 'deactivated')
      throw new AcmeProblem('malformed', 'An authorization can only be set to "deactivated".');
    const op = status === 'deactivated' ? 'deactivateAuthz' : 'getAuthz';
    const z = await rpc<AuthzRecord>(env.ACCOUNTS, a.id, op, { id });
    return { status: 200, body: authzView(base, a.id, z) };
  }
  if (kind === 'chall' && id && tail)
    return challenge(env, base, a, id, tail, req.payload !== undefined, request.url, ctx);
  if (kind === 'cert' && id && tail === undefined) {
    const pem = await rpc<string>(env.ACCOUNTS, a.id, 'getCertificate', { id });
    return { status: 200, body: pem, headers: { 'content-type': 'application/pem-certificate-chain' } };
  }
  throw new AcmeProblem('malformed', `Nothing to do at ${path}.`);
}
