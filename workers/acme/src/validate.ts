/**
 * Challenge validation: http-01 (`http://<name>/.well-known/acme-challenge/<token>` answers the key authorization)
 * and dns-01 (a TXT record at `_acme-challenge.<name>` holds base64url(SHA-256(key authorization)), looked up by
 * DNS over HTTPS). For local runs, `LOCAL_VALIDATION` redirects both to 127.0.0.1, and only when the request
 * reached the gateway itself on a loopback address.
 *
 * @module
 */
import { b64url } from './b64url.ts';
import { lookupTxt } from './doh.ts';
import type { AcmeEnv } from './env.ts';
import { type AcmeErrorType, type ProblemDocument, urn } from './problems.ts';

/** Where validations go. */
export interface ValidationTargets {
  readonly httpPort?: number;
  readonly dohUrl: string;
  readonly local: boolean;
}

/**
 * Is `url`'s host a loopback address?
 *
 * @example
 * ```ts
 * isLoopback('http://127.0.0.1:8787/directory'); // true
 * ```
 */
export function isLoopback(url: string): boolean {
  const h = new URL(url).hostname;
  return h === 'localhost' || h === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * The validation targets for a request to `requestUrl`: `LOCAL_VALIDATION` applies only on loopback.
 *
 * @example
 * ```ts
 * const t = targets(env, request.url); // { dohUrl: 'https://cloudflare-dns.com/dns-query', local: false }
 * ```
 */
export function targets(env: AcmeEnv, requestUrl: string): ValidationTargets {
  const dohUrl = env.DOH_URL || 'https://cloudflare-dns.com/dns-query';
  if (!env.LOCAL_VALIDATION || !isLoopback(requestUrl)) return { dohUrl, local: false };
  const o = JSON.parse(env.LOCAL_VALIDATION) as { httpPort?: number; dohUrl?: string };
  return { ...(o.httpPort ? { httpPort: o.httpPort } : {}), dohUrl: o.dohUrl ?? dohUrl, local: true };
}

const fail = (type: AcmeErrorType, detail: string): ProblemDocument => ({ type: urn(type), detail, status: 400 });

async function sha256b64url(text: string): Promise<string> {
  return b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
}

async function http01(
  t: ValidationTargets,
  name: string,
  token: string,
  keyAuth: string,
): Promise<ProblemDocument | undefined> {
  const host = t.httpPort ? `127.0.0.1:${t.httpPort}` : name;
  const url = `http://${host}/.well-known/acme-challenge/${token}`;
  let body: string;
  try {
    const res = await fetch(url, { headers: { host: name }, signal: AbortSignal.timeout(10_000) });
    if (!res.ok)
      return fail('unauthorized', `http://${name}/.well-known/acme-challenge/${token} answered HTTP ${res.status}.`);
    body = (await res.text()).slice(0, 4096);
  } catch {
    return fail('connection', `Could not fetch http://${name}/.well-known/acme-challenge/${token}.`);
  }
  return body.trim() === keyAuth
    ? undefined
    : fail('incorrectResponse', `The key authorization served for ${name} is wrong.`);
}

async function dns01(t: ValidationTargets, name: string, keyAuth: string): Promise<ProblemDocument | undefined> {
  const want = await sha256b64url(keyAuth);
  let txt: string[];
  try {
    txt = await lookupTxt(t.dohUrl, `_acme-challenge.${name}`, AbortSignal.timeout(10_000));
  } catch {
    return fail('dns', `The DNS lookup of _acme-challenge.${name} failed.`);
  }
  if (txt.includes(want)) return undefined;
  return fail('incorrectResponse', `No TXT record at _acme-challenge.${name} holds the expected value.`);
}

/**
 * Validates one challenge; `undefined` on success, else the problem to record.
 *
 * @example
 * ```ts
 * const error = await validate(t, 'http-01', 'www.example.com', token, `${token}.${thumbprint}`);
 * ```
 */
export function validate(
  t: ValidationTargets,
  type: string,
  name: string,
  token: string,
  keyAuth: string,
): Promise<ProblemDocument | undefined> {
  if (type === 'http-01') return http01(t, name, token, keyAuth);
  if (type === 'dns-01') return dns01(t, name, keyAuth);
  return Promise.resolve(fail('malformed', `Unknown challenge type ${type}.`));
}
