/**
 * Entities as SQL row payloads: JSON with tagged Dates, bytes and certificates (kept as PEM, parsed again on read),
 * and the SQL-ish API a row store runs on (the shape of a Durable Object's `ctx.storage.sql.exec`).
 *
 * @module
 */
import { fromBase64, toBase64 } from '../crypto/bytes.ts';
import { type Certificate, parseCertificate } from '../crypto/certificate.ts';

/** A value SQLite stores. */
export type SqlValue = string | number | null;

/** A row as the cursor yields it. */
export type SqlRow = Record<string, SqlValue>;

/** What {@link SqlExec} returns: a cursor whose rows can be read once. */
export interface SqlCursor {
  toArray(): SqlRow[];
}

/** Runs one statement with `?` bindings (Durable Objects: `ctx.storage.sql.exec.bind(ctx.storage.sql)`). */
export type SqlExec = (query: string, ...bindings: SqlValue[]) => SqlCursor;

const isCertificate = (v: object): v is Certificate =>
  'pem' in v && 'der' in v && 'serialNumber' in v && typeof (v as { pem: unknown }).pem === 'string';

function encodeValue(v: unknown): unknown {
  if (v instanceof Date) return { $date: v.toISOString() };
  if (v instanceof Uint8Array) return { $bytes: toBase64(v) };
  if (Array.isArray(v)) return v.map(encodeValue);
  if (typeof v === 'object' && v !== null) {
    if (isCertificate(v)) return { $cert: v.pem };
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = encodeValue(x);
    return out;
  }
  return v;
}

function decodeValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeValue);
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, unknown>;
  if (typeof o.$date === 'string') return new Date(o.$date);
  if (typeof o.$bytes === 'string') return fromBase64(o.$bytes);
  if (typeof o.$cert === 'string') return parseCertificate(o.$cert);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = decodeValue(x);
  return out;
}

/**
 * An entity as a row payload (JSON; Dates, bytes and certificates tagged).
 *
 * @example
 * ```ts
 * toPayload({ at: new Date(0) }); // '{"at":{"$date":"1970-01-01T00:00:00.000Z"}}'
 * ```
 */
export const toPayload = (entity: unknown): string => JSON.stringify(encodeValue(entity));

/**
 * An entity back from its row payload.
 *
 * @example
 * ```ts
 * fromPayload<{ at: Date }>(toPayload({ at: new Date(0) })).at.getTime(); // 0
 * ```
 */
export const fromPayload = <T>(payload: SqlValue): T => decodeValue(JSON.parse(String(payload))) as T;

/**
 * A date as the number SQL indexes (ms), or null.
 *
 * @example
 * ```ts
 * ms(new Date(0)); // 0
 * ```
 */
export const ms = (d: Date | undefined): number | null => (d ? d.getTime() : null);
