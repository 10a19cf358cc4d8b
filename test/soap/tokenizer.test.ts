// The SOAP XML reader: shapes, the XML features SOAP answers use, strictness, and agreement with fast-xml-parser on
// the real captures and on random documents.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { isXmlError } from '../../src/errors.ts';
import { readXml } from '../../src/soap/tokenizer.ts';
import { parseXml } from '../../src/soap/xml.ts';

const id = (t: string): string => t;
const fails = (xml: string): boolean => {
  try {
    readXml(xml, id);
    return false;
  } catch (e) {
    return isXmlError(e);
  }
};

describe('readXml', () => {
  it('local names, repeated elements as arrays, empty and self-closing as empty strings, text kept as text', () => {
    const doc = readXml(
      '<?xml version="1.0"?><s:E xmlns:s="u"><s:B><a>0012</a><a> -1 </a><c/><d x="1>2" y=\'/\'/><e></e></s:B></s:E>',
      id,
    );
    expect(doc).toEqual({ E: { B: { a: ['0012', ' -1 '], c: '', d: '', e: '' } } });
  });

  it('ignores comments, processing instructions, attributes and whitespace between elements; reads CDATA as text', () => {
    const doc = readXml('<a>\n  <!-- note --><?pi x?>\n  <b k="v"><![CDATA[<raw & text>]]></b>\n</a>', id);
    expect(doc).toEqual({ a: { b: '<raw & text>' } });
  });

  it('decodes entities through the caller (parseXml: named, decimal, hex, &#xD;)', () => {
    expect(parseXml('<a>x&lt;y&gt;&amp;&quot;&apos;&#65;&#x42;&#xD;</a>')).toEqual({ a: 'x<y>&"\'AB\r' });
  });

  it('is strict: mismatched or unclosed tags, a truncated tag, a DOCTYPE are XmlErrors', () => {
    expect(fails('<a><b></a></b>')).toBe(true);
    expect(fails('<a><b></b>')).toBe(true);
    expect(fails('<a><b')).toBe(true);
    expect(fails('<!DOCTYPE a><a/>')).toBe(true);
    expect(fails('<a><!-- open')).toBe(true);
  });

  it('an element named __proto__ is data, not a prototype', () => {
    const doc = readXml('<a><__proto__><polluted>1</polluted></__proto__></a>', id) as { a: Record<string, unknown> };
    expect(Object.keys(doc.a)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

const FXP = new XMLParser({
  removeNSPrefix: true,
  parseTagValue: false,
  ignoreAttributes: true,
  trimValues: false,
  processEntities: false,
});
const dropText = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(dropText)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([k]) => k !== '#text')
            .map(([k, x]) => [k, dropText(x)]),
        )
      : v;

describe('agreement with fast-xml-parser', () => {
  it('on the real captures', () => {
    const dir = join(import.meta.dirname, '../fixtures/captures');
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.xml'))) {
      const xml = readFileSync(join(dir, f), 'utf8');
      expect(readXml(xml, id)).toEqual(dropText(FXP.parse(xml)));
    }
  });

  it('on random element trees', () => {
    const name = fc.constantFrom('A', 'B', 'C', 'ns:D', 'E');
    const text = fc.string({ unit: fc.constantFrom('a', '1', ' ', '-', '.'), maxLength: 6 });
    const tree: fc.Arbitrary<string> = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.tuple(name, text).map(([n, t]) => `<${n}>${t}</${n}>`),
        fc
          .tuple(name, fc.array(tie('node'), { minLength: 1, maxLength: 4 }))
          .map(([n, kids]) => `<${n}>${kids.join('')}</${n}>`),
      ),
    })).node;
    fc.assert(
      fc.property(tree, (xml) => {
        expect(readXml(xml, id)).toEqual(dropText(FXP.parse(xml)));
      }),
      { numRuns: 500 },
    );
  });
});
