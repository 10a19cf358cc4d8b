// MSSL, Query and Account clients: golden request XML for every operation (names and order from the WSDL digests),
// round trips through the server-side parser, the real captures parsed through the Query client, and local rules
// that refuse bad orders without sending anything.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccountClient } from '../../src/clients/account.ts';
import { MsslClient } from '../../src/clients/mssl.ts';
import { QueryClient } from '../../src/clients/query.ts';
import {
  type GlobalSignApiError,
  isGlobalSignApiError,
  isValidationError,
  type ValidationError,
} from '../../src/errors.ts';
import type { OperationDef } from '../../src/soap/schema.ts';
import { parseRequest } from '../../src/soap/server.ts';
import { fill, goldenXml, requestXml, SERVICES } from './mssl-samples.ts';

const GOLDEN = join(import.meta.dirname, '..', 'fixtures', 'golden');
const CAPTURES = join(import.meta.dirname, '../fixtures/captures');

describe('golden request XML', () => {
  for (const [svc, ops] of Object.entries(SERVICES)) {
    for (const op of Object.values(ops)) {
      it(`${svc}/${op.name} matches its golden file and parses back on the server side`, () => {
        expect(goldenXml(op)).toBe(readFileSync(join(GOLDEN, svc, `${op.name}.xml`), 'utf8'));
        const parsed = parseRequest(requestXml(op), Object.values(ops) as OperationDef[]);
        expect(parsed.op.name).toBe(op.name);
        // An empty element reads as absent (the codec's rule), so empty structs drop out of the expectation.
        const expected = JSON.parse(JSON.stringify(fill(op.request, true)), (_k, val) =>
          val && typeof val === 'object' && !Array.isArray(val) && Object.keys(val).length === 0 ? undefined : val,
        );
        expect(parsed.request).toEqual(expected ?? {});
      });
    }
  }
  it('covers 15 MSSL, 12 Query and 2 Account operations', () => {
    expect([SERVICES.mssl, SERVICES.gas, SERVICES.account].map((s) => Object.keys(s!).length)).toEqual([15, 12, 2]);
  });
});

function stub(body: string, status = 200): { fetch: typeof fetch; calls: number } {
  const s = {
    calls: 0,
    fetch: (async () => {
      s.calls++;
      return new Response(body, { status, headers: { 'content-type': 'text/xml' } });
    }) as typeof fetch,
  };
  return s;
}

describe('real GASService captures through QueryClient', () => {
  const capture = (name: string): string => readFileSync(join(CAPTURES, name), 'utf8');

  it('success: the order, its info and dates as strings, nil elements absent', async () => {
    const s = stub(capture('gas-GetOrderByOrderID-success.xml'));
    const q = new QueryClient({ username: 'u', password: 'p', fetch: s.fetch });
    const res = await q.getOrderByOrderId({ OrderID: 'xxxx123456789' });
    expect(res.OrderID).toBe('xxxx123456789');
    const info = res.OrderDetail?.OrderInfo as unknown as Record<string, unknown>;
    expect(info.OrderId).toBe('xxxx123456789');
    expect(info.OrderDate).toBe('2016-10-05T14:11:30.335+09:00');
    expect(info.OriginalOrderIDForReIssue).toBeUndefined();
    expect([info.OrderStatus, info.OrderStatusName]).toEqual(['1', 'INITIAL']);
    const events = res.OrderDetail?.ModificationEvents as unknown as Record<string, string>[];
    expect(events.map((e) => e.ModificationEventName)).toEqual([
      'ORDER_REQUEST',
      'ORDER_VALIDATE_REGISTER',
      'READY_VARIFICATION_URL',
    ]);
    expect(events[2]?.ModificationEventDescription).toBe('Ready for URL approval');
    expect(res.warnings).toEqual([]);
  });

  it('fulfillment: the certificate text and CA certificates as an array', async () => {
    const s = stub(capture('gas-GetOrderByOrderID-fulfillment.xml'));
    const res = await new QueryClient({ username: 'u', password: 'p', fetch: s.fetch }).getOrderByOrderId({
      OrderID: 'x',
    });
    const f = res.OrderDetail?.Fulfillment as Record<string, unknown> | undefined;
    expect(f).toBeDefined();
    const ca = f?.CACertificates as unknown[] | undefined;
    if (ca !== undefined) expect(Array.isArray(ca)).toBe(true);
    expect(JSON.stringify(f)).toMatch(/BEGIN CERTIFICATE|aaaa/);
    expect(res.OrderDetail?.OrderInfo?.OrderStatusName).toBe('ISSUED');
  });

  it('error: GlobalSignApiError with every code and the guide explanation', async () => {
    const s = stub(capture('gas-GetOrderByOrderID-error.xml'));
    const e = await new QueryClient({ username: 'u', password: 'p', fetch: s.fetch, retries: 0 })
      .getOrderByOrderId({ OrderID: 'x' })
      .catch((x: unknown) => x);
    expect(isGlobalSignApiError(e)).toBe(true);
    expect((e as GlobalSignApiError).errorCodes.length).toBeGreaterThan(0);
  });
});

const ORDER = {
  OrderRequestParameter: {
    ProductCode: 'pv_sha2',
    OrderKind: 'new',
    Licenses: '1',
    ValidityPeriod: { Months: '12' },
    CSR: 'csr',
  },
  MSSLProfileID: 'P1',
  MSSLDomainID: 'D1',
  ContactInfo: { FirstName: 'A', LastName: 'B', Phone: '1', Email: 'a@example.com' },
};

async function refused(call: (c: MsslClient) => Promise<unknown>): Promise<ValidationError & { calls: number }> {
  const s = stub('never');
  const e = await call(new MsslClient({ username: 'u', password: 'p', fetch: s.fetch })).catch((x: unknown) => x);
  expect(isValidationError(e)).toBe(true);
  expect(s.calls).toBe(0);
  return Object.assign(e as ValidationError, { calls: s.calls });
}

describe('MSSL local rules (nothing is sent)', () => {
  const sans = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ SANOptionType: '7', SubjectAltName: `h${i}.example.com` }));
  const withOptions = (...names: string[]) => ({
    ...ORDER,
    OrderRequestParameter: {
      ...ORDER.OrderRequestParameter,
      Options: names.map((n) => ({ OptionName: n, OptionValue: 'true' })),
    },
  });

  it('an unknown product code', async () => {
    const e = await refused((c) =>
      c.pvOrder({ ...ORDER, OrderRequestParameter: { ...ORDER.OrderRequestParameter, ProductCode: 'NOPE' } }),
    );
    expect(e.field).toBe('OrderRequestParameter.ProductCode');
  });
  it('more than 100 SANs without ASYNC_ORDER; more than 500 at all', async () => {
    expect((await refused((c) => c.pvOrder({ ...withOptions('SAN'), SANEntries: sans(101) }))).field).toBe(
      'SANEntries',
    );
    const e = await refused((c) => c.pvOrder({ ...withOptions('SAN', 'ASYNC_ORDER'), SANEntries: sans(501) }));
    expect(e.issues.map((i) => i.message)).toContain('at most 500 SANs');
  });
  it('SANEntries without the SAN option; a SAN type the product does not allow', async () => {
    expect((await refused((c) => c.pvOrder({ ...ORDER, SANEntries: sans(1) }))).field).toBe(
      'OrderRequestParameter.Options',
    );
    const e = await refused((c) =>
      c.pvOrder({ ...withOptions('SAN'), SANEntries: [{ SANOptionType: '4', SubjectAltName: 'intranet' }] }),
    );
    expect(e.field).toBe('SANEntries.0.SANOptionType');
  });
  it('36 months for OrganizationSSL; a custom NotAfter without VPC; transfer for IntranetSSL', async () => {
    const p = ORDER.OrderRequestParameter;
    expect(
      (await refused((c) => c.pvOrder({ ...ORDER, OrderRequestParameter: { ...p, ValidityPeriod: { Months: '36' } } })))
        .field,
    ).toBe('OrderRequestParameter.ValidityPeriod.Months');
    const na = { ...p, ValidityPeriod: { Months: '12', NotAfter: '2027-01-01T00:00:00.000Z' } };
    expect((await refused((c) => c.pvOrder({ ...ORDER, OrderRequestParameter: na }))).field).toBe(
      'OrderRequestParameter.ValidityPeriod.NotAfter',
    );
    const t = { ...p, ProductCode: 'PV_INTRA_SHA2', OrderKind: 'transfer' };
    expect((await refused((c) => c.pvOrder({ ...ORDER, OrderRequestParameter: t }))).field).toBe(
      'OrderRequestParameter.OrderKind',
    );
  });
  it('AutoCSR KeyLength 1024; ModifyMSSLOrder with an unknown action', async () => {
    const param = {
      ProductCode: 'PV_INTRA_SKIP_SHA2',
      OrderKind: 'new',
      Licenses: '1',
      ValidityPeriod: { Months: '12' },
      Pin: 'pin-123456',
      KeyLength: '1024',
    };
    const { OrderRequestParameter: _, ...rest } = ORDER;
    expect(
      (
        await refused((c) =>
          c.pvOrderWithoutCsr({
            ...rest,
            OrderRequestParameterWithoutCSR: param,
            OVCSRInfo: { OrganizationName: 'X', Locality: 'L', StateOrProvince: 'S', Country: 'GB' },
          } as never),
        )
      ).field,
    ).toBe('OrderRequestParameterWithoutCSR.KeyLength');
    expect((await refused((c) => c.modifyMsslOrder({ OrderID: 'O1', ModifyOrderOperation: 'DELETE' }))).field).toBe(
      'ModifyOrderOperation',
    );
  });
});

describe('Query and Account local rules', () => {
  it('a date range that ends before it starts; a date in the wrong format', async () => {
    const s = stub('never');
    const q = new QueryClient({ username: 'u', password: 'p', fetch: s.fetch });
    const e1 = await q
      .getModifiedOrders({ FromDate: '2026-02-01T00:00:00.000Z', ToDate: '2026-01-01T00:00:00.000Z' })
      .catch((x: unknown) => x);
    expect((e1 as ValidationError).field).toBe('ToDate');
    const a = new AccountClient({ username: 'u', password: 'p', fetch: s.fetch });
    const e2 = await a
      .queryInvoices({ PaymentDueDateFrom: '01/02/2026', PaymentDueDateTo: '2026-03-01' })
      .catch((x: unknown) => x);
    expect((e2 as ValidationError).field).toBe('PaymentDueDateFrom');
    expect(s.calls).toBe(0);
  });
});

describe('country codes (guide 9.1)', () => {
  const ov = fill([{ ...SERVICES.mssl!.AddMSSLProfile!.request[1]!, optional: false }], false);
  const profile = (code: string) => {
    const info = ov.MSSLOVProfileInfo as { MSSLOVProfile: Record<string, unknown> };
    return {
      VettingLevel: 'OV',
      MSSLOVProfileInfo: { ...info, MSSLOVProfile: { ...info.MSSLOVProfile, Country: code } },
    };
  };

  it('an unknown code and an unsupported one are refused with their path; a supported one is sent', async () => {
    const unknown = await refused((c) => c.addMsslProfile(profile('XX') as never));
    expect(unknown.field).toBe('MSSLOVProfileInfo.MSSLOVProfile.Country');
    expect(unknown.issues[0]?.message).toContain('9.1');
    const unsupported = await refused((c) => c.addMsslProfile(profile('AF') as never));
    expect(unsupported.issues[0]?.message).toContain('not supported');
    const s = stub('<not-a-response/>');
    const sent = await new MsslClient({ username: 'u', password: 'p', fetch: s.fetch })
      .addMsslProfile(profile('GB') as never)
      .catch((e: unknown) => e);
    expect(isValidationError(sent)).toBe(false);
    expect(s.calls).toBe(1);
  });
});
