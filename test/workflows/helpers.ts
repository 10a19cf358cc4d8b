// Shared fixtures of the workflow tests: a simulator whose clock the test drives, an EPKI client on it, one RSA key.
import { EpkiClient } from '../../src/clients/epki.ts';
import { createCsr, generateKeyPair, type KeyPairInfo } from '../../src/crypto/index.ts';
import { createSimulator, type EpkiOrder, type Simulator } from '../../src/simulator/index.ts';

let rsa: Promise<KeyPairInfo> | undefined;
/** One RSA-2048 key for every test (EPKI takes RSA only; making keys is slow). */
export const sharedKey = (): Promise<KeyPairInfo> => {
  rsa ??= generateKeyPair('RSA-2048');
  return rsa;
};

export async function csrFor(cn: string, email: string): Promise<string> {
  const keys = await sharedKey();
  return (await createCsr({ keys, subject: { CN: cn, E: email }, sans: [{ type: 'email', value: email }] })).pem;
}

export interface Env {
  sim: Simulator;
  epki: EpkiClient;
}

export async function env(options: Parameters<typeof createSimulator>[0] = {}): Promise<Env> {
  const sim = await createSimulator(options);
  const epki = new EpkiClient({ ...sim.defaults, endpoint: 'http://simulator.invalid', fetch: sim.fetch, retries: 0 });
  return { sim, epki };
}

/** Time that the test controls: `sleep` advances the simulator clock instead of waiting. */
export function simTime(sim: Simulator, onSleep?: (ms: number) => Promise<void> | void) {
  return {
    now: () => sim.clock.now().getTime(),
    sleep: async (ms: number) => {
      sim.clock.advance(ms);
      await onSleep?.(ms);
    },
  };
}

/** Puts `n` REQUESTED orders straight into the simulator state, 1 ms apart (or all at one instant). */
export function seedOrders(
  sim: Simulator,
  n: number,
  options: { product?: string; sameInstant?: boolean } = {},
): EpkiOrder[] {
  const state = sim.admin.state;
  const license = state.licenses.all().find((l) => l.productCode === (options.product ?? 'EPKIPSPersonal'))!;
  const fixed = sim.clock.stamp();
  const out: EpkiOrder[] = [];
  for (let i = 0; i < n; i++) {
    const at = options.sameInstant ? fixed : sim.clock.stamp();
    const order: EpkiOrder = {
      orderId: state.nextId('CE'),
      owner: sim.defaults.username,
      productCode: license.productCode,
      profileId: sim.defaults.epkiProfileId,
      licenseNo: license.licenseNo,
      year: 1,
      status: 'REQUESTED',
      certStatus: 'NONE',
      requestDate: at,
      orderDate: at,
      dn: { CommonName: `Seeded ${i}`, Email: `seeded${i}@example.com` },
      email: `seeded${i}@example.com`,
      chain: [],
      renewalStatus: 'ACTIVE',
      events: [{ name: 'ORDERED', at }],
    };
    state.epkiOrders.put(order);
    out.push(order);
  }
  return out;
}
