// Every error class is exported from the entry point whose functions throw it: for each entry of package.json
// "exports", the source files it reaches through relative imports (static and `await import`) are read, every
// `new SomethingError(` of a class defined in src/ is collected, and the entry must export that very class (and its
// `is…` guard when errors.ts has one). Errors caught inside the package and never seen by a caller are listed below
// with the reason.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as errors from '../../src/errors.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Thrown and caught inside the package: no caller ever sees them. */
const INTERNAL: Readonly<Record<string, string>> = {
  SimApiError: 'the simulator router answers it as SuccessCode -1 (src/simulator/router.ts)',
  SoapRequestError: 'the simulator router answers it as a SOAP fault (src/simulator/router.ts)',
};
/** Reached by an entry's code but answered inside it (checked by the test at the end). */
const ANSWERED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'globalsign-kit/simulator': {
    XmlError: 'the simulator parses request XML only in its router, which answers a fault',
  },
};

const ENTRIES: Readonly<Record<string, string>> = {
  'globalsign-kit': 'src/index.ts',
  'globalsign-kit/crypto': 'src/crypto/index.ts',
  'globalsign-kit/workflows': 'src/workflows/index.ts',
  'globalsign-kit/simulator': 'src/simulator/index.ts',
  'globalsign-kit/simulator/node': 'src/simulator/node.ts',
};

// Runtime imports only: `import type` / `export type` bring no code that could throw.
const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?!type\b)[^'";]*?from\s*'(\.[^']+)'|\bimport\(\s*'(\.[^']+)'\s*\)/g;
const CONSTRUCT = /\bnew\s+([A-Z]\w*Error|EndpointFailure)\s*\(/g;
const CLASS = /\bexport\s+(?:abstract\s+)?class\s+(\w+)\s+extends\s+\w*Error\b/g;

/** The files an entry reaches through relative imports (comments stripped first). */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [resolve(ROOT, entry)];
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const text = source(file);
    for (const m of text.matchAll(IMPORT)) todo.push(resolve(dirname(file), (m[1] ?? m[2]) as string));
  }
  return seen;
}

const source = (file: string): string =>
  readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1');

/** Error classes declared in the files (name → file). */
function declared(files: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of files) for (const m of source(file).matchAll(CLASS)) out.set(m[1] as string, file);
  return out;
}

function thrown(files: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const file of files) for (const m of source(file).matchAll(CONSTRUCT)) out.add(m[1] as string);
  return out;
}

describe('error classes are exported where they are thrown', () => {
  for (const [spec, entry] of Object.entries(ENTRIES)) {
    it(`${spec} exports every error class its functions throw`, async () => {
      const files = reachable(entry);
      const classes = declared(files);
      const mod = (await import(join(ROOT, entry))) as Record<string, unknown>;
      const names = [...thrown(files)].filter(
        (n) => classes.has(n) && !(n in INTERNAL) && !(n in (ANSWERED[spec] ?? {})),
      );
      names.sort();
      const missing = names.filter((n) => typeof mod[n] !== 'function');
      expect(missing, `${spec} throws but does not export: ${missing.join(', ')}`).toEqual([]);
      for (const name of names) {
        const file = relative(ROOT, classes.get(name) as string);
        if (file === 'src/errors.ts') expect(mod[name], name).toBe((errors as Record<string, unknown>)[name]);
        const guard = `is${name}`;
        if (guard in errors)
          expect(mod[guard], `${spec} exports ${guard}`).toBe((errors as Record<string, unknown>)[guard]);
      }
    });
  }

  it('the scan sees what it must: the clients throw OrderOutcomeUnknownError, crypto CryptoError', () => {
    expect(thrown(reachable('src/index.ts'))).toContain('OrderOutcomeUnknownError');
    expect(thrown(reachable('src/crypto/index.ts'))).toContain('CryptoError');
    expect(thrown(reachable('src/workflows/index.ts'))).toContain('DomainNotVerifiedError');
    expect(declared(reachable('src/simulator/index.ts')).has('SimApiError')).toBe(true);
  });

  it('the simulator answers unreadable request XML with a SOAP fault instead of throwing XmlError', async () => {
    const { createSimulator } = await import('../../src/simulator/index.ts');
    const sim = await createSimulator();
    for (const body of ['<a>', '<!DOCTYPE x [<!ENTITY e "x">]><a>&e;</a>', 'not xml', '<soap:Envelope>']) {
      const res = await sim.fetch('http://127.0.0.1/cr/ws/GasOrderService', { method: 'POST', body });
      expect(res.status, body).toBe(500);
      expect(await res.text(), body).toContain('<faultcode>soap:Client</faultcode>');
    }
  });
});
