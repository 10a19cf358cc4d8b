/**
 * `globalsign status ORDER_ID`: an order's summary and state, from EPKI GetOrderByOrderId (default) or the Query
 * service's GetOrderByOrderID (`--service mssl`).
 *
 * @module
 */
import { classifyEpkiOrder } from '../workflows/epki-wait.ts';
import { classifyMsslOrder } from '../workflows/mssl-wait.ts';
import { ENDPOINT, epkiClient, lines, msslClients, msslSummary, SERVICE, service, summary } from './clients.ts';
import { CliError, type Command, EXIT, emit } from './common.ts';

/** `globalsign status ORDER_ID`. */
export const status: Command = {
  usage: `globalsign status ORDER_ID [--service epki|mssl] [--endpoint production|test|URL] [--timeout 30s] [--json]
  Shows an order's state: EPKI GetOrderByOrderId (default), or the Query service's GetOrderByOrderID (--service mssl).`,
  options: { ...ENDPOINT, ...SERVICE },
  async run(p, io) {
    const id = p.positionals[0];
    if (!id) throw new CliError('status: ORDER_ID is required', EXIT.usage, { field: 'ORDER_ID' });
    if (service(p) === 'mssl') {
      const { query } = await msslClients(p, io);
      const res = await query.getOrderByOrderId({
        OrderID: id,
        OrderQueryOption: { ReturnCertificateInfo: 'true', ReturnFulfillment: 'true' },
      });
      const s = msslSummary(res.OrderDetail);
      emit(io, p, { ...s, state: classifyMsslOrder(res).state }, lines(s));
      return EXIT.ok;
    }
    const res = await (await epkiClient(p, io)).getOrderByOrderId({
      OrderNo: id,
      OrderQueryOption: { ReturnCertificateInfo: true, ReturnFulfillment: true },
    });
    const s = summary(res.OrderDetail);
    emit(io, p, { ...s, state: classifyEpkiOrder(res).state }, lines(s));
    return EXIT.ok;
  },
};
