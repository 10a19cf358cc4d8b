// The simulator's core: the local CA (checked with openssl, RSA and ECDSA, material export and reload), the clock,
// the fault plan (each kind, deterministic per seed, state changed before a drop) and the node:http server.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EpkiClient } from '../../src/clients/epki.ts';
import { createCsr, generateKeyPair, type KeyPairInfo, publicKeySpki } from '../../src/crypto/index.ts';
import { isGlobalSignApiError } from '../../src/errors.ts';
import { createLocalCa, type LocalCa } from '../../src/simulator/ca.ts';
import { createClock } from '../../src/simulator/clock.ts';
import { createFaultPicker } from '../../src/simulator/faults.ts';
import { createSimulator, exportCaMaterial, type Simulator } from '../../src/simulator/index.ts';
import { serveSimulator } from '../../src/simulator/node.ts';

let dir: string;
let ca: LocalCa;
let rsa: KeyPairInfo;
let ec: KeyPairInfo;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gsk-simcore-'));
  [ca, rsa, ec] = await Promise.all([createLocalCa(), generateKeyPair('RSA-2048'), generateKeyPair('P-256')]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openssl(args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function smimeLeaf(keys: KeyPairInfo, days = 366) {
  return ca.issue({
    profile: 'smime',
    spki: await publicKeySpki(keys),
    subject: { CN: 'Bob', O: 'Example Org', C: 'GB' },
    sans: [{ type: 'email', value: 'bob@example.com' }],
    notBefore: new Date(),
    days,
  });
}

describe('local CA', () => {
  it('issues RSA and ECDSA S/MIME leaves that openssl verifies, with the right EKU, SAN and key usage', async () => {
    for (const [keys, family, ku] of [
      [rsa, ca.rsa, 'Key Encipherment'],
      [ec, ca.ec, 'Key Agreement'],
    ] as const) {
      const leaf = await smimeLeaf(keys);
      const out = openssl([
        'verify',
        '-purpose',
        'smimesign',
        '-CAfile',
        write('root.pem', family.root.certificate.pem),
        '-untrusted',
        write('int.pem', family.intermediate.certificate.pem),
        write('leaf.pem', leaf.pem),
      ]);
      expect(out).toMatch(/leaf\.pem: OK/);
      const text = openssl(['x509', '-noout', '-text', '-in', join(dir, 'leaf.pem')]);
      expect(text).toMatch(/E-mail Protection/);
      expect(text).toMatch(/email:bob@example\.com/);
      expect(text).toMatch(/Digital Signature/);
      expect(text).toContain(ku);
      expect(text).toMatch(/Subject Key Identifier/);
      expect(text).toMatch(/Authority Key Identifier/);
      expect(text).toMatch(/CA:FALSE/);
      expect(ca.chainFor(leaf).map((c) => c.pem)).toEqual([
        family.intermediate.certificate.pem,
        family.root.certificate.pem,
      ]);
    }
  });

  it('gives each leaf a distinct positive 16-byte serial and the validity asked for', async () => {
    const [a, b] = await Promise.all([smimeLeaf(rsa, 731), smimeLeaf(rsa, 731)]);
    expect(a.serialNumber).not.toBe(b.serialNumber);
    expect(a.serialNumber.replace(/^0+/, '').length).toBeLessThanOrEqual(32);
    expect(Number.parseInt(a.serialNumber.slice(0, 2), 16)).toBeLessThan(0x80);
    expect(a.notAfter.getTime() - a.notBefore.getTime()).toBe(731 * 86_400_000);
  });

  it('exports its material and a CA loaded from it signs leaves that chain to the same roots', async () => {
    const material = await exportCaMaterial(ca);
    expect(JSON.stringify(material)).toContain('BEGIN PRIVATE KEY');
    const again = await createLocalCa({ material });
    expect(again.rsa.root.certificate.pem).toBe(ca.rsa.root.certificate.pem);
    const leaf = await again.issue({
      profile: 'tls',
      spki: await publicKeySpki(ec),
      subject: { CN: 'www.example.com' },
      sans: [{ type: 'dns', value: 'www.example.com' }],
      notBefore: new Date(),
      days: 30,
    });
    const out = openssl([
      'verify',
      '-purpose',
      'sslserver',
      '-CAfile',
      write('eroot.pem', ca.ec.root.certificate.pem),
      '-untrusted',
      write('eint.pem', ca.ec.intermediate.certificate.pem),
      write('tls.pem', leaf.pem),
    ]);
    expect(out).toMatch(/tls\.pem: OK/);
  });
});

describe('clock and fault picker', () => {
  it('stamps are strictly increasing by at least 1 ms even when time stands still; advance moves now', () => {
    const clock = createClock(() => new Date('2026-01-01T00:00:00Z'));
    const stamps = [clock.stamp(), clock.stamp(), clock.stamp()].map((d) => d.getTime());
    expect(stamps[1]! - stamps[0]!).toBeGreaterThanOrEqual(1);
    expect(stamps[2]! - stamps[1]!).toBeGreaterThanOrEqual(1);
    const before = clock.now().getTime();
    clock.advance(86_400_000);
    expect(clock.now().getTime() - before).toBe(86_400_000);
  });

  it('is deterministic for a seed, honours count and operation filters', () => {
    const plan = { rules: [{ kind: 'drop' as const, probability: 0.5 }] };
    const seq = (seed: string) => {
      const p = createFaultPicker(plan, seed);
      return Array.from({ length: 40 }, () => p.pick('Cancel') ?? '-').join(',');
    };
    expect(seq('a')).toBe(seq('a'));
    expect(seq('a')).not.toBe(seq('b'));
    expect(seq('a')).toContain('drop');
    expect(seq('a')).toContain('-');
    const limited = createFaultPicker({ rules: [{ kind: 'http500', count: 2, operations: ['GetOrders'] }] }, 's');
    expect(limited.pick('Cancel')).toBeUndefined();
    expect([limited.pick('GetOrders'), limited.pick('GetOrders'), limited.pick('GetOrders')]).toEqual([
      'http500',
      'http500',
      undefined,
    ]);
    expect(limited.fired.http500).toBe(2);
  });
});

describe('faults through the simulator', () => {
  let sim: Simulator;
  let epki: EpkiClient;
  let csr: string;
  const order = () =>
    epki.orderAndIssueCertificate({
      ProfileID: sim.defaults.epkiProfileId,
      ProductCode: 'EPKIPSPersonal',
      Year: 1,
      CSR: csr,
      SANRFC822EmailAddress: 'carol@example.com',
      DnAttributes: { CommonName: 'Carol', Email: 'carol@example.com' },
    });
  const fails = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: unknown) => e,
    );

  beforeAll(async () => {
    sim = await createSimulator();
    epki = new EpkiClient({ ...sim.defaults, endpoint: 'http://simulator.invalid', fetch: sim.fetch, retries: 0 });
    const keys = { CN: 'Carol', E: 'carol@example.com' };
    csr = (await createCsr({ keys: rsa, subject: keys, sans: [{ type: 'email', value: keys.E }] })).pem;
  });

  it('drop: fetch rejects with a TypeError but the order exists; dropBeforeApply: nothing happened', async () => {
    sim.admin.setFaults({ rules: [{ kind: 'drop', count: 1 }] });
    const before = sim.admin.listOrders().length;
    const e = await fails(order());
    expect(e).toBeDefined();
    expect(String((e as { cause?: unknown }).cause ?? e)).toMatch(/TypeError|fetch failed/);
    expect(sim.admin.listOrders().length).toBe(before + 1);
    sim.admin.setFaults({ rules: [{ kind: 'dropBeforeApply', count: 1 }] });
    expect(await fails(order())).toBeDefined();
    expect(sim.admin.listOrders().length).toBe(before + 1);
    sim.admin.setFaults(undefined);
    expect((await order()).OrderID).toBeTruthy();
  });

  it('http500, soapFault and malformed answers reach the client as errors that are not API errors', async () => {
    for (const kind of ['http500', 'soapFault', 'malformed'] as const) {
      sim.admin.setFaults({ rules: [{ kind, count: 1 }] });
      const e = await fails(epki.getProfiles());
      expect(e, kind).toBeInstanceOf(Error);
      expect(isGlobalSignApiError(e)).toBe(false);
    }
    sim.admin.setFaults(undefined);
    expect((await epki.getProfiles()).TotalCount).toBeGreaterThan(0);
  });

  it('latency delays the answer by at least the planned ms', async () => {
    sim.admin.setFaults({ latencyMs: 120 });
    const t = performance.now();
    await epki.getProfiles();
    expect(performance.now() - t).toBeGreaterThanOrEqual(110);
    sim.admin.setFaults(undefined);
  });
});

describe('node server', () => {
  it('serves the simulator on 127.0.0.1 with a random port and closes', async () => {
    const sim = await createSimulator();
    const server = await serveSimulator(sim, { port: 0 });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const epki = new EpkiClient({ ...sim.defaults, endpoint: server.url, retries: 0 });
      const res = await epki.getProfiles();
      expect(res.TotalCount).toBeGreaterThan(0);
      const notFound = await fetch(`${server.url}/nowhere`, { method: 'POST', body: '<x/>' });
      expect(notFound.status).toBe(404);
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.url}/`)).rejects.toThrow();
  });
});
