/**
 * Account-level parts of the simulator's MSSL world: the AccountService (AccountSnapshot, QueryInvoices derived from
 * the orders placed; orders cancelled within 7 days are not invoiced) and the MSSL profile operations
 * (GetMSSLProfiles, AddMSSLProfile, UpdateMSSLProfile). The admin methods and the seed are in mssl-admin.ts.
 *
 * @module
 */
import type { Handler, HandlerMap } from './context.ts';
import { profileOf } from './dns.ts';
import type { MsslOrder, MsslProfile } from './entities.ts';
import { QUERY_CAP, rangeOf } from './mssl-values.ts';
import { SimApiError } from './sim-error.ts';
import type { SimStore } from './store.ts';

type Req = Record<string, unknown>;
const DAY = 86_400_000;
const cancelled = (o: MsslOrder): boolean => o.status === '3' || o.status === '5';

/** Orders of `user` that are charged (not cancelled). */
function charged(state: SimStore, user: string): MsslOrder[] {
  return state.msslOrders.byOwner(user).filter((o) => !cancelled(o) && o.price > 0);
}

const snapshot: Handler = (ctx) => {
  const user = ctx.account.username;
  const orders = charged(ctx.state, user);
  const now = ctx.clock.now();
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const lastStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
  const lastMonth = orders.filter((o) => o.orderDate.getTime() >= lastStart && o.orderDate.getTime() < monthStart);
  const sum = (list: MsslOrder[]): number => list.reduce((s, o) => s + o.price, 0);
  const yearEnd = `${now.getUTCFullYear() + 1}-12-31T23:59:59.000Z`;
  const balance = (ctx.state.deposits.get(user) ?? 0) - sum(orders);
  return {
    body: {
      AccountSnapShot: {
        BulkDepositBalance: balance.toFixed(2),
        LastMonthUsage: sum(lastMonth).toFixed(2),
        BulkDepositValidity: yearEnd,
        AgreementValidityPeriod: yearEnd,
        DiscountRank: 'A',
        DiscountRankValidityPeriod: yearEnd,
      },
    },
  };
};

const invoices: Handler = (ctx, r) => {
  const range = rangeOf(r.PaymentDueDateFrom, r.PaymentDueDateTo, ['PaymentDueDateFrom', 'PaymentDueDateTo']);
  const now = ctx.clock.now().getTime();
  const user = ctx.account.username;
  const list = charged(ctx.state, user)
    .map((o) => ({ o, invoiced: o.orderDate.getTime() + 7 * DAY }))
    .filter(({ o, invoiced }) => {
      const due = invoiced + 30 * DAY;
      return (
        invoiced <= now &&
        due >= range.from &&
        due <= range.to &&
        (r.OrderID === undefined || o.orderId === r.OrderID) &&
        (r.InvoiceNumber === undefined || `IN${o.orderId}` === r.InvoiceNumber)
      );
    })
    .slice(0, QUERY_CAP)
    .map(({ o, invoiced }) => ({
      InvoiceNumber: `IN${o.orderId}`,
      CustomerAccountNo: user,
      SupplyDate: o.orderDate.toISOString(),
      InvoiceDate: new Date(invoiced).toISOString(),
      PaymentDueDate: new Date(invoiced + 30 * DAY).toISOString(),
      InvoiceLineItem: [
        {
          ProductName: o.productCode,
          CommonName: o.commonName,
          OrderID: o.orderId,
          Qty: '1',
          UnitPrice: o.price.toFixed(2),
          TaxAmt: '0.00',
          TotalLineAmt: o.price.toFixed(2),
        },
      ],
    }));
  const profile = ctx.state.msslProfiles.byOwner(user)[0];
  const address = profile && {
    AddressLine1: '-',
    City: profile.org.L,
    Region: profile.org.ST,
    PostalCode: '-',
    Country: profile.org.C,
    Phone: '-',
  };
  return { body: { ...(address ? { OrganizationAddress: address } : {}), Invoices: list } };
};

/** The AccountService operations. */
export const ACCOUNT_HANDLERS: HandlerMap = { AccountSnapshot: snapshot, QueryInvoices: invoices };

function profileDetail(p: MsslProfile): Req {
  const o = p.org;
  return {
    MSSLProfileId: p.id,
    VettingLevel: p.vettingLevel,
    MSSLPlofileStatus: p.status,
    RequestDate: p.requestDate.toISOString(),
    ...(p.vettingLevel === 'OV'
      ? {
          MSSLOVProfileInfo: {
            MSSLOVProfile: {
              Country: o.C,
              StateOrProvince: o.ST,
              Locality: o.L,
              OrganizationName: o.O,
              OrganizationUnit: o.OU,
            },
            OVSealInfo: {},
            BusinessOVInfo: {},
          },
        }
      : p.ev
        ? { MSSLEVProfileInfo: p.ev }
        : {}),
  };
}

const getProfiles: Handler = (ctx, r) => {
  const list = ctx.state.msslProfiles
    .byOwner(ctx.account.username)
    .filter(
      (p) =>
        (r.MSSLProfileID === undefined || p.id === r.MSSLProfileID) &&
        (r.VettingLevel === undefined || p.vettingLevel === String(r.VettingLevel).toUpperCase()) &&
        (r.MSSLProfileStatus === undefined || p.status === String(r.MSSLProfileStatus)),
    );
  return { body: { SearchMSSLProfileDetails: list.slice(0, QUERY_CAP).map(profileDetail) } };
};

/** The organisation of an AddMSSLProfile request (-101 level, -102 details missing). */
function orgOf(r: Req): { level: 'OV' | 'EV'; org: MsslProfile['org'] } {
  const level = String(r.VettingLevel).toUpperCase();
  if (level === 'OV') {
    const ov = (r.MSSLOVProfileInfo as Req | undefined)?.MSSLOVProfile as Req | undefined;
    if (!ov) throw new SimApiError('-102', 'MSSLOVProfileInfo', 'an OV profile needs MSSLOVProfileInfo');
    const org = {
      C: String(ov.Country),
      ST: String(ov.StateOrProvince),
      L: String(ov.Locality),
      O: String(ov.OrganizationName),
    };
    return { level, org: ov.OrganizationUnit ? { ...org, OU: String(ov.OrganizationUnit) } : org };
  }
  if (level === 'EV') {
    const ev = r.MSSLEVProfileInfo as Req | undefined;
    if (!ev) throw new SimApiError('-102', 'MSSLEVProfileInfo', 'an EV profile needs MSSLEVProfileInfo');
    const place = ev.BusinessPlaceInfo as Req;
    const name = (ev.MSSLEVProfile as Req).OrganizationName;
    return {
      level,
      org: { C: String(place.CountryCode), ST: String(place.StateOrProvince), L: String(place.City), O: String(name) },
    };
  }
  throw new SimApiError('-101', 'VettingLevel', 'OV or EV');
}

const addProfile: Handler = (ctx, r) => {
  const { level, org } = orgOf(r);
  const mssl = ctx.state;
  const dup = mssl.msslProfiles
    .byOwner(ctx.account.username)
    .some((p) => p.org.O === org.O && p.org.ST === org.ST && p.org.L === org.L && p.org.C === org.C);
  if (dup) throw new SimApiError('-9407', 'OrganizationName', 'a profile with this organisation already exists');
  const profile: MsslProfile = {
    id: ctx.state.nextId('MP'),
    owner: ctx.account.username,
    vettingLevel: level,
    status: '1',
    requestDate: ctx.clock.stamp(),
    org,
    ...(level === 'EV' ? { ev: r.MSSLEVProfileInfo as Req } : {}),
  };
  mssl.msslProfiles.put(profile);
  return { body: { MsslProfileID: profile.id } };
};

const updateProfile: Handler = (ctx, r) => {
  const p = profileOf(ctx, r.MSSLProfileID);
  if (p.vettingLevel !== 'EV') throw new SimApiError('-9430', 'MSSLProfileID', 'only EV profiles can be updated');
  if (r.MSSLEVProfileInfo) p.ev = r.MSSLEVProfileInfo as Req;
  p.status = '2';
  ctx.state.msslProfiles.put(p);
  return { body: { MSSLProfileID: p.id } };
};

/** The profile operations of the MSSL service (wrapped with the rights check in mssl.ts). */
export const PROFILE_HANDLERS: Readonly<Record<string, Handler>> = {
  GetMSSLProfiles: getProfiles,
  AddMSSLProfile: addProfile,
  UpdateMSSLProfile: updateProfile,
};
