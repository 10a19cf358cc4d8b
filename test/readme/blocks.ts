// The TypeScript blocks of the READMEs, ready to type-check and run: extracted with their line numbers, the package's
// specifiers ('globalsign-kit/crypto'…) pointed at the sources, and an import of the prelude for the names a block
// uses without declaring them. A block with the line `// README: type-check only` is type-checked, never run.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export const ROOT = join(import.meta.dirname, '../..');
export const PRELUDE = join(import.meta.dirname, 'prelude.ts');
export const TYPE_CHECK_ONLY = '// README: type-check only';

/** One fenced TypeScript block. */
export interface Block {
  /** `README.md:48` (the line of the opening fence). */
  readonly name: string;
  readonly file: string;
  /** Line of the block's first code line in its markdown file (1-based). */
  readonly line: number;
  readonly code: string;
  readonly run: boolean;
}

/**
 * Every ```ts / ```typescript block of a markdown file (read now, or the text given).
 *
 * @example `extract('README.md')`
 */
export function extract(file: string, text: string = readFileSync(join(ROOT, file), 'utf8')): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(```+)\s*(ts|typescript)\b/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l.trim() === open[2]);
    if (end < 0) throw new Error(`${file}:${i + 1}: unclosed code block`);
    const code = lines.slice(i + 1, end).join('\n');
    blocks.push({ name: `${file}:${i + 1}`, file, line: i + 2, code, run: !code.includes(TYPE_CHECK_ONLY) });
    i = end;
  }
  return blocks;
}

/** The package's entry points (package.json "exports") mapped to their sources. */
function entryPoints(): Map<string, string> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, { default: string }>;
  };
  return new Map(
    Object.entries(pkg.exports).map(([k, v]) => [
      `${pkg.name}${k.slice(1)}`,
      join(ROOT, v.default.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts')),
    ]),
  );
}

/** Names a block declares at its top level (imports, variables, functions, classes, types). */
export function declaredNames(code: string): Set<string> {
  const sf = ts.createSourceFile('block.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const names = new Set<string>();
  const bind = (n: ts.BindingName): void => {
    if (ts.isIdentifier(n)) names.add(n.text);
    else for (const e of n.elements) if (!ts.isOmittedExpression(e)) bind(e.name);
  };
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && s.importClause) {
      const c = s.importClause;
      if (c.name) names.add(c.name.text);
      const b = c.namedBindings;
      if (b && ts.isNamespaceImport(b)) names.add(b.name.text);
      if (b && ts.isNamedImports(b)) for (const e of b.elements) names.add(e.name.text);
    } else if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) bind(d.name);
    } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isInterfaceDeclaration(s)) && s.name) {
      names.add(s.name.text);
    } else if (ts.isTypeAliasDeclaration(s) || ts.isEnumDeclaration(s)) names.add(s.name.text);
  }
  return names;
}

/**
 * Writes each block as a module in `dir`: the prelude's names it does not declare imported first (one line, so a
 * module line N is README line `block.line + N - 2`), the package specifiers pointed at the sources.
 *
 * @example `const files = writeModules(blocks, preludeNames, dir)`
 */
export function writeModules(blocks: readonly Block[], preludeNames: readonly string[], dir: string): string[] {
  const entries = entryPoints();
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n'); // ES modules, as users' files would be
  return blocks.map((b, i) => {
    const own = declaredNames(b.code);
    const free = preludeNames.filter((n) => !own.has(n));
    const code = b.code.replace(
      /(from\s+|import\s*\(\s*)(['"])(globalsign-kit(?:\/[\w/]+)?)\2/g,
      (_m, pre, q, spec) => {
        const target = entries.get(spec);
        if (!target) throw new Error(`${b.name}: ${spec} is not an entry point of the package`);
        return `${pre}${q}${target}${q}`;
      },
    );
    const head = free.length ? `import { ${free.join(', ')} } from '${PRELUDE}';` : '';
    const file = join(dir, `block-${i}.ts`);
    writeFileSync(file, `${head}\n${code}\nexport {};\n`);
    return file;
  });
}

/**
 * Type-checks the modules with the repository's strict settings (unused names allowed: snippets show values);
 * returns one line per diagnostic, located in its README.
 *
 * @example `expect(typeCheck(blocks, files)).toEqual([])`
 */
export function typeCheck(blocks: readonly Block[], files: readonly string[]): string[] {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const options = {
    ...parsed.options,
    noUnusedLocals: false,
    noUnusedParameters: false,
    rewriteRelativeImportExtensions: false, // the blocks' imports were pointed at absolute source paths
    noEmit: true,
  };
  const program = ts.createProgram({ rootNames: [...files], options });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const index = d.file ? files.indexOf(d.file.fileName) : -1;
    const b = blocks[index];
    const where = b && at ? `${b.file}:${b.line + at.line - 1}` : d.file ? relative(ROOT, d.file.fileName) : '';
    return `${where}: TS${d.code} ${text}`;
  });
}
