/**
 * What a new account's object starts with, by seed name: `default` mirrors the in-process simulator's default seed
 * (an EPKI S/MIME profile with licenses for every product and 1–3 years, the approved email domain `example.com`,
 * MSSL rights, a deposit, an OV and an EV profile with a domain each) for the account's own user name; `empty` is the
 * account alone. The EPKI product codes come from the in-process default seed itself (`productCodes`), so the list
 * lives in one place.
 *
 * @module
 */
import type { SimulatorAdmin } from '../../../src/simulator/index.ts';

/** Seed names `POST /__admin/accounts` accepts. */
export const SEED_NAMES: readonly string[] = ['default', 'empty'];

/** What an account's seed made (the shape of the simulator's `defaults`). */
export type AccountDefaults = Record<string, string | number>;

/**
 * Seeds an account and returns what it made.
 *
 * @example
 * ```ts
 * const defaults = seedAccount(sim.admin, 'default', { username: 'team-a', password: 'pw' }, ['EPKIPSPersonal']);
 * ```
 */
export function seedAccount(
  admin: SimulatorAdmin,
  seed: string,
  account: { username: string; password: string },
  productCodes: readonly string[],
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
  for (const product of productCodes)
    for (const year of [1, 2, 3]) admin.setLicenses(profile.id, product, year, licensesPerProduct);
  admin.setEmailDomain('example.com', 'approved');
  const defaults: AccountDefaults = {
    ...base,
    epkiProfileId: profile.id,
    emailDomain: 'example.com',
    domain: 'example.com',
    licensesPerProduct,
  };
  return { ...defaults, ...seedMssl(admin, username) };
}

/** The MSSL part of the default seed (as the in-process `seedMssl`): rights, deposit, an OV and an EV profile. */
function seedMssl(admin: SimulatorAdmin, owner: string): AccountDefaults {
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
