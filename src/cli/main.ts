/**
 * The `globalsign` command line: the table of commands, dispatch, help, `--version`, errors and exit codes.
 * `main(argv, io)` is side-effect free apart from the files a command writes, so tests can call it in-process;
 * `run.ts` binds it to the process.
 *
 * Exit codes: 0 ok · 1 usage · 2 validation (input refused before sending) · 3 API error (SuccessCode -1, SOAP
 * Fault, HTTP error) · 4 network, timeout or order outcome unknown · 5 deadline passed or order cancelled/revoked.
 * With `--json`, an error is one JSON object on stderr: `{ "error": { name, code, message, field?, exitCode } }`.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse, resolve, wantsJson } from './args.ts';
import { CliError, type Command, EXIT, type Io } from './common.ts';
import { acme } from './acme-command.ts';
import { config } from './config-command.ts';
import { csr } from './csr-command.ts';
import { domain } from './domain-command.ts';
import { download } from './download-command.ts';
import { keygen } from './keygen-command.ts';
import { order } from './order-command.ts';
import { p12 } from './p12-command.ts';
import { renew } from './renew-command.ts';
import { printError } from './report.ts';
import { simulator } from './simulator-command.ts';
import { status } from './status-command.ts';
import { sync } from './sync-command.ts';
import { wait } from './wait-command.ts';

/** Every command: name, implementation, one-line summary for the top-level help. Add a command with one line. */
export const COMMANDS: readonly (readonly [name: string, command: Command, summary: string])[] = [
  ['keygen', keygen, 'make a key pair (PKCS#8 PEM)'],
  ['csr', csr, 'make a PKCS#10 CSR from a key'],
  ['p12', p12, 'open | create a PKCS#12 file'],
  ['order', order, 'epki | mssl: place an order (and wait for its certificate)'],
  ['status', status, 'show an order (--service epki|mssl)'],
  ['wait', wait, 'poll an order until it is issued (--service epki|mssl)'],
  ['download', download, "write an issued order's certificate and chain (and an MSSL PKCS#12)"],
  ['sync', sync, 'list every order in a date range past the query caps, resumable (--service epki|mssl)'],
  ['domain', domain, 'add | verify | renew | list: MSSL domain validation by DNS or HTTP'],
  ['renew', renew, 'list MSSL certificates expiring within N days, or renew one (new key, same names)'],
  ['config', config, 'set | show: the credentials file (prompts for the password)'],
  ['acme', acme, 'tenant create: an ACME gateway tenant and its EAB credentials (admin secret from the environment)'],
  ['simulator', simulator, 'serve the local GlobalSign simulator | complete ORDER_ID: finish an enrollment on it'],
];

const byName = new Map(COMMANDS.map(([name, command]) => [name, command]));

/** The top-level help. */
export const USAGE = `globalsign <command> [options]   (every command takes --help and --json; globalsign --version)

Commands:
${COMMANDS.map(([name, , summary]) => `  ${name.padEnd(10)}  ${summary}`).join('\n')}

Credentials: GLOBALSIGN_USERNAME, GLOBALSIGN_PASSWORD, GLOBALSIGN_ENDPOINT (production | test | URL), or the file
\`globalsign config set\` writes ($XDG_CONFIG_HOME/globalsign-kit/config.json); never on the command line.
Exit codes: 0 ok, 1 usage, 2 validation, 3 API error, 4 network/timeout/outcome unknown, 5 deadline/order state.
With --json an error is one JSON object on stderr: {"error":{"name","code","message","field"?,"exitCode"}}.`;

/**
 * The package version (package.json next to src/ or dist/).
 *
 * @example
 * ```ts
 * await version(); // '0.1.0'
 * ```
 */
export async function version(): Promise<string> {
  const file = fileURLToPath(new URL('../../package.json', import.meta.url));
  return (JSON.parse(await readFile(file, 'utf8')) as { version: string }).version;
}

/**
 * Runs one command line and returns its exit code.
 *
 * @example
 * ```ts
 * const code = await main(['keygen', '--out', 'key.pem'], { out: console.log, err: console.error, env: process.env });
 * ```
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  const json = wantsJson(argv);
  if (name === '--version' || name === '-V' || name === 'version') {
    const v = await version();
    io.out(json ? JSON.stringify({ name: 'globalsign-kit', version: v }) : `globalsign ${v}`);
    return EXIT.ok;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = byName.get(name);
  try {
    if (!command) {
      throw new CliError(`unknown command ${name}\n\n${USAGE}`, EXIT.usage, { field: name });
    }
    const target = resolve(command, rest);
    const parsed = parse(target, rest);
    if (parsed === 'help') {
      io.out(target.usage);
      return EXIT.ok;
    }
    return await target.run(parsed, io);
  } catch (e) {
    return printError(io.err, command ? name : '', e, json);
  }
}
