// What the design card's libraries would cost at run time, next to our own code doing the same job:
// the gzip size of an esbuild bundle (browser, ESM, minified) of a minimal use, and parse speed on the same inputs.
// Run: npx tsx test/interop/cost.ts   (prints a Markdown table; nothing here is asserted)
import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as x509 from '@peculiar/x509';
import { build } from 'esbuild';
import { XMLParser } from 'fast-xml-parser';
import * as pkijs from 'pkijs';
import { createPkcs12, generateKeyPair, openPkcs12, parseCertificate } from '../../src/crypto/index.ts';
import { createSimulator } from '../../src/simulator/index.ts';
import { parseXml } from '../../src/soap/xml.ts';
import { fixturePassword } from '../fixtures/pkcs12/passwords.ts';

const ROOT = join(import.meta.dirname, '../..');

/** Minimal uses, bundled as a browser page would ship them. */
const ENTRIES: Readonly<Record<string, string>> = {
  '@peculiar/x509 2.2.0 (+ reflect-metadata)': `import 'reflect-metadata'; import { X509Certificate } from '@peculiar/x509';
    export const read = (d) => { const c = new X509Certificate(d); return [c.subject, c.issuer, c.serialNumber, c.extensions.length]; };`,
  'ours: parseCertificate': `import { parseCertificate } from './src/crypto/certificate.ts';
    export const read = (d) => { const c = parseCertificate(d); return [c.subjectString, c.issuerString, c.serialNumber, c.extensions.length]; };`,
  'pkijs 4.0.0 + asn1js 4.0.0 (PFX open)': `import { PFX } from 'pkijs';
    export const open = async (b, p) => { const x = PFX.fromBER(b); await x.parseInternalValues({ password: p, checkIntegrity: true }); return x; };`,
  'ours: openPkcs12': `import { openPkcs12 } from './src/crypto/pkcs12/index.ts'; export const open = (b, p) => openPkcs12(b, p);`,
  'fast-xml-parser 5.12.1': `import { XMLParser } from 'fast-xml-parser';
    const p = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false });
    export const parse = (s) => p.parse(s);`,
  'ours: parseXml': `import { parseXml } from './src/soap/xml.ts'; export const parse = (s) => parseXml(s);`,
};

async function gzipSize(source: string): Promise<{ min: number; gz: number }> {
  const out = await build({
    stdin: { contents: source, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const bytes = out.outputFiles[0]!.contents;
  return { min: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
}

/** Operations per second of `fn` over `inputs`, for at least `ms` milliseconds after a warm-up. */
async function rate<T>(inputs: readonly T[], fn: (x: T) => unknown, ms = 1500): Promise<number> {
  for (const x of inputs) await fn(x);
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (const x of inputs) await fn(x);
    n += inputs.length;
  }
  return (n * 1000) / (performance.now() - start);
}

async function inputs() {
  const certs: Uint8Array[] = [];
  const dir = join(ROOT, '../shared/vectors/pkcs12');
  for (const f of readdirSync(dir).filter((x) => /\.(p12|pfx)$/.test(x))) {
    const c = await openPkcs12(readFileSync(join(dir, f)), fixturePassword(f) ?? '');
    certs.push(...c.certificates.map((x) => x.der));
  }
  const sim = await createSimulator();
  const keys = await generateKeyPair('RSA-2048', { extractable: true });
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
  const subject = { CN: 'Pat', E: 'pat@example.com' };
  const sans = [{ type: 'email' as const, value: 'pat@example.com' }];
  const leaf = await sim.ca.issue({ profile: 'smime', spki, subject, sans, notBefore: new Date(), days: 365 });
  certs.push(leaf.der, ...sim.ca.chainFor(leaf).map((c) => c.der));
  const p12 = await createPkcs12({ key: keys.privateKey, certificates: [leaf], password: 'pw', iterations: 2048 });
  const captures = join(ROOT, 'test/fixtures/captures');
  const xml = readdirSync(captures)
    .filter((f) => f.endsWith('.xml'))
    .map((f) => readFileSync(join(captures, f), 'utf8'));
  return { certs, p12, xml };
}

async function main(): Promise<void> {
  const rows: string[] = ['| package | minified | gzip |', '| --- | ---: | ---: |'];
  for (const [name, src] of Object.entries(ENTRIES)) {
    const s = await gzipSize(src);
    rows.push(`| ${name} | ${(s.min / 1024).toFixed(1)} KiB | ${(s.gz / 1024).toFixed(1)} KiB |`);
  }
  const { certs, p12, xml } = await inputs();
  const fxp = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, htmlEntities: true });
  const pw = new TextEncoder().encode('pw').buffer;
  const speed = [
    [
      'certificates',
      'X509Certificate',
      (d: Uint8Array) => new x509.X509Certificate(d.slice()).extensions.length,
      certs,
    ],
    ['certificates', 'parseCertificate', (d: Uint8Array) => parseCertificate(d).extensions.length, certs],
    [
      '.p12 (2048 iterations)',
      'pkijs PFX + MAC',
      async () => {
        const pfx = pkijs.PFX.fromBER(p12.slice().buffer);
        await pfx.parseInternalValues({ password: pw, checkIntegrity: true });
      },
      [0],
    ],
    ['.p12 (2048 iterations)', 'openPkcs12 (MAC + decrypt)', () => openPkcs12(p12, 'pw'), [0]],
    ['captured XML', 'fast-xml-parser', (s: string) => fxp.parse(s), xml],
    ['captured XML', 'parseXml', (s: string) => parseXml(s), xml],
  ] as const;
  rows.push(
    '',
    `| input (${certs.length} certificates, ${xml.length} captures) | reader | ops/s |`,
    '| --- | --- | ---: |',
  );
  for (const [input, reader, fn, list] of speed) {
    const r = await rate(list as readonly unknown[], fn as (x: unknown) => unknown);
    rows.push(`| ${input} | ${reader} | ${Math.round(r).toLocaleString('en')} |`);
  }
  console.log(rows.join('\n'));
}

await main();
