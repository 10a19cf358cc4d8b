/**
 * The `SimCa` Durable Object: the deployment's one trust anchor. It makes the simulated CA (an RSA and an ECDSA root,
 * each with an issuing intermediate) on first use, keeps its certificates and PKCS#8 keys in its SQLite storage, and
 * hands them to the account objects, which all sign with it; `GET /certificates` serves the certificates only.
 *
 * @module
 */
import { type CaMaterial, createSimulator, exportCaMaterial } from '../../../src/simulator/index.ts';
import type { ObjectState } from './env.ts';

/** The CA's certificates (PEM) per family: the issuing intermediate, then the root. */
export interface CaCertificates {
  readonly rsa: string[];
  readonly ec: string[];
}

/**
 * Durable Object class (bind it as `SIM_CA`, class name `SimCa`; one instance, `idFromName('ca')`).
 *
 * @example
 * ```ts
 * const material: CaMaterial = await (await caStub(env).fetch(new Request('https://ca/material'))).json();
 * ```
 */
export class SimCa {
  readonly #state: ObjectState;
  #material: Promise<CaMaterial> | undefined;

  constructor(state: ObjectState) {
    this.#state = state;
  }

  /** `GET /material` (certificates and keys, for the account objects), `GET /certificates`. */
  async fetch(request: Request): Promise<Response> {
    const material = await this.material();
    switch (new URL(request.url).pathname) {
      case '/material':
        return Response.json(material);
      case '/certificates': {
        const certificates: CaCertificates = {
          rsa: [material.rsaIntermediateCert, material.rsaRootCert],
          ec: [material.ecIntermediateCert, material.ecRootCert],
        };
        return Response.json(certificates);
      }
      default:
        return new Response(null, { status: 404 });
    }
  }

  /** The stored CA, made and stored on first use (once: concurrent first requests wait for it). */
  material(): Promise<CaMaterial> {
    this.#material ??= this.#state.blockConcurrencyWhile(() => this.#loadOrMake());
    return this.#material;
  }

  async #loadOrMake(): Promise<CaMaterial> {
    const sql = this.#state.storage.sql;
    sql.exec('CREATE TABLE IF NOT EXISTS ca (id INTEGER PRIMARY KEY CHECK (id = 1), material TEXT NOT NULL)');
    const row = sql.exec('SELECT material FROM ca WHERE id = 1').toArray()[0];
    if (row) return JSON.parse(String(row.material)) as CaMaterial;
    const material = await exportCaMaterial((await createSimulator({ seed: false })).ca);
    sql.exec('INSERT INTO ca (id, material) VALUES (1, ?)', JSON.stringify(material));
    return material;
  }
}
