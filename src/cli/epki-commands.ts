/**
 * Ordering commands of the `globalsign` CLI: `order epki|mssl`, `status`, `wait` (EPKI here, MSSL in
 * mssl-commands.ts). An order whose outcome is unknown
 * is reconciled at once and never placed again by the CLI.
 *
 * @module
 */
import { EpkiClient, type EpkiOrderDetail } from '../clients/epki.ts';
import { isOrderOutcomeUnknownError } from '../errors.ts';
import {
  classifyEpkiOrder,
  type EpkiOrderAndWaitRequest,
  epkiOrderAndWait,
  waitForEpkiOrder,
} from '../workflows/epki-wait.ts';
import { reconcileOrder } from '../workflows/index.ts';
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
  secret,
  str,
} from './common.ts';
import {
  MSSL_ORDER_OPTIONS,
  MSSL_ORDER_USAGE,
  msslStatus,
  msslWait,
  orderMssl,
  SERVICE,
  service,
} from './mssl-commands.ts';
import { ENDPOINT, printIssued, WAIT, waitOptions } from './waiting.ts';

export { ENDPOINT } from './waiting.ts';

/**
 * An EpkiClient with the credentials of the environment or config file.
 *
 * @example
 * ```ts
 * const epki = await client(p, io);
 * ```
 */
export async function client(p: Parsed, io: Io): Promise<EpkiClient> {
  return new EpkiClient(await credentials(io, str(p, 'endpoint')));
}

async function epkiRequest(p: Parsed, io: Io): Promise<EpkiOrderAndWaitRequest> {
  const product = need(p, 'product');
  const profile = need(p, 'profile');
  const cn = need(p, 'cn');
  const email = str(p, 'email');
  const year = Number(str(p, 'years') ?? '1') as 1 | 2 | 3;
  const dn = { CommonName: cn, ...(email ? { Email: email } : {}) };
  const csrFile = str(p, 'csr');
  const csr = csrFile ? new TextDecoder().decode(await readInput(csrFile)) : undefined;
  const ds = product.toLowerCase().startsWith('epkids');
  if (csr) {
    if (ds)
      return {
        operation: 'OrderDS',
        request: {
          ProfileOrderNo: profile,
          ProductCode: product,
          IssueType: 'ISSUE',
          Year: year,
          CSR: csr,
          DnAttributes: dn,
        },
      };
    const request = {
      ProfileID: profile,
      ProductCode: product,
      Year: year,
      CSR: csr,
      DnAttributes: dn,
      ...(email ? { SANRFC822EmailAddress: email } : {}),
    };
    return { operation: 'OrderAndIssueCertificate', request };
  }
  const pickup = await secret(p, io, 'pickup-password-file', 'GLOBALSIGN_PICKUP_PASSWORD');
  if (!pickup)
    throw new CliError(
      'without --csr (an enrollment) a pickup password is needed: --pickup-password-file or GLOBALSIGN_PICKUP_PASSWORD',
      EXIT.usage,
    );
  if (ds)
    return {
      operation: 'OrderDS',
      request: {
        ProfileOrderNo: profile,
        ProductCode: product,
        IssueType: 'REGISTER',
        Year: year,
        PickupPassword: pickup,
        DnAttributes: dn,
      },
    };
  const request = {
    ProfileID: profile,
    ProductCode: product,
    Year: year,
    PickupPassword: pickup,
    DnAttributes: dn,
    ...(email ? { SANRFC822EmailAddress: email } : {}),
  };
  return { operation: 'OrderCertificate', request };
}

async function orderEpki(p: Parsed, io: Io): Promise<number> {
  const epki = await client(p, io);
  const input = await epkiRequest(p, io);
  const wait = Boolean(p.values.wait) || input.operation === 'OrderAndIssueCertificate' || 'CSR' in input.request;
  try {
    if (wait) return await printIssued(p, io, await epkiOrderAndWait(epki, input, waitOptions(p, io)));
    const res =
      input.operation === 'OrderDS' ? await epki.orderDs(input.request) : await epki.orderCertificate(input.request);
    emit(
      io,
      p,
      { orderId: res.OrderID, status: 'REQUESTED' },
      `order ${res.OrderID} placed; run: globalsign wait ${res.OrderID}`,
    );
    return EXIT.ok;
  } catch (e) {
    if (!isOrderOutcomeUnknownError(e)) throw e;
    io.err('the order request got no answer: searching for it (the CLI never places it twice)');
    const r = await reconcileOrder(e, epki);
    const text = {
      found: `the order was placed: ${r.status === 'found' ? r.order.OrderInfo.OrderNo : ''}; run: globalsign wait ORDER`,
      absent: 'the order was NOT placed (proven absent in the submission window): it is safe to run the command again',
      candidates: 'orders that may be this one were found: check them before ordering again',
    }[r.status];
    emit(io, p, { outcome: 'unknown', reconcile: r }, text);
    return r.status === 'found' ? EXIT.ok : EXIT.network;
  }
}

const orderUsage = `globalsign order epki --product CODE --profile PROFILE_ID --cn NAME [--email ADDR] [--years 1|2|3]
       [--csr csr.pem | --pickup-password-file FILE] [--wait] [--deadline 1h] [--interval 10s] [--out cert.pem]
       [--endpoint production|test|URL] [--json]
  With --csr: OrderAndIssueCertificate (OrderDS ISSUE for ePkiDS* products), the certificate at once.
  Without: an enrollment (OrderCertificate / OrderDS REGISTER); --wait polls until ISSUED.
${MSSL_ORDER_USAGE}`;

/** `globalsign order epki|mssl`. */
export const order: Command = {
  usage: orderUsage,
  options: {
    ...ENDPOINT,
    ...WAIT,
    product: { type: 'string' },
    profile: { type: 'string' },
    cn: { type: 'string' },
    years: { type: 'string' },
    csr: { type: 'string' },
    'pickup-password-file': { type: 'string' },
    wait: { type: 'boolean' },
    out: { type: 'string', short: 'o' },
    ...MSSL_ORDER_OPTIONS, // includes --email (EPKI: the subscriber's address; MSSL: the contact's)
  },
  run(p, io) {
    const kind = p.positionals[0];
    if (kind === 'epki') return orderEpki(p, io);
    if (kind === 'mssl') return orderMssl(p, io);
    throw new CliError(`order: expected epki or mssl\n\n${orderUsage}`, EXIT.usage);
  },
};

/**
 * The fields of an order worth showing.
 *
 * @example
 * ```ts
 * summary(res.OrderDetail); // { orderId, status, product, … }
 * ```
 */
export function summary(o: EpkiOrderDetail | undefined): Record<string, unknown> {
  return {
    orderId: o?.OrderInfo.OrderNo,
    status: o?.OrderInfo.OrderStatus,
    product: o?.OrderInfo.ProductCode,
    requestDate: o?.OrderInfo.RequestDate,
    certificateStatus: o?.CrCertificateInfo?.CertificateStatus,
    commonName: o?.CrCertificateInfo?.CommonName,
    notAfter: o?.CrCertificateInfo?.EndDate,
  };
}

/** `globalsign status ORDER_ID`. */
export const status: Command = {
  usage: `globalsign status ORDER_ID [--service epki|mssl] [--endpoint production|test|URL] [--json]
  Shows an order's state: EPKI GetOrderByOrderId (default), or the Query service's GetOrderByOrderID (--service mssl).`,
  options: { ...ENDPOINT, ...SERVICE },
  async run(p, io) {
    const id = p.positionals[0];
    if (!id) throw new CliError('status: ORDER_ID is required', EXIT.usage);
    if (service(p) === 'mssl') return msslStatus(p, io, id);
    const epki = await client(p, io);
    const res = await epki.getOrderByOrderId({
      OrderNo: id,
      OrderQueryOption: { ReturnCertificateInfo: true, ReturnFulfillment: true },
    });
    const s = summary(res.OrderDetail);
    const state = classifyEpkiOrder(res).state;
    emit(
      io,
      p,
      { ...s, state },
      Object.entries(s)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}: ${String(v)}`)
        .join('\n'),
    );
    return EXIT.ok;
  },
};

/** `globalsign wait ORDER_ID`. */
export const wait: Command = {
  usage: `globalsign wait ORDER_ID [--service epki|mssl] [--deadline 1h] [--interval 10s] [--out cert.pem] [--endpoint …]
       [--json]
  Polls an order until it is issued (progress on stderr); exit 5 when cancelled, revoked, rejected by the phishing
  check or past the deadline.`,
  options: { ...ENDPOINT, ...SERVICE, ...WAIT, out: { type: 'string', short: 'o' } },
  async run(p, io) {
    const id = p.positionals[0];
    if (!id) throw new CliError('wait: ORDER_ID is required', EXIT.usage);
    if (service(p) === 'mssl') return msslWait(p, io, id);
    return printIssued(p, io, await waitForEpkiOrder(await client(p, io), id, waitOptions(p, io)));
  },
};
