// Structure-aware fuzzing (issue 18 item 1): real certificates, CSRs, PKCS#7 bundles and PKCS#12 files are read
// into their TLV tree (descending into OCTET and BIT STRINGs that hold DER), mutated inside it (tags, lengths,
// dropped, duplicated and swapped children, string and time contents, indefinite lengths, deep nesting,
// truncation) and re-encoded; every parser must then either succeed or throw a CryptoError, nothing else.
// fast-check drives the mutations (and shrinks a failure to its smallest recipe); each property is bounded in
// runs and in time.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatBytes } from '../../src/crypto/bytes.ts';
import { parseCertificate, parseCertificates } from '../../src/crypto/certificate.ts';
import { orderChain } from '../../src/crypto/chain.ts';
import { parseCsr } from '../../src/crypto/csr.ts';
import { children, type Der, parseDer, tlv } from '../../src/crypto/der.ts';
import { createPkcs12 } from '../../src/crypto/pkcs12/index.ts';
import { openPkcs12 } from '../../src/crypto/pkcs12/index.ts';
import { parsePkcs7 } from '../../src/crypto/pkcs7.ts';
import { isCryptoError } from '../../src/errors.ts';
import { type OpenSsl, openssl } from './openssl.ts';
import { makePki, type TestPki } from './pki.ts';

interface Tree {
  tag: number;
  kids?: Tree[];
  value?: Uint8Array;
  /** OCTET/BIT STRING holding DER: the unused-bits byte of a BIT STRING. */
  wrapped?: number[];
  indefinite?: boolean;
  lengthDelta?: number;
}

function toTree(d: Der): Tree {
  if (d.tag & 0x20) return { tag: d.tag, kids: children(d).map(toTree) };
  const prefix = d.tag === 0x03 ? 1 : 0;
  if ((d.tag === 0x04 || d.tag === 0x03) && d.value[prefix] === 0x30) {
    try {
      return { tag: d.tag, kids: [toTree(parseDer(d.value.subarray(prefix)))], wrapped: prefix ? [d.value[0]!] : [] };
    } catch {
      // not DER inside: a plain string
    }
  }
  return { tag: d.tag, value: d.value };
}

function encode(t: Tree): Uint8Array {
  const body = t.kids
    ? concatBytes(new Uint8Array(t.wrapped ?? []), ...t.kids.map(encode))
    : (t.value ?? new Uint8Array());
  if (t.indefinite) return concatBytes(new Uint8Array([t.tag | 0x20, 0x80]), body, new Uint8Array([0, 0]));
  const full = tlv(t.tag, body);
  if (!t.lengthDelta) return full;
  // Re-write the length with the delta (the header keeps its form; the content stays as it was).
  const len = Math.max(0, body.length + t.lengthDelta);
  return concatBytes(
    new Uint8Array([t.tag, 0x84, len >>> 24, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff]),
    body,
  );
}

function flatten(t: Tree, out: Tree[] = []): Tree[] {
  out.push(t);
  for (const k of t.kids ?? []) flatten(k, out);
  return out;
}

const TAGS = [
  0x30, 0x31, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0c, 0x13, 0x14, 0x16, 0x17, 0x18, 0x1c, 0x1e, 0x80, 0xa0, 0xa3, 0x24,
  0x1f,
];
const te = (s: string): Uint8Array => new TextEncoder().encode(s);
/** Replacement contents, each with the tag it is most hostile under (undefined: keep the node's tag). */
const CONTENTS: [number | undefined, Uint8Array][] = [
  [undefined, new Uint8Array()],
  [0x1c, new Uint8Array([0x00, 0x11, 0x00, 0x00])], // UniversalString above U+10FFFF
  [0x1c, new Uint8Array([0x00, 0x00, 0xd8, 0x00])], // UniversalString surrogate
  [0x1e, new Uint8Array([0xd8, 0x00, 0xdc, 0x00])], // BMPString surrogates
  [0x1e, new Uint8Array([0x00, 0x41, 0x00])], // torn BMPString
  [undefined, new Uint8Array([0xff, 0xfe, 0xfd])],
  [0x06, new Uint8Array([0x80])], // a torn OID
  [0x02, new Uint8Array(9).fill(0xff)], // a long negative INTEGER
  [0x17, te('251332250000Z')],
  [0x17, te('2501010000Z')],
  [0x18, te('20250101000000.5Z')],
  [0x02, te('250101000000Z')], // time text under an INTEGER tag
  [undefined, te('-----BEGIN CERTIFICATE-----')],
];

type Op = [kind: number, at: number, arg: number];

function mutate(sample: Uint8Array, ops: Op[]): Uint8Array {
  const root = toTree(parseDer(sample));
  let cut: number | undefined;
  for (const [kind, at, arg] of ops) {
    const all = flatten(root);
    // Structural operations aim at constructed nodes, content operations at primitive ones.
    const fit = all.filter((t) => (kind === 5 ? !t.kids : [2, 3, 4, 6].includes(kind) ? t.kids : true));
    const nodes = fit.length ? fit : all;
    const n = nodes[at % nodes.length]!;
    const kids = n.kids;
    switch (kind) {
      case 0:
        n.tag = TAGS[arg % TAGS.length]!;
        break;
      case 1:
        n.lengthDelta = [-2, -1, 1, 2, 1000, 1 << 30][arg % 6]!;
        break;
      case 2:
        if (kids?.length) kids.splice(arg % kids.length, 1);
        break;
      case 3:
        if (kids?.length) kids.splice(arg % kids.length, 0, structuredClone(kids[arg % kids.length]!));
        break;
      case 4:
        if (kids && kids.length > 1) {
          const [i, j] = [arg % kids.length, (arg >> 3) % kids.length];
          [kids[i], kids[j]] = [kids[j]!, kids[i]!];
        }
        break;
      case 5: {
        const [tag, value] = CONTENTS[arg % CONTENTS.length]!;
        if (!kids) Object.assign(n, { value, ...(tag !== undefined && arg % 4 !== 0 ? { tag } : {}) });
        break;
      }
      case 6:
        if (kids) n.indefinite = true;
        break;
      case 7: {
        let inner: Tree = { ...n };
        for (let i = 0; i < (arg % 3) * 60; i++) inner = { tag: 0x30, kids: [inner], indefinite: i % 2 === 0 };
        Object.assign(n, inner);
        break;
      }
      default:
        cut = arg;
    }
  }
  const out = encode(root);
  return cut === undefined ? out : out.subarray(0, cut % (out.length + 1));
}

const recipe = fc.record({
  sample: fc.nat(),
  ops: fc.array(fc.tuple(fc.nat(8), fc.nat(), fc.nat()), { minLength: 1, maxLength: 5 }),
});
const LIMITS = { numRuns: 400, interruptAfterTimeLimit: 1500 };

async function onlyCryptoErrors(fn: () => unknown): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (e) {
    if (!isCryptoError(e)) throw e;
    return true;
  }
}

let o: OpenSsl;
let pki: TestPki;
const samples: Record<'cert' | 'csr' | 'p7' | 'p12', Uint8Array[]> = { cert: [], csr: [], p7: [], p12: [] };

beforeAll(async () => {
  o = openssl();
  pki = makePki(o);
  samples.cert = [pki.root, pki.intermediate, pki.leaf].map((p) => parseCertificate(p).der);
  for (const key of ['leaf.key', 'int.key']) {
    const args = ['req', '-new', '-key', key, '-subj', '/C=GB/O=Fuzz+OU=Multi/CN=fuzz', '-outform', 'DER'];
    samples.csr.push(o.runBytes([...args, '-addext', 'subjectAltName=DNS:a.example,email:z@example.com']));
  }
  o.write('bundle.pem', pki.leaf + pki.intermediate + pki.root);
  samples.p7 = [o.runBytes(['crl2pkcs7', '-nocrl', '-certfile', 'bundle.pem', '-outform', 'DER'])];
  const key = pki.leafKey;
  for (const profile of ['modern', 'legacy'] as const) {
    const { importPrivateKey } = await import('../../src/crypto/keys.ts');
    const k = await importPrivateKey(key, { extractable: true });
    samples.p12.push(
      await createPkcs12({
        key: k,
        certificates: [pki.leaf, pki.intermediate],
        password: 'pw',
        profile,
        iterations: 2048,
      }),
    );
  }
});
afterAll(() => o.cleanup());

const pick = (list: Uint8Array[], i: number): Uint8Array => list[i % list.length]!;

describe('structure-aware fuzzing: only CryptoError escapes', () => {
  it('certificates (parseCertificate, parseCertificates, orderChain)', async () => {
    await fc.assert(
      fc.asyncProperty(recipe, async ({ sample, ops }) => {
        const bytes = mutate(pick(samples.cert, sample), ops);
        return (
          (await onlyCryptoErrors(() => parseCertificate(bytes).isSelfIssued)) &&
          (await onlyCryptoErrors(() => parseCertificates(bytes))) &&
          (await onlyCryptoErrors(() => orderChain([bytes, pki.intermediate, pki.root])))
        );
      }),
      LIMITS,
    );
  });

  it('CSRs (parseCsr)', async () => {
    await fc.assert(
      fc.asyncProperty(recipe, ({ sample, ops }) =>
        onlyCryptoErrors(() => parseCsr(mutate(pick(samples.csr, sample), ops))),
      ),
      LIMITS,
    );
  });

  it('PKCS#7 (parsePkcs7)', async () => {
    await fc.assert(
      fc.asyncProperty(recipe, ({ sample, ops }) =>
        onlyCryptoErrors(() => parsePkcs7(mutate(pick(samples.p7, sample), ops))),
      ),
      LIMITS,
    );
  });

  it('PKCS#12 (openPkcs12)', async () => {
    await fc.assert(
      fc.asyncProperty(recipe, ({ sample, ops }) =>
        onlyCryptoErrors(() => openPkcs12(mutate(pick(samples.p12, sample), ops), 'pw', { maxIterations: 20_000 })),
      ),
      LIMITS,
    );
  });

  it('the mutator really mutates: most recipes change the bytes and some still parse', () => {
    const results = fc.sample(recipe, { numRuns: 200, seed: 42 }).map(({ sample, ops }) => {
      const original = pick(samples.cert, sample);
      const bytes = mutate(original, ops);
      const changed = bytes.length !== original.length || bytes.some((b, i) => b !== original[i]);
      let parsed = true;
      try {
        parseCertificate(bytes);
      } catch {
        parsed = false;
      }
      return { changed, parsed };
    });
    expect(results.filter((r) => r.changed).length).toBeGreaterThan(150);
    expect(results.some((r) => r.parsed && r.changed)).toBe(true);
    expect(results.some((r) => !r.parsed)).toBe(true);
  });
});
