// Every refusal of the enroll Worker over HTTP, each with its status, its problem type, and no order placed in
// the simulator; plus the exactly-once spend under concurrency.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsr, generateKeyPair, type KeyPairInfo } from '../../src/crypto/index.ts';
import { INVITATION_AUDIENCE, INVITATION_ISSUER } from '../../workers/enroll/src/invitation.ts';
import { ENROLL_PROBLEM_BASE as PROBLEM_BASE } from '../../workers/shared/enroll-contract.ts';
import { type Dev, invite, orderCount, startDev } from './harness.ts';

const LIMIT = 6;
let dev: Dev;
let keys: KeyPairInfo;
let ipCounter = 0;

beforeAll(async () => {
  [dev, keys] = await Promise.all([
    startDev({ RATE_LIMIT_IP: String(LIMIT), RATE_LIMIT_INVITATION: '50' }),
    generateKeyPair('RSA-2048'),
  ]);
}, 90_000);
afterAll(async () => {
  await dev?.stop();
});

/** Each test speaks from its own client address, so rate-limit buckets do not mix. */
function post(
  body: string,
  headers: Record<string, string> = {},
  ip = `198.51.100.${++ipCounter}`,
  route = '/enroll',
): Promise<Response> {
  return fetch(`${dev.enroll}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: dev.page, 'cf-connecting-ip': ip, ...headers },
    body,
  });
}

async function csrFor(email: string, name = 'Test Person'): Promise<string> {
  return (await createCsr({ keys, subject: { CN: name, E: email }, sans: [{ type: 'email', value: email }] })).pem;
}

async function token(claims: Record<string, unknown>, secret: string, exp: number | string = '1h'): Promise<string> {
  return new SignJWT({
    email: 'p@example.com',
    name: 'Test Person',
    profile: dev.profile,
    product: 'EPKIPSPersonal',
    years: 1,
    ...claims,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(INVITATION_ISSUER)
    .setAudience(INVITATION_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(exp)
    .setJti(crypto.randomUUID())
    .sign(new TextEncoder().encode(secret));
}

/** Runs `act`, checks status and problem type, and that the simulator's order count did not move. */
async function expectRefusal(
  act: () => Promise<Response>,
  status: number,
  kind: string,
): Promise<Record<string, unknown>> {
  const before = await orderCount(dev);
  const res = await act();
  const body = (await res.json()) as Record<string, unknown>;
  expect({ status: res.status, type: body.type }).toEqual({ status, type: PROBLEM_BASE + kind });
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(await orderCount(dev)).toBe(before);
  return body;
}

describe('enroll Worker refusals (no order placed)', () => {
  it('a replayed invitation: 201 once, then 409', async () => {
    const { token: t } = await invite(dev, 'once@example.com', 'Once Example');
    const body = JSON.stringify({ invitation: t, csr: await csrFor('once@example.com', 'Once Example') });
    expect((await post(body)).status).toBe(201);
    await expectRefusal(() => post(body), 409, 'invitation-spent');
  });

  it('concurrent uses of one invitation: exactly one is issued', async () => {
    const { token: t } = await invite(dev, 'race@example.com', 'Race Example');
    const body = JSON.stringify({ invitation: t, csr: await csrFor('race@example.com', 'Race Example') });
    const before = await orderCount(dev);
    const statuses = (await Promise.all([1, 2, 3, 4, 5].map(() => post(body)))).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409]);
    expect(await orderCount(dev)).toBe(before + 1);
  });

  it('an expired invitation: 401', async () => {
    const t = await token({}, dev.inviteSecret, Math.floor(Date.now() / 1000) - 60);
    await expectRefusal(() => post(JSON.stringify({ invitation: t, csr: 'x' })), 401, 'invitation-expired');
  });

  it('a forged signature: 401', async () => {
    const t = await token({}, 'an-attacker-secret-that-is-long-enough-0123456789');
    await expectRefusal(
      async () => post(JSON.stringify({ invitation: t, csr: await csrFor('p@example.com') })),
      401,
      'invitation-invalid',
    );
  });

  it('a CSR for another email: 422, and the invitation stays usable', async () => {
    const { token: t } = await invite(dev, 'carol@example.com', 'Carol Example');
    const other = await csrFor('mallory@example.com', 'Carol Example');
    await expectRefusal(() => post(JSON.stringify({ invitation: t, csr: other })), 422, 'csr-identity-mismatch');
    const own = await csrFor('carol@example.com', 'Carol Example');
    expect((await post(JSON.stringify({ invitation: t, csr: own }))).status).toBe(201);
  });

  it('an oversized body: 413, declared or streamed', async () => {
    const big = JSON.stringify({ invitation: 'x', csr: 'A'.repeat(40_000) });
    await expectRefusal(() => post(big), 413, 'body-too-large');
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode('A'.repeat(4096)));
        c.close();
      },
    });
    await expectRefusal(
      () =>
        fetch(`${dev.enroll}/enroll`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'cf-connecting-ip': '198.51.100.250' },
          body: stream,
          duplex: 'half',
        } as RequestInit),
      413,
      'body-too-large',
    );
  });

  it('a disallowed origin: 403 without CORS headers', async () => {
    const { token: t } = await invite(dev, 'dave@example.com', 'Dave Example');
    const csr = await csrFor('dave@example.com', 'Dave Example');
    const body = await expectRefusal(
      () => post(JSON.stringify({ invitation: t, csr }), { origin: 'https://evil.example' }),
      403,
      'origin-not-allowed',
    );
    expect(body.detail).toBeTypeOf('string');
    const res = await post(JSON.stringify({ invitation: t, csr }), { origin: 'https://evil.example' });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it(`a burst over the rate limit: the ${LIMIT + 1}th request from one address gets 429 with Retry-After`, async () => {
    const { token: t } = await invite(dev, 'erin@example.com', 'Erin Example');
    const wrong = JSON.stringify({ invitation: t, csr: await csrFor('someone@example.com', 'Erin Example') });
    const before = await orderCount(dev);
    const responses = await Promise.all(Array.from({ length: LIMIT + 2 }, () => post(wrong, {}, '203.0.113.66')));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(LIMIT).fill(422), 429, 429]);
    const limited = responses.find((r) => r.status === 429)!;
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { type: string }).type).toBe(`${PROBLEM_BASE}rate-limited`);
    expect(limited.headers.get('access-control-expose-headers')).toContain('retry-after');
    await expectRefusal(() => post(wrong, {}, '203.0.113.66'), 429, 'rate-limited');
    expect(await orderCount(dev)).toBe(before);
  });

  it('the admin endpoint refuses a wrong secret: 401', async () => {
    const res = await fetch(`${dev.enroll}/admin/invitations`, {
      method: 'POST',
      headers: { authorization: 'Bearer wrong', 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'x@example.com', name: 'X', profile: dev.profile }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { type: string }).type).toBe(`${PROBLEM_BASE}unauthorized`);
  });
});

describe('invitation status (asked before a key is made)', () => {
  const status = (invitation: unknown, ip?: string) =>
    post(JSON.stringify({ invitation }), {}, ip ?? `198.51.100.${++ipCounter}`, '/invitation/status');

  it('answers valid, spent, expired or invalid, and nothing else about the invitation', async () => {
    const { token: t } = await invite(dev, 'status@example.com', 'Status Example');
    const first = await status(t);
    expect(first.status).toBe(200);
    expect(first.headers.get('access-control-allow-origin')).toBe(dev.page);
    expect(await first.json()).toEqual({ state: 'valid' });
    const body = JSON.stringify({ invitation: t, csr: await csrFor('status@example.com', 'Status Example') });
    expect((await post(body)).status).toBe(201);
    expect(await (await status(t)).json()).toEqual({ state: 'spent' });
    const expired = await token({}, dev.inviteSecret, Math.floor(Date.now() / 1000) - 60);
    expect(await (await status(expired)).json()).toEqual({ state: 'expired' });
    const forged = await token({}, 'an-attacker-secret-that-is-long-enough-0123456789');
    expect(await (await status(forged)).json()).toEqual({ state: 'invalid' });
    expect(await (await status('not.a.token')).json()).toEqual({ state: 'invalid' });
  });

  it('places no order and refuses a body without an invitation', async () => {
    const before = await orderCount(dev);
    const { token: t } = await invite(dev, 'status2@example.com', 'Status Two');
    for (let i = 0; i < 3; i++) expect((await status(t)).status).toBe(200);
    expect(await orderCount(dev)).toBe(before);
    await expectRefusal(() => status(42), 400, 'malformed-request');
  });

  it(`is rate-limited like /enroll, in the same per-address bucket`, async () => {
    const { token: t } = await invite(dev, 'status3@example.com', 'Status Three');
    const ip = '203.0.113.77';
    const answers = await Promise.all(Array.from({ length: LIMIT }, () => status(t, ip)));
    expect(answers.map((r) => r.status)).toEqual(Array(LIMIT).fill(200));
    const limited = await expectRefusal(() => status(t, ip), 429, 'rate-limited');
    expect(limited.retryAfter).toBeGreaterThan(0);
    const csr = await csrFor('status3@example.com', 'Status Three');
    await expectRefusal(() => post(JSON.stringify({ invitation: t, csr }), {}, ip), 429, 'rate-limited');
  });
});
