// A synchronous SqlExec over a real SQLite database file, for store tests where neither node:sqlite (Node 22+) nor
// better-sqlite3 is available: one sqlite3 shell (Debian's sqlite3) per database, fed through named pipes so that
// each statement is written and its rows read back with blocking fs calls. Bindings are inlined as SQL literals.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqlExec, SqlRow, SqlValue } from '../../src/simulator/sql-rows.ts';

const literal = (v: SqlValue): string => {
  if (v === null) return 'NULL';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`cannot bind ${v}`);
    return String(v);
  }
  return `'${v.replaceAll("'", "''")}'`;
};

function inline(query: string, bindings: readonly SqlValue[]): string {
  let i = 0;
  const text = query.replace(/\?/g, () => {
    if (i >= bindings.length) throw new RangeError(`too few bindings for: ${query}`);
    return literal(bindings[i++]!);
  });
  if (i !== bindings.length) throw new RangeError(`too many bindings for: ${query}`);
  return text;
}

/** Whether the sqlite3 shell is installed. */
export const hasSqlite3 = (): boolean => spawnSync('sqlite3', ['-version']).status === 0;

const END = `SELECT 'end-of-statement' AS __end;\n`;
const END_ROW = '[{"__end":"end-of-statement"}]';

/** A SqlExec on the database file `path`; `close()` ends the shell (the file stays, for a restart). */
export function sqliteCli(path: string): SqlExec & { close(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'gsk-sqlite-'));
  const [input, output, errors] = ['in', 'out', 'err'].map((n) => join(dir, n)) as [string, string, string];
  execFileSync('mkfifo', [input, output]);
  const shell: ChildProcess = spawn(
    'sh',
    ['-c', 'exec sqlite3 -json "$1" < "$2" > "$3" 2> "$4"', 'sh', path, input, output, errors],
    {
      stdio: 'ignore',
    },
  );
  const w = openSync(input, 'w');
  const r = openSync(output, 'r');
  const buffer = Buffer.alloc(1 << 16);
  let errorText = '';
  const run = (statement: string): SqlRow[] => {
    writeSync(w, `${statement};\n${END}`);
    let out = '';
    while (!out.trimEnd().endsWith(END_ROW)) {
      const n = readSync(r, buffer, 0, buffer.length, null);
      if (n === 0) throw new Error(`sqlite3 ended: ${readFileSync(errors, 'utf8')}`);
      out += buffer.toString('utf8', 0, n);
    }
    const now = readFileSync(errors, 'utf8');
    if (now !== errorText) {
      const message = now.slice(errorText.length).trim();
      errorText = now;
      throw new Error(`sqlite3: ${message} in: ${statement.slice(0, 200)}`);
    }
    const text = out.trimEnd().slice(0, -END_ROW.length).trim();
    return text ? (JSON.parse(text) as SqlRow[]) : [];
  };
  run('PRAGMA synchronous = OFF');
  run('PRAGMA journal_mode = MEMORY');
  const exec = (query: string, ...bindings: SqlValue[]) => {
    const rows = run(inline(query, bindings));
    return { toArray: () => rows };
  };
  return Object.assign(exec, {
    close() {
      closeSync(w);
      closeSync(r);
      shell.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
