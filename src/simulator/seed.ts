/**
 * The default seed: one account with API rights for every service, an EPKI S/MIME profile with licenses for every
 * EPKI product and 1–3 years, and the approved email domain `example.com`. What it made is returned as the
 * simulator's `defaults`, for demos, tests and the README.
 *
 * @module
 */
import type { SimulatorAdmin } from './admin.ts';
import { EPKI_PRODUCT_CODES } from '../services/epki-products.ts';
import { seedMssl } from './mssl-admin.ts';

/** What the default seed created. The password is the simulator's own, not a secret. */
export interface SimulatorDefaults {
  readonly username: string;
  readonly password: string;
  /** EPKI S/MIME profile with licenses for every product, years 1–3. */
  readonly epkiProfileId: string;
  /** Approved email domain of the EPKI profile. */
  readonly emailDomain: string;
  /** A second account-wide domain name for MSSL (present when the MSSL service is seeded). */
  readonly domain: string;
  /** Licenses per product and year in the seed. */
  readonly licensesPerProduct: number;
  /** MSSL OV profile of the seed (empty when the simulator is not seeded). */
  readonly msslProfileId: string;
  /** The OV profile's approved MSSL domain (`example.com`). */
  readonly msslDomainId: string;
  /** MSSL EV profile of the seed. */
  readonly msslEvProfileId: string;
  /** The EV profile's approved MSSL domain. */
  readonly msslEvDomainId: string;
  /** The EV profile's domain name (`example.org`). */
  readonly evDomain: string;
}

/** The default seed's account (the simulator's own credentials, not a secret). */
const DEFAULT_ACCOUNT = { username: 'sim-api-user', password: 'sim-api-password' } as const;

/**
 * Seeds the default state for one account (by default the simulator's own `sim-api-user`) and returns what it made.
 * `createSimulator({ seed: 'default' })` calls it; a store that starts empty (`seed: false`) can call it for any
 * account, as the simulator Worker does for each account's Durable Object.
 *
 * @example
 * ```ts
 * const sim = await createSimulator({ seed: false });
 * const defaults = seedDefaults(sim.admin, { username: 'team-a', password: 'team-a-password' });
 * ```
 */
export function seedDefaults(
  admin: SimulatorAdmin,
  account: { readonly username: string; readonly password: string } = DEFAULT_ACCOUNT,
): SimulatorDefaults {
  const { username, password } = account;
  admin.addAccount({ username, password });
  const profile = admin.addEpkiProfile({
    owner: username,
    kind: 'SMIME',
    dn: { O: 'Example Ltd', OU: ['Simulated PKI'], L: 'London', ST: 'London', C: 'GB' },
  });
  const licensesPerProduct = 100_000;
  for (const product of EPKI_PRODUCT_CODES)
    for (const year of [1, 2, 3]) admin.setLicenses(profile.id, product, year, licensesPerProduct);
  admin.setEmailDomain('example.com', 'approved');
  return {
    username,
    password,
    epkiProfileId: profile.id,
    emailDomain: 'example.com',
    licensesPerProduct,
    ...seedMssl(admin, username),
  };
}

/** The `defaults` of a simulator made with `seed: false`: every ID empty. */
export const EMPTY_DEFAULTS: SimulatorDefaults = {
  username: '',
  password: '',
  epkiProfileId: '',
  emailDomain: '',
  domain: '',
  licensesPerProduct: 0,
  msslProfileId: '',
  msslDomainId: '',
  msslEvProfileId: '',
  msslEvDomainId: '',
  evDomain: '',
};
