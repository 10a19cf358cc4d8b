/**
 * EPKI commands of the `globalsign` CLI: `order epki`, `status`, `wait`, `sync`. An order whose outcome is unknown
 * is reconciled at once and never placed again by the CLI.
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import { EpkiClient, type EpkiOrderDetail } from '../clients/epki.ts';
import { isOrderOutcomeUnknownError } from '../errors.ts';
import {
  classifyEpkiOrder,
  type EpkiIssuedOrder,
  type EpkiOrderAndWaitRequest,
  epkiOrderAndWait,
  type PollProgress,
  reconcileOrder,
  waitForEpkiOrder,
} from '../workflows/index.ts';
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

/** The `--endpoint` option of the commands that talk to the service. */
export const ENDPOINT = { endpoint: { type: 'string' as const } };
const WAIT = { deadline: { type: 'string' as const }, interval: { type: 'string' as const } };

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

/** `90s`, `15m`, `2h`, `1d` or plain milliseconds. */
function duration(s: string | undefined, name: string): number | undefined {
  if (s === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(s);
  if (!m) throw new CliError(`--${name}: a duration such as 90s, 15m, 2h, 1d`, EXIT.usage);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? 'ms']!;
  return Number(m[1]) * unit;
}

function waitOptions(p: Parsed, io: Io) {
  const deadlineMs = duration(str(p, 'deadline'), 'deadline');
  const initialMs = duration(str(p, 'interval'), 'interval') ?? 5_000;
  return {
    initialMs,
    maxMs: Math.max(initialMs, 60_000),
    ...(deadlineMs !== undefined ? { deadlineMs } : {}),
    onProgress: (e: PollProgress) =>
      io.err(`waiting: ${e.status} (attempt ${e.attempt}, ${Math.round(e.elapsedMs / 1000)} s)`),
  };
}

async function printIssued(p: Parsed, io: Io, issued: EpkiIssuedOrder): Promise<number> {
  const out = str(p, 'out');
  const pem = [issued.certificate, ...issued.chain].map((c) => c.pem).join('');
  if (out) await writeFile(out, pem);
  const c = issued.certificate;
  const json = {
    orderId: issued.orderId,
    status: 'ISSUED',
    subject: c.subjectString,
    serial: c.serialNumber,
    notAfter: c.notAfter,
    file: out,
    pem: out ? undefined : pem,
  };
  emit(
    io,
    p,
    json,
    `order ${issued.orderId} ISSUED: ${c.subjectString}\n${out ? `certificate and chain written to ${out}` : pem.trimEnd()}`,
  );
  return EXIT.ok;
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
globalsign order mssl ...   needs the MSSL client workflows (not available yet)`;

/** `globalsign order epki|mssl`. */
export const order: Command = {
  usage: orderUsage,
  options: {
    ...ENDPOINT,
    ...WAIT,
    product: { type: 'string' },
    profile: { type: 'string' },
    cn: { type: 'string' },
    email: { type: 'string' },
    years: { type: 'string' },
    csr: { type: 'string' },
    'pickup-password-file': { type: 'string' },
    wait: { type: 'boolean' },
    out: { type: 'string', short: 'o' },
  },
  run(p, io) {
    const kind = p.positionals[0];
    if (kind === 'epki') return orderEpki(p, io);
    if (kind === 'mssl')
      throw new CliError(
        'order mssl needs the MSSL client workflows, which are not wired into the CLI yet',
        EXIT.usage,
      );
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
  usage: `globalsign status ORDER_ID [--endpoint production|test|URL] [--json]
  Shows an EPKI order's state (GetOrderByOrderId).`,
  options: { ...ENDPOINT },
  async run(p, io) {
    const id = p.positionals[0];
    if (!id) throw new CliError('status: ORDER_ID is required', EXIT.usage);
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
  usage: `globalsign wait ORDER_ID [--deadline 1h] [--interval 10s] [--out cert.pem] [--endpoint …] [--json]
  Polls an EPKI order until ISSUED (progress on stderr); exit 5 when cancelled, revoked or past the deadline.`,
  options: { ...ENDPOINT, ...WAIT, out: { type: 'string', short: 'o' } },
  async run(p, io) {
    const id = p.positionals[0];
    if (!id) throw new CliError('wait: ORDER_ID is required', EXIT.usage);
    return printIssued(p, io, await waitForEpkiOrder(await client(p, io), id, waitOptions(p, io)));
  },
};
