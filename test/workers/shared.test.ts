// The Workers' shared HTTP pieces (workers/shared): problem documents, capped bodies, CORS, bearer auth, the client
// address, audit lines from an allow-list.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  auditLog,
  bearerToken,
  clientAddress,
  clientAddressSource,
  COMMON_PROBLEMS,
  corsHeaders,
  drainBody,
  hasBearer,
  intSetting,
  parseOrigins,
  Problem,
  problemSet,
  readBodyText,
  readJsonObject,
} from '../../workers/shared/index.ts';

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (e) {
    if (e instanceof Problem) return e.kind;
    throw e;
  }
}

const json = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request('https://w/x', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('problem sets', () => {
  const P = problemSet('https://example.test/p/', {
    ...COMMON_PROBLEMS,
    teapot: { status: 418, title: 'I am a teapot' },
    acmeish: { status: 400, title: 'Bad nonce', type: 'urn:ietf:params:acme:error:badNonce' },
  });

  it('gives each kind a stable type URI (or its own), and reads kinds back from them', () => {
    expect(P.typeOf('teapot')).toBe('https://example.test/p/teapot');
    expect(P.typeOf('acmeish')).toBe('urn:ietf:params:acme:error:badNonce');
    for (const k of Object.keys(P.catalog) as (keyof typeof P.catalog)[]) expect(P.kindOf(P.typeOf(k))).toBe(k);
    expect(P.kindOf('https://example.test/p/nope')).toBeUndefined();
    expect(P.kindOf(42)).toBeUndefined();
    const made = P.problem('teapot', 'Short and stout.');
    expect(made).toBeInstanceOf(Problem);
    expect(made.kind).toBe('teapot');
    // @ts-expect-error a kind outside the set does not compile
    P.problem('coffeepot', 'x');
  });

  it('answers application/problem+json with status, headers, and extras that cannot overwrite the members', async () => {
    const p = new Problem(
      'teapot',
      'Short and stout.',
      { type: 'evil', status: 200, spout: 1 },
      { 'retry-after': '3' },
    );
    const res = P.response(p, '/kettle');
    expect(res.status).toBe(418);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.json()).toEqual({
      type: 'https://example.test/p/teapot',
      title: 'I am a teapot',
      status: 418,
      detail: 'Short and stout.',
      instance: '/kettle',
      spout: 1,
    });
  });
});

describe('request bodies', () => {
  it('refuses a declared oversize body, a streamed one past the cap, invalid UTF-8, non-JSON and non-objects', async () => {
    expect(await kindOf(readJsonObject(json('{}', { 'content-length': '999999' }), 100))).toBe('body-too-large');
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(64).fill(0x20));
      },
    });
    const streamed = new Request('https://w/x', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(await kindOf(readJsonObject(streamed, 1000))).toBe('body-too-large');
    expect(pulled).toBeLessThan(40); // stopped at the cap, not read to the end (the stream never ends)
    expect(await kindOf(readBodyText(json(new Uint8Array([0x7b, 0xff, 0x7d])), 100))).toBe('malformed-request');
    expect(await kindOf(readJsonObject(json('[1]'), 100))).toBe('malformed-request');
    expect(await kindOf(readJsonObject(json('{'), 100))).toBe('malformed-request');
    const text = new Request('https://w/x', { method: 'POST', body: '{}', headers: { 'content-type': 'text/plain' } });
    expect(await kindOf(readJsonObject(text, 100))).toBe('unsupported-media-type');
    expect(await readJsonObject(json('{"a":"é"}'), 100)).toEqual({ a: 'é' });
  });

  it('reads integer settings with defaults and refuses bad ones by name', () => {
    expect(intSetting('N', undefined, 5, 1)).toBe(5);
    expect(intSetting('N', '7', 5, 1)).toBe(7);
    expect(() => intSetting('RATE', '0', 5, 1)).toThrow(/RATE/);
    expect(() => intSetting('RATE', 'ten', 5, 1)).toThrow(Problem);
  });

  it('drainBody reads what is left of a body (bounded) and never throws', async () => {
    const unread = new Request('https://w/', { method: 'POST', body: 'x'.repeat(5000) });
    await drainBody(unread, 16384);
    expect(unread.bodyUsed).toBe(true);
    const tooLarge = new Request('https://w/', { method: 'POST', body: 'x'.repeat(5000) });
    await expect(drainBody(tooLarge, 1000)).resolves.toBeUndefined();
    const read = new Request('https://w/', { method: 'POST', body: '{}' });
    await read.text();
    await expect(drainBody(read, 16384)).resolves.toBeUndefined();
    await expect(drainBody(new Request('https://w/'), 16384)).resolves.toBeUndefined();
  });
});

describe('CORS, bearer auth, client address', () => {
  const policy = { origins: parseOrigins(' https://a.example/, ,https://b.example'), methods: ['POST'] };

  it('allows listed origins only, and says nothing to requests without Origin', () => {
    expect(policy.origins).toEqual(['https://a.example', 'https://b.example']);
    const ok = corsHeaders(new Request('https://w/', { headers: { origin: 'https://b.example' } }), policy);
    expect(ok['access-control-allow-origin']).toBe('https://b.example');
    expect(ok['access-control-allow-methods']).toBe('POST, OPTIONS');
    expect(corsHeaders(new Request('https://w/'), policy)).toEqual({});
    expect(() =>
      corsHeaders(new Request('https://w/', { headers: { origin: 'https://a.example.evil' } }), policy),
    ).toThrow(expect.objectContaining({ kind: 'origin-not-allowed' }));
  });

  it('parses Bearer tokens and compares them with the secret', async () => {
    const req = (authorization: string) => new Request('https://w/', { headers: { authorization } });
    expect(bearerToken(req('Bearer abc'))).toBe('abc');
    expect(bearerToken(req('bearer  abc '))).toBe('abc');
    expect(bearerToken(req('Basic abc'))).toBeUndefined();
    expect(bearerToken(req('Bearer a b'))).toBeUndefined();
    expect(await hasBearer(req('Bearer s3cret'), 's3cret')).toBe(true);
    expect(await hasBearer(req('Bearer s3cre'), 's3cret')).toBe(false);
    expect(await hasBearer(req('Bearer s3cret'), undefined)).toBe(false);
    expect(await hasBearer(req('Bearer s3cret'), '')).toBe(false);
  });

  it('takes CF-Connecting-IP only in cloudflare mode; in socket mode the runtime-reported address', () => {
    const spoofed = new Request('https://w/', { headers: { 'cf-connecting-ip': '203.0.113.9' } });
    expect(clientAddress(spoofed, clientAddressSource(undefined))).toBe('203.0.113.9');
    expect(clientAddress(spoofed, clientAddressSource('socket'))).toBe('unknown');
    Object.defineProperty(spoofed, 'cf', { value: { clientIp: '127.0.0.1' } });
    expect(clientAddress(spoofed, 'socket')).toBe('127.0.0.1');
    expect(() => clientAddressSource('header')).toThrow(expect.objectContaining({ kind: 'server-misconfigured' }));
  });
});

describe('audit lines', () => {
  it('keep only the allowed fields, whatever else the event carries', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 20 })),
        fc.string({ minLength: 1, maxLength: 20 }),
        (extra, jti) => {
          const lines: string[] = [];
          const audit = auditLog('t', ['jti'] as const, (l) => lines.push(l));
          audit({ ...extra, event: 'e', jti, secret: 'TOPSECRET-VALUE' } as { event: string; jti: string });
          const line = JSON.parse(lines[0]!) as Record<string, unknown>;
          expect(Object.keys(line).sort()).toEqual(['at', 'audit', 'event', 'jti']);
          expect(line.jti).toBe(jti);
          expect(lines[0]).not.toContain('TOPSECRET-VALUE');
        },
      ),
      { numRuns: 200 },
    );
  });
});
