// Issue 18 item 4: error types as documented. A DOCTYPE before the envelope is an XmlError; a 200 answer that is not
// SOAP leaves an order's outcome unknown (like a cut body); the envelope must be SOAP 1.1's (the namespace declared
// on it), while Body, Fault and the wrapper are found by local name (see src/soap/envelope.ts).
import { describe, expect, it } from 'vitest';
import { EpkiClient } from '../../src/clients/epki.ts';
import {
  HttpError,
  isHttpError,
  isOrderOutcomeUnknownError,
  isOutcomeUnknownError,
  isXmlError,
  type OrderOutcomeUnknownError,
  type OutcomeUnknownError,
  XmlError,
} from '../../src/errors.ts';
import { EPKI_OPERATIONS } from '../../src/services/epki.ts';
import { parseResponse } from '../../src/soap/envelope.ts';
import { SOAP_ENV_NS } from '../../src/soap/schema.ts';
import { buildResponse } from '../../src/soap/server.ts';
import { EPKI_SAMPLES } from './epki-samples.ts';

const Cancel = EPKI_OPERATIONS.Cancel;
const ANSWER = buildResponse(Cancel, { SuccessCode: '0', Errors: [] }, { OrderID: 'CE1' });
const HTML = '<!DOCTYPE html>\n<html><head><title>Sign in to the Wi-Fi</title></head><body>portal</body></html>';

const caught = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
};

/** An order that places a certificate order (its lost answer must be reconciled). */
const order = (c: EpkiClient): Promise<unknown> =>
  c.orderPkcs12({ ...EPKI_SAMPLES.OrderPkcs12 } as never).catch((x: unknown) => x);

function client(body: string, status = 200): EpkiClient {
  return new EpkiClient({
    username: 'u',
    password: 'p',
    retries: 0,
    fetch: async () => new Response(body, { status, headers: { 'content-type': 'text/html' } }),
  });
}

describe('DOCTYPE before the envelope', () => {
  it.each([
    ['a plain DOCTYPE', `<!DOCTYPE soap:Envelope>${ANSWER}`],
    ['a lower-case doctype', `<!doctype x>${ANSWER}`],
    ['after the XML declaration', `<?xml version="1.0"?>\n<!DOCTYPE x>\n${ANSWER}`],
    [
      'with an internal subset (entity bomb)',
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>${ANSWER}`,
    ],
    ['between comments', `<!-- a --><!DOCTYPE x><!-- b -->${ANSWER}`],
  ])('%s → XmlError, not HttpError', (_, xml) => {
    const e = caught(() => parseResponse(Cancel, xml, 200));
    expect(e).toBeInstanceOf(XmlError);
    expect((e as Error).message).toMatch(/DOCTYPE/);
  });

  it('an HTML page with a DOCTYPE is still "not SOAP" (HttpError), not an XmlError', () => {
    const e = caught(() => parseResponse(Cancel, HTML, 502));
    expect(e).toBeInstanceOf(HttpError);
    expect((e as HttpError).status).toBe(502);
  });
});

describe('a 200 answer that is not SOAP', () => {
  it('to an order (OrderPkcs12): the outcome is unknown, with the HttpError as cause', async () => {
    const e = (await order(client(HTML))) as OrderOutcomeUnknownError;
    expect(isOrderOutcomeUnknownError(e), String(e)).toBe(true);
    expect(isHttpError(e.cause)).toBe(true);
    expect((e.cause as HttpError).status).toBe(200);
    expect(e.submission.operation).toBe('OrderPkcs12');
  });

  it('to another change (Cancel): the outcome is unknown too', async () => {
    const e = (await client(HTML)
      .cancel({ OrderID: 'CE1' })
      .catch((x: unknown) => x)) as OutcomeUnknownError;
    expect(isOutcomeUnknownError(e), String(e)).toBe(true);
    expect(isHttpError(e.cause)).toBe(true);
  });

  it('to a query: an HttpError 200 (nothing to reconcile)', async () => {
    const e = await client(HTML)
      .getOrderByOrderId({ OrderNo: 'CE1' })
      .catch((x: unknown) => x);
    expect(isHttpError(e)).toBe(true);
    expect((e as HttpError).status).toBe(200);
  });

  it('a 4xx page to an order stays an HttpError (an answer from before the service)', async () => {
    const e = await order(client(HTML, 403));
    expect(isHttpError(e)).toBe(true);
  });

  it('a DOCTYPE-led envelope to an order: outcome unknown, cause XmlError', async () => {
    const e = (await order(client(`<!DOCTYPE x>${ANSWER}`))) as OrderOutcomeUnknownError;
    expect(isOrderOutcomeUnknownError(e)).toBe(true);
    expect(isXmlError(e.cause)).toBe(true);
  });
});

describe('envelope namespace (checked: SOAP 1.1, declared on the Envelope)', () => {
  const withEnvelope = (open: string): string =>
    ANSWER.replace(/^<soap:Envelope[^>]*>/, open).replace(
      /<\/soap:Envelope>$/,
      open.startsWith('<soap:') ? '</soap:Envelope>' : '</Envelope>',
    );

  it.each([
    ['urn:not-soap', `<soap:Envelope xmlns:soap="urn:not-soap">`],
    ['SOAP 1.2', `<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope">`],
    ['an undeclared prefix', `<soap:Envelope xmlns:other="${SOAP_ENV_NS}">`],
  ])('%s → XmlError naming the problem', (_, open) => {
    const e = caught(() => parseResponse(Cancel, withEnvelope(open), 200));
    expect(e).toBeInstanceOf(XmlError);
    expect((e as Error).message).toMatch(/not a SOAP 1\.1 envelope/);
  });

  it.each([
    ['another prefix', `<S:Envelope xmlns:S="${SOAP_ENV_NS}">`, 'S'],
    ['single-quoted', `<soap:Envelope xmlns:soap='${SOAP_ENV_NS}'>`, 'soap'],
  ])('%s is accepted', (_, open, prefix) => {
    const xml = withEnvelope(open)
      .replaceAll('soap:Body', `${prefix}:Body`)
      .replace('</soap:Envelope>', `</${prefix}:Envelope>`);
    expect(parseResponse(Cancel, xml, 200).body).toEqual({ OrderID: 'CE1' });
  });

  it('a default-namespace envelope (no prefix) is accepted', () => {
    const xml = ANSWER.replace(/^<soap:Envelope xmlns:soap=/, '<Envelope xmlns=')
      .replace('</soap:Envelope>', '</Envelope>')
      .replaceAll('soap:Body', 'Body');
    expect(parseResponse(Cancel, xml, 200).body).toEqual({ OrderID: 'CE1' });
  });

  it('a wrong-namespace envelope to an order leaves the outcome unknown (cause XmlError)', async () => {
    const e = (await order(
      client(withEnvelope('<soap:Envelope xmlns:soap="urn:not-soap">')),
    )) as OrderOutcomeUnknownError;
    expect(isOrderOutcomeUnknownError(e)).toBe(true);
    expect(isXmlError(e.cause)).toBe(true);
  });
});
