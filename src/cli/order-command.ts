/**
 * `globalsign order epki|mssl`: places an order and (unless told not to) waits for its certificate. An order whose
 * outcome is unknown is reconciled at once and never placed again by the CLI.
 *
 * @module
 */
import type { MsslPVOrderRequest } from '../clients/mssl-types.ts';
import { isOrderOutcomeUnknownError } from '../errors.ts';
import { type EpkiOrderAndWaitRequest, epkiOrderAndWait } from '../workflows/epki-wait.ts';
import { issueCertificate, reconcileOrder } from '../workflows/index.ts';
import { msslOrderAndWait } from '../workflows/mssl-wait.ts';
import { group } from './args.ts';
import { ENDPOINT, epkiClient, msslClients } from './clients.ts';
import {
  CliError,
  type Command,
  EXIT,
  emit,
  type Io,
  list,
  need,
  type Parsed,
  readInput,
  secret,
  str,
} from './common.ts';
import { contactFlags } from './domain-command.ts';
import { CONTACT, printIssued, WAIT, waitOptions } from './waiting.ts';

const readCsr = async (p: Parsed): Promise<string | undefined> => {
  const file = str(p, 'csr');
  return file ? new TextDecoder().decode(await readInput(file, '--csr')) : undefined;
};

async function epkiRequest(p: Parsed, io: Io): Promise<EpkiOrderAndWaitRequest> {
  const product = need(p, 'product');
  const profile = need(p, 'profile');
  const email = str(p, 'email');
  const Year = Number(str(p, 'years') ?? '1') as 1 | 2 | 3;
  const DnAttributes = { CommonName: need(p, 'cn'), ...(email ? { Email: email } : {}) };
  const san = email ? { SANRFC822EmailAddress: email } : {};
  const ds = product.toLowerCase().startsWith('epkids');
  const CSR = await readCsr(p);
  const base = { ProductCode: product, Year, DnAttributes };
  if (CSR) {
    if (ds) return { operation: 'OrderDS', request: { ...base, ProfileOrderNo: profile, IssueType: 'ISSUE', CSR } };
    return { operation: 'OrderAndIssueCertificate', request: { ...base, ProfileID: profile, CSR, ...san } };
  }
  const PickupPassword = await secret(p, io, 'pickup-password-file', 'GLOBALSIGN_PICKUP_PASSWORD');
  if (!PickupPassword) {
    throw new CliError(
      'without --csr (an enrollment) a pickup password is needed: --pickup-password-file or GLOBALSIGN_PICKUP_PASSWORD',
      EXIT.usage,
      { field: '--pickup-password-file' },
    );
  }
  if (ds) {
    return {
      operation: 'OrderDS',
      request: { ...base, ProfileOrderNo: profile, IssueType: 'REGISTER', PickupPassword },
    };
  }
  return { operation: 'OrderCertificate', request: { ...base, ProfileID: profile, PickupPassword, ...san } };
}

const signal = (io: Io): { signal?: AbortSignal } => (io.signal ? { signal: io.signal } : {});

const SEARCHING = 'the order request got no answer: searching for it (the CLI never places it twice)';

/** After reconciliation: say whether the order exists, was proven absent, or may be one of several candidates. */
function outcome(
  p: Parsed,
  io: Io,
  r: { status: 'found' | 'absent' | 'candidates' },
  id: string,
  flag: string,
): number {
  const text = {
    found: `the order was placed: ${id}; run: globalsign wait${flag} ${id}`,
    absent: 'the order was NOT placed (proven absent in the submission window): it is safe to run the command again',
    candidates: 'orders that may be this one were found: check them before ordering again',
  }[r.status];
  emit(io, p, { outcome: 'unknown', reconcile: r }, text);
  return r.status === 'found' ? EXIT.ok : EXIT.network;
}

/** `globalsign order epki`. */
export const epki: Command = {
  usage: `globalsign order epki --product CODE --profile PROFILE_ID --cn NAME [--email ADDR] [--years 1|2|3]
       [--csr csr.pem | --pickup-password-file FILE] [--wait] [--deadline 1h] [--interval 10s] [--out cert.pem]
       [--endpoint production|test|URL] [--timeout 60s] [--json]
  With --csr: OrderAndIssueCertificate (issueCertificate: the certificate and its issuing chain at once; OrderDS
  ISSUE for ePkiDS* products).
  Without: an enrollment (OrderCertificate / OrderDS REGISTER); --wait polls until ISSUED.`,
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
  async run(p, io) {
    const client = await epkiClient(p, io);
    const input = await epkiRequest(p, io);
    try {
      if (input.operation === 'OrderAndIssueCertificate') {
        return await printIssued(p, io, await issueCertificate(client, input.request, signal(io)));
      }
      if (p.values.wait || 'CSR' in input.request) {
        return await printIssued(p, io, await epkiOrderAndWait(client, input, waitOptions(p, io)));
      }
      const res =
        input.operation === 'OrderDS'
          ? await client.orderDs(input.request)
          : await client.orderCertificate(input.request as never);
      const text = `order ${res.OrderID} placed; run: globalsign wait ${res.OrderID}`;
      emit(io, p, { orderId: res.OrderID, status: 'REQUESTED' }, text);
      return EXIT.ok;
    } catch (e) {
      if (!isOrderOutcomeUnknownError(e)) throw e;
      io.err(SEARCHING);
      const r = await reconcileOrder(e, client);
      return outcome(p, io, r, r.status === 'found' ? r.order.OrderInfo.OrderNo : '', '');
    }
  },
};

async function pvRequest(p: Parsed): Promise<MsslPVOrderRequest> {
  const sans = list(p, 'san');
  return {
    OrderRequestParameter: {
      ProductCode: str(p, 'product') ?? 'PV_SHA2',
      OrderKind: 'new',
      Licenses: '1',
      ...(sans.length ? { Options: [{ OptionName: 'SAN', OptionValue: 'true' }] } : {}),
      ValidityPeriod: { Months: str(p, 'months') ?? '12' },
      CSR: (await readCsr(p)) ?? need(p, 'csr'),
    },
    MSSLProfileID: need(p, 'profile'),
    MSSLDomainID: need(p, 'domain'),
    ContactInfo: contactFlags(p, true)!,
    ...(sans.length ? { SANEntries: sans.map((s) => ({ SANOptionType: '7', SubjectAltName: s })) } : {}),
  };
}

/** `globalsign order mssl`. */
export const mssl: Command = {
  usage: `globalsign order mssl --profile MSSL_PROFILE_ID --domain MSSL_DOMAIN_ID --csr csr.pem
       --first-name Ada --last-name Lovelace --phone "+44 20 …" --email ada@example.com (the order's contact)
       [--product PV_SHA2] [--months 12] [--san NAME]... [--no-wait] [--deadline 1h] [--interval 10s]
       [--out cert.pem] [--endpoint production|test|URL] [--timeout 60s] [--json]
  PVOrder with ASYNC_ORDER, then polls GetOrderByOrderID until issued (--no-wait: print the OrderID and stop).
  The CN comes from the CSR; each --san adds a DNS name (SAN option set for you).`,
  options: {
    ...ENDPOINT,
    ...WAIT,
    ...CONTACT,
    product: { type: 'string' },
    profile: { type: 'string' },
    domain: { type: 'string' },
    csr: { type: 'string' },
    months: { type: 'string' },
    san: { type: 'string', multiple: true },
    'no-wait': { type: 'boolean' },
    out: { type: 'string', short: 'o' },
  },
  async run(p, io) {
    const clients = await msslClients(p, io);
    const request = await pvRequest(p);
    try {
      if (!p.values['no-wait']) {
        return await printIssued(
          p,
          io,
          await msslOrderAndWait(clients.mssl, clients.query, request, waitOptions(p, io)),
        );
      }
      const res = await clients.mssl.pvOrder(request);
      const text = `order ${res.OrderID} placed; run: globalsign wait --service mssl ${res.OrderID}`;
      emit(io, p, { orderId: res.OrderID }, text);
      return EXIT.ok;
    } catch (e) {
      if (!isOrderOutcomeUnknownError(e)) throw e;
      io.err(SEARCHING);
      const r = await reconcileOrder(e, clients.query);
      return outcome(p, io, r, r.status === 'found' ? r.order.OrderInfo.OrderId : '', ' --service mssl');
    }
  },
};

/** `globalsign order epki|mssl`. */
export const order: Command = group('order', { epki, mssl });
