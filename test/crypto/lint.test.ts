import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsr, parseCsr } from '../../src/crypto/csr.ts';
import { generateKeyPair } from '../../src/crypto/keys.ts';
import { lintCsr } from '../../src/crypto/lint.ts';
import { type OpenSsl, openssl } from './openssl.ts';

let ossl: OpenSsl;

/** A CSR made by openssl for a key made with `genpkey` options. */
function csrFor(genpkey: string[], subj = '/CN=lint.example.com', extra: string[] = []): string {
  ossl.write('k.pem', ossl.run(['genpkey', ...genpkey]));
  return ossl.run(['req', '-new', '-key', 'k.pem', '-subj', subj, ...extra]);
}
const rsa = (bits: number, e = '65537'): string[] => [
  '-algorithm',
  'RSA',
  '-pkeyopt',
  `rsa_keygen_bits:${bits}`,
  '-pkeyopt',
  `rsa_keygen_pubexp:${e}`,
];
const ec = (curve: string): string[] => ['-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${curve}`];
const codes = async (csr: Parameters<typeof lintCsr>[0], opts = {}): Promise<string[]> =>
  (await lintCsr(csr, opts)).map((f) => f.code);

beforeAll(() => {
  ossl = openssl();
});
afterAll(() => ossl.cleanup());

describe('lintCsr', () => {
  it('finds nothing wrong with good CSRs from us and from openssl', async () => {
    const keys = await generateKeyPair('P-256');
    const ours = await createCsr({
      keys,
      subject: { CN: 'ok.example.com' },
      sans: [{ type: 'dns', value: 'ok.example.com' }],
    });
    expect(await lintCsr(ours.pem)).toEqual([]);
    expect(await lintCsr(await parseCsr(ours.der))).toEqual([]);
    expect(await codes(csrFor(rsa(2048)), { service: 'EPKI' })).toEqual([]);
    expect(await codes(csrFor(ec('P-384')))).toEqual([]);
  });

  it('RSA 1024 is too short (-9936)', async () => {
    const findings = await lintCsr(csrFor(rsa(1024)));
    expect(findings).toEqual([expect.objectContaining({ code: '-9936', field: 'key.bits', severity: 'error' })]);
  });

  it('RSA 2560 is an unsupported size (-6015)', async () => {
    expect(await codes(csrFor(rsa(2560)))).toEqual(['-6015']);
  });

  it('exponent 3 is outside 2^16+1..2^256-1 (-6016)', async () => {
    const pem = csrFor(rsa(2048, '3'));
    expect(await codes(pem)).toEqual(['-6016']);
    expect((await parseCsr(pem)).key).toMatchObject({ type: 'RSA', publicExponent: 3n });
  });

  it('a runtime that cannot import the key reports the signature unverifiable instead of throwing', async () => {
    const pem = csrFor(rsa(2048, '3'));
    // A WebCrypto like Deno's or Chromium's that refuses exponents other than 3 and 65537 would refuse some
    // keys; model a refusing provider.
    const refusing = {
      subtle: { importKey: () => Promise.reject(new DOMException('unsupported exponent', 'NotSupportedError')) },
    } as unknown as Crypto;
    const p = await parseCsr(pem, { crypto: refusing });
    expect(p.signatureStatus).toBe('unverifiable');
    expect(p.signatureValid).toBe(false);
    expect(p.key).toMatchObject({ publicExponent: 3n, bits: 2048 });
    expect(await codes(p)).toEqual(['-6016', 'UNVERIFIABLE_SIGNATURE']);
  });

  it('P-521 is not an allowed curve (-9961); EPKI refuses EC keys (-4007)', async () => {
    expect(await codes(csrFor(ec('P-521')))).toEqual(['-9961']);
    expect(await codes(csrFor(ec('P-256')), { service: 'EPKI' })).toEqual(['-4007']);
  });

  it('a compressed EC point is refused (-9962)', async () => {
    ossl.write('c.pem', ossl.run(['ec', '-conv_form', 'compressed'], ossl.run(['genpkey', ...ec('P-256')])));
    const pem = ossl.run(['req', '-new', '-key', 'c.pem', '-subj', '/CN=c.example.com']);
    expect((await parseCsr(pem)).key).toEqual({ type: 'EC', curve: 'P-256', compressed: true });
    expect(await codes(pem)).toContain('-9962');
  });

  it('a corrupted signature byte is BAD_SIGNATURE', async () => {
    const der = new Uint8Array(ossl.runBytes(['req', '-outform', 'DER'], csrFor(rsa(2048))));
    der[der.length - 10]! ^= 0x40;
    expect(await lintCsr(der)).toEqual([expect.objectContaining({ code: 'BAD_SIGNATURE', field: 'signature' })]);
  });

  it('a missing CN is MISSING_CN', async () => {
    expect(await codes(csrFor(ec('P-256'), '/O=Example Ltd/C=GB'))).toEqual(['MISSING_CN']);
  });

  it('501 SANs exceed the maximum (-6017); maxSans lowers it', async () => {
    const names = Array.from({ length: 501 }, (_, i) => `DNS:h${i}.example.com`).join(',');
    const pem = csrFor(ec('P-256'), '/CN=h0.example.com', ['-addext', `subjectAltName=${names}`]);
    expect((await parseCsr(pem)).sans).toHaveLength(501);
    expect(await lintCsr(pem)).toEqual([expect.objectContaining({ code: '-6017', field: 'sans' })]);
    const three = csrFor(ec('P-256'), '/CN=a.example.com', [
      '-addext',
      'subjectAltName=DNS:a.example.com,DNS:b.example.com,DNS:c.example.com',
    ]);
    expect(await codes(three)).toEqual([]);
    expect(await codes(three, { maxSans: 2 })).toEqual(['-6017']);
  });

  it('a key that is neither RSA nor ECDSA is UNSUPPORTED_KEY with an unverifiable signature', async () => {
    expect(await codes(csrFor(['-algorithm', 'ED25519']))).toEqual(['UNSUPPORTED_KEY', 'UNVERIFIABLE_SIGNATURE']);
  });
});
