// The enroll Worker reuses an issuing chain it has read (one SOAP call per enrollment instead of two) only for a
// leaf of the same issuing CA, by name and key identifier; another CA's leaf still reads its order's fulfillment,
// and what that read-back refuses stays `issuance-unavailable`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type Certificate,
  createCsr,
  generateKeyPair,
  type KeyPairInfo,
  parseCertificate,
} from '../../src/crypto/index.ts';
import { createLocalCa } from '../../src/simulator/ca.ts';
import { type CaMaterial, createSimulator, exportCaMaterial, type FaultPlan } from '../../src/simulator/index.ts';
import { forgetChains, knownChainFor, rememberChain } from '../../workers/enroll/src/chains.ts';
import type { Invitation } from '../../workers/enroll/src/invitation.ts';
import { orderForInvitation } from '../../workers/enroll/src/issue.ts';
import { Problem } from '../../workers/shared/index.ts';

let keys: KeyPairInfo;
let otherCa: CaMaterial;
beforeAll(async () => {
  keys = await generateKeyPair('RSA-2048');
  otherCa = await exportCaMaterial(await createLocalCa({ fresh: true }));
});
beforeEach(() => {
  forgetChains();
  vi.spyOn(console, 'log').mockImplementation(() => {}); // audit lines
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** A simulator whose SOAP operations are recorded by name. */
async function simulator(options: { faults?: FaultPlan; ca?: CaMaterial } = {}) {
  const sim = await createSimulator(options);
  const operations: string[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const body = typeof init?.body === 'string' ? init.body : '';
    operations.push(/<(?:\w+:)?Body[^>]*>\s*<(?:\w+:)?(\w+)/.exec(body)?.[1] ?? '?');
    return sim.fetch(new Request(input, init));
  };
  return { sim, operations, fetch };
}

async function order(s: Awaited<ReturnType<typeof simulator>>, n: number) {
  const inv: Invitation = {
    email: `chain${n}@example.com`,
    name: `Chain ${n}`,
    profile: s.sim.defaults.epkiProfileId,
    product: 'EPKIPSPersonal',
    years: 1,
    exp: Math.floor(Date.now() / 1000) + 3600,
    jti: `jti-chain-${n}`,
  };
  const csr = await createCsr({
    keys,
    subject: { CN: inv.name, E: inv.email },
    sans: [{ type: 'email', value: inv.email }],
  });
  const options = {
    username: s.sim.defaults.username,
    password: s.sim.defaults.password,
    endpoint: 'http://simulator',
    fetch: s.fetch,
  };
  try {
    return { issued: await orderForInvitation(inv, csr.pem, options) };
  } catch (e) {
    if (!(e instanceof Problem)) throw e;
    return { problem: e };
  }
}

const chainOf = (pems: readonly string[]): Certificate[] => pems.map((p) => parseCertificate(p));

describe('issuing chain reuse', () => {
  it('reads the chain once, then answers later leaves of the same CA with it, without a second call', async () => {
    const s = await simulator();
    const first = await order(s, 1);
    expect(s.operations).toEqual(['OrderAndIssueCertificate', 'GetOrderByOrderId']);
    const second = await order(s, 2);
    expect(s.operations.slice(2)).toEqual(['OrderAndIssueCertificate']);
    expect(second.issued?.chain).toEqual(first.issued?.chain);
    const leaf = parseCertificate(second.issued!.certificate);
    const [issuer] = chainOf(second.issued!.chain);
    expect(leaf.issuerString).toBe(issuer!.subjectString);
    expect(await leaf.verifySignature(issuer!)).toBe(true);
    // What the page puts in the .p12: OpenSSL verifies the second leaf through the reused chain to the root.
    const dir = mkdtempSync(join(tmpdir(), 'enroll-chain-'));
    const [, root] = s.sim.admin.caCertificates().rsa;
    writeFileSync(join(dir, 'root.pem'), root!);
    writeFileSync(join(dir, 'chain.pem'), second.issued!.chain.join(''));
    writeFileSync(join(dir, 'leaf.pem'), second.issued!.certificate);
    const out = execFileSync(
      'openssl',
      [
        'verify',
        '-purpose',
        'smimesign',
        '-CAfile',
        join(dir, 'root.pem'),
        '-untrusted',
        join(dir, 'chain.pem'),
      ].concat(join(dir, 'leaf.pem')),
      { encoding: 'utf8' },
    );
    expect(out.trim()).toMatch(/: OK$/);
  });

  it('a leaf of another CA reads its own chain; when that read fails the order is issuance-unavailable', async () => {
    await order(await simulator(), 1); // remembers the shared simulator CA's chain
    const other = await simulator({ ca: otherCa });
    const ok = await order(other, 2);
    expect(other.operations).toEqual(['OrderAndIssueCertificate', 'GetOrderByOrderId']);
    const leaf = parseCertificate(ok.issued!.certificate);
    expect(await leaf.verifySignature(chainOf(ok.issued!.chain)[0]!)).toBe(true);

    forgetChains();
    await order(await simulator(), 3);
    const faulty = await simulator({
      ca: otherCa,
      faults: { rules: [{ kind: 'soapFault', operations: ['GetOrderByOrderId'] }] },
    });
    const r = await order(faulty, 4);
    expect(faulty.operations).toEqual(['OrderAndIssueCertificate', 'GetOrderByOrderId']);
    expect(r.problem?.kind).toBe('issuance-unavailable');
    expect(r.problem?.extra.definitive).toBeUndefined();
  });

  it('remembers a chain only under its issuer, and reuses it only while that issuer is valid', async () => {
    const s = await simulator();
    const { issued } = await order(s, 1);
    const leaf = parseCertificate(issued!.certificate);
    const chain = chainOf(issued!.chain);
    forgetChains();
    rememberChain(leaf, chain.slice(1)); // the root did not issue the leaf
    expect(knownChainFor(leaf)).toBeUndefined();
    rememberChain(leaf, chain);
    expect(knownChainFor(leaf)?.map((c) => c.pem)).toEqual(issued!.chain);
    expect(knownChainFor(leaf, new Date(chain[0]!.notAfter.getTime() + 1000))).toBeUndefined();
    expect(knownChainFor(leaf)).toBeUndefined(); // the expired entry was dropped
  });
});
