// Writes the golden request XML of every EPKI operation: `npx tsx test/soap/make-golden.ts`.
// Run once; review each file against ../shared/spec/EPKI-OPERATIONS.md; golden.test.ts then compares byte for byte.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EPKI_OPERATIONS } from '../../src/services/epki.ts';
import { EPKI_REQUEST_SCHEMAS } from '../../src/services/epki-rules.ts';
import { validate } from '../../src/services/validate.ts';
import { SECRET_ELEMENTS } from '../../src/services/common.ts';
import { buildRequest } from '../../src/soap/envelope.ts';
import { redactXml } from '../../src/soap/redact.ts';
import { CREDENTIALS, EPKI_SAMPLES } from './epki-samples.ts';

export const GOLDEN_DIR: string = join(import.meta.dirname, '..', 'fixtures', 'golden', 'epki');

/** The request XML of one operation from its sample, validated as the client does; the password is redacted. */
export function goldenXml(name: string): string {
  const op = EPKI_OPERATIONS[name as keyof typeof EPKI_OPERATIONS];
  const schema = EPKI_REQUEST_SCHEMAS[name];
  if (!schema) throw new Error(`no schema for ${name}`);
  return `${redactXml(buildRequest(op, CREDENTIALS, validate(schema, EPKI_SAMPLES[name])), SECRET_ELEMENTS)}\n`;
}

if (process.argv[1]?.endsWith('make-golden.ts')) {
  for (const name of Object.keys(EPKI_OPERATIONS)) writeFileSync(join(GOLDEN_DIR, `${name}.xml`), goldenXml(name));
  console.log(`wrote ${Object.keys(EPKI_OPERATIONS).length} files to ${GOLDEN_DIR}`);
}
