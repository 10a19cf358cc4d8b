#!/usr/bin/env node
// Generates src/services/mssl.ts, src/services/query.ts and src/clients/{mssl,query}-types.ts from GlobalSign's 2021
// WSDL digests (../shared/spec/wsdl/{mssl,gas}-types.txt, `../shared` resolved from the repository root, or
// GSK_SPEC_DIR), applying the corrections of ../shared/spec/WIRE-NOTES.md listed in the overrides below. The output
// is committed and never edited by hand: test/services/generated-tables.test.ts reruns this script and diffs.
//   node scripts/gen-service-tables.mjs [--out dir]   (default: the repository; --out writes the same paths there)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const outAt = process.argv.indexOf('--out');
const OUT = outAt > 0 ? process.argv[outAt + 1] : ROOT;
const specDir = process.env.GSK_SPEC_DIR ?? join(ROOT, '../shared/spec/wsdl');
if (!existsSync(specDir)) {
  console.error(
    `gen-service-tables: ${specDir} is missing (../shared must sit beside the repository, or set GSK_SPEC_DIR)`,
  );
  process.exit(1);
}
/** Writes `rel` (a path inside the repository) under OUT. */
function emit(rel, text) {
  const path = join(OUT, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** Parses a digest into sections of types. */
function parseDigest(text) {
  const sections = [];
  let section;
  let type;
  for (const line of text.split('\n')) {
    const sec = /^## schema tns=(\S+)/.exec(line);
    if (sec) {
      section = { tns: sec[1], types: new Map() };
      sections.push(section);
    }
    const t = /^type (\S+)/.exec(line);
    if (t) {
      type = { name: t[1], fields: [], extension: undefined };
      section.types.set(t[1], type);
    }
    const ext = /^\s+extension (\S+)/.exec(line);
    if (ext && type) type.extension = ext[1];
    const f = /^\s+(\w+):(\S+)(?: min=(\d+))?(?: max=(\w+))?\s*$/.exec(line);
    if (f && type) type.fields.push({ name: f[1], ref: f[2], optional: f[3] === '0', repeated: f[4] === 'unbounded' });
  }
  return sections;
}

const typesOut = new Map();
const SCALARS = {
  'xs:string': 'string',
  'xs:int': 'int',
  'xs:long': 'long',
  'xs:boolean': 'boolean',
  'xs:dateTime': 'dateTime',
};

function makeResolver(sections) {
  const find = (ref, from) => {
    const [prefix, name] = ref.split(':');
    const same = from.types.get(name);
    if (prefix === 'tns' && same) return [same, from];
    for (const s of sections) if (s !== from && s.types.has(name)) return [s.types.get(name), s];
    if (same) return [same, from];
    throw new Error(`unresolved ${ref}`);
  };
  /** All fields of a type, base fields first. */
  const fieldsOf = (type, sec) => {
    if (!type.extension) return type.fields.map((f) => ({ ...f, sec }));
    const [base, bsec] = find(type.extension, sec);
    return [...fieldsOf(base, bsec), ...type.fields.map((f) => ({ ...f, sec }))];
  };
  return { find, fieldsOf };
}

/** Emits TS for the tables of one digest. */
function generate({
  digest,
  constPrefix,
  serviceConst,
  serviceName,
  path,
  namespace,
  queryOps,
  deprecated,
  overrides,
  extraOps = '',
}) {
  const sections = parseDigest(readFileSync(join(specDir, digest), 'utf8'));
  const { find, fieldsOf } = makeResolver(sections);
  const consts = new Map(); // type name -> const name, in dependency order
  const body = [];
  const ifaces = []; // TypeScript interfaces mirroring the tables (for the typed clients)
  const ifaceOf = new Map(); // const name -> TS type
  const prefix = constPrefix === 'MSSL' ? 'Mssl' : 'Query';
  const TS = { string: 'string', int: 'number', long: 'string', boolean: 'boolean', dateTime: 'string' };
  const tsOf = (f) => {
    let t;
    if (SCALARS[f.ref]) t = TS[SCALARS[f.ref]];
    else {
      const [type, sec] = find(f.ref, f.sec);
      t = ifaceOf.get(constFor(type, sec));
    }
    return f.repeated ? `${t.includes('|') ? `(${t})` : t}[]` : t;
  };
  const member = (f, context) => {
    const o = overrides[`${context}.${f.name}`] ?? {};
    return `  readonly ${f.name}${(o.optional ?? f.optional) ? '?' : ''}: ${tsOf(f)};`;
  };
  const iface = (name, fields, context) =>
    fields.length === 0
      ? `/** \`${name.replace(prefix, '')}\` (no children besides the header). */\nexport type ${name} = Record<string, never>;`
      : `/** \`${name.replace(prefix, '')}\` (wire names). */\nexport interface ${name} {\n${fields.map((f) => member(f, context)).join('\n')}\n}`;
  const typeExpr = (f) => {
    if (SCALARS[f.ref]) return SCALARS[f.ref] === 'string' ? undefined : `'${SCALARS[f.ref]}'`;
    const [type, sec] = find(f.ref, f.sec);
    return constFor(type, sec);
  };
  const fieldExpr = (f, context) => {
    const o = overrides[`${context}.${f.name}`] ?? {};
    const optional = o.optional ?? f.optional;
    const t = typeExpr(f);
    const flags = [
      f.repeated ? 'repeated: true' : '',
      o.alias ? `alias: '${o.alias}'` : '',
      o.empty ? 'empty: true' : '',
    ].filter(Boolean);
    const args = [
      `'${f.name}'`,
      t ?? (flags.length ? "'string'" : undefined),
      flags.length ? `{ ${flags.join(', ')} }` : undefined,
    ];
    while (args.length && args.at(-1) === undefined) args.pop();
    return `${optional ? 'opt' : 'req'}(${args.join(', ')})`;
  };
  function constFor(type, sec) {
    const key = `${sec.tns}#${type.name}`;
    if (consts.has(key)) return consts.get(key);
    const name = `${constPrefix}_${type.name.replace(/^(BmV1|QbV1)/, '')}`.replace(/[^A-Za-z0-9_]/g, '_');
    consts.set(key, name);
    const fields = fieldsOf(type, sec);
    let expr;
    if (fields.length === 1 && fields[0].repeated) {
      const f = fields[0];
      const t = typeExpr(f);
      expr = `listOf('${f.name}'${t ? `, ${t}` : ''})`;
      ifaceOf.set(name, tsOf(f));
    } else {
      const iname = `${prefix}${type.name.replace(/^(BmV1|QbV1)/, '')}`;
      ifaceOf.set(name, iname);
      ifaces.push(iface(iname, fields, type.name));
      expr = `struct(\n  ${fields.map((f) => fieldExpr(f, type.name)).join(',\n  ')},\n)`;
    }
    body.push(`const ${name} = ${expr};`);
    return name;
  }
  const ops = [];
  for (const first of sections)
    for (const [name, type] of first.types) {
      if (type.fields.length !== 1 || type.fields[0].name !== 'Request') continue;
      const resp = first.types.get(`${name}Response`);
      if (!resp || ops.some((o) => o.startsWith(`  ${name}: {`))) continue;
      const [reqType, reqSec] = find(type.fields[0].ref, first);
      const [resType, resSec] = find(resp.fields[0].ref, first);
      const reqFields = fieldsOf(reqType, reqSec);
      const resFields = fieldsOf(resType, resSec);
      const header = reqFields[0].name;
      const kind = queryOps.includes(name) ? 'query' : 'order';
      const reqCtx = overrides[`${name}#request`] ?? reqType.name;
      const request = reqFields.slice(1).map((f) => fieldExpr(f, reqCtx));
      const response = resFields.slice(1).map((f) => fieldExpr(f, resType.name));
      ifaces.push(iface(`${prefix}${name}Request`, reqFields.slice(1), reqCtx));
      ifaces.push(iface(`${prefix}${name}Response`, resFields.slice(1), resType.name));
      const dep = deprecated[name] ? `, deprecated: ${JSON.stringify(deprecated[name])}` : '';
      ops.push(
        `  ${name}: {\n    service: ${serviceConst},\n    name: '${name}',\n    kind: '${kind}',\n    requestHeader: '${header}',\n` +
          `    request: [\n      ${request.join(',\n      ')},\n    ],\n    responseElement: '${name}Response',\n` +
          `    responseHeader: '${resFields[0].name}',\n    response: [${response.length ? `\n      ${response.join(',\n      ')},\n    ` : ''}]${dep},\n  },`,
      );
    }
  typesOut.set(constPrefix, ifaces);
  const names = [
    ...ops.map((o) => /^ {2}(\w+):/.exec(o)[1]),
    ...[...extraOps.matchAll(/^ {2}(\w+):/gm)].map((m) => m[1]),
  ];
  return `/**
 * The ${serviceName} table: every operation of GlobalSign's 2021 WSDL, element by element, in schema order.
 * Generated by scripts/gen-service-tables.mjs from ../shared/spec/wsdl/${digest} with the corrections of
 * ../shared/spec/WIRE-NOTES.md listed in that script. Do not edit: a correction is one edit in the script, then rerun
 * it (a test diffs this file against its output).
 *
 * @module
 */
import { listOf, opt, req, struct } from '../soap/schema.ts';
import type { OperationDef, ServiceDef, StructType, ListType } from '../soap/schema.ts';
import { GLOBALSIGN_ENVELOPE } from './common.ts';

/** The ${serviceName}: path and wrapper namespace. */
export const ${serviceConst}: ServiceDef = {
  name: '${constPrefix}',
  path: '${path}',
  namespace: '${namespace}',
  envelope: GLOBALSIGN_ENVELOPE,
};

${body.map((b) => b.replace(/^const (\w+) = (listOf|struct)/, (_, n, k) => `const ${n}: ${k === 'listOf' ? 'ListType' : 'StructType'} = ${k}`)).join('\n')}

/** Every ${serviceName} operation keyed by its wire wrapper name. */
export const ${constPrefix}_OPERATIONS: {
${names.map((n) => `  readonly ${n}: OperationDef;`).join('\n')}
} = {
${ops.join('\n')}
${extraOps}};
`;
}

const MSSL = generate({
  digest: 'mssl-types.txt',
  constPrefix: 'MSSL',
  serviceConst: 'MSSL_SERVICE',
  serviceName: 'MSSL ManagedSSLService (v2)',
  path: '/kb/ws/v2/ManagedSSLService',
  namespace: 'https://system.globalsign.com/kb/ws/v2/',
  queryOps: ['GetDomainApproverList', 'GetMSSLDomains', 'GetDomains', 'GetMSSLProfiles'],
  deprecated: { GetMSSLDomains: 'superseded by GetDomains in the MSSL guide; still callable' },
  overrides: {
    // ../shared/spec/WIRE-NOTES.md: PVOrderWithoutCSR's parameter type extends PVOrder's, so the WSDL lists a required CSR: omit it.
    'OrderRequestParameterWithoutCSR.CSR': { optional: true },
    // MSSL guide 4.2.3: DomainID "only when VettingType=Email", ApproverEmail "required when VettingType=Email"; the
    // WSDL lists both as required and not nillable. mssl-rules.ts requires them for EMAIL; for DNS and HTTP the
    // caller leaves them out and they go as empty elements, which the WSDL's schema accepts (test/wire/schema.test.ts).
    'BmV1AddDomainToProfileRequest.DomainID': { optional: true, empty: true },
    'BmV1AddDomainToProfileRequest.ApproverEmail': { optional: true, empty: true },
  },
});
emit('src/services/mssl.ts', MSSL);

const QUERY_EXTRA = `  // 2025 addition (../shared/spec/wsdl/gas-types-2025.txt; not in the 2021 WSDL): QueryRequestHeader, CommonName, CSR → OrderID, DVC.
  GetOrderByCommonName: {
    service: QUERY_SERVICE,
    name: 'GetOrderByCommonName',
    kind: 'query',
    requestHeader: 'QueryRequestHeader',
    request: [opt('CommonName'), opt('CSR')],
    responseElement: 'GetOrderByCommonNameResponse',
    responseHeader: 'QueryResponseHeader',
    response: [opt('OrderID'), opt('DVC')],
  },
`;
const QUERY = generate({
  digest: 'gas-types.txt',
  constPrefix: 'QUERY',
  serviceConst: 'QUERY_SERVICE',
  serviceName: 'Query GASService (v1)',
  path: '/kb/ws/v1/GASService',
  namespace: 'https://system.globalsign.com/kb/ws/v1/',
  queryOps: [
    'GetOrderByOrderID',
    'GetOrderByDateRange',
    'GetModifiedOrders',
    'GetOrderByExpirationDate',
    'GetCertificateOrders',
    'ValidateOrderParameters',
    'DecodeCSR',
  ],
  deprecated: {
    DeletePkcs12:
      'documented as gone from the live service by 2025; still callable against older systems and the simulator',
  },
  overrides: {},
  extraOps: QUERY_EXTRA,
});
emit('src/services/query.ts', QUERY);
const TYPES_HEAD = (svc, digest) => `/**
 * Request and response types of the ${svc} operations, with the wire's element names. Generated with the service
 * table by scripts/gen-service-tables.mjs from ../shared/spec/wsdl/${digest}; do not edit.
 *
 * @module
 */
`;
const gasExtra = `/** \`GetOrderByCommonNameRequest\` (2025 addition, wire names). */
export interface QueryGetOrderByCommonNameRequest {
  readonly CommonName?: string;
  readonly CSR?: string;
}
/** \`GetOrderByCommonNameResponse\` (2025 addition; \`DVC\` has no documented type). */
export interface QueryGetOrderByCommonNameResponse {
  readonly OrderID?: string;
  readonly DVC?: string;
}`;
emit('src/clients/mssl-types.ts', `${TYPES_HEAD('MSSL', 'mssl-types.txt')}\n${typesOut.get('MSSL').join('\n\n')}\n`);
emit(
  'src/clients/query-types.ts',
  `${TYPES_HEAD('Query', 'gas-types.txt')}\n${typesOut.get('QUERY').join('\n\n')}\n\n${gasExtra}\n`,
);
console.log(`wrote src/services/{mssl,query}.ts and src/clients/{mssl,query}-types.ts under ${OUT}`);
