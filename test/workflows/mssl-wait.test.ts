// MSSL order-and-wait against the simulator with its clock under the test's control: ASYNC_ORDER issuance after a
// delay (progress events while pending), the phishing hold (issued once cleared; a cancellation is a rejection),
// deadline and abort.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { certificateMatchesKey, type KeyPairInfo, toPem } from '../../src/crypto/index.ts';
import { isDeadlineError, isOrderStateError, type OrderStateError } from '../../src/errors.ts';
import { orderAndWait, type PollProgress } from '../../src/workflows/index.ts';
import { msslOrderAndWait, PHISHING_REJECTED, waitForMsslOrder } from '../../src/workflows/mssl-wait.ts';
import { csrFor, pvRequest, type World, world } from '../simulator/mssl-helpers.ts';
import { simTime } from './helpers.ts';

const DELAY = 10 * 60_000;
let w: World;
let keys: KeyPairInfo;

beforeAll(async () => {
  w = await world({ asyncDelayMs: DELAY });
  keys = await w.key();
});

async function request(cn: string, k: KeyPairInfo = keys) {
  return pvRequest(w.sim, await csrFor(k, cn));
}

describe('msslOrderAndWait', () => {
  it('places an ASYNC_ORDER order and polls until the delay has passed; progress fires while pending', async () => {
    const progress: PollProgress[] = [];
    let ordered = '';
    const issued = await orderAndWait(w.mssl, w.query, await request('www.example.com'), {
      ...simTime(w.sim),
      initialMs: 60_000,
      maxMs: 120_000,
      jitter: 0,
      onProgress: (p) => progress.push(p),
      onOrdered: (id) => {
        ordered = id;
      },
    });
    expect(issued.orderId).toBe(ordered);
    expect(issued.order.OrderInfo.OrderStatus).toBe('4');
    expect(issued.certificate.subject.CN).toBe('www.example.com');
    expect(await certificateMatchesKey(issued.certificate, keys.publicKey)).toBe(true);
    expect(issued.chain.length).toBeGreaterThan(0);
    expect(issued.chain[0]!.subjectString).toBe(issued.certificate.issuerString);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.every((p) => p.status === 'INITIAL')).toBe(true);
    expect(progress.map((p) => p.attempt)).toEqual(progress.map((_, i) => i + 1));
    expect(progress.at(-1)!.elapsedMs).toBeLessThan(DELAY);
    // the ordered request asked for ASYNC_ORDER although the caller's request did not carry it
    expect(w.sim.admin.listMsslOrders().find((o) => o.orderId === ordered)).toBeDefined();
    // OpenSSL agrees that the chain verifies the leaf
    const dir = mkdtempSync(join(tmpdir(), 'gsk-mssl-'));
    writeFileSync(join(dir, 'leaf.pem'), toPem(issued.certificate.der, 'CERTIFICATE'));
    writeFileSync(join(dir, 'chain.pem'), issued.chain.map((c) => toPem(c.der, 'CERTIFICATE')).join(''));
    const out = execFileSync(
      'openssl',
      ['verify', '-partial_chain', '-CAfile', join(dir, 'chain.pem'), join(dir, 'leaf.pem')],
      { encoding: 'utf8' },
    );
    expect(out).toContain('OK');
  });

  it('waits through the phishing check and resolves when it is cleared', async () => {
    const k = await w.key();
    w.sim.admin.flagPhishing('paypal-login.example.com');
    const statuses: string[] = [];
    let id = '';
    const done = msslOrderAndWait(w.mssl, w.query, await request('paypal-login.example.com', k), {
      ...simTime(w.sim, async () => {
        if (statuses.length === 3) await w.sim.admin.clearPhishing(id);
      }),
      initialMs: 1_000,
      jitter: 0,
      onOrdered: (x) => {
        id = x;
      },
      onProgress: (p) => statuses.push(p.status),
    });
    const issued = await done;
    expect(statuses.slice(0, 3)).toEqual(Array(3).fill('WAITING_PHISHING_CHECK'));
    expect(issued.certificate.subject.CN).toBe('paypal-login.example.com');
  });

  it('rejects with PHISHING_REJECTED when an order held for the phishing check is cancelled', async () => {
    const k = await w.key();
    w.sim.admin.flagPhishing('bank-secure.example.com');
    let id = '';
    const err = await msslOrderAndWait(w.mssl, w.query, await request('bank-secure.example.com', k), {
      ...simTime(w.sim, async () => {
        await w.mssl.modifyMsslOrder({ OrderID: id, ModifyOrderOperation: 'CANCEL' });
      }),
      initialMs: 1_000,
      onOrdered: (x) => {
        id = x;
      },
    }).catch((e: unknown) => e);
    expect(isOrderStateError(err)).toBe(true);
    expect((err as OrderStateError).state).toBe(PHISHING_REJECTED);
    expect((err as OrderStateError).orderId).toBe(id);
  });

  it('rejects with OrderStateError when a pending order is cancelled, and with DeadlineError past the deadline', async () => {
    const k = await w.key();
    let id = '';
    const cancelled = await msslOrderAndWait(w.mssl, w.query, await request('cancel.example.com', k), {
      ...simTime(w.sim, async () => {
        await w.mssl.modifyMsslOrder({ OrderID: id, ModifyOrderOperation: 'CANCEL' });
      }),
      onOrdered: (x) => {
        id = x;
      },
    }).catch((e: unknown) => e);
    expect(isOrderStateError(cancelled)).toBe(true);
    expect((cancelled as OrderStateError).state).toBe('CANCELLED_NOT_ISSUED');

    const late = await msslOrderAndWait(w.mssl, w.query, await request('late.example.com', await w.key()), {
      ...simTime(w.sim),
      initialMs: 60_000,
      deadlineMs: DELAY / 2,
    }).catch((e: unknown) => e);
    expect(isDeadlineError(late)).toBe(true);
  });

  it('stops at once when aborted, with the signal reason', async () => {
    const placed = await w.mssl.pvOrder(
      pvRequest(w.sim, await csrFor(await w.key(), 'abort.example.com'), {
        Options: [{ OptionName: 'ASYNC_ORDER', OptionValue: 'true' }],
      }),
    );
    const ctl = new AbortController();
    const reason = new Error('user pressed stop');
    const err = await waitForMsslOrder(w.query, placed.OrderID!, {
      ...simTime(w.sim, () => ctl.abort(reason)),
      signal: ctl.signal,
    }).catch((e: unknown) => e);
    expect(err).toBe(reason);
  });
});
