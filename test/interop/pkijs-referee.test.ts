// Issue 15: pkijs as a referee for our modern .p12 files (what createPkcs12 writes for the page and the CLI): its
// own PBES2 decryption and MAC check open them, and find the key we put in, the certificates and the attributes.
import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Certificate, createPkcs12, exportPrivateKey, generateKeyPair } from '../../src/crypto/index.ts';
import { createSimulator } from '../../src/simulator/index.ts';
import { sha256Hex } from './helpers/run.ts';

const PASSWORD = 'pkijs referee 42';

interface Made {
  readonly name: string;
  readonly p12: Uint8Array;
  readonly pkcs8: Uint8Array;
  readonly certs: readonly Certificate[];
}
const made: Made[] = [];

const buffer = (b: Uint8Array): ArrayBuffer => b.slice().buffer;
const utf8 = (s: string): ArrayBuffer => buffer(new TextEncoder().encode(s));

/** What pkijs found: certificates (DER), decrypted keys (PKCS#8 DER) and the bags' attribute OIDs and values. */
async function openWithPkijs(p12: Uint8Array, password: string) {
  const pfx = pkijs.PFX.fromBER(buffer(p12));
  await pfx.parseInternalValues({ password: utf8(password), checkIntegrity: true });
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw new Error('no authenticated safe');
  await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password: utf8(password) })) });
  const certs: Uint8Array[] = [];
  const keys: Uint8Array[] = [];
  const attributes: Record<string, string>[] = [];
  for (const contents of safe.parsedValue.safeContents) {
    for (const bag of contents.value.safeBags) {
      const value = bag.bagValue;
      if (value instanceof pkijs.CertBag) {
        certs.push(new Uint8Array((value.parsedValue as pkijs.Certificate).toSchema().toBER()));
      } else if (value instanceof pkijs.PKCS8ShroudedKeyBag) {
        // pkijs's own PKCS#12 example calls this; 4.0.0 types it protected.
        const decrypt = value as unknown as { parseInternalValues(p: { password: ArrayBuffer }): Promise<void> };
        await decrypt.parseInternalValues({ password: utf8(password) });
        keys.push(new Uint8Array(value.parsedValue!.toSchema().toBER()));
      }
      const attrs = ((bag.bagAttributes ?? []) as pkijs.Attribute[]).map((a) => {
        const v = a.values[0] as { valueBlock: { value?: unknown; valueHexView?: Uint8Array } };
        const text =
          typeof v.valueBlock.value === 'string' ? v.valueBlock.value : sha256Hex(v.valueBlock.valueHexView!);
        return [a.type, text] as const;
      });
      if (attrs.length) attributes.push(Object.fromEntries(attrs));
    }
  }
  return { certs, keys, attributes };
}

beforeAll(async () => {
  const sim = await createSimulator();
  for (const alg of ['RSA-2048', 'P-256'] as const) {
    const keys = await generateKeyPair(alg, { extractable: true });
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
    const leaf = await sim.ca.issue({
      profile: 'smime',
      spki,
      subject: { CN: 'Pat Example', E: 'pat@example.com' },
      sans: [{ type: 'email', value: 'pat@example.com' }],
      notBefore: new Date(),
      days: 365,
    });
    const certs = [leaf, ...sim.ca.chainFor(leaf)];
    const p12 = await createPkcs12({
      key: keys.privateKey,
      certificates: certs,
      password: PASSWORD,
      friendlyName: 'pat',
    });
    made.push({ name: alg, p12, pkcs8: await exportPrivateKey(keys.privateKey, 'der'), certs });
  }
}, 60_000);

describe('pkijs opens our modern .p12 files', () => {
  it('verifies the SHA-256 MAC, decrypts PBES2/AES-256 bags, and finds our key and certificates', async () => {
    for (const m of made) {
      const found = await openWithPkijs(m.p12, PASSWORD);
      expect(found.keys, m.name).toEqual([m.pkcs8]);
      expect(found.certs.map(sha256Hex).sort(), m.name).toEqual(m.certs.map((c) => sha256Hex(c.der)).sort());
      // The key and the leaf carry the same friendlyName (1.2.840.113549.1.9.20) and localKeyId (…9.21).
      expect(found.attributes.length, m.name).toBe(2);
      expect(found.attributes[0], m.name).toEqual(found.attributes[1]);
      expect(found.attributes[0]?.['1.2.840.113549.1.9.20'], m.name).toBe('pat');
    }
  });

  it('refuses a wrong password at the MAC', async () => {
    await expect(openWithPkijs(made[0]!.p12, `${PASSWORD}!`)).rejects.toThrow(/Integrity/);
  });
});
