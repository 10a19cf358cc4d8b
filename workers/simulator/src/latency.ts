/**
 * Injected latency, applied in the front Worker only (never inside an account's object, which would hold up every
 * other client of the account): the front remembers each account's latency from the fault plans it forwards and
 * from the objects' answers (`x-simulator-latency-ms`), per isolate, and waits that long before forwarding.
 *
 * @module
 */

/** Waits `ms`, or rejects when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

const known = new Map<string, number>();

/**
 * Records an account's latency (0 forgets it).
 *
 * @example
 * ```ts
 * rememberLatency('sim-api-user', 200);
 * ```
 */
export function rememberLatency(username: string, ms: number): void {
  if (ms > 0 && Number.isFinite(ms)) known.set(username, ms);
  else known.delete(username);
}

/**
 * Waits the account's latency (abortable through the request's signal).
 *
 * @example
 * ```ts
 * await applyLatency('sim-api-user', request.signal);
 * ```
 */
export async function applyLatency(username: string, signal: AbortSignal | null): Promise<void> {
  const ms = known.get(username) ?? 0;
  if (ms > 0) await sleep(ms, signal);
}
