/**
 * MSSL pieces of the `globalsign` CLI: `order mssl` (PVOrder with ASYNC_ORDER, then polling the Query service),
 * `status`/`wait` with `--service mssl`, and `download` of an issued order's certificate and chain (and, for MSSL
 * orders made without a CSR, the PKCS#12). An order whose outcome is unknown is reconciled at once and never placed
 * again by the CLI.
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import { EpkiClient } from '../clients/epki.ts';
import type { GasOrderDetail } from '../clients/gas-types.ts';
import { MsslClient } from '../clients/mssl.ts';
import type { MsslPVOrderRequest } from '../clients/mssl-types.ts';
import { QueryClient } from '../clients/query.ts';
import { fromBase64 } from '../crypto/bytes.ts';
import { isOrderOutcomeUnknownError } from '../errors.ts';
import { ORDER_STATUS } from '../services/status.ts';
import { classifyEpkiOrder } from '../workflows/epki-wait.ts';
import { reconcileOrder } from '../workflows/index.ts';
import {
  classifyMsslOrder,
  decodeMsslFulfillment,
  msslOrderAndWait,
  waitForMsslOrder,
} from '../workflows/mssl-wait.ts';
import {
  CliError,
  type Command,
  credentials,
  EXIT,
  emit,
  type Io,
  need,
  type Parsed,
  readInput,
  str,
} from './common.ts';
import { contactFlags } from './domain-commands.ts';
import { CONTACT, ENDPOINT, printIssued, waitOptions } from './waiting.ts';

/** The options `order mssl` adds to `order`. */
export const MSSL_ORDER_OPTIONS = {
  domain: { type: 'string' as const },
  months: { type: 'string' as const },
  san: { type: 'string' as const, multiple: true as const },
  ...CONTACT,
  'no-wait': { type: 'boolean' as const },
};

/** The usage lines of `order mssl`. */
export const MSSL_ORDER_USAGE = `globalsign order mssl --profile MSSL_PROFILE_ID --domain MSSL_DOMAIN_ID --csr csr.pem
       --first-name Ada --last-name Lovelace --phone "+44 20 …" --email ada@example.com (the order's contact)
       [--product PV_SHA2] [--months 12] [--san NAME]... [--no-wait] [--deadline 1h] [--interval 10s]
       [--out cert.pem] [--json]
  PVOrder with ASYNC_ORDER, then polls GetOrderByOrderID until issued (--no-wait: print the OrderID and stop).
  The CN comes from the CSR; each --san adds a DNS name (SAN option set for you).`;

/**
 * The MSSL and Query clients with the credentials of the environment or config file.
 *
 * @example
 * ```ts
 * const { mssl, query } = await msslClients(p, io);
 * ```
 */
export async function msslClients(p: Parsed, io: Io): Promise<{ mssl: MsslClient; query: QueryClient }> {
  const options = await credentials(io, str(p, 'endpoint'));
  return { mssl: new MsslClient(options), query: new QueryClient(options) };
}

async function pvRequest(p: Parsed): Promise<MsslPVOrderRequest> {
  const csr = new TextDecoder().decode(await readInput(need(p, 'csr')));
  const sans = (p.values.san as string[] | undefined) ?? [];
  return {
    OrderRequestParameter: {
      ProductCode: str(p, 'product') ?? 'PV_SHA2',
      OrderKind: 'new',
      Licenses: '1',
      ...(sans.length ? { Options: [{ OptionName: 'SAN', OptionValue: 'true' }] } : {}),
      ValidityPeriod: { Months: str(p, 'months') ?? '12' },
      CSR: csr,
    },
    MSSLProfileID: need(p, 'profile'),
    MSSLDomainID: need(p, 'domain'),
    ContactInfo: contactFlags(p, true)!,
    ...(sans.length ? { SANEntries: sans.map((s) => ({ SANOptionType: '7', SubjectAltName: s })) } : {}),
  };
}

/**
 * `globalsign order mssl`: places the order and waits for it (unless `--no-wait`); on an unknown outcome, searches
 * for it and says whether it exists, was proven absent, or may be one of several candidates.
 *
 * @example
 * ```ts
 * if (p.positionals[0] === 'mssl') return orderMssl(p, io);
 * ```
 */
export async function orderMssl(p: Parsed, io: Io): Promise<number> {
  const { mssl, query } = await msslClients(p, io);
  const request = await pvRequest(p);
  try {
    if (!p.values['no-wait'])
      return await printIssued(p, io, await msslOrderAndWait(mssl, query, request, waitOptions(p, io)));
    const res = await mssl.pvOrder(request);
    emit(
      io,
      p,
      { orderId: res.OrderID },
      `order ${res.OrderID} placed; run: globalsign wait --service mssl ${res.OrderID}`,
    );
    return EXIT.ok;
  } catch (e) {
    if (!isOrderOutcomeUnknownError(e)) throw e;
    io.err('the order request got no answer: searching for it (the CLI never places it twice)');
    const r = await reconcileOrder(e, query);
    const text = {
      found: `the order was placed: ${r.status === 'found' ? r.order.OrderInfo.OrderId : ''}; run: globalsign wait --service mssl ORDER`,
      absent: 'the order was NOT placed (proven absent in the submission window): it is safe to run the command again',
      candidates: 'orders that may be this one were found: check them before ordering again',
    }[r.status];
    emit(io, p, { outcome: 'unknown', reconcile: r }, text);
    return r.status === 'found' ? EXIT.ok : EXIT.network;
  }
}

/**
 * The fields of an MSSL order worth showing.
 *
 * @example `msslSummary(res.OrderDetail)`
 */
export function msslSummary(o: GasOrderDetail | undefined): Record<string, unknown> {
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
 * `status --service mssl`: the order's summary and state.
 *
 * @example `return msslStatus(p, io, 'CE0001')`
 */
export async function msslStatus(p: Parsed, io: Io, id: string): Promise<number> {
  const { query } = await msslClients(p, io);
  const res = await query.getOrderByOrderId({
    OrderID: id,
    OrderQueryOption: { ReturnCertificateInfo: 'true', ReturnFulfillment: 'true' },
  });
  const s = msslSummary(res.OrderDetail);
  const lines = Object.entries(s).filter(([, v]) => v !== undefined);
  emit(io, p, { ...s, state: classifyMsslOrder(res).state }, lines.map(([k, v]) => `${k}: ${String(v)}`).join('\n'));
  return EXIT.ok;
}

/**
 * `wait --service mssl`: polls until issued.
 *
 * @example `return msslWait(p, io, 'CE0001')`
 */
export async function msslWait(p: Parsed, io: Io, id: string): Promise<number> {
  const { query } = await msslClients(p, io);
  return printIssued(p, io, await waitForMsslOrder(query, id, waitOptions(p, io)));
}

/** Writes the PKCS#12 an MSSL order without CSR carries; the file is protected by the PIN chosen at ordering. */
async function writeP12(p: Parsed, io: Io, o: GasOrderDetail | undefined): Promise<void> {
  const file = str(p, 'p12');
  if (!file) return;
  const b64 = o?.Fulfillment?.PKCS12Cert;
  if (!b64) throw new CliError('--p12: this order has no PKCS#12 (only orders placed without a CSR do)', EXIT.api);
  await writeFile(file, fromBase64(b64));
  io.err(`PKCS#12 written to ${file} (protected by the PIN chosen when ordering)`);
}

async function downloadMssl(p: Parsed, io: Io, id: string): Promise<number> {
  const { query } = await msslClients(p, io);
  const res = await query.getOrderByOrderId({
    OrderID: id,
    OrderQueryOption: {
      ReturnFulfillment: 'true',
      ReturnCACerts: 'true',
      ReturnPKCS12: str(p, 'p12') ? 'true' : 'false',
    },
  });
  const r = classifyMsslOrder(res);
  if (r.state !== 'issued') throw new CliError(`order ${id} is ${r.status}: nothing to download yet`, EXIT.state);
  await writeP12(p, io, r.order);
  return printIssued(p, io, { orderId: id, order: r.order, ...decodeMsslFulfillment(r.order.Fulfillment!) });
}

async function downloadEpki(p: Parsed, io: Io, id: string): Promise<number> {
  const epki = new EpkiClient(await credentials(io, str(p, 'endpoint')));
  const res = await epki.getOrderByOrderId({
    OrderNo: id,
    OrderQueryOption: { ReturnCertificateInfo: true, ReturnFulfillment: true, ReturnP7: true },
  });
  const r = classifyEpkiOrder(res);
  if (r.state !== 'issued') throw new CliError(`order ${id} is ${r.status}: nothing to download yet`, EXIT.state);
  return printIssued(p, io, { orderId: id, order: r.order, ...EpkiClient.decodeCertificate(r.certificate) });
}

/** The `--service epki|mssl` option of status, wait and download (default epki). */
export const SERVICE = { service: { type: 'string' as const } };

/**
 * The service a command addresses: `epki` (default) or `mssl`.
 *
 * @example `if (service(p) === 'mssl') return msslStatus(p, io, id)`
 */
export function service(p: Parsed): 'epki' | 'mssl' {
  const s = (str(p, 'service') ?? 'epki').toLowerCase();
  if (s !== 'epki' && s !== 'mssl') throw new CliError('--service: epki or mssl', EXIT.usage);
  return s;
}

/** `globalsign download ORDER_ID`. */
export const download: Command = {
  usage: `globalsign download ORDER_ID [--service epki|mssl] [--out cert.pem] [--p12 file.p12] [--endpoint …] [--json]
  Writes an issued order's certificate and chain (leaf first, PEM) to --out, or prints them. MSSL orders placed
  without a CSR also carry a PKCS#12: --p12 writes it (it is protected by the PIN chosen when ordering).
  Exit 5 when the order is not issued.`,
  options: { ...ENDPOINT, ...SERVICE, out: { type: 'string', short: 'o' }, p12: { type: 'string' } },
  run(p, io) {
    const id = p.positionals[0];
    if (!id) throw new CliError('download: ORDER_ID is required', EXIT.usage);
    return service(p) === 'mssl' ? downloadMssl(p, io, id) : downloadEpki(p, io, id);
  },
};
