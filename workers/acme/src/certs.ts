/**
 * The certificate index: one entry per certificate issued through the gateway, keyed by its RFC 9773 certID
 * (base64url(authorityKeyIdentifier) "." base64url(serial)), in 16 `AcmeCerts` shards picked from a hash of the
 * serial. Written by the account object when an order becomes `valid`; read by revokeCert, ARI and newOrder's
 * `replaces`. Pure helpers here; the Durable Object class is in `cert-index.ts`.
 *
 * @module
 */
import { calculateJwkThumbprint, type JWK } from 'jose';
import { type Certificate, importPublicKey, parseCertificates, toHex } from '../../../src/crypto/index.ts';
import { b64url, fromB64url } from './b64url.ts';
import type { AcmeEnv, DoNamespace } from './env.ts';
import { domainOf } from './names.ts';
import type { DoState } from './nonces.ts';
import { AcmeProblem } from './problems.ts';
import type { AccountRecord, OrderRecord } from './records.ts';
import { rpc } from './storage.ts';

/** The gateway's bindings with the certificate index. */
export type CertEnv = AcmeEnv & { readonly CERTS: DoNamespace };

/** One issued certificate. */
export interface CertEntry {
  readonly certId: string;
  /** Lower-case hex, no sign byte. */
  readonly serial: string;
  readonly accountId: string;
  readonly orderId: string;
  readonly gsOrderId: string;
  readonly tenantKid: string;
  readonly profileId: string;
  /** RFC 7638 thumbprint of the certificate's public key (revocation signed with `jwk`). */
  readonly keyThumbprint: string;
  /** SHA-256 of the certificate's DER (a revocation must present this very certificate). */
  readonly certSha256: string;
  readonly notBefore: string;
  readonly notAfter: string;
  /** DNS names (CN and SANs), lower case. */
  readonly names: readonly string[];
  readonly domainIds: readonly string[];
  readonly issuedAt: string;
  /** Set once revoked: RFC 5280 reason code, when, and who saw it (`gateway`: revokeCert; `globalsign`: found). */
  revoked?: { reason: number; at: string; by: 'gateway' | 'globalsign' };
  /** A REVOKE sent whose answer is not yet stored (settled with checkRevocation before anything is re-sent). */
  revoking?: { reason: number; at: string };
  /** certID of the certificate of a valid order that named this one in `replaces`. */
  replacedBy?: string;
  /** GlobalSign's answers cached for ARI: order status, earliest vetting expiry of the domains, next refresh. */
  gs?: { status?: string; vettingEnd?: string; checkedAt: number; nextAt: number };
}

const SHARDS = '0123456789abcdef';

const hexBytes = (hex: string): Uint8Array =>
  Uint8Array.from((hex.length % 2 ? `0${hex}` : hex).match(/../g) ?? [], (h) => Number.parseInt(h, 16));

/**
 * The RFC 9773 certID of a certificate: base64url(AKI keyIdentifier) "." base64url(DER serial value bytes);
 * `undefined` without an authorityKeyIdentifier.
 *
 * @example
 * ```ts
 * certIdOf(parseCertificate(pem)); // 'aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE'
 * ```
 */
export function certIdOf(cert: Certificate): string | undefined {
  if (!cert.authorityKeyIdentifier) return undefined;
  const serial = hexBytes(cert.serialNumber);
  const der = (serial[0] ?? 0) & 0x80 ? Uint8Array.of(0, ...serial) : serial;
  return `${b64url(hexBytes(cert.authorityKeyIdentifier))}.${b64url(der)}`;
}

/**
 * Parses a certID: its canonical form and its serial (hex without the sign byte); `malformed` otherwise.
 *
 * @example
 * ```ts
 * parseCertId('aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE'); // { certId: '…', serial: '876543' }
 * ```
 */
export function parseCertId(id: unknown): { certId: string; serial: string } {
  const [aki, ser, more] = typeof id === 'string' ? id.split('.') : [];
  const a = aki ? fromB64url(aki) : undefined;
  const s = ser ? fromB64url(ser) : undefined;
  if (!a?.length || !s?.length || more !== undefined || id === undefined || String(id).length > 400) {
    throw new AcmeProblem('malformed', 'A certID is base64url(keyIdentifier) "." base64url(serial) (RFC 9773).');
  }
  const serial = toHex(s).replace(/^(?:00)+(?=..)/, '');
  return { certId: `${b64url(a)}.${b64url(s)}`, serial };
}

/**
 * The index shard of a serial (FNV-1a of its hex, mod 16).
 *
 * @example
 * ```ts
 * rpc(env.CERTS, shardOf(cert.serialNumber), 'get', { certId });
 * ```
 */
export function shardOf(serial: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < serial.length; i++) h = Math.imul(h ^ serial.charCodeAt(i), 0x01000193) >>> 0;
  return `certs:${SHARDS[h % 16]}`;
}

/**
 * Reads the index entry of a certID (`null` when not issued here).
 *
 * @example
 * ```ts
 * const entry = await findCert(env, parseCertId(id));
 * ```
 */
export function findCert(env: CertEnv, id: { certId: string; serial: string }): Promise<CertEntry | null> {
  return rpc<CertEntry | null>(env.CERTS, shardOf(id.serial), 'get', { certId: id.certId });
}

/**
 * The RFC 7638 thumbprint of a certificate's key (as a JWK).
 *
 * @example
 * ```ts
 * (await keyThumbprint(cert)) === (await thumbprint(header.jwk));
 * ```
 */
export async function keyThumbprint(cert: Certificate): Promise<string> {
  const key = await importPublicKey(cert.spkiDer);
  return calculateJwkThumbprint((await crypto.subtle.exportKey('jwk', key)) as JWK, 'sha256');
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
}

/**
 * SHA-256 (hex) of a certificate's DER.
 *
 * @example
 * ```ts
 * if ((await certHash(cert)) !== entry.certSha256) throw new AcmeProblem('malformed', 'Not issued here.');
 * ```
 */
export const certHash = (cert: Certificate): Promise<string> => sha256Hex(cert.der);

/**
 * Builds the index entry of an order's certificate (the leaf of `chainPem`).
 *
 * @example
 * ```ts
 * const entry = await entryOf(account.id, order, chainPem);
 * ```
 */
export async function entryOf(accountId: string, order: OrderRecord, chainPem: string): Promise<CertEntry | null> {
  const leaf = parseCertificates(chainPem)[0];
  const certId = leaf ? certIdOf(leaf) : undefined;
  if (!leaf || !certId) return null;
  const dns = leaf.sans.filter((s) => s.type === 'dns').map((s) => s.value.toLowerCase());
  const names = [...new Set([...(leaf.subject.CN ? [leaf.subject.CN.toLowerCase()] : []), ...dns])];
  const domainIds = [...new Set(names.map((n) => domainOf(order.tenant, n)?.id).filter((d) => d !== undefined))];
  return {
    certId,
    serial: leaf.serialNumber,
    accountId,
    orderId: order.id,
    gsOrderId: order.gs?.gsOrderId ?? '',
    tenantKid: order.tenant.kid,
    profileId: order.tenant.profileId,
    keyThumbprint: await keyThumbprint(leaf),
    certSha256: await certHash(leaf),
    notBefore: leaf.notBefore.toISOString(),
    notAfter: leaf.notAfter.toISOString(),
    names,
    domainIds,
    issuedAt: new Date().toISOString(),
  };
}

/**
 * Indexes the certificate of an order about to become `valid` (idempotent; throws when the index cannot be
 * written, so the caller retries before storing the order as valid), and marks the certificate it `replaces`.
 *
 * @example
 * ```ts
 * await indexCertificate(engine.storage, engine.env, order, chainPem);
 * order.status = 'valid';
 * ```
 */
export async function indexCertificate(
  storage: DoState['storage'],
  env: AcmeEnv,
  order: OrderRecord,
  chainPem: string,
): Promise<void> {
  const account = await storage.get<AccountRecord>('account');
  const entry = account ? await entryOf(account.id, order, chainPem) : null;
  if (!entry) return;
  const e = env as CertEnv;
  await rpc(e.CERTS, shardOf(entry.serial), 'record', entry);
  if (order.replaces) {
    const old = parseCertId(order.replaces);
    await rpc(e.CERTS, shardOf(old.serial), 'markReplaced', { certId: old.certId, by: entry.certId });
  }
}
