/**
 * The simulator's in-memory state: accounts (credentials, allowed IPs), EPKI profiles, licenses, email domains and
 * orders. The MSSL, Query and Account services keep their own part under `mssl` (see mssl-state.ts when present).
 * Plain data: admin.ts steers it, handlers read and change it.
 *
 * @module
 */
import type { Certificate } from '../crypto/certificate.ts';
import { createMsslState, type MsslState } from './mssl-state.ts';

/** An API account. */
export interface Account {
  readonly username: string;
  password: string;
  /** Source IPs allowed to call (from `x-simulator-client-ip`); empty = any. */
  allowedIps: string[];
  disabled: boolean;
}

/** What an EPKI profile issues. */
export type EpkiProfileKind = 'SMIME' | 'AUTH';

/** An EPKI profile: the organisation attributes it fixes in every certificate. */
export interface EpkiProfile {
  readonly id: string;
  readonly owner: string;
  readonly kind: EpkiProfileKind;
  state: string;
  readonly requestDate: Date;
  readonly dn: {
    readonly O: string;
    readonly OU: readonly string[];
    readonly L: string;
    readonly ST: string;
    readonly C: string;
  };
}

/** Licenses of one product and validity for a profile. */
export interface License {
  readonly licenseNo: string;
  readonly profileId: string;
  readonly productCode: string;
  readonly year: number;
  total: number;
  used: number;
}

/** Vetting state of an email domain. */
export type EmailDomainStatus = 'approved' | 'pending' | 'suspended';

/** One EPKI order. */
export interface EpkiOrder {
  readonly orderId: string;
  readonly owner: string;
  readonly productCode: string;
  readonly profileId: string;
  readonly licenseNo: string;
  readonly year: number;
  /** OrderStatus: REQUESTED (pending enrollment), ISSUED, CANCELED, REISSUED… */
  status: string;
  /** CertificateStatus: NONE, ISSUED, REVOKED. */
  certStatus: string;
  readonly requestDate: Date;
  orderDate: Date;
  issueDate?: Date | undefined;
  cancelDate?: Date;
  cancelRequestUser?: string;
  revokeDate?: Date;
  revokeRequestUser?: string;
  readonly dn: {
    readonly CommonName: string;
    readonly OrganizationUnit?: readonly string[];
    readonly Email?: string;
    readonly GivenName?: string;
    readonly SurName?: string;
    readonly Pseudonym?: string;
  };
  readonly email?: string;
  certificate?: Certificate | undefined;
  chain: Certificate[];
  /** The DN serial number GlobalSign puts in the subject; the key of Suspendrenewal/Resumerenewal. */
  dnSerial?: string;
  renewalStatus: 'ACTIVE' | 'SUSPENDED';
  readonly events: { name: string; at: Date }[];
  /** Enrollment orders waiting for the subscriber (OrderCertificate, OrderDS REGISTER, Reissue). */
  pending?: { readonly pkcs12: boolean; readonly documentSigning: boolean } | undefined;
  readonly originalOrderId?: string;
}

/** The whole state. */
export interface SimState {
  readonly accounts: Map<string, Account>;
  readonly epki: {
    readonly profiles: Map<string, EpkiProfile>;
    readonly licenses: License[];
    readonly emailDomains: Map<string, EmailDomainStatus>;
    readonly orders: Map<string, EpkiOrder>;
  };
  /** State of the MSSL, Query and Account services, owned by their handlers. */
  readonly mssl: MsslState;
  /** Next identifier with a prefix: deterministic for a given seed. */
  nextId(prefix: string, width?: number): string;
}

/**
 * Creates an empty state whose identifiers derive from `seed` (same seed, same IDs).
 *
 * @example
 * ```ts
 * const state = createState('default');
 * state.nextId('CE'); // 'CE4412000001'
 * ```
 */
export function createState(seed: string): SimState {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  const stem = String((h >>> 0) % 10_000).padStart(4, '0');
  const counters = new Map<string, number>();
  return {
    accounts: new Map(),
    epki: { profiles: new Map(), licenses: [], emailDomains: new Map(), orders: new Map() },
    mssl: createMsslState(),
    nextId(prefix, width = 6) {
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      return `${prefix}${stem}${String(n).padStart(width, '0')}`;
    },
  };
}
