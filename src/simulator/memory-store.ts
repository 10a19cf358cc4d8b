/**
 * The in-memory {@link SimStore}: Maps in the isolate's memory, lookups by scanning (fine for the thousands of
 * entities a test or a demo holds; a row store answers the same lookups from indexes).
 *
 * @module
 */
import type { EpkiOrder, License, MsslDomain, MsslOrder } from './entities.ts';
import type {
  Collection,
  EpkiOrderCollection,
  KeySet,
  LicenseCollection,
  MsslDomainCollection,
  MsslOrderCollection,
  OwnedCollection,
  SimStore,
  Table,
} from './store.ts';

function collection<T>(id: (item: T) => string): Collection<T> & { readonly map: Map<string, T> } {
  const map = new Map<string, T>();
  return {
    map,
    get: (key) => map.get(key),
    put: (item) => void map.set(id(item), item),
    all: () => [...map.values()],
  };
}

function owned<T extends { readonly owner: string }>(
  id: (item: T) => string,
): OwnedCollection<T> & {
  readonly map: Map<string, T>;
} {
  const base = collection(id);
  return { ...base, byOwner: (owner) => [...base.map.values()].filter((x) => x.owner === owner) };
}

function table<V>(): Table<V> {
  const map = new Map<string, V>();
  return { get: (k) => map.get(k), set: (k, v) => void map.set(k, v), delete: (k) => void map.delete(k) };
}

function keySet(): KeySet {
  const set = new Set<string>();
  return {
    has: (k) => set.has(k),
    add: (k) => void set.add(k),
    delete: (k) => void set.delete(k),
    keys: () => [...set],
  };
}

const within = (t: number | undefined, from: number, to: number): t is number =>
  t !== undefined && t >= from && t <= to;

function msslOrders(): MsslOrderCollection {
  const base = owned<MsslOrder>((o) => o.orderId);
  const dateOf = (o: MsslOrder, date: 'orderDate' | 'notAfter'): number | undefined =>
    date === 'orderDate' ? o.orderDate.getTime() : o.certificate?.notAfter.getTime();
  const all = (): MsslOrder[] => [...base.map.values()];
  return {
    ...base,
    inRange: (owner, date, from, to) =>
      base
        .byOwner(owner)
        .filter((o) => within(dateOf(o, date), from, to))
        .sort((a, b) => (dateOf(a, date) ?? 0) - (dateOf(b, date) ?? 0)),
    modifiedIn(owner, from, to) {
      const hits: { at: number; order: MsslOrder }[] = [];
      for (const order of base.byOwner(owner)) {
        const first = order.events.find((e) => within(e.at.getTime(), from, to));
        if (first) hits.push({ at: first.at.getTime(), order });
      }
      return hits.sort((a, b) => a.at - b.at);
    },
    byCommonName: (owner, cn) => base.byOwner(owner).filter((o) => o.commonName === cn),
    byStatus: (status) => all().filter((o) => o.status === status),
    reissuesOf: (orderId) => all().filter((o) => o.reissueOf === orderId),
    chargedTotal: (owner) =>
      base
        .byOwner(owner)
        .filter((o) => o.status !== '3' && o.status !== '5')
        .reduce((sum, o) => sum + o.price, 0),
    isRenewed: (orderId) => all().some((o) => o.renewalOf === orderId),
  };
}

function epkiOrders(): EpkiOrderCollection {
  const base = owned<EpkiOrder>((o) => o.orderId);
  const dateOf = (o: EpkiOrder, date: 'requestDate' | 'issueDate'): number | undefined => o[date]?.getTime();
  return {
    ...base,
    inRange: (owner, date, from, to) => base.byOwner(owner).filter((o) => within(dateOf(o, date), from, to)),
    byDnSerial: (owner, serial) => base.byOwner(owner).filter((o) => o.dnSerial === serial),
  };
}

function licenses(): LicenseCollection {
  const base = collection<License>((l) => l.licenseNo);
  return {
    ...base,
    matching: (profileId, productCode, year) =>
      base.all().filter((l) => l.profileId === profileId && l.productCode === productCode && l.year === year),
  };
}

function msslDomains(): MsslDomainCollection {
  const base = owned<MsslDomain>((d) => d.id);
  return { ...base, byProfile: (profileId) => base.all().filter((d) => d.profileId === profileId) };
}

/** Identifiers `<prefix><4-digit stem of the seed><counter>`: the same seed gives the same IDs. */
function idMaker(seed: string): SimStore['nextId'] {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  const stem = String((h >>> 0) % 10_000).padStart(4, '0');
  const counters = new Map<string, number>();
  return (prefix, width = 6) => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return `${prefix}${stem}${String(n).padStart(width, '0')}`;
  };
}

/**
 * Creates an empty in-memory store whose identifiers derive from `seed` (same seed, same IDs).
 *
 * @example
 * ```ts
 * const store = createMemoryStore('default');
 * store.nextId('CE'); // 'CE4412000001'
 * ```
 */
export function createMemoryStore(seed: string): SimStore {
  return {
    accounts: collection((a) => a.username),
    epkiProfiles: owned((p) => p.id),
    licenses: licenses(),
    emailDomains: table(),
    epkiOrders: epkiOrders(),
    msslProfiles: owned((p) => p.id),
    msslDomains: msslDomains(),
    msslOrders: msslOrders(),
    msslRights: table(),
    phishing: keySet(),
    dnsTxt: table(),
    web: table(),
    usedKeys: table(),
    revokedKeys: keySet(),
    approverIds: table(),
    pendingAsync: keySet(),
    deposits: table(),
    needsApproval: keySet(),
    nextId: idMaker(seed),
  };
}
