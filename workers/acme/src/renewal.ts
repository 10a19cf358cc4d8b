/**
 * Renewal information (ARI, RFC 9773): `GET /acme/renewal-info/{certID}` answers a suggested renewal window from the
 * certificate's validity (from 2/3 to 5/6 of its lifetime), moved to now when GlobalSign reports the order revoked or
 * cancelled, and ended a day before the vetting of one of its MSSL domains expires when that comes first. GlobalSign's
 * answers are cached in the index entry for an hour (five minutes after a failed read), so polling clients cost one
 * Durable Object read. Also newOrder's `replaces` check.
 *
 * @module
 */
import { MsslClient, ORDER_STATUS_CODE as S, QueryClient } from '../../../src/index.ts';
import { checkRevocation } from '../../../src/workflows/index.ts';
import { type CertEntry, type CertEnv, findCert, parseCertId, shardOf } from './certs.ts';
import { type AcmeEnv, gsOptions } from './env.ts';
import type { DoState } from './nonces.ts';
import { Problem } from '../../shared/index.ts';
import { AcmeProblem } from './problems.ts';
import { rpc } from './storage.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** How long GlobalSign's answers are trusted, and the wait after a failed read. */
const CACHE_MS = HOUR;
const RETRY_MS = 5 * MINUTE;
/**
 * `Retry-After` of renewal information, seconds (6 hours).
 *
 * @example
 * ```ts
 * headers['retry-after'] = String(ARI_RETRY_AFTER);
 * ```
 */
export const ARI_RETRY_AFTER = 21_600;
const ENDED: readonly string[] = [S.CANCELLED_NOT_ISSUED, S.CANCELLED_ISSUED, S.WAITING_REVOCATION, S.REVOKED];

/** Why a window left its place in the validity: the anchor of its explanation (`explanationURL`). */
export type RenewalReason = 'revoked' | 'cancelled' | 'vetting';

/** A suggested renewal window (RFC 3339 times), and why it was moved when it was. */
export interface RenewalWindow {
  readonly start: string;
  readonly end: string;
  readonly reason?: RenewalReason;
}

const CANCELLED: readonly string[] = [S.CANCELLED_NOT_ISSUED, S.CANCELLED_ISSUED];

/**
 * The window of an entry at `now`: 2/3 to 5/6 of the validity; `[now − 1 h, now]` once revoked or cancelled; ending
 * a day before the earliest vetting expiry of its domains when that is earlier (`[now − 1 h, now]` if already past).
 *
 * @example
 * ```ts
 * windowOf(entry, Date.now()); // { start: '2027-08-03T…', end: '2027-10-03T…' }
 * ```
 */
export function windowOf(e: CertEntry, now: number): RenewalWindow {
  const nb = Date.parse(e.notBefore);
  const life = Date.parse(e.notAfter) - nb;
  let start = nb + (life * 2) / 3;
  let end = nb + (life * 5) / 6;
  let reason: RenewalReason | undefined;
  const vetting = e.gs?.vettingEnd ? Date.parse(e.gs.vettingEnd) - DAY : Number.POSITIVE_INFINITY;
  if (vetting < end) {
    start = Math.min(start, vetting - (end - start));
    end = vetting;
    reason = 'vetting';
  }
  const status = e.gs?.status ?? '';
  const ended = e.revoked || ENDED.includes(status);
  if (ended) reason = CANCELLED.includes(status) && !e.revoked ? 'cancelled' : 'revoked';
  if (ended || end <= now) {
    start = now - HOUR;
    end = now;
  }
  const iso = (t: number) => new Date(Math.floor(t / 1000) * 1000).toISOString();
  return { start: iso(start), end: iso(end), ...(reason ? { reason } : {}) };
}

/**
 * Where a moved window is explained: `ARI_EXPLANATION_URL` (an operator's page) or the gateway's own
 * `/acme/renewal-explained`, with the reason as the fragment. A setting that is not an http(s) URL is refused.
 *
 * @example
 * ```ts
 * explanationUrl(env, 'https://acme.example.com', 'vetting'); // 'https://acme.example.com/acme/renewal-explained#vetting'
 * ```
 */
export function explanationUrl(env: AcmeEnv, base: string, reason: RenewalReason): string {
  const page = env.ARI_EXPLANATION_URL || `${base}/acme/renewal-explained`;
  let url: URL | undefined;
  try {
    url = new URL(page);
  } catch {}
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.hash) {
    throw new Problem(
      'server-misconfigured',
      'The setting ARI_EXPLANATION_URL must be an http(s) URL without a fragment.',
    );
  }
  return `${url.href}#${reason}`;
}

/** The page `explanationUrl` points at by default: one section per reason, each with what to do. */
const EXPLANATION_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Why renew now?</title></head>
<body>
<h1>Why this certificate should be renewed early</h1>
<p>Your ACME client asked this gateway when to renew a certificate (RFC 9773 renewal information), and the answer
moved the renewal window from its usual place (two thirds into the certificate's life) for one of these reasons.</p>
<h2 id="revoked">Revoked</h2>
<p>The certificate was revoked, through this gateway or at GlobalSign (GCC). Clients and browsers may refuse it now.
Renew at once; the new certificate gets a new key.</p>
<h2 id="cancelled">Cancelled</h2>
<p>The certificate's GlobalSign order was cancelled in GCC. Renew at once.</p>
<h2 id="vetting">Domain vetting about to expire</h2>
<p>GlobalSign's vetting of one of the certificate's MSSL domains expires soon; after that GlobalSign issues nothing
for that domain until it is vetted again. The window ends a day before the vetting does, so that the renewal is
placed while the domain is still vetted. Ask your GlobalSign administrator to renew the domain's vetting in GCC.</p>
</body></html>
`;

/**
 * `GET /acme/renewal-explained`: the page a moved window's `explanationURL` points at by default.
 *
 * @example
 * ```ts
 * if (path === '/acme/renewal-explained' && method === 'GET') return explanationPage();
 * ```
 */
export function explanationPage(): Response {
  return new Response(EXPLANATION_PAGE, {
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=86400' },
  });
}

/** Reads the order status and the vetting expiry of the certificate's domains from GlobalSign. */
async function readGlobalSign(env: AcmeEnv, e: CertEntry): Promise<{ status: string; vettingEnd?: string }> {
  const options = gsOptions(env);
  const { status } = await checkRevocation(new QueryClient(options), e.gsOrderId);
  const res = await new MsslClient(options).getDomains({ ProfileID: e.profileId });
  const ends = (res.DomainDetails ?? [])
    .filter((d) => e.domainIds.includes(d.DomainID) && d.ExpirationDate)
    .map((d) => Date.parse(String(d.ExpirationDate)))
    .filter((t) => !Number.isNaN(t));
  return ends.length ? { status, vettingEnd: new Date(Math.min(...ends)).toISOString() } : { status };
}

/**
 * The index shard's side of ARI: refreshes the cached GlobalSign reads when due, then computes the window (`null`:
 * no such certificate).
 *
 * @example
 * ```ts
 * const w = await renewalWindow(storage, env, certId);
 * ```
 */
export async function renewalWindow(
  storage: DoState['storage'],
  env: AcmeEnv,
  certId: string,
): Promise<RenewalWindow | null> {
  const e = await storage.get<CertEntry>(`c:${certId}`);
  if (!e) return null;
  const now = Date.now();
  if (!e.revoked && (e.gs?.nextAt ?? 0) <= now) {
    try {
      e.gs = { ...(await readGlobalSign(env, e)), checkedAt: now, nextAt: now + CACHE_MS };
    } catch {
      e.gs = { ...e.gs, checkedAt: e.gs?.checkedAt ?? 0, nextAt: now + RETRY_MS };
    }
    await storage.put(`c:${certId}`, e);
  }
  return windowOf(e, now);
}

/**
 * `GET /acme/renewal-info/{certID}`: `{ suggestedWindow }` (and `explanationURL` when the window was moved)
 * with `Retry-After`; 400 for a malformed certID, 404 for
 * one not issued here.
 *
 * @example
 * ```ts
 * if (path.startsWith('/acme/renewal-info/') && method === 'GET') return renewalInfo(env, path, base);
 * ```
 */
export async function renewalInfo(env: AcmeEnv, path: string, base: string): Promise<Response> {
  const id = parseCertId(decodeURIComponent(path.slice('/acme/renewal-info/'.length)));
  const w = await rpc<RenewalWindow | null>((env as CertEnv).CERTS, shardOf(id.serial), 'renewalInfo', {
    certId: id.certId,
  });
  if (!w) throw new AcmeProblem('not-found', 'No certificate with this certID was issued through this gateway.');
  const { reason, ...suggestedWindow } = w;
  const body = reason ? { suggestedWindow, explanationURL: explanationUrl(env, base, reason) } : { suggestedWindow };
  return Response.json(body, { headers: { 'retry-after': String(ARI_RETRY_AFTER) } });
}

/**
 * newOrder's `replaces` (RFC 9773 section 5): a certID of a certificate of this account, not already replaced by a
 * valid order; returns the canonical certID (or `undefined` when absent).
 *
 * @example
 * ```ts
 * const replaces = await checkReplaces(env, account.id, payload.replaces);
 * ```
 */
export async function checkReplaces(env: AcmeEnv, accountId: string, replaces: unknown): Promise<string | undefined> {
  if (replaces === undefined) return undefined;
  const id = parseCertId(replaces);
  const e = await findCert(env as CertEnv, id);
  if (!e || e.accountId !== accountId) {
    throw new AcmeProblem('malformed', '"replaces" names no certificate issued to this account.');
  }
  if (e.replacedBy) throw new AcmeProblem('alreadyReplaced', 'This certificate was already replaced by another order.');
  return id.certId;
}
