import { describe, expect, it } from 'vitest';
import { isValidationError, isXmlError, type ValidationError, XmlError } from '../../src/errors.ts';
import { listOf, opt, req, struct } from '../../src/services/common.ts';
import { EPKI_OPERATIONS } from '../../src/services/epki.ts';
import type { FieldDef, OperationDef } from '../../src/soap/schema.ts';
import { decodeFields, encodeFields } from '../../src/soap/codec.ts';
import { buildRequest } from '../../src/soap/envelope.ts';
import { parseRequest } from '../../src/soap/server.ts';
import { escapeXml, parseXml } from '../../src/soap/xml.ts';
import { CREDENTIALS, EPKI_SAMPLES } from './epki-samples.ts';

const OPS = Object.values(EPKI_OPERATIONS);
const roundTrip = (op: OperationDef, request: Record<string, unknown>) =>
  parseRequest(buildRequest(op, CREDENTIALS, request), OPS);

const catchErr = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
};

describe('codec round trips (encode, then server.parseRequest)', () => {
  for (const op of OPS) {
    it(`${op.name}: request and credentials come back identical`, () => {
      const sample = EPKI_SAMPLES[op.name] ?? {};
      const parsed = roundTrip(op, sample);
      expect(parsed.op).toBe(op);
      expect(parsed.credentials).toEqual(CREDENTIALS);
      expect(parsed.request).toEqual(sample);
    });
  }

  it('keeps awkward strings exactly: markup, quotes, CR, CRLF, tabs, astral characters, leading spaces', () => {
    const values = [
      'a&b<c>"d\'e',
      'line1\r\nline2\rline3\n',
      '\tindented  ',
      '😀 Zoë 日本',
      '&#xD; literal',
      ']]>',
      ' ',
    ];
    for (const CommonName of values) {
      const parsed = roundTrip(EPKI_OPERATIONS.OrderDS, { ...EPKI_SAMPLES.OrderDS, DnAttributes: { CommonName } });
      expect((parsed.request.DnAttributes as { CommonName: string }).CommonName).toBe(CommonName);
    }
  });

  it('writes numbers, booleans and Dates as XML text', () => {
    const fields: FieldDef[] = [req('N', 'int'), req('B', 'boolean'), req('D', 'dateTime'), req('S')];
    const xml = encodeFields(fields, { N: 3, B: false, D: new Date(Date.UTC(2024, 0, 31)), S: 7 });
    expect(xml).toBe('<N>3</N><B>false</B><D>2024-01-31T00:00:00.000Z</D><S>7</S>');
  });

  it('writes nil for absent fields marked nil, and leaves out other absent optionals', () => {
    const fields: FieldDef[] = [opt('A', 'string', { nil: true }), opt('B'), req('C')];
    expect(encodeFields(fields, { C: 'x' })).toBe('<A xsi:nil="true"/><C>x</C>');
  });

  it('writes lists as container + items and repeated fields as repeated elements', () => {
    const fields: FieldDef[] = [
      opt('SANEntries', listOf('SANEntry', struct(req('SANOptionType'), req('SubjectAltName')))),
      opt('OU', 'string', { repeated: true }),
    ];
    const xml = encodeFields(fields, { SANEntries: [{ SANOptionType: '7', SubjectAltName: 'a' }], OU: ['x', 'y'] });
    expect(xml).toBe(
      '<SANEntries><SANEntry><SANOptionType>7</SANOptionType><SubjectAltName>a</SubjectAltName></SANEntry></SANEntries>' +
        '<OU>x</OU><OU>y</OU>',
    );
  });
});

describe('codec refusals name the field', () => {
  it('refuses characters illegal in XML 1.0, naming the dotted path and not the value', () => {
    for (const bad of ['a\u0001b', 'x\u000b', '\uFFFE', 'lone \uD800 high', 'lone \uDC00 low']) {
      const e = catchErr(() =>
        buildRequest(EPKI_OPERATIONS.OrderDS, CREDENTIALS, {
          ...EPKI_SAMPLES.OrderDS,
          DnAttributes: { CommonName: 'ok', OrganizationUnit: ['fine', bad] },
        }),
      );
      expect(isValidationError(e)).toBe(true);
      expect((e as ValidationError).field).toBe('DnAttributes.OrganizationUnit.1');
      expect((e as ValidationError).message).not.toContain(bad);
    }
  });

  it('refuses an illegal character in the password without echoing it', () => {
    const e = catchErr(() =>
      buildRequest(EPKI_OPERATIONS.Cancel, { username: 'u', password: 'pw\u0000secret' }, { OrderID: '1' }),
    );
    expect((e as ValidationError).field).toBe('AuthToken.Password');
    expect((e as Error).message).not.toContain('secret');
  });

  it('refuses unknown keys, missing required fields and wrong kinds', () => {
    const op = EPKI_OPERATIONS.Cancel;
    expect(
      (catchErr(() => buildRequest(op, CREDENTIALS, { OrderID: '1', Orderid: '2' })) as ValidationError).field,
    ).toBe('Orderid');
    expect((catchErr(() => buildRequest(op, CREDENTIALS, {})) as ValidationError).field).toBe('OrderID');
    const list = EPKI_OPERATIONS.GetOrders;
    const e = catchErr(() => buildRequest(list, CREDENTIALS, { OrderQueryParam: 'x' })) as ValidationError;
    expect(e.field).toBe('OrderQueryParam');
    expect((catchErr(() => encodeFields([req('Y', 'int')], { Y: 1.5 })) as ValidationError).field).toBe('Y');
  });

  it('escapes the five markup characters', () => {
    expect(escapeXml(`<a href="x">&'</a>`, 'p')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
  });
});

describe('parseXml and decodeFields', () => {
  it('refuses a DOCTYPE (entity expansion) before parsing', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xxxxxxxx">]><a>&x;&x;</a>';
    expect(isXmlError(catchErr(() => parseXml(bomb)))).toBe(true);
  });

  it('decodes &#xD;, &#13;, hex and decimal references and the five entities, once', () => {
    const doc = parseXml('<a><b>x&#xD;\ny&#13;&#x1F600;&#65;&amp;lt;&lt;&gt;&quot;&apos;</b></a>') as {
      a: { b: string };
    };
    expect(doc.a.b).toBe('x\r\ny\r😀A&lt;<>"\'');
  });

  it('always gives arrays for lists and repeated elements, drops empty and nil, converts int and boolean', () => {
    const fields: FieldDef[] = [
      opt('Errors', listOf('Error', struct(req('ErrorCode')))),
      opt('OU', 'string', { repeated: true }),
      opt('Empty'),
      opt('Nil'),
      opt('Count', 'int'),
      opt('Flag', 'boolean'),
      opt('Code'),
      opt('orderNo', 'string', { alias: 'OrderID' }),
    ];
    const node = (
      parseXml(
        '<R><Errors><Error><ErrorCode>-101</ErrorCode></Error></Errors><OU>one</OU><Empty></Empty>' +
          '<Nil xsi:nil="true"/><Count> 42 </Count><Flag>true</Flag><Code>0012</Code><orderNo>CE1</orderNo><Other>x</Other></R>',
      ) as { R: unknown }
    ).R;
    expect(decodeFields(fields, node)).toEqual({
      Errors: [{ ErrorCode: '-101' }],
      OU: ['one'],
      Count: 42,
      Flag: true,
      Code: '0012',
      orderNo: 'CE1',
      OrderID: 'CE1',
    });
  });

  it('rejects values not of their XML type with XmlError naming the path', () => {
    const e = catchErr(() => decodeFields([req('Year', 'int')], { Year: '1x' }));
    expect(e).toBeInstanceOf(XmlError);
    expect((e as Error).message).toContain('Year');
    expect(() => decodeFields([req('B', 'boolean')], { B: 'yes' })).toThrow(XmlError);
  });
});
