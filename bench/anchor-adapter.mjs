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

const { parseResponse } = await import('../dist/soap/envelope.js');
const { QUERY_OPERATIONS } = await import('../dist/services/query.js');
const { QueryClient } = await import('../dist/clients/query.js');

/**
 * A GASService response document mapped as the Query client returns it.
 * @param {string} xml @param {string} op e.g. 'GetModifiedOrders'
 */
export function soapParse(xml, op) {
  const def = QUERY_OPERATIONS[op];
  if (!def) throw new Error(`unknown GASService operation ${op}`);
  return parseResponse(def, xml, 200).body;
}

/** One whole QueryClient.getOrderByOrderId call against a stub fetch that answers `xml`. @param {string} xml */
export function getOrderByOrderId(xml) {
  const client = new QueryClient({
    username: 'anchor',
    password: 'anchor',
    endpoint: 'http://stub.invalid',
    fetch: async () => new Response(xml, { status: 200, headers: { 'content-type': 'text/xml' } }),
  });
  return client.getOrderByOrderId({ OrderID: 'anchor' });
}
