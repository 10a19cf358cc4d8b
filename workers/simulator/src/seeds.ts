/**
 * What a new account's object starts with, by seed name: `default` is the in-process simulator's default seed
 * (`seedDefaults`: an EPKI S/MIME profile with licenses for every product and 1–3 years, the approved email domain
 * `example.com`, MSSL rights, a deposit, an OV and an EV profile with a domain each) for the account's own user name;
 * `empty` is the account alone.
 *
 * @module
 */
import {
  EMPTY_DEFAULTS,
  type SimulatorAdmin,
  type SimulatorDefaults,
  seedDefaults,
} from '../../../src/simulator/index.ts';

/** Seed names `POST /__admin/accounts` accepts. */
export const SEED_NAMES: readonly string[] = ['default', 'empty'];

/** What an account's seed made (the simulator's `defaults`). */
export type AccountDefaults = SimulatorDefaults;

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
  if (seed !== 'empty') return seedDefaults(admin, account);
  admin.addAccount(account);
  return { ...EMPTY_DEFAULTS, ...account };
}
