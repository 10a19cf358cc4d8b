/**
 * External Account Binding (RFC 8555 section 7.3.4): newAccount must carry a JWS, MACed with the tenant's HMAC key,
 * whose payload is the account key and whose protected header names the tenant (`kid`) and the newAccount URL.
 *
 * @module
 */
import { type FlattenedJWSInput, flattenedVerify, type JWK } from 'jose';
import { AcmeProblem } from './problems.ts';
import { thumbprint } from './jws.ts';
import type { AcmeEnv } from './env.ts';
import { getTenant, type Tenant } from './tenant.ts';

const MAC_ALGS = ['HS256', 'HS384', 'HS512'];

function decode(b64: string): Record<string, unknown> {
  try {
    const bin = atob(b64.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)))) as Record<
      string,
      unknown
    >;
  } catch {
    throw new AcmeProblem('malformed', 'externalAccountBinding is not a valid JWS.');
  }
}

/**
 * Checks `eab` for the account key `jwk` sent to `url`; returns the tenant it binds to. A missing binding is
 * `externalAccountRequired`; an unknown key id or a wrong MAC is `unauthorized`.
 *
 * @example
 * ```ts
 * const tenant = await verifyEab(env, payload.externalAccountBinding, jwk, `${base}/acme/new-account`);
 * ```
 */
export async function verifyEab(env: AcmeEnv, eab: unknown, jwk: JWK, url: string): Promise<Tenant> {
  if (eab === undefined || eab === null) {
    throw new AcmeProblem(
      'externalAccountRequired',
      'This server needs an external account binding (EAB key id and HMAC key from your administrator).',
    );
  }
  const e = eab as Record<string, unknown>;
  if (typeof e.protected !== 'string' || typeof e.payload !== 'string' || typeof e.signature !== 'string') {
    throw new AcmeProblem('malformed', 'externalAccountBinding must be a flattened JWS.');
  }
  const header = decode(e.protected);
  if (typeof header.alg !== 'string' || !MAC_ALGS.includes(header.alg)) {
    throw new AcmeProblem('malformed', 'externalAccountBinding must be MACed with HS256, HS384 or HS512.');
  }
  if ('nonce' in header) throw new AcmeProblem('malformed', 'externalAccountBinding must not carry a nonce.');
  if (header.url !== url) throw new AcmeProblem('unauthorized', 'externalAccountBinding names another URL.');
  const tenant = typeof header.kid === 'string' ? await getTenant(env, header.kid) : null;
  if (!tenant) throw new AcmeProblem('unauthorized', 'The EAB key id is unknown.');
  const key = Uint8Array.from(atob(tenant.hmacKey.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  try {
    await flattenedVerify(e as unknown as FlattenedJWSInput, key, { algorithms: MAC_ALGS });
  } catch {
    throw new AcmeProblem('unauthorized', 'The EAB MAC does not verify with the key of this key id.');
  }
  const bound = decode(e.payload) as JWK;
  if ((await thumbprint(bound).catch(() => '')) !== (await thumbprint(jwk))) {
    throw new AcmeProblem('unauthorized', 'externalAccountBinding binds another account key.');
  }
  return tenant;
}
