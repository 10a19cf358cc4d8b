// Distinguished names (issue 18 item 8): a multi-valued RDN prints with `+` as OpenSSL and RFC 4514 do, and
// names compare structurally (RDN by RDN, attribute sets, RFC 5280 7.1 case and space folding), never by text.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate } from '../../src/crypto/certificate.ts';
import { seq, set, str, TAG } from '../../src/crypto/der.ts';
import { oid } from '../../src/crypto/der-writer.ts';
import { decodeNameAttributes, namesEqual, nameToString } from '../../src/crypto/name.ts';
import { parseDer } from '../../src/crypto/der.ts';
import { type OpenSsl, openssl } from './openssl.ts';

let o: OpenSsl;
beforeAll(() => {
  o = openssl();
  o.write('k.pem', o.run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']));
});
afterAll(() => o.cleanup());

const CN = '2.5.4.3';
const UID = '0.9.2342.19200300.100.1.1';
const O = '2.5.4.10';
const atv = (type: string, value: string, tag: number = TAG.UTF8): Uint8Array => seq(oid(type), str(tag, value));
const text = (der: Uint8Array): string => nameToString(decodeNameAttributes(parseDer(der)));

describe('printing', () => {
  it('a multi-valued RDN prints with +, as openssl prints it', () => {
    const pem = o.run([
      'req',
      '-x509',
      '-new',
      '-key',
      'k.pem',
      '-days',
      '1',
      '-multivalue-rdn',
      '-subj',
      '/C=GB/O=Example Ltd/CN=Test User+UID=83001001723349',
    ]);
    const cert = parseCertificate(pem);
    const theirs = o.run(['x509', '-noout', '-subject', '-nameopt', 'oneline,-space_eq'], pem);
    expect(theirs.trim()).toBe('subject=C=GB, O=Example Ltd, CN=Test User + UID=83001001723349');
    expect(cert.subjectString).toBe(theirs.trim().replace('subject=', '').replace(' + ', '+'));
    expect(cert.subject.UID).toBe('83001001723349');
    expect(cert.isSelfIssued).toBe(true);
  });

  it('a non-string value prints as # and the hex of its DER (RFC 4514)', () => {
    expect(text(seq(set(seq(oid(CN), new Uint8Array([0x02, 0x01, 0x05])))))).toBe('CN=#020105');
  });
});

describe('namesEqual', () => {
  const multi = seq(set(atv(CN, 'Test User'), atv(UID, '8300')));
  const split = seq(set(atv(CN, 'Test User')), set(atv(UID, '8300')));

  it('one RDN of two attributes differs from two RDNs, though the old text was the same', () => {
    expect(text(multi)).toBe('CN=Test User+UID=8300');
    expect(text(split)).toBe('CN=Test User, UID=8300');
    expect(namesEqual(multi, split)).toBe(false);
  });

  it('attribute order inside an RDN does not matter; RDN order does', () => {
    expect(namesEqual(multi, seq(set(atv(UID, '8300'), atv(CN, 'Test User'))))).toBe(true);
    expect(namesEqual(split, seq(set(atv(UID, '8300')), set(atv(CN, 'Test User'))))).toBe(false);
  });

  it('case, white space and string type are folded; types and values are not', () => {
    const a = seq(set(atv(O, 'Example  Ltd ')), set(atv(CN, 'Test CA')));
    const b = seq(set(atv(O, 'example ltd', TAG.PRINTABLE)), set(atv(CN, ' TEST   ca')));
    expect(namesEqual(a, b)).toBe(true);
    expect(namesEqual(a, seq(set(atv(O, 'Example Ltd')), set(atv(O, 'Test CA'))))).toBe(false);
    expect(namesEqual(a, seq(set(atv(O, 'Example Ltd')), set(atv(CN, 'Test CB'))))).toBe(false);
    expect(namesEqual(a, seq(set(atv(O, 'Example Ltd'))))).toBe(false);
  });

  it('property: case and space changes keep a name equal, regrouping RDNs never does', () => {
    const value = fc.stringMatching(/^[A-Za-z0-9]{1,8}( [A-Za-z0-9]{1,8}){0,2}$/);
    const attr = fc.tuple(fc.constantFrom(CN, O, UID, '2.5.4.11'), value);
    fc.assert(
      fc.property(fc.array(attr, { minLength: 2, maxLength: 6 }), fc.boolean(), (attrs, upper) => {
        const oneEach = seq(...attrs.map(([t, v]) => set(atv(t, v))));
        const folded = seq(
          ...attrs.map(([t, v]) =>
            set(atv(t, ` ${(upper ? v.toUpperCase() : v.toLowerCase()).replace(/ /g, '  ')} `, TAG.PRINTABLE)),
          ),
        );
        const grouped = seq(
          set(...attrs.slice(0, 2).map(([t, v]) => atv(t, v))),
          ...attrs.slice(2).map(([t, v]) => set(atv(t, v))),
        );
        return namesEqual(oneEach, folded) && !namesEqual(oneEach, grouped);
      }),
      { numRuns: 200 },
    );
  });
});
