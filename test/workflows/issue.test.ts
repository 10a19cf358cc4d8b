// issueCertificate: one call from a CSR to the certificate and its issuing chain (read from the order's fulfillment),
// checked by OpenSSL: the leaf verifies against the simulator's root through the returned chain only.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toPem } from '../../src/crypto/pem.ts';
import { isValidationError } from '../../src/errors.ts';
import fc from 'fast-check';
import { EpkiClient } from '../../src/clients/epki.ts';
import { issueCertificate, readIssuingChain } from '../../src/workflows/index.ts';
import { csrFor, env } from './helpers.ts';

function opensslVerify(root: string, leaf: Uint8Array, chain: readonly { der: Uint8Array }[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'issue-'));
  writeFileSync(join(dir, 'root.pem'), root);
  writeFileSync(join(dir, 'leaf.pem'), toPem(leaf, 'CERTIFICATE'));
  writeFileSync(join(dir, 'chain.pem'), chain.map((c) => toPem(c.der, 'CERTIFICATE')).join(''));
  const args = ['verify', '-purpose', 'smimesign', '-CAfile', join(dir, 'root.pem')];
  return execFileSync('openssl', [...args, '-untrusted', join(dir, 'chain.pem'), join(dir, 'leaf.pem')], {
    encoding: 'utf8',
  });
}

describe('issueCertificate', () => {
  for (const format of ['x509', 'pkcs7'] as const) {
    it(`returns the leaf and its chain, which OpenSSL verifies to the simulator's root (CERT as ${format})`, async () => {
      const e = await env({ epkiCertFormat: format });
      const ordered: string[] = [];
      const email = `issue-${format}@example.com`;
      const r = await issueCertificate(
        e.epki,
        {
          ProfileID: e.sim.defaults.epkiProfileId,
          ProductCode: 'EPKIPSPersonal',
          Year: 1,
          CSR: await csrFor('Issue Me', email),
          SANRFC822EmailAddress: email,
          DnAttributes: { CommonName: 'Issue Me', Email: email },
        },
        { onOrdered: (id) => ordered.push(id) },
      );
      expect(ordered).toEqual([r.orderId]);
      expect(r.certificate.subject.CN).toBe('Issue Me');
      expect(r.chain.length).toBeGreaterThanOrEqual(1);
      expect(r.chain[0]!.subjectString).toBe(r.certificate.issuerString);
      expect(r.warnings).toEqual([]);
      const [, root] = e.sim.admin.caCertificates().rsa;
      expect(opensslVerify(root!, r.certificate.der, r.chain).trim()).toMatch(/: OK$/);
    });
  }

  it('bad input is refused before anything is sent', async () => {
    const e = await env();
    const before = e.sim.admin.listOrders().length;
    const err = await issueCertificate(e.epki, {
      ProfileID: e.sim.defaults.epkiProfileId,
      ProductCode: 'EPKIPSPersonal',
      Year: 9 as 1,
      CSR: 'not a CSR',
      DnAttributes: { CommonName: 'X' },
    }).catch((x: unknown) => x);
    expect(isValidationError(err)).toBe(true);
    expect(e.sim.admin.listOrders()).toHaveLength(before);
  });
});

describe('readIssuingChain', () => {
  it("reads the order's chain for the answered leaf, as issueCertificate does", async () => {
    const e = await env();
    const email = 'chain@example.com';
    const r = await issueCertificate(e.epki, {
      ProfileID: e.sim.defaults.epkiProfileId,
      ProductCode: 'EPKIPSPersonal',
      Year: 1,
      CSR: await csrFor('Chain Me', email),
      SANRFC822EmailAddress: email,
      DnAttributes: { CommonName: 'Chain Me', Email: email },
    });
    const again = await readIssuingChain(e.epki, r.orderId, { certificate: r.certificate, chain: [] });
    expect(again.certificate.serialNumber).toBe(r.certificate.serialNumber);
    expect(again.chain.map((c) => c.subjectString)).toEqual(r.chain.map((c) => c.subjectString));
  });

  it('fast-check: an order id missing, empty or over 50 characters is a typed error naming OrderNo; nothing sent', async () => {
    const e = await env();
    let sent = 0;
    const epki = new EpkiClient({
      ...e.sim.defaults,
      endpoint: 'http://simulator.invalid',
      retries: 0,
      fetch: (input, init) => {
        sent++;
        return e.sim.fetch(input, init);
      },
    });
    const answered = { certificate: (await issueAny(e)).certificate, chain: [] };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(undefined), fc.constant(''), fc.string({ minLength: 51, maxLength: 200 })),
        async (orderId) => {
          const err = await readIssuingChain(epki, orderId as string, answered).catch((x: unknown) => x);
          expect(isValidationError(err)).toBe(true);
          const v = err as { field: string; message: string };
          expect(v.field).toBe('OrderNo');
          expect(v.message).toMatch(
            orderId === undefined ? /is required/ : orderId === '' ? /must not be empty/ : /at most 50 characters/,
          );
        },
      ),
      { numRuns: 60 },
    );
    expect(sent).toBe(0);
  });
});

async function issueAny(e: Awaited<ReturnType<typeof env>>) {
  const email = 'any@example.com';
  return issueCertificate(e.epki, {
    ProfileID: e.sim.defaults.epkiProfileId,
    ProductCode: 'EPKIPSPersonal',
    Year: 1,
    CSR: await csrFor('Any', email),
    SANRFC822EmailAddress: email,
    DnAttributes: { CommonName: 'Any', Email: email },
  });
}
