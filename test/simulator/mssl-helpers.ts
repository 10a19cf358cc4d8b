// Shared set-up of the MSSL / Query / Account simulator tests: one simulator per file on a manual clock, the three
// real clients on its fetch, P-256 keys, CSRs, and a raw SOAP caller for requests the clients refuse locally.
import { expect } from 'vitest';
import { AccountClient } from '../../src/clients/account.ts';
import { MsslClient } from '../../src/clients/mssl.ts';
import { QueryClient } from '../../src/clients/query.ts';
import { createCsr, generateKeyPair, type KeyPairInfo } from '../../src/crypto/index.ts';
import { type GlobalSignApiError, isGlobalSignApiError } from '../../src/errors.ts';
import type { OperationDef } from '../../src/soap/schema.ts';
import { buildRequest, parseResponse } from '../../src/soap/envelope.ts';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.ts';

export const T0 = new Date('2026-03-02T09:00:00Z');

export interface World {
  sim: Simulator;
  mssl: MsslClient;
  query: QueryClient;
  account: AccountClient;
  /** Next fresh P-256 key (generated on demand). */
  key(): Promise<KeyPairInfo>;
}

/** A simulator on a manual clock starting at {@link T0}, and the three clients. */
export async function world(options: SimulatorOptions = {}): Promise<World> {
  const sim = await createSimulator({ clock: () => new Date(T0), ...options });
  const opts = { ...sim.defaults, endpoint: 'http://simulator.invalid', fetch: sim.fetch, retries: 0 };
  return {
    sim,
    mssl: new MsslClient(opts),
    query: new QueryClient(opts),
    account: new AccountClient(opts),
    key: () => generateKeyPair('P-256'),
  };
}

/** A CSR for `cn` (and DNS SANs). */
export async function csrFor(keys: KeyPairInfo, cn: string): Promise<string> {
  return (await createCsr({ keys, subject: { CN: cn, O: 'Example Ltd', C: 'GB' } })).pem;
}

export const CONTACT = { FirstName: 'Ada', LastName: 'Lovelace', Phone: '+44 20 0000 0000', Email: 'ada@example.com' };

/** A PVOrder request for PV_SHA2, 12 months, under the default OV profile and domain. */
export function pvRequest(
  sim: Simulator,
  csr: string,
  extra: {
    ProductCode?: string;
    BaseOption?: string;
    Options?: { OptionName: string; OptionValue: string }[];
    Months?: string;
    SANEntries?: { SANOptionType: string; SubjectAltName: string }[];
    OrderKind?: string;
    RenewalTargetOrderID?: string;
    NotAfter?: string;
    MSSLProfileID?: string;
    MSSLDomainID?: string;
  } = {},
) {
  return {
    OrderRequestParameter: {
      ProductCode: extra.ProductCode ?? 'PV_SHA2',
      ...(extra.BaseOption ? { BaseOption: extra.BaseOption } : {}),
      OrderKind: extra.OrderKind ?? 'new',
      Licenses: '1',
      ...(extra.Options ? { Options: extra.Options } : {}),
      ValidityPeriod: { Months: extra.Months ?? '12', ...(extra.NotAfter ? { NotAfter: extra.NotAfter } : {}) },
      CSR: csr,
      ...(extra.RenewalTargetOrderID ? { RenewalTargetOrderID: extra.RenewalTargetOrderID } : {}),
    },
    MSSLProfileID: extra.MSSLProfileID ?? String(sim.defaults.msslProfileId),
    MSSLDomainID: extra.MSSLDomainID ?? String(sim.defaults.msslDomainId),
    ContactInfo: CONTACT,
    ...(extra.SANEntries ? { SANEntries: extra.SANEntries } : {}),
  };
}

/** The GlobalSignApiError a call fails with. */
export async function apiError(p: Promise<unknown>): Promise<GlobalSignApiError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(isGlobalSignApiError(e), String(e)).toBe(true);
  return e as GlobalSignApiError;
}

/** The first error code of a call that fails. */
export async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  return (await apiError(p)).errors[0]?.ErrorCode;
}

/**
 * Calls an operation with a raw envelope (no local validation), returning the header and body: for the server's
 * own answers to requests the clients would refuse before sending.
 */
export async function raw(
  sim: Simulator,
  op: OperationDef,
  request: Record<string, unknown>,
  credentials = { username: String(sim.defaults.username), password: String(sim.defaults.password) },
) {
  const res = await sim.fetch(`http://simulator.invalid${op.service.path}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body: buildRequest(op, credentials, request),
  });
  return parseResponse(op, await res.text(), res.status);
}
