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
import type { Account, EmailDomainStatus, EpkiOrder, EpkiProfile, EpkiProfileKind, License } from './entities.ts';
import type { SimStore } from './store.ts';

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
  readonly state: SimStore;
}

/** Builds the admin API over the simulator internals. */
export function createAdmin(
  state: SimStore,
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
      state.accounts.put(account);
      return account;
    },
    setAllowedIps(username, ips) {
      const a = state.accounts.get(username);
      if (!a) throw new RangeError(`no account ${username}`);
      a.allowedIps = ips;
      state.accounts.put(a);
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
      state.epkiProfiles.put(profile);
      return profile;
    },
    setLicenses(profileId, productCode, year, total) {
      const found = state.licenses.matching(profileId, productCode, year)[0];
      if (found) {
        found.total = total;
        state.licenses.put(found);
        return found;
      }
      const license: License = { licenseNo: state.nextId('LI'), profileId, productCode, year, total, used: 0 };
      state.licenses.put(license);
      return license;
    },
    setEmailDomain(domain, status) {
      state.emailDomains.set(domain.toLowerCase(), status);
    },
    async completeEnrollment(orderId, options = {}) {
      const order = state.epkiOrders.get(orderId);
      if (!order?.pending) throw new RangeError(`order ${orderId} is not a pending enrollment`);
      const owner = state.accounts.get(order.owner)!;
      const ctx: HandlerContext = { ...context(), account: owner };
      const spki = options.csr
        ? (await parseCsr(options.csr, { crypto: ctx.crypto })).spkiDer
        : (await serverKey(ctx)).spki;
      await issueEpki(ctx, { order, profile: state.epkiProfiles.get(order.profileId)!, spki });
      if (order.originalOrderId) {
        const target = state.epkiOrders.get(order.originalOrderId);
        if (target) {
          target.status = 'REISSUED';
          state.epkiOrders.put(target);
        }
      }
      return order;
    },
    listOrders() {
      return state.epkiOrders.all();
    },
    caCertificates() {
      return {
        rsa: [ca.rsa.intermediate.certificate.pem, ca.rsa.root.certificate.pem],
        ec: [ca.ec.intermediate.certificate.pem, ca.ec.root.certificate.pem],
      };
    },
  };
}
