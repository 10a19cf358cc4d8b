// The simulator Worker on Durable Objects under miniflare: one object per account holding its state in SQLite rows,
// one CA for the deployment, accounts through the admin API, and state that survives a restart.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorker } from '../../scripts/build-workers.mjs';
import { EpkiClient } from '../../src/clients/epki.ts';
import { QueryClient } from '../../src/clients/query.ts';
import { isGlobalSignApiError } from '../../src/errors.ts';
import { admin, clientsOf, epkiOrder, msslOrder, simulatorObjects } from './simulator-do-harness.ts';

let script: string;
const started: Miniflare[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  script = await buildWorker('simulator');
}, 60_000);
afterAll(async () => {
  await Promise.all(started.map((mf) => mf.dispose().catch(() => undefined)));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function start(persist?: string) {
  const w = await simulatorObjects(script, persist ? { persist } : {});
  started.push(w.mf);
  return w;
}

describe('simulator Worker on Durable Objects', () => {
  it('keeps orders across a restart when its objects persist', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gsk-simdo-'));
    dirs.push(dir);
    const first = await start(dir);
    const c1 = await clientsOf(first.url);
    const mssl = await msslOrder(c1, 'www.example.com');
    const epki = await epkiOrder(c1, 'carol');
    await admin(first.url, 'accounts/sim-api-user/clock', 'POST', { advanceMs: 3_600_000 });
    const ca1 = await admin<{ rsa: string[]; ec: string[] }>(first.url, 'ca');
    await first.mf.dispose();

    const second = await start(dir);
    const c2 = await clientsOf(second.url);
    expect(c2.defaults).toEqual(c1.defaults);
    const found = await c2.query.getOrderByOrderId({
      OrderID: mssl,
      OrderQueryOption: { ReturnFulfillment: 'true' },
    });
    expect(found.OrderDetail?.OrderInfo.OrderId).toBe(mssl);
    const pem = found.OrderDetail?.Fulfillment?.ServerCertificate?.X509Cert ?? '';
    expect((await c2.epki.getOrderByOrderId({ OrderNo: epki })).OrderDetail?.OrderInfo.OrderStatus).toBe('REQUESTED');
    // The same CA after the restart: it issued the certificate found, and a new order chains to it too.
    const ca2 = await admin<{ rsa: string[]; ec: string[] }>(second.url, 'ca');
    expect(ca2).toEqual(ca1);
    const issuing = new X509Certificate(ca2.ec[0]!);
    expect(pem ? new X509Certificate(pem).verify(issuing.publicKey) : 'no certificate').toBe(true);
    const again = await msslOrder(c2, 'api.example.com');
    expect(again).not.toBe(mssl);
    // The clock's advance was kept: the object's time is an hour ahead of the wall clock.
    const { now } = await admin<{ now: string }>(second.url, 'accounts/sim-api-user/clock', 'POST', { advanceMs: 0 });
    expect(Date.parse(now) - Date.now()).toBeGreaterThan(3_500_000);
  }, 120_000);

  it('creates accounts from seeds, keeps them apart, and applies fault rules per account', async () => {
    const { url } = await start();
    const created = await admin<Record<string, string>>(url, 'accounts', 'POST', {
      username: 'team-a',
      seed: 'default',
    });
    expect(created.username).toBe('team-a');
    await expect(admin(url, 'accounts', 'POST', { username: 'team-a' })).rejects.toThrow(/409/);
    await expect(admin(url, 'accounts', 'POST', { username: 'team-x', seed: 'nope' })).rejects.toThrow(/400/);
    const a = await clientsOf(url, 'team-a');
    const d = await clientsOf(url);
    const aOrder = await msslOrder(a, 'a.example.com');
    const dOrder = await msslOrder(d, 'd.example.com');
    const notFound = async (p: Promise<unknown>) =>
      p.then(
        () => 'found',
        (e: unknown) => (isGlobalSignApiError(e) ? 'refused' : String(e)),
      );
    expect(await notFound(a.query.getOrderByOrderId({ OrderID: dOrder }))).toBe('refused');
    expect(await notFound(d.query.getOrderByOrderId({ OrderID: aOrder }))).toBe('refused');
    const aEpki = await epkiOrder(a, 'alice');
    expect((await admin<{ count: number }>(url, 'accounts/team-a/orders')).count).toBe(1);
    expect((await admin<{ orders: { orderId: string }[] }>(url, 'orders')).orders.map((o) => o.orderId)).not.toContain(
      aEpki,
    );
    // A fault rule for team-a: its PVOrders fail with a SOAP Fault; the default account's do not.
    await admin(url, 'accounts/team-a/faults', 'PUT', {
      plan: { rules: [{ kind: 'soapFault', operations: ['PVOrder'] }] },
    });
    expect(await notFound(msslOrder(a, 'b.example.com'))).not.toBe('found');
    expect(await msslOrder(d, 'e.example.com')).toMatch(/\S/);
    await admin(url, 'accounts/team-a/faults', 'PUT', { plan: {} });
    expect(await msslOrder(a, 'c.example.com')).toMatch(/\S/);
    // Latency for team-a is waited before its object runs the call (as in-process): while a client waits it out,
    // the order does not exist yet, and the default account, without latency, answers meanwhile.
    await admin(url, 'accounts/team-a/faults', 'PUT', { plan: { latencyMs: 60_000 } });
    const slow = new EpkiClient({ username: 'team-a', password: a.defaults.password!, endpoint: url, retries: 0 });
    const before = (await admin<{ count: number }>(url, 'accounts/team-a/orders')).count;
    const gaveUp = await slow
      .orderCertificate(
        {
          ProfileID: a.defaults.epkiProfileId!,
          ProductCode: 'EPKIPSPersonal',
          Year: 1,
          SANRFC822EmailAddress: 'late@example.com',
          DnAttributes: { CommonName: 'late', Email: 'late@example.com' },
          PickupPassword: 'Pickup1234',
        },
        { signal: AbortSignal.timeout(300) },
      )
      .then(
        () => 'answered',
        () => 'gave up',
      );
    expect(gaveUp).toBe('gave up');
    expect(await epkiOrder(d, 'dave')).toMatch(/\S/); // the default account has no latency
    expect((await admin<{ count: number }>(url, 'accounts/team-a/orders')).count).toBe(before);
    await admin(url, 'accounts/team-a/faults', 'PUT', { plan: {} });
    // Enrollment completion in team-a's object.
    const done = await admin<{ status: string }>(url, 'accounts/team-a/enrollments/complete', 'POST', {
      orderId: aEpki,
    });
    expect(done.status).toBe('ISSUED');
    await expect(admin(url, 'accounts/nobody/defaults')).rejects.toThrow(/404/);
  }, 120_000);

  it('answers what it cannot route as the in-process simulator does, in the front Worker', async () => {
    const { url } = await start();
    const post = (path: string, body: string) =>
      fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
    const unknown = await post('/nowhere', '<x/>');
    expect([unknown.status, await unknown.text()]).toEqual([404, '<html><body>404 Not Found</body></html>']);
    const malformed = await post('/kb/ws/v2/ManagedSSLService', '<soap:Envelope><oops');
    expect(malformed.status).toBe(500);
    expect(await malformed.text()).toContain('soap:Client');
    const get = await fetch(`${url}/kb/ws/v2/ManagedSSLService`);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    await get.arrayBuffer();
    // A user name no account holds: a login failure, as GlobalSign answers it.
    const stranger = new QueryClient({ username: 'nobody', password: 'x', endpoint: url, retries: 0 });
    const e = await stranger.getOrderByOrderId({ OrderID: 'X' }).catch((x: unknown) => x);
    expect(isGlobalSignApiError(e) && e.errorCodes).toEqual(['-4001']);
  }, 60_000);
});
