/**
 * The simulator's MSSL admin: the methods that steer MSSL state from tests and demos (rights, profiles, domains,
 * DNS/web tables, phishing flags, deposits, bulk seeding; part of `sim.admin`) and the default MSSL seed.
 *
 * @module
 */
import { type MsslFamily, MSSL_PRODUCTS } from '../services/products.ts';
import type { SimClock } from './clock.ts';
import type { HandlerContext } from './context.ts';
import { approve } from './dns.ts';
import type { MsslDomain, MsslOrder, MsslProfile } from './entities.ts';
import { issueOrder } from './mssl-issue.ts';
import { priceOf } from './mssl-values.ts';
import type { SimStore } from './store.ts';

type Req = Record<string, unknown>;
const FAMILIES: readonly MsslFamily[] = ['ExtendedSSL', 'OrganizationSSL', 'IntranetSSL', 'CloudSSL'];

/** Admin methods for the MSSL, Query and Account services (part of `sim.admin`). */
export interface MsslAdmin {
  /** Gives an account MSSL rights for product families (default all four; empty list: no MSSL rights). */
  setMsslRights(username: string, families?: readonly MsslFamily[]): void;
  /** Adds an MSSL profile (approved unless `status` says otherwise). */
  addMsslProfile(p: {
    owner: string;
    vettingLevel?: 'OV' | 'EV';
    org?: Partial<MsslProfile['org']>;
    status?: string;
  }): MsslProfile;
  /** Adds a domain to a profile, approved now unless `status` says otherwise. */
  addMsslDomain(d: {
    profileId: string;
    name: string;
    vettingLevel?: MsslDomain['vettingLevel'];
    status?: string;
  }): MsslDomain;
  /** Completes a domain's vetting (an approver's email click, GlobalSign's EV vetting). */
  approveMsslDomain(domainId: string): MsslDomain;
  /** Sets a profile's status (guide 10.4; '3' approved). */
  setMsslProfileStatus(profileId: string, status: string): void;
  /** The simulator's DNS: TXT records of `name` (replaces them; empty list removes). */
  setDnsTxt(name: string, values: readonly string[]): void;
  /** The simulator's web: the body served at `url` (`undefined` removes it). */
  setWebFile(url: string, body: string | undefined): void;
  /** Flags a name (CN or SAN) for phishing review: its orders answer SuccessCode 1 and wait in status 2. */
  flagPhishing(name: string, flagged?: boolean): void;
  /** Clears an order's phishing check: it is issued now. */
  clearPhishing(orderId: string): Promise<MsslOrder>;
  /** Holds the account's new orders until ModifyMSSLOrder APPROVE. */
  requireOrderApproval(username: string, required: boolean): void;
  /** Sets the account's bulk deposit. */
  setDeposit(username: string, amount: number): void;
  /** Every MSSL order, oldest first. */
  listMsslOrders(): MsslOrder[];
  /**
   * Adds `count` issued orders (no certificates: query fodder) 1 s apart by default, ending before now; each gets
   * ORDER_REQUEST and CERT_ISSUE events. Returns the window they span.
   */
  bulkSeedMsslOrders(o: {
    owner: string;
    profileId: string;
    domainId: string;
    count: number;
    stepMs?: number;
    from?: Date;
  }): {
    from: Date;
    to: Date;
  };
}

/** Builds the MSSL admin methods over the simulator internals. */
export function createMsslAdmin(
  state: SimStore,
  clock: SimClock,
  context: () => Omit<HandlerContext, 'account'>,
): MsslAdmin {
  const mssl = state;
  const domain = (id: string): MsslDomain => {
    const d = mssl.msslDomains.get(id);
    if (!d) throw new RangeError(`no MSSL domain ${id}`);
    return d;
  };
  return {
    setMsslRights(username, families = FAMILIES) {
      if (families.length) mssl.msslRights.set(username, [...families]);
      else mssl.msslRights.delete(username);
    },
    addMsslProfile({ owner, vettingLevel = 'OV', org = {}, status = '3' }) {
      const full = { C: 'GB', ST: 'London', L: 'London', O: 'Example Ltd', ...org };
      const p: MsslProfile = {
        id: state.nextId('MP'),
        owner,
        vettingLevel,
        status,
        requestDate: clock.now(),
        org: full,
      };
      if (vettingLevel === 'EV') p.ev = evInfo(full);
      mssl.msslProfiles.put(p);
      return p;
    },
    addMsslDomain({ profileId, name, vettingLevel, status = '3' }) {
      const p = mssl.msslProfiles.get(profileId);
      if (!p) throw new RangeError(`no MSSL profile ${profileId}`);
      const now = clock.stamp();
      const d: MsslDomain = {
        id: state.nextId('DSMS'),
        owner: p.owner,
        profileId,
        name: name.toLowerCase(),
        vettingLevel: vettingLevel ?? p.vettingLevel,
        vettingType: 'DNS',
        status: '1',
        orderDate: now,
        updated: now,
        code: `sim-${state.nextId('VC')}`,
      };
      mssl.msslDomains.put(d);
      if (status === '3') approve({ clock, state }, d);
      else d.status = status;
      return d;
    },
    approveMsslDomain(id) {
      const d = domain(id);
      approve({ clock, state }, d);
      return d;
    },
    setMsslProfileStatus(id, status) {
      const p = mssl.msslProfiles.get(id);
      if (!p) throw new RangeError(`no MSSL profile ${id}`);
      p.status = status;
      mssl.msslProfiles.put(p);
    },
    setDnsTxt(name, values) {
      const key = name.toLowerCase().replace(/\.$/, '');
      if (values.length) mssl.dnsTxt.set(key, [...values]);
      else mssl.dnsTxt.delete(key);
    },
    setWebFile(url, body) {
      const key = new URL(url).href;
      if (body === undefined) mssl.web.delete(key);
      else mssl.web.set(key, body);
    },
    flagPhishing(name, flagged = true) {
      if (flagged) mssl.phishing.add(name.toLowerCase());
      else mssl.phishing.delete(name.toLowerCase());
    },
    async clearPhishing(orderId) {
      const o = mssl.msslOrders.get(orderId);
      if (o?.hold !== 'phishing') throw new RangeError(`order ${orderId} is not waiting for a phishing check`);
      o.events.push({ name: 'AUTHENTICATE_PHISING', at: clock.stamp() });
      await issueOrder(context(), o);
      return o;
    },
    requireOrderApproval(username, required) {
      if (required) mssl.needsApproval.add(username);
      else mssl.needsApproval.delete(username);
    },
    setDeposit(username, amount) {
      mssl.deposits.set(username, amount);
    },
    listMsslOrders() {
      return mssl.msslOrders.all();
    },
    bulkSeedMsslOrders(o) {
      const d = domain(o.domainId);
      const step = Math.max(1, o.stepMs ?? 1000);
      const from = o.from ?? new Date(clock.now().getTime() - (o.count + 1) * step);
      const product = MSSL_PRODUCTS.find((p) => p.code === 'PV_SHA2')!;
      for (let i = 0; i < o.count; i++) {
        const at = new Date(from.getTime() + i * step);
        const orderId = state.nextId('MS');
        mssl.msslOrders.put({
          orderId,
          owner: o.owner,
          productCode: product.code,
          family: product.family,
          orderKind: 'new',
          months: 12,
          profileId: o.profileId,
          domainId: d.id,
          commonName: `host${i}.${d.name}`,
          sanEntries: [],
          status: '4',
          orderDate: at,
          completeDate: at,
          validity: { Months: '12' },
          days: 366,
          spki: new TextEncoder().encode(orderId),
          chain: [],
          renewalNotice: true,
          events: [
            { name: 'ORDER_REQUEST', at },
            { name: 'CERT_ISSUE', at },
          ],
          price: priceOf(product.family, 12, 0),
        });
      }
      return { from, to: new Date(from.getTime() + (o.count - 1) * step) };
    },
  };
}

/** An EV profile's details for GetMSSLProfiles, from its organisation. */
function evInfo(o: MsslProfile['org']): Req {
  const person = { FirstName: 'Sim', LastName: 'Ulator', JobTitle: 'CTO', Telephone: '+44 20 0000 0000' };
  return {
    MSSLEVProfile: { OrganizationName: o.O, BusinessCategory: 'PO' },
    JurisdictionInfo: { JurisdictionCountry: o.C, IncorporationAgencyRegistrationNumber: '00000000' },
    BusinessPlaceInfo: {
      StreetAddress1: '1 Example Street',
      City: o.L,
      StateOrProvince: o.ST,
      PostalCode: '-',
      CountryCode: o.C,
      Telephone: person.Telephone,
    },
    BusinessEVInfo: {},
    CertificateApprover: { OrganizationName: o.O },
    ContractSigner: { OrganizationName: o.O, Department: 'IT', ...person, EmailAddress: 'signer@example.com' },
  };
}

/**
 * The MSSL part of the default seed: rights for every family, a deposit, an OV profile with the approved domain
 * `example.com`, an EV profile with the approved EV domain `example.org`. Adds their IDs to `defaults`.
 *
 * @example
 * ```ts
 * seedMssl(admin, defaults); // defaults.msslProfileId, defaults.msslDomainId, defaults.msslEvProfileId…
 * ```
 */
export function seedMssl(admin: MsslAdmin, owner: string): MsslSeed {
  admin.setMsslRights(owner);
  admin.setDeposit(owner, 10_000_000);
  const ov = admin.addMsslProfile({ owner, vettingLevel: 'OV', org: { OU: 'Simulated PKI' } });
  const domain = admin.addMsslDomain({ profileId: ov.id, name: 'example.com' });
  const ev = admin.addMsslProfile({ owner, vettingLevel: 'EV', org: { O: 'Example EV Ltd' } });
  const evDomain = admin.addMsslDomain({ profileId: ev.id, name: 'example.org' });
  return {
    msslProfileId: ov.id,
    msslDomainId: domain.id,
    domain: domain.name,
    msslEvProfileId: ev.id,
    msslEvDomainId: evDomain.id,
    evDomain: evDomain.name,
  };
}

/** What the MSSL part of the default seed made. */
export interface MsslSeed {
  readonly msslProfileId: string;
  readonly msslDomainId: string;
  readonly domain: string;
  readonly msslEvProfileId: string;
  readonly msslEvDomainId: string;
  readonly evDomain: string;
}
