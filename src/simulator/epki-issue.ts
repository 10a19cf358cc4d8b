/**
 * EPKI issuance in the simulator: the checks GlobalSign makes on a profile, license, email domain and CSR, and the
 * making of S/MIME and document-signing certificates (and PKCS#12 files) from them.
 *
 * @module
 */
import { toBase64, toBytes } from '../crypto/bytes.ts';
import { parseCsr } from '../crypto/csr.ts';
import type { SubjectAltName } from '../crypto/extensions.ts';
import { generateKeyPair } from '../crypto/keys.ts';
import { lintCsr } from '../crypto/lint.ts';
import { createPkcs12 } from '../crypto/pkcs12/index.ts';
import { createPkcs7 } from '../crypto/pkcs7.ts';
import { EPKI_PRODUCT_CODES } from '../services/epki-products.ts';
import type { HandlerContext } from './context.ts';
import type { EpkiOrder, EpkiProfile, License } from './entities.ts';
import { SimApiError } from './sim-error.ts';

/** The canonical product code, or -9901 (product not allowed). */
export function productOf(code: unknown): string {
  const found = EPKI_PRODUCT_CODES.find((p) => p.toLowerCase() === String(code).toLowerCase());
  if (!found) throw new SimApiError('-9901', 'ProductCode', 'Product Not found');
  return found;
}

/** Document-signing (AATL) products, ordered with OrderDS only. */
export const isDocumentSigning = (product: string): boolean => product.startsWith('ePkiDS');

const DAYS: Readonly<Record<number, number>> = { 1: 366, 2: 731, 3: 1096 };

/** Validity in days for a Year, or -101. */
export function daysOf(year: unknown): number {
  const days = DAYS[Number(year)];
  if (!days) throw new SimApiError('-101', 'Year', 'Year must be 1, 2 or 3');
  return days;
}

/** The account's usable profile, or -9301 / -9306. */
export function profileOf(ctx: HandlerContext, id: unknown, field = 'ProfileID'): EpkiProfile {
  const p = ctx.state.epkiProfiles.get(String(id));
  if (!p || p.owner !== ctx.account.username) throw new SimApiError('-9301', field, 'Not found ProfileID');
  if (p.state !== 'VALIDATED') throw new SimApiError('-9306', field, 'The profile is not usable');
  return p;
}

/** Takes one license of product and year for the profile, or -9302 / -9303. */
export function takeLicense(ctx: HandlerContext, profile: EpkiProfile, product: string, year: number): License {
  const all = ctx.state.licenses.matching(profile.id, product, year);
  if (!all.length) throw new SimApiError('-9302', 'ProductCode', 'Not found License');
  const free = all.find((l) => l.used < l.total);
  if (!free) throw new SimApiError('-9303', 'ProductCode', 'The licenses are not usable');
  free.used++;
  ctx.state.licenses.put(free);
  return free;
}

/** The email must be in an approved domain (-11001). */
export function checkEmailDomain(ctx: HandlerContext, email: string | undefined, field: string): void {
  if (!email) return;
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  if (ctx.state.emailDomains.get(domain) !== 'approved') {
    throw new SimApiError('-11001', field, `Invalid Email domain: ${domain} is not approved`);
  }
}

/** Parses and checks a CSR as EPKI does: RSA only, sizes and exponents, valid signature. Returns its SPKI. */
export async function checkCsr(ctx: HandlerContext, csr: unknown, field = 'CSR'): Promise<Uint8Array> {
  let parsed: Awaited<ReturnType<typeof parseCsr>>;
  try {
    parsed = await parseCsr(String(csr), { crypto: ctx.crypto });
  } catch {
    throw new SimApiError('-4007', field, 'Invalid CSR: it cannot be decoded');
  }
  const findings = await lintCsr(parsed, { service: 'EPKI', crypto: ctx.crypto });
  for (const f of findings) {
    if (f.code === 'MISSING_CN') continue; // EPKI takes the subject from DnAttributes
    throw new SimApiError(/^-\d+$/.test(f.code) ? f.code : '-4007', field, f.message);
  }
  return parsed.spkiDer;
}

/** What an issued certificate carries. */
export interface IssueInput {
  readonly order: EpkiOrder;
  readonly profile: EpkiProfile;
  readonly spki: Uint8Array;
  readonly upn?: string;
}

/** Issues the order's certificate (S/MIME, or document signing for AATL products) and marks it ISSUED. */
export async function issueEpki(ctx: HandlerContext, input: IssueInput): Promise<void> {
  const { order, profile } = input;
  const sans: SubjectAltName[] = [];
  if (order.email) sans.push({ type: 'email', value: order.email });
  if (input.upn) sans.push({ type: 'upn', value: input.upn });
  const dnSerial = order.dnSerial ?? ctx.state.nextId('DN', 8);
  const now = ctx.clock.now();
  const cert = await ctx.ca.issue({
    profile: 'smime',
    spki: input.spki,
    subject: {
      C: profile.dn.C,
      ST: profile.dn.ST,
      L: profile.dn.L,
      O: profile.dn.O,
      OU: order.dn.OrganizationUnit?.length ? order.dn.OrganizationUnit : profile.dn.OU,
      CN: order.dn.CommonName,
      ...(order.dn.Email ? { E: order.dn.Email } : {}),
      SERIALNUMBER: dnSerial,
    },
    sans,
    notBefore: now,
    days: daysOf(order.year),
    ...(isDocumentSigning(order.productCode) ? { extraEku: ['documentSigning', 'adobeAuthenticDocumentsTrust'] } : {}),
  });
  order.certificate = cert;
  order.chain = ctx.ca.chainFor(cert);
  order.dnSerial = dnSerial;
  order.status = 'ISSUED';
  order.certStatus = 'ISSUED';
  order.issueDate = now;
  order.pending = undefined;
  order.events.push({ name: 'ISSUED', at: ctx.clock.stamp() });
  ctx.state.epkiOrders.put(order);
}

/** The CERT value as the simulator is set to answer it: PEM with CRLF, or a PKCS#7 bundle with the chain. */
export function certField(ctx: HandlerContext, order: EpkiOrder): string {
  const cert = order.certificate!;
  if (ctx.options.epkiCertFormat === 'pkcs7') return toBase64(createPkcs7([cert, ...order.chain]).der);
  return cert.pem.replace(/\r?\n/g, '\r\n');
}

/** A PKCS#7 certs-only bundle of the order's certificate and chain, base64. */
export const pkcs7Field = (order: EpkiOrder): string => toBase64(createPkcs7([order.certificate!, ...order.chain]).der);

/** A new RSA-2048 key for orders without a CSR; returns its SPKI and a PKCS#12 maker. */
export async function serverKey(
  ctx: HandlerContext,
): Promise<{ spki: Uint8Array; p12(order: EpkiOrder, pin: string): Promise<string> }> {
  const keys = await generateKeyPair('RSA-2048', { extractable: true, crypto: ctx.crypto });
  const spki = toBytes(await ctx.crypto.subtle.exportKey('spki', keys.publicKey));
  return {
    spki,
    async p12(order, pin) {
      const file = await createPkcs12({
        key: keys.privateKey,
        certificates: [order.certificate!, ...order.chain],
        password: pin,
        friendlyName: order.dn.CommonName,
        crypto: ctx.crypto,
      });
      return toBase64(file);
    },
  };
}

/** A PKCS12PIN as the guide allows it (12–117 characters, or AUTOGEN → a generated password). */
export function pinOf(ctx: HandlerContext, pin: unknown, field: string): { pin: string; generated: boolean } {
  const s = String(pin ?? '');
  if (s === 'AUTOGEN') {
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
    const bytes = ctx.crypto.getRandomValues(new Uint8Array(16));
    return { pin: Array.from(bytes, (b) => alphabet[b % alphabet.length]).join(''), generated: true };
  }
  if (s.length < 12 || s.length > 117) throw new SimApiError('-103', field, 'PKCS12PIN must be 12 to 117 characters');
  return { pin: s, generated: false };
}

/** A PickupPassword as the guide allows it: 8–256 letters and digits. */
export function checkPickupPassword(value: unknown, field: string): void {
  if (!/^[A-Za-z0-9]{8,256}$/.test(String(value ?? ''))) {
    throw new SimApiError('-104', field, 'PickupPassword must be 8 to 256 letters and digits');
  }
}
