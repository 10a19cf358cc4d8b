/**
 * The clients of globalsign-kit: one class per service, sharing {@link BaseClient}.
 *
 * @example
 * ```ts
 * import { EpkiClient } from 'globalsign-kit';
 * const epki = new EpkiClient({ username, password, endpoint: 'test' });
 * ```
 *
 * @module
 */
export {
  BaseClient,
  type CallOptions,
  type ClientOptions,
  type RequestEvent,
  type ResponseEvent,
  serviceUrl,
  type WithWarnings,
} from './base.ts';
export { EpkiClient, type EpkiDecodedCertificate } from './epki.ts';
export { AccountClient } from './account.ts';
export { MsslClient } from './mssl.ts';
export { QueryClient } from './query.ts';
