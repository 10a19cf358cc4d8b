// Lost answers of state-changing operations other than orders: one OutcomeUnknownError carrying the operation, in
// that operation's words, and reads that settle it (checkRevocation, checkCancellation). Plus the decisions of issue
// 12 that a campaign would find only by chance: SHA-1 product codes refused before sending, the PV → PV_SHA2 alias
// reconciled, names compared after normalisation, an order without a CSR reconciled as a candidate.
import { describe, expect, it } from 'vitest';
import {
  isOrderOutcomeUnknownError,
  isOutcomeUnknownError,
  isValidationError,
  type OrderOutcomeUnknownError,
  OutcomeUnknownError,
  type ValidationError,
} from '../../src/errors.ts';
import { EPKI_OPERATIONS } from '../../src/services/epki.ts';
import { QUERY_OPERATIONS } from '../../src/services/query.ts';
import { MSSL_OPERATIONS } from '../../src/services/mssl.ts';
import { OUTCOME_WORDS } from '../../src/services/outcomes.ts';
import { checkCancellation, checkRevocation, reconcileOrder } from '../../src/workflows/index.ts';
import { normaliseName, productsAgree } from '../../src/workflows/match.ts';
import { CONTACT, csrFor, pvRequest, world } from '../simulator/mssl-helpers.ts';
import { csrFor as epkiCsr, env } from './helpers.ts';

const lost = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('OutcomeUnknownError: every state-changing operation, in its own words', () => {
  it('every operation of kind order has words, and exactly the ordering operations place orders', () => {
    const ops = [
      ...Object.values(MSSL_OPERATIONS),
      ...Object.values(QUERY_OPERATIONS),
      ...Object.values(EPKI_OPERATIONS),
    ];
    const changing = ops.filter((o) => o.kind === 'order').map((o) => o.name);
    expect(changing.filter((n) => !OUTCOME_WORDS[n])).toEqual([]);
    const placing = Object.entries(OUTCOME_WORDS)
      .filter(([, w]) => w.places)
      .map(([n]) => n);
    expect(placing.sort()).toEqual(
      ['OrderAndIssueCertificate', 'OrderCertificate', 'OrderDS', 'OrderPkcs12', 'PVOrder', 'PVOrderWithoutCSR'].sort(),
    );
  });

  it('a lost Revoke is not "the order may have been placed"; checkRevocation settles it either way', async () => {
    const e = await env({ clock: () => new Date() });
    const placed = await e.epki.orderAndIssueCertificate({
      ProfileID: e.sim.defaults.epkiProfileId,
      ProductCode: 'EPKIPSPersonal',
      Year: 1,
      CSR: await epkiCsr('Rev Oke', 'revoke@example.com'),
      SANRFC822EmailAddress: 'revoke@example.com',
      DnAttributes: { CommonName: 'Rev Oke', Email: 'revoke@example.com' },
    });
    e.sim.admin.setFaults({ rules: [{ kind: 'dropBeforeApply', operations: ['Revoke'], count: 1 }] });
    const err = await lost(e.epki.revoke({ OrderID: placed.OrderID }));
    expect(isOutcomeUnknownError(err)).toBe(true);
    expect(isOrderOutcomeUnknownError(err)).toBe(false);
    const u = err as OutcomeUnknownError;
    expect([u.operation, u.target, u.code]).toEqual(['Revoke', placed.OrderID, 'OUTCOME_UNKNOWN']);
    expect(u.message).toContain('may or may not have been revoked');
    expect(u.message).toContain('checkRevocation');
    expect(u.message).not.toContain('placed');
    expect((await checkRevocation(e.epki, placed.OrderID)).done).toBe(false); // proven: not revoked, retry
    e.sim.admin.setFaults({ rules: [{ kind: 'drop', operations: ['Revoke'], count: 1 }] });
    expect(isOutcomeUnknownError(await lost(e.epki.revoke({ OrderID: placed.OrderID })))).toBe(true);
    const after = await checkRevocation(e.epki, placed.OrderID);
    expect(after).toMatchObject({ done: true, status: 'REVOKED' }); // proven: revoked, do not retry
  });

  it('MSSL ModifyMSSLOrder, ChangeSubjectAltName and AddDomainToProfile speak their own words', async () => {
    const w = await world({ clock: () => new Date() });
    const OrderID = (await w.mssl.pvOrder(pvRequest(w.sim, await csrFor(await w.key(), 'mod.example.com')))).OrderID!;
    w.sim.admin.setFaults({ rules: [{ kind: 'drop', operations: ['ModifyMSSLOrder'], count: 1 }] });
    const cancel = (await lost(w.mssl.modifyMsslOrder({ OrderID, ModifyOrderOperation: 'CANCEL' }))) as Error;
    expect(isOutcomeUnknownError(cancel) && !isOrderOutcomeUnknownError(cancel)).toBe(true);
    expect(cancel.message).toMatch(/ModifyMSSLOrder \(MS\w+\): .*approved, cancelled or revoked/);
    expect(await checkCancellation(w.query, OrderID)).toMatchObject({ done: true });
    w.sim.admin.setFaults({ rules: [{ kind: 'hang', operations: ['ChangeSubjectAltName', 'AddDomainToProfile'] }] });
    const mssl = new (w.mssl.constructor as typeof import('../../src/clients/mssl.ts').MsslClient)({
      ...w.sim.defaults,
      endpoint: 'http://simulator.invalid',
      fetch: w.sim.fetch,
      timeoutMs: 100,
    });
    const san = (await lost(
      mssl.changeSubjectAltName({ OrderID, SANEntries: [{ SANOptionType: '7', SubjectAltName: 'x.example.com' }] }),
    )) as Error;
    expect(isOutcomeUnknownError(san) && san.message).toContain('reissued with the new SANs');
    const add = (await lost(
      mssl.addDomainToProfile({
        MSSLProfileID: String(w.sim.defaults.msslProfileId),
        DomainName: 'new.example.net',
        VettingLevel: 'OV',
        VettingType: 'DNS',
        ContactInfo: { ...CONTACT, FirstNameNative: 'Ada', LastNameNative: 'Lovelace' },
      }),
    )) as Error;
    expect(isOutcomeUnknownError(add), String(add)).toBe(true);
    expect(isOutcomeUnknownError(add) && add.message).toContain('may or may not have been added to the profile');
  });
});

describe('issue 12 decisions', () => {
  it('every SHA-1 product code is refused before sending, naming the field and the SHA-2 code', async () => {
    const w = await world();
    let sent = 0;
    const counting = new (w.mssl.constructor as typeof import('../../src/clients/mssl.ts').MsslClient)({
      ...w.sim.defaults,
      endpoint: 'http://simulator.invalid',
      fetch: (i, init) => {
        sent++;
        return w.sim.fetch(i, init);
      },
    });
    const csr = await csrFor(await w.key(), 'sha1.example.com');
    const cases: [string, string][] = [
      ['PV', 'PV_SHA2'],
      ['pev', 'PEV_SHA2'],
      [' PV_INTRA ', 'PV_INTRA_SHA2'],
    ];
    for (const [code, sha2] of cases) {
      const e = await lost(counting.pvOrder(pvRequest(w.sim, csr, { ProductCode: code })));
      expect(isValidationError(e)).toBe(true);
      expect((e as ValidationError).field).toBe('OrderRequestParameter.ProductCode');
      expect((e as Error).message).toContain(`order ${sha2} instead`);
    }
    const skip = await lost(
      counting.pvOrderWithoutCsr({
        OrderRequestParameterWithoutCSR: {
          ProductCode: 'PV_INTRA_SKIP',
          OrderKind: 'new',
          Licenses: '1',
          ValidityPeriod: { Months: '12' },
          Pin: 'correct-horse-battery',
          KeyLength: '2048',
        },
        MSSLProfileID: String(w.sim.defaults.msslProfileId),
        MSSLDomainID: String(w.sim.defaults.msslDomainId),
        OVCSRInfo: { CommonName: 'skip.example.com' },
        ContactInfo: CONTACT,
      } as never),
    );
    expect((skip as ValidationError).field).toBe('OrderRequestParameterWithoutCSR.ProductCode');
    expect((skip as Error).message).toContain('PV_INTRA_SKIP_SHA2');
    expect(sent).toBe(0);
  });

  it('an order recorded as PV_SHA2 is found for a submission that says "pv", under any spelling of its name', async () => {
    const w = await world({ clock: () => new Date() });
    const csr = await csrFor(await w.key(), 'alias.example.com');
    const { OrderID } = await w.mssl.pvOrder(pvRequest(w.sim, csr));
    const now = new Date().toISOString();
    const base = { service: 'MSSL', operation: 'PVOrder', sentAt: now, failedAt: now } as const;
    const r = await reconcileOrder({ submission: { ...base, productCode: 'pv', csr } }, w.query);
    expect(r.status === 'found' && r.order.OrderInfo.OrderId).toBe(OrderID);
    const named = { ...base, productCode: 'PV', commonName: 'ALIAS.Example.com.' };
    const byName = await reconcileOrder({ submission: named }, w.query);
    expect(byName.status === 'candidates' && byName.orders.map((o) => o.OrderInfo.OrderId)).toEqual([OrderID]);
    const other = await reconcileOrder({ submission: { ...named, commonName: 'other.example.com' } }, w.query);
    expect(other.status).toBe('absent');
  });

  it("when reconciliation's own reads keep failing it throws (the caller stops: never re-send)", async () => {
    const w = await world({ clock: () => new Date() });
    const now = new Date().toISOString();
    const submission = { service: 'MSSL', operation: 'PVOrder', sentAt: now, failedAt: now } as const;
    w.sim.admin.setFaults({ rules: [{ kind: 'http500', operations: ['GetCertificateOrders'] }] });
    const r = await lost(
      reconcileOrder({ submission: { ...submission, productCode: 'PV_SHA2', commonName: 'a.example.com' } }, w.query),
    );
    expect(r).toBeInstanceOf(Error);
    expect(isOutcomeUnknownError(r)).toBe(false);
  });

  it('names compare after case, trailing dot and IDNA; products through the table', () => {
    expect(normaliseName('WWW.Bücher.Example.')).toBe('www.xn--bcher-kva.example');
    expect(normaliseName('*.BÜCHER.example')).toBe('*.xn--bcher-kva.example');
    expect(normaliseName('  Alice   Smith ')).toBe('alice smith');
    expect(productsAgree('pv', 'PV_SHA2')).toBe(true);
    expect(productsAgree('PV_INTRA_SKIP', 'pv_intra_skip_sha2')).toBe(true);
    expect(productsAgree('PV_SHA2', 'PEV_SHA2')).toBe(false);
    expect(productsAgree('epkipspersonal', 'EPKIPSPersonal')).toBe(true);
  });

  it('an order without a CSR (PVOrderWithoutCSR) lost after it was placed comes back as a candidate', async () => {
    const w = await world({ clock: () => new Date() });
    w.sim.admin.setFaults({ rules: [{ kind: 'drop', operations: ['PVOrderWithoutCSR'], count: 1 }] });
    const err = (await lost(
      w.mssl.pvOrderWithoutCsr({
        OrderRequestParameterWithoutCSR: {
          ProductCode: 'PV_INTRA_SKIP_SHA2',
          OrderKind: 'new',
          Licenses: '1',
          ValidityPeriod: { Months: '12' },
          Pin: 'correct-horse-battery',
          KeyLength: '2048',
        },
        MSSLProfileID: String(w.sim.defaults.msslProfileId),
        MSSLDomainID: String(w.sim.defaults.msslDomainId),
        OVCSRInfo: { CommonName: 'nocsr.example.com' },
        ContactInfo: CONTACT,
      }),
    )) as OrderOutcomeUnknownError;
    expect(isOrderOutcomeUnknownError(err)).toBe(true);
    const truth = w.sim.admin.listMsslOrders().filter((o) => o.commonName === 'nocsr.example.com');
    expect(truth).toHaveLength(1);
    const r = await reconcileOrder(err, w.query);
    expect(r.status === 'candidates' && r.orders.map((o) => o.OrderInfo.OrderId)).toEqual([truth[0]!.orderId]);
    const never = { submission: { ...err.submission, commonName: 'never.example.com' } };
    expect((await reconcileOrder(never, w.query)).status).toBe('absent');
    expect(err).toBeInstanceOf(OutcomeUnknownError);
  });
});
