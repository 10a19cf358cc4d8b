// The exactly-once campaign's world: scenario arbitraries (every MSSL and EPKI ordering operation, product codes in
// every accepted spelling, SHA-1 codes, with/without CSR, SANs, ASYNC_ORDER, clock skew within tolerance, decoy orders,
// faults of every kind on the ordering call and on every read reconciliation makes), cheap keys (pools), and one
// fresh simulator per scenario on a shared CA.
import fc from 'fast-check';
import { EpkiClient } from '../../src/clients/epki.ts';
import { MsslClient } from '../../src/clients/mssl.ts';
import { QueryClient } from '../../src/clients/query.ts';
import { createCsr, generateKeyPair, type KeyPairInfo } from '../../src/crypto/index.ts';
import { type CaMaterial, createSimulator, type FaultKind, type Simulator } from '../../src/simulator/index.ts';
import { CONTACT } from '../simulator/mssl-helpers.ts';

export const FAULTS: readonly FaultKind[] = ['http500', 'soapFault', 'dropBeforeApply', 'drop', 'malformed', 'hang'];
export const MSSL_OPS = ['PVOrder', 'PVOrderWithoutCSR'] as const;
export const EPKI_OPS = ['OrderAndIssueCertificate', 'OrderPkcs12', 'OrderCertificate', 'OrderDS'] as const;
export type Op = (typeof MSSL_OPS)[number] | (typeof EPKI_OPS)[number];
export const READS = {
  MSSL: ['GetCertificateOrders', 'GetOrderByOrderID'],
  EPKI: ['GetOrders', 'GetOrderByOrderId'],
} as const;

/** Product codes each operation accepts (SHA-1 MSSL codes included: they must be refused before sending). */
const PRODUCTS: Record<Op, readonly string[]> = {
  PVOrder: ['PV_SHA2', 'PEV_SHA2', 'PV_INTRA_SHA2', 'PV_CLOUD', 'PV_INTRA_ECCP256', 'PV', 'PEV', 'PV_INTRA'],
  PVOrderWithoutCSR: ['PV_INTRA_SKIP_SHA2', 'PV_INTRA_SKIP'],
  OrderAndIssueCertificate: ['EPKIPSPersonal', 'EPKIPSDept', 'EPKIPSPersonalPro', 'ePkiSmimeOnly'],
  OrderPkcs12: ['EPKIPSPersonal', 'ePkiSmimeOnly'],
  OrderCertificate: ['EPKIPSPersonal', 'EPKIPSDept', 'ePkiSmimeOnly'],
  OrderDS: ['ePkiDSAATL', 'ePkiDSAATLASP', 'ePkiDSAATLShortLived'],
};
export const SHA1 = new Set(['PV', 'PEV', 'PV_INTRA', 'PV_INTRA_SKIP']);
const SPELL = [
  (s: string) => s,
  (s: string) => s.toLowerCase(),
  (s: string) => s.toUpperCase(),
  (s: string) => ` ${s} `,
];
const CASE = [(s: string) => s, (s: string) => s.toUpperCase(), (s: string) => s.replace(/^./, (c) => c.toUpperCase())];

/** A decoy placed before the intended order: same name with another key, another name, or the same name keyless. */
export type Decoy = 'sameNameOtherKey' | 'otherName' | 'sameNameNoKey';

export interface Scenario {
  readonly op: Op;
  readonly product: string;
  readonly spelling: number;
  readonly nameCase: number;
  readonly sans: number;
  readonly async: boolean;
  readonly issue: boolean;
  readonly keyLength: '2048' | '4096';
  /** Simulator clock minus client clock, ms (within the 5-minute tolerance). */
  readonly skewMs: number;
  readonly decoys: readonly Decoy[];
  /** Faults on the ordering call, one per attempt in turn. */
  readonly orderFaults: readonly FaultKind[];
  /** Faults on the reads reconciliation makes: kind, read (index into READS), how many times. */
  readonly readFaults: readonly { readonly kind: FaultKind; readonly read: 0 | 1; readonly count: number }[];
}

const fault = fc.constantFrom(...FAULTS);
/** Operations by weight: the ones without a CSR make the simulator build a PKCS#12 (costly), so they come rarer. */
const opArb = fc.oneof(
  { weight: 20, arbitrary: fc.constant<Op>('PVOrder') },
  { weight: 16, arbitrary: fc.constant<Op>('OrderAndIssueCertificate') },
  { weight: 12, arbitrary: fc.constant<Op>('OrderCertificate') },
  { weight: 16, arbitrary: fc.constant<Op>('OrderDS') },
  { weight: 1, arbitrary: fc.constant<Op>('OrderPkcs12') },
  { weight: 1, arbitrary: fc.constant<Op>('PVOrderWithoutCSR') },
);
/** Decoys by weight (a keyless MSSL decoy is a PVOrderWithoutCSR: costly). */
const decoyArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Decoy>('sameNameOtherKey') },
  { weight: 3, arbitrary: fc.constant<Decoy>('otherName') },
  { weight: 1, arbitrary: fc.constant<Decoy>('sameNameNoKey') },
);

export const scenarioArb: fc.Arbitrary<Scenario> = opArb.chain((op) =>
  fc.record({
    op: fc.constant(op),
    product: fc.constantFrom(...PRODUCTS[op]),
    spelling: fc.nat(SPELL.length - 1),
    nameCase: fc.nat(CASE.length - 1),
    sans: fc.nat(2),
    async: fc.boolean(),
    issue: fc.boolean(),
    keyLength: fc.constantFrom<'2048' | '4096'>('2048', '2048', '2048', '4096'),
    skewMs: fc.integer({ min: -270_000, max: 270_000 }),
    decoys: fc.array(decoyArb, { maxLength: 2 }),
    orderFaults: fc.array(fault, { minLength: 0, maxLength: 2 }),
    readFaults: fc.array(
      fc.record({ kind: fault, read: fc.constantFrom<0 | 1>(0, 1), count: fc.integer({ min: 1, max: 3 }) }),
      { maxLength: 2 },
    ),
  }),
);

export const serviceOf = (op: Op): 'MSSL' | 'EPKI' => (op.startsWith('PV') ? 'MSSL' : 'EPKI');

/** Key pools: P-256 (MSSL CSRs) and RSA-2048 (EPKI takes RSA only); a scenario draws distinct keys from each. */
export interface Keys {
  p256: KeyPairInfo[];
  rsa: KeyPairInfo[];
}
export async function makeKeys(): Promise<Keys> {
  const p256 = await Promise.all(Array.from({ length: 4 }, () => generateKeyPair('P-256')));
  const rsa = await Promise.all(Array.from({ length: 4 }, () => generateKeyPair('RSA-2048')));
  return { p256, rsa };
}

/**
 * A WebCrypto whose generateKey hands out keys from small pools (the simulator makes RSA keys for
 * PVOrderWithoutCSR and OrderPkcs12: 4096-bit ones take seconds). Everything else is the platform's.
 */
export function pooledCrypto(): Crypto {
  const real = globalThis.crypto;
  const pools = new Map<string, Promise<CryptoKeyPair>[]>();
  let turn = 0;
  const subtle = new Proxy(real.subtle, {
    get(target, prop) {
      if (prop === 'generateKey') {
        return (alg: RsaHashedKeyGenParams, extractable: boolean, usages: KeyUsage[]) => {
          const id = JSON.stringify([alg, extractable, usages]);
          const pool = pools.get(id) ?? [];
          pools.set(id, pool);
          if (pool.length < 2) pool.push(target.generateKey(alg, extractable, usages) as Promise<CryptoKeyPair>);
          return pool[turn++ % pool.length];
        };
      }
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return {
    subtle,
    getRandomValues: <T extends ArrayBufferView>(a: T) => real.getRandomValues(a),
    randomUUID: () => real.randomUUID(),
  } as Crypto;
}

export interface World {
  sim: Simulator;
  mssl: MsslClient;
  query: QueryClient;
  epki: EpkiClient;
}

/** A fresh simulator (clock skewed as the scenario says) and clients with short time limits. */
export async function worldFor(s: Scenario, ca: CaMaterial, crypto: Crypto): Promise<World> {
  const sim = await createSimulator({ ca, crypto, clock: () => new Date(Date.now() + s.skewMs) });
  const base = { ...sim.defaults, endpoint: 'http://simulator.invalid', fetch: sim.fetch, retryBaseMs: 1 };
  return {
    sim,
    mssl: new MsslClient({ ...base, retries: 0, timeoutMs: 300 }),
    query: new QueryClient({ ...base, retries: 2, timeoutMs: 300 }),
    epki: new EpkiClient({ ...base, retries: 2, timeoutMs: 300 }),
  };
}

/** What one call of the scenario's operation (or a decoy's) sends. */
export interface Call {
  readonly name: string;
  readonly send: () => Promise<unknown>;
}

/** The intended order's call (`key`: index into the pool), or a decoy's (`key` undefined: an order without CSR). */
export async function orderCall(
  w: World,
  s: Scenario,
  keys: Keys,
  name: string,
  key: number | undefined,
): Promise<Call> {
  return serviceOf(s.op) === 'MSSL' ? msslCall(w, s, keys, name, key) : epkiCall(w, s, keys, name, key);
}

async function msslCall(w: World, s: Scenario, keys: Keys, name: string, key: number | undefined): Promise<Call> {
  const d = w.sim.defaults;
  const ev = s.product.startsWith('PEV');
  const domain = ev ? d.evDomain : d.domain;
  const cn = CASE[s.nameCase]!(`${name}.${domain}`);
  const sans = Array.from({ length: s.sans }, (_, i) => ({
    SANOptionType: '7',
    SubjectAltName: `alt${i}-${name}.${domain}`,
  }));
  const options = [
    ...(sans.length ? [{ OptionName: 'SAN', OptionValue: 'true' }] : []),
    ...(s.async ? [{ OptionName: 'ASYNC_ORDER', OptionValue: 'true' }] : []),
  ];
  const common = {
    OrderKind: 'new',
    Licenses: '1',
    ValidityPeriod: { Months: '12' },
    ...(options.length ? { Options: options } : {}),
  };
  const rest = {
    MSSLProfileID: String(ev ? d.msslEvProfileId : d.msslProfileId),
    MSSLDomainID: String(ev ? d.msslEvDomainId : d.msslDomainId),
    ContactInfo: CONTACT,
    ...(sans.length ? { SANEntries: sans } : {}),
  };
  const product = SPELL[s.spelling]!(key === undefined && s.op === 'PVOrder' ? 'PV_INTRA_SKIP_SHA2' : s.product);
  if (key === undefined) {
    const p = { ProductCode: product, ...common, Pin: 'correct-horse-battery', KeyLength: s.keyLength };
    const req = { OrderRequestParameterWithoutCSR: p, ...rest, OVCSRInfo: { CommonName: cn } };
    return { name: 'PVOrderWithoutCSR', send: () => w.mssl.pvOrderWithoutCsr(req as never) };
  }
  const csr = (await createCsr({ keys: keys.p256[key]!, subject: { CN: cn } })).pem;
  const req = { OrderRequestParameter: { ProductCode: product, ...common, CSR: csr }, ...rest };
  return { name: 'PVOrder', send: () => w.mssl.pvOrder(req as never) };
}

async function epkiCall(w: World, s: Scenario, keys: Keys, name: string, key: number | undefined): Promise<Call> {
  const d = w.sim.defaults;
  const email = `${name}@${d.emailDomain}`;
  const dn = { CommonName: CASE[s.nameCase]!(`Person ${name}`), Email: email };
  const product = SPELL[s.spelling]!(s.product);
  const csr = async (k: number) =>
    (await createCsr({ keys: keys.rsa[k]!, subject: { CN: dn.CommonName, E: email } })).pem;
  const person = {
    ProfileID: d.epkiProfileId,
    ProductCode: product,
    Year: 1 as const,
    DnAttributes: dn,
    SANRFC822EmailAddress: email,
  };
  if (s.op === 'OrderDS') {
    const ds = {
      ProfileOrderNo: d.epkiProfileId,
      ProductCode: product,
      Year: 1 as const,
      DnAttributes: dn,
      SubscriberEmailAddress: email,
    };
    const req =
      s.issue && key !== undefined
        ? { ...ds, IssueType: 'ISSUE' as const, CSR: await csr(key) }
        : { ...ds, IssueType: 'REGISTER' as const, PickupPassword: 'Pickup12345' };
    return { name: 'OrderDS', send: () => w.epki.orderDs(req) };
  }
  if (s.op === 'OrderAndIssueCertificate' && key !== undefined) {
    const req = { ...person, CSR: await csr(key) };
    return { name: s.op, send: () => w.epki.orderAndIssueCertificate(req) };
  }
  if (s.op === 'OrderPkcs12')
    return { name: s.op, send: () => w.epki.orderPkcs12({ ...person, PKCS12PIN: 'AUTOGEN' }) };
  return {
    name: 'OrderCertificate',
    send: () => w.epki.orderCertificate({ ...person, PickupPassword: 'Pickup12345' }),
  };
}

/** The scenario's operation carries a CSR (its key can decide). */
export const hasCsr = (s: Scenario): boolean =>
  s.op === 'PVOrder' || s.op === 'OrderAndIssueCertificate' || (s.op === 'OrderDS' && s.issue);

/** Every order the simulator holds for the scenario's service, by ID. */
export function orderIds(w: World, op: Op): string[] {
  return serviceOf(op) === 'MSSL'
    ? w.sim.admin.listMsslOrders().map((o) => o.orderId)
    : w.sim.admin.listOrders().map((o) => o.orderId);
}
