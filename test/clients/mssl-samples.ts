// Sample requests for every MSSL, Query and Account operation, filled from the service tables: every required field
// (and every optional scalar at the top level) gets a value of its type, so a golden file shows names and order.
import { ACCOUNT_OPERATIONS } from '../../src/services/account.ts';
import { QUERY_OPERATIONS } from '../../src/services/query.ts';
import { MSSL_OPERATIONS } from '../../src/services/mssl.ts';
import type { FieldDef, FieldType, OperationDef } from '../../src/soap/schema.ts';
import { SECRET_ELEMENTS } from '../../src/services/common.ts';
import { buildRequest } from '../../src/soap/envelope.ts';
import { redactXml } from '../../src/soap/redact.ts';

export const SERVICES: Record<string, Record<string, OperationDef>> = {
  mssl: MSSL_OPERATIONS as unknown as Record<string, OperationDef>,
  gas: QUERY_OPERATIONS as unknown as Record<string, OperationDef>,
  account: ACCOUNT_OPERATIONS as unknown as Record<string, OperationDef>,
};

function sampleOf(type: FieldType, name: string): unknown {
  if (type === 'int' || type === 'long') return 1;
  if (type === 'boolean') return true;
  if (type === 'dateTime') return '2026-01-02T03:04:05.000Z';
  if (typeof type === 'string') return /Date/.test(name) ? '2026-01-02T03:04:05.000Z' : `${name}-1`;
  if ('struct' in type) return fill(type.struct, false);
  return [sampleOf(type.of, type.item)];
}

/** Required fields everywhere; optional scalars too at the top level (`withOptional`). */
export function fill(fields: readonly FieldDef[], withOptional: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.optional && !(withOptional && typeof f.type === 'string')) continue;
    const v = sampleOf(f.type, f.name);
    out[f.name] = f.repeated ? [v] : v;
  }
  return out;
}

/** The request XML of an operation's sample, as sent. */
export const requestXml = (op: OperationDef): string =>
  buildRequest(op, { username: 'user-1', password: 'secret-pw' }, fill(op.request, true));

/** The golden request XML of an operation (passwords, PINs redacted). */
export function goldenXml(op: OperationDef): string {
  return `${redactXml(requestXml(op), SECRET_ELEMENTS)}\n`;
}

if (process.argv[1]?.endsWith('mssl-samples.ts')) {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  for (const [svc, ops] of Object.entries(SERVICES)) {
    const dir = join(import.meta.dirname, '..', 'fixtures', 'golden', svc);
    mkdirSync(dir, { recursive: true });
    for (const op of Object.values(ops)) writeFileSync(join(dir, `${op.name}.xml`), goldenXml(op));
  }
  console.log('wrote golden files for mssl, gas, account');
}
