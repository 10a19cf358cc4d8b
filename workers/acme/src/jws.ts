/**
 * JWS requests (RFC 8555 section 6.2): flattened JSON serialisation, protected `alg` (ES256, ES384, RS256),
 * `nonce`, `url`, and exactly one of `jwk` (newAccount) and `kid` (every other request). Signatures are checked with
 * `jose`.
 *
 * @module
 */
import { calculateJwkThumbprint, type FlattenedJWSInput, flattenedVerify, importJWK, type JWK } from 'jose';
import { AcmeProblem } from './problems.ts';

/**
 * Signature algorithms accepted on requests.
 *
 * @example
 * ```ts
 * JWS_ALGS.includes(header.alg); // ES256, ES384, RS256
 * ```
 */
export const JWS_ALGS: readonly string[] = ['ES256', 'ES384', 'RS256'];

/** The protected header members the gateway reads. */
export interface AcmeHeader {
  readonly alg: string;
  readonly nonce?: unknown;
  readonly url?: unknown;
  readonly kid?: string;
  readonly jwk?: JWK;
}

/** A verified request. */
export interface VerifiedRequest {
  readonly header: AcmeHeader;
  /** The payload, parsed; `undefined` for POST-as-GET (empty payload). */
  readonly payload: Record<string, unknown> | undefined;
  /** The key that signed it (the account's key for `kid` requests). */
  readonly jwk: JWK;
}

const malformed = (detail: string): AcmeProblem => new AcmeProblem('malformed', detail);

function decodeJson(b64: string, what: string): unknown {
  try {
    const bin = atob(b64.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
  } catch {
    throw malformed(`The JWS ${what} is not base64url-encoded JSON.`);
  }
}

/**
 * Parses a flattened JWS body and its protected header (not yet verified).
 *
 * @example
 * ```ts
 * const { jws, header } = parseJws(await request.text());
 * ```
 */
export function parseJws(text: string): { jws: FlattenedJWSInput; header: AcmeHeader } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw malformed('The body is not JSON: send a flattened JWS (application/jose+json).');
  }
  const b = body as Record<string, unknown>;
  if (typeof b.protected !== 'string' || typeof b.payload !== 'string' || typeof b.signature !== 'string') {
    throw malformed('The body must be a flattened JWS with "protected", "payload" and "signature".');
  }
  if ('header' in b) throw malformed('The JWS must not carry an unprotected header.');
  const header = decodeJson(b.protected, 'protected header') as AcmeHeader;
  if (typeof header !== 'object' || header === null) throw malformed('The protected header must be an object.');
  if (!JWS_ALGS.includes(header.alg)) {
    throw new AcmeProblem('badSignatureAlgorithm', `The JWS algorithm ${String(header.alg)} is not accepted.`);
  }
  if ((header.kid === undefined) === (header.jwk === undefined)) {
    throw malformed('The protected header must carry exactly one of "kid" and "jwk".');
  }
  return { jws: { protected: b.protected, payload: b.payload, signature: b.signature }, header };
}

/** Imported public keys by algorithm and key, most recently used last (an isolate serves many requests). */
const imported = new Map<string, Promise<CryptoKey | Uint8Array>>();
const IMPORTED_MAX = 512;

function importKey(jwk: JWK, alg: string): Promise<CryptoKey | Uint8Array> {
  const id = `${alg} ${jwk.kty} ${jwk.crv ?? ''} ${jwk.x ?? ''} ${jwk.y ?? ''} ${jwk.n ?? ''} ${jwk.e ?? ''}`;
  let key = imported.get(id);
  if (key) imported.delete(id);
  else {
    key = importJWK(publicJwk(jwk), alg);
    key.catch(() => imported.delete(id));
  }
  imported.set(id, key);
  if (imported.size > IMPORTED_MAX) imported.delete(imported.keys().next().value as string);
  return key;
}

/**
 * Verifies the signature of `jws` with `jwk` and decodes its payload.
 *
 * @example
 * ```ts
 * const req = await verifyJws(jws, header, accountJwk);
 * ```
 */
export async function verifyJws(jws: FlattenedJWSInput, header: AcmeHeader, jwk: JWK): Promise<VerifiedRequest> {
  checkKey(jwk);
  let payload: Uint8Array;
  try {
    const key = await importKey(jwk, header.alg);
    payload = (await flattenedVerify(jws, key, { algorithms: [...JWS_ALGS] })).payload;
  } catch {
    throw malformed('The JWS signature does not verify with the key it names.');
  }
  if (payload.length === 0) return { header, payload: undefined, jwk };
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    throw malformed('The JWS payload is not JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed('The JWS payload must be a JSON object.');
  }
  return { header, payload: value as Record<string, unknown>, jwk };
}

/**
 * Account keys: RSA of at least 2048 bits, EC on P-256 or P-384.
 *
 * @example
 * ```ts
 * checkKey({ kty: 'EC', crv: 'P-256', x, y }); // throws badPublicKey for RSA under 2048 bits
 * ```
 */
export function checkKey(jwk: JWK): void {
  if (jwk.kty === 'RSA') {
    const bits = ((jwk.n ?? '').replace(/=+$/, '').length * 6) & ~7;
    if (bits < 2048) throw new AcmeProblem('badPublicKey', 'RSA account keys need at least 2048 bits.');
    return;
  }
  if (jwk.kty === 'EC' && (jwk.crv === 'P-256' || jwk.crv === 'P-384')) return;
  throw new AcmeProblem('badPublicKey', 'Account keys are RSA (2048+ bits) or EC on P-256 or P-384.');
}

/**
 * The public members of a JWK (what an account stores).
 *
 * @example
 * ```ts
 * const stored = publicJwk(header.jwk); // kty, crv, x, y, n, e only
 * ```
 */
export function publicJwk(jwk: JWK): JWK {
  const { kty, crv, x, y, n, e } = jwk;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries({ kty, crv, x, y, n, e })) if (typeof v === 'string') out[k] = v;
  return out as JWK;
}

/**
 * RFC 7638 thumbprint (SHA-256, base64url): the account id and the second half of key authorizations.
 *
 * @example
 * ```ts
 * const keyAuthorization = `${token}.${await thumbprint(jwk)}`;
 * ```
 */
export function thumbprint(jwk: JWK): Promise<string> {
  return calculateJwkThumbprint(jwk, 'sha256');
}
