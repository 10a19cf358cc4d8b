// Issue 15: an S/MIME round trip with a certificate issued through the enrollment Worker's path. The page's own
// enroll() and downloadPkcs12() run against the Worker's fetch handler (over HTTP, the simulator behind it); OpenSSL
// then takes the key out of the downloaded .p12, signs and verifies (-purpose smimesign, the chain to the
// simulator's root), encrypts to the certificate and decrypts with the .p12's key.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCertificates } from '../../src/crypto/index.ts';
import { run, type Scratch, scratch, sha256Hex } from './helpers/run.ts';
import { enrollAsPage, type PageResult, type Stack, startStack } from './helpers/stack.ts';

const PASSWORD = 'S/MIME round trip 7';
const MESSAGE = 'Content-Type: text/plain; charset=utf-8\r\n\r\nThe quarterly figures, signed and sealed.\r\n';

let stack: Stack;
let tmp: Scratch;
let alice: PageResult;
let mallory: PageResult;
const f = (name: string) => join(tmp.dir, name);

async function ssl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run('openssl', args, { cwd: tmp.dir });
}

/** The key, the certificate and the CA certificates out of a downloaded .p12, as a mail program would import them. */
async function unpack(who: string, p12: Uint8Array): Promise<void> {
  const file = tmp.write(`${who}.p12`, p12);
  const base = ['pkcs12', '-in', file, '-passin', `file:${f('pw')}`];
  const out = await Promise.all([
    ssl([...base, '-nocerts', '-nodes', '-out', f(`${who}.key.pem`)]),
    ssl([...base, '-clcerts', '-nokeys', '-out', f(`${who}.cert.pem`)]),
    ssl([...base, '-cacerts', '-nokeys', '-out', f(`${who}.chain.pem`)]),
  ]);
  for (const r of out) if (r.code !== 0) throw new Error(`openssl pkcs12: ${r.stderr}`);
}

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => {}); // the Worker's audit lines
  stack = await startStack();
  tmp = scratch('gsk-interop-smime-');
  tmp.write('pw', PASSWORD);
  tmp.write('message.txt', MESSAGE);
  tmp.write('root.pem', stack.sim.ca.rsa.root.certificate.pem);
  tmp.write('other-root.pem', stack.sim.ca.ec.root.certificate.pem);
  [alice, mallory] = await Promise.all([
    enrollAsPage(stack, { email: 'alice@example.com', name: 'Alice Example', password: PASSWORD, legacy: false }),
    enrollAsPage(stack, { email: 'mallory@example.com', name: 'Mallory Example', password: PASSWORD, legacy: true }),
  ]);
  await Promise.all([unpack('alice', alice.p12), unpack('mallory', mallory.p12)]);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  tmp?.cleanup();
  vi.restoreAllMocks();
});

describe('S/MIME with the certificate the enrollment Worker issued and the .p12 the page made', () => {
  it('the .p12 holds the issued certificate and its chain', () => {
    const [cert] = parseCertificates(readFileSync(f('alice.cert.pem'), 'utf8'));
    const chain = parseCertificates(readFileSync(f('alice.chain.pem'), 'utf8'));
    expect(cert && sha256Hex(cert.der)).toBe(sha256Hex(alice.enrolled.certificate.der));
    expect(chain.map((c) => sha256Hex(c.der)).sort()).toEqual(alice.enrolled.chain.map((c) => sha256Hex(c.der)).sort());
    expect(alice.enrolled.certificate.extendedKeyUsage).toContain('emailProtection');
  });

  it('openssl cms signs with the .p12 key; -verify -purpose smimesign accepts it with the chain to the root', async () => {
    const signed = await ssl([
      'cms',
      '-sign',
      '-in',
      'message.txt',
      '-signer',
      'alice.cert.pem',
      '-inkey',
      'alice.key.pem',
      '-certfile',
      'alice.chain.pem',
      '-out',
      'signed.eml',
    ]);
    expect(signed.code, signed.stderr).toBe(0);
    const verify = ['cms', '-verify', '-purpose', 'smimesign', '-in', 'signed.eml'];
    const ok = await ssl([
      ...verify,
      '-CAfile',
      'root.pem',
      '-verify_email',
      'alice@example.com',
      '-signer',
      'who.pem',
    ]);
    expect([ok.code, ok.stderr.trim()]).toEqual([0, 'CMS Verification successful']);
    expect(ok.stdout.replace(/\r\n/g, '\n')).toBe(MESSAGE.replace(/\r\n/g, '\n')); // the signed content
    const [signer] = parseCertificates(readFileSync(f('who.pem'), 'utf8'));
    expect(signer && sha256Hex(signer.der)).toBe(sha256Hex(alice.enrolled.certificate.der));

    // The same message does not verify against another root, for another address, or once altered.
    const [otherRoot, otherEmail] = await Promise.all([
      ssl([...verify, '-CAfile', 'other-root.pem']),
      ssl([...verify, '-CAfile', 'root.pem', '-verify_email', 'mallory@example.com']),
    ]);
    expect([otherRoot.code, otherEmail.code].map((c) => c !== 0)).toEqual([true, true]);
    const body = readFileSync(f('signed.eml'), 'latin1');
    tmp.write('altered.eml', body.replace('signed and sealed', 'signed and SEALED'));
    const altered = await ssl(['cms', '-verify', '-purpose', 'smimesign', '-in', 'altered.eml', '-CAfile', 'root.pem']);
    expect(altered.code).not.toBe(0);
  });

  it('openssl cms encrypts to the issued certificate and decrypts with the key from the .p12, and only with it', async () => {
    const enc = await ssl(['cms', '-encrypt', '-aes256', '-in', 'message.txt', '-out', 'sealed.eml', 'alice.cert.pem']);
    expect(enc.code, enc.stderr).toBe(0);
    const dec = await ssl([
      'cms',
      '-decrypt',
      '-in',
      'sealed.eml',
      '-recip',
      'alice.cert.pem',
      '-inkey',
      'alice.key.pem',
    ]);
    expect(dec.code, dec.stderr).toBe(0);
    expect(dec.stdout).toBe(MESSAGE);
    const wrong = await ssl(['cms', '-decrypt', '-in', 'sealed.eml', '-inkey', 'mallory.key.pem']);
    expect(wrong.stdout).not.toBe(MESSAGE);
    expect(wrong.code).not.toBe(0);
  });
});
