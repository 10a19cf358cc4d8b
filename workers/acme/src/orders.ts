/**
 * Orders, authorizations and challenges inside one `AcmeAccount` Durable Object: creation (pre-authorized
 * authorizations are valid at once), reads, and the state changes of a challenge's validation.
 *
 * @module
 */
import type { DoState } from './nonces.ts';
import { AcmeProblem, type Identifier, type ProblemDocument, urn } from './problems.ts';
import { type AuthzRecord, type ChallengeRecord, type OrderRecord, randomId, type TenantSnapshot } from './records.ts';

const DAY = 86_400_000;
type Storage = DoState['storage'];

/**
 * Reads a record or answers `malformed` (404-like: the URL names nothing).
 *
 * @example
 * ```ts
 * const order = await load<OrderRecord>(storage, `order:${id}`, 'order');
 * ```
 */
export async function load<T>(storage: Storage, key: string, what: string): Promise<T> {
  const v = await storage.get<T>(key);
  if (v === undefined) throw new AcmeProblem('malformed', `No such ${what}.`);
  return v;
}

/**
 * Creates an order with one authorization per identifier.
 *
 * @example
 * ```ts
 * const { order, authzs } = await createOrder(storage, ids, tenant);
 * ```
 */
export async function createOrder(
  storage: Storage,
  identifiers: readonly Identifier[],
  tenant: TenantSnapshot,
  lifetimeMs = 7 * DAY,
  replaces?: string,
): Promise<OrderRecord> {
  const id = randomId();
  const now = Date.now();
  const pre = tenant.challenges.includes('pre-authorized');
  const authzs: AuthzRecord[] = identifiers.map((identifier) => {
    const wildcard = identifier.value.startsWith('*.');
    const types = tenant.challenges.filter((c) => c !== 'pre-authorized' && !(wildcard && c === 'http-01'));
    return {
      id: randomId(),
      orderId: id,
      identifier: wildcard ? { type: 'dns', value: identifier.value.slice(2) } : identifier,
      wildcard,
      status: pre ? 'valid' : 'pending',
      expires: new Date(now + 30 * DAY).toISOString(),
      challenges: pre ? [] : types.map((type) => ({ type, token: randomId(32), status: 'pending' }) as ChallengeRecord),
    };
  });
  if (!pre && authzs.some((a) => a.challenges.length === 0)) {
    const a = authzs.find((x) => x.challenges.length === 0)!;
    throw new AcmeProblem('rejectedIdentifier', `No challenge of this account can validate *.${a.identifier.value}.`);
  }
  const order: OrderRecord = {
    id,
    status: pre ? 'ready' : 'pending',
    identifiers,
    authzIds: authzs.map((a) => a.id),
    expires: new Date(now + lifetimeMs).toISOString(),
    tenant,
    ...(replaces ? { replaces } : {}),
    createdAt: new Date(now).toISOString(),
  };
  const entries: Record<string, unknown> = { [`order:${id}`]: order };
  for (const a of authzs) entries[`authz:${a.id}`] = a;
  await storage.put(entries);
  const list = (await storage.get<string[]>('orders')) ?? [];
  await storage.put('orders', [...list, id]);
  return order;
}

/**
 * Loads an order; a `pending` or `ready` one past its `expires` becomes `invalid` (stored) first.
 *
 * @example
 * ```ts
 * const order = await loadOrder(storage, orderId); // order.status === 'invalid' once it has expired
 * ```
 */
export async function loadOrder(storage: Storage, id: string): Promise<OrderRecord> {
  const order = await load<OrderRecord>(storage, `order:${id}`, 'order');
  if ((order.status === 'pending' || order.status === 'ready') && Date.parse(order.expires) <= Date.now()) {
    order.status = 'invalid';
    order.error = { type: 'urn:ietf:params:acme:error:malformed', detail: 'The order expired.', status: 400 };
    await storage.put(`order:${id}`, order);
  }
  return order;
}

/**
 * Marks a pending challenge `processing` and returns it with its authorization (a challenge that is not pending is
 * returned as it is: validation runs once).
 *
 * @example
 * ```ts
 * const { authz, challenge, start } = await startChallenge(storage, authzId, 'http-01');
 * ```
 */
export async function startChallenge(
  storage: Storage,
  authzId: string,
  type: string,
): Promise<{ authz: AuthzRecord; challenge: ChallengeRecord; start: boolean }> {
  const authz = await load<AuthzRecord>(storage, `authz:${authzId}`, 'authorization');
  const challenge = authz.challenges.find((c) => c.type === type);
  if (!challenge) throw new AcmeProblem('malformed', `No ${type} challenge in this authorization.`);
  if (challenge.status !== 'pending' || authz.status !== 'pending') return { authz, challenge, start: false };
  challenge.status = 'processing';
  challenge.started = new Date().toISOString();
  await storage.put(`authz:${authzId}`, authz);
  return { authz, challenge, start: true };
}

/**
 * Records a validation's outcome: the challenge and its authorization become valid or invalid, and the order
 * `ready` once all its authorizations are valid (`invalid` when one fails).
 *
 * @example
 * ```ts
 * await finishChallenge(storage, authzId, 'dns-01', undefined); // success
 * ```
 */
export async function finishChallenge(
  storage: Storage,
  authzId: string,
  type: string,
  error: ProblemDocument | undefined,
): Promise<AuthzRecord> {
  const authz = await load<AuthzRecord>(storage, `authz:${authzId}`, 'authorization');
  const challenge = authz.challenges.find((c) => c.type === type);
  if (challenge?.status !== 'processing') return authz;
  challenge.status = error ? 'invalid' : 'valid';
  if (error) challenge.error = error;
  else challenge.validated = new Date().toISOString();
  authz.status = error ? 'invalid' : 'valid';
  await storage.put(`authz:${authzId}`, authz);
  const order = await load<OrderRecord>(storage, `order:${authz.orderId}`, 'order');
  if (order.status !== 'pending') return authz;
  const all = await storage.get<AuthzRecord>(order.authzIds.map((id) => `authz:${id}`));
  const states = [...all.values()].map((a) => a.status);
  if (states.some((s) => s === 'invalid')) {
    order.status = 'invalid';
    order.error = { type: 'urn:ietf:params:acme:error:unauthorized', detail: 'An authorization failed.', status: 403 };
  } else if (states.every((s) => s === 'valid')) order.status = 'ready';
  await storage.put(`order:${order.id}`, order);
  return authz;
}

/** How long a validation may stay `processing` before it counts as interrupted (its fetches time out at 10 s). */
export const VALIDATION_LIMIT_MS = 60_000;

/**
 * Reads an authorization, first ending a validation that was interrupted: validation runs after the challenge POST
 * is answered (`waitUntil`), so a Worker stopped mid-validation would leave the challenge `processing` for good.
 * One older than {@link VALIDATION_LIMIT_MS} becomes `invalid`, with what to do.
 *
 * @example
 * ```ts
 * const authz = await readAuthz(storage, authzId);
 * ```
 */
export async function readAuthz(storage: Storage, authzId: string, now = Date.now()): Promise<AuthzRecord> {
  const authz = await load<AuthzRecord>(storage, `authz:${authzId}`, 'authorization');
  const stale = authz.challenges.find(
    (c) => c.status === 'processing' && now - Date.parse(c.started ?? '1970-01-01T00:00:00Z') > VALIDATION_LIMIT_MS,
  );
  if (!stale) return authz;
  return finishChallenge(storage, authzId, stale.type, {
    type: urn('serverInternal'),
    detail: 'The validation was interrupted and did not finish; create a new order.',
    status: 500,
  });
}
