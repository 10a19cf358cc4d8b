// The simulator's module graph (issue 11 item 7): no import cycle, no `node:` module outside the Node listener, and
// no module-level mutable state registered from outside (the package declares sideEffects: false).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = resolve(import.meta.dirname, '../../src/simulator');
const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));
const source = (f: string): string => readFileSync(join(DIR, f), 'utf8');

/** Relative imports of a file inside the folder (static `import`/`export … from`, type-only ones included). */
function localImports(f: string): string[] {
  return [...source(f).matchAll(/^(?:import|export)\s[^;]*?from\s+'\.\/([\w.-]+\.ts)'/gms)].map((m) => m[1]!);
}

/** Every cycle found by a depth-first walk, as `a.ts -> b.ts -> a.ts`. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const out: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    stack.push(f);
    for (const d of graph.get(f) ?? []) {
      if (state.get(d) === 'open') out.push([...stack.slice(stack.indexOf(d)), d].join(' -> '));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  return out;
}

/** A top-level `const`/`let` holding an empty array, Map or Set: state shared by every simulator in the process. */
const REGISTRY = /^(?:export\s+)?(?:const|let)\s+\w+\s*(?::.+?)?=\s*(?:\[\]|new (?:Map|Set)(?:<.*>)?\()/m;

describe('simulator module graph', () => {
  const graph = new Map(files.map((f) => [f, localImports(f)]));

  it('has no import cycle', () => {
    expect([...graph.values()].flat().length).toBeGreaterThan(50); // the walk sees the imports
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a cycle when there is one (the check can fail)', () => {
    const looped = new Map(graph);
    looped.set('store.ts', [...(graph.get('store.ts') ?? []), 'context.ts']);
    expect(cycles(looped).join('\n')).toMatch(/(store|context)\.ts -> .*(store|context)\.ts/);
  });

  it('imports node: modules only in the Node listener', () => {
    const offenders = files.filter((f) => f !== 'node.ts' && /from\s+'node:/.test(source(f)));
    expect(offenders).toEqual([]);
  });

  it('the registry check catches the registry index.ts used to have', () => {
    const old = 'const extraServices: ((ctx: { state: SimState }) => RoutedService)[] = [];';
    expect(REGISTRY.test(old)).toBe(true);
  });

  it('keeps no module-level registry (no top-level mutable arrays or maps pushed to from outside)', () => {
    const offenders = files.filter((f) => REGISTRY.test(source(f)));
    expect(offenders).toEqual([]);
  });
});
