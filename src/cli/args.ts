/**
 * Command-line parsing of the `globalsign` CLI: a command with subcommands is resolved to the subcommand (its own
 * options, its own `--help`); options are checked with our own messages and the command's usage (never Node's
 * parseArgs wording); secrets are refused on the command line.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { CliError, type Command, EXIT, type Options, type Parsed } from './common.ts';

const FORBIDDEN = ['--password', '--username', '--pin', '--pickup-password', '--p12-password'];
const GLOBAL: Options = { help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' } };

/**
 * A command made of subcommands (`p12 open|create`): its usage lists them all, `--help` after a subcommand shows
 * only that one, and `fallback` (if given) runs when no subcommand is named (`simulator` = `simulator serve`).
 *
 * @example
 * ```ts
 * export const p12 = group('p12', { open, create });
 * ```
 */
export function group(
  name: string,
  subcommands: Readonly<Record<string, Command>>,
  footer = '',
  fallback?: string,
): Command {
  const own = (u: string): string => (footer && u.endsWith(footer) ? u.slice(0, -footer.length).trimEnd() : u);
  const usage = [...Object.values(subcommands).map((c) => own(c.usage)), footer].filter(Boolean).join('\n');
  const options: Options = {};
  for (const c of Object.values(subcommands)) Object.assign(options, c.options);
  return {
    usage,
    options,
    subcommands,
    ...(fallback ? { fallback } : {}),
    run(p, io) {
      const sub = subcommands[p.positionals[0] ?? ''] ?? (fallback ? subcommands[fallback] : undefined);
      if (!sub) {
        const names = Object.keys(subcommands);
        const expected = `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
        throw new CliError(`${name}: expected ${expected}\n\n${usage}`, EXIT.usage);
      }
      return sub.run(p, io);
    },
  };
}

/**
 * The command that handles argv: the named subcommand of a group (or its fallback), else the command itself.
 *
 * @example
 * ```ts
 * resolve(p12, ['open', 'a.p12', '--help']); // the `p12 open` command
 * ```
 */
export function resolve(command: Command, argv: readonly string[]): Command {
  const subs = command.subcommands;
  if (!subs) return command;
  const first = firstPositional(command, argv);
  if (first !== undefined && subs[first]) return subs[first];
  const asksHelp = argv.includes('--help') || argv.includes('-h');
  return first === undefined && !asksHelp && command.fallback ? (subs[command.fallback] ?? command) : command;
}

function firstPositional(command: Command, argv: readonly string[]): string | undefined {
  const { tokens } = parseArgs({
    args: [...argv],
    options: { ...command.options, ...GLOBAL },
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const t = tokens.find((x) => x.kind === 'positional');
  return t?.kind === 'positional' ? t.value : undefined;
}

/** Refuses `--password` & co. before anything else looks at argv. */
function refuseSecrets(argv: readonly string[]): void {
  for (const a of argv) {
    if (a === '--') return;
    const name = a.split('=')[0]!;
    if (FORBIDDEN.includes(name)) {
      throw new CliError(
        `${name} is not accepted on the command line (it would show in the process list and shell history); use ` +
          'GLOBALSIGN_USERNAME / GLOBALSIGN_PASSWORD, `globalsign config set`, or a --*-file option (see --help)',
        EXIT.usage,
        { field: name },
      );
    }
  }
}

/** Our own messages for unknown options, missing values and values given to switches. */
function checkOptions(options: Options, argv: readonly string[], usage: string): void {
  const { tokens } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const def = options[t.name];
    const fail = (why: string): never => {
      throw new CliError(`${t.rawName}: ${why}\n\n${usage}`, EXIT.usage, { field: t.rawName });
    };
    if (!def) fail('unknown option (the options of this command are listed below)');
    else if (def.type === 'string' && t.value === undefined) fail('needs a value');
    else if (def.type === 'string' && t.inlineValue === false && t.value?.startsWith('--')) {
      fail(`needs a value (got the option ${t.value}; write ${t.rawName}=${t.value} if that is the value)`);
    } else if (def.type === 'boolean' && t.value !== undefined) fail('takes no value');
  }
}

/**
 * Parses argv for a (resolved) command: refuses secrets on the command line, unknown options and missing values
 * with the command's usage; `'help'` when `--help`/`-h` is given.
 *
 * @example
 * ```ts
 * const p = parse(keygen, ['--out', 'key.pem']); // or 'help'
 * ```
 */
export function parse(command: Command, argv: readonly string[]): Parsed | 'help' {
  refuseSecrets(argv);
  const options = { ...command.options, ...GLOBAL };
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  checkOptions(options, argv, command.usage);
  const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false });
  return { values, positionals };
}

/**
 * Whether argv asks for JSON output (also when it cannot be parsed, so errors are JSON too).
 *
 * @example
 * ```ts
 * wantsJson(['status', 'CE1', '--json']); // true
 * ```
 */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}
