// MSSL domains and profiles in the simulator through the real MsslClient: DNS and HTTP validation against the
// simulator's in-memory DNS and web tables, email vetting, renewal, expiry, cancellation, the search operations,
// and profiles (add, list, update) with the guide's codes.
import { beforeAll, describe, expect, it } from 'vitest';
import { MSSL_OPERATIONS } from '../../src/services/mssl.ts';
import { codeOf, csrFor, pvRequest, raw, type World, world } from './mssl-helpers.ts';

let w: World;
const DAY = 86_400_000;
const CONTACT = {
  FirstName: 'Ada',
  FirstNameNative: 'Ada',
  LastName: 'Lovelace',
  LastNameNative: 'Lovelace',
  Phone: '+44 20 0000 0000',
  Email: 'ada@example.com',
};

beforeAll(async () => {
  w = await world();
});

function add(
  name: string,
  VettingType: 'DNS' | 'HTTP' | 'EMAIL',
  extra: { DomainID?: string; ApproverEmail?: string } = {},
) {
  return w.mssl.addDomainToProfile({
    MSSLProfileID: String(w.sim.defaults.msslProfileId),
    DomainName: name,
    VettingLevel: 'OV',
    VettingType,
    // Only for EMAIL vetting (guide 4.2.3), although the WSDL lists both as required.
    ...extra,
    ContactInfo: CONTACT,
  });
}

const statusOf = async (name: string) =>
  (await w.mssl.getDomains({ DomainName: name })).DomainDetails?.[0]?.DomainStatus;

describe('DNS and HTTP validation', () => {
  it('approves a domain once the TXT record is published at an authorization domain name', async () => {
    const res = await add('dns.test', 'DNS');
    expect(res.DnsTXT).toMatch(/^_globalsign-domain-verification=/);
    expect(await statusOf('dns.test')).toBe('1');
    const verify = () =>
      w.mssl.verifyMsslDomain({ DomainID: res.MSSLDomainID!, TagLocation: 'dns.test', VettingType: 'DNS' });
    expect(await codeOf(verify())).toBe('-101'); // nothing published yet
    w.sim.admin.setDnsTxt('dns.test', ['v=spf1 -all', res.DnsTXT!]);
    expect(
      await codeOf(
        w.mssl.verifyMsslDomain({ DomainID: res.MSSLDomainID!, TagLocation: 'other.test', VettingType: 'DNS' }),
      ),
    ).toBe('-101');
    expect((await verify()).DomainID).toBe(res.MSSLDomainID);
    const d = (await w.mssl.getDomains({ DomainName: 'dns.test' })).DomainDetails![0]!;
    expect(d.DomainStatus).toBe('3');
    expect(Date.parse(d.ExpirationDate!) - Date.parse(d.ValidationDate!)).toBe(825 * DAY);
    // and orders can now be placed under it
    const ok = await w.mssl.pvOrder(
      pvRequest(w.sim, await csrFor(await w.key(), 'www.dns.test'), { MSSLDomainID: res.MSSLDomainID! }),
    );
    expect(ok.OrderID).toBeDefined();
  });

  it('approves with the meta tag served at /.well-known/pki-validation/gsdv.txt of the domain', async () => {
    const res = await add('web.test', 'HTTP');
    const url = 'http://web.test/.well-known/pki-validation/gsdv.txt';
    const verify = (TagLocation: string) =>
      w.mssl.verifyMsslDomain({ DomainID: res.MSSLDomainID!, TagLocation, VettingType: 'HTTP' });
    w.sim.admin.setWebFile('http://web.test/index.html', res.MetaTag!);
    expect(await codeOf(verify('http://web.test/index.html'))).toBe('-101');
    expect(await codeOf(verify(url))).toBe('-101');
    w.sim.admin.setWebFile(url, res.MetaTag!);
    await verify(url);
    expect(await statusOf('web.test')).toBe('3');
  });

  it('email vetting needs the approver-list DomainID and waits for the approver', async () => {
    const list = await w.mssl.getDomainApproverList({ FQDN: 'mail.test' });
    expect(list.Approvers?.map((a) => a.ApproverEmail)).toContain('admin@mail.test');
    expect(await codeOf(add('mail.test', 'EMAIL', { DomainID: 'DANOPE', ApproverEmail: 'admin@mail.test' }))).toBe(
      '-101',
    );
    const res = await add('mail.test', 'EMAIL', { DomainID: list.MSSLDomainID!, ApproverEmail: 'admin@mail.test' });
    expect(await statusOf('mail.test')).toBe('1');
    w.sim.admin.approveMsslDomain(res.MSSLDomainID!);
    expect(await statusOf('mail.test')).toBe('3');
  });

  it('refuses duplicates (-9406), unsupported names (-9444), unknown profiles (-9401) and domains (-9440)', async () => {
    expect(await codeOf(add('example.com', 'DNS'))).toBe('-9406');
    const r = await raw(w.sim, MSSL_OPERATIONS.AddDomainToProfile, {
      MSSLProfileID: String(w.sim.defaults.msslProfileId),
      DomainName: '*.wild.test',
      VettingLevel: 'OV',
      VettingType: 'DNS',
      ContactInfo: CONTACT,
    });
    expect(r.header.Errors?.[0]?.ErrorCode).toBe('-9444');
    expect(await codeOf(w.mssl.addDomainToProfile({ ...(await req('x.test')), MSSLProfileID: 'MPNOPE' }))).toBe(
      '-9401',
    );
    expect(
      await codeOf(w.mssl.verifyMsslDomain({ DomainID: 'DSMSNOPE', TagLocation: 'x.test', VettingType: 'DNS' })),
    ).toBe('-9440');
  });
});

async function req(name: string) {
  return {
    MSSLProfileID: String(w.sim.defaults.msslProfileId),
    DomainName: name,
    VettingLevel: 'OV',
    VettingType: 'DNS',
    ContactInfo: CONTACT,
  };
}

describe('EV domains, renewal, expiry, cancellation', () => {
  it('AddMSSLDomain matches the profile level (-9445) and waits for vetting', async () => {
    const ev = String(w.sim.defaults.msslEvProfileId);
    const res = await w.mssl.addMsslDomain({ MSSLProfileID: ev, DomainName: 'ev.test', VettingLevel: 'EV' });
    expect(await statusOf('ev.test')).toBe('1');
    w.sim.admin.approveMsslDomain(res.MSSLDomainID!);
    expect(await statusOf('ev.test')).toBe('3');
    const ov = String(w.sim.defaults.msslProfileId);
    expect(await codeOf(w.mssl.addMsslDomain({ MSSLProfileID: ov, DomainName: 'ev2.test', VettingLevel: 'EV' }))).toBe(
      '-9445',
    );
  });

  it('renews a domain (can issue while renewing), re-verifies it, and refuses orders once it expired', async () => {
    const res = await add('renew.test', 'DNS');
    w.sim.admin.setDnsTxt('renew.test', [res.DnsTXT!]);
    await w.mssl.verifyMsslDomain({ DomainID: res.MSSLDomainID!, TagLocation: 'renew.test', VettingType: 'DNS' });
    w.sim.clock.advance(800 * DAY);
    const ren = await w.mssl.renewalDomain({
      MSSLProfileID: String(w.sim.defaults.msslProfileId),
      VettingLevel: 'OV',
      VettingType: 'DNS',
      DomainID: res.MSSLDomainID!,
      ContactInfo: CONTACT,
    });
    expect(ren.DnsTXT).not.toBe(res.DnsTXT);
    expect(await statusOf('renew.test')).toBe('9');
    const csr = await csrFor(await w.key(), 'a.renew.test');
    expect((await w.mssl.pvOrder(pvRequest(w.sim, csr, { MSSLDomainID: res.MSSLDomainID! }))).OrderID).toBeDefined();
    w.sim.clock.advance(30 * DAY); // past the old expiry, renewal not verified
    const csr2 = await csrFor(await w.key(), 'b.renew.test');
    expect(await codeOf(w.mssl.pvOrder(pvRequest(w.sim, csr2, { MSSLDomainID: res.MSSLDomainID! })))).toBe('-9443');
    w.sim.admin.setDnsTxt('renew.test', [ren.DnsTXT!]);
    await w.mssl.verifyMsslDomain({ DomainID: res.MSSLDomainID!, TagLocation: 'renew.test', VettingType: 'DNS' });
    expect((await w.mssl.pvOrder(pvRequest(w.sim, csr2, { MSSLDomainID: res.MSSLDomainID! }))).OrderID).toBeDefined();
  });

  it('ModifyMSSLDomain cancels a domain (status 5), which then cannot issue; GetMSSLDomains shows it', async () => {
    const d = w.sim.admin.addMsslDomain({ profileId: String(w.sim.defaults.msslProfileId), name: 'gone.test' });
    await w.mssl.modifyMsslDomain({ MSSLDomainID: d.id, ModifyDomainOperation: 'CANCEL' });
    const found = await w.mssl.getMsslDomains({ MSSLDomainName: 'gone.test' });
    expect(found.SearchMsslDomainDetails?.[0]?.MSSLDomainStatus).toBe('5');
    expect(found.SearchMsslDomainDetails?.[0]?.Delete_Date).toBeDefined();
    expect(await codeOf(w.mssl.modifyMsslDomain({ MSSLDomainID: d.id, ModifyDomainOperation: 'CANCEL' }))).toBe(
      '-9938',
    );
    const csr = await csrFor(await w.key(), 'www.gone.test');
    expect(await codeOf(w.mssl.pvOrder(pvRequest(w.sim, csr, { MSSLDomainID: d.id })))).toBe('-9443');
  });
});

describe('profiles', () => {
  it('adds an OV profile (status 1, -9407 on a duplicate), lists and filters profiles', async () => {
    const info = {
      MSSLOVProfile: { Country: 'FR', StateOrProvince: 'IDF', Locality: 'Paris', OrganizationName: 'Exemple SA' },
      OVSealInfo: {},
      BusinessOVInfo: {},
    };
    const res = await w.mssl.addMsslProfile({ VettingLevel: 'OV', MSSLOVProfileInfo: info });
    expect(res.MsslProfileID).toBeDefined();
    expect(await codeOf(w.mssl.addMsslProfile({ VettingLevel: 'OV', MSSLOVProfileInfo: info }))).toBe('-9407');
    const one = await w.mssl.getMsslProfiles({ MSSLProfileID: res.MsslProfileID! });
    const p = one.SearchMSSLProfileDetails![0]!;
    expect(p.MSSLPlofileStatus).toBe('1');
    expect(p.MSSLOVProfileInfo?.MSSLOVProfile.OrganizationName).toBe('Exemple SA');
    const ev = await w.mssl.getMsslProfiles({ VettingLevel: 'EV' });
    expect(ev.SearchMSSLProfileDetails?.map((x) => x.MSSLProfileId)).toEqual([w.sim.defaults.msslEvProfileId]);
  });

  it('updates EV profiles only (-9430 for OV) and puts them back into vetting', async () => {
    const ev = String(w.sim.defaults.msslEvProfileId);
    await w.mssl.updateMsslProfile({ MSSLProfileID: ev });
    const p = (await w.mssl.getMsslProfiles({ MSSLProfileID: ev })).SearchMSSLProfileDetails![0]!;
    expect(p.MSSLPlofileStatus).toBe('2');
    expect(await codeOf(w.mssl.updateMsslProfile({ MSSLProfileID: String(w.sim.defaults.msslProfileId) }))).toBe(
      '-9430',
    );
    w.sim.admin.setMsslProfileStatus(ev, '3');
  });
});
