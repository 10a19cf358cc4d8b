/**
 * The simulator's EPKI queries: GetOrderByOrderId, GetOrders (over 1,000 matches → -9952) and GetProfiles, with the
 * OrderDetail and ProfileDetail shapes of the service table.
 *
 * @module
 */
import type { HandlerContext, HandlerMap, HandlerResult } from './context.ts';
import { pkcs7Field, productOf } from './epki-issue.ts';
import type { EpkiOrder, EpkiProfile } from './entities.ts';
import { SimApiError } from './sim-error.ts';

type Req = Record<string, unknown>;

/** EPKI GetOrders refuses more than this many matches. */
const EPKI_QUERY_CAP = 1000;

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Reads a query date in any of the guide's section 16 forms (no offset = UTC); -104 otherwise. */
export function queryDate(value: unknown, field: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const m = DATE.exec(String(value));
  const d = m
    ? new Date(String(value).replace(' ', 'T') + (m[4] === undefined ? 'T00:00:00Z' : m[8] ? '' : 'Z'))
    : null;
  if (!d || Number.isNaN(d.getTime())) throw new SimApiError('-104', field, 'invalid date format');
  return d;
}

const iso = (d: Date | undefined): string => (d ? d.toISOString() : '');

function orderInfo(o: EpkiOrder): Record<string, unknown> {
  const cert = o.certificate;
  return {
    OrderNo: o.orderId,
    OrderStatus: o.status,
    ProductCode: o.productCode,
    OriginalOrderIDForReIssue: o.originalOrderId,
    ProfileNo: o.profileId,
    LicenseNo: o.licenseNo,
    RequestDate: iso(o.requestDate),
    OrderDate: iso(o.orderDate),
    IssueDate: iso(o.issueDate),
    CancelRequestDate: o.cancelDate && iso(o.cancelDate),
    CancelRequestUser: o.cancelRequestUser,
    CancelDate: o.cancelDate && iso(o.cancelDate),
    RevokeRequestDate: o.revokeDate && iso(o.revokeDate),
    RevokeRequestUser: o.revokeRequestUser,
    RevokeDate: o.revokeDate && iso(o.revokeDate),
    ValidityPeriod: { NotBefore: iso(cert?.notBefore), NotAfter: iso(cert?.notAfter) },
    RenewalStatus: o.renewalStatus,
  };
}

function certificateInfo(o: EpkiOrder): Record<string, unknown> | undefined {
  const c = o.certificate;
  if (!c) return undefined;
  return {
    CertificateStatus: o.certStatus,
    SerialNumber: c.serialNumber,
    StartDate: c.notBefore.toISOString(),
    EndDate: c.notAfter.toISOString(),
    Email: c.subject.E ?? o.email ?? '',
    CommonName: c.subject.CN ?? '',
    OrganizationUnits: [...c.subject.OU],
    Organization: c.subject.O ?? '',
    Locality: c.subject.L ?? '',
    State: c.subject.ST ?? '',
    Country: c.subject.C ?? '',
    DNSerialNumber: o.dnSerial,
  };
}

/** An OrderDetail with the parts the query options ask for. */
export function orderDetail(o: EpkiOrder, opts: Req | undefined): Record<string, unknown> {
  const fulfil = opts?.ReturnFulfillment === true && o.certificate;
  return {
    OrderInfo: orderInfo(o),
    CrCertificateInfo: opts?.ReturnCertificateInfo === true ? certificateInfo(o) : undefined,
    Fulfillment: fulfil
      ? { CrCertificate: { Certificate: o.certificate!.pem.replace(/\r?\n/g, '\r\n'), PKCS7Cert: pkcs7Field(o) } }
      : undefined,
    ModificationEvents:
      opts?.ReturnModEvents === true && o.events.length
        ? o.events.map((e) => ({ ModificationEventName: e.name, ModificationEventTimestamp: e.at.toISOString() }))
        : undefined,
  };
}

function getOrderByOrderId(ctx: HandlerContext, r: Req): HandlerResult {
  const o = ctx.state.epkiOrders.get(String(r.OrderNo));
  if (!o || o.owner !== ctx.account.username) throw new SimApiError('-9916', 'OrderNo', 'Certificate Order not found');
  return { body: { OrderNo: o.orderId, OrderDetail: orderDetail(o, r.OrderQueryOption as Req | undefined) } };
}

const within = (d: Date | undefined, from: Date | undefined, to: Date | undefined): boolean =>
  (!from && !to) || (d !== undefined && (!from || d >= from) && (!to || d <= to));

function getOrders(ctx: HandlerContext, r: Req): HandlerResult {
  const q = (r.OrderQueryParam ?? {}) as Req;
  const product = productOf(q.ProductCode);
  const f = (k: string): Date | undefined => queryDate(q[k], `OrderQueryParam.${k}`);
  const [rf, rt, isf, ist] = [f('RequestDateFrom'), f('RequestDateTo'), f('IssueDateFrom'), f('IssueDateTo')];
  const eq = (want: unknown, have: string | undefined): boolean => want === undefined || want === have;
  const matches = ctx.state.epkiOrders
    .byOwner(ctx.account.username)
    .filter(
      (o) =>
        o.productCode === product &&
        eq(q.ProfileOrderNo, o.profileId) &&
        eq(q.LicenseOrderNo, o.licenseNo) &&
        eq(q.OrderState, o.status) &&
        eq(q.CertState, o.certStatus) &&
        eq(q.CommonName, o.dn.CommonName) &&
        within(o.requestDate, rf, rt) &&
        within(o.issueDate, isf, ist),
    );
  if (matches.length > EPKI_QUERY_CAP) {
    throw new SimApiError(
      '-9952',
      'OrderQueryParam',
      `Expected result over limit (${matches.length} > ${EPKI_QUERY_CAP})`,
    );
  }
  const opts = r.OrdersQueryOption as Req | undefined;
  return {
    body: {
      TotalCount: matches.length,
      OrderDetails: matches.length ? matches.map((o) => orderDetail(o, opts)) : undefined,
    },
  };
}

function profileDetail(p: EpkiProfile): Record<string, unknown> {
  const at = p.requestDate.toISOString();
  return {
    ProfileInfo: {
      ProfileOrderNo: p.id,
      ProfileOrderState: p.state,
      RequestDate: at,
      OrderDate: at,
      IssueDate: at,
      ValidityPeriod: {
        NotBefore: at,
        NotAfter: new Date(p.requestDate.getTime() + 3 * 365 * 86_400_000).toISOString(),
      },
    },
    ProfileDnAttributes: {
      CommonName: p.dn.O,
      Organization: p.dn.O,
      OrganizationUnits: [...p.dn.OU],
      StateOrProvince: p.dn.ST,
      Locality: p.dn.L,
      Country: p.dn.C,
    },
    ProfileAttributes: {
      HashType: 'SHA256',
      EFSOption: 'false',
      UPN: 'false',
      RenewalType: p.kind === 'SMIME' ? 'AUTO' : 'MANUAL',
      NonExportable: 'false',
      NonRepudiation: 'false',
      OCSPOption: 'true',
    },
  };
}

function getProfiles(ctx: HandlerContext, r: Req): HandlerResult {
  const q = (r.ProfileQueryParam ?? {}) as Req;
  const eq = (want: unknown, have: string): boolean => want === undefined || want === have;
  const f = (k: string): Date | undefined => queryDate(q[k], `ProfileQueryParam.${k}`);
  const [rf, rt] = [f('RequestDateFrom'), f('RequestDateTo')];
  const list = ctx.state.epkiProfiles
    .byOwner(ctx.account.username)
    .filter(
      (p) =>
        eq(q.ProfileOrderNo, p.id) &&
        eq(q.ProfileOrderState, p.state) &&
        eq(q.Organization, p.dn.O) &&
        eq(q.Locality, p.dn.L) &&
        eq(q.StateOrProvince, p.dn.ST) &&
        within(p.requestDate, rf, rt),
    );
  return { body: { TotalCount: list.length, ProfileDetails: list.length ? list.map(profileDetail) : undefined } };
}

/** The three EPKI queries. */
export const EPKI_QUERY_HANDLERS: HandlerMap = {
  GetOrderByOrderId: getOrderByOrderId,
  GetOrders: getOrders,
  GetProfiles: getProfiles,
};
