// `npm run example`: a scripted EPKI flow against the embedded simulator, printing what it does. Everything here is
// the public API; swap `fetch: sim.fetch` and the simulator's credentials for your own to talk to GlobalSign.
import { EpkiClient } from '../src/index.ts';
import { createCsr, createPkcs12, generateKeyPair, lintCsr, openPkcs12 } from '../src/crypto/index.ts';
import { createSimulator } from '../src/simulator/index.ts';

const step = (s: string): void => console.log(`\n• ${s}`);

const sim = await createSimulator();
step(`simulator ready: account ${sim.defaults.username}, EPKI profile ${sim.defaults.epkiProfileId}`);

const epki = new EpkiClient({
  username: sim.defaults.username,
  password: sim.defaults.password,
  endpoint: 'https://simulator.invalid', // any base URL: the simulator answers every request given to its fetch
  fetch: sim.fetch,
});

const email = `alice@${sim.defaults.emailDomain}`;
let t = performance.now();
const keys = await generateKeyPair('RSA-2048', { extractable: true });
step(`RSA-2048 key pair made in ${(performance.now() - t).toFixed(0)} ms (EPKI takes RSA keys only)`);

const csr = await createCsr({
  keys,
  subject: { CN: 'Alice Example', E: email },
  sans: [{ type: 'email', value: email }],
});
const findings = await lintCsr(csr.pem, { service: 'EPKI' });
step(
  `CSR made (${csr.der.length} bytes DER); lint: ${findings.length ? findings.map((f) => f.code).join(', ') : 'clean'}`,
);

t = performance.now();
const order = await epki.orderAndIssueCertificate({
  ProfileID: sim.defaults.epkiProfileId,
  ProductCode: 'EPKIPSPersonal',
  Year: 1,
  CSR: csr.pem,
  SANRFC822EmailAddress: email,
  DnAttributes: { CommonName: 'Alice Example', Email: email },
});
const { certificate } = EpkiClient.decodeCertificate(order.CERT);
step(`OrderAndIssueCertificate → order ${order.OrderID} in ${(performance.now() - t).toFixed(0)} ms`);
console.log(`  subject   ${certificate.subjectString}`);
console.log(`  issuer    ${certificate.issuerString}`);
console.log(`  serial    ${certificate.serialNumber}`);
console.log(`  valid     ${certificate.notBefore.toISOString()} → ${certificate.notAfter.toISOString()}`);
console.log(`  SANs      ${certificate.sans.map((s) => `${s.type}:${s.value}`).join(', ')}`);
console.log(`  EKU       ${certificate.extendedKeyUsage.join(', ')}`);
console.log(`  SHA-256   ${await certificate.fingerprint('SHA-256')}`);

const status = await epki.getOrderByOrderId({ OrderNo: order.OrderID, OrderQueryOption: { ReturnFulfillment: true } });
const chain = EpkiClient.decodeCertificate(status.OrderDetail!.Fulfillment!.CrCertificate.PKCS7Cert!).chain;
step(
  `GetOrderByOrderId: ${status.OrderDetail?.OrderInfo.OrderStatus}; chain: ${chain.map((c) => c.subject.CN).join(' → ')}`,
);

const password = crypto.randomUUID(); // in real use: chosen by the person, never logged
const p12 = await createPkcs12({
  key: keys.privateKey,
  certificates: [certificate, ...chain],
  password,
  friendlyName: 'Alice Example',
});
const reopened = await openPkcs12(p12, password);
step(
  `PKCS#12 written: ${p12.length} bytes, ${reopened.encryption.join(' + ')}, MAC ${reopened.mac?.algorithm}×${reopened.mac?.iterations}; ` +
    `reopened: ${reopened.keys.length} key, ${reopened.certificates.length} certificates`,
);
step('done. `npm start` serves the browser enrollment page; `npm test` runs every test.');
