/**
 * Pieces the ordering commands share: the waiting and contact options, durations (`90s`, `15m`), progress on
 * stderr while polling, and the output of an issued order (certificate and chain as PEM, to a file or stdout).
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import type { ApiErrorDetail } from '../errors.ts';
import type { IssuedOrder, PollProgress, WaitOptions } from '../workflows/index.ts';
import { CliError, EXIT, emit, type Io, type Parsed, str } from './common.ts';

/** The options of the commands that wait: `--deadline` and the first `--interval`. */
export const WAIT = { deadline: { type: 'string' as const }, interval: { type: 'string' as const } };
/** The contact of an MSSL order or domain: `--first-name --last-name --phone --email`. */
export const CONTACT = {
  'first-name': { type: 'string' as const },
  'last-name': { type: 'string' as const },
  phone: { type: 'string' as const },
  email: { type: 'string' as const },
};

/**
 * `90s`, `15m`, `2h`, `1d` or plain milliseconds; a usage error naming the option otherwise.
 *
 * @example `duration('15m', 'deadline') // 900000`
 */
export function duration(s: string | undefined, name: string): number | undefined {
  if (s === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(s);
  if (!m) throw new CliError(`--${name}: a duration such as 90s, 15m, 2h, 1d`, EXIT.usage, { field: `--${name}` });
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? 'ms']!;
  return Number(m[1]) * unit;
}

/**
 * Polling options from `--deadline` and `--interval`, with progress lines on stderr.
 *
 * @example `await waitForMsslOrder(query, id, waitOptions(p, io))`
 */
export function waitOptions(p: Parsed, io: Io): WaitOptions {
  const deadlineMs = duration(str(p, 'deadline'), 'deadline');
  const initialMs = duration(str(p, 'interval'), 'interval') ?? 5_000;
  return {
    initialMs,
    maxMs: Math.max(initialMs, 60_000),
    ...(deadlineMs !== undefined ? { deadlineMs } : {}),
    ...(io.signal ? { signal: io.signal } : {}),
    onProgress: (e: PollProgress) =>
      io.err(`waiting: ${e.status} (attempt ${e.attempt}, ${Math.round(e.elapsedMs / 1000)} s)`),
  };
}

/**
 * Prints (or writes to `--out`) an issued order's certificate and chain as PEM, with a one-line summary.
 *
 * @example `return printIssued(p, io, await waitForEpkiOrder(epki, id))`
 */
export async function printIssued(
  p: Parsed,
  io: Io,
  issued: Pick<IssuedOrder<unknown>, 'orderId' | 'certificate' | 'chain'> & {
    readonly warnings?: readonly ApiErrorDetail[];
  },
): Promise<number> {
  for (const w of issued.warnings ?? []) io.err(`warning ${w.ErrorCode}: ${w.ErrorMessage ?? ''}`);
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
