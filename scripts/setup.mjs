#!/usr/bin/env node
// Installs the system tools the tests need and a fresh machine may lack.
// On Debian as root it installs them with apt-get; elsewhere it prints what to install and exits non-zero.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Each entry: the command the tests run, and the Debian package that provides it. */
const NEEDED = [
  { command: 'openssl', debian: 'openssl', why: 'PKCS#12 and certificate interop tests' },
  { command: 'chromium', debian: 'chromium', why: 'browser runtime tests and the enrollment page end to end' },
  { command: 'xmllint', debian: 'libxml2-utils', why: 'every SOAP message validated against the WSDL schemas' },
  {
    command: 'pk12util',
    debian: 'libnss3-tools',
    why: '.p12 files imported into an NSS database (Firefox, Thunderbird)',
  },
  { command: 'keytool', debian: 'default-jre-headless', why: '.p12 files listed by Java keytool' },
  { command: 'certtool', debian: 'gnutls-bin', why: '.p12 files read by GnuTLS' },
  {
    command: "/usr/bin/python3 -c 'import cryptography'",
    debian: 'python3-cryptography',
    why: ".p12 files loaded by Python's cryptography",
  },
  { command: 'certbot', debian: 'certbot', why: 'the ACME gateway driven by certbot' },
  { command: 'pebble', debian: 'pebble', why: 'the ACME benchmark anchor' },
];

const quiet = process.argv.includes('--quiet');
const log = (msg) => {
  if (!quiet) console.log(`[setup] ${msg}`);
};

function has(command) {
  const probe = command.includes(' ') ? command : `command -v ${command}`;
  return spawnSync('sh', ['-c', probe], { stdio: 'ignore' }).status === 0;
}

const missing = NEEDED.filter((n) => !has(n.command));
if (missing.length === 0) {
  log(`system tools present: ${NEEDED.map((n) => n.command).join(', ')}`);
  process.exit(0);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const isDebian = existsSync('/etc/debian_version') && has('apt-get');
const pkgs = missing.map((n) => n.debian);
if (isRoot && isDebian) {
  log(`installing ${pkgs.join(', ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: quiet ? 'ignore' : 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], {
    stdio: quiet ? 'ignore' : 'inherit',
    env,
  });
  const still = missing.filter((n) => !has(n.command));
  if (still.length > 0) {
    console.error(`[setup] still missing after install: ${still.map((n) => n.command).join(', ')}`);
    process.exit(1);
  }
  log('system tools installed');
  process.exit(0);
}

console.error('[setup] missing system tools:');
for (const n of missing) console.error(`  - ${n.command} (${n.why}); Debian/Ubuntu package: ${n.debian}`);
console.error(
  `[setup] install them, e.g.: sudo apt-get install -y ${pkgs.join(' ')}  (macOS: brew install openssl chromium)`,
);
process.exit(1);
