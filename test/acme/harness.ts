/**
 * ACME gateway test harness: the in-process simulator served on 127.0.0.1 (GlobalSign backend, with a second
 * approved domain `example.net` in the OV profile), the gateway Worker under miniflare (SQLite-backed Durable
 * Objects, optionally persisted), and helpers to create tenants and acme-client clients.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator, type Simulator } from '../../src/simulator/index.ts';
import { type SimulatorServer, serveSimulator } from '../../src/simulator/node.ts';
import { Log, LogLevel, Miniflare } from 'miniflare';
import { buildWorker, miniflareOptions } from '../../scripts/build-workers.mjs';

/** The backend: simulator, its URL, and the IDs the tests use. */
export interface Backend {
  readonly sim: Simulator;
  readonly server: SimulatorServer;
  readonly profileId: string;
  /** example.com */
  readonly domainId: string;
  /** example.net */
  readonly domain2Id: string;
  /** EV profile and its domain example.org. */
  readonly evProfileId: string;
  readonly evDomainId: string;
  /** SOAP operations received, in order (the first element of each request's Body). */
  readonly calls: string[];
}

let bundle: Promise<string> | undefined;

/** Builds the gateway once per test file. */
export function gatewayBundle(): Promise<string> {
  bundle ??= buildWorker('acme');
  return bundle;
}

/**
 * Starts the simulator (MSSL ASYNC_ORDER delay `asyncDelayMs`, default 0).
 *
 * @example
 * ```ts
 * const b = await startBackend();
 * ```
 */
export async function startBackend(asyncDelayMs = 0): Promise<Backend> {
  const sim = await createSimulator({ asyncDelayMs });
  const d = sim.defaults;
  const profileId = String(d.msslProfileId);
  const second = sim.admin.addMsslDomain({ profileId, name: 'example.net' });
  const calls: string[] = [];
  const counting = {
    ...sim,
    fetch: async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const request = input instanceof Request ? input : new Request(input, init);
      const body = await request.clone().text();
      const op = /<(?:\w+:)?Body[^>]*>\s*<(?:\w+:)?(\w+)/.exec(body)?.[1];
      if (op) calls.push(op);
      return sim.fetch(request);
    },
  };
  const server = await serveSimulator(counting);
  return {
    sim,
    server,
    profileId,
    domainId: String(d.msslDomainId),
    domain2Id: second.id,
    evProfileId: String(d.msslEvProfileId),
    evDomainId: String(d.msslEvDomainId),
    calls,
  };
}

/** A running gateway. */
export interface Gateway {
  readonly url: string;
  readonly directory: string;
  readonly adminSecret: string;
  readonly mf: Miniflare;
  stop(): Promise<void>;
}

/** Options of {@link startGateway}. */
export interface GatewayOptions {
  /** `LOCAL_VALIDATION`: `{ httpPort, dohUrl }`. */
  readonly local?: { httpPort?: number; dohUrl?: string };
  /** Directory for Durable Object persistence (restart tests). */
  readonly persist?: string;
  /** Fixed port (restart tests reuse it, so stored URLs stay valid). */
  readonly port?: number;
  readonly adminSecret?: string;
  /** More bindings (e.g. `ORDER_LIFETIME_SECONDS`). */
  readonly bindings?: Readonly<Record<string, string>>;
}

/**
 * Starts the gateway on 127.0.0.1 against `backend`.
 *
 * @example
 * ```ts
 * const gw = await startGateway(backend, { local: { httpPort } });
 * ```
 */
export async function startGateway(backend: Backend, o: GatewayOptions = {}): Promise<Gateway> {
  const scriptPath = await gatewayBundle();
  const d = backend.sim.defaults;
  const adminSecret = o.adminSecret ?? randomBytes(24).toString('base64url');
  const mf = new Miniflare({
    ...miniflareOptions('acme', scriptPath),
    name: 'acme',
    port: o.port ?? 0,
    log: new Log(process.env.ACME_DEBUG ? LogLevel.DEBUG : LogLevel.WARN),
    ...(o.persist ? { durableObjectsPersist: o.persist } : {}),
    bindings: {
      GS_USERNAME: d.username,
      GS_PASSWORD: d.password,
      GS_ENDPOINT: backend.server.url,
      ADMIN_SECRET: adminSecret,
      POLL_INITIAL_MS: '200',
      ...(o.local ? { LOCAL_VALIDATION: JSON.stringify(o.local) } : {}),
      ...o.bindings,
    },
  });
  const url = (await mf.ready).href.replace(/\/$/, '');
  return { url, directory: `${url}/directory`, adminSecret, mf, stop: () => mf.dispose() };
}

/** EAB credentials of a tenant. */
export interface Eab {
  readonly kid: string;
  readonly hmacKey: string;
}

/**
 * Creates a tenant through the admin endpoint.
 *
 * @example
 * ```ts
 * const eab = await createTenant(gw, { profileId, domainIds: [domainId], challenges: ['pre-authorized'] });
 * ```
 */
export async function createTenant(gw: Gateway, body: Record<string, unknown>): Promise<Eab> {
  const res = await fetch(`${gw.url}/admin/tenants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gw.adminSecret}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      productCode: 'PV_SHA2',
      months: 12,
      contact: { FirstName: 'Ada', LastName: 'Lovelace', Phone: '+44 20 0000 0000', Email: 'ada@example.com' },
      ...body,
    }),
  });
  const json = (await res.json()) as { eabKid: string; eabHmacKey: string; detail?: string };
  if (res.status !== 201) throw new Error(`tenant: HTTP ${res.status} ${json.detail}`);
  return { kid: json.eabKid, hmacKey: json.eabHmacKey };
}

/**
 * A tenant pre-authorized for `domainIds` (default: example.com) of the backend's OV profile.
 *
 * @example
 * ```ts
 * const eab = await preauthorizedTenant(gw, backend, [backend.domainId, backend.domain2Id]);
 * ```
 */
export function preauthorizedTenant(
  gw: Gateway,
  b: Backend,
  domainIds: readonly string[] = [b.domainId],
): Promise<Eab> {
  return createTenant(gw, { profileId: b.profileId, domainIds, challenges: ['pre-authorized'] });
}

/** Every MSSL order the simulator holds. */
export function gsOrderCount(b: Backend): number {
  return b.sim.admin.listMsslOrders().length;
}

/** Checks a PEM chain with openssl against the simulator's roots; returns the leaf's DNS names. */
export function verifyChain(b: Backend, pem: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'acme-chain-'));
  const ca = b.sim.admin.caCertificates();
  const all = [ca.rsa.at(-1)!, ca.ec.at(-1)!]; // the roots only: the intermediate must come from the chain
  writeFileSync(join(dir, 'roots.pem'), all.join(''));
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? [];
  writeFileSync(join(dir, 'leaf.pem'), blocks[0] ?? '');
  writeFileSync(join(dir, 'chain.pem'), blocks.slice(1).join(''));
  const out = execFileSync('openssl', [
    'verify',
    '-CAfile',
    join(dir, 'roots.pem'),
    '-untrusted',
    join(dir, 'chain.pem'),
    join(dir, 'leaf.pem'),
  ]).toString();
  if (!out.includes(': OK')) throw new Error(`openssl verify: ${out}`);
  const text = execFileSync('openssl', [
    'x509',
    '-in',
    join(dir, 'leaf.pem'),
    '-noout',
    '-ext',
    'subjectAltName',
  ]).toString();
  return [...text.matchAll(/DNS:([^,\s]+)/g)].map((m) => m[1]!).sort();
}
