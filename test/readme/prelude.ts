// The README prelude: binds the free names the TypeScript blocks of README.md and workers/README.md use
// (credentials, profile IDs, fetch, clients, requests…) to one in-process simulator, so every block runs as written.
// A block imports only the names it does not declare itself (test/readme/blocks.ts works that out).
import { EpkiClient, type EpkiTypes, MsslClient, type MsslTypes, QueryClient } from '../../src/index.ts';
import { createCsr, generateKeyPair } from '../../src/crypto/index.ts';
import { createSimulator } from '../../src/simulator/index.ts';
import type { DomainChallenge } from '../../src/workflows/index.ts';

const DAY = 86_400_000;
export const sim = await createSimulator();
/** Stands in for `globalThis.fetch`: every request goes to the simulator, whatever the endpoint. */
export const fetch = sim.fetch;
export const { username, password } = sim.defaults;
/** EPKI profile. */
export const ProfileID: string = sim.defaults.epkiProfileId;
/** MSSL profile and a validated domain of it. */
export const profileId = String(sim.defaults.msslProfileId);
const domainId = String(sim.defaults.msslDomainId);
const options = { username, password, endpoint: 'test', fetch } as const;
export const epki = new EpkiClient(options);
export const mssl = new MsslClient(options);
export const query = new QueryClient(options);

const subscriber = { CommonName: 'Alice', Email: 'alice@example.com' };
export const csr = await createCsr({
  keys: await generateKeyPair('RSA-2048'),
  subject: { CN: subscriber.CommonName, E: subscriber.Email },
  sans: [{ type: 'email', value: subscriber.Email }],
});
export const request: EpkiTypes.EpkiOrderAndIssueCertificateRequest = {
  ProfileID,
  ProductCode: 'EPKIPSPersonal',
  Year: 1,
  CSR: csr.pem,
  SANRFC822EmailAddress: subscriber.Email,
  DnAttributes: subscriber,
};
export const contact = { FirstName: 'Ada', LastName: 'Lovelace', Phone: '+44 20 0000 0000', Email: 'ada@example.com' };
const tlsCsr = await createCsr({
  keys: await generateKeyPair('P-256'),
  subject: { CN: `shop.${sim.defaults.domain}` },
});
export const pvOrderRequest: MsslTypes.MsslPVOrderRequest = {
  OrderRequestParameter: {
    ProductCode: 'PV_SHA2',
    OrderKind: 'new',
    Licenses: '1',
    ValidityPeriod: { Months: '12' },
    CSR: tlsCsr.pem,
  },
  MSSLProfileID: profileId,
  MSSLDomainID: domainId,
  ContactInfo: contact,
};
export const lastRun = new Date(Date.now() - DAY).toISOString();
export const in30Days = new Date(Date.now() + 30 * DAY);
/** Where a sync stores what it lists: here, nowhere. */
export const save = async (_order: unknown, _checkpoint: string | undefined): Promise<void> => {};
/** Publishes a domain-validation TXT record: here in the simulator's DNS, for you at your DNS provider. */
export const publishDnsRecord = async (challenge: DomainChallenge): Promise<void> =>
  sim.admin.setDnsTxt(challenge.domain, [challenge.dns?.value ?? '']);
