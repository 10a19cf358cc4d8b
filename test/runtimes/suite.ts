// One portable test suite, run unchanged in Node, Chromium, workerd, Deno and Bun (bundled by
// scripts/runtimes/run-all.mjs; each runtime's runner only calls `runSuite`). No node: imports, no test framework:
// each case throws on failure. The simulator runs in-process, and over 127.0.0.1 when `simulatorUrl` is given.
import { EpkiClient } from '../../src/clients/epki.ts';
import {
  createCsr,
  createPkcs12,
  exportPrivateKey,
  fromBase64,
  generateKeyPair,
  lintCsr,
  openPkcs12,
  parseCertificate,
  parseCsr,
} from '../../src/crypto/index.ts';
import { isCryptoError, isGlobalSignApiError, isValidationError } from '../../src/errors.ts';
import { createSimulator } from '../../src/simulator/index.ts';
import { msslAsyncOrder } from './mssl.ts';

/** What a runner gives the suite. */
export interface SuiteContext {
  /** Base64 of fixture files by name (PKCS#12 vectors). */
  readonly fixtures: Readonly<Record<string, string>>;
  /** A simulator served on 127.0.0.1 (same origin as the page in Chromium). */
  readonly simulatorUrl?: string;
  /** Its seed's account and EPKI profile (else read from `${simulatorUrl}/__defaults`). */
  readonly simulatorDefaults?: SimulatorLogin;
  /**
   * A second, separately loaded copy of src/errors.ts (another bundle; in Chromium, another realm: an iframe), so
   * the error case can check that the `is*` guards recognise errors thrown by this bundle's classes.
   */
  readonly otherErrors?: OtherErrors;
}

/** The part of another copy of src/errors.ts that the error case uses. */
export interface OtherErrors {
  readonly isCryptoError: (e: unknown) => boolean;
  readonly isGlobalSignError: (e: unknown) => boolean;
  readonly CryptoError: abstract new (...args: never[]) => object;
}

/** What the over-HTTP case needs of the served simulator's seed (the simulator's own account, not a secret). */
export interface SimulatorLogin {
  readonly username: string;
  readonly password: string;
  readonly epkiProfileId: string;
}

/** One case's outcome. */
export interface CaseResult {
  readonly name: string;
  readonly feature: string;
  readonly status: 'pass' | 'fail' | 'skip';
  readonly ms: number;
  readonly error?: string;
}

function assert(cond: unknown, what: string): asserts cond {
  if (!cond) throw new Error(`assertion failed: ${what}`);
}

type Case = { name: string; feature: string; run(ctx: SuiteContext): Promise<unknown> };

const ALICE = 'alice@example.com';

async function epkiOrder(client: EpkiClient, profileId: string): Promise<void> {
  const keys = await generateKeyPair('RSA-2048');
  const csr = await createCsr({ keys, subject: { CN: 'Alice', E: ALICE }, sans: [{ type: 'email', value: ALICE }] });
  const res = await client.orderAndIssueCertificate({
    ProfileID: profileId,
    ProductCode: 'EPKIPSPersonal',
    Year: 1,
    CSR: csr.pem,
    SANRFC822EmailAddress: ALICE,
    DnAttributes: { CommonName: 'Alice Portable', Email: ALICE },
  });
  const { certificate } = EpkiClient.decodeCertificate(res.CERT);
  assert(certificate.subject.CN === 'Alice Portable', 'issued CN');
  assert(certificate.extendedKeyUsage.includes('emailProtection'), 'S/MIME EKU');
}

async function openFixture(ctx: SuiteContext, file: string, password: string, expect: string): Promise<void> {
  const data = ctx.fixtures[file];
  assert(data, `fixture ${file} given`);
  const p12 = await openPkcs12(fromBase64(data), password);
  assert(p12.keys.length === 1 && p12.certificates.length >= 1, `${file}: one key and its certificate`);
  assert(
    p12.encryption.some((e) => e.includes(expect)),
    `${file}: ${expect} met (${p12.encryption.join(', ')})`,
  );
  const key = await p12.keys[0]!.importKey();
  assert(key.type === 'private', `${file}: key imports`);
}

const CASES: Case[] = [
  {
    name: 'RSA-2048 and P-256 key pairs, PKCS#8 export',
    feature: 'keys',
    async run() {
      for (const alg of ['RSA-2048', 'P-256'] as const) {
        const keys = await generateKeyPair(alg, { extractable: true });
        const pem = await exportPrivateKey(keys.privateKey, 'pem');
        assert(pem.includes('BEGIN PRIVATE KEY'), `${alg} PKCS#8 PEM`);
      }
    },
  },
  {
    name: 'CSR: create, parse (signature verified), lint',
    feature: 'csr',
    async run() {
      const keys = await generateKeyPair('P-256');
      const csr = await createCsr({
        keys,
        subject: { CN: 'www.example.com', O: 'Example' },
        sans: [
          { type: 'dns', value: 'www.example.com' },
          { type: 'ip', value: '2001:db8::1' },
        ],
      });
      const parsed = await parseCsr(csr.pem);
      assert(parsed.signatureValid, 'signature valid');
      assert(parsed.sans.length === 2 && parsed.subject.CN === 'www.example.com', 'subject and SANs');
      const findings = await lintCsr(parsed, { service: 'EPKI' });
      assert(
        findings.some((f) => f.code === '-4007'),
        'EPKI refuses ECDSA (-4007)',
      );
    },
  },
  {
    name: 'PKCS#12 open: OpenSSL 3 default (AES-256)',
    feature: 'pkcs12-open',
    run: (ctx) => openFixture(ctx, 'example.pfx', '', 'AES-256'),
  },
  {
    name: 'PKCS#12 open: AES-192 (pure AES where WebCrypto lacks it)',
    feature: 'pkcs12-aes192',
    run: (ctx) => openFixture(ctx, 'example12.pfx', '1234', 'AES-192'),
  },
  {
    name: 'PKCS#12 open: legacy RC2-40 + 3DES',
    feature: 'pkcs12-legacy',
    run: (ctx) => openFixture(ctx, 'go-testing-example-com.p12', '', 'RC2'),
  },
  {
    name: 'PKCS#12 write modern and legacy, read back',
    feature: 'pkcs12-write',
    async run(ctx) {
      const src = await openPkcs12(fromBase64(ctx.fixtures['example.pfx']!), '');
      for (const profile of ['modern', 'legacy'] as const) {
        const file = await createPkcs12({
          key: src.keys[0]!.pkcs8,
          certificates: src.certificates,
          password: 'pässwörd',
          profile,
          iterations: 2048,
        });
        const back = await openPkcs12(file, 'pässwörd');
        assert(back.keys.length === 1 && back.certificates.length === src.certificates.length, `${profile} round trip`);
        const cert = parseCertificate(back.certificates[0]!.der);
        assert(cert.serialNumber.length > 0, 'certificate parses');
      }
    },
  },
  {
    name: 'errors keep their types across bundles and realms (wrong password, bad input)',
    feature: 'errors',
    async run(ctx) {
      const e = await openPkcs12(fromBase64(ctx.fixtures['example.pfx']!), 'wrong').catch((x: unknown) => x);
      assert(isCryptoError(e) && e.reason === 'BAD_PASSWORD', 'BAD_PASSWORD');
      const v = await generateKeyPair('RSA-1024' as never).catch((x: unknown) => x);
      assert(isValidationError(v) || isCryptoError(v), 'typed refusal of an unknown algorithm');
      const other = ctx.otherErrors;
      if (!other) return 'skip';
      assert(!(e instanceof other.CryptoError), 'the other copy of errors.ts has its own classes');
      assert(other.isCryptoError(e) && other.isGlobalSignError(v), "the other copy's guards recognise our errors");
      assert(!other.isCryptoError(new Error('BAD_PASSWORD')), 'a plain Error is not taken for a CryptoError');
    },
  },
  {
    name: 'EPKI order (RSA) against the simulator in-process',
    feature: 'epki-inprocess',
    async run() {
      const sim = await createSimulator();
      const client = new EpkiClient({ ...sim.defaults, endpoint: 'http://simulator.invalid', fetch: sim.fetch });
      await epkiOrder(client, sim.defaults.epkiProfileId);
      const bad = new EpkiClient({ ...sim.defaults, password: 'nope', endpoint: 'http://sim', fetch: sim.fetch });
      const e = await bad.getProfiles({ ProfileQueryParam: {} }).catch((x: unknown) => x);
      assert(isGlobalSignApiError(e) && e.errorCodes[0] === '-4001', 'bad login is -4001');
    },
  },
  {
    name: 'EPKI order (RSA) against the simulator over 127.0.0.1',
    feature: 'epki-http',
    async run(ctx) {
      if (!ctx.simulatorUrl) return 'skip';
      const defaults =
        ctx.simulatorDefaults ?? ((await (await fetch(`${ctx.simulatorUrl}/__defaults`)).json()) as SimulatorLogin);
      const client = new EpkiClient({ ...defaults, endpoint: ctx.simulatorUrl });
      await epkiOrder(client, defaults.epkiProfileId);
    },
  },
  {
    name: 'MSSL orderAndWait (ASYNC_ORDER, polled) and reconcileOrder of a lost PVOrder',
    feature: 'mssl-async',
    run: msslAsyncOrder,
  },
];

/** A case that has not settled after this long fails, so one hung case does not cost the runtime's other results. */
const CASE_TIMEOUT_MS = 20_000;

function bounded(p: Promise<unknown>, name: string): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name}: no result within ${CASE_TIMEOUT_MS} ms`)), CASE_TIMEOUT_MS);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/**
 * Runs every case in turn and returns the outcomes (never throws; each case is bounded in time).
 *
 * @example
 * ```ts
 * const results = await runSuite({ fixtures });
 * ```
 */
export async function runSuite(ctx: SuiteContext): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const c of CASES) {
    const t0 = Date.now();
    try {
      const r = await bounded(c.run(ctx), c.name);
      out.push({ name: c.name, feature: c.feature, status: r === 'skip' ? 'skip' : 'pass', ms: Date.now() - t0 });
    } catch (e) {
      const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      out.push({ name: c.name, feature: c.feature, status: 'fail', ms: Date.now() - t0, error });
    }
  }
  return out;
}
