/**
 * The `globalsign` command line: dispatch, help, exit codes. `main(argv, io)` is side-effect free apart from the
 * files a command writes, so tests can call it in-process; `run.ts` binds it to the process.
 *
 * Exit codes: 0 ok · 1 usage · 2 validation (input refused before sending) · 3 API error (SuccessCode -1, SOAP
 * Fault, HTTP error) · 4 network, timeout or order outcome unknown · 5 deadline passed or order cancelled/revoked.
 *
 * @module
 */
import { isGlobalSignApiError, isOrderOutcomeUnknownError } from '../errors.ts';
import { type Command, EXIT, exitCodeOf, type Io, parse } from './common.ts';
import { csr, keygen, p12 } from './crypto-commands.ts';
import { domain } from './domain-commands.ts';
import { order, status, wait } from './epki-commands.ts';
import { download } from './mssl-commands.ts';
import { renew } from './renew-command.ts';
import { simulator } from './simulator-command.ts';
import { sync } from './sync-command.ts';

/** Every command by name. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  keygen,
  csr,
  p12,
  order,
  status,
  wait,
  download,
  sync,
  simulator,
  domain,
  renew,
  acme: (await import('./acme-command.ts')).acme,
};

/** The top-level help. */
export const USAGE = `globalsign <command> [options]   (every command takes --help and --json)

Commands:
  keygen      make a key pair (PKCS#8 PEM)
  csr         make a PKCS#10 CSR from a key
  p12         open | create a PKCS#12 file
  order       epki | mssl: place an order (and wait for its certificate)
  status      show an order (--service epki|mssl)
  wait        poll an order until it is issued (--service epki|mssl)
  download    write an issued order's certificate and chain (and an MSSL PKCS#12)
  sync        list every order in a date range past the query caps, resumable (--service epki|mssl)
  simulator   serve the local GlobalSign simulator
  domain      add | verify | renew | list: MSSL domain validation by DNS or HTTP
  renew       list MSSL certificates expiring within N days, or renew one (new key, same names)

Credentials: GLOBALSIGN_USERNAME, GLOBALSIGN_PASSWORD, GLOBALSIGN_ENDPOINT (production | test | URL), or
$XDG_CONFIG_HOME/globalsign-kit/config.json {"username","password","endpoint"}; never on the command line.
Exit codes: 0 ok, 1 usage, 2 validation, 3 API error, 4 network/timeout/outcome unknown, 5 deadline/order state.`;

/** Describes an error for stderr: message, plus the API's codes, never secrets (the library keeps them out). */
function describe(e: unknown): string {
  if (isGlobalSignApiError(e)) {
    return e.errors
      .map(
        (x) =>
          `${x.ErrorCode}${x.ErrorField ? ` ${x.ErrorField}` : ''}: ${x.ErrorMessage ?? ''}${x.explanation ? ` (${x.explanation})` : ''}`,
      )
      .join('\n');
  }
  if (isOrderOutcomeUnknownError(e)) return `${e.message}`;
  return e instanceof Error ? e.message : String(e);
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
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`unknown command ${name}\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    const parsed = parse(command, rest);
    if (parsed === 'help') {
      io.out(command.usage);
      return EXIT.ok;
    }
    return await command.run(parsed, io);
  } catch (e) {
    io.err(`globalsign ${name}: ${describe(e)}`);
    return exitCodeOf(e);
  }
}
