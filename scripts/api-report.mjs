#!/usr/bin/env node
// API reports: for every entry point of package.json "exports" (., ./crypto, ./workflows, ./simulator,
// ./simulator/node), api/<entry>.api.md lists each public name with its kind and signature, read from the sources
// with the TypeScript compiler API. A change of the public surface is then always a visible, deliberate diff.
//   node scripts/api-report.mjs           writes api/*.api.md
//   node scripts/api-report.mjs --check   compares them with the committed files; exit 1 and a diff summary if not
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FLAGS = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.WriteArrowStyleSignature;

/** package.json "exports" → [report name, entry specifier, source file]. */
export function entries() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return Object.entries(pkg.exports).map(([spec, target]) => {
    const types = typeof target === 'string' ? target : target.types;
    const source = types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts');
    const name = spec === '.' ? 'index' : spec.slice(2).replaceAll('/', '-');
    return { name, spec: spec === '.' ? pkg.name : `${pkg.name}${spec.slice(1)}`, source };
  });
}

function kindOf(symbol) {
  const f = symbol.flags;
  const S = ts.SymbolFlags;
  if (f & S.Class) return 'class';
  if (f & S.Interface) return 'interface';
  if (f & S.TypeAlias) return 'type';
  if (f & S.Function) return 'function';
  if (f & S.Enum) return 'enum';
  if (f & S.Variable) return 'const';
  if (f & (S.ValueModule | S.NamespaceModule)) return 'namespace';
  return 'other';
}

const clean = (text) => text.replaceAll(`${ROOT}/`, '').replace(/import\("([^"]+)"\)\./g, (_, p) => `import("${p}").`);

function members(checker, type, decl) {
  const out = [];
  for (const p of checker.getPropertiesOfType(type)) {
    const d = p.valueDeclaration ?? p.declarations?.[0];
    // Members inherited from the platform (Error's stack, Node's captureStackTrace) depend on the installed type
    // definitions, not on our surface.
    if (d && /node_modules|[\\/]lib\.[^\\/]*\.d\.ts$/.test(d.getSourceFile().fileName)) continue;
    const mods = d ? ts.getCombinedModifierFlags(d) : 0;
    if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected) || p.name.startsWith('#')) continue;
    const readonly = mods & ts.ModifierFlags.Readonly ? 'readonly ' : '';
    const optional = p.flags & ts.SymbolFlags.Optional ? '?' : '';
    // Well-known symbols carry a checker-specific id (`__@asyncIterator@4099`): print them as written.
    const key = p.name.replace(/^__@(\w+)@\d+$/, '[Symbol.$1]');
    out.push(
      `  ${readonly}${key}${optional}: ${checker.typeToString(checker.getTypeOfSymbolAtLocation(p, decl), decl, FLAGS)};`,
    );
  }
  return out;
}

function signature(checker, name, symbol) {
  const decl = symbol.declarations?.[0];
  if (!decl) return `${name}`;
  const kind = kindOf(symbol);
  if (kind === 'function') {
    const type = checker.getTypeOfSymbolAtLocation(symbol, decl);
    return type
      .getCallSignatures()
      .map(
        (s) =>
          `function ${name}${checker.signatureToString(s, decl, FLAGS & ~ts.TypeFormatFlags.WriteArrowStyleSignature)};`,
      )
      .join('\n');
  }
  if (kind === 'const')
    return `const ${name}: ${checker.typeToString(checker.getTypeOfSymbolAtLocation(symbol, decl), decl, FLAGS)};`;
  if (kind === 'type')
    return `type ${name} = ${checker.typeToString(checker.getDeclaredTypeOfSymbol(symbol), decl, FLAGS | ts.TypeFormatFlags.InTypeAlias)};`;
  if (kind === 'interface')
    return [`interface ${name} {`, ...members(checker, checker.getDeclaredTypeOfSymbol(symbol), decl), '}'].join('\n');
  if (kind === 'class') {
    const statics = checker.getTypeOfSymbolAtLocation(symbol, decl);
    const ctors = statics
      .getConstructSignatures()
      .map(
        (s) =>
          `  constructor${checker.signatureToString(s, decl, FLAGS & ~ts.TypeFormatFlags.WriteArrowStyleSignature).replace(/:\s[^:]+$/, '')};`,
      );
    const staticMembers = members(checker, statics, decl)
      .filter((m) => !m.includes(' prototype:'))
      .map((m) => `  static${m.slice(1)}`);
    const instance = members(checker, checker.getDeclaredTypeOfSymbol(symbol), decl);
    return [`class ${name} {`, ...ctors, ...staticMembers, ...instance, '}'].join('\n');
  }
  if (kind === 'namespace') {
    const names = checker
      .getExportsOfModule(symbol)
      .map((s) => s.name)
      .sort();
    return `namespace ${name} { ${names.join(', ')} }`;
  }
  return `${name}`;
}

/** The report of one entry point, as Markdown. */
function report(program, checker, entry) {
  const file = program.getSourceFile(join(ROOT, entry.source));
  if (!file) throw new Error(`${entry.source} (entry ${entry.spec}) is not part of the program`);
  const moduleSymbol = checker.getSymbolAtLocation(file);
  const exported = moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : [];
  const rows = exported
    .map((s) => {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      return { name: s.name, kind: kindOf(target), text: clean(signature(checker, s.name, target)) };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lines = [
    `# API report: \`${entry.spec}\``,
    '',
    `<!-- Generated from ${entry.source} by scripts/api-report.mjs: do not edit. Regenerate with \`node scripts/api-report.mjs\`. -->`,
    '',
    `${rows.length} public names.`,
    '',
    '| Name | Kind |',
    '| --- | --- |',
    ...rows.map((r) => `| \`${r.name}\` | ${r.kind} |`),
    '',
  ];
  for (const r of rows) lines.push(`## ${r.name}`, '', '```ts', r.text, '```', '');
  return lines.join('\n');
}

/** Lines only in the committed report (-) or only in the fresh one (+), at most 30. */
function changes(old, fresh) {
  const a = new Set(old.split('\n'));
  const b = new Set(fresh.split('\n'));
  const out = [
    ...[...a].filter((l) => !b.has(l)).map((l) => `  - ${l}`),
    ...[...b].filter((l) => !a.has(l)).map((l) => `  + ${l}`),
  ];
  return out.slice(0, 30).join('\n') + (out.length > 30 ? `\n  … ${out.length - 30} more` : '');
}

/** Every report, by file name under api/. */
export function reports() {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  const list = entries();
  const program = ts.createProgram(
    list.map((e) => join(ROOT, e.source)),
    config.options,
  );
  const checker = program.getTypeChecker();
  return Object.fromEntries(list.map((e) => [`${e.name}.api.md`, report(program, checker, e)]));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const dir = join(ROOT, 'api');
  const stale = [];
  for (const [file, text] of Object.entries(reports())) {
    const path = join(dir, file);
    const old = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (old === text) continue;
    if (check) stale.push(`api/${file}\n${changes(old ?? '', text)}`);
    else {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path, text);
      console.log(`wrote api/${file}`);
    }
  }
  if (stale.length) {
    console.error(`The public API changed:\n${stale.join('\n')}`);
    console.error('If the change is deliberate, run `node scripts/api-report.mjs` and commit api/.');
    process.exit(1);
  }
}
