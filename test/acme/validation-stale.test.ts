/**
 * Validation runs after the challenge POST is answered (`waitUntil`). A Worker stopped mid-validation would leave
 * the challenge `processing` for good: the next read of the authorization ends it `invalid`, with what to do, and
 * the order with it. Unit test over an in-memory storage and a given clock.
 */
import { describe, expect, it } from 'vitest';
import {
  createOrder,
  finishChallenge,
  readAuthz,
  startChallenge,
  VALIDATION_LIMIT_MS,
} from '../../workers/acme/src/orders.ts';
import type { OrderRecord, TenantSnapshot } from '../../workers/acme/src/records.ts';
import { memoryStorage } from './memory-storage.ts';

const tenant: TenantSnapshot = {
  kid: 't_test',
  profileId: 'MP1',
  domains: [{ id: 'D1', name: 'example.com' }],
  patterns: [],
  productCode: 'PV_SHA2',
  months: 12,
  keyTypes: ['P-256'],
  challenges: ['http-01'],
  contact: { FirstName: 'Ada', LastName: 'Lovelace', Phone: '+44 20 0000 0000', Email: 'ada@example.com' },
  createdAt: '2026-12-04T00:00:00Z',
};

async function started() {
  const storage = memoryStorage();
  const order = await createOrder(storage, [{ type: 'dns', value: 'www.example.com' }], tenant);
  const authzId = order.authzIds[0]!;
  const s = await startChallenge(storage, authzId, 'http-01');
  expect(s.start).toBe(true);
  return { storage, order, authzId, at: Date.parse(s.challenge.started!) };
}

describe('an interrupted validation', () => {
  it('stays processing within the limit, and ends invalid (with the order) past it', async () => {
    const { storage, order, authzId, at } = await started();
    const early = await readAuthz(storage, authzId, at + VALIDATION_LIMIT_MS - 1);
    expect(early.challenges[0]!.status).toBe('processing');
    const late = await readAuthz(storage, authzId, at + VALIDATION_LIMIT_MS + 1);
    expect(late.status).toBe('invalid');
    expect(late.challenges[0]!.status).toBe('invalid');
    expect(late.challenges[0]!.error?.detail).toMatch(/interrupted.*create a new order/);
    expect((await storage.get<OrderRecord>(`order:${order.id}`))!.status).toBe('invalid');
  });

  it('a validation that finishes in time is not touched by later reads', async () => {
    const { storage, authzId, at } = await started();
    await finishChallenge(storage, authzId, 'http-01', undefined);
    const later = await readAuthz(storage, authzId, at + 10 * VALIDATION_LIMIT_MS);
    expect(later.status).toBe('valid');
    expect(later.challenges[0]!.status).toBe('valid');
  });
});
