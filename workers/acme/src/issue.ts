/**
 * The GlobalSign side of finalize: checks the CSR (names exactly the order's identifiers, `lintCsr` for MSSL, the
 * tenant's key types), places PVOrder with ASYNC_ORDER, probes the order with the Query service, and reconciles a
 * PVOrder whose outcome is unknown. Only the package's public entry points.
 *
 * @module
 */
import {
  isGlobalSignApiError,
  isOrderOutcomeUnknownError,
  isValidationError,
  MsslClient,
  type MsslTypes,
  type OrderSubmission,
  QueryClient,
} from '../../../src/index.ts';
import { lintCsr, orderChain, type ParsedCsr, parseCertificates, parseCsr, toPem } from '../../../src/crypto/index.ts';
import { msslProbe, reconcileOrder } from '../../../src/workflows/index.ts';
import { type AcmeEnv, gsOptions } from './env.ts';
import { pvNames } from './names.ts';
import { AcmeProblem } from './problems.ts';
import type { Tenant } from './tenant.ts';

/** A CSR that may be ordered. */
export interface CheckedCsr {
  readonly pem: string;
  readonly cn: string;
}

function fromB64url(s: string): Uint8Array {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function keyAllowed(tenant: Tenant, csr: ParsedCsr): boolean {
  const k = csr.key;
  if (k.type === 'RSA') return tenant.keyTypes.includes('RSA');
  return k.type === 'EC' && tenant.keyTypes.includes(k.curve as 'P-256');
}

/**
 * Checks a finalize CSR (base64url DER) against the order's names and the tenant; `badCSR` otherwise.
 *
 * @example
 * ```ts
 * const csr = await checkCsr(tenant, ['www.example.com'], payload.csr);
 * ```
 */
export async function checkCsr(tenant: Tenant, names: readonly string[], b64: unknown): Promise<CheckedCsr> {
  if (typeof b64 !== 'string' || !/^[A-Za-z0-9_-]+$/.test(b64)) {
    throw new AcmeProblem('malformed', 'finalize needs "csr": the DER CSR, base64url-encoded.');
  }
  let csr: ParsedCsr;
  try {
    csr = await parseCsr(fromB64url(b64));
  } catch {
    throw new AcmeProblem('badCSR', 'The CSR cannot be decoded.');
  }
  const errors = (await lintCsr(csr, { service: 'MSSL' })).filter((f) => f.severity === 'error');
  if (errors.length) {
    const hint = errors.some((f) => f.code === 'MISSING_CN') ? ' (GlobalSign needs a common name: certbot --csr)' : '';
    throw new AcmeProblem(
      'badCSR',
      `GlobalSign would refuse this CSR: ${errors.map((f) => f.message).join('; ')}${hint}.`,
    );
  }
  if (!keyAllowed(tenant, csr)) throw new AcmeProblem('badCSR', `Allowed CSR keys: ${tenant.keyTypes.join(', ')}.`);
  const cn = (csr.subject.CN ?? '').toLowerCase();
  const inCsr = new Set([cn, ...csr.sans.filter((s) => s.type === 'dns').map((s) => s.value.toLowerCase())]);
  const want = new Set(names);
  const extra = [...inCsr].filter((n) => !want.has(n));
  const missing = names.filter((n) => !inCsr.has(n));
  if (extra.length || missing.length || csr.sans.some((s) => s.type !== 'dns')) {
    const parts = [
      extra.length ? `not in the order: ${extra.join(', ')}` : '',
      missing.length ? `missing: ${missing.join(', ')}` : '',
    ];
    throw new AcmeProblem(
      'badCSR',
      `The CSR must name exactly the order's identifiers (${parts.filter(Boolean).join('; ') || 'non-DNS names'}).`,
    );
  }
  return { pem: toPem(csr.der, 'CERTIFICATE REQUEST'), cn };
}

/** What placing an order did. */
export type Placement =
  | { readonly kind: 'placed'; readonly gsOrderId: string }
  | { readonly kind: 'unknown'; readonly submission: OrderSubmission }
  | { readonly kind: 'refused'; readonly detail: string };

/**
 * The submission record kept before sending, so that a crash mid-call is reconciled, never re-sent blindly.
 *
 * @example
 * ```ts
 * order.gs = { stage: 'submitting', submission: submissionOf(tenant, csr), attempt: 0, nextAt: Date.now() };
 * ```
 */
export function submissionOf(tenant: Tenant, csr: CheckedCsr): OrderSubmission {
  const now = new Date().toISOString();
  return {
    service: 'MSSL',
    operation: 'PVOrder',
    sentAt: now,
    failedAt: now,
    productCode: tenant.productCode,
    profileId: tenant.profileId,
    commonName: csr.cn,
    csr: csr.pem,
  };
}

/**
 * Places PVOrder (ASYNC_ORDER) for a checked CSR.
 *
 * @example
 * ```ts
 * const r = await placeOrder(env, tenant, csr, names); // { kind: 'placed', gsOrderId: 'MS…' }
 * ```
 */
export async function placeOrder(
  env: AcmeEnv,
  tenant: Tenant,
  csr: CheckedCsr,
  names: readonly string[],
): Promise<Placement> {
  const n = pvNames(tenant, csr.cn, names);
  const mssl = new MsslClient(gsOptions(env));
  const request: MsslTypes.MsslPVOrderRequest = {
    OrderRequestParameter: {
      ProductCode: tenant.productCode,
      ...(n.baseOption ? { BaseOption: n.baseOption } : {}),
      OrderKind: 'new',
      Licenses: '1',
      ValidityPeriod: { Months: String(tenant.months) },
      CSR: csr.pem,
      // ASYNC_ORDER always: the call answers at once and the alarm polls (guide 8.7).
      Options: [
        { OptionName: 'ASYNC_ORDER', OptionValue: 'true' },
        ...(n.sanEntries.length ? [{ OptionName: 'SAN', OptionValue: 'true' }] : []),
      ],
    },
    MSSLProfileID: tenant.profileId,
    MSSLDomainID: n.domainId,
    ContactInfo: tenant.contact,
    ...(n.sanEntries.length ? { SANEntries: [...n.sanEntries] } : {}),
  };
  try {
    const res = await mssl.pvOrder(request);
    if (!res.OrderID) return { kind: 'refused', detail: 'GlobalSign answered without an OrderID.' };
    return { kind: 'placed', gsOrderId: res.OrderID };
  } catch (e) {
    if (isOrderOutcomeUnknownError(e)) return { kind: 'unknown', submission: e.submission };
    if (isGlobalSignApiError(e)) {
      return {
        kind: 'refused',
        detail: `GlobalSign refused the order: ${e.errors.map((x) => `${x.ErrorCode} ${x.ErrorMessage ?? ''}`.trim()).join('; ')}`,
      };
    }
    if (isValidationError(e)) return { kind: 'refused', detail: `The order was not sent: ${e.message}` };
    throw e;
  }
}

/** What the Query service says about a placed order. */
export type Progress =
  | { readonly state: 'issued'; readonly chainPem: string }
  | { readonly state: 'failed'; readonly status: string }
  | { readonly state: 'pending'; readonly status: string };

/**
 * Reads a placed order once (GetOrderByOrderID with fulfillment and CA certificates).
 *
 * @example
 * ```ts
 * const p = await probeOrder(env, 'MS0001'); // { state: 'issued', chainPem: '-----BEGIN CERTIFICATE-----…' }
 * ```
 */
export async function probeOrder(env: AcmeEnv, gsOrderId: string, signal?: AbortSignal): Promise<Progress> {
  const r = await msslProbe(new QueryClient(gsOptions(env)))(gsOrderId, signal);
  if (r.state === 'failed') return { state: 'failed', status: r.status };
  if (r.state === 'pending' || !r.certificate) return { state: 'pending', status: r.status };
  const chain = orderChain(parseCertificates(r.certificate));
  return { state: 'issued', chainPem: chain.map((c) => c.pem).join('') };
}

/** What reconciliation found. */
export type Reconciled =
  | { readonly status: 'found'; readonly gsOrderId: string }
  | { readonly status: 'absent' }
  | { readonly status: 'candidates'; readonly gsOrderIds: readonly string[] };

/**
 * Finds out whether a PVOrder whose outcome is unknown was placed (`reconcileOrder`); never places one.
 *
 * @example
 * ```ts
 * const r = await reconcile(env, submission); // { status: 'found', gsOrderId } | { status: 'absent' } | …
 * ```
 */
export async function reconcile(env: AcmeEnv, submission: OrderSubmission, signal?: AbortSignal): Promise<Reconciled> {
  const r = await reconcileOrder({ submission }, new QueryClient(gsOptions(env)), signal ? { signal } : {});
  if (r.status === 'found') return { status: 'found', gsOrderId: r.order.OrderInfo.OrderId };
  if (r.status === 'absent') return r;
  return { status: 'candidates', gsOrderIds: r.orders.map((o) => o.OrderInfo.OrderId) };
}
