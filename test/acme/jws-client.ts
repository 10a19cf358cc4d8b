/**
 * A minimal ACME client for refusal tests, written on jose: it can send what real clients never would (replayed
 * nonces, wrong URLs, foreign EAB), and what acme-client cannot (revocation signed with the certificate's key, ARI).
 * `fetcher` is `fetch` or a miniflare `dispatchFetch` (for non-loopback URLs).
 *
 * @module
 */
import { createCsr, generateKeyPair as generateCertKey } from '../../src/crypto/index.ts';
import { exportJWK, FlattenedSign, generateKeyPair, type JWK } from 'jose';

type Fetcher = (url: string, init?: RequestInit) => Promise<Response>;

/** A response read once. */
export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
  readonly text: string;
}

const b64 = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'base64url'));

/** A certificate this client obtained, with its key (P-256, extractable). */
export interface Issued {
  /** Leaf then chain, PEM. */
  readonly pem: string;
  /** The leaf, DER. */
  readonly der: Uint8Array;
  readonly keys: { readonly privateKey: CryptoKey; readonly publicKey: CryptoKey };
  readonly orderUrl: string;
}

/** The DER of the first certificate of a PEM chain. */
export function leafDer(pem: string): Uint8Array {
  const m = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem);
  return Uint8Array.from(Buffer.from((m?.[1] ?? '').replace(/\s+/g, ''), 'base64'));
}

/** An account key and what it takes to sign with it. */
export class TestClient {
  readonly base: string;
  readonly fetcher: Fetcher;
  key!: CryptoKey;
  jwk!: JWK;
  kid: string | undefined;
  constructor(base: string, fetcher: Fetcher = (u, i) => fetch(u, i)) {
    this.base = base;
    this.fetcher = fetcher;
  }

  /** A client signing with a given key and no account (`jwk` in the header): revocation by the certificate's key. */
  static async withKey(base: string, privateKey: CryptoKey, publicKey: CryptoKey, alg = 'ES256'): Promise<TestClient> {
    const c = new TestClient(base);
    c.key = privateKey;
    const { kty, crv, x, y, n, e } = await exportJWK(publicKey);
    c.jwk = Object.fromEntries(Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== undefined));
    c.alg = alg;
    return c;
  }

  /** Makes the account key (ES256 by default). */
  async init(alg: 'ES256' | 'ES384' | 'RS256' = 'ES256'): Promise<this> {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    this.key = privateKey as CryptoKey;
    const jwk = await exportJWK(publicKey);
    this.jwk = jwk;
    this.alg = alg;
    return this;
  }
  alg: string = 'ES256';

  url(path: string): string {
    return `${this.base}${path}`;
  }

  async nonce(): Promise<string> {
    const res = await this.fetcher(this.url('/acme/new-nonce'), { method: 'HEAD' });
    return res.headers.get('replay-nonce') ?? '';
  }

  /** An EAB JWS for this key: MACed with `hmacKey`, naming `kid` and `url` (defaults: the newAccount URL). */
  async eab(kid: string, hmacKey: string, url = this.url('/acme/new-account')): Promise<unknown> {
    return new FlattenedSign(new TextEncoder().encode(JSON.stringify(this.jwk)))
      .setProtectedHeader({ alg: 'HS256', kid, url })
      .sign(b64(hmacKey));
  }

  /** Signs and posts; `payload` undefined = POST-as-GET. Header overrides go in `h`. */
  async post(url: string, payload: unknown, h: Record<string, unknown> = {}): Promise<Reply> {
    const header = {
      alg: this.alg,
      nonce: await this.nonce(),
      url,
      ...(this.kid ? { kid: this.kid } : { jwk: this.jwk }),
      ...h,
    };
    const bytes = new TextEncoder().encode(payload === undefined ? '' : JSON.stringify(payload));
    const jws = await new FlattenedSign(bytes).setProtectedHeader(header).sign(this.key);
    return this.send(url, jws);
  }

  async send(url: string, jws: unknown): Promise<Reply> {
    const res = await this.fetcher(url, {
      method: 'POST',
      headers: { 'content-type': 'application/jose+json' },
      body: JSON.stringify(jws),
    });
    const text = await res.text();
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {}
    return { status: res.status, headers: res.headers, body, text };
  }

  /**
   * newOrder (with `extra` members such as `replaces`), finalize with a fresh P-256 key whose CSR names `names`
   * (the first as CN), poll until valid, download. Throws with the last answer when it does not end valid.
   */
  async issue(names: readonly string[], extra: Record<string, unknown> = {}): Promise<Issued> {
    const order = await this.post(this.url('/acme/new-order'), {
      identifiers: names.map((value) => ({ type: 'dns', value })),
      ...extra,
    });
    if (order.status !== 201) throw new Error(`newOrder: ${order.status} ${order.text}`);
    const orderUrl = String(order.headers.get('location'));
    const keys = await generateCertKey('P-256', { extractable: true });
    const csr = await createCsr({
      keys,
      subject: { CN: names[0]! },
      sans: names.map((value) => ({ type: 'dns' as const, value })),
    });
    let r = await this.post(String(order.body.finalize), { csr: Buffer.from(csr.der).toString('base64url') });
    for (let i = 0; i < 100 && r.body.status === 'processing'; i++) {
      await new Promise((ok) => setTimeout(ok, 100));
      r = await this.post(orderUrl, undefined);
    }
    if (r.body.status !== 'valid') throw new Error(`order ended ${r.status} ${r.text}`);
    const cert = await this.post(String(r.body.certificate), undefined);
    return { pem: cert.text, der: leafDer(cert.text), keys, orderUrl };
  }

  /** revokeCert for a DER certificate (`reason` omitted when undefined). */
  revoke(der: Uint8Array, reason?: unknown): Promise<Reply> {
    const certificate = Buffer.from(der).toString('base64url');
    return this.post(this.url('/acme/revoke-cert'), reason === undefined ? { certificate } : { certificate, reason });
  }

  /** newAccount with EAB; remembers the account URL. */
  async register(kid: string, hmacKey: string): Promise<Reply> {
    const r = await this.post(this.url('/acme/new-account'), {
      termsOfServiceAgreed: true,
      externalAccountBinding: await this.eab(kid, hmacKey),
    });
    if (r.status === 201 || r.status === 200) this.kid = r.headers.get('location') ?? undefined;
    return r;
  }
}
