/**
 * The walk that adds a decoded name next to each status field of a response, shared by the MSSL/Query decoder
 * (`status.ts`) and the EPKI one (`epki-status.ts`) so that each client bundles only its own tables.
 *
 * @module
 */

/**
 * Wire field → [added field, decoder]. A decoder returns `undefined` for a value the guide does not list.
 *
 * @example `{ OrderStatus: ['OrderStatusName', orderStatusName] }`
 */
export type StatusDecoders = Readonly<
  Record<string, readonly [field: string, decode: (value: string) => string | undefined]>
>;

/**
 * Adds, in place and at any depth, the decoded value of every string field `decoders` knows, under its added name.
 * Wire strings stay as they are; values without a decoding get no added field.
 *
 * @example
 * ```ts
 * decodeStatusFields({ OrderInfo: { OrderStatus: '4' } }, { OrderStatus: ['OrderStatusName', orderStatusName] });
 * // { OrderInfo: { OrderStatus: '4', OrderStatusName: 'ISSUED' } }
 * ```
 */
export function decodeStatusFields<T>(node: T, decoders: StatusDecoders): T {
  if (Array.isArray(node)) {
    for (const item of node) decodeStatusFields(item, decoders);
  } else if (node !== null && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    for (const key in obj) {
      const value = obj[key];
      const decoder = Object.hasOwn(decoders, key) ? decoders[key] : undefined;
      if (decoder && typeof value === 'string') {
        const decoded = decoder[1](value);
        if (decoded !== undefined) obj[decoder[0]] = decoded;
      } else if (value !== null && typeof value === 'object') decodeStatusFields(value, decoders);
    }
  }
  return node;
}
