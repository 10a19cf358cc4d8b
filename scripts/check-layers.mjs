#!/usr/bin/env node
// The project's layering as a rule: reads every import of src/, workers/ and demo/ and reports each one that breaks
// a rule below, and every import circle (type-only imports included: a circle of types is a circle of concepts).
// `node scripts/check-layers.mjs` prints the breaches and exits 1 when there are any; test/layers.test.ts runs it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The floors of src/: which folders each may import from (itself always allowed). */
const SRC_FLOORS = {
  'src/errors.ts': [],
  'src/crypto': ['src/errors.ts'],
  'src/soap': ['src/errors.ts'],
  'src/services': ['src/errors.ts', 'src/soap'],
  'src/clients': ['src/errors.ts', 'src/soap', 'src/services', 'src/crypto'],
  'src/workflows': ['src/errors.ts', 'src/services', 'src/clients', 'src/crypto'],
  'src/simulator': ['src/errors.ts', 'src/soap', 'src/services', 'src/crypto'],
  'src/cli': ['src'],
  'src/index.ts': ['src'],
};

/** The package's public entry points: the only files of src/ that Workers and the page may import. */
const PUBLIC_ENTRIES = new Set([
  'src/index.ts',
  'src/crypto/index.ts',
  'src/workflows/index.ts',
  'src/simulator/index.ts',
]);
const PACKAGE_NAME = 'globalsign-kit';
const PACKAGE_SUBPATHS = new Map([
  [PACKAGE_NAME, 'src/index.ts'],
  [`${PACKAGE_NAME}/crypto`, 'src/crypto/index.ts'],
  [`${PACKAGE_NAME}/workflows`, 'src/workflows/index.ts'],
  [`${PACKAGE_NAME}/simulator`, 'src/simulator/index.ts'],
]);

/** Files of the core allowed to import `node:` modules. */
const NODE_ALLOWED = [/^src\/cli\//, /^src\/simulator\/node\.ts$/];

const IMPORT_RE =
  /(?:^|[;\n])\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function walk(dir) {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  const out = [];
  for (const name of readdirSync(abs)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const rel = `${dir}/${name}`;
    if (statSync(join(ROOT, rel)).isDirectory()) out.push(...walk(rel));
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** Every import of one file: `{ spec, typeOnly, target }`, target a repository-relative path or undefined. */
function importsOf(file) {
  const text = readFileSync(join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
  const found = [];
  for (const m of text.matchAll(IMPORT_RE)) {
    const spec = m[3] ?? m[4];
    const typeOnly = Boolean(m[2]);
    let target;
    if (spec.startsWith('.')) target = relative(ROOT, resolve(ROOT, dirname(file), spec)).replaceAll('\\', '/');
    else if (PACKAGE_SUBPATHS.has(spec)) target = PACKAGE_SUBPATHS.get(spec);
    found.push({ spec, typeOnly, target });
  }
  return found;
}

const under = (path, prefix) => path === prefix || path.startsWith(`${prefix}/`);

function floorOf(file) {
  const keys = Object.keys(SRC_FLOORS).filter((k) => under(file, k));
  return keys.sort((a, b) => b.length - a.length)[0];
}

function checkFile(file, imports, breaches) {
  const say = (spec, why) => breaches.push(`${file}: imports '${spec}': ${why}`);
  for (const { spec, target } of imports) {
    if (spec.startsWith('node:')) {
      if (under(file, 'src') && !NODE_ALLOWED.some((re) => re.test(file)))
        say(spec, 'node: modules only in src/cli and src/simulator/node.ts');
      if ((under(file, 'workers') && !/^workers\/[^/]+\/cli\//.test(file)) || under(file, 'demo'))
        say(spec, 'no node: modules in Workers or the page (Node tools live in workers/<name>/cli)');
      continue;
    }
    if (!target) continue;
    if (under(file, 'src')) {
      const floor = floorOf(file);
      if (!floor || !under(target, 'src')) continue;
      if (under(target, floor)) continue;
      if (!SRC_FLOORS[floor].some((allowed) => under(target, allowed)))
        say(spec, `${floor} may import only from ${SRC_FLOORS[floor].join(', ') || 'nothing else in src'}`);
    } else {
      const side = file.split('/').slice(0, 2).join('/'); // workers/<name> or demo/src
      if (under(target, 'src') && !PUBLIC_ENTRIES.has(target))
        say(
          spec,
          'Workers and the page use only the public entry points (globalsign-kit, /crypto, /workflows, /simulator)',
        );
      if (under(target, 'workers') && !under(target, 'workers/shared') && !under(target, side))
        say(spec, 'Workers do not import each other; shared pieces live in workers/shared');
    }
  }
}

/** Import circles over value imports, as lists of files. */
function circles(graph) {
  const found = [];
  const state = new Map();
  const stack = [];
  const visit = (node) => {
    state.set(node, 1);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 1) found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 2);
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

export function checkLayers() {
  const files = [...walk('src'), ...walk('workers'), ...walk('demo/src')];
  const breaches = [];
  const graph = new Map();
  for (const file of files) {
    const imports = importsOf(file);
    checkFile(file, imports, breaches);
    graph.set(
      file,
      imports.filter((i) => i.target).map((i) => i.target),
    );
  }
  for (const loop of circles(graph)) breaches.push(`import circle: ${loop.join(' → ')}`);
  return { files: files.length, breaches };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { files, breaches } = checkLayers();
  for (const b of breaches) console.log(b);
  console.log(`${files} files checked, ${breaches.length} breaches`);
  process.exit(breaches.length > 0 ? 1 : 0);
}
