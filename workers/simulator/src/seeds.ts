/**
 * What a new account's object starts with, by seed name: `default` mirrors the in-process simulator's default seed
 * (an EPKI S/MIME profile with licenses for every product and 1–3 years, the approved email domain `example.com`,
 * MSSL rights, a deposit, an OV and an EV profile with a domain each) for the account's own user name; `empty` is the
 * account alone.
 *
 * @module
 */
import type { SimulatorAdmin } from '../../../src/simulator/index.ts';
import { seedMssl } from '../../../src/simulator/mssl-admin.ts';
import { EPKI_PRODUCT_CODES } from '../../../src/services/epki-products.ts';

/** Seed names `POST /__admin/accounts` accepts. */
export const SEED_NAMES: readonly string[] = ['default', 'empty'];

/** What an account's seed made (the shape of the simulator's `defaults`). */
export type AccountDefaults = Record<string, string | number>;

/**
 * Seeds an account and returns what it made.
 *
 * @example
 * ```ts
 * const defaults = seedAccount(sim.admin, 'default', { username: 'team-a', password: 'pw' });
 * ```
 */
export function seedAccount(
  admin: SimulatorAdmin,
  seed: string,
  account: { username: string; password: string },
): AccountDefaults {
  const { username, password } = account;
  admin.addAccount({ username, password });
  const base = { username, password, epkiProfileId: '', emailDomain: '', domain: '', licensesPerProduct: 0 };
  if (seed === 'empty') return base;
  const profile = admin.addEpkiProfile({
    owner: username,
    kind: 'SMIME',
    dn: { O: 'Example Ltd', OU: ['Simulated PKI'], L: 'London', ST: 'London', C: 'GB' },
  });
  const licensesPerProduct = 100_000;
  for (const product of EPKI_PRODUCT_CODES)
    for (const year of [1, 2, 3]) admin.setLicenses(profile.id, product, year, licensesPerProduct);
  admin.setEmailDomain('example.com', 'approved');
  const defaults: AccountDefaults = {
    ...base,
    epkiProfileId: profile.id,
    emailDomain: 'example.com',
    domain: 'example.com',
    licensesPerProduct,
  };
  seedMssl(admin, defaults);
  return defaults;
}
