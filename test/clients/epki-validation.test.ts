import { describe, expect, it } from 'vitest';
import type { EpkiOrderDsRequest, EpkiOrderPkcs12Request } from '../../src/clients/epki-types.ts';
import { isValidationError, type ValidationError } from '../../src/errors.ts';
import { EPKI_SAMPLES } from '../soap/epki-samples.ts';
import { client, stubFetch } from './epki-helpers.ts';

const s = EPKI_SAMPLES as Record<string, Record<string, unknown>>;
const oaic = s.OrderAndIssueCertificate!;
const pkcs12 = s.OrderPkcs12!;
const ds = s.OrderDS!;
const dn = oaic.DnAttributes as Record<string, unknown>;

type Case = [name: string, method: string, input: Record<string, unknown>, field: string];
const cases: Case[] = [
  ['Year 4', 'orderAndIssueCertificate', { ...oaic, Year: 4 }, 'Year'],
  ['Year 0 as string', 'orderPkcs12', { ...pkcs12, Year: '0' }, 'Year'],
  ['PKCS12PIN too short', 'orderPkcs12', { ...pkcs12, PKCS12PIN: 'short-pin' }, 'PKCS12PIN'],
  ['PKCS12PIN too long', 'orderPkcs12', { ...pkcs12, PKCS12PIN: 'x'.repeat(118) }, 'PKCS12PIN'],
  [
    'PickupPassword with a symbol',
    'orderCertificate',
    { ...s.OrderCertificate, PickupPassword: 'abc!defgh' },
    'PickupPassword',
  ],
  ['PickupPassword of 7', 'reissue', { ...s.Reissue, PickupPassword: 'abcdefg' }, 'PickupPassword'],
  [
    'CommonName with <',
    'orderAndIssueCertificate',
    { ...oaic, DnAttributes: { ...dn, CommonName: 'A<B' } },
    'DnAttributes.CommonName',
  ],
  [
    'CommonName non-ASCII',
    'orderAndIssueCertificate',
    { ...oaic, DnAttributes: { ...dn, CommonName: 'Zoë' } },
    'DnAttributes.CommonName',
  ],
  [
    'CommonName of 65',
    'orderAndIssueCertificate',
    { ...oaic, DnAttributes: { ...dn, CommonName: 'a'.repeat(65) } },
    'DnAttributes.CommonName',
  ],
  [
    'four OUs',
    'orderAndIssueCertificate',
    { ...oaic, DnAttributes: { ...dn, OrganizationUnit: ['a', 'b', 'c', 'd'] } },
    'DnAttributes.OrganizationUnit',
  ],
  [
    'OU with $',
    'orderAndIssueCertificate',
    { ...oaic, DnAttributes: { ...dn, OrganizationUnit: ['ok', 'a$b'] } },
    'DnAttributes.OrganizationUnit.1',
  ],
  [
    'Email not an address',
    'orderAndIssueCertificate',
    { ...oaic, DnAttributes: { ...dn, Email: 'alice' } },
    'DnAttributes.Email',
  ],
  [
    'emails disagree',
    'orderAndIssueCertificate',
    { ...oaic, SubscriberEmailAddress: 'bob@example.com' },
    'SubscriberEmailAddress',
  ],
  [
    'GivenName alone',
    'orderPkcs12',
    { ...pkcs12, DnAttributes: { CommonName: 'A', GivenName: 'A', Email: 'alice@example.com' } },
    'DnAttributes',
  ],
  [
    'SurName + Pseudonym',
    'orderPkcs12',
    { ...pkcs12, DnAttributes: { CommonName: 'A', SurName: 'B', Pseudonym: 'C', Email: 'alice@example.com' } },
    'DnAttributes',
  ],
  [
    'no email for user enrollment',
    'orderCertificate',
    {
      ...s.OrderCertificate,
      SANRFC822EmailAddress: undefined,
      SubscriberEmailAddress: undefined,
      UPN: undefined,
      DnAttributes: { CommonName: 'A' },
    },
    'SubscriberEmailAddress',
  ],
  [
    'AATL product for a PersonalSign order',
    'orderAndIssueCertificate',
    { ...oaic, ProductCode: 'ePkiDSAATL' },
    'ProductCode',
  ],
  ['SID with underscore', 'orderAndIssueCertificate', { ...oaic, SID: 'S_1' }, 'SID'],
  ['OrderDS ISSUE without CSR', 'orderDs', { ...ds, IssueType: 'ISSUE' }, 'CSR'],
  ['OrderDS REGISTER without PickupPassword', 'orderDs', { ...ds, PickupPassword: undefined }, 'PickupPassword'],
  [
    'OrderDS REGISTER without any email',
    'orderDs',
    { ...ds, SubscriberEmailAddress: undefined, DnAttributes: { CommonName: 'B' } },
    'SubscriberEmailAddress',
  ],
  [
    'OrderDS ASP REGISTER without DN Email',
    'orderDs',
    { ...ds, ProductCode: 'ePkiDSAATLASP', DnAttributes: { CommonName: 'B' } },
    'DnAttributes.Email',
  ],
  ['OrderDS bad IssueType', 'orderDs', { ...ds, IssueType: 'LATER' }, 'IssueType'],
  [
    'two reissue infos',
    'reissueCertificate',
    { ...s.ReissueCertificate, ReissueCertInfo: { CSR: 'x' } },
    'ReissueRegisterInfo',
  ],
  ['no reissue info', 'reissueCertificate', { TargetOrderID: 'CE1' }, 'ReissueRegisterInfo'],
  [
    'bad query date',
    'getOrders',
    { OrderQueryParam: { ProductCode: 'EPKIPSPersonal', RequestDateFrom: '2024/01/01' } },
    'OrderQueryParam.RequestDateFrom',
  ],
  [
    'impossible month',
    'getProfiles',
    { ProfileQueryParam: { IssueDateTo: '2024-13-01' } },
    'ProfileQueryParam.IssueDateTo',
  ],
  [
    'ReturnP7 without fulfillment',
    'getOrderByOrderId',
    { OrderNo: 'CE1', OrderQueryOption: { ReturnP7: true } },
    'OrderQueryOption.ReturnP7',
  ],
  ['unknown key', 'cancel', { OrderID: 'CE1', OrderId: 'CE1' }, 'OrderId'],
  ['OrderID of 51', 'revoke', { OrderID: 'x'.repeat(51) }, 'OrderID'],
  ['empty DNSerialNumber', 'suspendRenewal', { DNSerialNumber: '' }, 'DNSerialNumber'],
  ['missing OrderQueryParam', 'getOrders', {}, 'OrderQueryParam'],
];

describe('EpkiClient validation: field named, nothing fetched', () => {
  for (const [name, method, input, field] of cases) {
    it(name, async () => {
      const stub = stubFetch(() => ({ body: {} }));
      const epki = client(stub) as unknown as Record<string, (r: unknown) => Promise<unknown>>;
      const error = await epki[method]!(input).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isValidationError(error)).toBe(true);
      expect((error as ValidationError).issues.map((i) => i.path)).toContain(field);
      expect(stub.calls).toBe(0);
    });
  }

  it('never echoes a secret value in the message', async () => {
    const stub = stubFetch(() => ({ body: {} }));
    const pin = 'tooShort#1';
    const e = (await client(stub)
      .orderPkcs12({
        ...(pkcs12 as unknown as EpkiOrderPkcs12Request),
        PKCS12PIN: pin,
        DnAttributes: { CommonName: '<bad>' },
      })
      .catch((x: unknown) => x)) as ValidationError;
    expect(e.issues.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify({ m: e.message, i: e.issues })).not.toContain(pin);
  });

  it('re-spells product codes, IssueType and states canonically and sends Dates as UTC ISO text', async () => {
    const stub = stubFetch((p) =>
      p.op.name === 'GetOrders' ? { body: { TotalCount: 0 } } : { body: { OrderID: 'CE1' } },
    );
    const epki = client(stub);
    await epki.orderDs({
      ...(ds as unknown as EpkiOrderDsRequest),
      ProductCode: 'epkidsaatl',
      IssueType: 'register' as never,
    });
    expect(stub.seen[0]?.parsed.request).toMatchObject({ ProductCode: 'ePkiDSAATL', IssueType: 'REGISTER' });
    await epki.getOrders({
      OrderQueryParam: {
        ProductCode: 'EPKIPSPERSONAL',
        OrderState: 'issued',
        RequestDateFrom: new Date(Date.UTC(2024, 1, 3, 4, 5, 6, 7)),
      },
    });
    expect(stub.seen[1]?.parsed.request.OrderQueryParam).toEqual({
      ProductCode: 'EPKIPSPersonal',
      OrderState: 'ISSUED',
      RequestDateFrom: '2024-02-03T04:05:06.007Z',
    });
  });

  it('accepts AUTOGEN in any case and every good name combination', async () => {
    const stub = stubFetch(() => ({ body: { OrderID: 'CE1', BASE64PKCS12: 'AA==', PKCS12: ['AA=='] } }));
    const epki = client(stub);
    for (const names of [{ GivenName: 'A', SurName: 'B' }, { SurName: 'B' }, { Pseudonym: 'C' }, {}]) {
      await epki.orderPkcs12({
        ...(pkcs12 as unknown as EpkiOrderPkcs12Request),
        PKCS12PIN: 'autogen',
        DnAttributes: { CommonName: 'A', Email: 'alice@example.com', ...names },
      });
    }
    expect(stub.calls).toBe(4);
    expect(stub.seen.map((x) => x.parsed.request.PKCS12PIN)).toEqual(['AUTOGEN', 'AUTOGEN', 'AUTOGEN', 'AUTOGEN']);
  });
});
