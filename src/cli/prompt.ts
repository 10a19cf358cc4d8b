/**
 * Questions on the terminal for `globalsign config set`: a hidden answer is not echoed; when stdin is not a
 * terminal (a pipe, a test) each question reads the next line of stdin.
 *
 * @module
 */
import process from 'node:process';
import { createInterface } from 'node:readline';

/** A prompt bound to stdin/stderr, and `close()` to let the process end. */
export interface StdinPrompt {
  readonly prompt: (question: string, hidden: boolean) => Promise<string | undefined>;
  readonly close: () => void;
}

function askTerminal(question: string, hidden: boolean): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  if (hidden) {
    const internal = rl as unknown as { _writeToOutput: (s: string) => void };
    const write = internal._writeToOutput.bind(rl);
    internal._writeToOutput = (s: string) => {
      if (s.includes(question)) write(s);
    };
  }
  return new Promise((resolve) =>
    rl.question(question, (answer) => {
      rl.close();
      if (hidden) process.stderr.write('\n');
      resolve(answer);
    }),
  );
}

/**
 * The prompt of the running process.
 *
 * @example
 * ```ts
 * const { prompt, close } = stdinPrompt();
 * const password = await prompt('password: ', true);
 * close();
 * ```
 */
export function stdinPrompt(): StdinPrompt {
  let lines: AsyncIterator<string> | undefined;
  let rl: ReturnType<typeof createInterface> | undefined;
  return {
    async prompt(question, hidden) {
      if (process.stdin.isTTY) return askTerminal(question, hidden);
      if (!rl) {
        rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
        lines = rl[Symbol.asyncIterator]();
      }
      process.stderr.write(`${question}\n`);
      const next = await lines!.next();
      return next.done ? undefined : next.value;
    },
    close: () => rl?.close(),
  };
}
