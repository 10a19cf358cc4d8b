/**
 * `globalsign sync`: every EPKI order of a product requested in a date range (past the 1,000 cap), or every MSSL
 * order modified in it (GetModifiedOrders, past the 500 cap), one JSON line per order, resumable through a
 * checkpoint file.
 *
 * @module
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { EPKI_PRODUCT_CODES } from '../services/epki-products.ts';
import { listOrders, syncModifiedOrders, type WindowedListing } from '../workflows/index.ts';
import { type Command, EXIT, type Io, need, type Parsed, str } from './common.ts';
import { ENDPOINT, epkiClient, msslClients, msslSummary, SERVICE, service, summary } from './clients.ts';

/** The listing the command asked for, each item with its summary. */
async function listing(
  p: Parsed,
  io: Io,
  resume: string | undefined,
): Promise<{ listing: WindowedListing<unknown>; summarize: (o: never) => Record<string, unknown> }> {
  const to = str(p, 'to');
  const range = { from: need(p, 'from'), ...(to ? { to } : {}), ...(resume ? { resumeFrom: resume } : {}) };
  if (service(p) === 'mssl') {
    const { query } = await msslClients(p, io);
    return { listing: syncModifiedOrders(query, range), summarize: msslSummary };
  }
  const epki = await epkiClient(p, io);
  return { listing: listOrders(epki, { productCode: need(p, 'product'), ...range }), summarize: summary };
}

/** `globalsign sync`. */
export const sync: Command = {
  usage: `globalsign sync [--service epki|mssl] --product CODE --from DATE [--to DATE] [--checkpoint-file FILE]
       [--out orders.jsonl] [--endpoint …]
  EPKI (default): every order of a product requested in the range (past the 1,000 cap), one JSON line per order.
  MSSL (--service mssl, no --product): every order modified in the range (GetModifiedOrders, past the 500 cap).
  With --checkpoint-file the position is saved as it goes, and a later run resumes from it.
  Products: ${EPKI_PRODUCT_CODES.join(', ')}`,
  options: {
    ...ENDPOINT,
    ...SERVICE,
    product: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    'checkpoint-file': { type: 'string' },
    out: { type: 'string', short: 'o' },
  },
  async run(p, io) {
    const cpFile = str(p, 'checkpoint-file');
    const resume = cpFile
      ? await readFile(cpFile, 'utf8').then(
          (s) => s.trim(),
          () => undefined,
        )
      : undefined;
    const { listing: list, summarize } = await listing(p, io, resume);
    const out = str(p, 'out');
    let n = 0;
    let saved = resume;
    for await (const o of list) {
      const line = JSON.stringify({ ...summarize(o as never), order: o });
      if (out) await appendFile(out, `${line}\n`);
      else io.out(line);
      n++;
      if (cpFile && list.checkpoint && list.checkpoint !== saved) {
        saved = list.checkpoint;
        await writeFile(cpFile, saved);
      }
    }
    if (cpFile && list.checkpoint) await writeFile(cpFile, list.checkpoint);
    io.err(`sync: ${n} orders, ${list.queries} queries${list.checkpoint ? `, checkpoint ${list.checkpoint}` : ''}`);
    return EXIT.ok;
  },
};
