// orderAndWait and poll against the simulator, with the simulator's clock as the only clock: ISSUE flows, a
// REGISTER enrollment completed mid-poll (progress asserted), cancellation, revocation, deadline and abort.
import { beforeAll, describe, expect, it } from 'vitest';
import { DeadlineError, isDeadlineError, isOrderStateError, OrderStateError } from '../../src/errors.ts';
import { orderAndWait, type PollProgress, poll, waitForEpkiOrder } from '../../src/workflows/index.ts';
import { backoffDelay } from '../../src/workflows/poll.ts';
import { csrFor, type Env, env, sharedKey, simTime } from './helpers.ts';

let e: Env;
const START = new Date('2026-05-04T09:00:00Z');

beforeAll(async () => {
  e = await env({ clock: () => START });
  await sharedKey();
});

function register(cn: string, email: string) {
  return {
    operation: 'OrderCertificate' as const,
    request: {
      ProfileID: e.sim.defaults.epkiProfileId,
      ProductCode: 'EPKIPSPersonal',
      Year: 1 as const,
      PickupPassword: 'Pickup12345',
      SANRFC822EmailAddress: email,
      DnAttributes: { CommonName: cn, Email: email },
    },
  };
}

describe('poll', () => {
  it('grows the interval by the factor, caps it and spreads it by the jitter', () => {
    const o = { initialMs: 1000, maxMs: 5000, factor: 2 };
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, { ...o, jitter: 0 }))).toEqual([1000, 2000, 4000, 5000]);
    expect(backoffDelay(1, { ...o, jitter: 0.5, random: () => 0 })).toBe(500);
    expect(backoffDelay(1, { ...o, jitter: 0.5, random: () => 0.999999 })).toBe(1500);
  });

  it('sleeps the backoff between attempts and reports progress with elapsed time of the injected clock', async () => {
    let t = 0;
    const slept: number[] = [];
    const seen: PollProgress[] = [];
    const value = await poll(async (n) => (n < 4 ? { done: false, status: `S${n}` } : { done: true, value: n }), {
      initialMs: 100,
      factor: 3,
      jitter: 0,
      now: () => t,
      sleep: async (ms) => {
        slept.push(ms);
        t += ms;
      },
      onProgress: (p) => seen.push(p),
    });
    expect(value).toBe(4);
    expect(slept).toEqual([100, 300, 900]);
    expect(seen).toEqual([
      { status: 'S1', attempt: 1, elapsedMs: 0 },
      { status: 'S2', attempt: 2, elapsedMs: 100 },
      { status: 'S3', attempt: 3, elapsedMs: 400 },
    ]);
  });

  it('stops with the abort reason, also during a real sleep', async () => {
    const c = new AbortController();
    const p = poll(async () => ({ done: false, status: 'WAIT' }), { initialMs: 60_000, signal: c.signal });
    setTimeout(() => c.abort(), 10);
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('orderAndWait (EPKI)', () => {
  it('ISSUE flow: OrderAndIssueCertificate resolves at once with the decoded certificate and chain', async () => {
    const csr = await csrFor('Issue Now', 'issue.now@example.com');
    const issued = await orderAndWait(e.epki, {
      operation: 'OrderAndIssueCertificate',
      request: {
        ProfileID: e.sim.defaults.epkiProfileId,
        ProductCode: 'EPKIPSPersonal',
        Year: 1,
        CSR: csr,
        SANRFC822EmailAddress: 'issue.now@example.com',
        DnAttributes: { CommonName: 'Issue Now', Email: 'issue.now@example.com' },
      },
    });
    expect(issued.orderId).toMatch(/^CE/);
    expect(issued.order?.OrderInfo.OrderNo).toBe(issued.orderId);
    expect(issued.certificate.subject.CN).toBe('Issue Now');
    const [intermediate] = e.sim.admin.caCertificates().rsa;
    expect(issued.chain[0]?.pem.trim()).toBe(intermediate!.trim());
    expect(issued.certificate.issuerString).toBe(issued.chain[0]?.subjectString);
  });

  it('ISSUE flow: OrderDS ISSUE answers the document-signing certificate', async () => {
    const csr = await csrFor('Signer', 'signer@example.com');
    const issued = await orderAndWait(e.epki, {
      operation: 'OrderDS',
      request: {
        ProfileOrderNo: e.sim.defaults.epkiProfileId,
        ProductCode: 'ePkiDSAATL',
        IssueType: 'ISSUE',
        Year: 1,
        CSR: csr,
        DnAttributes: { CommonName: 'Signer', Email: 'signer@example.com' },
      },
    });
    expect(issued.certificate.extendedKeyUsage).toContain('documentSigning');
  });

  it('REGISTER flow: completes when the admin completes the enrollment mid-poll; progress events fire', async () => {
    let orderId = '';
    const progress: PollProgress[] = [];
    const time = simTime(e.sim, async () => {
      if (progress.length === 3)
        await e.sim.admin.completeEnrollment(orderId, { csr: await csrFor('x', 'x@example.com') });
    });
    const started = e.sim.clock.now().getTime();
    const issued = await orderAndWait(e.epki, register('Bob Register', 'bob@example.com'), {
      ...time,
      initialMs: 1000,
      factor: 2,
      jitter: 0,
      onOrdered: (id) => {
        orderId = id;
      },
      onProgress: (p) => progress.push(p),
    });
    expect(issued.orderId).toBe(orderId);
    expect(progress.map((p) => [p.status, p.attempt, p.elapsedMs])).toEqual([
      ['REQUESTED', 1, 0],
      ['REQUESTED', 2, 1000],
      ['REQUESTED', 3, 3000],
    ]);
    expect(e.sim.clock.now().getTime() - started).toBe(7000);
    expect(issued.order?.OrderInfo.OrderStatus).toBe('ISSUED');
    expect(issued.certificate.subject.CN).toBe('Bob Register');
    expect(issued.chain.length).toBeGreaterThanOrEqual(1);
  });

  it('rejects with OrderStateError when the order is cancelled while waiting', async () => {
    let orderId = '';
    const time = simTime(e.sim, async () => {
      await e.epki.cancel({ OrderID: orderId });
    });
    const err = await orderAndWait(e.epki, register('Carol Cancel', 'carol@example.com'), {
      ...time,
      initialMs: 500,
      onOrdered: (id) => {
        orderId = id;
      },
    }).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(OrderStateError);
    expect(isOrderStateError(err)).toBe(true);
    expect(err).toMatchObject({ orderId, state: 'CANCELED' });
  });

  it('rejects with OrderStateError when the certificate is revoked', async () => {
    const { OrderID } = await e.epki.orderCertificate(register('Rita Revoke', 'rita@example.com').request);
    await e.sim.admin.completeEnrollment(OrderID);
    await e.epki.revoke({ OrderID });
    const err = await waitForEpkiOrder(e.epki, OrderID, simTime(e.sim)).catch((x: unknown) => x);
    expect(err).toMatchObject({ code: 'ORDER_STATE', orderId: OrderID, state: 'REVOKED' });
  });

  it('rejects with DeadlineError when nobody completes the enrollment in time', async () => {
    const before = e.sim.clock.now().getTime();
    let attempts = 0;
    const err = await orderAndWait(e.epki, register('Dave Deadline', 'dave@example.com'), {
      ...simTime(e.sim),
      initialMs: 60_000,
      maxMs: 600_000,
      deadlineMs: 3_600_000,
      onProgress: (p) => {
        attempts = p.attempt;
      },
    }).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(DeadlineError);
    expect(isDeadlineError(err)).toBe(true);
    expect((err as DeadlineError).deadlineMs).toBe(3_600_000);
    expect(e.sim.clock.now().getTime() - before).toBe(3_600_000);
    expect(attempts).toBeGreaterThan(3);
    expect(attempts).toBeLessThan(30);
  });

  it('stops with the abort reason when the caller aborts mid-poll', async () => {
    const c = new AbortController();
    const time = simTime(e.sim, () => c.abort(new DOMException('user gave up', 'AbortError')));
    const err = await orderAndWait(e.epki, register('Abe Abort', 'abe@example.com'), {
      ...time,
      signal: c.signal,
    }).catch((x: unknown) => x);
    expect(err).toMatchObject({ name: 'AbortError', message: 'user gave up' });
  });
});
