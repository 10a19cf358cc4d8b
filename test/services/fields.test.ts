// The field table (src/services/fields.ts): every request element of every operation is covered, every rule is
// enforced before anything is sent (one generated case per constraint), and the cases of issue 13 are refused.
import { describe, expect, it } from 'vitest';
import { MsslClient } from '../../src/clients/mssl.ts';
import { QueryClient } from '../../src/clients/query.ts';
import { isValidationError, type ValidationError } from '../../src/errors.ts';
import { FIELD_RULES, type FieldRule, type Guide, UNCONSTRAINED } from '../../src/services/fields.ts';
import { fieldIssues, guideOf } from '../../src/services/fields-check.ts';
import { QUERY_OPERATIONS } from '../../src/services/query.ts';
import { MSSL_OPERATIONS } from '../../src/services/mssl.ts';
import type { OperationDef } from '../../src/soap/schema.ts';
import { ALL_OPERATIONS, baseRequest, edited, fullRequest, has, paths, Probe } from './field-helpers.ts';

const oneOf = (values: readonly string[]): string =>
  values.length === 1 ? `must be ${values[0]}` : `must be ${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;

const BAD_FORMAT: Readonly<Record<string, readonly [string, string]>> = {
  csr: ['garbage', 'must be a PEM or base64 certificate signing request'],
  fqdn: ['not a domain!', 'must be a fully qualified domain name'],
  email: ['not-an-email', 'must be an email address'],
  country: ['1A', 'must be a two-letter country code'],
  date: ['yesterday', 'must be a date as YYYY-MM-DDTHH:MM:SS.000Z'],
  boolean: ['maybe', 'must be true or false'],
};

/** One bad value per constraint of a rule, with the message it must give. */
function badValues(rule: FieldRule): [string, unknown, string][] {
  const out: [string, unknown, string][] = [];
  if (rule.int) {
    out.push(['not an integer', 'abc', 'must be an integer']);
    out.push(['above range', String(rule.int[1] + 1), `must be between ${rule.int[0]} and ${rule.int[1]}`]);
    return out;
  }
  if (rule.format === 'boolean' || rule.format === 'date') return [['format', ...BAD_FORMAT[rule.format]!]];
  const min = rule.min ?? 1;
  out.push(['empty', '', min <= 1 ? 'must not be empty' : `must be at least ${min} characters`]);
  if (rule.max !== undefined)
    out.push(['too long', 'x'.repeat(rule.max + 1), `must be at most ${rule.max} characters`]);
  if (rule.values) out.push(['not allowed', 'Z'.repeat(Math.max(min, 1)), oneOf(rule.values)]);
  if (rule.format) out.push(['format', ...BAD_FORMAT[rule.format]!]);
  return out;
}

/** The first operation and path where an element of `guide` named `name` is sent (EPKI: in a valid sample). */
function whereSent(guide: Guide, name: string): [OperationDef, string] | undefined {
  for (const op of ALL_OPERATIONS) {
    if (guideOf(op) !== guide) continue;
    for (const [path, leaf] of paths(op).leaves) if (leaf === name && has(baseRequest(op), path)) return [op, path];
  }
  return undefined;
}

const cases = (Object.keys(FIELD_RULES) as Guide[]).flatMap((guide) =>
  Object.entries(FIELD_RULES[guide]).flatMap(([name, rule]) => {
    const at = whereSent(guide, name);
    return at
      ? badValues(rule).map(([what, value, message]) => [`${guide} ${name} ${what}`, at, value, message] as const)
      : [];
  }),
);

describe('every rule of the table, one case per constraint, refused before fetch', () => {
  it('there is a case for every rule that some request sends', () => {
    expect(cases.length).toBeGreaterThan(150);
  });

  it.each(cases)('%s', async (_, [op, path], value, message) => {
    const request = edited(baseRequest(op), path, (parent, key) => {
      parent[key] = value;
    });
    expect(fieldIssues(op, request)).toContainEqual({ path, message });
    const probe = new Probe(op);
    const e = (await probe.run(op, request).catch((x: unknown) => x)) as ValidationError;
    expect(isValidationError(e), String(e)).toBe(true);
    expect(e.issues.map((i) => i.path)).toContain(path);
    expect(probe.fetches).toBe(0);
  });
});

describe('the requests issue 13 saw go over the wire are refused locally', () => {
  let fetches = 0;
  const options = {
    username: 'u',
    password: 'p',
    retries: 0,
    fetch: async (): Promise<Response> => {
      fetches++;
      return new Response('', { status: 500 });
    },
  };
  const mssl = new MsslClient(options);
  const query = new QueryClient(options);
  const long = 'C'.repeat(200);
  const base = (op: OperationDef, over: Record<string, unknown>) => ({ ...fullRequest(op), ...over }) as never;
  const M = MSSL_OPERATIONS;
  const G = QUERY_OPERATIONS;

  it.each([
    [
      'GetOrderByOrderID OrderID 200',
      () => query.getOrderByOrderId(base(G.GetOrderByOrderID, { OrderID: long })),
      'OrderID',
      'must be at most 50 characters',
    ],
    [
      'GetOrderByOrderID OrderID empty',
      () => query.getOrderByOrderId(base(G.GetOrderByOrderID, { OrderID: '' })),
      'OrderID',
      'must not be empty',
    ],
    [
      'ModifyMSSLOrder OrderID 200',
      () => mssl.modifyMsslOrder(base(M.ModifyMSSLOrder, { OrderID: long, ModifyOrderOperation: 'APPROVE' })),
      'OrderID',
      'must be at most 50 characters',
    ],
    [
      'ChangeSubjectAltName OrderID 200',
      () => mssl.changeSubjectAltName(base(M.ChangeSubjectAltName, { OrderID: long })),
      'OrderID',
      'must be at most 50 characters',
    ],
    [
      'ToggleRenewalNotice maybe',
      () => query.toggleRenewalNotice(base(G.ToggleRenewalNotice, { RenewalNotice: 'maybe' })),
      'RenewalNotice',
      'must be true or false',
    ],
    [
      'ReIssue MD5',
      () => query.reIssue(base(G.ReIssue, { HashAlgorithm: 'MD5' })),
      'HashAlgorithm',
      'must be SHA1, SHA256 or SHA256ECDSA',
    ],
    [
      'ModifyMSSLDomain EXPLODE',
      () => mssl.modifyMsslDomain(base(M.ModifyMSSLDomain, { ModifyDomainOperation: 'EXPLODE' })),
      'ModifyDomainOperation',
      'must be CANCEL or DELETE',
    ],
    [
      'DecodeCSR garbage',
      () => query.decodeCsr(base(G.DecodeCSR, { CSR: 'garbage' })),
      'CSR',
      'must be a PEM or base64 certificate signing request',
    ],
    [
      'GetDomainApproverList not a domain',
      () => mssl.getDomainApproverList(base(M.GetDomainApproverList, { FQDN: 'not a domain!' })),
      'FQDN',
      'must be a fully qualified domain name',
    ],
  ] as const)('%s', async (_, call, field, message) => {
    const before = fetches;
    const e = (await (call as () => Promise<unknown>)().catch((x: unknown) => x)) as ValidationError;
    expect(isValidationError(e), String(e)).toBe(true);
    expect(e.issues).toContainEqual({ path: field, message });
    expect(e.message).toContain(field);
    expect(fetches).toBe(before);
  });
});

describe('coverage of the field table', () => {
  it.each(ALL_OPERATIONS.map((op) => [`${op.service.name} ${op.name}`, op] as const))(
    '%s: every request element has a rule or a stated reason',
    (_, op) => {
      const guide = guideOf(op);
      for (const name of new Set(paths(op).leaves.values())) {
        expect(FIELD_RULES[guide][name] ?? UNCONSTRAINED[guide][name], `${guide} ${name}`).toBeDefined();
      }
    },
  );

  it('a request with every element set to an accepted value passes the table (so the cases below are fair)', () => {
    for (const op of ALL_OPERATIONS) expect(fieldIssues(op, fullRequest(op)), op.name).toEqual([]);
  });

  it('all 12 Query operations and every MSSL operation are checked: a bad value in one of their fields is refused', () => {
    const ops = [...Object.values(QUERY_OPERATIONS), ...Object.values(MSSL_OPERATIONS)];
    expect(Object.keys(QUERY_OPERATIONS)).toHaveLength(12);
    for (const op of ops) {
      const rules = FIELD_RULES[guideOf(op)];
      const [path, name] = [...paths(op).leaves].find(([, leaf]) => rules[leaf] !== undefined) ?? [];
      expect(path, `${op.name} has a field with a rule`).toBeDefined();
      const [, value, message] = badValues(rules[name!]!)[0]!;
      const request = edited(fullRequest(op), path!, (parent, key) => {
        parent[key] = value;
      });
      expect(fieldIssues(op, request), op.name).toContainEqual({ path, message });
    }
  });
});
