/**
 * MSSL renewals: find the certificates expiring in a window (GetOrderByExpirationDate, past the 500-item cap), the
 * domains whose vetting expires soon (GetDomains), and renew an order with a new key and a CSR carrying the same
 * names (PVOrder with OrderKind `renewal` and RenewalTargetOrderID), optionally silencing the old order's renewal
 * notices (ToggleRenewalNotice) and waiting for the new certificate.
 *
 * @module
 */
import type { QueryOrderDetail, QuerySearchOrderDetail } from '../clients/query-types.ts';
import type { MsslClient } from '../clients/mssl.ts';
import type { MsslContactInfo, MsslGetDomainsDomainDetail, MsslPVOrderRequest } from '../clients/mssl-types.ts';
import type { QueryClient } from '../clients/query.ts';
import { createCsr, generateKeyPair, type KeyAlgorithmName, type KeyPairInfo } from '../crypto/index.ts';
import type { SubjectAltName } from '../crypto/extensions.ts';
import { ValidationError, XmlError } from '../errors.ts';
import { msslProduct, recordedProductCode } from '../services/products.ts';
import { DOMAIN_STATUS } from '../services/status.ts';
import { type MsslIssuedOrder, msslOrderAndWait, withAsyncOrder } from './mssl-wait.ts';
import { type SearchExpiringOrdersOptions, searchExpiringOrders } from './mssl-sync.ts';
import type { PollOptions } from './poll.ts';
import { type WindowedListing, windowedListing } from './windows.ts';

/** Options of {@link findExpiring}: the window on certificate expiry, GetOrderByExpirationDate's filters. */
export interface FindExpiringOptions extends Omit<SearchExpiringOrdersOptions, 'filter'> {
  readonly to: Date | string;
  readonly FQDN?: string;
  readonly OrderKind?: string;
  readonly OrderStatus?: string;
  readonly SubID?: string;
}

/**
 * Every order whose certificate expires in `[from, to]`, each OrderID once, windows split wherever an answer holds
 * the cap of 500 (a one-millisecond window still full is an error, never a loop); resumable from `checkpoint`.
 *
 * @example
 * ```ts
 * const now = Date.now();
 * for await (const o of findExpiring(query, { from: new Date(now), to: new Date(now + 30 * 86_400_000) }))
 *   console.log(o.OrderID, o.FQDN);
 * ```
 */
export function findExpiring(
  query: QueryClient,
  options: FindExpiringOptions,
): WindowedListing<QuerySearchOrderDetail> {
  const { FQDN, OrderKind, OrderStatus, SubID, ...window } = options;
  const filter = {
    ...(FQDN !== undefined ? { FQDN } : {}),
    ...(OrderKind !== undefined ? { OrderKind } : {}),
    ...(OrderStatus !== undefined ? { OrderStatus } : {}),
    ...(SubID !== undefined ? { SubID } : {}),
  };
  return searchExpiringOrders(query, { ...window, filter });
}

/**
 * The account's domains whose vetting expires within `within` ms of `now` (GetDomains over ExpirationDateRange,
 * split past the 500-item cap), soonest first.
 *
 * @example
 * ```ts
 * const soon = await findExpiringDomains(mssl, { within: 30 * 86_400_000 });
 * for (const d of soon) await renewDomain(mssl, { domainId: d.DomainID, profileId: d.MSSLProfileID, method: 'DNS' });
 * ```
 */
export async function findExpiringDomains(
  mssl: MsslClient,
  options: { profileId?: string; within: number; now?: Date; signal?: AbortSignal },
): Promise<MsslGetDomainsDomainDetail[]> {
  const now = (options.now ?? new Date()).getTime();
  const listing = windowedListing<MsslGetDomainsDomainDetail>({
    from: new Date(now),
    to: new Date(now + options.within),
    key: (d) => d.DomainID,
    ...(options.signal ? { signal: options.signal } : {}),
    fetch: async ({ from, to }, signal) => {
      const res = await mssl.getDomains(
        {
          ...(options.profileId ? { ProfileID: options.profileId } : {}),
          ExpirationDateRange: { StartDate: from, EndDate: to },
        },
        signal ? { signal } : {},
      );
      const list = res.DomainDetails ?? [];
      return list.length >= 500 ? 'split' : list;
    },
  });
  const out: MsslGetDomainsDomainDetail[] = [];
  for await (const d of listing) out.push(d);
  return out.sort((a, b) => Date.parse(a.ExpirationDate ?? '') - Date.parse(b.ExpirationDate ?? ''));
}

/** Options of {@link renewOrder}. */
export interface RenewOrderOptions {
  /** The order to renew, by ID (read with GetOrderByOrderID), or its OrderDetail with certificate info and SANs. */
  readonly orderId?: string;
  readonly order?: QueryOrderDetail;
  /** Key of the new certificate (default `P-256`, which every MSSL product with a CSR accepts). */
  readonly keyAlgorithm?: KeyAlgorithmName;
  /** Whether the new private key may be exported (default `true`: it has to reach a server). */
  readonly extractable?: boolean;
  readonly crypto?: Crypto;
  /** Turns the old order's renewal notices off once the renewal is placed (ToggleRenewalNotice). */
  readonly toggleRenewalNotice?: boolean;
  /** Default: the approved domain of the account that covers the common name (GetDomains). */
  readonly profileId?: string;
  readonly domainId?: string;
  /** Default: the old order's ContactInfo, when the service shows it. */
  readonly contact?: MsslContactInfo;
  /** Wait for the new certificate with these polling options (default: place the order only). */
  readonly wait?: PollOptions;
  /** Told the new OrderID as soon as it is known. */
  readonly onOrdered?: (orderId: string) => void;
  /**
   * Given the new key pair and CSR before the PVOrder is sent (awaited), so the caller keeps the key whatever
   * becomes of the answer: a renewal whose answer is lost (`OrderOutcomeUnknownError`) may still have been placed,
   * and its certificate is useless without this key. A rejection here stops the renewal before anything is sent.
   */
  readonly onPrepared?: (prepared: PreparedRenewal) => void | Promise<void>;
  readonly signal?: AbortSignal;
}

/** What {@link RenewOrderOptions.onPrepared} is given before the renewal is sent. */
export interface PreparedRenewal {
  readonly targetOrderId: string;
  readonly keyPair: KeyPairInfo;
  readonly csrPem: string;
}

/** A placed renewal: the new key pair (for the caller only), its CSR, and the certificate once issued. */
export interface RenewedOrder {
  readonly orderId: string;
  readonly targetOrderId: string;
  readonly keyPair: KeyPairInfo;
  readonly csrPem: string;
  /** Present when `wait` was given. */
  readonly issued?: MsslIssuedOrder;
  /** With `toggleRenewalNotice`: whether the old order's notices were turned off, and why not (never thrown). */
  readonly renewalNoticeOff?: boolean;
  readonly renewalNoticeError?: unknown;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const asSan = (v: string): SubjectAltName =>
  IPV4.test(v) || v.includes(':') ? { type: 'ip', value: v } : { type: 'dns', value: v };

/** The old order, with what a renewal copies. */
async function readOrder(query: QueryClient, options: RenewOrderOptions): Promise<QueryOrderDetail> {
  if (options.order) return options.order;
  if (!options.orderId) throw new ValidationError('orderId', 'is required (or give order)');
  const res = await query.getOrderByOrderId(
    {
      OrderID: options.orderId,
      OrderQueryOption: { ReturnCertificateInfo: 'true', ReturnSANEntries: 'true', ReturnOrderOption: 'true' },
    },
    options.signal ? { signal: options.signal } : {},
  );
  if (!res.OrderDetail) throw new XmlError('GetOrderByOrderID answered no OrderDetail');
  return res.OrderDetail;
}

/** The approved domain (and its profile) that covers `cn`: the longest matching name. */
async function domainFor(
  mssl: MsslClient,
  cn: string,
  options: RenewOrderOptions,
): Promise<{ profileId: string; domainId: string }> {
  if (options.profileId && options.domainId) return { profileId: options.profileId, domainId: options.domainId };
  const bare = cn.replace(/^\*\./, '');
  const res = await mssl.getDomains(
    options.profileId ? { ProfileID: options.profileId } : {},
    options.signal ? { signal: options.signal } : {},
  );
  const match = (res.DomainDetails ?? [])
    .filter(
      (d) => DOMAIN_STATUS[d.DomainStatus]?.canIssue && (bare === d.DomainName || bare.endsWith(`.${d.DomainName}`)),
    )
    .filter((d) => !options.domainId || d.DomainID === options.domainId)
    .sort((a, b) => b.DomainName.length - a.DomainName.length)[0];
  if (!match) throw new ValidationError('domainId', `no approved domain of the account covers ${cn}`);
  return { profileId: match.MSSLProfileID, domainId: match.DomainID };
}

/** The PVOrder renewal request for `old` with `csr`. */
function renewalRequest(
  old: QueryOrderDetail,
  csr: string,
  ids: { profileId: string; domainId: string },
  contact: MsslContactInfo,
): MsslPVOrderRequest {
  const info = old.OrderInfo;
  const sans = old.SANEntries ?? [];
  return withAsyncOrder({
    OrderRequestParameter: {
      // an order placed under a SHA-1 code (guide 8.9) is renewed under its SHA-256 code: the client refuses SHA-1
      ProductCode: recordedProductCode(info.ProductCode) ?? info.ProductCode,
      ...(info.BaseOption ? { BaseOption: info.BaseOption } : {}),
      OrderKind: 'renewal',
      Licenses: '1',
      ...(sans.length ? { Options: [{ OptionName: 'SAN', OptionValue: 'true' }] } : {}),
      ValidityPeriod: { Months: String(info.ValidityPeriod.Months) },
      CSR: csr,
      RenewalTargetOrderID: info.OrderId,
    },
    MSSLProfileID: ids.profileId,
    MSSLDomainID: ids.domainId,
    ContactInfo: contact,
    ...(sans.length
      ? { SANEntries: sans.map((s) => ({ SANOptionType: s.SANOptionType, SubjectAltName: s.SubjectAltName })) }
      : {}),
  });
}

/**
 * Renews an MSSL order: reads it (GetOrderByOrderID with certificate info and SANs), makes a new key pair and a CSR
 * with the same common name and SANs, and places a PVOrder renewal (same product, base option, validity, profile
 * and domain; ASYNC_ORDER). With `toggleRenewalNotice` the old order's reminders are turned off once the renewal is
 * placed; with `wait` the certificate is awaited (msslOrderAndWait). The private key is only ever returned, and given
 * to `onPrepared` before the order is sent (keep it there: a lost answer throws `OrderOutcomeUnknownError`, and the
 * renewal may exist anyway; `reconcileOrder(error, query)` finds it).
 *
 * @example
 * ```ts
 * const r = await renewOrder(mssl, query, { orderId: 'MS0001', toggleRenewalNotice: true, wait: { deadlineMs: 3_600_000 } });
 * r.keyPair.privateKey; r.issued?.certificate.notAfter;
 * ```
 */
export async function renewOrder(
  mssl: MsslClient,
  query: QueryClient,
  options: RenewOrderOptions,
): Promise<RenewedOrder> {
  const old = await readOrder(query, options);
  const cn = (old.CertificateInfo?.CommonName ?? old.OrderInfo.DomainName).toLowerCase();
  const product = msslProduct(old.OrderInfo.ProductCode);
  const alg = options.keyAlgorithm ?? 'P-256';
  if (product?.autoCsr)
    throw new ValidationError('order', `${product.code} orders are renewed without a CSR (PVOrderWithoutCSR)`);
  if (product?.ecdsa && alg.startsWith('RSA'))
    throw new ValidationError('keyAlgorithm', `${product.code} needs an ECDSA key`);
  const contact = options.contact ?? old.OrderOption?.ContactInfo;
  if (!contact) throw new ValidationError('contact', 'is required: the old order does not show its ContactInfo');
  const ids = await domainFor(mssl, cn, options);
  const crypto = options.crypto ? { crypto: options.crypto } : {};
  const keyPair = await generateKeyPair(alg, { extractable: options.extractable ?? true, ...crypto });
  const names = [cn, ...(old.SANEntries ?? []).map((s) => s.SubjectAltName.toLowerCase())];
  const sans = [...new Set(names)].map(asSan);
  const csrPem = (await createCsr({ keys: keyPair, subject: { CN: cn }, sans, ...crypto })).pem;
  const request = renewalRequest(old, csrPem, ids, contact);
  const targetOrderId = old.OrderInfo.OrderId;
  await options.onPrepared?.({ targetOrderId, keyPair, csrPem });
  const signal = options.signal ? { signal: options.signal } : {};
  let notice: Promise<{ renewalNoticeOff?: boolean; renewalNoticeError?: unknown }> = Promise.resolve({});
  const placed = (orderId: string): void => {
    options.onOrdered?.(orderId);
    if (!options.toggleRenewalNotice) return;
    notice = query.toggleRenewalNotice({ OrderID: targetOrderId, RenewalNotice: 'false' }, signal).then(
      () => ({ renewalNoticeOff: true }),
      (e: unknown) => ({ renewalNoticeOff: false, renewalNoticeError: e }),
    );
  };
  if (options.wait) {
    const issued = await msslOrderAndWait(mssl, query, request, { ...options.wait, ...signal, onOrdered: placed });
    return { orderId: issued.orderId, targetOrderId, keyPair, csrPem, issued, ...(await notice) };
  }
  const res = await mssl.pvOrder(request, signal);
  if (!res.OrderID) throw new XmlError('PVOrder answered no OrderID');
  placed(res.OrderID);
  return { orderId: res.OrderID, targetOrderId, keyPair, csrPem, ...(await notice) };
}
