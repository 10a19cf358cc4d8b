/**
 * revokeCert (RFC 8555 section 7.6): signed by an account (`kid`: the account that ordered the certificate, or one
 * holding valid authorizations for every name in it) or by the certificate's own key (`jwk`). The certificate must
 * be one this gateway issued (its index entry, same DER). The GlobalSign side, ModifyMSSLOrder REVOKE, runs in the
 * certificate's index shard, one at a time per certificate; a lost answer is settled with `checkRevocation` before
 * answering or sending again.
 *
 * @module
 */
import {
  type ApiErrorDetail,
  isGlobalSignApiError,
  MsslClient,
  ORDER_STATUS_CODE as S,
  QueryClient,
} from '../../../src/index.ts';
import { type Certificate, parseCertificate } from '../../../src/crypto/index.ts';
import { checkRevocation } from '../../../src/workflows/index.ts';
import { audit } from './audit.ts';
import { type CertEntry, type CertEnv, certHash, certIdOf, findCert, parseCertId, shardOf } from './certs.ts';
import { fromB64url } from './b64url.ts';
import { type AcmeEnv, gsOptions } from './env.ts';
import { thumbprint, type VerifiedRequest } from './jws.ts';
import type { DoState } from './nonces.ts';
import { AcmeProblem } from './problems.ts';
import type { AccountRecord, AuthzRecord } from './records.ts';
import { rpc } from './storage.ts';

/**
 * The RFC 5280 reason codes revokeCert accepts (GlobalSign's REVOKE itself takes no reason: it is kept in the
 * index and the audit line).
 *
 * @example
 * ```ts
 * REASONS[1]; // 'keyCompromise'
 * ```
 */
export const REASONS: Readonly<Record<number, string>> = {
  0: 'unspecified',
  1: 'keyCompromise',
  3: 'affiliationChanged',
  4: 'superseded',
  5: 'cessationOfOperation',
};

/** Order statuses that show the certificate is out of use: cancelled after issue, waiting revocation, revoked. */
const GONE: readonly string[] = [S.CANCELLED_ISSUED, S.WAITING_REVOCATION, S.REVOKED];

const notHere = (): AcmeProblem =>
  new AcmeProblem('malformed', 'This certificate was not issued through this gateway; revoke it where it was ordered.');

function readRequest(payload: Record<string, unknown> | undefined): { cert: Certificate; reason: number } {
  const der = typeof payload?.certificate === 'string' ? fromB64url(payload.certificate) : undefined;
  if (!der) throw new AcmeProblem('malformed', 'revokeCert needs "certificate": the DER certificate, base64url.');
  const reason = payload && 'reason' in payload ? payload.reason : 0;
  if (typeof reason !== 'number' || !(reason in REASONS)) {
    throw new AcmeProblem('badRevocationReason', 'Reason codes accepted: 0, 1, 3, 4, 5 (RFC 5280 section 5.3.1).');
  }
  try {
    return { cert: parseCertificate(der), reason };
  } catch {
    throw new AcmeProblem('malformed', 'The "certificate" is not a DER X.509 certificate.');
  }
}

/**
 * Whether the account's valid, unexpired authorizations cover every name (a wildcard by its base name).
 *
 * @example
 * ```ts
 * await coversNames(storage, ['www.example.com', '*.example.com']); // true or false
 * ```
 */
export async function coversNames(storage: DoState['storage'], names: readonly string[]): Promise<boolean> {
  const now = Date.now();
  const held = new Set<string>();
  for (const z of (await storage.list<AuthzRecord>({ prefix: 'authz:' })).values()) {
    if (z.status === 'valid' && Date.parse(z.expires) > now) held.add(z.identifier.value);
  }
  return names.length > 0 && names.every((n) => held.has(n.replace(/^\*\./, '')));
}

async function authorize(env: CertEnv, req: VerifiedRequest, account: AccountRecord | undefined, e: CertEntry) {
  if (!account) {
    if ((await thumbprint(req.jwk)) === e.keyThumbprint) return;
    throw new AcmeProblem('unauthorized', 'The "jwk" is not the key of this certificate.');
  }
  if (account.id === e.accountId) return;
  if (await rpc<boolean>(env.ACCOUNTS, account.id, 'coversNames', { names: e.names })) return;
  throw new AcmeProblem(
    'unauthorized',
    'This account neither ordered this certificate nor holds valid authorizations for all its names.',
  );
}

/**
 * Handles `POST /acme/revoke-cert` (already verified: `account` for `kid`, none for `jwk`). 200 once revoked.
 *
 * @example
 * ```ts
 * if (path === '/acme/revoke-cert') return revokeCert(env, req, account);
 * ```
 */
export async function revokeCert(
  env: AcmeEnv,
  req: VerifiedRequest,
  account: AccountRecord | undefined,
): Promise<{ status: number; body: string }> {
  const { cert, reason } = readRequest(req.payload);
  const certId = certIdOf(cert);
  if (!certId) throw notHere();
  const id = parseCertId(certId);
  const e = env as CertEnv;
  const entry = await findCert(e, id);
  if (!entry || entry.certSha256 !== (await certHash(cert))) throw notHere();
  await authorize(e, req, account, entry);
  if (entry.revoked) throw alreadyRevoked(entry);
  await rpc(e.CERTS, shardOf(id.serial), 'revoke', { certId: id.certId, reason });
  return { status: 200, body: '' };
}

const alreadyRevoked = (e: CertEntry): AcmeProblem =>
  new AcmeProblem('alreadyRevoked', `This certificate was revoked on ${e.revoked?.at ?? 'an earlier date'}.`);

const refusal = (errors: readonly ApiErrorDetail[]): string =>
  errors.map((x) => `${x.ErrorCode} ${x.ErrorMessage ?? ''}`.trim()).join('; ');

/** The index shard's side of a revocation: storage of the shard, and the bindings. */
export interface RevokeContext {
  readonly storage: DoState['storage'];
  readonly env: AcmeEnv;
}

async function markRevoked(c: RevokeContext, e: CertEntry, reason: number, by: 'gateway' | 'globalsign') {
  e.revoked = { reason, at: new Date().toISOString(), by };
  delete e.revoking;
  await c.storage.put(`c:${e.certId}`, e);
  audit({
    event: 'revoked',
    account: e.accountId,
    order: e.orderId,
    gsOrderId: e.gsOrderId,
    kind: by === 'gateway' ? (REASONS[reason] ?? 'unspecified') : 'found-revoked-at-globalsign',
  });
}

/**
 * ModifyMSSLOrder REVOKE for an indexed certificate (the shard runs one per certificate at a time). A REVOKE left
 * without an answer (lost, or the object died mid-call) is settled with `checkRevocation` first; a refusal whose
 * order shows it revoked or cancelled is `alreadyRevoked`.
 *
 * @example
 * ```ts
 * await revokeAtGlobalSign({ storage, env }, certId, 1);
 * ```
 */
export async function revokeAtGlobalSign(c: RevokeContext, certId: string, reason: number): Promise<void> {
  const e = await c.storage.get<CertEntry>(`c:${certId}`);
  if (!e) throw notHere();
  if (e.revoked) throw alreadyRevoked(e);
  const query = new QueryClient(gsOptions(c.env));
  if (!e.revoking && GONE.includes(e.gs?.status ?? '')) {
    // ARI's cached read already saw the order revoked or cancelled at GlobalSign (that never goes back).
    await markRevoked(c, e, 0, 'globalsign');
    throw alreadyRevoked(e);
  }
  if (e.revoking && GONE.includes(await settle(query, e.gsOrderId))) {
    await markRevoked(c, e, e.revoking.reason, 'gateway');
    return;
  }
  e.revoking = { reason, at: new Date().toISOString() };
  await c.storage.put(`c:${certId}`, e);
  try {
    await new MsslClient(gsOptions(c.env)).modifyMsslOrder({ OrderID: e.gsOrderId, ModifyOrderOperation: 'REVOKE' });
  } catch (err) {
    const status = await settle(query, e.gsOrderId);
    if (GONE.includes(status)) {
      const refused = isGlobalSignApiError(err);
      await markRevoked(c, e, reason, refused ? 'globalsign' : 'gateway');
      if (refused) throw alreadyRevoked(e);
      return;
    }
    delete e.revoking;
    await c.storage.put(`c:${certId}`, e);
    const why = isGlobalSignApiError(err)
      ? `GlobalSign refused it: ${refusal(err.errors)}`
      : 'GlobalSign did not answer';
    throw new AcmeProblem('serverInternal', `The certificate is not revoked (${why}); try again later.`);
  }
  await markRevoked(c, e, reason, 'gateway');
}

/** Reads the order's status; `serverInternal` (the REVOKE stays marked unsettled) when GlobalSign cannot be read. */
async function settle(query: QueryClient, gsOrderId: string): Promise<string> {
  try {
    return (await checkRevocation(query, gsOrderId)).status;
  } catch {
    throw new AcmeProblem(
      'serverInternal',
      'Whether GlobalSign revoked the certificate is not known yet; retry: it is checked before anything is sent again.',
    );
  }
}
