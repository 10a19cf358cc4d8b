/**
 * The validity rules of MSSL orders in the simulator (guide 8.2, 8.7, 8.8): order kind, options, months per product,
 * renewal targets and their bonus days, custom NotAfter, and the plan an order is placed from.
 *
 * @module
 */
import type { MsslFamily, MsslProduct } from '../services/products.ts';
import { ORDER_KINDS, ORDER_OPTIONS, VALIDITY_MONTHS } from '../services/products.ts';
import type { HandlerContext } from './context.ts';
import type { MsslDomain, MsslOrder, MsslProfile } from './entities.ts';
import { dateOf } from './mssl-values.ts';
import { SimApiError } from './sim-error.ts';

/** What PVOrder and PVOrderWithoutCSR established before a key is involved. */
export interface OrderPlan {
  readonly product: MsslProduct;
  readonly profile: MsslProfile;
  readonly domain: MsslDomain | undefined;
  readonly validity: Validity;
  readonly names: { readonly cn: string; readonly sanEntries: MsslOrder['sanEntries'] };
  readonly async: boolean;
  readonly param: string;
}

/** The validity an order gets. */
export interface Validity {
  readonly months: number;
  readonly days: number;
  readonly echo: MsslOrder['validity'];
  readonly renewalOf?: string;
}

const MAX_DAYS: Readonly<Record<MsslFamily, readonly [number, string]>> = {
  ExtendedSSL: [825, '-9988'],
  OrganizationSSL: [825, '-9987'],
  CloudSSL: [825, '-9987'],
  IntranetSSL: [1826, '-9988'],
};

/** Renewal: the target must be an issued order of the same CN not renewed before (-6102); returns its bonus days. */
function renewalBonus(ctx: HandlerContext, target: unknown, cn: string, field: string): number {
  const mssl = ctx.state;
  const t = mssl.msslOrders.get(String(target ?? ''));
  const renewed = t !== undefined && mssl.msslOrders.isRenewed(t.orderId);
  if (!t || t.owner !== ctx.account.username || t.status !== '4' || t.commonName !== cn || renewed || !t.certificate)
    throw new SimApiError('-6102', field, 'the renewal target must be an issued order of the same CN, not yet renewed');
  const left = Math.ceil((t.certificate.notAfter.getTime() - ctx.clock.now().getTime()) / DAY_MS);
  return Math.max(0, Math.min(90, left));
}

const DAY_MS = 86_400_000;

/** Order kind, options, months, renewal and custom validity (guide 8.2, 8.7, 8.8; -101, -105, -9933, -9940, -9949, -9987, -9988). */
export function checkValidity(
  ctx: HandlerContext,
  p: Record<string, unknown>,
  param: string,
  product: MsslProduct,
  cn: string,
  on: (option: string) => boolean,
): Validity {
  const fam = product.family;
  const kind = String(p.OrderKind ?? '').toLowerCase();
  if (!ORDER_KINDS[kind]?.includes(fam)) throw new SimApiError('-101', `${param}.OrderKind`, `not allowed for ${fam}`);
  const options = Array.isArray(p.Options) ? (p.Options as Record<string, unknown>[]) : [];
  options.forEach((o, i) => {
    if (!ORDER_OPTIONS[String(o.OptionName).toUpperCase()]?.includes(fam))
      throw new SimApiError('-101', `${param}.Options.${i}.OptionName`, `not available for ${fam}`);
  });
  const v = (p.ValidityPeriod ?? {}) as Record<string, unknown>;
  const months = Number(v.Months);
  const row = VALIDITY_MONTHS[String(v.Months)];
  if (!row?.families.includes(fam))
    throw new SimApiError(
      '-101',
      `${param}.ValidityPeriod.Months`,
      `${String(v.Months)} months is not offered for ${fam}`,
    );
  let days = row.days;
  let renewalOf: string | undefined;
  if (kind === 'renewal') {
    days += renewalBonus(ctx, p.RenewalTargetOrderID, cn, `${param}.RenewalTargetOrderID`);
    renewalOf = String(p.RenewalTargetOrderID);
    if (on('REX')) days += 30;
  }
  const echo: { Months: string; NotBefore?: string; NotAfter?: string } = { Months: String(months) };
  if (v.NotBefore !== undefined || v.NotAfter !== undefined) {
    if (!on('VPC'))
      throw new SimApiError('-105', `${param}.ValidityPeriod.NotAfter`, 'custom dates need the VPC option');
    const now = ctx.clock.now().getTime();
    const nb = v.NotBefore === undefined ? now : dateOf(v.NotBefore, `${param}.ValidityPeriod.NotBefore`).getTime();
    const na =
      v.NotAfter === undefined ? nb + days * DAY_MS : dateOf(v.NotAfter, `${param}.ValidityPeriod.NotAfter`).getTime();
    if (nb < now - DAY_MS || na <= now) throw new SimApiError('-9940', `${param}.ValidityPeriod`, 'dates before today');
    const span = (na - nb) / DAY_MS;
    if (span > MAX_DAYS[fam][0])
      throw new SimApiError('-9949', `${param}.ValidityPeriod.NotAfter`, 'beyond the baseline validity limit');
    if (span > days) throw new SimApiError('-9933', `${param}.ValidityPeriod.NotAfter`, `beyond ${months} months`);
    if (v.NotBefore !== undefined) echo.NotBefore = new Date(nb).toISOString();
    echo.NotAfter = new Date(na).toISOString();
    days = Math.ceil(span);
  }
  const [max, code] = MAX_DAYS[fam];
  if (days > max) throw new SimApiError(code, `${param}.ValidityPeriod.Months`, `${days} days exceeds ${max} days`);
  return { months, days, echo, ...(renewalOf ? { renewalOf } : {}) };
}
