/**
 * The simulator's MSSL orders: PVOrder, PVOrderWithoutCSR, ModifyMSSLOrder and ChangeSubjectAltName, with the
 * guide's checks (product rights and families, profile and domain, CN under the domain, wildcard and IP rules, SAN
 * types and counts, validity, key reuse, balance) and real TLS certificates from the local CA. ASYNC_ORDER orders
 * are issued once `asyncDelayMs` of the simulator clock has passed; names flagged for phishing wait (SuccessCode 1).
 * The domain and profile operations live in dns.ts.
 *
 * @module
 */
import { toBase64, toBytes } from '../crypto/bytes.ts';
import { parseCsr } from '../crypto/csr.ts';
import { generateKeyPair } from '../crypto/keys.ts';
import { lintCsr } from '../crypto/lint.ts';
import { createPkcs12 } from '../crypto/pkcs12/index.ts';
import { msslProduct, type MsslProduct } from '../services/products.ts';
import { ORDER_STATUS_CODE as S } from '../services/status.ts';
import type { Handler, HandlerContext, HandlerMap, HandlerResult } from './context.ts';
import { PROFILE_HANDLERS } from './account.ts';
import { DOMAIN_HANDLERS } from './dns.ts';
import { checkNames, usableDomain } from './mssl-names.ts';
import { checkValidity, type OrderPlan } from './mssl-validity.ts';
import type { MsslOrder } from './entities.ts';
import { certificateInfo, fulfillmentOf } from './mssl-format.ts';
import { addEvent, issueOrder, msslHandlers, orderOf } from './mssl-issue.ts';
import { keyOf, priceOf } from './mssl-values.ts';
import { SimApiError } from './sim-error.ts';

type Req = Record<string, unknown>;
const DAY = 86_400_000;

/** Parses and checks a CSR as MSSL does (-104 unreadable; the lint codes -9936, -9961, -9962…). */
export async function checkCsr(
  ctx: HandlerContext,
  csr: unknown,
  field: string,
  product?: MsslProduct,
): Promise<{ spki: Uint8Array; cn: string }> {
  let parsed: Awaited<ReturnType<typeof parseCsr>>;
  try {
    parsed = await parseCsr(String(csr ?? ''), { crypto: ctx.crypto });
  } catch {
    throw new SimApiError('-104', field, 'the CSR cannot be decoded');
  }
  for (const f of await lintCsr(parsed, { service: 'MSSL', crypto: ctx.crypto })) {
    if (f.severity !== 'error') continue;
    throw new SimApiError(/^-\d+$/.test(f.code) ? f.code : '-104', field, f.message);
  }
  if (product?.ecdsa && parsed.key.type !== 'EC')
    throw new SimApiError('-9964', field, `${product.code} needs an ECDSA key`);
  const cn = parsed.subject.CN;
  if (!cn) throw new SimApiError('-102', field, 'the CSR has no Common Name');
  return { spki: parsed.spkiDer, cn: cn.toLowerCase() };
}

/** -6007 when the key served another CN; -9940 when it was revoked. */
export function checkKey(ctx: HandlerContext, spki: Uint8Array, cn: string, field: string): void {
  const mssl = ctx.state;
  const k = keyOf(spki);
  if (mssl.revokedKeys.has(k)) throw new SimApiError('-9940', field, 'the public key has been previously revoked');
  const used = mssl.usedKeys.get(k);
  if (used !== undefined && used !== cn)
    throw new SimApiError('-6007', field, 'the public key of the CSR has been used previously for another CN');
}

/** The product, if this account may order it (-9901) with this operation (-105). */
function productFor(ctx: HandlerContext, p: Req, param: string, withoutCsr: boolean): MsslProduct {
  const product = msslProduct(p.ProductCode);
  const families = ctx.state.msslRights.get(ctx.account.username);
  if (!product || !families?.includes(product.family))
    throw new SimApiError('-9901', `${param}.ProductCode`, 'the Product Group of this user does not allow it');
  if (withoutCsr !== Boolean(product.autoCsr)) {
    const why = withoutCsr ? 'needs an AutoCSR product' : 'AutoCSR products use PVOrderWithoutCSR';
    throw new SimApiError('-105', `${param}.ProductCode`, why);
  }
  return product;
}

/** Everything PVOrder and PVOrderWithoutCSR check besides the key. */
function plan(ctx: HandlerContext, r: Req, param: string, product: MsslProduct, cn: string): OrderPlan {
  const p = (r[param] ?? {}) as Req;
  const { profile, domain } = usableDomain(ctx, r, product, p);
  const options = Array.isArray(p.Options) ? (p.Options as Req[]) : [];
  const on = (name: string): boolean =>
    options.some((o) => String(o.OptionName).toUpperCase() === name && String(o.OptionValue).toLowerCase() === 'true');
  const names = checkNames(ctx, r, p, param, product, domain, on, cn);
  const validity = checkValidity(ctx, p, param, product, names.cn, on);
  return { product, profile, domain, validity, names, async: on('ASYNC_ORDER'), param };
}

/** Stores a new order from a plan and a key; issues it now, later (ASYNC_ORDER) or holds it (phishing, approval). */
async function place(
  ctx: HandlerContext,
  pl: OrderPlan,
  r: Req,
  key: { spki: Uint8Array; csr?: string },
): Promise<{ order: MsslOrder; warnings: HandlerResult['warnings'] }> {
  const mssl = ctx.state;
  const p = (r[pl.param] ?? {}) as Req;
  const price = priceOf(pl.product.family, pl.validity.months, pl.names.sanEntries.length);
  const balance = mssl.deposits.get(ctx.account.username) ?? 0;
  const spent = mssl.msslOrders.chargedTotal(ctx.account.username);
  if (spent + price > balance) throw new SimApiError('-6101', 'AuthToken', 'not enough balance to order');
  const order: MsslOrder = {
    orderId: ctx.state.nextId('MS'),
    owner: ctx.account.username,
    // SHA-1 codes (guide 8.9) are still accepted from other clients and recorded as their SHA-256 code.
    productCode: pl.product.sha2 ?? pl.product.code,
    family: pl.product.family,
    ...(typeof p.BaseOption === 'string' ? { baseOption: p.BaseOption.toLowerCase() } : {}),
    orderKind: String(p.OrderKind).toLowerCase(),
    months: pl.validity.months,
    profileId: pl.profile.id,
    domainId: pl.domain?.id ?? String(r.MSSLDomainID),
    commonName: pl.names.cn,
    sanEntries: pl.names.sanEntries,
    status: S.INITIAL,
    orderDate: ctx.clock.stamp(),
    validity: pl.validity.echo,
    days: pl.validity.days,
    spki: key.spki,
    ...(key.csr ? { csr: key.csr } : {}),
    chain: [],
    renewalNotice: true,
    events: [],
    ...(pl.validity.renewalOf ? { renewalOf: pl.validity.renewalOf } : {}),
    ...(typeof r.SubID === 'string' ? { subId: r.SubID } : {}),
    price,
    ...(typeof p.SpecialInstructions === 'string' ? { specialInstructions: p.SpecialInstructions } : {}),
  };
  order.events.push({ name: 'ORDER_REQUEST', at: order.orderDate });
  mssl.msslOrders.put(order);
  mssl.usedKeys.set(keyOf(key.spki), pl.names.cn);
  const flagged = [pl.names.cn, ...pl.names.sanEntries.map((s) => s.SubjectAltName)].find((n) =>
    mssl.phishing.has(n.toLowerCase()),
  );
  if (flagged) {
    order.status = S.WAITING_PHISHING_CHECK;
    order.hold = 'phishing';
    addEvent(ctx, order, 'VALIDATE_PHISHING');
    const warning = {
      ErrorCode: '1',
      ErrorField: 'CommonName',
      ErrorMessage: `${flagged} was flagged for phishing review`,
    };
    return { order, warnings: [warning] };
  }
  if (mssl.needsApproval.has(ctx.account.username)) {
    order.hold = 'approval';
    mssl.msslOrders.put(order);
  } else if (pl.async) {
    const due = ctx.clock.now().getTime() + ctx.options.asyncDelayMs;
    order.readyAt = new Date(Math.max(due, order.orderDate.getTime() + 1));
    mssl.msslOrders.put(order);
    mssl.pendingAsync.add(order.orderId);
  } else await issueOrder(ctx, order);
  return { order, warnings: [] };
}

/** The PVOrderDetail of an order answered at once (certificate info and fulfillment when issued). */
function pvDetail(order: MsslOrder): Req | undefined {
  const info = certificateInfo(order);
  return info && { CertificateInfo: info, Fulfillment: fulfillmentOf(order, { ca: true, server: true }) };
}

const pvOrder: Handler = async (ctx, r) => {
  const param = r.OrderRequestParameter as Req;
  const product = productFor(ctx, param, 'OrderRequestParameter', false);
  const key = await checkCsr(ctx, param.CSR, 'OrderRequestParameter.CSR', product);
  const pl = plan(ctx, r, 'OrderRequestParameter', product, key.cn);
  checkKey(ctx, key.spki, key.cn, 'OrderRequestParameter.CSR');
  const { order, warnings } = await place(ctx, pl, r, { spki: key.spki, csr: String(param.CSR) });
  const detail = pvDetail(order);
  return {
    body: { OrderID: order.orderId, ...(detail ? { PVOrderDetail: detail } : {}) },
    ...(warnings ? { warnings } : {}),
  };
};

/** A key GlobalSign makes (AutoCSR): its SPKI, and the PKCS#12 of an order's certificate under it. */
export async function serverKey(
  ctx: HandlerContext,
  length: unknown,
  pin: unknown,
  param: string,
): Promise<{ spki: Uint8Array; p12(order: MsslOrder): Promise<string> }> {
  const bits = String(length);
  if (bits !== '2048' && bits !== '4096') throw new SimApiError('-101', `${param}.KeyLength`, '2048 or 4096');
  const password = String(pin ?? '');
  if (password.length < 8) throw new SimApiError('-103', `${param}.Pin`, 'the Pin is too short');
  const alg = bits === '4096' ? 'RSA-4096' : 'RSA-2048';
  const keys = await generateKeyPair(alg, { extractable: true, crypto: ctx.crypto });
  const spki = toBytes(await ctx.crypto.subtle.exportKey('spki', keys.publicKey));
  return {
    spki,
    async p12(order) {
      const file = await createPkcs12({
        key: keys.privateKey,
        certificates: [order.certificate!, ...order.chain],
        password,
        friendlyName: order.commonName,
        crypto: ctx.crypto,
      });
      order.pkcs12 = toBase64(file);
      ctx.state.msslOrders.put(order);
      return order.pkcs12;
    },
  };
}

const pvOrderWithoutCsr: Handler = async (ctx, r) => {
  const param = 'OrderRequestParameterWithoutCSR';
  const p = r[param] as Req;
  const product = productFor(ctx, p, param, true);
  const cn = String((r.OVCSRInfo as Req | undefined)?.CommonName ?? '').toLowerCase();
  const pl = plan(ctx, r, param, product, cn);
  const key = await serverKey(ctx, p.KeyLength, p.Pin, param);
  const { order, warnings } = await place(ctx, pl, r, key);
  if (!order.certificate && !order.hold) await issueOrder(ctx, order); // the key is ours: issue at once
  if (order.certificate) await key.p12(order);
  const detail = pvDetail(order);
  const body = { OrderId: order.orderId, ...(detail ? { PVOrderDetail: detail } : {}) };
  return { body, ...(warnings ? { warnings } : {}) };
};

const modifyOrder: Handler = async (ctx, r) => {
  const order = orderOf(ctx, r.OrderID);
  const op = String(r.ModifyOrderOperation).toUpperCase();
  const cancelled = order.status === S.CANCELLED_ISSUED || order.status === S.CANCELLED_NOT_ISSUED;
  if (op === 'APPROVE') {
    if (order.hold !== 'approval') throw new SimApiError('-9938', 'OrderID', 'the order is not waiting for approval');
    addEvent(ctx, order, 'ORDER_CONSENT');
    await issueOrder(ctx, order);
  } else if (op === 'CANCEL') {
    if (cancelled) throw new SimApiError('-9915', 'OrderID', 'the order was already cancelled');
    if (order.status === S.REVOKED) throw new SimApiError('-9938', 'OrderID', 'the certificate is revoked');
    if (ctx.clock.now().getTime() - order.orderDate.getTime() > 7 * DAY)
      throw new SimApiError('-9938', 'OrderID', 'an order can be cancelled within the first 7 days only');
    const issued = order.status === S.ISSUED;
    order.status = issued ? S.CANCELLED_ISSUED : S.CANCELLED_NOT_ISSUED;
    order.hold = undefined;
    order.readyAt = undefined;
    order.canceledDate = addEvent(ctx, order, issued ? 'ORDER_ISSUE_AFTER_CANCEL' : 'ORDER_ISSUE_BEFORE_CANCEL');
    ctx.state.msslOrders.put(order);
  } else if (op === 'REVOKE') {
    if (cancelled) throw new SimApiError('-9915', 'OrderID', 'the order was cancelled');
    if (order.status !== S.ISSUED) throw new SimApiError('-9938', 'OrderID', 'only issued certificates can be revoked');
    for (const o of [order, ...reissuesOf(ctx, order.orderId)]) {
      if (o.status !== S.ISSUED) continue;
      o.status = S.REVOKED;
      ctx.state.revokedKeys.add(keyOf(o.spki));
      o.deactivatedDate = addEvent(ctx, o, 'CERT_REVOKE');
      ctx.state.msslOrders.put(o);
    }
  } else throw new SimApiError('-101', 'ModifyOrderOperation', 'APPROVE, CANCEL or REVOKE');
  return { body: {} };
};

/** Orders reissued from `orderId`, transitively. */
function reissuesOf(ctx: HandlerContext, orderId: string): MsslOrder[] {
  const out: MsslOrder[] = [];
  for (const o of ctx.state.msslOrders.reissuesOf(orderId)) out.push(o, ...reissuesOf(ctx, o.orderId));
  return out;
}

/**
 * A new order that replaces an issued one (ReIssue, ChangeSubjectAltName): same product, profile and CN, a new
 * certificate at once; the target gets `targetEvent`.
 */
export async function reissue(
  ctx: HandlerContext,
  target: MsslOrder,
  change: { spki?: Uint8Array; sanEntries?: MsslOrder['sanEntries']; csr?: string; targetEvent: string },
): Promise<MsslOrder> {
  if (target.status !== S.ISSUED) throw new SimApiError('-9938', 'TargetOrderID', 'the target order is not issued');
  const now = ctx.clock.stamp();
  const order: MsslOrder = {
    ...target,
    orderId: ctx.state.nextId('MS'),
    orderKind: 'reissue',
    status: S.INITIAL,
    orderDate: now,
    completeDate: undefined,
    spki: change.spki ?? target.spki,
    sanEntries: change.sanEntries ?? target.sanEntries,
    ...(change.csr ? { csr: change.csr } : {}),
    chain: [],
    events: [{ name: 'ORDER_REQUEST', at: now }],
    reissueOf: target.orderId,
    pkcs12: undefined,
    certificate: undefined,
    price: 0,
  };
  addEvent(ctx, target, change.targetEvent);
  ctx.state.msslOrders.put(order);
  ctx.state.usedKeys.set(keyOf(order.spki), order.commonName);
  await issueOrder(ctx, order);
  return order;
}

const changeSan: Handler = async (ctx, r) => {
  const target = orderOf(ctx, r.OrderID ?? r.TargetOrderID, r.OrderID ? 'OrderID' : 'TargetOrderID');
  const entries = (Array.isArray(r.SANEntries) ? r.SANEntries : []) as MsslOrder['sanEntries'];
  const product = msslProduct(target.productCode)!;
  const domain = ctx.state.msslDomains.get(target.domainId);
  const names = checkNames(
    ctx,
    { SANEntries: entries },
    { BaseOption: target.baseOption },
    'OrderRequestParameter',
    product,
    domain,
    (n) => n === 'SAN' || n === 'ASYNC_ORDER',
    target.commonName,
  );
  const order = await reissue(ctx, target, { sanEntries: names.sanEntries, targetEvent: 'ORDER_CHANGE_SAN_REQUEST' });
  return { body: { OrderID: order.orderId, TargetOrderID: target.orderId } };
};

/** Every MSSL ManagedSSLService operation, keyed by wire name. */
export const MSSL_HANDLERS: HandlerMap = msslHandlers({
  PVOrder: pvOrder,
  PVOrderWithoutCSR: pvOrderWithoutCsr,
  ModifyMSSLOrder: modifyOrder,
  ChangeSubjectAltName: changeSan,
  ...DOMAIN_HANDLERS,
  ...PROFILE_HANDLERS,
});
