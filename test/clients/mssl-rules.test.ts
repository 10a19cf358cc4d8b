// Through the real clients: every refused request of the rule cases throws a ValidationError naming its field and
// sends nothing (a stub fetch counts calls); accepted values go out in the guide's spelling; status names are added.
import { describe, expect, it } from 'vitest';
import { AccountClient } from '../../src/clients/account.ts';
import type { ClientOptions } from '../../src/clients/base.ts';
import { MsslClient } from '../../src/clients/mssl.ts';
import { QueryClient } from '../../src/clients/query.ts';
import { type GlobalSignApiError, isValidationError, type ValidationError } from '../../src/errors.ts';
import { QUERY_ERROR_CODES } from '../../src/services/query-codes.ts';
import { QUERY_OPERATIONS } from '../../src/services/query.ts';
import { MSSL_OPERATIONS } from '../../src/services/mssl.ts';
import type { ListType, OperationDef, StructType } from '../../src/soap/schema.ts';
import { buildResponse } from '../../src/soap/server.ts';
import { CASES, order, type Req } from '../services/rule-cases.ts';

interface Stub {
  fetch: NonNullable<ClientOptions['fetch']>;
  calls: number;
  sent: string[];
}
function stub(reply = 'never'): Stub {
  const s: Stub = {
    calls: 0,
    sent: [],
    fetch: async (_url, init) => {
      s.calls++;
      s.sent.push(String(init?.body ?? ''));
      return new Response(reply, { status: 200, headers: { 'content-type': 'text/xml' } });
    },
  };
  return s;
}

const lower = (op: string): string =>
  op
    .replace(/^PV|MSSL|CSR|PKCS12|ID$/g, (m) => `${m[0]}${m.slice(1).toLowerCase()}`)
    .replace(/^./, (c) => c.toLowerCase());
const METHOD: Record<string, string> = { VerifyMsslDomain: 'verifyMsslDomain', ReIssueWithoutCSR: 'reIssueWithoutCsr' };
const clientFor = (op: string, s: Stub) => {
  const o = { username: 'u', password: 'p', fetch: s.fetch, retries: 0 };
  if (op in MSSL_OPERATIONS) return new MsslClient(o);
  if (op in QUERY_OPERATIONS) return new QueryClient(o);
  return new AccountClient(o);
};

describe('refused requests send nothing', () => {
  for (const [op, input, expected] of CASES.filter(([, , f]) => f.length > 0)) {
    it(`${op} → ${expected.join(', ')}`, async () => {
      const s = stub();
      const client = clientFor(op, s) as unknown as Record<string, (r: Req) => Promise<unknown>>;
      const method = METHOD[op] ?? lower(op);
      expect(typeof client[method]).toBe('function');
      const e = await client[method]!.call(client, input).catch((x: unknown) => x);
      expect(isValidationError(e)).toBe(true);
      expect((e as ValidationError).issues.map((i) => i.path).sort()).toEqual([...expected].sort());
      expect(s.calls).toBe(0);
    });
  }
});

const CONTACT = { FirstName: 'A', LastName: 'B', Phone: '1', Email: 'a@example.com' };

describe('what goes out, what comes back', () => {
  it('product code, order kind and options are sent in the guide spelling', async () => {
    const reply = buildResponse(
      MSSL_OPERATIONS.PVOrder as OperationDef,
      { SuccessCode: '0', Errors: [] },
      {
        OrderID: 'CE2026',
      },
    );
    const s = stub(reply);
    const req = order(
      { ContactInfo: CONTACT },
      { ProductCode: 'pv_sha2', OrderKind: 'New', Options: [{ OptionName: 'async_order', OptionValue: true }] },
    );
    const res = await new MsslClient({ username: 'u', password: 'p', fetch: s.fetch }).pvOrder(req as never);
    expect(res.OrderID).toBe('CE2026');
    expect(s.calls).toBe(1);
    expect(s.sent[0]).toContain('<ProductCode>PV_SHA2</ProductCode><OrderKind>new</OrderKind>');
    expect(s.sent[0]).toContain('<OptionName>ASYNC_ORDER</OptionName><OptionValue>true</OptionValue>');
  });

  it('GetDomains answers carry DomainStatusName next to DomainStatus', async () => {
    const op = MSSL_OPERATIONS.GetDomains as OperationDef;
    const list = op.response[0]!.type as ListType;
    const domain: Record<string, string> = { DomainName: 'example.com', DomainStatus: '3' };
    const filled = Object.fromEntries(
      (list.of as StructType).struct.filter((f) => !f.optional).map((f) => [f.name, domain[f.name] ?? `${f.name}-1`]),
    );
    expect(filled.DomainStatus).toBe('3');
    const s = stub(buildResponse(op, { SuccessCode: '0', Errors: [] }, { DomainDetails: [filled] }));
    const res = await new MsslClient({ username: 'u', password: 'p', fetch: s.fetch }).getDomains({
      DomainStatus: '3',
    });
    const first = (res.DomainDetails as unknown as Record<string, string>[])[0]!;
    expect(first.DomainStatus).toBe('3');
    expect(first.DomainStatusName).toBe('APPROVED');
  });

  it('Query and Account errors carry the guide explanation of their code', async () => {
    const header = { SuccessCode: '-1', Errors: [{ ErrorCode: '-9916', ErrorField: 'OrderID', ErrorMessage: 'x' }] };
    const q = stub(buildResponse(QUERY_OPERATIONS.GetOrderByOrderID as OperationDef, header, {}));
    const e = (await new QueryClient({ username: 'u', password: 'p', fetch: q.fetch })
      .getOrderByOrderId({ OrderID: 'O' })
      .catch((x: unknown) => x)) as GlobalSignApiError;
    expect(e.errorCodes).toEqual(['-9916']);
    expect(e.errors[0]?.explanation).toBe(QUERY_ERROR_CODES['-9916']);
    expect(e.errors[0]?.explanation).toMatch(/order id/i);
  });
});
