/**
 * Process entry of the `globalsign` CLI (launched by bin/globalsign.mjs): binds {@link main} to argv, stdout,
 * stderr, stdin prompts, the environment and SIGINT/SIGTERM.
 *
 * @module
 */
import process from 'node:process';
import { main } from './main.ts';
import { stdinPrompt } from './prompt.ts';

const stop = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => stop.abort());

const { prompt, close } = stdinPrompt();
const code = await main(process.argv.slice(2), {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  env: process.env,
  signal: stop.signal,
  prompt,
});
close();
process.exitCode = code;
