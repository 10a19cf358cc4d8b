// The XML Schemas inside GlobalSign's WSDLs (../shared/spec/wsdl), written out as .xsd files that import each other,
// and a batch validator over xmllint (one process per schema for many documents).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `../shared/spec` seen from the repository root (or GSK_SPEC_DIR); under CI=true a missing folder is an error. */
export function specDir(): string | undefined {
  const dir = process.env.GSK_SPEC_DIR ?? resolve(import.meta.dirname, '../../../shared/spec');
  if (existsSync(join(dir, 'wsdl'))) return dir;
  if (process.env.CI === 'true')
    throw new Error(`${dir}/wsdl is missing: CI must check out ../shared next to the repo`);
  return undefined;
}

/** One WSDL's schemas written to `dir`: the file of each target namespace. */
export interface ExtractedSchemas {
  readonly byNamespace: ReadonlyMap<string, string>;
}

const SCHEMA = /<xs:schema\b([^>]*)>([\s\S]*?)<\/xs:schema>/g;
const XMLNS = /\sxmlns:(\w+)="([^"]*)"/g;

/**
 * Writes the `xs:schema` elements of a WSDL as files in `dir`: each gets the namespace prefixes declared on
 * `wsdl:definitions` that it does not redeclare, and `schemaLocation`s on its `xs:import`s pointing at the sibling
 * files, so xmllint can load any one of them with everything it references.
 */
export function extractSchemas(wsdlPath: string, dir: string): ExtractedSchemas {
  mkdirSync(dir, { recursive: true });
  const wsdl = readFileSync(wsdlPath, 'utf8');
  const definitions = /<wsdl:definitions\b([^>]*)>/.exec(wsdl)?.[1] ?? '';
  const inherited = [...definitions.matchAll(XMLNS)].map((m) => [m[1]!, m[2]!] as const);
  const schemas = [...wsdl.matchAll(SCHEMA)].map((m) => ({ attrs: m[1]!, body: m[2]! }));
  const byNamespace = new Map<string, string>();
  const stem = wsdlPath.replace(/^.*\//, '').replace(/\.wsdl$/, '');
  schemas.forEach((s, i) => {
    const ns = /targetNamespace="([^"]*)"/.exec(s.attrs)?.[1] ?? '';
    byNamespace.set(ns, join(dir, `${stem}-${i}.xsd`));
  });
  for (const s of schemas) {
    const ns = /targetNamespace="([^"]*)"/.exec(s.attrs)?.[1] ?? '';
    const own = new Set([...s.attrs.matchAll(XMLNS)].map((m) => m[1]));
    const extra = inherited
      .filter(([p]) => !own.has(p))
      .map(([p, uri]) => ` xmlns:${p}="${uri}"`)
      .join('');
    const body = s.body.replace(/<xs:import namespace="([^"]*)"\s*\/>/g, (whole, imported: string) => {
      const file = byNamespace.get(imported);
      return file ? `<xs:import namespace="${imported}" schemaLocation="${file}"/>` : whole;
    });
    const text = `<?xml version="1.0" encoding="UTF-8"?>\n<xs:schema${s.attrs}${extra}>${body}</xs:schema>\n`;
    writeFileSync(byNamespace.get(ns)!, text);
  }
  return { byNamespace };
}

/** One document's verdict: `errors` empty when it validates. */
export interface Verdict {
  readonly file: string;
  readonly errors: string[];
}

/**
 * Validates many files against one schema with a single xmllint process (files in batches of 200 to bound the
 * command line).
 */
export async function validateAll(schema: string, files: readonly string[]): Promise<Verdict[]> {
  const out: Verdict[] = [];
  for (let i = 0; i < files.length; i += 200) {
    const batch = files.slice(i, i + 200);
    const { stderr } = await run('xmllint', ['--noout', '--schema', schema, ...batch], {
      maxBuffer: 64 * 1024 * 1024,
    }).catch((e: { stderr?: string; code?: number }) => {
      if (typeof e.stderr !== 'string') throw e;
      return { stderr: e.stderr };
    });
    const lines = stderr.split('\n');
    for (const file of batch) {
      const errors = lines.filter((l) => l.startsWith(`${file}:`) && !l.endsWith(' validates'));
      const verdict = lines.find((l) => l === `${file} validates` || l === `${file} fails to validate`);
      if (!verdict) errors.push(`${file}: xmllint said nothing about this file`);
      out.push({ file, errors });
    }
  }
  return out;
}
