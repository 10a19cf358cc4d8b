/**
 * The match rule of reconciliation, shared by EPKI and MSSL: when may an order found in the submission window be the
 * one whose answer was lost? Evidence rules an order out, never an exact-spelling difference: a product, name or
 * profile that still differs after normalisation (product codes through the product table, names by case, trailing
 * dot and IDNA), or a public key that differs from the submitted CSR's. A field the order does not show never rules
 * it out; with the same key and agreeing fields the order is found; without a key on either side it is a candidate.
 *
 * @module
 */
import { toHex } from '../crypto/bytes.ts';
import { parseCsr } from '../crypto/csr.ts';
import { EPKI_PRODUCT_CODES } from '../services/epki-products.ts';
import { recordedProductCode } from '../services/products.ts';

/**
 * A name as the service may record it: Unicode NFC, spaces collapsed, lower case, no trailing dot, and host names in
 * their ASCII (IDNA/punycode) form.
 *
 * @example
 * ```ts
 * normaliseName('WWW.Bücher.Example.'); // 'www.xn--bcher-kva.example'
 * ```
 */
export function normaliseName(name: string): string {
  const s = name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase().replace(/\.+$/, '');
  if (s.includes(' ') || !/[^\x20-\x7e]/.test(s)) return s;
  const wildcard = s.startsWith('*.');
  try {
    return (wildcard ? '*.' : '') + new URL(`http://${wildcard ? s.slice(2) : s}/`).hostname;
  } catch {
    return s;
  }
}

/** Two names agree after normalisation, or one side does not show a name (unknown never rules out). */
export function namesAgree(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return true;
  return normaliseName(a) === normaliseName(b);
}

/** The product code as the service records it: SHA-1 MSSL codes as their SHA-256 code, EPKI codes canonically. */
export function recordedProduct(code: string): string {
  const mssl = recordedProductCode(code);
  if (mssl) return mssl;
  const wanted = code.trim().toLowerCase();
  return EPKI_PRODUCT_CODES.find((c) => c.toLowerCase() === wanted) ?? code.trim();
}

/** Two product codes name what the service records as one product (aliases, case), or one side is unknown. */
export function productsAgree(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return true;
  return recordedProduct(a).toLowerCase() === recordedProduct(b).toLowerCase();
}

/** Two plain identifiers (profile IDs, emails) agree ignoring case and spaces, or one side is unknown. */
export function idsAgree(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return true;
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The submitted CSR's public key (SPKI DER, hex) and common name. */
export async function csrIdentity(
  pem: string,
  crypto: Crypto | undefined,
): Promise<{ readonly key: string; readonly cn: string | undefined }> {
  const csr = await parseCsr(pem, crypto ? { crypto } : {});
  return { key: toHex(csr.spkiDer), cn: csr.subject.CN };
}

/**
 * How one order in the window relates to the submission: `'match'` (same public key), `'other'` (ruled out by
 * evidence) or `'candidate'` (cannot be ruled out).
 */
export type Verdict = 'match' | 'other' | 'candidate';

/**
 * The verdict on one order. Fields that disagree after normalisation rule it out (one key may serve several orders
 * of other names); otherwise the key decides where both sides have one, and without a key the order is a candidate.
 */
export function verdict(want: string | undefined, have: string | undefined, fieldsAgree: boolean): Verdict {
  if (!fieldsAgree) return 'other';
  if (want !== undefined && have !== undefined) return want === have ? 'match' : 'other';
  return 'candidate';
}
