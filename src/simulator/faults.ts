/**
 * Fault injection for the simulator: deterministic (seeded) failures that let tests prove clients and workflows
 * survive real-world trouble. `before` faults happen before the operation touches state; `after` faults happen once
 * the state has changed, which is what makes an order's outcome unknown to the client.
 *
 * @module
 */

/** What can go wrong. */
export type FaultKind =
  /** HTTP 500 with an HTML body, before the operation runs. */
  | 'http500'
  /** HTTP 500 SOAP Fault (`soap:Server`), before the operation runs. */
  | 'soapFault'
  /** The connection drops before the request reaches the service (fetch rejects; nothing happened). */
  | 'dropBeforeApply'
  /** The operation runs, then the connection drops (fetch rejects with a TypeError). */
  | 'drop'
  /** The operation runs, then the answer is cut short (not well-formed XML). */
  | 'malformed'
  /** The operation runs, then the answer never comes: fetch waits until the request's signal aborts. */
  | 'hang';

/** One rule of a fault plan. */
export interface FaultRule {
  readonly kind: FaultKind;
  /** Wire operation names the rule applies to (default: all). */
  readonly operations?: readonly string[];
  /** Chance per matching call, 0..1 (default 1). */
  readonly probability?: number;
  /** Stop after this many injections (default: unlimited). */
  readonly count?: number;
}

/** A fault plan: extra latency and rules, applied in order (the first rule that fires wins). */
export interface FaultPlan {
  /** Added to every call, in ms (waits on real time; abortable through the request's signal). */
  readonly latencyMs?: number;
  readonly rules?: readonly FaultRule[];
}

/** Picks the fault for a call, if any; deterministic for a given seed and call sequence. */
export interface FaultPicker {
  pick(operation: string): FaultKind | undefined;
  /** How many faults fired, by kind. */
  readonly fired: Readonly<Record<string, number>>;
}

/**
 * Creates a picker over a plan with a seeded PRNG (mulberry32).
 *
 * @example
 * ```ts
 * const picker = createFaultPicker({ rules: [{ kind: 'drop', probability: 0.2 }] }, 'seed');
 * picker.pick('PVOrder'); // 'drop' | undefined
 * ```
 */
export function createFaultPicker(plan: FaultPlan | undefined, seed: string): FaultPicker {
  let s = 0x9e3779b9;
  for (const ch of seed) s = Math.imul(s ^ ch.charCodeAt(0), 0x85ebca6b);
  const random = (): number => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const used = new Map<FaultRule, number>();
  const fired: Record<string, number> = {};
  return {
    fired,
    pick(operation) {
      for (const rule of plan?.rules ?? []) {
        if (rule.operations && !rule.operations.includes(operation)) continue;
        if (rule.count !== undefined && (used.get(rule) ?? 0) >= rule.count) continue;
        if (random() >= (rule.probability ?? 1)) continue;
        used.set(rule, (used.get(rule) ?? 0) + 1);
        fired[rule.kind] = (fired[rule.kind] ?? 0) + 1;
        return rule.kind;
      }
      return undefined;
    },
  };
}

/** Waits `ms`, or rejects with an AbortError when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new DOMException('aborted', 'AbortError'));
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason ?? new DOMException('aborted', 'AbortError'));
      },
      { once: true },
    );
  });
}
