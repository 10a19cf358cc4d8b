// Test helper: artifacts made by the `globalsign` CLI as users run it (keygen → csr → order epki --csr against the
// simulator → p12 create). The .p12 files come from the binary itself (`node bin/globalsign.mjs p12 create …`, a
// child process); the steps before run the same commands in-process through src/cli's main(), which saves a Node and
// tsx start-up per step.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Certificate, parseCertificates } from '../../../src/crypto/index.ts';
import { main } from '../../../src/cli/main.ts';
import { run } from './run.ts';

const BIN = join(import.meta.dirname, '../../../bin/globalsign.mjs');

/** What the CLI made. */
export interface CliArtifacts {
  readonly keyFile: string;
  readonly csrFile: string;
  /** The order's output: leaf then issuers, PEM. */
  readonly bundleFile: string;
  readonly leafFile: string;
  readonly chainFile: string;
  /** The .p12 files by profile, the chain given as one DER file per certificate (`--chain a.der --chain b.der`). */
  readonly p12Files: Readonly<Record<'modern' | 'legacy', string>>;
  /** A modern .p12 made with the chain as the one PEM file users have (`--chain chain.pem`). */
  readonly p12FromPemChain: string;
  readonly leaf: Certificate;
  readonly chain: readonly Certificate[];
}

/** Where and as whom the CLI runs. */
export interface CliTarget {
  readonly dir: string;
  readonly endpoint: string;
  readonly username: string;
  readonly password: string;
  readonly profileId: string;
}

const envOf = (t: CliTarget): Record<string, string> => ({
  GLOBALSIGN_USERNAME: t.username,
  GLOBALSIGN_PASSWORD: t.password,
  GLOBALSIGN_ENDPOINT: t.endpoint,
  XDG_CONFIG_HOME: join(t.dir, 'config'),
});

/** The binary, as a child process (paths are absolute). */
async function spawnCli(t: CliTarget, args: string[]): Promise<void> {
  const r = await run(process.execPath, [BIN, ...args], { cwd: t.dir, env: envOf(t) });
  if (r.code !== 0) throw new Error(`globalsign ${args[0]} exited ${r.code}: ${r.stderr}`);
}

/** The same commands through src/cli's main() in this process. */
async function cli(t: CliTarget, args: string[]): Promise<void> {
  const err: string[] = [];
  const code = await main(args, { out: () => {}, err: (s) => err.push(s), env: envOf(t) });
  if (code !== 0) throw new Error(`globalsign ${args[0]} exited ${code}: ${err.join('\n')}`);
}

async function order(t: CliTarget, o: { cn: string; email: string }, f: (ext: string) => string): Promise<void> {
  const args = ['order', 'epki', '--product', 'EPKIPSPersonal', '--profile', t.profileId, '--cn', o.cn];
  await cli(t, [...args, '--email', o.email, '--csr', f('csr.pem'), '--out', f('bundle.pem')]);
}

/**
 * Runs the CLI path for one key algorithm, making a .p12 in each profile; files are named `<name>.*` in `t.dir`.
 *
 * @example
 * ```ts
 * const a = await cliArtifacts(target, { name: 'rsa', alg: 'RSA-2048', email, cn, password });
 * ```
 */
export async function cliArtifacts(
  t: CliTarget,
  o: {
    name: string;
    alg: string;
    email: string;
    cn: string;
    password: string;
    /** Issues the CSR another way (EPKI takes RSA only: EC certificates come from the simulator's CA directly). */
    issue?: (csrPem: string) => Promise<readonly Certificate[]>;
  },
): Promise<CliArtifacts> {
  const f = (ext: string) => join(t.dir, `${o.name}.${ext}`);
  await cli(t, ['keygen', '--alg', o.alg, '--out', f('key.pem')]);
  await cli(t, ['csr', '--key', f('key.pem'), '--cn', o.cn, '--email', o.email, '--out', f('csr.pem')]);
  if (o.issue) {
    const issued = await o.issue(readFileSync(f('csr.pem'), 'utf8'));
    writeFileSync(f('bundle.pem'), issued.map((c) => c.pem).join(''));
  } else await order(t, o, f);
  const [leaf, ...chain] = parseCertificates(readFileSync(f('bundle.pem'), 'utf8'));
  if (!leaf) throw new Error('the order wrote no certificate');
  writeFileSync(f('leaf.pem'), leaf.pem);
  writeFileSync(f('chain.pem'), chain.map((c) => c.pem).join(''));
  writeFileSync(f('pw'), o.password);
  const ders = chain.map((c, i) => {
    writeFileSync(f(`chain-${i}.der`), c.der);
    return ['--chain', f(`chain-${i}.der`)];
  });
  const p12 = (profile: 'modern' | 'legacy', chainArgs = ders.flat(), out = f(`${profile}.p12`)) =>
    spawnCli(t, [
      'p12',
      'create',
      '--key',
      f('key.pem'),
      '--cert',
      f('leaf.pem'),
      ...chainArgs,
      '--profile',
      profile,
      '--friendly-name',
      o.email,
      '--password-file',
      f('pw'),
      '--out',
      out,
    ]);
  await Promise.all([p12('modern'), p12('legacy'), p12('modern', ['--chain', f('chain.pem')], f('pem-chain.p12'))]);
  return {
    keyFile: f('key.pem'),
    csrFile: f('csr.pem'),
    bundleFile: f('bundle.pem'),
    leafFile: f('leaf.pem'),
    chainFile: f('chain.pem'),
    p12Files: { modern: f('modern.p12'), legacy: f('legacy.p12') },
    p12FromPemChain: f('pem-chain.p12'),
    leaf,
    chain,
  };
}
