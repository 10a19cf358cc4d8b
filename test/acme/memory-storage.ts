/**
 * A Durable Object storage in memory (get, put, delete, list by prefix, alarm), for unit tests of the gateway's
 * storage logic without miniflare.
 *
 * @module
 */
import type { DoState } from '../../workers/acme/src/nonces.ts';

/**
 * A fresh in-memory storage.
 *
 * @example
 * ```ts
 * const storage = memoryStorage();
 * await createOrder(storage, identifiers, tenant);
 * ```
 */
export function memoryStorage(): DoState['storage'] {
  const m = new Map<string, unknown>();
  let alarm: number | null = null;
  const get = async (k: string | string[]) =>
    Array.isArray(k) ? new Map(k.filter((x) => m.has(x)).map((x) => [x, m.get(x)])) : m.get(k);
  const put = async (k: string | Record<string, unknown>, v?: unknown) => {
    if (typeof k === 'string') m.set(k, v);
    else for (const [x, y] of Object.entries(k)) m.set(x, y);
  };
  const list = async (o: { prefix?: string } = {}) =>
    new Map([...m].filter(([k]) => k.startsWith(o.prefix ?? '')).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    get,
    put,
    delete: async (k: string) => m.delete(k),
    list,
    getAlarm: async () => alarm,
    setAlarm: async (t: number) => {
      alarm = t;
    },
  } as unknown as DoState['storage'];
}
