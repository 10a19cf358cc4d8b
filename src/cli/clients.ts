/**
 * The service clients and order summaries the CLI's verbs share: EPKI, MSSL and Query clients with the credentials of
 * the environment or config file, the `--service epki|mssl` choice, the `--endpoint`/`--timeout` options, and the
 * fields of an order worth showing.
 *
 * @module
 */
import { EpkiClient } from '../clients/epki.ts';
import type { EpkiOrderDetail } from '../clients/epki-types.ts';
import type { QueryOrderDetail } from '../clients/query-types.ts';
import { MsslClient } from '../clients/mssl.ts';
import { QueryClient } from '../clients/query.ts';
import { ORDER_STATUS } from '../services/status.ts';
import { CliError, EXIT, type Io, type Parsed, str } from './common.ts';
import { credentials } from './credentials.ts';

/** The options of every command that talks to the service: `--endpoint` and the per-request `--timeout`. */
export const ENDPOINT = { endpoint: { type: 'string' as const }, timeout: { type: 'string' as const } };

/** The `--service epki|mssl` option of status, wait, download and sync (default epki). */
export const SERVICE = { service: { type: 'string' as const } };

/**
 * The service a command addresses: `epki` (default) or `mssl`.
 *
 * @example `if (service(p) === 'mssl') return msslStatus(p, io, id)`
 */
export function service(p: Parsed): 'epki' | 'mssl' {
  const s = (str(p, 'service') ?? 'epki').toLowerCase();
  if (s !== 'epki' && s !== 'mssl') throw new CliError('--service: epki or mssl', EXIT.usage, { field: '--service' });
  return s;
}

/**
 * An EpkiClient with the credentials of the environment or config file.
 *
 * @example
 * ```ts
 * const epki = await epkiClient(p, io);
 * ```
 */
export async function epkiClient(p: Parsed, io: Io): Promise<EpkiClient> {
  return new EpkiClient(await credentials(io, p));
}

/**
 * The MSSL and Query clients with the credentials of the environment or config file.
 *
 * @example
 * ```ts
 * const { mssl, query } = await msslClients(p, io);
 * ```
 */
export async function msslClients(p: Parsed, io: Io): Promise<{ mssl: MsslClient; query: QueryClient }> {
  const options = await credentials(io, p);
  return { mssl: new MsslClient(options), query: new QueryClient(options) };
}

/**
 * The fields of an EPKI order worth showing.
 *
 * @example
 * ```ts
 * summary(res.OrderDetail); // { orderId, status, product, … }
 * ```
 */
export function summary(o: EpkiOrderDetail | undefined): Record<string, unknown> {
  return {
    orderId: o?.OrderInfo.OrderNo,
    status: o?.OrderInfo.OrderStatusName ?? o?.OrderInfo.OrderStatus,
    product: o?.OrderInfo.ProductCode,
    requestDate: o?.OrderInfo.RequestDate,
    certificateStatus: o?.CrCertificateInfo?.CertificateStatusName ?? o?.CrCertificateInfo?.CertificateStatus,
    commonName: o?.CrCertificateInfo?.CommonName,
    notAfter: o?.CrCertificateInfo?.EndDate,
  };
}

/**
 * The fields of an MSSL order worth showing.
 *
 * @example `msslSummary(res.OrderDetail)`
 */
export function msslSummary(o: QueryOrderDetail | undefined): Record<string, unknown> {
  const code = o?.OrderInfo.OrderStatus;
  return {
    orderId: o?.OrderInfo.OrderId,
    status: code === undefined ? undefined : (ORDER_STATUS[code]?.name ?? code),
    product: o?.OrderInfo.ProductCode,
    orderDate: o?.OrderInfo.OrderDate,
    commonName: o?.CertificateInfo?.CommonName ?? o?.OrderInfo.DomainName,
    notAfter: o?.CertificateInfo?.EndDate,
  };
}

/**
 * `key: value` lines of a summary (undefined fields left out).
 *
 * @example `lines({ orderId: 'CE1', status: 'ISSUED' }) // 'orderId: CE1\nstatus: ISSUED'`
 */
export function lines(s: Record<string, unknown>): string {
  return Object.entries(s)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join('\n');
}
