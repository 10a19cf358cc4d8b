/**
 * A minimal ACME client for refusal tests, written on jose: it can send what real clients never would (replayed
 * nonces, wrong URLs, foreign EAB). `fetcher` is `fetch` or a miniflare `dispatchFetch` (for non-loopback URLs).
 *
 * @module
 */
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
