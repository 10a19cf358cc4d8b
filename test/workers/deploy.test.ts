// The deploy check (scripts/check-deploy.mjs) on every Worker: `wrangler deploy --dry-run` offline, then what
// wrangler leaves unchecked (each Durable Object class bound is exported and created by a migration, every migration
// class is exported, `main` exists). Negative cases run on temp copies of a real wrangler.toml.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkWorker, durableObjectProblems, workerConfigs } from '../../scripts/check-deploy.mjs';

const ACME = resolve(import.meta.dirname, '../../workers/acme/wrangler.toml');
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A temp copy of a wrangler.toml, `main` made absolute, changed by `edit`. */
function variant(config: string, edit: (text: string) => string): string {
  const main = resolve(dirname(config), /^main\s*=\s*"([^"]+)"/m.exec(readFileSync(config, 'utf8'))![1]!);
  const text = readFileSync(config, 'utf8').replace(/^main\s*=.*$/m, `main = ${JSON.stringify(main)}`);
  const dir = mkdtempSync(join(tmpdir(), 'gsk-deploy-variant-'));
  made.push(dir);
  const out = join(dir, 'wrangler.toml');
  writeFileSync(out, edit(text));
  return out;
}

describe('deploy check', () => {
  const configs = workerConfigs();

  it('finds the three Workers', () => {
    expect(configs.map((c) => basename(dirname(c))).sort()).toEqual(['acme', 'enroll', 'simulator']);
  });

  for (const config of configs) {
    it(`${basename(dirname(config))}: wrangler dry-run bundles it, Durable Objects exported and migrated`, async () => {
      const r = await checkWorker(config);
      expect(r.problems, `${r.worker}:\n${r.problems.join('\n')}`).toEqual([]);
      expect(r.exported).toContain('default');
    });
  }

  it('reports a bound class the entry does not export (wrangler refuses it too)', async () => {
    const config = variant(ACME, (t) =>
      t
        .concat('\n[[durable_objects.bindings]]\nname = "GHOST"\nclass_name = "AcmeGhost"\n')
        .concat('\n[[migrations]]\ntag = "v-ghost"\nnew_sqlite_classes = ["AcmeGhost"]\n'),
    );
    const r = await checkWorker(config);
    expect(r.worker).toContain('globalsign-acme');
    expect(r.problems[0]).toMatch(/^wrangler deploy --dry-run failed \(exit 1\):[\s\S]*not exported[\s\S]*AcmeGhost/);
    expect(r.problems.slice(1)).toEqual([
      'binding GHOST: class AcmeGhost is not exported by the entry (export it from main)',
      'migration class AcmeGhost is not exported by the entry (export it from main)',
    ]);
  });

  it('reports a migration class the entry does not export (wrangler bundles it without a word)', async () => {
    const config = variant(ACME, (t) => t.concat('\n[[migrations]]\ntag = "v-ghost"\nnew_classes = ["AcmeGhost"]\n'));
    const r = await checkWorker(config);
    expect(r.problems).toEqual(['migration class AcmeGhost is not exported by the entry (export it from main)']);
  });

  it('reports exported bound classes that no migration creates (wrangler bundles it without a word)', async () => {
    const config = variant(ACME, (t) => t.replace(/\[\[migrations\]\][\s\S]*$/, ''));
    const r = await checkWorker(config);
    expect(r.problems.length).toBeGreaterThanOrEqual(3);
    for (const p of r.problems) expect(p).toMatch(/^binding \w+: class Acme\w+ is created by no migration/);
    expect(r.problems.join('\n')).toContain('class AcmeAccount is created by no migration');
  });

  it('reports a missing main without running wrangler', async () => {
    const config = variant(ACME, (t) => t.replace(/^main\s*=.*$/m, 'main = "src/nowhere.ts"'));
    const r = await checkWorker(config);
    expect(r.problems).toEqual([expect.stringMatching(/^main .*src\/nowhere\.ts does not exist$/)]);
  });
});

describe('Durable Object rules', () => {
  const bind = (name: string, class_name: string) => ({ name, class_name });

  it('follows renames and deletions through the migrations', () => {
    const migrations = [
      { tag: 'v1', new_sqlite_classes: ['A', 'B'] },
      { tag: 'v2', renamed_classes: [{ from: 'A', to: 'C' }], deleted_classes: ['B'] },
    ];
    expect(durableObjectProblems([bind('X', 'C')], migrations, ['C', 'default'])).toEqual([]);
    expect(durableObjectProblems([bind('X', 'A')], migrations, ['A', 'C'])).toEqual([
      "binding X: class A is created by no migration (add it to a new [[migrations]] entry's new_sqlite_classes)",
    ]);
  });

  it('reports a class created twice, a repeated tag, and ignores bindings to another Worker', () => {
    const migrations = [
      { tag: 'v1', new_sqlite_classes: ['A'] },
      { tag: 'v1', new_classes: ['A'] },
    ];
    expect(
      durableObjectProblems([{ name: 'R', class_name: 'Remote', script_name: 'other' }], migrations, ['A']),
    ).toEqual(['migration tag "v1" is used twice', 'migration "v1" creates A again (an earlier migration created it)']);
  });
});
