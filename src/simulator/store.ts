/**
 * The one storage interface of the simulator: every handler and the admin API reach the state through it, as
 * collections with the lookups the operations need (by id, by owner, by date range, by common name, by status) and
 * small keyed tables. memory-store.ts implements it in the isolate's memory; a Durable Object can implement it over
 * SQLite rows with an index per lookup (issue 16).
 *
 * The contract for writers: an entity read from a collection is the caller's to change, and a change lasts once the
 * entity is written back with `put` (the in-memory store hands out its own objects, so there a missing `put` goes
 * unnoticed; a row store keeps copies and needs it). One operation runs at a time (the router serialises them), so
 * a handler's reads and writes form one transaction.
 *
 * @module
 */
import type { MsslFamily } from '../services/products.ts';
import type {
  Account,
  EmailDomainStatus,
  EpkiOrder,
  EpkiProfile,
  License,
  MsslDomain,
  MsslOrder,
  MsslProfile,
} from './entities.ts';

/** Entities keyed by their id, in insertion order. */
export interface Collection<T> {
  get(id: string): T | undefined;
  /** Inserts or replaces (by the entity's id). */
  put(item: T): void;
  /** Every entity, oldest first (admin listings, seeding). */
  all(): T[];
}

/** A collection whose entities belong to an account. */
export interface OwnedCollection<T> extends Collection<T> {
  /** The owner's entities, oldest first. */
  byOwner(owner: string): T[];
}

/** A small keyed table of values. */
export interface Table<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  delete(key: string): void;
}

/** A set of keys. */
export interface KeySet {
  has(key: string): boolean;
  add(key: string): void;
  delete(key: string): void;
  /** Every key, in insertion order. */
  keys(): string[];
}

/** The dates MSSL orders are searched by: ordered, certificate expiry. */
export type MsslOrderDate = 'orderDate' | 'notAfter';

/** MSSL orders with the Query service's lookups. */
export interface MsslOrderCollection extends OwnedCollection<MsslOrder> {
  /** The owner's orders whose `date` lies in [from, to] (ms), by that date, oldest first. */
  inRange(owner: string, date: MsslOrderDate, from: number, to: number): MsslOrder[];
  /** The owner's orders with a modification event in [from, to], by their first such event. */
  modifiedIn(owner: string, from: number, to: number): { at: number; order: MsslOrder }[];
  /** The owner's orders for a common name (lower case), oldest first. */
  byCommonName(owner: string, commonName: string): MsslOrder[];
  /** Orders in a status (guide 10.1 code), oldest first. */
  byStatus(status: string): MsslOrder[];
  /** Orders reissued from `orderId` (one level). */
  reissuesOf(orderId: string): MsslOrder[];
  /** What the owner's orders not cancelled (status 3, 5) cost, for the deposit check (-6101). */
  chargedTotal(owner: string): number;
  /** Whether an order renews `orderId`. */
  isRenewed(orderId: string): boolean;
}

/** The dates EPKI orders are searched by. */
export type EpkiOrderDate = 'requestDate' | 'issueDate';

/** EPKI orders with GetOrders' lookups. */
export interface EpkiOrderCollection extends OwnedCollection<EpkiOrder> {
  /** The owner's orders whose `date` lies in [from, to] (ms), oldest first. */
  inRange(owner: string, date: EpkiOrderDate, from: number, to: number): EpkiOrder[];
  /** The owner's orders carrying this DN serial number (an order and its reissues), oldest first. */
  byDnSerial(owner: string, dnSerial: string): EpkiOrder[];
}

/** EPKI licenses. */
export interface LicenseCollection extends Collection<License> {
  /** A profile's licenses for a product and validity (years). */
  matching(profileId: string, productCode: string, year: number): License[];
}

/** MSSL domains. */
export interface MsslDomainCollection extends OwnedCollection<MsslDomain> {
  /** The domains of an MSSL profile, oldest first. */
  byProfile(profileId: string): MsslDomain[];
}

/** Everything the simulator keeps. */
export interface SimStore {
  /** API accounts by user name. */
  readonly accounts: Collection<Account>;
  readonly epkiProfiles: OwnedCollection<EpkiProfile>;
  readonly licenses: LicenseCollection;
  /** Vetting state of email domains (lower case). */
  readonly emailDomains: Table<EmailDomainStatus>;
  readonly epkiOrders: EpkiOrderCollection;
  readonly msslProfiles: OwnedCollection<MsslProfile>;
  readonly msslDomains: MsslDomainCollection;
  readonly msslOrders: MsslOrderCollection;
  /** Accounts with MSSL rights and the product families each may order (-9403 / -9901). */
  readonly msslRights: Table<readonly MsslFamily[]>;
  /** Names (CN or SAN, lower case) whose orders wait for a phishing check. */
  readonly phishing: KeySet;
  /** The simulator's DNS: TXT records by name. */
  readonly dnsTxt: Table<readonly string[]>;
  /** The simulator's web: bodies by URL. */
  readonly web: Table<string>;
  /** SPKI (hex) → CN of the first order that used it (-6007). */
  readonly usedKeys: Table<string>;
  /** SPKIs (hex) revoked (-9940). */
  readonly revokedKeys: KeySet;
  /** DomainIDs handed out by GetDomainApproverList: id → FQDN. */
  readonly approverIds: Table<string>;
  /** ASYNC_ORDER orders not yet issued. */
  readonly pendingAsync: KeySet;
  /** Bulk deposit per account (AccountSnapshot, -6101). */
  readonly deposits: Table<number>;
  /** Accounts whose orders wait for APPROVE. */
  readonly needsApproval: KeySet;
  /** The next identifier with a prefix: deterministic for a given seed. */
  nextId(prefix: string, width?: number): string;
}
