import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidationError } from '../../src/errors.ts';
import { createCsr, parseCsr } from '../../src/crypto/csr.ts';
import { type KeyAlgorithmName, type KeyPairInfo, generateKeyPair, spkiFingerprint } from '../../src/crypto/keys.ts';
import { type OpenSsl, openssl } from './openssl.ts';

let ossl: OpenSsl;
const keys: Partial<Record<KeyAlgorithmName, KeyPairInfo>> = {};
const algs = ['RSA-2048', 'P-256', 'P-384'] as const;
const subject = {
  CN: 'Zoë *.example.com',
  O: 'Example Ltd',
  OU: ['Sales', 'EMEA'],
  L: 'London',
  ST: 'Greater London',
  C: 'gb',
  E: 'zoe@example.com',
};
const sans = [
  { type: 'dns', value: 'www.example.com' },
  { type: 'email', value: 'zoe@example.com' },
  { type: 'ip', value: '192.0.2.10' },
  { type: 'ip', value: '2001:db8::1' },
  { type: 'upn', value: 'zoe@corp.example.com' },
] as const;

beforeAll(async () => {
  ossl = openssl();
  for (const a of algs) keys[a] = await generateKeyPair(a);
});
afterAll(() => ossl.cleanup());

describe('createCsr', () => {
  for (const alg of algs) {
    it(`${alg}: openssl verifies the signature and reads subject, SANs, KU, EKU`, async () => {
      const csr = await createCsr({
        keys: keys[alg]!,
        subject,
        sans,
        keyUsage: ['digitalSignature', 'keyEncipherment'],
        extendedKeyUsage: ['serverAuth', 'clientAuth'],
      });
      const text = ossl.run(['req', '-noout', '-verify', '-text'], csr.pem);
      expect(text).toMatch(
        /Subject: C = GB, ST = Greater London, L = London, O = Example Ltd, OU = Sales, OU = EMEA, CN = Zo\\C3\\AB \*\.example\.com, emailAddress = zoe@example\.com/,
      );
      expect(text).toContain(
        'DNS:www.example.com, email:zoe@example.com, IP Address:192.0.2.10, IP Address:2001:DB8:0:0:0:0:0:1, othername: UPN::zoe@corp.example.com',
      );
      expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Key Encipherment/);
      expect(text).toMatch(/Extended Key Usage: \s*TLS Web Server Authentication, TLS Web Client Authentication/);
      const sig = { 'RSA-2048': 'sha256WithRSAEncryption', 'P-256': 'ecdsa-with-SHA256', 'P-384': 'ecdsa-with-SHA384' }[
        alg
      ];
      expect(text).toContain(`Signature Algorithm: ${sig}`);
      const der = ossl.runBytes(['req', '-outform', 'DER'], csr.pem);
      expect(csr.der).toEqual(der);
    });
  }

  it('uses UTF8String for CN/O/OU/L/ST, PrintableString for C, IA5String for emailAddress, UTF8 in the UPN', async () => {
    const csr = await createCsr({ keys: keys['P-256']!, subject, sans });
    const asn = ossl.run(['asn1parse', '-inform', 'DER'], csr.der);
    const typeOf = (attr: string): string | undefined => new RegExp(`:${attr}\\s*\\n.*?prim: (\\w+)`).exec(asn)?.[1];
    expect(typeOf('commonName')).toBe('UTF8STRING');
    expect(typeOf('organizationName')).toBe('UTF8STRING');
    expect(typeOf('organizationalUnitName')).toBe('UTF8STRING');
    expect(typeOf('localityName')).toBe('UTF8STRING');
    expect(typeOf('stateOrProvinceName')).toBe('UTF8STRING');
    expect(typeOf('countryName')).toBe('PRINTABLESTRING');
    expect(typeOf('emailAddress')).toBe('IA5STRING');
    // Dump the SAN extension's own structure.
    const sanHex = /Subject Alternative Name\s*\n.*\[HEX DUMP\]:([0-9A-F]+)/.exec(asn)![1]!;
    const sanAsn = ossl.run(['asn1parse', '-inform', 'DER'], Buffer.from(sanHex, 'hex'));
    expect(sanAsn).toMatch(/prim: cont \[ 2 \]/); // dNSName
    expect(sanAsn).toMatch(/prim: cont \[ 1 \]/); // rfc822Name
    expect(sanAsn).toMatch(/l=\s*4 prim: cont \[ 7 \]/); // IPv4
    expect(sanAsn).toMatch(/l=\s*16 prim: cont \[ 7 \]/); // IPv6
    expect(sanAsn).toMatch(
      /cons: cont \[ 0 \]\s*\n.*OBJECT\s*:Microsoft User Principal Name\s*\n.*cons: cont \[ 0 \]\s*\n.*UTF8STRING\s*:zoe@corp/,
    );
  });

  it('refuses bad input with ValidationError naming the field', async () => {
    const k = keys['P-256']!;
    const cases: [Parameters<typeof createCsr>[0], string][] = [
      [{ keys: k, subject: { CN: 'x', C: 'GBR' } }, 'subject.C'],
      [{ keys: k, subject: { CN: 'x', E: 'zoë@example.com' } }, 'subject.E'],
      [{ keys: k, subject: { CN: 'x', OU: ['a', ''] } }, 'subject.OU.1'],
      [{ keys: k, subject: { CN: 'x' }, sans: [{ type: 'ip', value: '300.1.1.1' }] }, 'sans.0.value'],
      [
        {
          keys: k,
          subject: { CN: 'x' },
          sans: [
            { type: 'dns', value: 'a.example' },
            { type: 'dns', value: 'bad name' },
          ],
        },
        'sans.1.value',
      ],
      [{ keys: k, subject: { CN: 'x' }, extendedKeyUsage: ['notAUsage'] }, 'extendedKeyUsage.0'],
      [{ keys: k, subject: {} }, 'subject'],
    ];
    for (const [opts, field] of cases) {
      const err = await createCsr(opts).catch((e: unknown) => e);
      expect(isValidationError(err) && err.field).toBe(field);
    }
  });

  it('marks the SAN critical when the subject is empty (RFC 5280)', async () => {
    const csr = await createCsr({ keys: keys['P-256']!, subject: {}, sans: [{ type: 'dns', value: 'example.com' }] });
    expect(ossl.run(['req', '-noout', '-text', '-verify'], csr.pem)).toMatch(/Subject Alternative Name: critical/);
  });
});

describe('parseCsr', () => {
  it('round-trips our CSRs (PEM with CRLF, DER, base64) with a verified signature', async () => {
    const csr = await createCsr({
      keys: keys['RSA-2048']!,
      subject,
      sans,
      keyUsage: ['digitalSignature'],
      extendedKeyUsage: ['emailProtection', '1.2.3.4'],
    });
    for (const input of [csr.pem.replace(/\n/g, '\r\n'), csr.der, csr.pem.split('\n').slice(1, -2).join('&#xD;\n')]) {
      const p = await parseCsr(input);
      expect(p.signatureValid).toBe(true);
      expect(p.subject).toMatchObject({
        CN: subject.CN,
        O: 'Example Ltd',
        OU: ['Sales', 'EMEA'],
        C: 'GB',
        E: 'zoe@example.com',
        L: 'London',
        ST: 'Greater London',
      });
      expect(p.sans).toEqual(sans);
      expect(p.key).toEqual({ type: 'RSA', bits: 2048, publicExponent: 65537n });
      expect(p.keyUsage).toEqual(['digitalSignature']);
      expect(p.extendedKeyUsage).toEqual(['emailProtection', '1.2.3.4']);
      expect(p.signatureAlgorithm).toBe('sha256WithRSAEncryption');
      expect(p.der).toEqual(csr.der);
      expect(p.pem).toBe(csr.pem);
      expect(await spkiFingerprint(p.spkiDer)).toBe(await spkiFingerprint(keys['RSA-2048']!));
    }
  });

  it('reads a CSR made by openssl, SANs of every kind included', async () => {
    const key = ossl.run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384']);
    ossl.write('k.pem', key);
    const pem = ossl.run([
      'req',
      '-new',
      '-key',
      'k.pem',
      '-subj',
      '/C=DE/O=Beispiel GmbH/OU=IT/CN=host.example.de',
      '-utf8',
      '-addext',
      'subjectAltName=DNS:host.example.de,IP:10.0.0.1,IP:fe80::1:2,email:it@example.de,otherName:1.3.6.1.4.1.311.20.2.3;UTF8:it@corp.example.de,URI:https://example.de/',
      '-addext',
      'extendedKeyUsage=serverAuth',
    ]);
    const p = await parseCsr(pem);
    expect(p.signatureStatus).toBe('valid');
    expect(p.signatureAlgorithm).toBe('ecdsa-with-SHA256');
    expect(p.key).toEqual({ type: 'EC', curve: 'P-384', compressed: false });
    expect(p.subjectString).toBe('C=DE, O=Beispiel GmbH, OU=IT, CN=host.example.de');
    expect(p.subject.OU).toEqual(['IT']);
    expect(p.sans).toEqual([
      { type: 'dns', value: 'host.example.de' },
      { type: 'ip', value: '10.0.0.1' },
      { type: 'ip', value: 'fe80::1:2' },
      { type: 'email', value: 'it@example.de' },
      { type: 'upn', value: 'it@corp.example.de' },
      { type: 'uri', value: 'https://example.de/' },
    ]);
    expect(p.extendedKeyUsage).toEqual(['serverAuth']);
    expect(p.keyUsage).toBeUndefined();
  });

  it('reports a tampered signature as invalid', async () => {
    const csr = await createCsr({ keys: keys['P-256']!, subject: { CN: 'tamper.example.com' } });
    const der = csr.der.slice();
    der[der.length - 5]! ^= 0x01;
    const p = await parseCsr(der);
    expect(p.signatureValid).toBe(false);
    expect(p.signatureStatus).toBe('invalid');
  });
});

describe('provider injection', () => {
  it('generates and signs with @peculiar/webcrypto, and openssl verifies the result', async () => {
    const { Crypto } = await import('@peculiar/webcrypto');
    const provider = new Crypto();
    let calls = 0;
    const spy = new Proxy(provider.subtle, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver);
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => {
          calls++;
          return v.apply(target, args);
        };
      },
    });
    const injected = { subtle: spy, getRandomValues: provider.getRandomValues.bind(provider) } as unknown as Crypto;
    for (const alg of ['P-256', 'RSA-2048'] as const) {
      const before = calls;
      const k = await generateKeyPair(alg, { crypto: injected });
      expect(k.privateKey).not.toBeInstanceOf(globalThis.CryptoKey);
      const csr = await createCsr({ keys: k, subject: { CN: `peculiar-${alg}.example.com` }, crypto: injected });
      expect(calls - before).toBeGreaterThanOrEqual(3); // generateKey, exportKey(spki), sign
      expect(ossl.run(['req', '-noout', '-verify', '-subject'], csr.pem)).toContain(`CN = peculiar-${alg}.example.com`);
      expect((await parseCsr(csr.pem, { crypto: injected })).signatureValid).toBe(true);
    }
  });
});
