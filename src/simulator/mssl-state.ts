/**
 * The MSSL part of the simulator state (profiles, domains, orders, the DNS and web tables, phishing flags, key
 * history, deposits) and what every MSSL, Query and Account handler shares: the state accessor, the rights check,
 * issuance of TLS certificates from the local CA, the settling of ASYNC_ORDER orders once their delay has passed, and
 * order events stamped by the simulator clock.
 *
 * @module
 */
import { toHex } from '../crypto/bytes.ts';
import type { Certificate } from '../crypto/certificate.ts';
import type { SubjectAltName } from '../crypto/extensions.ts';
import { createPkcs7 } from '../crypto/pkcs7.ts';
import { type MsslFamily, VALIDITY_MONTHS } from '../services/products.ts';
import { ORDER_STATUS_CODE } from '../services/status.ts';
import { type Handler, type HandlerContext, type HandlerMap, SimApiError } from './context.ts';
import type { SimState } from './state.ts';

/** An MSSL profile: the organisation its certificates carry. */
export interface MsslProfile {
  readonly id: string;
  readonly owner: string;
  readonly vettingLevel: 'OV' | 'EV';
  /** Guide 10.4: 1 initial, 2 vetting, 3 approved, 5 cancelled, 6 rejected. */
  status: string;
  readonly requestDate: Date;
  readonly org: {
    readonly C: string;
    readonly ST: string;
    readonly L: string;
    readonly O: string;
    readonly OU?: string;
  };
  /** The EV details as last sent (AddMSSLProfile / UpdateMSSLProfile), echoed by GetMSSLProfiles. */
  ev?: Record<string, unknown>;
}

/** An MSSL domain and its vetting. */
export interface MsslDomain {
  readonly id: string;
  readonly owner: string;
  readonly profileId: string;
  readonly name: string;
  readonly vettingLevel: 'OV' | 'EV' | 'CLOUDSSL';
  vettingType: 'EMAIL' | 'HTTP' | 'DNS';
  /** Guide 10.3: 0–2 vetting, 3 approved, 5/6 cancelled, 7/9/10 renewal in process, 8/11 manual review. */
  status: string;
  readonly orderDate: Date;
  updated: Date;
  /** The domain validation code published in DNS (TXT) or on the web (meta tag / gsdv.txt). */
  code: string;
  validationDate?: Date;
  expirationDate?: Date;
  approverEmail?: string;
  contact?: Record<string, unknown>;
  deleteDate?: Date;
}

/** One modification event (guide 10.2 name, clock time). */
export interface MsslEvent {
  readonly name: string;
  readonly at: Date;
}

/** One MSSL order. */
export interface MsslOrder {
  readonly orderId: string;
  readonly owner: string;
  readonly productCode: string;
  readonly family: MsslFamily;
  readonly baseOption?: string;
  readonly orderKind: string;
  readonly months: number;
  readonly profileId: string;
  readonly domainId: string;
  readonly commonName: string;
  readonly sanEntries: { SANOptionType: string; SubjectAltName: string }[];
  /** Guide 10.1: 1 initial, 2 phishing check, 3 cancelled not issued, 4 issued, 5 cancelled issued, 6/7 revocation. */
  status: string;
  readonly orderDate: Date;
  completeDate?: Date | undefined;
  canceledDate?: Date | undefined;
  deactivatedDate?: Date | undefined;
  /** The validity as ordered: VPC dates when sent. */
  readonly validity: { readonly Months: string; readonly NotBefore?: string; readonly NotAfter?: string };
  /** Days of validity the certificate gets (months, renewal bonus, REX). */
  readonly days: number;
  readonly spki: Uint8Array;
  readonly csr?: string;
  certificate?: Certificate | undefined;
  chain: Certificate[];
  pkcs12?: string | undefined;
  p12DeleteDate?: Date | undefined;
  renewalNotice: boolean;
  readonly events: MsslEvent[];
  /** ASYNC_ORDER: issued once the clock passes this time. */
  readyAt?: Date | undefined;
  /** Held for manual approval (APPROVE) or a phishing check (admin.clearPhishing). */
  hold?: 'approval' | 'phishing' | undefined;
  readonly renewalOf?: string;
  readonly reissueOf?: string;
  readonly subId?: string;
  readonly price: number;
  readonly specialInstructions?: string;
}

/** The whole MSSL state. */
export interface MsslState {
  readonly profiles: Map<string, MsslProfile>;
  readonly domains: Map<string, MsslDomain>;
  readonly orders: Map<string, MsslOrder>;
  /** Accounts with MSSL rights and the product families each may order (-9403 / -9901). */
  readonly rights: Map<string, Set<MsslFamily>>;
  /** Names (CN or SAN) whose orders wait for a phishing check (SuccessCode 1, status 2). */
  readonly phishing: Set<string>;
  /** The simulator's DNS: TXT records by name. */
  readonly dnsTxt: Map<string, string[]>;
  /** The simulator's web: bodies by URL. */
  readonly web: Map<string, string>;
  /** SPKI (hex) → CN of the first order that used it (-6007), and keys revoked (-9940). */
  readonly keys: Map<string, string>;
  readonly revokedKeys: Set<string>;
  /** DomainIDs handed out by GetDomainApproverList: id → FQDN. */
  readonly approverIds: Map<string, string>;
  /** ASYNC_ORDER orders not yet issued. */
  readonly pendingAsync: Set<string>;
  /** Bulk deposit per account (AccountSnapshot, -6101). */
  readonly deposits: Map<string, number>;
  /** Accounts whose orders wait for APPROVE. */
  readonly needsApproval: Set<string>;
}

/**
 * A fresh, empty MSSL state (the simulator state holds one under `mssl`).
 *
 * @example
 * ```ts
 * const mssl = createMsslState();
 * ```
 */
export function createMsslState(): MsslState {
  return {
    profiles: new Map(),
    domains: new Map(),
    orders: new Map(),
    rights: new Map(),
    phishing: new Set(),
    dnsTxt: new Map(),
    web: new Map(),
    keys: new Map(),
    revokedKeys: new Set(),
    approverIds: new Map(),
    pendingAsync: new Set(),
    deposits: new Map(),
    needsApproval: new Set(),
  };
}

/**
 * The MSSL state inside the simulator state.
 *
 * @example
 * ```ts
 * msslOf(ctx.state).orders.get('MS1234000001');
 * ```
 */
export const msslOf = (state: SimState): MsslState => state.mssl;

/** Price per year of a family (simulator price list, USD). */
export const PRICES: Readonly<Record<MsslFamily, number>> = {
  ExtendedSSL: 499,
  OrganizationSSL: 249,
  IntranetSSL: 99,
  CloudSSL: 199,
};

/** An order's price: the family's yearly price pro rata, plus 30 per SAN beyond the CN. */
export const priceOf = (family: MsslFamily, months: number, sans: number): number =>
  Math.round((PRICES[family] * months) / 12) + 30 * sans;

/** Days of a validity in months, as the guide's table says (8.2). */
export const daysOfMonths = (months: number): number => VALIDITY_MONTHS[String(months)]?.days ?? months * 31;

/** Key of an SPKI in the key history. */
export const keyOf = (spki: Uint8Array): string => toHex(spki);

/** Adds an event stamped now (≥ 1 ms after the previous stamp). */
export function addEvent(ctx: Pick<HandlerContext, 'clock'>, order: MsslOrder, name: string): Date {
  const at = ctx.clock.stamp();
  order.events.push({ name, at });
  return at;
}

/** The caller's order, or -9916 (unknown) / -9902 (another account's). */
export function orderOf(ctx: HandlerContext, id: unknown, field = 'OrderID'): MsslOrder {
  const order = msslOf(ctx.state).orders.get(String(id ?? ''));
  if (!order) throw new SimApiError('-9916', field, 'Cannot find the certificate associated with this order id');
  if (order.owner !== ctx.account.username)
    throw new SimApiError('-9902', field, 'You do not have permission to access the OrderID');
  return order;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The SANs a certificate carries: the CN (dNSName or iPAddress), then each SANEntry. */
export function certificateSans(order: Pick<MsslOrder, 'commonName' | 'sanEntries'>): SubjectAltName[] {
  const names = [order.commonName, ...order.sanEntries.map((s) => s.SubjectAltName)];
  const seen = new Set<string>();
  const out: SubjectAltName[] = [];
  for (const n of names) {
    const v = n.toLowerCase();
    if (seen.has(v)) continue;
    seen.add(v);
    out.push(IPV4.test(v) || v.includes(':') ? { type: 'ip', value: v } : { type: 'dns', value: v });
  }
  return out;
}

/** Issues the order's TLS certificate now (or at `at`, for an ASYNC_ORDER that became due) and marks it issued. */
export async function issueOrder(
  ctx: Pick<HandlerContext, 'ca' | 'clock' | 'state'>,
  order: MsslOrder,
  at?: Date,
): Promise<void> {
  const profile = msslOf(ctx.state).profiles.get(order.profileId);
  const org = profile?.org;
  const notBefore = order.validity.NotBefore ? new Date(order.validity.NotBefore) : (at ?? ctx.clock.now());
  const days = order.validity.NotAfter
    ? Math.ceil((Date.parse(order.validity.NotAfter) - notBefore.getTime()) / 86_400_000)
    : order.days;
  const cert = await ctx.ca.issue({
    profile: 'tls',
    spki: order.spki,
    subject: org
      ? { C: org.C, ST: org.ST, L: org.L, O: org.O, ...(org.OU ? { OU: org.OU } : {}), CN: order.commonName }
      : { CN: order.commonName },
    sans: certificateSans(order),
    notBefore,
    days,
  });
  order.certificate = cert;
  order.chain = ctx.ca.chainFor(cert);
  order.status = ORDER_STATUS_CODE.ISSUED;
  order.hold = undefined;
  order.readyAt = undefined;
  const when = at ?? ctx.clock.stamp();
  order.completeDate = when;
  order.events.push({ name: 'CERT_ISSUE', at: when });
}

/** Issues every ASYNC_ORDER order whose delay has passed (its events carry the time it became due). */
export async function settle(ctx: Pick<HandlerContext, 'ca' | 'clock' | 'state'>): Promise<void> {
  const mssl = msslOf(ctx.state);
  if (!mssl.pendingAsync.size) return;
  const now = ctx.clock.now().getTime();
  for (const id of [...mssl.pendingAsync]) {
    const order = mssl.orders.get(id);
    if (!order?.readyAt || order.status !== ORDER_STATUS_CODE.INITIAL) {
      mssl.pendingAsync.delete(id);
      continue;
    }
    if (order.readyAt.getTime() > now || order.hold) continue;
    mssl.pendingAsync.delete(id);
    await issueOrder(ctx, order, order.readyAt);
  }
}

/** Wraps handlers: MSSL rights (-9403), then due ASYNC_ORDER orders are issued, then the handler runs. */
export function msslHandlers(handlers: Readonly<Record<string, Handler>>): HandlerMap {
  const out: Record<string, Handler> = {};
  for (const [name, h] of Object.entries(handlers)) {
    out[name] = async (ctx, request) => {
      if (!msslOf(ctx.state).rights.has(ctx.account.username))
        throw new SimApiError('-9403', 'AuthToken', 'MSSL is not activated for this user');
      await settle(ctx);
      return h(ctx, request);
    };
  }
  return out;
}

/** A date field of a request, or -104 naming it. */
export function dateOf(value: unknown, field: string): Date {
  const t = Date.parse(String(value ?? ''));
  if (Number.isNaN(t)) throw new SimApiError('-104', field, `${field} must be a date (YYYY-MM-DDTHH:MM:SS.000Z)`);
  return new Date(t);
}

/** An optional date range of a request (-104 unreadable, -105 from after to). */
export function rangeOf(from: unknown, to: unknown, fields: readonly [string, string]): { from: number; to: number } {
  const f = from === undefined ? Number.NEGATIVE_INFINITY : dateOf(from, fields[0]).getTime();
  const t = to === undefined ? Number.POSITIVE_INFINITY : dateOf(to, fields[1]).getTime();
  if (f > t) throw new SimApiError('-105', fields[1], `${fields[1]} is before ${fields[0]}`);
  return { from: f, to: t };
}

/** Most items a Query answer carries (guide 6: "limited to 500 items per response"). */
export const QUERY_CAP = 500;

/** PEM with CRLF line ends, as the service sends it. */
export const crlf = (pem: string): string => pem.replace(/\r?\n/g, '\r\n');

/** The CertificateInfo of an issued order. */
export function certificateInfo(o: MsslOrder): Record<string, unknown> | undefined {
  const cert = o.certificate;
  if (!cert) return undefined;
  return {
    CertificateStatus: o.status,
    StartDate: cert.notBefore.toISOString(),
    EndDate: cert.notAfter.toISOString(),
    CommonName: o.commonName,
    SerialNumber: cert.serialNumber.toUpperCase(),
    SubjectName: cert.subjectString,
    DNSNames: cert.sans.map((s) => s.value).join(','),
  };
}

/** The CA certificates (intermediate INTER, root ROOT) and the server certificate (X.509 and PKCS#7) of an order. */
export function fulfillmentOf(o: MsslOrder, parts: { ca: boolean; server: boolean }): Record<string, unknown> {
  const cert = o.certificate;
  const out: Record<string, unknown> = {};
  if (parts.ca && o.chain.length)
    out.CACertificates = o.chain.map((c, i) => ({
      CACertType: i === o.chain.length - 1 ? 'ROOT' : 'INTER',
      CACert: crlf(c.pem),
    }));
  if (parts.server && cert)
    out.ServerCertificate = { X509Cert: crlf(cert.pem), PKCS7Cert: crlf(createPkcs7([cert, ...o.chain]).pem) };
  return out;
}
