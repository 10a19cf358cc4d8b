// Real traffic for schema validation: the MSSL, Query and Account clients call every operation (and the variants the
// rules allow) against a simulator, and every request and response on the wire is recorded.
import { AccountClient } from '../../src/clients/account.ts';
import { MsslClient } from '../../src/clients/mssl.ts';
import { QueryClient } from '../../src/clients/query.ts';
import { generateKeyPair } from '../../src/crypto/index.ts';
import { createSimulator, type SimulatorOptions } from '../../src/simulator/index.ts';
import { CONTACT, csrFor, pvRequest, T0 } from '../simulator/mssl-helpers.ts';

const DOMAIN_CONTACT = { ...CONTACT, FirstNameNative: 'Ada', LastNameNative: 'Lovelace' };

/** One exchange: the operation (wrapper element), the service path, and both documents. */
export interface Exchange {
  readonly op: string;
  readonly path: string;
  readonly request: string;
  readonly response: string;
  readonly status: number;
}

const DAY = 86_400_000;

/** Runs the scenario (on a simulator with `options`) and returns every exchange, in order. */
export async function recordTraffic(options: SimulatorOptions = {}): Promise<Exchange[]> {
  const sim = await createSimulator({ clock: () => new Date(T0), ...options });
  const log: Exchange[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const req = new Request(input, init);
    const request = await req.clone().text();
    const res = await sim.fetch(req);
    const response = await res.text();
    const op = /<soap:Body><\w+:(\w+)/.exec(request)?.[1] ?? '?';
    log.push({ op, path: new URL(req.url).pathname, request, response, status: res.status });
    return new Response(response, { status: res.status, headers: res.headers });
  };
  const opts = { ...sim.defaults, endpoint: 'http://simulator.invalid', fetch, retries: 0 };
  const mssl = new MsslClient(opts);
  const query = new QueryClient(opts);
  const account = new AccountClient(opts);
  const csr = async (cn: string): Promise<string> => csrFor(await generateKeyPair('P-256'), cn);
  const profile = String(sim.defaults.msslProfileId);

  // Orders: PVOrder plain, with SANs and options, ASYNC; PVOrderWithoutCSR; then their changes.
  const a = await mssl.pvOrder(pvRequest(sim, await csr('a.example.com')));
  const sans = [{ SANOptionType: '2', SubjectAltName: 'b2.example.com' }];
  const san = { OptionName: 'SAN', OptionValue: 'true' };
  await mssl.pvOrder(pvRequest(sim, await csr('b.example.com'), { SANEntries: sans, Options: [san] }));
  const async = { OptionName: 'ASYNC_ORDER', OptionValue: 'true' };
  const c = await mssl.pvOrder(pvRequest(sim, await csr('c.example.com'), { Options: [async] }));
  const auto = await mssl.pvOrderWithoutCsr({
    OrderRequestParameterWithoutCSR: {
      ProductCode: 'PV_INTRA_SKIP_SHA2',
      OrderKind: 'new',
      Licenses: '1',
      ValidityPeriod: { Months: '12' },
      Pin: 'correct-horse-battery',
      KeyLength: '2048',
    },
    MSSLProfileID: profile,
    MSSLDomainID: String(sim.defaults.msslDomainId),
    ContactInfo: CONTACT,
    OVCSRInfo: { CommonName: 'auto.example.com' },
  } as Parameters<MsslClient['pvOrderWithoutCsr']>[0]);
  await mssl.changeSubjectAltName({ OrderID: a.OrderID!, SANEntries: sans });
  await mssl.modifyMsslOrder({ OrderID: c.OrderID!, ModifyOrderOperation: 'CANCEL' });

  // Domains: DNS and EMAIL vetting (the EMAIL variant carries DomainID and ApproverEmail), verification, renewal.
  const dns = await mssl.addDomainToProfile({
    MSSLProfileID: profile,
    DomainName: 'dns.test',
    VettingLevel: 'OV',
    VettingType: 'DNS',
    ContactInfo: DOMAIN_CONTACT,
  });
  const list = await mssl.getDomainApproverList({ FQDN: 'mail.test' });
  await mssl.addDomainToProfile({
    MSSLProfileID: profile,
    DomainName: 'mail.test',
    VettingLevel: 'OV',
    VettingType: 'EMAIL',
    DomainID: list.MSSLDomainID!,
    ApproverEmail: 'admin@mail.test',
    ContactInfo: DOMAIN_CONTACT,
  });
  sim.admin.setDnsTxt('dns.test', [dns.DnsTXT!]);
  await mssl.verifyMsslDomain({ DomainID: dns.MSSLDomainID!, TagLocation: 'dns.test', VettingType: 'DNS' });
  await mssl.renewalDomain({
    MSSLProfileID: profile,
    VettingLevel: 'OV',
    VettingType: 'DNS',
    DomainID: dns.MSSLDomainID!,
    ContactInfo: DOMAIN_CONTACT,
  });
  const ev = String(sim.defaults.msslEvProfileId);
  const evDomain = await mssl.addMsslDomain({ MSSLProfileID: ev, DomainName: 'ev.test', VettingLevel: 'EV' });
  await mssl.modifyMsslDomain({ MSSLDomainID: evDomain.MSSLDomainID!, ModifyDomainOperation: 'CANCEL' });
  await mssl.getDomains({ DomainName: 'dns.test' });
  await mssl.getMsslDomains({});

  // Profiles.
  const info = {
    MSSLOVProfile: { Country: 'FR', StateOrProvince: 'IDF', Locality: 'Paris', OrganizationName: 'Exemple SA' },
    OVSealInfo: {},
    BusinessOVInfo: {},
  };
  await mssl.addMsslProfile({ VettingLevel: 'OV', MSSLOVProfileInfo: info });
  await mssl.updateMsslProfile({ MSSLProfileID: ev });
  await mssl.getMsslProfiles({});

  // Queries, with and without options; reissues; the rest of the Query service.
  const all = { ReturnOrderOption: 'true', ReturnCertificateInfo: 'true', ReturnFulfillment: 'true' };
  await query.getOrderByOrderId({ OrderID: a.OrderID! });
  await query.getOrderByOrderId({
    OrderID: a.OrderID!,
    OrderQueryOption: { ...all, ReturnCACerts: 'true', ReturnOriginalCSR: 'true', ReturnSANEntries: 'true' },
  });
  const window = {
    FromDate: new Date(T0.getTime() - DAY).toISOString(),
    ToDate: new Date(T0.getTime() + DAY).toISOString(),
  };
  await query.getOrderByDateRange({ ...window, OrderQueryOption: all });
  await query.getModifiedOrders(window);
  await query.getOrderByExpirationDate({
    ExpirationFromDate: new Date(T0.getTime() + 300 * DAY).toISOString(),
    ExpirationToDate: new Date(T0.getTime() + 400 * DAY).toISOString(),
  });
  await query.getCertificateOrders({ FQDN: 'a.example.com' });
  await query.getOrderByCommonName({ CommonName: 'a.example.com' });
  await query.reIssue({ OrderParameter: { CSR: await csr('a.example.com') }, TargetOrderID: a.OrderID! });
  await query.reIssueWithoutCsr({
    TargetOrderID: auto.OrderId!,
    ReIssueParameterWithoutCSR: { Pin: 'correct-horse-battery', KeyLength: '2048' },
  } as Parameters<QueryClient['reIssueWithoutCsr']>[0]);
  await query.toggleRenewalNotice({ OrderID: a.OrderID!, RenewalNotice: 'false' });
  const orderParameter = { ProductCode: 'PV_SHA2', OrderKind: 'new', Licenses: '1', ValidityPeriod: { Months: '12' } };
  await query.validateOrderParameters({
    OrderRequestParameter: { ...orderParameter, CSR: await csr('v.example.com') },
  });
  await query.decodeCsr({ CSR: await csr('d.example.com'), ProductType: 'PV_SHA2' });
  await query.deletePkcs12({ OrderId: auto.OrderId! });

  // Account.
  await account.accountSnapshot();
  sim.clock.advance(8 * DAY);
  await account.queryInvoices({
    PaymentDueDateFrom: new Date(T0.getTime()),
    PaymentDueDateTo: new Date(T0.getTime() + 90 * DAY),
  });
  return log;
}
