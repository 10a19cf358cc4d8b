/**
 * `globalsign sync`: every EPKI order of a product in a date range, past the 1,000 cap, one JSON line per order,
 * resumable through a checkpoint file.
 *
 * @module
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { EPKI_PRODUCT_CODES } from '../services/epki-products.ts';
import { listOrders } from '../workflows/index.ts';
import { type Command, EXIT, need, str } from './common.ts';
import { client, ENDPOINT, summary } from './epki-commands.ts';

/** `globalsign sync`. */
export const sync: Command = {
  usage: `globalsign sync --product CODE --from DATE [--to DATE] [--checkpoint-file FILE] [--out orders.jsonl]
       [--endpoint …]
  Lists every EPKI order of a product requested in the range (past the 1,000 cap), one JSON line per order.
  With --checkpoint-file the position is saved as it goes, and a later run resumes from it.
  Products: ${EPKI_PRODUCT_CODES.join(', ')}`,
  options: {
    ...ENDPOINT,
    product: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    'checkpoint-file': { type: 'string' },
    out: { type: 'string', short: 'o' },
  },
  async run(p, io) {
    const epki = await client(p, io);
    const cpFile = str(p, 'checkpoint-file');
    const resume = cpFile
      ? await readFile(cpFile, 'utf8').then(
          (s) => s.trim(),
          () => undefined,
        )
      : undefined;
    const to = str(p, 'to');
    const listing = listOrders(epki, {
      productCode: need(p, 'product'),
      from: need(p, 'from'),
      ...(to ? { to } : {}),
      ...(resume ? { resumeFrom: resume } : {}),
    });
    const out = str(p, 'out');
    let n = 0;
    let saved = resume;
    for await (const o of listing) {
      const line = JSON.stringify({ ...summary(o), order: o });
      if (out) await appendFile(out, `${line}\n`);
      else io.out(line);
      n++;
      if (cpFile && listing.checkpoint && listing.checkpoint !== saved) {
        saved = listing.checkpoint;
        await writeFile(cpFile, saved);
      }
    }
    if (cpFile && listing.checkpoint) await writeFile(cpFile, listing.checkpoint);
    io.err(
      `sync: ${n} orders, ${listing.queries} queries${listing.checkpoint ? `, checkpoint ${listing.checkpoint}` : ''}`,
    );
    return EXIT.ok;
  },
};
