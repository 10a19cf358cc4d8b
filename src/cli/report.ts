/**
 * How the `globalsign` CLI reports an error: the documented exit code, a text line on stderr, or with `--json` one
 * JSON object `{ "error": { name, code, message, field?, exitCode } }`. Never a secret: the library keeps them out
 * of its messages, and the CLI adds only option names, paths and endpoints.
 *
 * @module
 */
import { isGlobalSignApiError, isGlobalSignError } from '../errors.ts';
import { CliError, EXIT } from './common.ts';
import { EndpointFailure, endpointFailure } from './network.ts';

/** The `error` member of a `--json` error report. */
export interface ErrorReport {
  readonly name: string;
  readonly code: string;
  readonly message: string;
  readonly field?: string;
  readonly exitCode: number;
}

/**
 * The exit code for an error thrown by a command or the library.
 *
 * @example
 * ```ts
 * exitCodeOf(new DeadlineError('late', 1000)); // 5
 * ```
 */
export function exitCodeOf(e: unknown): number {
  if (e instanceof CliError) return e.exitCode;
  if (e instanceof DOMException && e.name === 'AbortError') return EXIT.network;
  if (e instanceof EndpointFailure) return EXIT.network;
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

/** The message: the API's codes and explanations, or the error's message with the endpoint of a network failure. */
function messageOf(e: unknown): string {
  if (isGlobalSignApiError(e)) {
    return e.errors
      .map(
        (x) =>
          `${x.ErrorCode}${x.ErrorField ? ` ${x.ErrorField}` : ''}: ${x.ErrorMessage ?? ''}${x.explanation ? ` (${x.explanation})` : ''}`,
      )
      .join('\n');
  }
  const message = e instanceof Error ? e.message : String(e);
  const failure = endpointFailure(e);
  if (failure && !message.includes(failure.endpoint)) return `${message}: ${failure.message}`;
  return message;
}

function fieldOf(e: unknown): string | undefined {
  if (e instanceof CliError) return e.field;
  if (isGlobalSignApiError(e)) return e.errors.find((x) => x.ErrorField)?.ErrorField;
  const field = (e as { field?: unknown } | null)?.field;
  return typeof field === 'string' && field ? field : undefined;
}

function codeOf(e: unknown): string {
  if (e instanceof CliError || isGlobalSignError(e)) return e.code;
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'INTERNAL';
}

/**
 * The structured report of an error.
 *
 * @example
 * ```ts
 * report(new CliError('--out is required', 1, { field: '--out' }));
 * // { name: 'CliError', code: 'USAGE', message: '--out is required', field: '--out', exitCode: 1 }
 * ```
 */
export function report(e: unknown): ErrorReport {
  const field = fieldOf(e);
  return {
    name: e instanceof Error ? e.name : 'Error',
    code: codeOf(e),
    message: messageOf(e),
    ...(field ? { field } : {}),
    exitCode: exitCodeOf(e),
  };
}

/**
 * Writes the report: one JSON object with `--json`, else `globalsign <command>: <message>`.
 *
 * @example
 * ```ts
 * return printError(io.err, 'status', e, json);
 * ```
 */
export function printError(err: (text: string) => void, command: string, e: unknown, json: boolean): number {
  const r = report(e);
  err(json ? JSON.stringify({ error: r }) : `globalsign${command ? ` ${command}` : ''}: ${r.message}`);
  return r.exitCode;
}
