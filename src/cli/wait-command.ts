/**
 * `globalsign wait ORDER_ID`: polls an order until it is issued, with progress on stderr, and writes its
 * certificate and chain.
 *
 * @module
 */
import { waitForEpkiOrder, waitForMsslOrder } from '../workflows/index.ts';
import { ENDPOINT, epkiClient, msslClients, SERVICE, service } from './clients.ts';
import { CliError, type Command, EXIT } from './common.ts';
import { printIssued, WAIT, waitOptions } from './waiting.ts';

/** `globalsign wait ORDER_ID`. */
export const wait: Command = {
  usage: `globalsign wait ORDER_ID [--service epki|mssl] [--deadline 1h] [--interval 10s] [--out cert.pem] [--endpoint …]
       [--timeout 30s] [--json]
  Polls an order until it is issued (progress on stderr); exit 5 when cancelled, revoked, rejected by the phishing
  check or past the deadline.`,
  options: { ...ENDPOINT, ...SERVICE, ...WAIT, out: { type: 'string', short: 'o' } },
  async run(p, io) {
    const id = p.positionals[0];
    if (!id) throw new CliError('wait: ORDER_ID is required', EXIT.usage, { field: 'ORDER_ID' });
    if (service(p) === 'mssl') {
      const { query } = await msslClients(p, io);
      return printIssued(p, io, await waitForMsslOrder(query, id, waitOptions(p, io)));
    }
    return printIssued(p, io, await waitForEpkiOrder(await epkiClient(p, io), id, waitOptions(p, io)));
  },
};
