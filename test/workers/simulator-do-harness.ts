// Shared set-up of the simulator Worker's Durable Object tests: the bundle under miniflare with its two objects
// (SQLite-backed, optionally persisted to a directory), the real clients on its URL, and the admin API.
import { Miniflare } from 'miniflare';
import { miniflareOptions } from '../../scripts/build-workers.mjs';
import { EpkiClient } from '../../src/clients/epki.ts';
import { MsslClient } from '../../src/clients/mssl.ts';
import { QueryClient } from '../../src/clients/query.ts';
import { createCsr, generateKeyPair } from '../../src/crypto/index.ts';

export const ADMIN = 'simulator-admin-secret-for-tests-0123456789';

/** The simulator Worker under miniflare with its Durable Objects. */
export async function simulatorObjects(
  script: string,
  options: { persist?: string; bindings?: Record<string, string> } = {},
): Promise<{ mf: Miniflare; url: string }> {
  const mf = new Miniflare({
    ...miniflareOptions('simulator', script),
    bindings: { SIM_ADMIN_SECRET: ADMIN, ...options.bindings },
    ...(options.persist ? { durableObjectsPersist: options.persist } : {}),
  });
  const url = (await mf.ready).toString().replace(/\/$/, '');
  return { mf, url };
}

/** Calls the admin API; the JSON answer (throws on a non-2xx status, with the problem's detail). */
export async function admin<T = Record<string, unknown>>(
  url: string,
  path: string,
  method = 'GET',
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${url}/__admin/${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as T & { detail?: string };
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${json.detail ?? ''}`);
  return json;
}

/** An account's defaults and the three clients on the Worker's URL. */
export async function clientsOf(url: string, account = 'sim-api-user') {
  const d = await admin<Record<string, string>>(url, `accounts/${encodeURIComponent(account)}/defaults`);
  const opts = { username: d.username!, password: d.password!, endpoint: url, retries: 0 };
  return { defaults: d, mssl: new MsslClient(opts), query: new QueryClient(opts), epki: new EpkiClient(opts) };
}

export type Clients = Awaited<ReturnType<typeof clientsOf>>;

/** Places a PVOrder for `cn` with a fresh P-256 key; its OrderID. */
export async function msslOrder(c: Clients, cn: string): Promise<string> {
  const keys = await generateKeyPair('P-256');
  const csr = (await createCsr({ keys, subject: { CN: cn, O: 'Example Ltd', C: 'GB' } })).pem;
  const res = await c.mssl.pvOrder({
    OrderRequestParameter: {
      ProductCode: 'PV_SHA2',
      OrderKind: 'new',
      Licenses: '1',
      ValidityPeriod: { Months: '12' },
      CSR: csr,
    },
    MSSLProfileID: c.defaults.msslProfileId!,
    MSSLDomainID: c.defaults.msslDomainId!,
    ContactInfo: { FirstName: 'Ada', LastName: 'Lovelace', Phone: '+44 20 0000 0000', Email: 'ada@example.com' },
  });
  return res.OrderID!;
}

/** Places an EPKI enrollment (OrderCertificate: no key needed); its OrderID. */
export async function epkiOrder(c: Clients, name: string): Promise<string> {
  const email = `${name}@example.com`;
  const res = await c.epki.orderCertificate({
    ProfileID: c.defaults.epkiProfileId!,
    ProductCode: 'EPKIPSPersonal',
    Year: 1,
    SANRFC822EmailAddress: email,
    DnAttributes: { CommonName: name, Email: email },
    PickupPassword: 'Pickup1234',
  });
  return res.OrderID;
}
