/**
 * The `AcmeCerts` Durable Object (binding `CERTS`): one shard of the certificate index (16 shards, `certs:0`…
 * `certs:f`, from a hash of the serial; see `certs.ts`). Each entry is keyed `c:<certID>`. Revocations and ARI
 * refreshes of one certificate run one after the other here, so two REVOKEs for one certificate never race.
 *
 * @module
 */
import type { CertEntry } from './certs.ts';
import type { AcmeEnv } from './env.ts';
import type { DoState } from './nonces.ts';
import { renewalWindow } from './renewal.ts';
import { revokeAtGlobalSign } from './revoke.ts';
import { serveRpc } from './storage.ts';

/**
 * Durable Object class `AcmeCerts`.
 *
 * @example
 * ```ts
 * await rpc(env.CERTS, shardOf(serial), 'get', { certId }); // the CertEntry or null
 * ```
 */
export class AcmeCerts {
  readonly #state: DoState;
  readonly #env: AcmeEnv;
  /** Per certificate, the tail of its queue of revocations and ARI refreshes. */
  readonly #queue = new Map<string, Promise<unknown>>();
  constructor(state: DoState, env: AcmeEnv) {
    this.#state = state;
    this.#env = env;
  }

  fetch(request: Request): Promise<Response> {
    const s = this.#state.storage;
    const ctx = { storage: s, env: this.#env };
    return serveRpc(request, {
      get: async (a: { certId: string }) => (await s.get<CertEntry>(`c:${a.certId}`)) ?? null,
      record: (e: CertEntry) => this.record(e),
      markReplaced: (a: { certId: string; by: string }) => this.markReplaced(a.certId, a.by),
      revoke: (a: { certId: string; reason: number }) =>
        this.serial(a.certId, () => revokeAtGlobalSign(ctx, a.certId, a.reason)),
      renewalInfo: (a: { certId: string }) => this.serial(a.certId, () => renewalWindow(s, this.#env, a.certId)),
    });
  }

  /** Runs `fn` after every earlier queued call of the same certificate has finished. */
  private async serial<T>(certId: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.#queue.get(certId) ?? Promise.resolve()).catch(() => undefined).then(fn);
    this.#queue.set(certId, run);
    try {
      return await run;
    } finally {
      if (this.#queue.get(certId) === run) this.#queue.delete(certId);
    }
  }

  private async record(e: CertEntry): Promise<void> {
    if (await this.#state.storage.get(`c:${e.certId}`)) return;
    await this.#state.storage.put(`c:${e.certId}`, e);
  }

  private async markReplaced(certId: string, by: string): Promise<void> {
    const e = await this.#state.storage.get<CertEntry>(`c:${certId}`);
    if (!e || e.replacedBy) return;
    e.replacedBy = by;
    await this.#state.storage.put(`c:${certId}`, e);
  }
}
