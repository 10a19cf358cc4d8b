/**
 * Key, CSR and PKCS#12 commands of the `globalsign` CLI: `keygen`, `csr`, `p12 open`, `p12 create`.
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import {
  createCsr,
  createPkcs12,
  describeKey,
  exportPrivateKey,
  generateKeyPair,
  importPrivateKey,
  importPublicKey,
  type KeyAlgorithmName,
  openPkcs12,
  parseCertificate,
  publicKeySpki,
  type SubjectAltName,
  spkiFingerprint,
  toPem,
} from '../crypto/index.ts';
import { CliError, type Command, EXIT, emit, type Io, need, type Parsed, readInput, secret, str } from './common.ts';

const ALGS: readonly KeyAlgorithmName[] = ['RSA-2048', 'RSA-3072', 'RSA-4096', 'P-256', 'P-384'];

/** Writes a private file (mode 0600), refusing to replace one unless `--force`. */
async function writePrivate(path: string, data: string | Uint8Array, p: Parsed): Promise<void> {
  try {
    await writeFile(path, data, { mode: 0o600, flag: p.values.force ? 'w' : 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new CliError(`${path} exists (use --force to replace it)`, EXIT.validation);
    }
    throw e;
  }
}

async function loadKey(path: string): Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }> {
  const privateKey = await importPrivateKey(await readInput(path), { extractable: true });
  const publicKey = await importPublicKey(await publicKeySpki(privateKey));
  return { privateKey, publicKey };
}

/** `globalsign keygen`. */
export const keygen: Command = {
  usage: `globalsign keygen --out key.pem [--alg RSA-2048|RSA-3072|RSA-4096|P-256|P-384] [--force] [--json]
  Makes a key pair and writes the private key as PKCS#8 PEM (mode 0600). EPKI takes RSA only.`,
  options: { out: { type: 'string', short: 'o' }, alg: { type: 'string' }, force: { type: 'boolean' } },
  async run(p, io) {
    const alg = (str(p, 'alg') ?? 'RSA-2048') as KeyAlgorithmName;
    if (!ALGS.includes(alg)) throw new CliError(`--alg must be one of ${ALGS.join(', ')}`, EXIT.usage);
    const out = need(p, 'out');
    const keys = await generateKeyPair(alg, { extractable: true });
    await writePrivate(out, await exportPrivateKey(keys.privateKey, 'pem'), p);
    const fingerprint = await spkiFingerprint(keys.publicKey);
    emit(
      io,
      p,
      { algorithm: alg, file: out, spkiSha256: fingerprint },
      `${alg} key written to ${out}\nSPKI SHA-256 ${fingerprint}`,
    );
    return EXIT.ok;
  },
};

function parseSan(s: string): SubjectAltName {
  const at = s.indexOf(':');
  const type = s.slice(0, at);
  const value = s.slice(at + 1);
  if (at < 1 || !['dns', 'email', 'ip', 'uri', 'upn'].includes(type)) {
    throw new CliError(`--san ${s}: use dns:NAME, email:ADDR, ip:ADDR, uri:URI or upn:NAME`, EXIT.usage);
  }
  return { type, value } as SubjectAltName;
}

/** `globalsign csr`. */
export const csr: Command = {
  usage: `globalsign csr --key key.pem --cn NAME [--email ADDR] [--san dns:x|email:x|ip:x|uri:x ...] [--o ORG]
       [--ou UNIT ...] [--c CC] [--out csr.pem] [--json]
  Makes a PKCS#10 CSR (PEM to --out or stdout). --email adds E= and an rfc822Name SAN.`,
  options: {
    key: { type: 'string', short: 'k' },
    cn: { type: 'string' },
    email: { type: 'string' },
    san: { type: 'string', multiple: true },
    o: { type: 'string' },
    ou: { type: 'string', multiple: true },
    c: { type: 'string' },
    out: { type: 'string', short: 'o' },
  },
  async run(p, io) {
    const keys = await loadKey(need(p, 'key'));
    const email = str(p, 'email');
    const sans = ((p.values.san as string[] | undefined) ?? []).map(parseSan);
    if (email && !sans.some((s) => s.type === 'email' && s.value === email)) sans.push({ type: 'email', value: email });
    const subject = {
      CN: need(p, 'cn'),
      ...(str(p, 'o') ? { O: str(p, 'o')! } : {}),
      ...(p.values.ou ? { OU: p.values.ou as string[] } : {}),
      ...(str(p, 'c') ? { C: str(p, 'c')! } : {}),
      ...(email ? { E: email } : {}),
    };
    const made = await createCsr({ keys, subject, sans });
    const out = str(p, 'out');
    if (out) await writeFile(out, made.pem);
    if (out || p.values.json) emit(io, p, { file: out, pem: made.pem }, `CSR written to ${out}`);
    else io.out(made.pem.trimEnd());
    return EXIT.ok;
  },
};

async function p12Password(p: Parsed, io: Io): Promise<string> {
  const pw = await secret(p, io, 'password-file', 'GLOBALSIGN_P12_PASSWORD');
  if (pw === undefined) {
    throw new CliError('the PKCS#12 password comes from --password-file or GLOBALSIGN_P12_PASSWORD', EXIT.usage);
  }
  return pw;
}

const p12Usage = `globalsign p12 open FILE.p12 [--out-key key.pem] [--out-certs certs.pem] [--force] [--json]
globalsign p12 create --key key.pem --cert cert.pem [--chain chain.pem ...] --out FILE.p12
       [--profile modern|legacy] [--friendly-name NAME] [--force] [--json]
  The password comes from --password-file FILE or GLOBALSIGN_P12_PASSWORD (never from argv).`;

async function p12Open(p: Parsed, io: Io): Promise<number> {
  const file = p.positionals[1] ?? need(p, 'in');
  const contents = await openPkcs12(await readInput(file), await p12Password(p, io));
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
}

async function p12Create(p: Parsed, io: Io): Promise<number> {
  const profile = str(p, 'profile') ?? 'modern';
  if (profile !== 'modern' && profile !== 'legacy') throw new CliError('--profile is modern or legacy', EXIT.usage);
  const keys = await loadKey(need(p, 'key'));
  const chain = await Promise.all(((p.values.chain as string[] | undefined) ?? []).map(readInput));
  const leaf = parseCertificate(await readInput(need(p, 'cert')));
  const pub = await spkiFingerprint(keys.publicKey);
  if ((await spkiFingerprint(leaf.spkiDer)) !== pub) {
    throw new CliError('the certificate does not belong to the key', EXIT.validation);
  }
  const file = await createPkcs12({
    key: keys.privateKey,
    certificates: [leaf, ...chain],
    password: await p12Password(p, io),
    profile,
    ...(str(p, 'friendly-name') ? { friendlyName: str(p, 'friendly-name')! } : {}),
  });
  const out = need(p, 'out');
  await writePrivate(out, file, p);
  const kind = describeKey(keys.privateKey);
  emit(
    io,
    p,
    { file: out, profile, key: kind.type, subject: leaf.subjectString },
    `PKCS#12 (${profile}) written to ${out}`,
  );
  return EXIT.ok;
}

/** `globalsign p12 open|create`. */
export const p12: Command = {
  usage: p12Usage,
  options: {
    in: { type: 'string' },
    'out-key': { type: 'string' },
    'out-certs': { type: 'string' },
    'password-file': { type: 'string' },
    key: { type: 'string', short: 'k' },
    cert: { type: 'string' },
    chain: { type: 'string', multiple: true },
    out: { type: 'string', short: 'o' },
    profile: { type: 'string' },
    'friendly-name': { type: 'string' },
    force: { type: 'boolean' },
  },
  run(p, io) {
    const sub = p.positionals[0];
    if (sub === 'open') return p12Open(p, io);
    if (sub === 'create') return p12Create(p, io);
    throw new CliError(`p12: expected open or create\n\n${p12Usage}`, EXIT.usage);
  },
};
