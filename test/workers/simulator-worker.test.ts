// The simulator Worker bundle under miniflare: its admin API on the shared bearer auth and problem documents (no
// import of the enroll Worker), and the body cap applied in front of the simulator.
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorker, miniflareOptions } from '../../scripts/build-workers.mjs';
import { SIMULATOR_PROBLEM_BASE } from '../../workers/simulator/src/problems.ts';

type MiniflareInit = Parameters<Miniflare['dispatchFetch']>[1];

const ADMIN = 'simulator-admin-secret-for-tests-0123456789';
const started: Miniflare[] = [];
let script: string;

beforeAll(async () => {
  script = await buildWorker('simulator');
}, 60_000);
afterAll(async () => {
  await Promise.all(started.map((mf) => mf.dispose()));
});

async function simulatorWorker(bindings: Record<string, string>): Promise<Miniflare> {
  const mf = new Miniflare({
    ...miniflareOptions('simulator', script),
    bindings,
  });
  started.push(mf);
  await mf.ready;
  return mf;
}

describe('simulator Worker', () => {
  let mf: Miniflare;
  beforeAll(async () => {
    mf = await simulatorWorker({ SIM_ADMIN_SECRET: ADMIN, SIM_MAX_BODY_BYTES: '2048' });
  }, 60_000);

  it('guards the admin API with the bearer secret and answers refusals as problem documents', async () => {
    const get = (path: string, authorization?: string, method = 'GET') =>
      mf.dispatchFetch(`http://sim.local${path}`, { method, headers: authorization ? { authorization } : {} });
    // Each answer is read at once: miniflare does not keep unread bodies around.
    const read = async (res: Awaited<ReturnType<typeof get>>) => ({
      status: res.status,
      type: res.headers.get('content-type'),
      auth: res.headers.get('www-authenticate'),
      problem: ((await res.json()) as { type: string }).type,
    });
    const answer = (kind: string, status: number, auth: string | null = null) => ({
      status,
      type: 'application/problem+json',
      auth,
      problem: SIMULATOR_PROBLEM_BASE + kind,
    });
    expect(await read(await get('/__admin/defaults'))).toEqual(answer('unauthorized', 401, 'Bearer'));
    expect(await read(await get('/__admin/defaults', 'Bearer wrong'))).toEqual(answer('unauthorized', 401, 'Bearer'));
    expect(await read(await get('/__admin/nothing', `Bearer ${ADMIN}`))).toEqual(answer('not-found', 404));
    expect(await read(await get('/__admin/defaults', `Bearer ${ADMIN}`, 'POST'))).toEqual(
      answer('method-not-allowed', 405),
    );
    const ok = await get('/__admin/defaults', `bearer ${ADMIN}`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { username: string }).username).toBeTypeOf('string');
  });

  it('answers 413 past SIM_MAX_BODY_BYTES, declared or streamed, as the simulator does', async () => {
    const post = (body: string | ReadableStream<Uint8Array>, extra: Record<string, string> = {}) =>
      mf.dispatchFetch('http://sim.local/kb/ws/v2/ManagedSSLService', {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body,
        ...extra,
      } as unknown as MiniflareInit);
    const big = await post('<x>'.repeat(1000));
    expect(big.status).toBe(413);
    expect(await big.text()).toBe('Request Entity Too Large');
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 16; i++) c.enqueue(new Uint8Array(1024).fill(0x41));
        c.close();
      },
    });
    expect((await post(stream, { duplex: 'half' })).status).toBe(413);
    const small = await post('<not-soap/>');
    expect(small.status).not.toBe(413); // within the cap: the simulator itself answers (a fault)
    await small.arrayBuffer();
  });

  it('hides the admin API when no secret is set', async () => {
    const open = await simulatorWorker({});
    const res = await open.dispatchFetch('http://sim.local/__admin/orders', { headers: { authorization: 'Bearer x' } });
    expect(res.status).toBe(404);
    await res.arrayBuffer();
  });
});
