/**
 * `globalsign p12 open|create`: reads a PKCS#12 file (summary, key and certificates out), or writes one from a key
 * and its certificates. `create` keeps every certificate it is given: the leaf plus chain that `order … --out`
 * writes, and every `--chain` file (PEM bundles or DER), each parsed or refused naming the input.
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import {
  type Certificate,
  createPkcs12,
  describeKey,
  openPkcs12,
  parseCertificate,
  spkiFingerprint,
  toPem,
} from '../crypto/index.ts';
import { group } from './args.ts';
import {
  CliError,
  type Command,
  EXIT,
  emit,
  type Io,
  list,
  need,
  type Parsed,
  readInput,
  secret,
  str,
} from './common.ts';
import { loadCertificates, loadKey, writePrivate } from './files.ts';

const PASSWORD = '  The password comes from --password-file FILE or GLOBALSIGN_P12_PASSWORD (never from argv).';

async function p12Password(p: Parsed, io: Io): Promise<string> {
  const pw = await secret(p, io, 'password-file', 'GLOBALSIGN_P12_PASSWORD');
  if (pw === undefined) {
    throw new CliError('the PKCS#12 password comes from --password-file or GLOBALSIGN_P12_PASSWORD', EXIT.usage, {
      field: '--password-file',
    });
  }
  return pw;
}

/** `globalsign p12 open`. */
export const open: Command = {
  usage: `globalsign p12 open FILE.p12 [--out-key key.pem] [--out-certs certs.pem] [--force] [--json]
  Shows the keys, certificates, encryption and MAC of a PKCS#12 file; writes the key and certificates if asked.
${PASSWORD}`,
  options: {
    in: { type: 'string' },
    'out-key': { type: 'string' },
    'out-certs': { type: 'string' },
    'password-file': { type: 'string' },
    force: { type: 'boolean' },
  },
  async run(p, io) {
    const file = p.positionals[1] ?? need(p, 'in');
    const contents = await openPkcs12(await readInput(file, 'FILE.p12'), await p12Password(p, io));
    const certs = contents.certificates.map((c) => parseCertificate(c.der));
    const outCerts = str(p, 'out-certs');
    if (outCerts) await writeFile(outCerts, certs.map((c) => c.pem).join(''));
    const outKey = str(p, 'out-key');
    const key = contents.keys[0];
    if (outKey && key) await writePrivate(outKey, toPem(key.pkcs8, 'PRIVATE KEY'), p);
    const summary = {
      keys: contents.keys.map((k) => ({ algorithm: k.algorithm, curve: k.curve, friendlyName: k.friendlyName })),
      certificates: certs.map((c) => ({ subject: c.subjectString, issuer: c.issuerString, serial: c.serialNumber })),
      mac: contents.mac,
      encryption: contents.encryption,
    };
    const lines = [
      ...summary.keys.map(
        (k) => `key: ${k.algorithm}${k.curve ? ` ${k.curve}` : ''}${k.friendlyName ? ` "${k.friendlyName}"` : ''}`,
      ),
      ...summary.certificates.map((c) => `certificate: ${c.subject} (issuer ${c.issuer})`),
      `encryption: ${contents.encryption.join(', ')}; MAC: ${contents.mac ? contents.mac.algorithm : 'none'}`,
    ];
    emit(io, p, summary, lines.join('\n'));
    return EXIT.ok;
  },
};

/** The leaf (the certificate of the key) first, then every other certificate once, in the order given. */
async function leafAndChain(key: CryptoKey, certs: readonly Certificate[], certFile: string): Promise<Certificate[]> {
  const pub = await spkiFingerprint(key);
  const fps = await Promise.all(certs.map((c) => spkiFingerprint(c.spkiDer)));
  const leaf = certs[fps.indexOf(pub)];
  if (!leaf) {
    throw new CliError(`--cert ${certFile}: no certificate in it belongs to the key`, EXIT.validation, {
      field: '--cert',
    });
  }
  const seen = new Set<string>();
  const unique: Certificate[] = [];
  for (const c of [leaf, ...certs]) {
    const id = c.pem;
    if (!seen.has(id)) unique.push(c);
    seen.add(id);
  }
  return unique;
}

/** `globalsign p12 create`. */
export const create: Command = {
  usage: `globalsign p12 create --key key.pem --cert cert.pem [--chain chain.pem ...] --out FILE.p12
       [--profile modern|legacy] [--friendly-name NAME] [--force] [--json]
  --cert may hold the leaf alone or the leaf and its chain (as \`order … --out\` writes it); each --chain file is
  one or more certificates (PEM bundle or DER). Every certificate is kept, the key's own first.
${PASSWORD}`,
  options: {
    key: { type: 'string', short: 'k' },
    cert: { type: 'string' },
    chain: { type: 'string', multiple: true },
    out: { type: 'string', short: 'o' },
    profile: { type: 'string' },
    'friendly-name': { type: 'string' },
    'password-file': { type: 'string' },
    force: { type: 'boolean' },
  },
  async run(p, io) {
    const profile = str(p, 'profile') ?? 'modern';
    if (profile !== 'modern' && profile !== 'legacy') {
      throw new CliError('--profile is modern or legacy', EXIT.usage, { field: '--profile' });
    }
    const keys = await loadKey(need(p, 'key'), '--key');
    const certFile = need(p, 'cert');
    const given = await loadCertificates(certFile, '--cert');
    for (const file of list(p, 'chain')) given.push(...(await loadCertificates(file, '--chain')));
    const certificates = await leafAndChain(keys.publicKey, given, certFile);
    const out = need(p, 'out');
    const friendlyName = str(p, 'friendly-name');
    const file = await createPkcs12({
      key: keys.privateKey,
      certificates,
      password: await p12Password(p, io),
      profile,
      ...(friendlyName ? { friendlyName } : {}),
    });
    await writePrivate(out, file, p);
    const leaf = certificates[0]!;
    emit(
      io,
      p,
      {
        file: out,
        profile,
        key: describeKey(keys.privateKey).type,
        subject: leaf.subjectString,
        certificates: certificates.length,
      },
      `PKCS#12 (${profile}) written to ${out}: ${leaf.subjectString} and ${certificates.length - 1} chain certificate(s)`,
    );
    return EXIT.ok;
  },
};

/** `globalsign p12 open|create`. */
export const p12: Command = group('p12', { open, create });
