// `globalsign p12 create` keeps every certificate it is given (issue 14 items 1-2): the leaf plus chain that
// `order … --out` writes, and --chain PEM bundles, parsed (never embedded as PEM bytes); anything else is refused
// naming the input. OpenSSL 3 reads the files with the whole chain.
import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, credsOf, jsonError, openssl, type SimInfo, scratch, startSimulator } from './harness.ts';

let dir: string;
let child: ChildProcess;
let sim: SimInfo;
const P12 = { GLOBALSIGN_P12_PASSWORD: 'correct horse battery' };
const pemBlocks = (text: string): string[] =>
  text.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];

/** The certificates OpenSSL 3 finds in a .p12 (subjects, in file order). */
function opensslCerts(file: string): string[] {
  const r = openssl(dir, ['pkcs12', '-info', '-nokeys', '-in', file, '-passin', 'env:PW'], {
    PW: P12.GLOBALSIGN_P12_PASSWORD,
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout
    .split('\n')
    .filter((l) => l.startsWith('subject='))
    .map((l) => l.slice('subject='.length).trim());
}

/** The subject of each certificate of a PEM file, by openssl. */
function fileSubjects(file: string): string[] {
  return pemBlocks(readFileSync(join(dir, file), 'utf8')).map((b) => {
    const one = join(dir, 'one.pem');
    writeFileSync(one, `${b}\n`);
    return openssl(dir, ['x509', '-in', one, '-noout', '-subject'])
      .stdout.replace(/^subject=/, '')
      .trim();
  });
}

beforeAll(async () => {
  dir = scratch('gsk-p12-chain-');
  ({ child, sim } = await startSimulator(dir));
  expect(cli(dir, ['keygen', '--out', 'alice.key']).code).toBe(0);
  const csr = ['csr', '--key', 'alice.key', '--cn', 'Alice Chain', '--email', 'alice@example.com', '--out', 'a.csr'];
  expect(cli(dir, csr).code).toBe(0);
  const order = cli(
    dir,
    ['order', 'epki', '--product', 'EPKIPSPersonal', '--profile', sim.epkiProfileId, '--cn', 'Alice Chain'].concat([
      '--email',
      'alice@example.com',
      '--csr',
      'a.csr',
      '--out',
      'alice.pem',
    ]),
    credsOf(sim),
  );
  expect(order.code, order.err).toBe(0);
}, 120_000);

afterAll(() => {
  child?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('p12 create keeps the chain', { timeout: 240_000 }, () => {
  it('--cert with the leaf and chain that order --out wrote: OpenSSL 3 lists every certificate', () => {
    const given = fileSubjects('alice.pem');
    expect(given.length).toBeGreaterThanOrEqual(2);
    const r = cli(dir, ['p12', 'create', '--key', 'alice.key', '--cert', 'alice.pem', '--out', 'a.p12', '--json'], P12);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ certificates: given.length });
    expect(opensslCerts('a.p12')).toEqual(given);
  });

  it('--cert leaf.pem --chain bundle.pem (PEM bundle) and a DER chain file: parsed, in order, legacy profile too', () => {
    const blocks = pemBlocks(readFileSync(join(dir, 'alice.pem'), 'utf8'));
    writeFileSync(join(dir, 'leaf.pem'), `${blocks[0]}\n`);
    writeFileSync(join(dir, 'chain.pem'), `${blocks.slice(1).join('\n')}\n`);
    const given = fileSubjects('alice.pem');
    for (const profile of ['modern', 'legacy']) {
      const file = `b-${profile}.p12`;
      const args = ['p12', 'create', '--key', 'alice.key', '--cert', 'leaf.pem', '--chain', 'chain.pem'];
      const r = cli(dir, [...args, '--profile', profile, '--out', file], P12);
      expect(r.code, r.err).toBe(0);
      expect(opensslCerts(file)).toEqual(given);
    }
    // the chain given as DER files, one certificate each; a certificate given twice is kept once
    const ders = blocks.slice(1).map((b, i) => {
      writeFileSync(join(dir, `c${i}.pem`), `${b}\n`);
      expect(openssl(dir, ['x509', '-in', `c${i}.pem`, '-outform', 'DER', '-out', `c${i}.der`]).status).toBe(0);
      return ['--chain', `c${i}.der`];
    });
    const r = cli(
      dir,
      ['p12', 'create', '--key', 'alice.key', '--cert', 'alice.pem', ...ders.flat(), '--out', 'c.p12'],
      P12,
    );
    expect(r.code, r.err).toBe(0);
    expect(opensslCerts('c.p12')).toEqual(given);
  });

  it('refuses, naming the input, a chain file that is not certificates and a --cert without the key', () => {
    writeFileSync(
      join(dir, 'junk.pem'),
      '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n',
    );
    const base = ['p12', 'create', '--key', 'alice.key', '--cert', 'alice.pem', '--out', 'x.p12', '--json'];
    const junk = cli(dir, [...base, '--chain', 'junk.pem'], P12);
    expect(junk.code).toBe(2);
    expect(jsonError(junk)).toMatchObject({
      field: '--chain',
      exitCode: 2,
      message: expect.stringContaining('--chain junk.pem'),
    });
    const keyOnly = cli(dir, [...base, '--chain', 'alice.key'], P12);
    expect(keyOnly.code).toBe(2);
    expect(jsonError(keyOnly).message).toMatch(/^--chain alice\.key: .*(no CERTIFICATE block|labelled CERTIFICATE)/);
    const missing = cli(dir, [...base, '--chain', 'nope.pem'], P12);
    expect(jsonError(missing)).toMatchObject({ field: '--chain', message: expect.stringContaining('nope.pem') });
    expect(cli(dir, ['keygen', '--out', 'other.key']).code).toBe(0);
    const other = cli(dir, ['p12', 'create', '--key', 'other.key', '--cert', 'alice.pem', '--out', 'y.p12'], P12);
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/--cert alice\.pem: no certificate in it belongs to the key/);
  });
});
