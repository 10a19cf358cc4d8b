// Where the reference material is: `../shared` beside the repository (CI checks it out there; worktrees have a
// symlink), resolved from the repository root, never from an absolute path. Under CI=true a missing `../shared` is a
// failure, not a skip: `specOrFail()` throws so that every test reading the spec goes red.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT: string = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** `../shared/spec` seen from the repository root (GSK_SHARED_DIR overrides `../shared`, for the test of this rule). */
export const SPEC: string = join(process.env.GSK_SHARED_DIR ?? join(ROOT, '../shared'), 'spec');
/** True when the spec is present. */
export const haveSpec: boolean = existsSync(SPEC);
/** True when the tests run in CI, where the spec must be present. */
export const inCi: boolean = process.env.CI === 'true';

/** Throws under CI when `../shared/spec` is missing; elsewhere tells whether to skip. */
export function skipWithoutSpec(): boolean {
  if (haveSpec) return false;
  if (inCi) throw new Error(`../shared/spec is missing (looked at ${SPEC}): CI must check it out beside the clone`);
  return true;
}
