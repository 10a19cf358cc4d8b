/**
 * The simulator's EPKI GasOrderService: the 13 operations on the simulator state. Orders that carry a CSR are
 * issued at once; enrollments (OrderCertificate, OrderDS REGISTER/FORTIFY, Reissue, ReissueCertificate with
 * ReissueRegisterInfo) stay REQUESTED until `admin.completeEnrollment`.
 *
 * @module
 */
import type { HandlerContext, HandlerMap, HandlerResult } from './context.ts';
import {
  certField,
  checkCsr,
  checkEmailDomain,
  checkPickupPassword,
  daysOf,
  isDocumentSigning,
  issueEpki,
  pinOf,
  productOf,
  profileOf,
  serverKey,
  takeLicense,
} from './epki-issue.ts';
import { EPKI_QUERY_HANDLERS } from './epki-query.ts';
import type { EpkiOrder, EpkiProfile } from './entities.ts';
import { SimApiError } from './sim-error.ts';

type Req = Record<string, unknown>;
type Dn = EpkiOrder['dn'];

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function emailOf(r: Req): string | undefined {
  const dn = r.DnAttributes as Dn | undefined;
  return str(r.SANRFC822EmailAddress) ?? str(dn?.Email) ?? str(r.SubscriberEmailAddress);
}

/** Common part of every new order: product, profile, license, email domain; returns the new order (not stored). */
function newOrder(
  ctx: HandlerContext,
  r: Req,
  profile: EpkiProfile,
  product: string,
  pending?: EpkiOrder['pending'],
): EpkiOrder {
  const year = Number(r.Year);
  daysOf(year);
  const email = emailOf(r);
  if (!isDocumentSigning(product) && profile.kind === 'SMIME' && !email) {
    throw new SimApiError('-102', 'SANRFC822EmailAddress', 'an S/MIME order needs an email address');
  }
  checkEmailDomain(ctx, email, r.SANRFC822EmailAddress ? 'SANRFC822EmailAddress' : 'DnAttributes.Email');
  const license = takeLicense(ctx, profile, product, year);
  const now = ctx.clock.stamp();
  const dn = r.DnAttributes as Dn;
  return {
    orderId: ctx.state.nextId('CE'),
    owner: ctx.account.username,
    productCode: product,
    profileId: profile.id,
    licenseNo: license.licenseNo,
    year,
    status: 'REQUESTED',
    certStatus: 'NONE',
    requestDate: now,
    orderDate: now,
    dn: { ...dn, CommonName: dn.CommonName },
    ...(email ? { email } : {}),
    chain: [],
    renewalStatus: 'ACTIVE',
    events: [{ name: 'ORDERED', at: now }],
    ...(pending ? { pending } : {}),
  };
}

function store(ctx: HandlerContext, order: EpkiOrder): EpkiOrder {
  ctx.state.epkiOrders.put(order);
  return order;
}

/** The caller's order, or -9916. */
export function orderOf(ctx: HandlerContext, id: unknown, field = 'OrderID'): EpkiOrder {
  const o = ctx.state.epkiOrders.get(String(id));
  if (!o || o.owner !== ctx.account.username) throw new SimApiError('-9916', field, 'Certificate Order not found');
  return o;
}

async function orderAndIssue(ctx: HandlerContext, r: Req): Promise<HandlerResult> {
  const product = productOf(r.ProductCode);
  if (isDocumentSigning(product)) throw new SimApiError('-9901', 'ProductCode', 'use OrderDS for document signing');
  const profile = profileOf(ctx, r.ProfileID);
  const spki = await checkCsr(ctx, r.CSR);
  const order = store(ctx, newOrder(ctx, r, profile, product));
  await issueEpki(ctx, { order, profile, spki, ...(str(r.UPN) ? { upn: str(r.UPN)! } : {}) });
  return { body: { OrderID: order.orderId, CERT: certField(ctx, order) } };
}

async function orderPkcs12(ctx: HandlerContext, r: Req): Promise<HandlerResult> {
  const product = productOf(r.ProductCode);
  if (isDocumentSigning(product)) throw new SimApiError('-9305', 'ProductCode', 'not allowed for PKCS12');
  const { pin, generated } = pinOf(ctx, r.PKCS12PIN, 'PKCS12PIN');
  const profile = profileOf(ctx, r.ProfileID);
  const key = await serverKey(ctx);
  const order = store(ctx, newOrder(ctx, r, profile, product));
  await issueEpki(ctx, { order, profile, spki: key.spki });
  const p12 = await key.p12(order, pin);
  return {
    body: { OrderID: order.orderId, BASE64PKCS12: p12, PKCS12: [p12], ...(generated ? { PKCS12Password: pin } : {}) },
  };
}

function orderCertificate(ctx: HandlerContext, r: Req): HandlerResult {
  const product = productOf(r.ProductCode);
  checkPickupPassword(r.PickupPassword, 'PickupPassword');
  if (r.HasCSR === true && r.PKCS12Option === true) {
    throw new SimApiError('-9307', 'PKCS12Option', 'both PKCS12 and CSR options are specified');
  }
  const profile = profileOf(ctx, r.ProfileID);
  const order = store(
    ctx,
    newOrder(ctx, r, profile, product, { pkcs12: r.PKCS12Option === true, documentSigning: false }),
  );
  return { body: { OrderID: order.orderId } };
}

async function orderDs(ctx: HandlerContext, r: Req): Promise<HandlerResult> {
  const product = productOf(r.ProductCode);
  if (!isDocumentSigning(product)) throw new SimApiError('-9901', 'ProductCode', 'OrderDS takes AATL products');
  const profile = profileOf(ctx, r.ProfileOrderNo, 'ProfileOrderNo');
  const type = String(r.IssueType).toUpperCase();
  if (type === 'ISSUE') {
    if (!str(r.CSR)) throw new SimApiError('-102', 'CSR', 'IssueType ISSUE needs a CSR');
    const spki = await checkCsr(ctx, r.CSR);
    const order = store(ctx, newOrder(ctx, r, profile, product));
    await issueEpki(ctx, { order, profile, spki });
    return { body: { OrderID: order.orderId, Certificate: certField(ctx, order) } };
  }
  if (type !== 'REGISTER' && type !== 'FORTIFY')
    throw new SimApiError('-101', 'IssueType', 'REGISTER, ISSUE or FORTIFY');
  checkPickupPassword(r.PickupPassword, 'PickupPassword');
  const order = store(ctx, newOrder(ctx, r, profile, product, { pkcs12: false, documentSigning: true }));
  return { body: { OrderID: order.orderId } };
}

function cancel(ctx: HandlerContext, r: Req): HandlerResult {
  const order = orderOf(ctx, r.OrderID);
  if (order.status === 'CANCELED') throw new SimApiError('-9915', 'OrderID', 'Already canceled');
  if (order.status !== 'REQUESTED')
    throw new SimApiError('-9969', 'OrderID', 'issued orders are revoked, not canceled');
  order.status = 'CANCELED';
  order.cancelDate = ctx.clock.stamp();
  order.cancelRequestUser = ctx.account.username;
  order.pending = undefined;
  order.events.push({ name: 'CANCELED', at: order.cancelDate });
  ctx.state.epkiOrders.put(order);
  const license = ctx.state.licenses.get(order.licenseNo);
  if (license) {
    license.used--;
    ctx.state.licenses.put(license);
  }
  return { body: { OrderID: order.orderId } };
}

function revoke(ctx: HandlerContext, r: Req): HandlerResult {
  const order = orderOf(ctx, r.OrderID);
  if (order.certStatus === 'REVOKED') throw new SimApiError('-9969', 'OrderID', 'already revoked');
  if (order.certStatus !== 'ISSUED') throw new SimApiError('-9902', 'OrderID', 'the order has no issued certificate');
  order.certStatus = 'REVOKED';
  order.revokeDate = ctx.clock.stamp();
  order.revokeRequestUser = ctx.account.username;
  order.events.push({ name: 'REVOKED', at: order.revokeDate });
  ctx.state.epkiOrders.put(order);
  return { body: { orderNo: order.orderId } };
}

/** A reissue's new order, derived from an issued target. */
function reissueOrder(ctx: HandlerContext, target: EpkiOrder, pending?: EpkiOrder['pending']): EpkiOrder {
  if (target.status !== 'ISSUED') throw new SimApiError('-9309', 'TargetOrderID', 'the target order is not issued');
  const now = ctx.clock.stamp();
  return store(ctx, {
    ...target,
    orderId: ctx.state.nextId('CE'),
    status: 'REQUESTED',
    certStatus: 'NONE',
    requestDate: now,
    orderDate: now,
    issueDate: undefined,
    certificate: undefined,
    chain: [],
    events: [{ name: 'ORDERED', at: now }],
    pending,
    originalOrderId: target.orderId,
  });
}

function markReissued(ctx: HandlerContext, target: EpkiOrder): void {
  target.status = 'REISSUED';
  target.events.push({ name: 'REISSUED', at: ctx.clock.stamp() });
  ctx.state.epkiOrders.put(target);
}

function reissue(ctx: HandlerContext, r: Req): HandlerResult {
  checkPickupPassword(r.PickupPassword, 'PickupPassword');
  const target = orderOf(ctx, r.TargetOrderID, 'TargetOrderID');
  const order = reissueOrder(ctx, target, {
    pkcs12: r.PKCS12Option === true,
    documentSigning: isDocumentSigning(target.productCode),
  });
  return { body: { OrderID: order.orderId } };
}

async function reissueCertificate(ctx: HandlerContext, r: Req): Promise<HandlerResult> {
  const given = ['ReissueRegisterInfo', 'ReissuePKCS12Info', 'ReissueCertInfo'].filter((k) => r[k] !== undefined);
  if (given.length !== 1)
    throw new SimApiError('-105', given[1] ?? 'ReissueCertInfo', 'exactly one reissue kind is needed');
  const target = orderOf(ctx, r.TargetOrderID, 'TargetOrderID');
  const profile = ctx.state.epkiProfiles.get(target.profileId)!;
  if (r.ReissueRegisterInfo) {
    checkPickupPassword((r.ReissueRegisterInfo as Req).PickupPassword, 'ReissueRegisterInfo.PickupPassword');
    const order = reissueOrder(ctx, target, { pkcs12: false, documentSigning: isDocumentSigning(target.productCode) });
    return { body: { OrderID: order.orderId, Type: 'Order' } };
  }
  if (r.ReissuePKCS12Info) {
    const { pin } = pinOf(ctx, (r.ReissuePKCS12Info as Req).PKCS12PIN, 'ReissuePKCS12Info.PKCS12PIN');
    const key = await serverKey(ctx);
    const order = reissueOrder(ctx, target);
    await issueEpki(ctx, { order, profile, spki: key.spki });
    markReissued(ctx, target);
    const p12 = await key.p12(order, pin);
    return { body: { OrderID: order.orderId, Type: 'PKCS12', BASE64PKCS12: p12, PKCS12: [p12] } };
  }
  const spki = await checkCsr(ctx, (r.ReissueCertInfo as Req).CSR, 'ReissueCertInfo.CSR');
  const order = reissueOrder(ctx, target);
  await issueEpki(ctx, { order, profile, spki });
  markReissued(ctx, target);
  return { body: { OrderID: order.orderId, Type: 'Cert', CERT: certField(ctx, order) } };
}

function renewal(status: EpkiOrder['renewalStatus']): (ctx: HandlerContext, r: Req) => HandlerResult {
  return (ctx, r) => {
    const order = ctx.state.epkiOrders
      .byDnSerial(ctx.account.username, String(r.DNSerialNumber ?? ''))
      .find((o) => o.status === 'ISSUED');
    if (!order) throw new SimApiError('-9916', 'DNSerialNumber', 'no issued certificate has this DN serial number');
    if (order.renewalStatus === status)
      throw new SimApiError('-9969', 'DNSerialNumber', `renewal is already ${status}`);
    order.renewalStatus = status;
    order.events.push({
      name: status === 'SUSPENDED' ? 'RENEWAL_SUSPENDED' : 'RENEWAL_RESUMED',
      at: ctx.clock.stamp(),
    });
    ctx.state.epkiOrders.put(order);
    return { body: {} };
  };
}

/** Every EPKI operation, keyed by its wire name. */
export const EPKI_HANDLERS: HandlerMap = {
  OrderAndIssueCertificate: orderAndIssue,
  OrderPkcs12: orderPkcs12,
  OrderCertificate: orderCertificate,
  OrderDS: orderDs,
  Cancel: cancel,
  Reissue: reissue,
  ReissueCertificate: reissueCertificate,
  Revoke: revoke,
  Suspendrenewal: renewal('SUSPENDED'),
  Resumerenewal: renewal('ACTIVE'),
  ...EPKI_QUERY_HANDLERS,
};
