// The enroll Worker's order step against the in-process simulator: the chain comes from the order, a refusal before
// ordering is definitive (the invitation is released), and an order placed but not read back never is.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCsr, generateKeyPair, type KeyPairInfo, parseCertificate } from '../../src/crypto/index.ts';
import { createSimulator, type FaultPlan } from '../../src/simulator/index.ts';
import { forgetChains } from '../../workers/enroll/src/chains.ts';
import type { Invitation } from '../../workers/enroll/src/invitation.ts';
import { type IssueOptions, orderForInvitation } from '../../workers/enroll/src/issue.ts';
import { Problem } from '../../workers/shared/index.ts';

let keys: KeyPairInfo;
beforeAll(async () => {
  keys = await generateKeyPair('RSA-2048');
});
beforeEach(() => {
  forgetChains(); // every attempt reads its chain (test/workers/enroll-chains.test.ts covers the reuse)
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function attempt(faults?: FaultPlan) {
  const sim = await createSimulator(faults ? { faults } : {});
  const inv: Invitation = {
    email: 'order@example.com',
    name: 'Order Example',
    profile: sim.defaults.epkiProfileId,
    product: 'EPKIPSPersonal',
    years: 1,
    exp: Math.floor(Date.now() / 1000) + 3600,
    jti: 'jti-order',
  };
  const csr = await createCsr({
    keys,
    subject: { CN: inv.name, E: inv.email },
    sans: [{ type: 'email', value: inv.email }],
  });
  const options: IssueOptions = {
    username: sim.defaults.username,
    password: sim.defaults.password,
    endpoint: 'http://simulator',
    fetch: sim.fetch,
  };
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((l: unknown) => void lines.push(String(l)));
  try {
    return { issued: await orderForInvitation(inv, csr.pem, options), lines, orders: sim.admin.listOrders().length };
  } catch (e) {
    if (!(e instanceof Problem)) throw e;
    return { problem: e, lines, orders: sim.admin.listOrders().length };
  }
}

describe('orderForInvitation', () => {
  it('returns the leaf with the issuing chain read from the order', async () => {
    const { issued } = await attempt();
    expect(issued).toBeDefined();
    const leaf = parseCertificate(issued!.certificate);
    const chain = issued!.chain.map((c) => parseCertificate(c));
    expect(chain.length).toBeGreaterThanOrEqual(1);
    expect(leaf.issuerString).toBe(chain[0]!.subjectString);
  });

  it('a fault before anything was ordered is a definitive refusal', async () => {
    const r = await attempt({ rules: [{ kind: 'soapFault', operations: ['OrderAndIssueCertificate'] }] });
    expect(r.problem?.kind).toBe('issuance-refused');
    expect(r.problem?.extra.definitive).toBe(true);
    expect(r.orders).toBe(0);
  });

  it('a lost answer to the order is not definitive (the outcome is unknown)', async () => {
    const r = await attempt({ rules: [{ kind: 'drop', operations: ['OrderAndIssueCertificate'] }] });
    expect(r.problem?.kind).toBe('issuance-unavailable');
    expect(r.problem?.extra.definitive).toBeUndefined();
    expect(r.orders).toBe(1); // it was placed
  });

  it('an order placed whose certificate cannot be read back is never definitive, and the audit names it', async () => {
    const r = await attempt({ rules: [{ kind: 'soapFault', operations: ['GetOrderByOrderId'] }] });
    expect(r.problem?.kind).toBe('issuance-unavailable');
    expect(r.problem?.extra.definitive).toBeUndefined();
    expect(r.orders).toBe(1);
    const audit = r.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.event === 'unreadable');
    expect(audit).toMatchObject({ audit: 'enroll', email: 'order@example.com', jti: 'jti-order' });
    expect(audit?.orderId).toBeTypeOf('string');
    expect(r.problem?.detail).toContain(String(audit?.orderId));
  });
});
