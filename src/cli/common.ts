/**
 * Shared pieces of the `globalsign` command line: exit codes, argument parsing with `--help`, output in text or
 * JSON, credentials from the environment or the config file (never from argv), and secrets read from files.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { ClientOptions } from '../clients/base.ts';
import { isGlobalSignError } from '../errors.ts';

/** Documented exit codes. */
export const EXIT = {
  ok: 0,
  /** Bad command line. */
  usage: 1,
  /** Input refused before anything was sent (ValidationError, unreadable key or file). */
  validation: 2,
  /** The service answered an error (SuccessCode -1, SOAP Fault, HTTP error, unreadable answer). */
  api: 3,
  /** Network failure, timeout, or an order whose outcome is unknown. */
  network: 4,
  /** Deadline passed, or the order was cancelled/revoked. */
  state: 5,
} as const;

/** An error that ends the command with a given exit code and a plain message. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.usage) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** Where a command writes: stdout for results, stderr for progress and errors; the environment it sees. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Set by long-running commands (the simulator) to keep the process alive until a signal. */
  readonly signal?: AbortSignal;
}

/** A command: its usage text, its options, and what it does with the parsed values. */
export interface Command {
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  readonly run: (args: Parsed, io: Io) => Promise<number>;
}

/** Parsed arguments. */
export interface Parsed {
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly positionals: readonly string[];
}

const FORBIDDEN = ['--password', '--username', '--pin', '--pickup-password', '--p12-password'];

/**
 * Parses argv for a command; refuses secrets on the command line with a clear message.
 *
 * @example
 * ```ts
 * const p = parse(keygen, ['--out', 'key.pem']); // or 'help'
 * ```
 */
export function parse(command: Command, argv: readonly string[]): Parsed | 'help' {
  for (const a of argv) {
    const name = a.split('=')[0]!;
    if (FORBIDDEN.includes(name)) {
      throw new CliError(
        `${name} is not accepted on the command line (it would show in the process list and shell history); use ` +
          'GLOBALSIGN_USERNAME / GLOBALSIGN_PASSWORD, the config file, or a --*-file option (see --help)',
        EXIT.usage,
      );
    }
  }
  let parsed: Parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...command.options, help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new CliError(`${(e as Error).message}\n\n${command.usage}`, EXIT.usage);
  }
  return parsed.values.help ? 'help' : parsed;
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
 * A required string option (a usage error when missing).
 *
 * @example
 * ```ts
 * const out = need(p, 'out');
 * ```
 */
export function need(p: Parsed, name: string): string {
  const v = str(p, name);
  if (v === undefined || v === '') throw new CliError(`--${name} is required (see --help)`, EXIT.usage);
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
 * The config file path: `$XDG_CONFIG_HOME/globalsign-kit/config.json` (default `~/.config`).
 *
 * @example
 * ```ts
 * configPath(process.env); // '/home/me/.config/globalsign-kit/config.json'
 * ```
 */
export function configPath(env: Io['env']): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'globalsign-kit', 'config.json');
}

/**
 * Client options from GLOBALSIGN_USERNAME / GLOBALSIGN_PASSWORD / GLOBALSIGN_ENDPOINT, else from the config file
 * (`{ "username", "password", "endpoint" }`); `--endpoint` overrides the endpoint.
 *
 * @example
 * ```ts
 * const epki = new EpkiClient(await credentials(io, 'test'));
 * ```
 */
export async function credentials(io: Io, endpoint?: string): Promise<ClientOptions> {
  let { GLOBALSIGN_USERNAME: username, GLOBALSIGN_PASSWORD: password } = io.env;
  let configured = io.env.GLOBALSIGN_ENDPOINT;
  if (!username || !password) {
    const path = configPath(io.env);
    let file: Record<string, unknown>;
    try {
      file = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : 'unreadable';
      throw new CliError(
        `no credentials: set GLOBALSIGN_USERNAME and GLOBALSIGN_PASSWORD, or write ${path} (${why})`,
        EXIT.usage,
      );
    }
    username = typeof file.username === 'string' ? file.username : undefined;
    password = typeof file.password === 'string' ? file.password : undefined;
    if (!configured && typeof file.endpoint === 'string') configured = file.endpoint;
    if (!username || !password) throw new CliError(`${path} needs "username" and "password"`, EXIT.usage);
  }
  return { username, password, endpoint: endpoint ?? configured ?? 'production' };
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
  if (file) return (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
  return io.env[envName];
}

/**
 * Reads a file, turning a missing file into a validation error with its path.
 *
 * @example
 * ```ts
 * const der = await readInput('csr.pem');
 * ```
 */
export async function readInput(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, EXIT.validation);
  }
}

/**
 * The exit code for an error thrown by the library.
 *
 * @example
 * ```ts
 * exitCodeOf(new DeadlineError('late', 1000)); // 5
 * ```
 */
export function exitCodeOf(e: unknown): number {
  if (e instanceof CliError) return e.exitCode;
  if (e instanceof DOMException && e.name === 'AbortError') return EXIT.network;
  if (!isGlobalSignError(e)) return EXIT.validation;
  switch (e.code) {
    case 'VALIDATION':
    case 'CRYPTO':
      return EXIT.validation;
    case 'GLOBALSIGN_API':
    case 'SOAP_FAULT':
    case 'XML':
      return EXIT.api;
    case 'HTTP':
      return (e as unknown as { status: number }).status === 0 ? EXIT.network : EXIT.api;
    case 'DEADLINE':
    case 'ORDER_STATE':
      return EXIT.state;
    default:
      return EXIT.network;
  }
}
