/**
 * `globalsign download ORDER_ID`: writes an issued order's certificate and chain (and, for MSSL orders made without
 * a CSR, the PKCS#12 the order carries).
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import { EpkiClient } from '../clients/epki.ts';
import type { QueryOrderDetail } from '../clients/query-types.ts';
import { fromBase64 } from '../crypto/bytes.ts';
import { classifyEpkiOrder } from '../workflows/epki-wait.ts';
import { classifyMsslOrder, decodeMsslFulfillment } from '../workflows/mssl-wait.ts';
import { ENDPOINT, epkiClient, msslClients, SERVICE, service } from './clients.ts';
import { CliError, type Command, EXIT, type Io, type Parsed, str } from './common.ts';
import { printIssued } from './waiting.ts';

/** Writes the PKCS#12 an MSSL order without CSR carries; the file is protected by the PIN chosen at ordering. */
async function writeP12(p: Parsed, io: Io, o: QueryOrderDetail | undefined): Promise<void> {
  const file = str(p, 'p12');
  if (!file) return;
  const b64 = o?.Fulfillment?.PKCS12Cert;
  if (!b64) {
    throw new CliError('--p12: this order has no PKCS#12 (only orders placed without a CSR do)', EXIT.api, {
      field: '--p12',
    });
  }
  await writeFile(file, fromBase64(b64));
  io.err(`PKCS#12 written to ${file} (protected by the PIN chosen when ordering)`);
}

const notYet = (id: string, status: string): CliError =>
  new CliError(`order ${id} is ${status}: nothing to download yet`, EXIT.state, { field: 'ORDER_ID' });

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
  if (r.state !== 'issued') throw notYet(id, r.status);
  await writeP12(p, io, r.order);
  return printIssued(p, io, { orderId: id, ...decodeMsslFulfillment(r.order.Fulfillment!) });
}

async function downloadEpki(p: Parsed, io: Io, id: string): Promise<number> {
  const res = await (await epkiClient(p, io)).getOrderByOrderId({
    OrderNo: id,
    OrderQueryOption: { ReturnCertificateInfo: true, ReturnFulfillment: true, ReturnP7: true },
  });
  const r = classifyEpkiOrder(res);
  if (r.state !== 'issued') throw notYet(id, r.status);
  return printIssued(p, io, { orderId: id, ...EpkiClient.decodeCertificate(r.certificate) });
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
    if (!id) throw new CliError('download: ORDER_ID is required', EXIT.usage, { field: 'ORDER_ID' });
    return service(p) === 'mssl' ? downloadMssl(p, io, id) : downloadEpki(p, io, id);
  },
};
