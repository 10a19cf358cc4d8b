import { describe, expect, it } from 'vitest';
import { serviceUrl } from '../../src/clients/base.ts';
import { EpkiClient } from '../../src/clients/epki.ts';
import type { EpkiOrderAndIssueCertificateRequest, EpkiOrderPkcs12Request } from '../../src/clients/epki-types.ts';
import {
  GlobalSignApiError,
  HttpError,
  OrderOutcomeUnknownError,
  OutcomeUnknownError,
  SoapFaultError,
  TimeoutError,
} from '../../src/errors.ts';
import { EPKI_SERVICE } from '../../src/services/epki.ts';
import { buildFault } from '../../src/soap/server.ts';
import { EPKI_SAMPLES } from '../soap/epki-samples.ts';
import { client, stubFetch, USER } from './epki-helpers.ts';

const oaic = EPKI_SAMPLES.OrderAndIssueCertificate as unknown as EpkiOrderAndIssueCertificateRequest;
const pkcs12 = EPKI_SAMPLES.OrderPkcs12 as unknown as EpkiOrderPkcs12Request;
const fail = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => new Error('expected a rejection'),
    (e) => e,
  );

describe('endpoint and HTTP request', () => {
  it('resolves production, test and base URLs (trailing slash tolerated)', () => {
    expect(serviceUrl(undefined, EPKI_SERVICE)).toBe('https://system.globalsign.com/cr/ws/GasOrderService');
    expect(serviceUrl('production', EPKI_SERVICE)).toBe('https://system.globalsign.com/cr/ws/GasOrderService');
    expect(serviceUrl('test', EPKI_SERVICE)).toBe('https://test-gcc.globalsign.com/cr/ws/GasOrderService');
    expect(serviceUrl('http://127.0.0.1:8089//', EPKI_SERVICE)).toBe('http://127.0.0.1:8089/cr/ws/GasOrderService');
  });

  it('POSTs text/xml with an empty SOAPAction to the service URL, credentials from the options', async () => {
    const stub = stubFetch(() => ({ body: { OrderID: 'CE1' } }));
    const res = await client(stub).cancel({ OrderID: 'CE1' });
    expect(res).toEqual({ OrderID: 'CE1', warnings: [] });
    const seen = stub.seen[0]!;
    expect(seen.url).toBe('http://sim.test/cr/ws/GasOrderService');
    expect(seen.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(seen.headers.get('soapaction')).toBe('""');
    expect(seen.parsed.credentials).toEqual(USER);
  });
});

describe('response mapping', () => {
  it('SuccessCode -1 with several errors → GlobalSignApiError with every entry and the guide explanation', async () => {
    const errors = [
      { ErrorCode: '-4001', ErrorMessage: 'login' },
      { ErrorCode: '-101', ErrorField: 'DnAttributes.Email', ErrorMessage: 'bad email' },
      { ErrorCode: '-77777', ErrorMessage: 'unknown code' },
    ];
    const stub = stubFetch(() => ({ code: '-1', errors }));
    const e = (await fail(client(stub).orderAndIssueCertificate(oaic))) as GlobalSignApiError;
    expect(e).toBeInstanceOf(GlobalSignApiError);
    expect(e.operation).toBe('OrderAndIssueCertificate');
    expect(e.errorCodes).toEqual(['-4001', '-101', '-77777']);
    expect(e.errors[0]?.explanation).toMatch(/UserName or Password is incorrect/);
    expect(e.errors[1]).toMatchObject({
      ErrorField: 'DnAttributes.Email',
      explanation: expect.stringMatching(/^Invalid parameter/),
    });
    expect(e.errors[2]?.explanation).toBeUndefined();
    expect(stub.calls).toBe(1);
  });

  it('SuccessCode 1 → success with warnings', async () => {
    const stub = stubFetch(() => ({
      code: '1',
      errors: [{ ErrorCode: '-9952', ErrorMessage: 'w' }],
      body: { OrderID: 'CE1', CERT: 'C' },
    }));
    const res = await client(stub).orderAndIssueCertificate(oaic);
    expect(res.OrderID).toBe('CE1');
    expect(res.warnings).toEqual([
      { ErrorCode: '-9952', ErrorMessage: 'w', explanation: expect.stringContaining('over limit') },
    ]);
  });

  it('Revoke answers orderNo, also exposed as OrderID; GetOrders lists are arrays', async () => {
    const detail = {
      OrderInfo: {
        OrderNo: 'CE1',
        OrderStatus: 'ISSUED',
        ProductCode: 'EPKIPSPersonal',
        ProfileNo: 'MP1',
        LicenseNo: 'L1',
        RequestDate: '2024-01-01T00:00:00.000+09:00',
        OrderDate: '2024-01-01',
        IssueDate: '2024-01-01',
        ValidityPeriod: { NotBefore: '2024-01-01', NotAfter: '2025-01-01' },
      },
    };
    const stub = stubFetch((p) =>
      p.op.name === 'Revoke' ? { body: { orderNo: 'CE7' } } : { body: { TotalCount: 1, OrderDetails: [detail] } },
    );
    const epki = client(stub);
    expect(await epki.revoke({ OrderID: 'CE7' })).toEqual({ orderNo: 'CE7', OrderID: 'CE7', warnings: [] });
    const list = await epki.getOrders({ OrderQueryParam: { ProductCode: 'EPKIPSPersonal' } });
    expect(list.TotalCount).toBe(1);
    // As sent, plus the guide's name the client adds next to the status (src/services/epki-status.ts).
    expect(list.OrderDetails).toEqual([{ ...detail, OrderInfo: { ...detail.OrderInfo, OrderStatusName: 'ISSUED' } }]);
  });

  it('SOAP Fault (HTTP 500) → SoapFaultError, not retried even for a query', async () => {
    const stub = stubFetch(() => new Response(buildFault('soap:Client', 'Unmarshalling Error'), { status: 500 }));
    const e = await fail(client(stub).getOrderByOrderId({ OrderNo: 'CE1' }));
    expect(e).toBeInstanceOf(SoapFaultError);
    expect(stub.calls).toBe(1);
  });

  it('HTML 502 → HttpError with an excerpt; a query is retried (1 + retries attempts)', async () => {
    const html = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    const stub = stubFetch(() => new Response(html, { status: 502, headers: { 'content-type': 'text/html' } }));
    const e = (await fail(
      client(stub, { retries: 2 }).getOrders({ OrderQueryParam: { ProductCode: 'EPKIPSPersonal' } }),
    )) as HttpError;
    expect(e).toBeInstanceOf(HttpError);
    expect(e.status).toBe(502);
    expect(e.bodyExcerpt).toContain('502 Bad Gateway');
    expect(stub.calls).toBe(3);
  });

  it('a query recovers when a retry succeeds', async () => {
    const stub = stubFetch((_p, n) => (n < 3 ? 'network' : { body: { TotalCount: 0 } }));
    const res = await client(stub, { retries: 2 }).getProfiles();
    expect(res.TotalCount).toBe(0);
    expect(stub.calls).toBe(3);
  });

  it('orders are never retried: a 503 page leaves the outcome unknown (cause HttpError) after one attempt', async () => {
    const stub = stubFetch(() => new Response('busy', { status: 503 }));
    const e = await fail(client(stub, { retries: 5 }).cancel({ OrderID: 'CE1' }));
    expect(e).toBeInstanceOf(OutcomeUnknownError);
    expect((e as OutcomeUnknownError).cause).toBeInstanceOf(HttpError);
    expect(stub.calls).toBe(1);
  });

  it('orders: a 4xx page is an HttpError (refused before the service), a SOAP Fault a SoapFaultError', async () => {
    const stub = stubFetch(() => new Response('forbidden', { status: 403 }));
    expect(await fail(client(stub).cancel({ OrderID: 'CE1' }))).toBeInstanceOf(HttpError);
  });
});

describe('timeouts, aborts and unknown outcomes', () => {
  it('query timeout → TimeoutError after 1 + retries attempts', async () => {
    const stub = stubFetch(() => 'hang');
    const e = (await fail(
      client(stub, { timeoutMs: 20, retries: 1 }).getOrderByOrderId({ OrderNo: 'CE1' }),
    )) as TimeoutError;
    expect(e).toBeInstanceOf(TimeoutError);
    expect(e.timeoutMs).toBe(20);
    expect(stub.calls).toBe(2);
  });

  it('order timeout → OrderOutcomeUnknownError with the submission, one attempt', async () => {
    const stub = stubFetch(() => 'hang');
    const before = Date.now();
    const e = (await fail(
      client(stub, { timeoutMs: 20, retries: 3 }).orderAndIssueCertificate(oaic),
    )) as OrderOutcomeUnknownError;
    expect(e).toBeInstanceOf(OrderOutcomeUnknownError);
    expect(e.cause).toBeInstanceOf(TimeoutError);
    expect(stub.calls).toBe(1);
    const sub = e.submission;
    expect(sub).toMatchObject({
      service: 'EPKI',
      operation: 'OrderAndIssueCertificate',
      productCode: 'EPKIPSPersonal',
      profileId: 'MP20240101001',
      commonName: 'Alice Example',
      email: 'alice@example.com',
      csr: (EPKI_SAMPLES.OrderAndIssueCertificate as { CSR: string }).CSR,
    });
    expect(Date.parse(sub.sentAt)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(sub.failedAt)).toBeGreaterThanOrEqual(Date.parse(sub.sentAt));
    expect(JSON.stringify(sub)).not.toContain(USER.password);
  });

  it('order network failure → OrderOutcomeUnknownError (no csr for OrderPkcs12)', async () => {
    const stub = stubFetch(() => 'network');
    const e = (await fail(client(stub).orderPkcs12(pkcs12))) as OrderOutcomeUnknownError;
    expect(e).toBeInstanceOf(OrderOutcomeUnknownError);
    expect(e.submission.csr).toBeUndefined();
    expect(e.submission.productCode).toBe('EPKIPSPersonal');
  });

  it('honours a caller AbortSignal (query: TimeoutError, no retry; already aborted: nothing sent)', async () => {
    const stub = stubFetch(() => 'hang');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 10);
    const e = await fail(client(stub, { retries: 3 }).getOrderByOrderId({ OrderNo: 'CE1' }, { signal: ac.signal }));
    expect(e).toBeInstanceOf(TimeoutError);
    expect(stub.calls).toBe(1);
    const again = await fail(client(stub).getOrderByOrderId({ OrderNo: 'CE1' }, { signal: ac.signal }));
    expect(again).toBeInstanceOf(TimeoutError);
    expect(stub.calls).toBe(1);
  });
});

describe('hooks', () => {
  it('see redacted XML only: no password, PIN, pickup password or generated PKCS12 password', async () => {
    const logged: string[] = [];
    const stub = stubFetch((p) =>
      p.op.name === 'OrderPkcs12'
        ? { body: { OrderID: 'CE1', BASE64PKCS12: 'AA==', PKCS12: ['AA=='], PKCS12Password: 'Gen3rated!Pw' } }
        : { body: { OrderID: 'CE2' } },
    );
    const epki = client(stub, {
      onRequest: (e) => logged.push(`${e.operation} ${e.url} ${e.xml}`),
      onResponse: (e) => logged.push(`${e.operation} ${e.status} ${e.ms} ${e.xml}`),
    });
    const res = await epki.orderPkcs12({ ...pkcs12, PKCS12PIN: 'My-Long-PIN-1234' });
    expect(res.PKCS12Password).toBe('Gen3rated!Pw');
    await epki.reissue({ TargetOrderID: 'CE1', PickupPassword: 'PickMe12345' });
    expect(logged).toHaveLength(4);
    const all = logged.join('\n');
    for (const secret of [USER.password, 'Very&amp;Secret-pw1', 'My-Long-PIN-1234', 'Gen3rated!Pw', 'PickMe12345']) {
      expect(all).not.toContain(secret);
    }
    expect(all).toContain('<Password>***</Password>');
    expect(all).toContain('<PKCS12PIN>***</PKCS12PIN>');
    expect(all).toContain('<PickupPassword>***</PickupPassword>');
  });

  it('a throwing hook does not fail the call', async () => {
    const stub = stubFetch(() => ({ body: { OrderID: 'CE1' } }));
    const epki = new EpkiClient({
      ...USER,
      fetch: stub.fetch,
      onResponse: () => {
        throw new Error('hook bug');
      },
    });
    expect((await epki.cancel({ OrderID: 'CE1' })).OrderID).toBe('CE1');
  });
});
