/**
 * The simulator's admin API: seed and steer the state from tests, demos and Workers (accounts and allowed IPs,
 * EPKI profiles, licenses, email domains, pending enrollments, faults, the clock, the CA).
 *
 * @module
 */
import { parseCsr } from '../crypto/csr.ts';
import { createMsslAdmin, type MsslAdmin } from './mssl-admin.ts';
import type { LocalCa } from './ca.ts';
import type { SimClock } from './clock.ts';
import type { HandlerContext } from './context.ts';
import { issueEpki, serverKey } from './epki-issue.ts';
import type { FaultPlan } from './faults.ts';
import type {
  Account,
  EmailDomainStatus,
  EpkiOrder,
  EpkiProfile,
  EpkiProfileKind,
  License,
  SimState,
} from './state.ts';

/** The admin API (the MSSL, Query and Account methods come from `MsslAdmin`, internal). */
export interface SimulatorAdmin extends MsslAdmin {
  /** Adds (or replaces) an account. */
  addAccount(a: { username: string; password: string; allowedIps?: string[] }): Account;
  /** Restricts an account to source IPs (empty list: any). */
  setAllowedIps(username: string, ips: string[]): void;
  /** Adds an EPKI profile with the organisation attributes it fixes. */
  addEpkiProfile(p: {
    owner: string;
    kind?: EpkiProfileKind;
    id?: string;
    dn?: Partial<EpkiProfile['dn']>;
    state?: string;
  }): EpkiProfile;
  /** Sets the number of licenses for a profile, product and year. */
  setLicenses(profileId: string, productCode: string, year: number, total: number): License;
  /** Sets the vetting state of an email domain. */
  setEmailDomain(domain: string, status: EmailDomainStatus): void;
  /** Completes a pending EPKI enrollment: issues from `csr`, or from a key the simulator makes. */
  completeEnrollment(orderId: string, options?: { csr?: string }): Promise<EpkiOrder>;
  /** Every EPKI order, oldest first. */
  listOrders(): EpkiOrder[];
  /** The CA certificates (PEM): per family, the issuing intermediate then the root. */
  caCertificates(): { rsa: string[]; ec: string[] };
  /** Replaces the fault plan. */
  setFaults(plan: FaultPlan | undefined): void;
  /** The simulator's clock (advance it in tests). */
  readonly clock: SimClock;
  /** The raw state, for advanced steering. */
  readonly state: SimState;
}

/** Builds the admin API over the simulator internals. */
export function createAdmin(
  state: SimState,
  clock: SimClock,
  ca: LocalCa,
  context: () => Omit<HandlerContext, 'account'>,
  setFaults: (plan: FaultPlan | undefined) => void,
): SimulatorAdmin {
  return {
    ...createMsslAdmin(state, clock, context),
    clock,
    state,
    setFaults,
    addAccount({ username, password, allowedIps = [] }) {
      const account: Account = { username, password, allowedIps, disabled: false };
      state.accounts.set(username, account);
      return account;
    },
    setAllowedIps(username, ips) {
      const a = state.accounts.get(username);
      if (!a) throw new RangeError(`no account ${username}`);
      a.allowedIps = ips;
    },
    addEpkiProfile({ owner, kind = 'SMIME', id, dn = {}, state: st = 'VALIDATED' }) {
      const profile: EpkiProfile = {
        id: id ?? state.nextId('PF'),
        owner,
        kind,
        state: st,
        requestDate: clock.now(),
        dn: { O: 'Example Ltd', OU: [], L: 'London', ST: 'London', C: 'GB', ...dn },
      };
      state.epki.profiles.set(profile.id, profile);
      return profile;
    },
    setLicenses(profileId, productCode, year, total) {
      const found = state.epki.licenses.find(
        (l) => l.profileId === profileId && l.productCode === productCode && l.year === year,
      );
      if (found) {
        found.total = total;
        return found;
      }
      const license: License = { licenseNo: state.nextId('LI'), profileId, productCode, year, total, used: 0 };
      state.epki.licenses.push(license);
      return license;
    },
    setEmailDomain(domain, status) {
      state.epki.emailDomains.set(domain.toLowerCase(), status);
    },
    async completeEnrollment(orderId, options = {}) {
      const order = state.epki.orders.get(orderId);
      if (!order?.pending) throw new RangeError(`order ${orderId} is not a pending enrollment`);
      const owner = state.accounts.get(order.owner)!;
      const ctx: HandlerContext = { ...context(), account: owner };
      const spki = options.csr
        ? (await parseCsr(options.csr, { crypto: ctx.crypto })).spkiDer
        : (await serverKey(ctx)).spki;
      await issueEpki(ctx, { order, profile: state.epki.profiles.get(order.profileId)!, spki });
      if (order.originalOrderId) {
        const target = state.epki.orders.get(order.originalOrderId);
        if (target) target.status = 'REISSUED';
      }
      return order;
    },
    listOrders() {
      return [...state.epki.orders.values()];
    },
    caCertificates() {
      return {
        rsa: [ca.rsa.intermediate.certificate.pem, ca.rsa.root.certificate.pem],
        ec: [ca.ec.intermediate.certificate.pem, ca.ec.root.certificate.pem],
      };
    },
  };
}
