/**
 * Names → PVOrder, refereed by the simulator's own name rules (guide 8.10): for generated identifier sets,
 * newOrder's check accepts exactly the names under the tenant's domains, and every accepted set whose CSR the
 * gateway maps to a PVOrder is accepted by the simulator with exactly those names in the certificate (or refused
 * by the gateway before sending, for a wildcard outside the common name's domain).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsr, generateKeyPair } from '../../src/crypto/index.ts';
import type { AcmeEnv } from '../../workers/acme/src/env.ts';
import { checkCsr, placeOrder } from '../../workers/acme/src/issue.ts';
import { checkIdentifiers, under } from '../../workers/acme/src/names.ts';
import { AcmeProblem } from '../../workers/acme/src/problems.ts';
import type { Tenant } from '../../workers/acme/src/tenant.ts';
import { type Backend, startBackend } from './harness.ts';

let backend: Backend;
let tenant: Tenant;
let env: AcmeEnv;

beforeAll(async () => {
  backend = await startBackend();
  const d = backend.sim.defaults;
  env = { GS_USERNAME: d.username, GS_PASSWORD: d.password, GS_ENDPOINT: backend.server.url } as AcmeEnv;
  tenant = {
    kid: 't_AAAAAAAAAAAAAAAA',
    hmacKey: 'unused',
    profileId: backend.profileId,
    domains: [
      { id: backend.domainId, name: 'example.com' },
      { id: backend.domain2Id, name: 'example.net' },
    ],
    patterns: [],
    productCode: 'PV_SHA2',
    months: 12,
    keyTypes: ['RSA', 'P-256', 'P-384'],
    challenges: ['pre-authorized'],
    contact: { FirstName: 'Ada', LastName: 'Lovelace', Phone: '+44 20 0000 0000', Email: 'ada@example.com' },
    createdAt: new Date().toISOString(),
  };
});
afterAll(async () => {
  await backend?.server.close();
});

const nameArb = fc
  .record({
    wild: fc.boolean(),
    labels: fc.array(fc.constantFrom('www', 'api', 'a1', 'shop'), { maxLength: 2 }),
    domain: fc.constantFrom('example.com', 'example.net', 'other.org'),
  })
  .map(({ wild, labels, domain }) => `${wild ? '*.' : ''}${[...labels, domain].join('.')}`);

describe('names → PVOrder', () => {
  it('accepts exactly the tenant names, and the simulator issues exactly the names ordered', async () => {
    const seen = { refused: 0, badCsr: 0, placed: 0 };
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(nameArb, { minLength: 1, maxLength: 5 }), async (names) => {
        const ids = names.map((value) => ({ type: 'dns', value }));
        const outside = names.filter((n) => n.endsWith('other.org'));
        let accepted: string[];
        try {
          accepted = checkIdentifiers(tenant, ids).map((i) => i.value);
        } catch (e) {
          expect(e).toBeInstanceOf(AcmeProblem);
          const subs = (e as AcmeProblem).extra.subproblems as { identifier: { value: string } }[] | undefined;
          const refused = subs ? subs.map((s) => s.identifier.value) : [names[0]];
          expect(refused).toEqual(outside);
          seen.refused++;
          return;
        }
        expect(outside).toEqual([]);
        const keys = await generateKeyPair('P-256');
        const cn = accepted[0]!;
        const csr = await createCsr({
          keys,
          subject: { CN: cn },
          sans: accepted.map((value) => ({ type: 'dns', value })),
        });
        const checked = await checkCsr(tenant, accepted, Buffer.from(csr.der).toString('base64url'));
        const bare = (n: string): string => n.replace(/^\*\./, '');
        const cnDomain = under(bare(cn), 'example.com') ? 'example.com' : 'example.net';
        const misplaced = accepted.some((n) => n !== cn && n.startsWith('*.') && !under(bare(n), cnDomain));
        const before = backend.sim.admin.listMsslOrders().length;
        let placement: Awaited<ReturnType<typeof placeOrder>>;
        try {
          placement = await placeOrder(env, tenant, checked, accepted);
        } catch (e) {
          expect((e as AcmeProblem).kind).toBe('badCSR');
          expect(misplaced).toBe(true);
          expect(backend.sim.admin.listMsslOrders().length).toBe(before);
          seen.badCsr++;
          return;
        }
        expect(misplaced).toBe(false);
        expect(placement.kind).toBe('placed');
        const order = backend.sim.admin.listMsslOrders().at(-1)!;
        const inOrder = [order.commonName, ...order.sanEntries.map((s) => s.SubjectAltName)];
        expect([...new Set(inOrder)].sort()).toEqual([...accepted].sort());
        seen.placed++;
      }),
      { numRuns: 100 },
    );
    // Each branch was exercised (a run of 100 that misses one is as rare as 0.9^100).
    expect(Math.min(seen.refused, seen.badCsr, seen.placed)).toBeGreaterThan(0);
  });
});
