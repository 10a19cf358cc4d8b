/**
 * Shared pieces of the `globalsign` command line: exit codes, the command shape, output in text or JSON, secrets
 * and inputs read from files. Parsing lives in args.ts, credentials in credentials.ts, error reports in report.ts.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { ParseArgsConfig } from 'node:util';

/** Documented exit codes (README, docs/cli.md). */
export const EXIT = {
  ok: 0,
  /** Bad command line: unknown command or option, missing option, no credentials. */
  usage: 1,
  /** Input refused before anything was sent (ValidationError, unreadable key, certificate or file). */
  validation: 2,
  /** The service answered an error (SuccessCode -1, SOAP Fault, HTTP error, unreadable answer). */
  api: 3,
  /** Network failure (refused, DNS, TLS), timeout, or an order whose outcome is unknown. */
  network: 4,
  /** Deadline passed, or the order was cancelled, revoked or not issued yet. */
  state: 5,
} as const;

/** The `code` a {@link CliError} reports in `--json` errors, by exit code. */
const CODE_OF_EXIT: Readonly<Record<number, string>> = {
  1: 'USAGE',
  2: 'INPUT',
  3: 'API',
  4: 'NETWORK',
  5: 'STATE',
};

/** An error that ends the command with a given exit code and a plain message (optionally naming the input). */
export class CliError extends Error {
  readonly exitCode: number;
  readonly code: string;
  /** The option or input at fault, e.g. `--chain chain.pem`. */
  readonly field: string | undefined;
  constructor(message: string, exitCode: number = EXIT.usage, options: { field?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.code = CODE_OF_EXIT[exitCode] ?? 'ERROR';
    this.field = options.field;
  }
}

/** Where a command writes: stdout for results, stderr for progress and errors; the environment it sees. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Set by long-running commands (the simulator) to keep the process alive until a signal. */
  readonly signal?: AbortSignal;
  /** Asks a question on the terminal (`hidden`: no echo) or reads the next line of stdin; undefined at its end. */
  readonly prompt?: (question: string, hidden: boolean) => Promise<string | undefined>;
}

/** The options a command accepts (node:util parseArgs shape). */
export type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * A command: its usage text, its options, and what it does with the parsed values. A command with `subcommands`
 * (`p12 open|create`) is resolved to the subcommand first: its own options, its own `--help`.
 */
export interface Command {
  readonly usage: string;
  readonly options: Options;
  readonly run: (args: Parsed, io: Io) => Promise<number>;
  readonly subcommands?: Readonly<Record<string, Command>>;
  /** The subcommand that runs when none is named (`simulator` = `simulator serve`). */
  readonly fallback?: string;
}

/** Parsed arguments (for a subcommand, `positionals[0]` is its name). */
export interface Parsed {
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * A string option, or undefined.
 *
 * @example
 * ```ts
 * str(p, 'alg') ?? 'RSA-2048';
 * ```
 */
export const str = (p: Parsed, name: string): string | undefined => {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
};

/**
 * A repeatable string option (empty when absent).
 *
 * @example
 * ```ts
 * const sans = list(p, 'san');
 * ```
 */
export const list = (p: Parsed, name: string): string[] => {
  const v = p.values[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
};

/**
 * A required string option (a usage error when missing).
 *
 * @example
 * ```ts
 * const out = need(p, 'out');
 * ```
 */
export function need(p: Parsed, name: string): string {
  const v = str(p, name);
  if (v === undefined || v === '') {
    throw new CliError(`--${name} is required (see --help)`, EXIT.usage, { field: `--${name}` });
  }
  return v;
}

/**
 * Prints a result: JSON (one document) with `--json`, else the text lines.
 *
 * @example
 * ```ts
 * emit(io, p, { file }, `written to ${file}`);
 * ```
 */
export function emit(io: Io, p: Parsed, json: unknown, text: string): void {
  io.out(p.values.json ? JSON.stringify(json, null, 2) : text);
}

/**
 * Reads a secret from `--<name>-file`, else from the environment variable; trims one trailing newline.
 *
 * @example
 * ```ts
 * const pin = await secret(p, io, 'password-file', 'GLOBALSIGN_P12_PASSWORD');
 * ```
 */
export async function secret(p: Parsed, io: Io, fileOption: string, envName: string): Promise<string | undefined> {
  const file = str(p, fileOption);
  if (file) return new TextDecoder().decode(await readInput(file, `--${fileOption}`)).replace(/\r?\n$/, '');
  return io.env[envName];
}

/**
 * Reads a file, turning a missing or unreadable file into a validation error naming the option and the path.
 *
 * @example
 * ```ts
 * const der = await readInput('csr.pem', '--csr');
 * ```
 */
export async function readInput(path: string, option?: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    const name = option ? `${option} ${path}` : path;
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code;
    throw new CliError(`${name}: cannot read the file (${why})`, EXIT.validation, { field: option ?? path });
  }
}
