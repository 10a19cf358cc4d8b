import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HttpError, SoapFaultError, XmlError } from '../../src/errors.ts';
import { EPKI_OPERATIONS } from '../../src/services/epki.ts';
import { SECRET_ELEMENTS } from '../../src/services/common.ts';
import { buildRequest, parseResponse } from '../../src/soap/envelope.ts';
import { redactXml } from '../../src/soap/redact.ts';
import { buildFault, buildResponse, parseRequest, SoapRequestError } from '../../src/soap/server.ts';
import { CREDENTIALS, EPKI_SAMPLES } from './epki-samples.ts';
import { GOLDEN_DIR, goldenXml } from './make-golden.ts';

const OPS = Object.values(EPKI_OPERATIONS);
const { Cancel, Revoke, GetOrders } = EPKI_OPERATIONS;
const catchErr = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
};

describe('golden request XML (test/fixtures/golden/epki)', () => {
  for (const op of OPS) {
    it(`${op.name} matches its golden file`, () => {
      expect(goldenXml(op.name)).toBe(readFileSync(join(GOLDEN_DIR, `${op.name}.xml`), 'utf8'));
    });
  }

  it('qualifies only the wrapper element and escapes the password', () => {
    const xml = buildRequest(Cancel, CREDENTIALS, { OrderID: 'CE1' });
    expect(xml).toContain('<ws:Cancel xmlns:ws="https://system.globalsign.com/cr/ws/"><Request><OrderRequestHeader>');
    expect(xml).toContain('<Password>S3cret&amp;Pass</Password>');
  });
});

describe('parseResponse', () => {
  const ok = (op = Cancel, body: Record<string, unknown> = { OrderID: 'CE1' }) =>
    buildResponse(op, { SuccessCode: '0', Errors: [], Timestamp: '2024-01-01T00:00:00.000+09:00' }, body);

  it('reads header and body, prefix-agnostic', () => {
    const xml = ok()
      .replaceAll('soap:', 'S:')
      .replace('xmlns:soap=', 'xmlns:S=')
      .replaceAll('ns2:', 'x:')
      .replace('xmlns:ns2', 'xmlns:x');
    expect(parseResponse(Cancel, xml, 200)).toEqual({
      header: { SuccessCode: '0', Errors: [], Timestamp: '2024-01-01T00:00:00.000+09:00' },
      body: { OrderID: 'CE1' },
    });
  });

  it('reads the lower-case Revoke header and exposes orderNo as OrderID', () => {
    const xml = buildResponse(Revoke, { SuccessCode: '0', Errors: [] }, { orderNo: 'CE9' });
    expect(xml).toContain('<orderResponseHeader>');
    expect(parseResponse(Revoke, xml, 200).body).toEqual({ orderNo: 'CE9', OrderID: 'CE9' });
  });

  it('keeps several errors in order, codes as strings', () => {
    const errors = [
      { ErrorCode: '-101', ErrorField: 'OrderQueryParam.ProductCode', ErrorMessage: 'bad' },
      { ErrorCode: '-9952', ErrorMessage: 'over limit' },
    ];
    const xml = buildResponse(GetOrders, { SuccessCode: '-1', Errors: errors }, { TotalCount: 0 });
    expect(parseResponse(GetOrders, xml, 200).header.Errors).toEqual(errors);
  });

  it('SOAP Fault with HTTP 500 → SoapFaultError', () => {
    const e = catchErr(() => parseResponse(Cancel, buildFault('soap:Client', 'Unmarshalling Error: x'), 500));
    expect(e).toBeInstanceOf(SoapFaultError);
    expect(e).toMatchObject({ faultCode: 'soap:Client', faultString: 'Unmarshalling Error: x', status: 500 });
  });

  it('HTML 502 → HttpError with status and a short excerpt', () => {
    const html = `<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>${'x'.repeat(5000)}</body></html>`;
    const e = catchErr(() => parseResponse(Cancel, html, 502)) as HttpError;
    expect(e).toBeInstanceOf(HttpError);
    expect(e.status).toBe(502);
    expect(e.bodyExcerpt).toContain('502 Bad Gateway');
    expect(e.bodyExcerpt.length).toBeLessThanOrEqual(201);
  });

  it('non-2xx envelope without a Fault → HttpError; 2xx non-SOAP (JSON, empty) → HttpError', () => {
    expect(catchErr(() => parseResponse(Cancel, ok(), 503))).toBeInstanceOf(HttpError);
    expect(catchErr(() => parseResponse(Cancel, '{"error":1}', 200))).toBeInstanceOf(HttpError);
    expect(catchErr(() => parseResponse(Cancel, '', 200))).toBeInstanceOf(HttpError);
  });

  it('truncated, DOCTYPE-bearing or wrong-element envelopes → XmlError', () => {
    const full = ok();
    expect(catchErr(() => parseResponse(Cancel, full.slice(0, full.length - 40), 200))).toBeInstanceOf(XmlError);
    const withDoctype = full.replace('<soap:Body>', '<soap:Body><!DOCTYPE x>');
    expect(catchErr(() => parseResponse(Cancel, withDoctype, 200))).toBeInstanceOf(XmlError);
    const e = catchErr(() => parseResponse(Revoke, full, 200)) as XmlError;
    expect(e).toBeInstanceOf(XmlError);
    expect(e.message).toContain('RevokeResponse');
  });

  it('decodes &#xD; in PEM text of the body', () => {
    const xml = ok().replace('<OrderID>CE1</OrderID>', '<OrderID>a&#xD;\nb</OrderID>');
    expect(parseResponse(Cancel, xml, 200).body.OrderID).toBe('a\r\nb');
  });
});

describe('server side', () => {
  it('refuses unreadable XML, DOCTYPE, unknown wrappers, missing Request and mistyped values', () => {
    const good = buildRequest(EPKI_OPERATIONS.OrderDS, CREDENTIALS, EPKI_SAMPLES.OrderDS ?? {});
    const cases = [
      good.slice(0, -30),
      good.replace('<Request>', '<!DOCTYPE x><Request>'),
      good.replaceAll('OrderDS', 'OrderXYZ'),
      good.replace(/<Request>[\s\S]*<\/Request>/, ''),
      good.replace('<Year>2</Year>', '<Year>two</Year>'),
      buildRequest(EPKI_OPERATIONS.Reissue, CREDENTIALS, EPKI_SAMPLES.Reissue ?? {}).replace('>true<', '>yes<'),
      '<html>nope</html>',
    ];
    for (const xml of cases) {
      const e = catchErr(() => parseRequest(xml, OPS)) as SoapRequestError;
      expect(e).toBeInstanceOf(SoapRequestError);
      expect(e.faultString.length).toBeGreaterThan(0);
    }
  });

  it('gives undefined credentials when the AuthToken is missing', () => {
    const xml = buildRequest(Cancel, CREDENTIALS, { OrderID: 'CE1' }).replace(/<AuthToken>.*<\/AuthToken>/, '');
    expect(parseRequest(xml, OPS).credentials).toBeUndefined();
  });

  it('buildFault escapes its text and yields a readable Fault', () => {
    const xml = buildFault('soap:Client', 'bad <value> & \u0001 more');
    expect(xml).toContain('bad &lt;value&gt; &amp; ? more');
  });
});

describe('redactXml', () => {
  it('hides every secret element, whatever the prefix', () => {
    const xml =
      '<Password>p&amp;w</Password><PKCS12PIN>pin123456789</PKCS12PIN><PickupPassword>pick1234</PickupPassword>' +
      '<Pin>1</Pin><PIN>2</PIN><x:PKCS12Password>gen</x:PKCS12Password><UserName>u</UserName>';
    expect(redactXml(xml, SECRET_ELEMENTS)).toBe(
      '<Password>***</Password><PKCS12PIN>***</PKCS12PIN><PickupPassword>***</PickupPassword><Pin>***</Pin>' +
        '<PIN>***</PIN><x:PKCS12Password>***</x:PKCS12Password><UserName>u</UserName>',
    );
  });
});
