/**
 * The JSON objects clients see (RFC 8555 section 7.1) and the URLs of every resource, built from the gateway's
 * base URL (the origin the request reached).
 *
 * @module
 */
import type { AccountRecord, AuthzRecord, OrderRecord } from './records.ts';

/**
 * Resource URLs under a base.
 *
 * @example
 * ```ts
 * urls('https://acme.example.com').order(accountId, orderId);
 * ```
 */
export const urls = (base: string) => ({
  directory: `${base}/directory`,
  newNonce: `${base}/acme/new-nonce`,
  newAccount: `${base}/acme/new-account`,
  newOrder: `${base}/acme/new-order`,
  revokeCert: `${base}/acme/revoke-cert`,
  keyChange: `${base}/acme/key-change`,
  renewalInfo: `${base}/acme/renewal-info`,
  account: (a: string) => `${base}/acme/acct/${a}`,
  orders: (a: string) => `${base}/acme/acct/${a}/orders`,
  order: (a: string, o: string) => `${base}/acme/order/${a}/${o}`,
  finalize: (a: string, o: string) => `${base}/acme/order/${a}/${o}/finalize`,
  authz: (a: string, z: string) => `${base}/acme/authz/${a}/${z}`,
  challenge: (a: string, z: string, t: string) => `${base}/acme/chall/${a}/${z}/${t}`,
  certificate: (a: string, o: string) => `${base}/acme/cert/${a}/${o}`,
});

/**
 * The directory.
 *
 * @example
 * ```ts
 * return Response.json(directoryView(new URL(request.url).origin));
 * ```
 */
export function directoryView(base: string): Record<string, unknown> {
  const u = urls(base);
  return {
    newNonce: u.newNonce,
    newAccount: u.newAccount,
    newOrder: u.newOrder,
    revokeCert: u.revokeCert,
    keyChange: u.keyChange,
    renewalInfo: u.renewalInfo,
    meta: { externalAccountRequired: true, website: 'https://github.com/globalsign-kit' },
  };
}

/**
 * An account object.
 *
 * @example
 * ```ts
 * Response.json(accountView(base, account), { status: 201 });
 * ```
 */
export function accountView(base: string, a: AccountRecord): Record<string, unknown> {
  return { status: a.status, contact: a.contact, orders: urls(base).orders(a.id), termsOfServiceAgreed: true };
}

/**
 * An order object.
 *
 * @example
 * ```ts
 * Response.json(orderView(base, account.id, order));
 * ```
 */
export function orderView(base: string, acct: string, o: OrderRecord): Record<string, unknown> {
  const u = urls(base);
  return {
    status: o.status,
    expires: o.expires,
    identifiers: o.identifiers,
    authorizations: o.authzIds.map((z) => u.authz(acct, z)),
    finalize: u.finalize(acct, o.id),
    ...(o.status === 'valid' ? { certificate: u.certificate(acct, o.id) } : {}),
    ...(o.error ? { error: o.error } : {}),
  };
}

/**
 * One challenge object.
 *
 * @example
 * ```ts
 * challengeView(base, account.id, authz, 'http-01').status; // 'pending'
 * ```
 */
export function challengeView(base: string, acct: string, z: AuthzRecord, type: string): Record<string, unknown> {
  const c = z.challenges.find((x) => x.type === type)!;
  return {
    type: c.type,
    url: urls(base).challenge(acct, z.id, c.type),
    token: c.token,
    status: c.status,
    ...(c.validated ? { validated: c.validated } : {}),
    ...(c.error ? { error: c.error } : {}),
  };
}

/**
 * An authorization object.
 *
 * @example
 * ```ts
 * authzView(base, account.id, authz).challenges;
 * ```
 */
export function authzView(base: string, acct: string, z: AuthzRecord): Record<string, unknown> {
  return {
    identifier: z.identifier,
    status: z.status,
    expires: z.expires,
    challenges: z.challenges.map((c) => challengeView(base, acct, z, c.type)),
    ...(z.wildcard ? { wildcard: true } : {}),
  };
}
