// The simulator is as strict as GlobalSign's Apache CXF (issue 13 item 2): for every operation of every service, a
// request built from the tables is accepted (HTTP 200), and the same request with an unknown element, an element out
// of sequence order, a required element left out, or an unknown element inside a nested structure is a soap:Client
// fault (HTTP 500) with JAXB's "unexpected element" wording (or Xerces' "not complete" when nothing follows).
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_OPERATIONS } from '../../src/services/account.ts';
import { EPKI_OPERATIONS } from '../../src/services/epki.ts';
import { QUERY_OPERATIONS } from '../../src/services/query.ts';
import { MSSL_OPERATIONS } from '../../src/services/mssl.ts';
import type { OperationDef } from '../../src/soap/schema.ts';
import { buildRequest } from '../../src/soap/envelope.ts';
import { createSimulator, type Simulator } from '../../src/simulator/index.ts';
import { fill } from '../clients/mssl-samples.ts';
import { EPKI_SAMPLES } from '../soap/epki-samples.ts';
import { splitRequest } from './xml-parts.ts';

const ALL: readonly OperationDef[] = [EPKI_OPERATIONS, MSSL_OPERATIONS, QUERY_OPERATIONS, ACCOUNT_OPERATIONS].flatMap(
  (ops) => Object.values(ops as Record<string, OperationDef>),
);

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator();
});

const sampleOf = (op: OperationDef): Record<string, unknown> =>
  op.service.name === 'EPKI' ? (EPKI_SAMPLES[op.name] ?? {}) : fill(op.request, true);

const valid = (op: OperationDef): string => buildRequest(op, sim.defaults, sampleOf(op));

async function post(op: OperationDef, xml: string): Promise<{ status: number; text: string }> {
  const res = await sim.fetch(`http://sim${op.service.path}`, { method: 'POST', body: xml });
  return { status: res.status, text: await res.text() };
}

const FAULT = /<faultcode>soap:Client<\/faultcode><faultstring>Unmarshalling Error: /;
const unexpected = (local: string): RegExp =>
  new RegExp(
    `unexpected element \\(uri:&quot;&quot;, local:&quot;${local}&quot;\\)\\. Expected elements are (?:&lt;\\{\\}\\w+&gt;,?)+`,
  );

async function expectFault(op: OperationDef, xml: string, message: RegExp): Promise<void> {
  const { status, text } = await post(op, xml);
  expect(status, `${op.name}: ${text.slice(0, 300)}`).toBe(500);
  expect(text).toMatch(FAULT);
  expect(text).toMatch(message);
}

describe.each(ALL.map((op) => [`${op.service.name} ${op.name}`, op] as const))('%s', (_, op) => {
  it('accepts the request the tables build', async () => {
    const { status, text } = await post(op, valid(op));
    expect(status, text.slice(0, 300)).toBe(200);
    expect(text).not.toContain('soap:Fault');
  });

  it('refuses an unknown element, naming it and what was expected', async () => {
    const p = splitRequest(valid(op));
    const xml = p.join([p.children[0]!, '<Bogus>1</Bogus>', ...p.children.slice(1)]);
    const first = op.request[0];
    await expectFault(op, xml, first ? unexpected('Bogus') : /Expected elements are \(none\)/);
  });

  it('refuses the request header moved after the fields (out of sequence order)', async () => {
    const p = splitRequest(valid(op));
    if (p.children.length < 2) return; // AccountSnapshot-like requests: the header alone
    const [header, ...rest] = p.children;
    const name = /^<(\w+)/.exec(rest[0]!)![1]!;
    await expectFault(op, p.join([...rest, header!]), unexpected(name));
  });

  it('refuses a required element left out', async () => {
    const p = splitRequest(valid(op));
    const at = op.request.findIndex((f) => !f.optional);
    if (at < 0) return; // every field optional
    const name = op.request[at]!.name;
    const kept = p.children.filter((c) => !new RegExp(`^<${name}[ />]`).test(c));
    expect(kept.length).toBe(p.children.length - 1);
    await expectFault(op, p.join(kept), new RegExp(`(local:&quot;\\w+&quot;|One of &apos;\\{${name}[,}])`));
  });

  it('refuses an unknown element inside a nested structure', async () => {
    const p = splitRequest(valid(op));
    const at = p.children.findIndex((c, i) => i > 0 && /^<\w+>\s*</.test(c));
    if (at < 0) return; // no structure among the fields
    const nested = p.children[at]!.replace(/^<(\w+)>/, '<$1><Bogus/>');
    await expectFault(op, p.join(p.children.map((c, i) => (i === at ? nested : c))), unexpected('Bogus'));
  });
});

describe('named cases', () => {
  it('GetOrderByExpirationDate with wrongly named dates is a fault, with the right names it is answered', async () => {
    const op = QUERY_OPERATIONS.GetOrderByExpirationDate;
    const right = buildRequest(op, sim.defaults, { ExpirationFromDate: '2026-01-01T00:00:00.000Z' });
    expect((await post(op, right)).status).toBe(200);
    const wrong = right.replace(/ExpirationFromDate/g, 'FromDate');
    await expectFault(op, wrong, /local:&quot;FromDate&quot;\). Expected elements are &lt;\{\}ExpirationFromDate&gt;,/);
  });

  it('GetOrderByOrderID with an unknown element is a fault (it used to be SuccessCode 0)', async () => {
    const op = QUERY_OPERATIONS.GetOrderByOrderID;
    const xml = buildRequest(op, sim.defaults, { OrderID: 'MS0000' }).replace(
      '</OrderID>',
      '</OrderID><Extra>x</Extra>',
    );
    await expectFault(op, xml, unexpected('Extra'));
  });

  it('a required element missing at the end says the content is not complete', async () => {
    const op = EPKI_OPERATIONS.Cancel;
    const xml = buildRequest(op, sim.defaults, { OrderID: 'CE1' }).replace(/<OrderID>CE1<\/OrderID>/, '');
    await expectFault(
      op,
      xml,
      /cvc-complex-type\.2\.4\.b: The content of element &apos;Request&apos; is not complete\. One of &apos;\{OrderID\}&apos; is expected\./,
    );
  });

  it('an element repeated where the schema allows one is a fault', async () => {
    const op = QUERY_OPERATIONS.GetOrderByOrderID;
    const xml = buildRequest(op, sim.defaults, { OrderID: 'MS0000' }).replace(
      '</OrderID>',
      '</OrderID><OrderID>MS0001</OrderID>',
    );
    await expectFault(op, xml, unexpected('OrderID'));
  });

  it('WIRE-NOTES deviations stay accepted: PVOrderWithoutCSR without CSR, AddDomainToProfile for DNS', async () => {
    for (const [op, request] of [
      [MSSL_OPERATIONS.PVOrderWithoutCSR, fill(MSSL_OPERATIONS.PVOrderWithoutCSR.request, false)],
      [
        MSSL_OPERATIONS.AddDomainToProfile,
        { ...fill(MSSL_OPERATIONS.AddDomainToProfile.request, false), VettingType: 'DNS' },
      ],
    ] as const) {
      const xml = buildRequest(op, sim.defaults, request);
      expect(xml).not.toMatch(/<CSR>|<DomainID>[^<]/);
      const { status, text } = await post(op, xml);
      expect(status, text.slice(0, 300)).toBe(200);
    }
  });
});
