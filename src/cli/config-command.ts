/**
 * `globalsign config set|show`: writes the config file the other commands read credentials from, prompting for the
 * username and password (the password without echo on a terminal; from stdin lines otherwise), never from argv.
 *
 * @module
 */
import { group } from './args.ts';
import { CliError, type Command, EXIT, emit, type Io, str } from './common.ts';
import { configPath, readConfig, writeConfig } from './credentials.ts';

async function ask(io: Io, question: string, hidden: boolean, field: string): Promise<string> {
  const answer = (await io.prompt?.(question, hidden))?.trim();
  if (!answer) {
    throw new CliError(`${field}: no answer (type it at the prompt, or give it as a line on stdin)`, EXIT.usage, {
      field,
    });
  }
  return answer;
}

/** `globalsign config set`. */
export const set: Command = {
  usage: `globalsign config set [--endpoint production|test|URL] [--json]
  Asks for the API username and password (the password is not echoed; piped input is read line by line: username,
  then password) and writes them with the endpoint to $XDG_CONFIG_HOME/globalsign-kit/config.json (mode 0600).
  GLOBALSIGN_USERNAME / GLOBALSIGN_PASSWORD / GLOBALSIGN_ENDPOINT, when set, take precedence over the file.`,
  options: { endpoint: { type: 'string' } },
  async run(p, io) {
    const old = await readConfig(io.env).catch(() => undefined);
    const endpoint = str(p, 'endpoint') ?? old?.endpoint ?? 'production';
    if (!['production', 'test'].includes(endpoint) && !/^https?:\/\//.test(endpoint)) {
      throw new CliError('--endpoint: production, test or a URL (http://… or https://…)', EXIT.usage, {
        field: '--endpoint',
      });
    }
    const username = await ask(io, 'GlobalSign API username: ', false, 'username');
    const password = await ask(io, 'GlobalSign API password: ', true, 'password');
    const path = await writeConfig(io.env, { username, password, endpoint });
    emit(io, p, { file: path, username, endpoint }, `credentials for ${username} (${endpoint}) written to ${path}`);
    return EXIT.ok;
  },
};

/** `globalsign config show`. */
export const show: Command = {
  usage: `globalsign config show [--json]
  Shows the config file's path, username and endpoint (never the password), and which environment variables
  override it.`,
  options: {},
  async run(p, io) {
    const file = await readConfig(io.env);
    const env = ['GLOBALSIGN_USERNAME', 'GLOBALSIGN_PASSWORD', 'GLOBALSIGN_ENDPOINT'].filter((n) => io.env[n]);
    const info = {
      file: configPath(io.env),
      exists: file !== undefined,
      username: file?.username,
      endpoint: file?.endpoint,
      password: file?.password ? 'set' : 'missing',
      overriddenBy: env,
    };
    const text = file
      ? `${info.file}: ${info.username ?? '(no username)'} at ${info.endpoint ?? 'production'}, password ${info.password}`
      : `${info.file} does not exist: run globalsign config set`;
    emit(io, p, info, env.length ? `${text}\noverridden by ${env.join(', ')}` : text);
    return EXIT.ok;
  },
};

/** `globalsign config set|show`. */
export const config: Command = group('config', { set, show });
