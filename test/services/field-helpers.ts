// Shared by the field-table tests: every operation of the four service tables, a client that runs BaseClient.call
// (the same path every typed method takes) with a fetch that counts, and requests synthesised from the field table.
import { BaseClient, type ClientOptions } from '../../src/clients/base.ts';
import { ACCOUNT_OPERATIONS } from '../../src/services/account.ts';
import { EPKI_OPERATIONS } from '../../src/services/epki.ts';
import { EPKI_REQUEST_SCHEMAS } from '../../src/services/epki-rules.ts';
import { EPKI_SAMPLES } from '../soap/epki-samples.ts';
import { FIELD_RULES, type FieldRule } from '../../src/services/fields.ts';
import { guideOf } from '../../src/services/fields-check.ts';
import { QUERY_OPERATIONS } from '../../src/services/query.ts';
import { MSSL_OPERATIONS } from '../../src/services/mssl.ts';
import type { FieldDef, FieldType, OperationDef } from '../../src/soap/schema.ts';

export const ALL_OPERATIONS: readonly OperationDef[] = [
  ...Object.values(MSSL_OPERATIONS),
  ...Object.values(QUERY_OPERATIONS),
  ...Object.values(ACCOUNT_OPERATIONS),
  ...Object.values(EPKI_OPERATIONS),
];

/** Calls operations through BaseClient.call (EPKI with its valibot rules, as EpkiClient does) and counts fetches. */
export class Probe extends BaseClient {
  fetches = 0;
  constructor(op: OperationDef, options: Partial<ClientOptions> = {}) {
    super(
      op.service,
      {
        username: 'user',
        password: 'Secret-Pass-123',
        fetch: async () => {
          this.fetches++;
          return new Response('not reached', { status: 500 });
        },
        retries: 0,
        ...options,
      },
      {},
    );
  }
  run(op: OperationDef, input: unknown): Promise<unknown> {
    return this.call(op, input, op.service.name === 'EPKI' ? EPKI_REQUEST_SCHEMAS[op.name] : undefined);
  }
}

export const PEM_CSR = '-----BEGIN CERTIFICATE REQUEST-----\nMIIBfakeCSR\n-----END CERTIFICATE REQUEST-----';

/** A value the field table accepts for one scalar element. */
export function goodScalar(type: string, rule: FieldRule | undefined): unknown {
  if (rule?.values) return rule.values[0];
  if (rule?.int) return String(rule.int[0]);
  switch (rule?.format ?? (type === 'boolean' ? 'boolean' : type === 'dateTime' ? 'date' : undefined)) {
    case 'date':
      return '2026-01-02T03:04:05.000Z';
    case 'boolean':
      return true;
    case 'csr':
      return PEM_CSR;
    case 'fqdn':
      return 'www.example.com';
    case 'email':
      return 'a@example.com';
    case 'country':
      return 'US';
  }
  if (type === 'int' || type === 'long') return 1;
  return 'x'.repeat(Math.max(1, rule?.min ?? 1));
}

/** A request with every element (optional ones too) set to a value the field table accepts. */
export function fullRequest(op: OperationDef): Record<string, unknown> {
  const rules = FIELD_RULES[guideOf(op)];
  const value = (name: string, type: FieldType): unknown => {
    if (typeof type === 'string') return goodScalar(type, rules[name]);
    if ('struct' in type) return fill(type.struct);
    return [value(type.item, type.of)];
  };
  const fill = (fields: readonly FieldDef[]): Record<string, unknown> =>
    Object.fromEntries(fields.map((f) => [f.name, f.repeated ? [value(f.name, f.type)] : value(f.name, f.type)]));
  return fill(op.request);
}

/** Dotted paths of a table's elements: required ones, and the objects a key can be added to. */
export function paths(op: OperationDef): { required: string[]; objects: string[]; leaves: Map<string, string> } {
  const required: string[] = [];
  const objects: string[] = [''];
  const leaves = new Map<string, string>(); // path -> element name
  const join = (p: string, k: string | number): string => (p ? `${p}.${k}` : String(k));
  const walkType = (name: string, type: FieldType, here: string): void => {
    if (typeof type === 'string') leaves.set(here, name);
    else if ('struct' in type) {
      objects.push(here);
      walk(type.struct, here);
    } else walkType(type.item, type.of, join(here, 0));
  };
  const walk = (fields: readonly FieldDef[], at: string): void => {
    for (const f of fields) {
      const here = join(at, f.name);
      if (!f.optional && !f.nil) required.push(here);
      walkType(f.name, f.type, f.repeated ? join(here, 0) : here);
    }
  };
  walk(op.request, '');
  return { required, objects, leaves };
}

/** A deep copy of `request` with `path` changed by `edit` (which gets the parent object and the last key). */
export function edited(
  request: Record<string, unknown>,
  path: string,
  edit: (parent: Record<string, unknown>, key: string) => void,
): Record<string, unknown> {
  const copy = structuredClone(request);
  const keys = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  edit(node, keys.at(-1)!);
  return copy;
}

/** A request the operation accepts: EPKI's valid sample (its rules are stricter than the table), else {@link fullRequest}. */
export function baseRequest(op: OperationDef): Record<string, unknown> {
  const sample = op.service.name === 'EPKI' ? EPKI_SAMPLES[op.name] : undefined;
  return sample ? structuredClone(sample) : fullRequest(op);
}

/** Whether `path` (dotted, array indices as numbers) exists in `request`. */
export function has(request: unknown, path: string): boolean {
  let node = request;
  for (const k of path.split('.')) {
    if (typeof node !== 'object' || node === null || !(k in node)) return false;
    node = (node as Record<string, unknown>)[k];
  }
  return node !== undefined;
}
