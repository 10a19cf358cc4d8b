// Test helper: a small PKI made with the openssl CLI (EC root, RSA intermediate, EC leaf, an unrelated cert).
import type { OpenSsl } from './openssl.ts';

export interface TestPki {
  readonly root: string;
  readonly intermediate: string;
  readonly leaf: string;
  readonly unrelated: string;
  readonly rootKey: string;
  readonly leafKey: string;
}

const EXT = `[ca]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyAgreement
extendedKeyUsage = serverAuth, clientAuth, 1.3.6.1.4.1.99999.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:www.example.com, DNS:example.com, IP:192.0.2.7, IP:2001:db8::7, email:ops@example.com
`;

export function makePki(o: OpenSsl): TestPki {
  o.write('ext.cnf', EXT);
  const gen = (name: string, args: string[]): string => {
    o.write(`${name}.key`, o.run(['genpkey', ...args]));
    return o.readText(`${name}.key`);
  };
  const rootKey = gen('root', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
  gen('int', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']);
  const leafKey = gen('leaf', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
  gen('other', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
  const selfSigned = (key: string, subj: string, out: string): void => {
    o.run([
      'req',
      '-x509',
      '-new',
      '-key',
      key,
      '-subj',
      subj,
      '-days',
      '3650',
      '-set_serial',
      '1',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      out,
    ]);
  };
  selfSigned('root.key', '/C=GB/O=Test Trust/CN=Test Root CA', 'root.pem');
  selfSigned('other.key', '/C=GB/O=Elsewhere/CN=Unrelated Root', 'other.pem');
  const issue = (
    key: string,
    subj: string,
    ca: string,
    caKey: string,
    section: string,
    serial: string,
    out: string,
  ): void => {
    o.run(['req', '-new', '-key', key, '-subj', subj, '-out', `${out}.csr`]);
    o.run([
      'x509',
      '-req',
      '-in',
      `${out}.csr`,
      '-CA',
      ca,
      '-CAkey',
      caKey,
      '-set_serial',
      serial,
      '-days',
      '397',
      '-extfile',
      'ext.cnf',
      '-extensions',
      section,
      '-out',
      out,
    ]);
  };
  issue('int.key', '/C=GB/O=Test Trust/CN=Test Issuing CA R2', 'root.pem', 'root.key', 'ca', '0x0a1b2c', 'int.pem');
  issue(
    'leaf.key',
    '/C=GB/ST=London/O=Example Ltd/OU=Web/OU=Ops/CN=www.example.com',
    'int.pem',
    'int.key',
    'leaf',
    '0x80f1e2d3c4b5a69788796a5b4c3d2e1f',
    'leaf.pem',
  );
  return {
    root: o.readText('root.pem'),
    intermediate: o.readText('int.pem'),
    leaf: o.readText('leaf.pem'),
    unrelated: o.readText('other.pem'),
    rootKey,
    leafKey,
  };
}
