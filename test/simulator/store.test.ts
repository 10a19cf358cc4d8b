// The storage interface (store.ts) and its two implementations: the in-memory store the simulator uses today, and the
// row store (sql-store.ts) over real SQLite (the sqlite3 shell; a Durable Object runs the same SQL). One contract:
// entities round-trip (Dates, bytes, certificates), every lookup answers the same, changes last once put, and the
// row store keeps everything across a restart (a new store over the same database).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Certificate } from '../../src/crypto/certificate.ts';
import { generateKeyPair, publicKeySpki } from '../../src/crypto/index.ts';
import { createLocalCa } from '../../src/simulator/ca.ts';
import type { EpkiOrder, MsslOrder } from '../../src/simulator/entities.ts';
import { createMemoryStore } from '../../src/simulator/memory-store.ts';
import { createSqlStore } from '../../src/simulator/sql-store.ts';
import type { SimStore } from '../../src/simulator/store.ts';
import { recordTraffic } from '../wire/traffic.ts';
import { hasSqlite3, sqliteCli } from './sqlite-cli.ts';

const T = Date.parse('2026-03-02T09:00:00Z');
const at = (minutes: number): Date => new Date(T + minutes * 60_000);

let dir: string;
let cert: Certificate;
let chain: Certificate[];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gsk-store-'));
  const ca = await createLocalCa();
  const spki = await publicKeySpki(await generateKeyPair('P-256'));
  cert = await ca.issue({
    profile: 'tls',
    spki,
    subject: { CN: 'a.example.com' },
    sans: [{ type: 'dns', value: 'a.example.com' }],
    notBefore: at(0),
    days: 30,
  });
  chain = ca.chainFor(cert);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function msslOrder(id: string, over: Partial<MsslOrder> = {}): MsslOrder {
  return {
    orderId: id,
    owner: 'alice',
    productCode: 'PV_SHA2',
    family: 'OrganizationSSL',
    orderKind: 'new',
    months: 12,
    profileId: 'MP1',
    domainId: 'D1',
    commonName: `${id.toLowerCase()}.example.com`,
    sanEntries: [],
    status: '1',
    orderDate: at(0),
    validity: { Months: '12' },
    days: 366,
    spki: new Uint8Array([1, 2, 3, 255]),
    chain: [],
    renewalNotice: true,
    events: [{ name: 'ORDER_REQUEST', at: at(0) }],
    price: 100,
    ...over,
  };
}

function epkiOrder(id: string, over: Partial<EpkiOrder> = {}): EpkiOrder {
  return {
    orderId: id,
    owner: 'alice',
    productCode: 'EPKIPSPersonal',
    profileId: 'PF1',
    licenseNo: 'LI1',
    year: 1,
    status: 'ISSUED',
    certStatus: 'ISSUED',
    requestDate: at(0),
    orderDate: at(0),
    dn: { CommonName: 'Alice' },
    chain: [],
    renewalStatus: 'ACTIVE',
    events: [],
    ...over,
  };
}

const shells: { close(): void }[] = [];
afterAll(() => {
  for (const s of shells) s.close();
});

/** A SqlExec on a database file in the test's folder, closed after the tests. */
function sqlite(name: string): ReturnType<typeof sqliteCli> {
  const exec = sqliteCli(join(dir, name));
  shells.push(exec);
  return exec;
}

let databases = 0;
const STORES: [string, () => SimStore][] = [['in memory', () => createMemoryStore('default')]];
if (hasSqlite3()) STORES.push(['in SQLite rows', () => createSqlStore(sqlite(`${databases++}.db`), 'default')]);
else if (process.env.CI === 'true') throw new Error('sqlite3 is missing: setup installs it');

describe.each(STORES)('store %s', (_, make) => {
  it('hands out the same IDs as every store for a seed', () => {
    const s = make();
    const referee = createMemoryStore('default');
    const ids = [referee.nextId('MS'), referee.nextId('MS'), referee.nextId('CE', 8)];
    expect(ids).toEqual(['MS0894000001', 'MS0894000002', 'CE089400000001']);
    expect([s.nextId('MS'), s.nextId('MS'), s.nextId('CE', 8)]).toEqual(ids);
    expect(createMemoryStore('other').nextId('MS')).not.toBe(ids[0]);
  });

  it('round-trips an MSSL order with dates, bytes and certificates; a change lasts once put', () => {
    const s = make();
    const o = msslOrder('A', { certificate: cert, chain, completeDate: at(1), readyAt: undefined });
    s.msslOrders.put(o);
    const back = s.msslOrders.get('A')!;
    expect(back.orderDate).toEqual(at(0));
    expect(back.spki).toEqual(new Uint8Array([1, 2, 3, 255]));
    expect(back.certificate?.serialNumber).toBe(cert.serialNumber);
    expect(back.certificate?.notAfter).toEqual(cert.notAfter);
    expect(back.chain.map((c) => c.pem)).toEqual(chain.map((c) => c.pem));
    back.status = '4';
    back.events.push({ name: 'CERT_ISSUE', at: at(2) });
    s.msslOrders.put(back);
    expect(s.msslOrders.get('A')?.status).toBe('4');
    expect(s.msslOrders.get('A')?.events.map((e) => e.name)).toEqual(['ORDER_REQUEST', 'CERT_ISSUE']);
    expect(s.msslOrders.all().map((x) => x.orderId)).toEqual(['A']); // replaced, not added
    expect(s.msslOrders.get('nope')).toBeUndefined();
  });

  it('answers the MSSL order lookups: owner, date ranges, events, common name, status, links, charges', () => {
    const s = make();
    s.msslOrders.put(msslOrder('A', { orderDate: at(10), events: [{ name: 'ORDER_REQUEST', at: at(10) }] }));
    s.msslOrders.put(msslOrder('B', { orderDate: at(5), certificate: cert, status: '4', price: 50 }));
    s.msslOrders.put(msslOrder('C', { owner: 'bob', orderDate: at(7) }));
    s.msslOrders.put(
      msslOrder('D', { orderDate: at(20), status: '3', reissueOf: 'B', renewalOf: 'A', commonName: 'b.example.com' }),
    );
    s.msslOrders.put(
      msslOrder('E', {
        orderDate: at(30),
        events: [
          { name: 'ORDER_REQUEST', at: at(1) },
          { name: 'X', at: at(40) },
        ],
      }),
    );
    const ids = (list: MsslOrder[]): string[] => list.map((o) => o.orderId);
    expect(ids(s.msslOrders.byOwner('alice'))).toEqual(['A', 'B', 'D', 'E']);
    expect(ids(s.msslOrders.inRange('alice', 'orderDate', T + 5 * 60_000, T + 20 * 60_000))).toEqual(['B', 'A', 'D']);
    expect(ids(s.msslOrders.inRange('alice', 'notAfter', T, T + 40 * 86_400_000))).toEqual(['B']);
    const modified = s.msslOrders.modifiedIn('alice', T, T + 15 * 60_000);
    // The first event inside the window decides the place; ties keep insertion order.
    expect(modified.map((m) => [m.order.orderId, m.at])).toEqual([
      ['B', T],
      ['D', T],
      ['E', T + 60_000],
      ['A', T + 10 * 60_000],
    ]);
    expect(ids(s.msslOrders.byCommonName('alice', 'b.example.com'))).toEqual(['B', 'D']);
    expect(ids(s.msslOrders.byStatus('4'))).toEqual(['B']);
    expect(ids(s.msslOrders.reissuesOf('B'))).toEqual(['D']);
    expect([s.msslOrders.isRenewed('A'), s.msslOrders.isRenewed('B')]).toEqual([true, false]);
    expect(s.msslOrders.chargedTotal('alice')).toBe(100 + 50 + 100); // D is cancelled (3)
    // The total follows every write: a cancellation frees the price, a re-activation charges it again.
    const a = s.msslOrders.get('A')!;
    s.msslOrders.put({ ...a, status: '3' });
    expect(s.msslOrders.chargedTotal('alice')).toBe(250 - a.price);
    s.msslOrders.put({ ...a, status: '4' });
    s.msslOrders.put({ ...a, status: '4' });
    expect(s.msslOrders.chargedTotal('alice')).toBe(250);
    expect(s.msslOrders.chargedTotal('nobody')).toBe(0);
  });

  it('answers the EPKI, license, profile and domain lookups', () => {
    const s = make();
    s.epkiOrders.put(epkiOrder('E1', { requestDate: at(1), issueDate: at(2), dnSerial: 'DN1' }));
    s.epkiOrders.put(epkiOrder('E2', { requestDate: at(3), dnSerial: 'DN1', status: 'REISSUED' }));
    s.epkiOrders.put(epkiOrder('E3', { owner: 'bob', requestDate: at(2) }));
    expect(s.epkiOrders.inRange('alice', 'requestDate', T, T + 2 * 60_000).map((o) => o.orderId)).toEqual(['E1']);
    expect(s.epkiOrders.inRange('alice', 'issueDate', T, T + 9 * 60_000).map((o) => o.orderId)).toEqual(['E1']);
    expect(s.epkiOrders.byDnSerial('alice', 'DN1').map((o) => o.status)).toEqual(['ISSUED', 'REISSUED']);
    const license = { licenseNo: 'L1', profileId: 'PF1', productCode: 'EPKIPSPersonal', year: 1, total: 2, used: 0 };
    s.licenses.put(license);
    s.licenses.put({ ...license, licenseNo: 'L2', year: 2 });
    expect(s.licenses.matching('PF1', 'EPKIPSPersonal', 1).map((l) => l.licenseNo)).toEqual(['L1']);
    s.licenses.put({ ...license, used: 1 });
    expect(s.licenses.get('L1')?.used).toBe(1);
    const domain = {
      id: 'D1',
      owner: 'alice',
      profileId: 'MP1',
      name: 'example.com',
      vettingLevel: 'OV' as const,
      vettingType: 'DNS' as const,
      status: '3',
      orderDate: at(0),
      updated: at(0),
      code: 'c',
    };
    s.msslDomains.put(domain);
    s.msslDomains.put({ ...domain, id: 'D2', profileId: 'MP2', owner: 'bob' });
    expect(s.msslDomains.byProfile('MP1').map((d) => d.id)).toEqual(['D1']);
    expect(s.msslDomains.byOwner('bob').map((d) => d.id)).toEqual(['D2']);
    s.accounts.put({ username: 'alice', password: 'pw', allowedIps: [], disabled: false });
    expect(s.accounts.get('alice')?.password).toBe('pw');
  });

  it('keeps keyed tables and sets', () => {
    const s = make();
    s.msslRights.set('alice', ['OrganizationSSL', 'ExtendedSSL']);
    s.deposits.set('alice', 1000);
    s.dnsTxt.set('x.test', ['a', 'b']);
    expect([s.msslRights.get('alice'), s.deposits.get('alice'), s.dnsTxt.get('x.test')]).toEqual([
      ['OrganizationSSL', 'ExtendedSSL'],
      1000,
      ['a', 'b'],
    ]);
    s.deposits.delete('alice');
    expect(s.deposits.get('alice')).toBeUndefined();
    for (const k of ['MS3', 'MS1', 'MS2']) s.pendingAsync.add(k);
    s.pendingAsync.add('MS1');
    s.pendingAsync.delete('MS3');
    expect([s.pendingAsync.keys(), s.pendingAsync.has('MS2'), s.pendingAsync.has('MS3')]).toEqual([
      ['MS1', 'MS2'],
      true,
      false,
    ]);
  });
});

describe.skipIf(!hasSqlite3())('store in SQLite rows across a restart', () => {
  it('finds every row again and goes on counting IDs', () => {
    const shell = sqliteCli(join(dir, 'restart.db'));
    const first = createSqlStore(shell, 'default');
    first.msslOrders.put(msslOrder(first.nextId('MS'), { certificate: cert }));
    first.phishing.add('evil.test');
    shell.close(); // the shell exits; only the database file remains
    const again = createSqlStore(sqlite('restart.db'), 'default');
    expect(again.msslOrders.all().map((o) => [o.orderId, o.certificate?.serialNumber])).toEqual([
      ['MS0894000001', cert.serialNumber],
    ]);
    expect(again.phishing.has('evil.test')).toBe(true);
    expect(again.nextId('MS')).toBe('MS0894000002');
  });
});

/** A response with what is random in each run (keys, certificates, serials, PKCS#12, validation codes) masked. */
const masked = (xml: string): string =>
  xml
    .replace(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g, 'PEM')
    .replace(/<(SerialNumber|PKCS12File|PKCS7Cert|X509Cert|CACert|DomainValidationCode)>[^<]*</g, '<$1>X<')
    .replace(/(verification=|content=&quot;)[\w-]{16,}/g, '$1X');

describe.skipIf(!hasSqlite3())('the simulator on SQL rows', () => {
  it('answers a scenario of every MSSL, Query and Account operation as it does in memory', async () => {
    const memory = await recordTraffic();
    const rows = await recordTraffic({ store: (seed) => createSqlStore(sqlite('simulator.db'), seed) });
    expect(rows.map((x) => x.op)).toEqual(memory.map((x) => x.op));
    for (let i = 0; i < rows.length; i++)
      expect(masked(rows[i]!.response), rows[i]!.op).toBe(masked(memory[i]!.response));
  }, 120_000);
});
