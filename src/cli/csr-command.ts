/**
 * `globalsign csr`: makes a PKCS#10 CSR from a key file.
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import { createCsr, type SubjectAltName } from '../crypto/index.ts';
import { CliError, type Command, EXIT, emit, list, need, str } from './common.ts';
import { loadKey } from './files.ts';

function parseSan(s: string): SubjectAltName {
  const at = s.indexOf(':');
  const type = s.slice(0, at);
  const value = s.slice(at + 1);
  if (at < 1 || !['dns', 'email', 'ip', 'uri', 'upn'].includes(type)) {
    throw new CliError(`--san ${s}: use dns:NAME, email:ADDR, ip:ADDR, uri:URI or upn:NAME`, EXIT.usage, {
      field: '--san',
    });
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
    const keys = await loadKey(need(p, 'key'), '--key');
    const email = str(p, 'email');
    const sans = list(p, 'san').map(parseSan);
    if (email && !sans.some((s) => s.type === 'email' && s.value === email)) sans.push({ type: 'email', value: email });
    const o = str(p, 'o');
    const c = str(p, 'c');
    const ou = list(p, 'ou');
    const subject = {
      CN: need(p, 'cn'),
      ...(o ? { O: o } : {}),
      ...(ou.length ? { OU: ou } : {}),
      ...(c ? { C: c } : {}),
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
