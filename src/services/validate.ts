/**
 * Runs a valibot schema over caller input and turns failures into one {@link ValidationError} with dotted paths.
 * Messages never echo the received value (it may be a password or a PIN).
 *
 * @module
 */
import * as v from 'valibot';
import { type ValidationIssue, ValidationError } from '../errors.ts';

/** Any valibot schema, sync, producing `T`. */
export type Schema<T> = v.GenericSchema<unknown, T>;

/** A value-free message for valibot's built-in checks (used only where a schema gives no message of its own). */
function describe(issue: v.BaseIssue<unknown>): string {
  const expected = issue.expected ?? '';
  switch (issue.type) {
    case 'min_length':
    case 'max_length':
    case 'length':
      return `length must be ${expected}`;
    case 'min_value':
    case 'max_value':
    case 'value':
      return `must be ${expected}`;
    case 'regex':
      return `has an invalid format (expected ${expected})`;
    case 'email':
      return 'must be an email address';
    case 'integer':
      return 'must be an integer';
    case 'picklist':
      return `must be one of ${expected}`;
    case 'strict_object':
    case 'strict_tuple':
      // The same issue type for both cases: a key the schema does not know (`expected: 'never'`, the key received)
      // and a required key that is missing (`expected: '"Key"'`, nothing received).
      return issue.expected === 'never' && issue.received !== 'undefined' ? 'is not a known field' : 'is required';
    default:
      if (issue.kind === 'schema') {
        return issue.received === 'undefined' ? 'is required' : `must be ${expected || issue.type}`;
      }
      return `is invalid (${issue.type})`;
  }
}

const CONFIG: v.Config<v.BaseIssue<unknown>> = { abortEarly: false, message: describe };

function pathOf(issue: v.BaseIssue<unknown>, base: string): string {
  const dot = v.getDotPath(issue);
  if (dot === null) return base;
  return base ? `${base}.${dot}` : dot;
}

/**
 * Validates `input` against `schema`; returns the (possibly transformed) output or throws a {@link ValidationError}
 * listing every issue with its dotted path (`DnAttributes.Email`, `SANEntries.2.SubjectAltName`).
 *
 * @example
 * ```ts
 * const req = validate(v.object({ Year: v.pipe(v.number(), v.minValue(1)) }), { Year: 0 });
 * // throws ValidationError: Year: must be >=1
 * ```
 */
export function validate<T>(schema: Schema<T>, input: unknown, basePath = ''): T {
  const result = v.safeParse(schema, input, CONFIG);
  if (result.success) return result.output;
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const issue of result.issues) {
    const item = { path: pathOf(issue, basePath), message: issue.message };
    const key = `${item.path}\u0000${item.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(item);
    }
  }
  throw new ValidationError(issues);
}

/** One problem found by a cross-field rule: dotted path relative to the object checked, and a value-free message. */
export type RuleIssue = readonly [path: string, message: string];

/**
 * A pipe action running cross-field rules over an object (even when some of its fields already failed), each rule
 * returning the problems it finds. Paths are dotted and relative to the object.
 *
 * @example
 * ```ts
 * const s = v.pipe(v.object({ a: v.optional(v.string()), b: v.optional(v.string()) }),
 *   rules((o) => (o.a && o.b ? [['b', 'cannot be combined with a']] : [])));
 * ```
 */
export function rules<T>(
  ...checks: readonly ((input: Readonly<Record<string, unknown>>) => Iterable<RuleIssue>)[]
): v.RawCheckAction<T> {
  return v.rawCheck<T>(({ dataset, addIssue }) => {
    const input = dataset.value;
    if (typeof input !== 'object' || input === null) return;
    for (const check of checks) {
      for (const [path, message] of check(input as Readonly<Record<string, unknown>>)) {
        addIssue({ message, path: pathItems(input as Record<string, unknown>, path) });
      }
    }
  });
}

function pathItems(input: Record<string, unknown>, path: string): [v.IssuePathItem, ...v.IssuePathItem[]] {
  const keys = path.split('.');
  let node: unknown = input;
  const items = keys.map((key) => {
    const parent = (typeof node === 'object' && node !== null ? node : {}) as Record<string, unknown>;
    node = parent[key];
    return { type: 'object', origin: 'value', input: parent, key, value: node } as const;
  });
  return items as [v.IssuePathItem, ...v.IssuePathItem[]];
}

/**
 * A string of `min`..`max` characters (UTF-16 code units, as the guides count), optionally matching `pattern`.
 * `what` describes the allowed characters in the message (never the value).
 *
 * @example
 * ```ts
 * const orderId = text(50); // 1..50 characters
 * const sid = text(128, { pattern: /^[A-Za-z0-9-]*$/, what: 'letters, digits and hyphens' });
 * ```
 */
export function text(
  max: number,
  options: { readonly min?: number; readonly pattern?: RegExp; readonly what?: string } = {},
): v.GenericSchema<string, string> {
  const min = options.min ?? 1;
  const length = min === max ? `${min}` : `${min}–${max}`;
  const checks: v.GenericPipeItem<string, string>[] = [
    v.minLength(min, min <= 1 ? 'must not be empty' : `must be ${length} characters`),
    v.maxLength(max, `must be at most ${max} characters`),
  ];
  if (options.pattern)
    checks.push(v.regex(options.pattern, `may contain only ${options.what ?? 'allowed characters'}`));
  return v.pipe(v.string(), ...checks) as v.GenericSchema<string, string>;
}
