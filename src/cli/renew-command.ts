/**
 * `globalsign renew`: lists the MSSL certificates expiring within N days (`--within`), or renews one order
 * (`--order`) with a new key and a CSR carrying the same names, writing the key, CSR and certificate chain to
 * `--out-dir`. The key and CSR are written as soon as the order is placed, before waiting, so an interrupted wait
 * loses nothing: `globalsign renew --order OLD --resume NEW --out-dir DIR` picks the wait up again.
 *
 * @module
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyAlgorithmName } from '../crypto/index.ts';
import { exportPrivateKey } from '../crypto/index.ts';
import type { QueryClient } from '../clients/query.ts';
import { isOrderOutcomeUnknownError, type OrderOutcomeUnknownError } from '../errors.ts';
import { reconcileOrder } from '../workflows/index.ts';
import { ORDER_STATUS } from '../services/status.ts';
import { type MsslIssuedOrder, waitForMsslOrder } from '../workflows/mssl-wait.ts';
import { findExpiring, renewOrder } from '../workflows/renewals.ts';
import { ENDPOINT, msslClients } from './clients.ts';
import { CliError, type Command, EXIT, emit, type Io, type Parsed, str } from './common.ts';
import { contactFlags } from './domain-command.ts';
import { CONTACT, WAIT, waitOptions } from './waiting.ts';

const DAY = 86_400_000;
const ALGS: readonly KeyAlgorithmName[] = ['P-256', 'P-384', 'RSA-2048', 'RSA-3072', 'RSA-4096'];

async function list(p: Parsed, io: Io, within: string): Promise<number> {
  const days = Number(within);
  if (!(days >= 0)) throw new CliError('--within: a number of days', EXIT.usage);
  const { query } = await msslClients(p, io);
  const from = str(p, 'from') ?? new Date().toISOString();
  const to = new Date(Date.parse(from) + days * DAY);
  if (Number.isNaN(to.getTime())) throw new CliError('--from: a date such as 2026-03-01', EXIT.usage);
  const rows: Record<string, unknown>[] = [];
  for await (const o of findExpiring(query, { from, to })) {
    rows.push({
      orderId: o.OrderID,
      fqdn: o.FQDN,
      product: o.ProductCode,
      status: ORDER_STATUS[o.OrderStatus]?.name ?? o.OrderStatus,
    });
  }
  const text = rows.map((r) => `${String(r.orderId)}  ${String(r.fqdn)}  ${String(r.product)}  ${String(r.status)}`);
  emit(io, p, rows, text.length ? text.join('\n') : `no certificates expire within ${days} days`);
  return EXIT.ok;
}

async function writeIssued(dir: string, orderId: string, issued: MsslIssuedOrder): Promise<string> {
  const file = join(dir, `${orderId}.cert.pem`);
  await writeFile(file, [issued.certificate, ...issued.chain].map((c) => c.pem).join(''));
  return file;
}

function printIssued(p: Parsed, io: Io, r: { orderId: string; files: string[]; issued: MsslIssuedOrder }): number {
  const c = r.issued.certificate;
  const json = { orderId: r.orderId, status: 'ISSUED', subject: c.subjectString, notAfter: c.notAfter, files: r.files };
  emit(
    io,
    p,
    json,
    `renewal ${r.orderId} ISSUED: ${c.subjectString}, until ${c.notAfter.toISOString()}\n${r.files.join('\n')}`,
  );
  return EXIT.ok;
}

/** Where the new key and CSR wait, named after the renewed order, until the new OrderID is known. */
interface Pending {
  readonly dir: string;
  readonly target: string;
  readonly key: string;
  readonly csr: string;
}

const pendingFiles = (dir: string, target: string): Pending => ({
  dir,
  target,
  key: join(dir, `renewal-of-${target}.key.pem`),
  csr: join(dir, `renewal-of-${target}.csr.pem`),
});

/** Gives the pending key and CSR the new order's names: DIR/NEW.key.pem, DIR/NEW.csr.pem. */
async function settle(pending: Pending, orderId: string): Promise<[string, string]> {
  const key = join(pending.dir, `${orderId}.key.pem`);
  const csr = join(pending.dir, `${orderId}.csr.pem`);
  await rename(pending.key, key);
  await rename(pending.csr, csr);
  return [key, csr];
}

/**
 * A renewal whose answer was lost: reconciled at once, never sent again. Found: the pending key and CSR take the
 * new OrderID's names and `--resume` waits for it. Proven absent: they are deleted (nothing was ordered with them),
 * so the command can simply be run again. Candidates: they stay, for a person to match.
 */
async function lostRenewal(
  p: Parsed,
  io: Io,
  e: OrderOutcomeUnknownError,
  query: QueryClient,
  pending: Pending,
): Promise<number> {
  io.err('the renewal got no answer: searching for it (the CLI never places it twice)');
  const r = await reconcileOrder(e, query);
  if (r.status === 'found') {
    const id = r.order.OrderInfo.OrderId;
    const files = await settle(pending, id);
    const text = `the renewal was placed: ${id}; key written to ${files[0]}; run: globalsign renew --order ${pending.target} --resume ${id} --out-dir ${pending.dir}`;
    emit(io, p, { outcome: 'unknown', reconcile: { status: 'found', orderId: id }, files }, text);
    return EXIT.ok;
  }
  if (r.status === 'absent') {
    await Promise.all([rm(pending.key, { force: true }), rm(pending.csr, { force: true })]);
    const text =
      'the renewal was NOT placed (proven absent in the submission window): it is safe to run the command again';
    emit(io, p, { outcome: 'unknown', reconcile: { status: 'absent' } }, text);
    return EXIT.network;
  }
  const ids = r.orders.map((o) => o.OrderInfo.OrderId);
  const text = `orders that may be this renewal were found (${ids.join(', ')}): check them before renewing again; the key is kept in ${pending.key}`;
  emit(
    io,
    p,
    { outcome: 'unknown', reconcile: { status: 'candidates', orderIds: ids }, files: [pending.key, pending.csr] },
    text,
  );
  return EXIT.network;
}

async function renewOne(p: Parsed, io: Io, orderId: string): Promise<number> {
  const dir = str(p, 'out-dir');
  if (!dir) throw new CliError('renew --order: --out-dir DIR is required (the new key is written there)', EXIT.usage);
  const { mssl, query } = await msslClients(p, io);
  await mkdir(dir, { recursive: true });
  const resume = str(p, 'resume');
  if (resume) {
    const issued = await waitForMsslOrder(query, resume, waitOptions(p, io));
    return printIssued(p, io, { orderId: resume, files: [await writeIssued(dir, resume, issued)], issued });
  }
  const alg = (str(p, 'key-alg') ?? 'P-256') as KeyAlgorithmName;
  if (!ALGS.includes(alg)) throw new CliError(`--key-alg: one of ${ALGS.join(', ')}`, EXIT.usage);
  const contact = contactFlags(p, false);
  const profileId = str(p, 'profile');
  const domainId = str(p, 'domain-id');
  // The key is written before the renewal is sent (write-ahead) and renamed once its OrderID is known: a renewal
  // whose answer is lost may exist at GlobalSign, and its certificate is useless without this key.
  const pending = pendingFiles(dir, orderId);
  let placed: Awaited<ReturnType<typeof renewOrder>>;
  try {
    placed = await renewOrder(mssl, query, {
      orderId,
      keyAlgorithm: alg,
      toggleRenewalNotice: !p.values['keep-notice'],
      ...(contact
        ? {
            contact: {
              FirstName: contact.FirstName,
              LastName: contact.LastName,
              Phone: contact.Phone,
              Email: contact.Email,
            },
          }
        : {}),
      ...(profileId ? { profileId } : {}),
      ...(domainId ? { domainId } : {}),
      onPrepared: async (r) => {
        await writeFile(pending.key, await exportPrivateKey(r.keyPair.privateKey, 'pem'), { mode: 0o600, flag: 'wx' });
        await writeFile(pending.csr, r.csrPem);
      },
    });
  } catch (e) {
    if (!isOrderOutcomeUnknownError(e)) throw e;
    return lostRenewal(p, io, e, query, pending);
  }
  const [keyFile, csrFile] = await settle(pending, placed.orderId);
  io.err(`renewal ${placed.orderId} placed for ${placed.targetOrderId}; key written to ${keyFile}`);
  if (placed.renewalNoticeOff === false) io.err(`warning: the renewal notices of ${placed.targetOrderId} are still on`);
  if (p.values['no-wait']) {
    emit(
      io,
      p,
      { orderId: placed.orderId, status: 'PLACED', files: [keyFile, csrFile] },
      `renewal ${placed.orderId} placed`,
    );
    return EXIT.ok;
  }
  const issued = await waitForMsslOrder(query, placed.orderId, waitOptions(p, io));
  const certFile = await writeIssued(dir, placed.orderId, issued);
  return printIssued(p, io, { orderId: placed.orderId, files: [keyFile, csrFile, certFile], issued });
}

const USAGE = `globalsign renew --within DAYS [--from DATE]
  Lists the MSSL orders whose certificates expire within DAYS (GetOrderByExpirationDate, past the 500 cap).
globalsign renew --order ORDER_ID --out-dir DIR [--key-alg P-256|P-384|RSA-2048|RSA-3072|RSA-4096] [--keep-notice]
       [--profile MSSL_PROFILE_ID --domain-id MSSL_DOMAIN_ID] [--first-name F --last-name L --phone P --email E]
       [--no-wait | --interval 10s --deadline 1h] [--resume NEW_ORDER_ID]
  Renews the order: a new key (P-256 by default) and a CSR with the same names, a PVOrder renewal of the same
  product and validity; the old order's renewal notices are turned off unless --keep-notice. Writes
  DIR/NEW.key.pem (mode 600), DIR/NEW.csr.pem as soon as the order is placed, then DIR/NEW.cert.pem (leaf and chain).
  The key is written before the order is sent (DIR/renewal-of-ORDER_ID.key.pem, renamed once placed): a renewal
  whose answer is lost is searched for at once, never sent twice; found, the files take its name (then --resume).
  --resume NEW waits for a renewal placed earlier. Contact flags are needed when the old order does not show one.
Both take --endpoint production|test|URL, --timeout 30s and --json.
Exit codes: 0 ok, 1 usage, 2 validation, 3 API error, 4 network, 5 deadline passed or order cancelled/revoked.`;

/** `globalsign renew`. */
export const renew: Command = {
  usage: USAGE,
  options: {
    ...ENDPOINT,
    within: { type: 'string' },
    from: { type: 'string' },
    order: { type: 'string' },
    'out-dir': { type: 'string' },
    'key-alg': { type: 'string' },
    'keep-notice': { type: 'boolean' },
    'no-wait': { type: 'boolean' },
    resume: { type: 'string' },
    profile: { type: 'string' },
    'domain-id': { type: 'string' },
    ...WAIT,
    ...CONTACT,
  },
  run(p, io) {
    const order = str(p, 'order');
    const within = str(p, 'within');
    if (order && within === undefined) return renewOne(p, io, order);
    if (within !== undefined && !order) return list(p, io, within);
    throw new CliError(`renew: give --within DAYS or --order ORDER_ID\n\n${USAGE}`, EXIT.usage);
  },
};
