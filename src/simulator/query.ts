/**
 * The simulator's Query GASService over the MSSL orders: GetOrderByOrderID with its OrderQueryOption flags, the
 * window queries capped at 500 items (a full page may hide more: split the window), ReIssue, ReIssueWithoutCSR,
 * ToggleRenewalNotice, ValidateOrderParameters, DecodeCSR, DeletePkcs12 and GetOrderByCommonName.
 *
 * @module
 */
import { parseCsr } from '../crypto/csr.ts';
import { msslProduct } from '../services/products.ts';
import type { Handler, HandlerContext, HandlerMap } from './context.ts';
import { checkNames } from './mssl-names.ts';
import { checkCsr, checkKey, reissue, serverKey } from './mssl.ts';
import { checkValidity } from './mssl-validity.ts';
import type { MsslOrder } from './entities.ts';
import { certificateInfo, fulfillmentOf } from './mssl-format.ts';
import { addEvent, msslHandlers, orderOf } from './mssl-issue.ts';
import { QUERY_CAP, keyOf, priceOf, rangeOf } from './mssl-values.ts';
import { SimApiError } from './sim-error.ts';

type Req = Record<string, unknown>;
const DAY = 86_400_000;
const iso = (d: Date | undefined): string | undefined => d?.toISOString();
const kindName = (k: string): string => k.charAt(0).toUpperCase() + k.slice(1);
const isTrue = (v: unknown): boolean => String(v ?? '').toLowerCase() === 'true';

/** One OrderDetail, with what the OrderQueryOption flags ask for; ModificationEvents always. */
function orderDetail(ctx: HandlerContext, o: MsslOrder, options: unknown): Req {
  const q = (options ?? {}) as Req;
  const profile = ctx.state.msslProfiles.get(o.profileId);
  const cert = o.certificate;
  const out: Req = {
    OrderInfo: {
      OrderId: o.orderId,
      OriginalOrderIDForRenewal: o.renewalOf,
      OriginalOrderIDForReIssue: o.reissueOf,
      ProductCode: o.productCode,
      BaseOption: o.baseOption,
      OrderKind: kindName(o.orderKind),
      Licenses: '1',
      DomainName: o.commonName,
      OrderDate: o.orderDate.toISOString(),
      OrderCompleteDate: iso(o.completeDate),
      OrderCanceledDate: iso(o.canceledDate),
      OrderDeactivatedDate: iso(o.deactivatedDate),
      OrderStatus: o.status,
      Price: String(o.price),
      Currency: 'USD',
      ValidityPeriod: {
        Months: o.validity.Months,
        NotBefore: iso(cert?.notBefore) ?? o.validity.NotBefore,
        NotAfter: iso(cert?.notAfter) ?? o.validity.NotAfter,
      },
      SpecialInstructions: o.specialInstructions,
    },
    OrderSubInfo: {
      CSRSkipOrderFlag: !o.csr,
      DNSOrderFlag: false,
      TrustedOrderFlag: false,
      P12DeleteStatus: o.p12DeleteDate !== undefined,
      P12DeleteDate: iso(o.p12DeleteDate),
      SubId: o.subId ?? '',
    },
  };
  if (isTrue(q.ReturnOrderOption) && profile) {
    const a = profile.org;
    out.OrderOption = {
      OrganizationInfo: {
        OrganizationName: a.O,
        OrganizationAddress: { AddressLine1: '-', City: a.L, Region: a.ST, Country: a.C, Phone: '-' },
      },
    };
  }
  if (isTrue(q.ReturnCertificateInfo) && cert) out.CertificateInfo = certificateInfo(o);
  if (isTrue(q.ReturnSANEntries) && o.sanEntries.length) out.SANEntries = o.sanEntries;
  const fulfillment: Req = fulfillmentOf(o, { ca: isTrue(q.ReturnCACerts), server: isTrue(q.ReturnFulfillment) });
  if (isTrue(q.ReturnOriginalCSR) && o.csr) fulfillment.OriginalCSR = o.csr;
  if (isTrue(q.ReturnPKCS12) && o.pkcs12) fulfillment.PKCS12Cert = o.pkcs12;
  if (Object.keys(fulfillment).length) out.Fulfillment = fulfillment;
  out.ModificationEvents = o.events.map((e) => ({
    ModificationEventName: e.name,
    ModificationEventTimestamp: e.at.toISOString(),
  }));
  return out;
}

/** One SearchOrderDetail (GetOrderByExpirationDate, GetCertificateOrders). */
function searchDetail(ctx: HandlerContext, o: MsslOrder): Req {
  return {
    OrderID: o.orderId,
    BaseOption: o.baseOption,
    ProductCode: o.productCode,
    OrderKind: kindName(o.orderKind),
    Licenses: 1,
    OrderRequestDate: o.orderDate.toISOString(),
    OrderIssueDate: iso(o.completeDate),
    OrderCanceledDate: iso(o.canceledDate),
    OrderStatus: o.status,
    OrganizationName: ctx.state.msslProfiles.get(o.profileId)?.org.O ?? '',
    Months: o.months,
    SubId: o.subId ?? '',
    FQDN: o.commonName,
  };
}

const byOrderId: Handler = (ctx, r) => {
  const o = orderOf(ctx, r.OrderID);
  return { body: { OrderID: o.orderId, OrderDetail: orderDetail(ctx, o, r.OrderQueryOption) } };
};

const byDateRange: Handler = (ctx, r) => {
  const range = rangeOf(r.FromDate, r.ToDate, ['FromDate', 'ToDate']);
  const found = ctx.state.msslOrders.inRange(ctx.account.username, 'orderDate', range.from, range.to);
  const OrderDetails = found.slice(0, QUERY_CAP).map((o) => orderDetail(ctx, o, r.OrderQueryOption));
  return { body: { FromDate: r.FromDate, ToDate: r.ToDate, OrderDetails } };
};

const modified: Handler = (ctx, r) => {
  const range = rangeOf(r.FromDate, r.ToDate, ['FromDate', 'ToDate']);
  const hits = ctx.state.msslOrders.modifiedIn(ctx.account.username, range.from, range.to);
  const OrderDetails = hits.slice(0, QUERY_CAP).map((h) => orderDetail(ctx, h.order, r.OrderQueryOption));
  return { body: { FromDate: r.FromDate, ToDate: r.ToDate, OrderDetails } };
};

/** Filters shared by the search queries. */
function matches(o: MsslOrder, r: Req): boolean {
  return (
    (r.FQDN === undefined || o.commonName === String(r.FQDN).toLowerCase()) &&
    (r.OrderKind === undefined || o.orderKind === String(r.OrderKind).toLowerCase()) &&
    (r.OrderStatus === undefined || o.status === String(r.OrderStatus)) &&
    (r.ProductCode === undefined || o.productCode === String(r.ProductCode).toUpperCase()) &&
    (r.SubID === undefined || o.subId === r.SubID)
  );
}

const byExpiration: Handler = (ctx, r) => {
  const range = rangeOf(r.ExpirationFromDate, r.ExpirationToDate, ['ExpirationFromDate', 'ExpirationToDate']);
  const found = ctx.state.msslOrders
    .inRange(ctx.account.username, 'notAfter', range.from, range.to)
    .filter((o) => matches(o, r));
  return { body: { SearchOrderDetails: found.slice(0, QUERY_CAP).map((o) => searchDetail(ctx, o)) } };
};

const certificateOrders: Handler = (ctx, r) => {
  const range = rangeOf(r.FromDate, r.ToDate, ['FromDate', 'ToDate']);
  const found = ctx.state.msslOrders
    .inRange(ctx.account.username, 'orderDate', range.from, range.to)
    .filter((o) => matches(o, r));
  return { body: { SearchOrderDetails: found.slice(0, QUERY_CAP).map((o) => searchDetail(ctx, o)) } };
};

const reIssue: Handler = async (ctx, r) => {
  const target = orderOf(ctx, r.TargetOrderID, 'TargetOrderID');
  const csr = (r.OrderParameter as Req).CSR;
  const ecdsa = String(r.HashAlgorithm ?? '').toUpperCase() === 'SHA256ECDSA';
  const key = await checkCsr(
    ctx,
    csr,
    'OrderParameter.CSR',
    ecdsa ? { ...msslProduct(target.productCode)!, ecdsa } : undefined,
  );
  if (key.cn !== target.commonName)
    throw new SimApiError('-6021', 'OrderParameter.CSR', 'the CN of the CSR differs from the order');
  checkKey(ctx, key.spki, key.cn, 'OrderParameter.CSR');
  const order = await reissue(ctx, target, { spki: key.spki, csr: String(csr), targetEvent: 'ORDER_REISSUE_REQUEST' });
  return { body: { OrderID: order.orderId, TargetOrderID: target.orderId } };
};

const reIssueWithoutCsr: Handler = async (ctx, r) => {
  const target = orderOf(ctx, r.TargetOrderID, 'TargetOrderID');
  if (target.csr) throw new SimApiError('-105', 'TargetOrderID', 'the order was placed with a CSR: use ReIssue');
  const p = r.ReIssueParameterWithoutCSR as Req;
  const key = await serverKey(ctx, p.KeyLength ?? '2048', p.Pin, 'ReIssueParameterWithoutCSR');
  const order = await reissue(ctx, target, { spki: key.spki, targetEvent: 'ORDER_REISSUE_REQUEST' });
  await key.p12(order);
  return { body: { OrderID: order.orderId, TargetOrderID: target.orderId } };
};

const toggleRenewal: Handler = (ctx, r) => {
  const o = orderOf(ctx, r.OrderID);
  const v = String(r.RenewalNotice).toLowerCase();
  if (v !== 'true' && v !== 'false') throw new SimApiError('-101', 'RenewalNotice', 'true or false');
  o.renewalNotice = v === 'true';
  ctx.state.msslOrders.put(o);
  return { body: { OrderID: o.orderId } };
};

const deletePkcs12: Handler = (ctx, r) => {
  const o = orderOf(ctx, r.OrderId, 'OrderId');
  if (!o.pkcs12) throw new SimApiError('-9938', 'OrderId', 'the order has no PKCS#12 to delete');
  o.pkcs12 = undefined;
  o.p12DeleteDate = addEvent(ctx, o, 'DELETE_PKCS12');
  ctx.state.msslOrders.put(o);
  return { body: { OrderId: o.orderId } };
};

const byCommonName: Handler = async (ctx, r) => {
  if (r.CommonName === undefined && r.CSR === undefined)
    throw new SimApiError('-102', 'CommonName', 'CommonName or CSR is required');
  const key = r.CSR === undefined ? undefined : await checkCsr(ctx, r.CSR, 'CSR');
  const cn = r.CommonName === undefined ? key!.cn : String(r.CommonName).toLowerCase();
  const spki = key && keyOf(key.spki);
  const found = ctx.state.msslOrders
    .byCommonName(ctx.account.username, cn)
    .filter((o) => !spki || keyOf(o.spki) === spki)
    .at(-1);
  if (!found) throw new SimApiError('-9916', 'CommonName', 'no order has this common name');
  return { body: { OrderID: found.orderId } };
};

/** Reads a CSR for DecodeCSR / ValidateOrderParameters (-104 when unreadable). */
async function readCsr(ctx: HandlerContext, csr: unknown, field: string) {
  try {
    return await parseCsr(String(csr ?? ''), { crypto: ctx.crypto });
  } catch {
    throw new SimApiError('-104', field, 'the CSR cannot be decoded');
  }
}

function csrFields(c: Awaited<ReturnType<typeof parseCsr>>): Req {
  const s = c.subject;
  return {
    CommonName: s.CN,
    Organization: s.O,
    OrganizationUnit: s.OU.length ? s.OU.join(',') : undefined,
    Locality: s.L,
    State: s.ST,
    Country: s.C,
    KeyLength: c.key.type === 'RSA' ? c.key.bits : c.key.type === 'EC' ? (c.key.curve.endsWith('384') ? 384 : 256) : 0,
  };
}

const decodeCsr: Handler = async (ctx, r) => {
  const c = await readCsr(ctx, r.CSR, 'CSR');
  const fields = csrFields(c);
  return { body: { CSRData: { ...fields, EmailAddress: c.subject.E }, CertificatePreview: fields } };
};

const validateOrder: Handler = async (ctx, r) => {
  const p = r.OrderRequestParameter as Req;
  const param = 'OrderRequestParameter';
  const product = msslProduct(p.ProductCode);
  if (!product || !ctx.state.msslRights.get(ctx.account.username)?.includes(product.family))
    throw new SimApiError('-9901', `${param}.ProductCode`, 'the Product Group of this user does not allow it');
  const key = await checkCsr(ctx, p.CSR, `${param}.CSR`, product);
  const c = await readCsr(ctx, p.CSR, `${param}.CSR`);
  const options = Array.isArray(p.Options) ? (p.Options as Req[]) : [];
  const on = (n: string): boolean =>
    options.some((o) => String(o.OptionName).toUpperCase() === n && isTrue(o.OptionValue));
  const names = checkNames(ctx, r, p, param, product, undefined, on, key.cn);
  const v = checkValidity(ctx, p, param, product, names.cn, on);
  const now = ctx.clock.now();
  const s = c.subject;
  return {
    body: {
      Price: String(priceOf(product.family, v.months, names.sanEntries.length)),
      Currency: 'USD',
      ValidityPeriod: {
        Months: String(v.months),
        NotBefore: v.echo.NotBefore ?? now.toISOString(),
        NotAfter: v.echo.NotAfter ?? new Date(now.getTime() + v.days * DAY).toISOString(),
      },
      ParsedCSR: {
        Subject: c.subjectString,
        DomainName: key.cn,
        Country: s.C ?? '',
        Email: s.E ?? '',
        Locality: s.L ?? '',
        Organization: s.O ?? '',
        OrganizationUnit: s.OU.join(','),
        State: s.ST ?? '',
        IsValidDomainName: String(/^(\*\.)?([a-z0-9-]+\.)+[a-z]{2,}$/.test(key.cn)),
      },
    },
  };
};

/** Every Query GASService operation, keyed by wire name. */
export const QUERY_HANDLERS: HandlerMap = msslHandlers({
  GetOrderByOrderID: byOrderId,
  GetOrderByDateRange: byDateRange,
  GetModifiedOrders: modified,
  GetOrderByExpirationDate: byExpiration,
  GetCertificateOrders: certificateOrders,
  GetOrderByCommonName: byCommonName,
  ReIssue: reIssue,
  ReIssueWithoutCSR: reIssueWithoutCsr,
  ToggleRenewalNotice: toggleRenewal,
  ValidateOrderParameters: validateOrder,
  DecodeCSR: decodeCsr,
  DeletePkcs12: deletePkcs12,
});
