/**
 * Credentials of the `globalsign` CLI: from GLOBALSIGN_USERNAME / GLOBALSIGN_PASSWORD / GLOBALSIGN_ENDPOINT, else
 * from the config file that `globalsign config set` writes; never from argv. The clients get a fetch that names the
 * endpoint and the cause of a network failure, and the `--timeout` of the command.
 *
 * @module
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ClientOptions } from '../clients/base.ts';
import { CliError, EXIT, type Io, type Parsed, str } from './common.ts';
import { explainingFetch } from './network.ts';
import { duration } from './waiting.ts';

/** What the config file holds. */
export interface ConfigFile {
  readonly username?: string;
  readonly password?: string;
  readonly endpoint?: string;
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
 * Reads the config file; `undefined` when there is none, a usage error naming the file when it is not JSON.
 *
 * @example
 * ```ts
 * const file = await readConfig(io.env);
 * ```
 */
export async function readConfig(env: Io['env']): Promise<ConfigFile | undefined> {
  const path = configPath(env);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`${path}: cannot read the file (${(e as NodeJS.ErrnoException).code})`, EXIT.usage);
  }
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    const pick = (k: string) => (typeof o[k] === 'string' ? { [k]: o[k] as string } : {});
    return { ...pick('username'), ...pick('password'), ...pick('endpoint') };
  } catch {
    throw new CliError(`${path} is not JSON; rewrite it with: globalsign config set`, EXIT.usage);
  }
}

/**
 * Writes the config file (mode 0600, its folder 0700).
 *
 * @example
 * ```ts
 * await writeConfig(io.env, { username, password, endpoint: 'test' });
 * ```
 */
export async function writeConfig(env: Io['env'], config: ConfigFile): Promise<string> {
  const path = configPath(env);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  return path;
}

/**
 * Client options from the environment, else the config file; `--endpoint` and `--timeout` override.
 *
 * @example
 * ```ts
 * const epki = new EpkiClient(await credentials(io, p));
 * ```
 */
export async function credentials(io: Io, p?: Parsed): Promise<ClientOptions> {
  let { GLOBALSIGN_USERNAME: username, GLOBALSIGN_PASSWORD: password } = io.env;
  let configured = io.env.GLOBALSIGN_ENDPOINT;
  if (!username || !password) {
    const path = configPath(io.env);
    const file = await readConfig(io.env);
    if (!file) {
      throw new CliError(
        `no credentials: set GLOBALSIGN_USERNAME and GLOBALSIGN_PASSWORD, or run: globalsign config set (writes ${path})`,
        EXIT.usage,
      );
    }
    ({ username, password } = file);
    configured ||= file.endpoint;
    if (!username || !password) {
      throw new CliError(`${path} needs "username" and "password": run globalsign config set`, EXIT.usage);
    }
  }
  const timeoutMs = p ? duration(str(p, 'timeout'), 'timeout') : undefined;
  return {
    username,
    password,
    endpoint: (p && str(p, 'endpoint')) || configured || 'production',
    fetch: explainingFetch((input, init) => globalThis.fetch(input, init)),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  };
}
