/**
 * A {@link SimStore} in SQL rows (issue 16): one table per collection with the indexed columns its lookups need
 * (owner, dates in ms, common name, status, links between orders) and the entity as a JSON payload; MSSL events in
 * their own table for GetModifiedOrders; keyed tables and sets in one `kv` table; ID counters in `counters`. It runs
 * on any SQLite through {@link SqlExec}, the shape of a Durable Object's `ctx.storage.sql.exec`. Entities read from it
 * are copies: a change lasts once written back with `put`.
 *
 * @module
 */
import type { EpkiOrder, License, MsslDomain, MsslOrder } from './entities.ts';
import { fromPayload, ms, type SqlExec, type SqlValue, toPayload } from './sql-rows.ts';
import type { Collection, KeySet, MsslOrderCollection, OwnedCollection, SimStore, Table } from './store.ts';

const SCHEMA = [
  'CREATE TABLE IF NOT EXISTS counters (prefix TEXT PRIMARY KEY, n INTEGER NOT NULL)',
  'CREATE TABLE IF NOT EXISTS mssl_charges (owner TEXT PRIMARY KEY, total INTEGER NOT NULL)',
  'CREATE TABLE IF NOT EXISTS kv (tbl TEXT NOT NULL, k TEXT NOT NULL, v TEXT, PRIMARY KEY (tbl, k))',
  'CREATE TABLE IF NOT EXISTS accounts (id TEXT PRIMARY KEY, data TEXT NOT NULL)',
  'CREATE TABLE IF NOT EXISTS epki_profiles (id TEXT PRIMARY KEY, owner TEXT, data TEXT NOT NULL)',
  'CREATE INDEX IF NOT EXISTS epki_profiles_owner ON epki_profiles (owner)',
  'CREATE TABLE IF NOT EXISTS licenses (id TEXT PRIMARY KEY, profile TEXT, product TEXT, year INTEGER, data TEXT NOT NULL)',
  'CREATE INDEX IF NOT EXISTS licenses_key ON licenses (profile, product, year)',
  'CREATE TABLE IF NOT EXISTS epki_orders (id TEXT PRIMARY KEY, owner TEXT, request_date INTEGER, issue_date INTEGER,' +
    ' dn_serial TEXT, data TEXT NOT NULL)',
  'CREATE INDEX IF NOT EXISTS epki_orders_request ON epki_orders (owner, request_date)',
  'CREATE INDEX IF NOT EXISTS epki_orders_issue ON epki_orders (owner, issue_date)',
  'CREATE INDEX IF NOT EXISTS epki_orders_serial ON epki_orders (owner, dn_serial)',
  'CREATE TABLE IF NOT EXISTS mssl_profiles (id TEXT PRIMARY KEY, owner TEXT, data TEXT NOT NULL)',
  'CREATE INDEX IF NOT EXISTS mssl_profiles_owner ON mssl_profiles (owner)',
  'CREATE TABLE IF NOT EXISTS mssl_domains (id TEXT PRIMARY KEY, owner TEXT, profile TEXT, data TEXT NOT NULL)',
  'CREATE INDEX IF NOT EXISTS mssl_domains_owner ON mssl_domains (owner)',
  'CREATE INDEX IF NOT EXISTS mssl_domains_profile ON mssl_domains (profile)',
  'CREATE TABLE IF NOT EXISTS mssl_orders (id TEXT PRIMARY KEY, owner TEXT, order_date INTEGER, not_after INTEGER,' +
    ' common_name TEXT, status TEXT, reissue_of TEXT, renewal_of TEXT, price INTEGER, data TEXT NOT NULL)',
  'CREATE INDEX IF NOT EXISTS mssl_orders_date ON mssl_orders (owner, order_date)',
  'CREATE INDEX IF NOT EXISTS mssl_orders_expiry ON mssl_orders (owner, not_after)',
  'CREATE INDEX IF NOT EXISTS mssl_orders_cn ON mssl_orders (owner, common_name)',
  'CREATE INDEX IF NOT EXISTS mssl_orders_status ON mssl_orders (status)',
  'CREATE INDEX IF NOT EXISTS mssl_orders_reissue ON mssl_orders (reissue_of)',
  'CREATE INDEX IF NOT EXISTS mssl_orders_renewal ON mssl_orders (renewal_of)',
  'CREATE TABLE IF NOT EXISTS mssl_events (order_id TEXT NOT NULL, owner TEXT, at INTEGER NOT NULL)',
  'CREATE INDEX IF NOT EXISTS mssl_events_at ON mssl_events (owner, at)',
  'CREATE INDEX IF NOT EXISTS mssl_events_order ON mssl_events (order_id)',
];

/** A range bound SQL can bind: open ends (±Infinity) become the largest safe integers. */
const bound = (n: number): number =>
  Number.isFinite(n) ? n : n > 0 ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;

/** Indexed columns of a table, computed from the entity. */
type Columns<T> = (item: T) => Record<string, SqlValue>;

function rows<T>(sql: SqlExec, query: string, ...bindings: SqlValue[]): T[] {
  return sql(query, ...bindings)
    .toArray()
    .map((r) => fromPayload<T>(r.data ?? null));
}

function collection<T>(sql: SqlExec, table: string, id: (item: T) => string, columns: Columns<T>): Collection<T> {
  return {
    get: (key) => rows<T>(sql, `SELECT data FROM ${table} WHERE id = ?`, key)[0],
    put(item) {
      const cols = columns(item);
      const names = ['id', ...Object.keys(cols), 'data'];
      const values = [id(item), ...Object.values(cols), toPayload(item)];
      const set = names.slice(1).map((n) => `${n} = excluded.${n}`);
      sql(
        `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})` +
          ` ON CONFLICT(id) DO UPDATE SET ${set.join(', ')}`,
        ...values,
      );
    },
    all: () => rows<T>(sql, `SELECT data FROM ${table} ORDER BY rowid`),
  };
}

function owned<T extends { readonly owner: string }>(
  sql: SqlExec,
  table: string,
  id: (item: T) => string,
  columns: Columns<T> = () => ({}),
): OwnedCollection<T> {
  const base = collection<T>(sql, table, id, (item) => ({ owner: item.owner, ...columns(item) }));
  return {
    ...base,
    byOwner: (owner) => rows<T>(sql, `SELECT data FROM ${table} WHERE owner = ? ORDER BY rowid`, owner),
  };
}

function table<V>(sql: SqlExec, name: string): Table<V> {
  return {
    get: (k) => {
      const row = sql('SELECT v FROM kv WHERE tbl = ? AND k = ?', name, k).toArray()[0];
      return row ? fromPayload<V>(row.v ?? null) : undefined;
    },
    set: (k, v) => void sql('INSERT OR REPLACE INTO kv (tbl, k, v) VALUES (?, ?, ?)', name, k, toPayload(v)),
    delete: (k) => void sql('DELETE FROM kv WHERE tbl = ? AND k = ?', name, k),
  };
}

function keySet(sql: SqlExec, name: string): KeySet {
  return {
    has: (k) => sql('SELECT 1 AS x FROM kv WHERE tbl = ? AND k = ?', name, k).toArray().length > 0,
    add: (k) => void sql('INSERT OR IGNORE INTO kv (tbl, k, v) VALUES (?, ?, NULL)', name, k),
    delete: (k) => void sql('DELETE FROM kv WHERE tbl = ? AND k = ?', name, k),
    keys: () =>
      sql('SELECT k FROM kv WHERE tbl = ? ORDER BY rowid', name)
        .toArray()
        .map((r) => String(r.k)),
  };
}

/** What an order in `status` costs the deposit: its price unless cancelled (3) or rejected (5). */
function charge(status: unknown, price: unknown): number {
  return status === '3' || status === '5' ? 0 : Number(price ?? 0);
}

function msslOrders(sql: SqlExec): MsslOrderCollection {
  const base = owned<MsslOrder>(
    sql,
    'mssl_orders',
    (o) => o.orderId,
    (o) => ({
      order_date: ms(o.orderDate),
      not_after: ms(o.certificate?.notAfter),
      common_name: o.commonName,
      status: o.status,
      reissue_of: o.reissueOf ?? null,
      renewal_of: o.renewalOf ?? null,
      price: o.price,
    }),
  );
  // The deposit check's total, kept per owner as orders are written (constant time per PVOrder); an owner without a
  // row (a database from before the table) is summed once.
  const chargesOf = (owner: string): number => {
    const row = sql('SELECT total FROM mssl_charges WHERE owner = ?', owner).toArray()[0];
    if (row) return Number(row.total);
    const sum = Number(
      sql(
        "SELECT COALESCE(SUM(price), 0) AS t FROM mssl_orders WHERE owner = ? AND status NOT IN ('3', '5')",
        owner,
      ).toArray()[0]?.t ?? 0,
    );
    sql('INSERT INTO mssl_charges (owner, total) VALUES (?, ?)', owner, sum);
    return sum;
  };
  const column = { orderDate: 'order_date', notAfter: 'not_after' } as const;
  const q = (where: string, ...b: SqlValue[]): MsslOrder[] =>
    rows<MsslOrder>(sql, `SELECT data FROM mssl_orders WHERE ${where}`, ...b);
  return {
    ...base,
    put(order) {
      const before = sql('SELECT status, price FROM mssl_orders WHERE id = ?', order.orderId).toArray()[0];
      const delta = charge(order.status, order.price) - (before ? charge(before.status, before.price) : 0);
      if (delta !== 0) {
        chargesOf(order.owner);
        sql('UPDATE mssl_charges SET total = total + ? WHERE owner = ?', delta, order.owner);
      }
      base.put(order);
      sql('DELETE FROM mssl_events WHERE order_id = ?', order.orderId);
      for (const e of order.events)
        sql('INSERT INTO mssl_events (order_id, owner, at) VALUES (?, ?, ?)', order.orderId, order.owner, ms(e.at));
    },
    inRange: (owner, date, from, to) =>
      q(`owner = ? AND ${column[date]} BETWEEN ? AND ? ORDER BY ${column[date]}, rowid`, owner, bound(from), bound(to)),
    modifiedIn: (owner, from, to) =>
      sql(
        'SELECT o.data AS data, MIN(e.at) AS at FROM mssl_events e JOIN mssl_orders o ON o.id = e.order_id' +
          ' WHERE e.owner = ? AND e.at BETWEEN ? AND ? GROUP BY e.order_id ORDER BY at, o.rowid',
        owner,
        bound(from),
        bound(to),
      )
        .toArray()
        .map((r) => ({ at: Number(r.at), order: fromPayload<MsslOrder>(r.data ?? null) })),
    byCommonName: (owner, cn) => q('owner = ? AND common_name = ? ORDER BY rowid', owner, cn),
    byStatus: (status) => q('status = ? ORDER BY rowid', status),
    reissuesOf: (orderId) => q('reissue_of = ? ORDER BY rowid', orderId),
    chargedTotal: (owner) => chargesOf(owner),
    isRenewed: (orderId) =>
      sql('SELECT 1 AS x FROM mssl_orders WHERE renewal_of = ? LIMIT 1', orderId).toArray().length > 0,
  };
}

/** Identifiers as the in-memory store makes them (same seed, same IDs), counters kept in rows. */
function idMaker(sql: SqlExec, seed: string): SimStore['nextId'] {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  const stem = String((h >>> 0) % 10_000).padStart(4, '0');
  return (prefix, width = 6) => {
    sql('INSERT INTO counters (prefix, n) VALUES (?, 1) ON CONFLICT(prefix) DO UPDATE SET n = n + 1', prefix);
    const n = Number(sql('SELECT n FROM counters WHERE prefix = ?', prefix).toArray()[0]?.n);
    return `${prefix}${stem}${String(n).padStart(width, '0')}`;
  };
}

/**
 * A store in SQL rows over `sql` (tables and indexes are created if missing, so a Durable Object finds its rows
 * again after a restart).
 *
 * @example
 * ```ts
 * // in a Durable Object: const store = createSqlStore(ctx.storage.sql.exec.bind(ctx.storage.sql), 'default');
 * const store = createSqlStore(sql, 'default');
 * store.msslOrders.inRange('user', 'orderDate', Date.parse('2026-01-01'), Date.now());
 * ```
 */
export function createSqlStore(sql: SqlExec, seed: string): SimStore {
  for (const statement of SCHEMA) sql(statement);
  const epkiOrders = owned<EpkiOrder>(
    sql,
    'epki_orders',
    (o) => o.orderId,
    (o) => ({ request_date: ms(o.requestDate), issue_date: ms(o.issueDate), dn_serial: o.dnSerial ?? null }),
  );
  const dates = { requestDate: 'request_date', issueDate: 'issue_date' } as const;
  const licenses = collection<License>(
    sql,
    'licenses',
    (l) => l.licenseNo,
    (l) => ({ profile: l.profileId, product: l.productCode, year: l.year }),
  );
  const domains = owned<MsslDomain>(
    sql,
    'mssl_domains',
    (d) => d.id,
    (d) => ({ profile: d.profileId }),
  );
  return {
    accounts: collection(
      sql,
      'accounts',
      (a) => a.username,
      () => ({}),
    ),
    epkiProfiles: owned(sql, 'epki_profiles', (p) => p.id),
    licenses: {
      ...licenses,
      matching: (profile, product, year) =>
        rows<License>(
          sql,
          'SELECT data FROM licenses WHERE profile = ? AND product = ? AND year = ? ORDER BY rowid',
          profile,
          product,
          year,
        ),
    },
    emailDomains: table(sql, 'emailDomains'),
    epkiOrders: {
      ...epkiOrders,
      inRange: (owner, date, from, to) =>
        rows<EpkiOrder>(
          sql,
          `SELECT data FROM epki_orders WHERE owner = ? AND ${dates[date]} BETWEEN ? AND ? ORDER BY rowid`,
          owner,
          bound(from),
          bound(to),
        ),
      byDnSerial: (owner, serial) =>
        rows<EpkiOrder>(
          sql,
          'SELECT data FROM epki_orders WHERE owner = ? AND dn_serial = ? ORDER BY rowid',
          owner,
          serial,
        ),
    },
    msslProfiles: owned(sql, 'mssl_profiles', (p) => p.id),
    msslDomains: {
      ...domains,
      byProfile: (profile) =>
        rows<MsslDomain>(sql, 'SELECT data FROM mssl_domains WHERE profile = ? ORDER BY rowid', profile),
    },
    msslOrders: msslOrders(sql),
    msslRights: table(sql, 'msslRights'),
    phishing: keySet(sql, 'phishing'),
    dnsTxt: table(sql, 'dnsTxt'),
    web: table(sql, 'web'),
    usedKeys: table(sql, 'usedKeys'),
    revokedKeys: keySet(sql, 'revokedKeys'),
    approverIds: table(sql, 'approverIds'),
    pendingAsync: keySet(sql, 'pendingAsync'),
    deposits: table(sql, 'deposits'),
    needsApproval: keySet(sql, 'needsApproval'),
    nextId: idMaker(sql, seed),
  };
}
