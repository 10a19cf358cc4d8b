/**
 * Local checks of a CSR that mirror what the GlobalSign services refuse, with the services' error codes, so a
 * bad CSR is caught before an order is placed.
 *
 * @module
 */
import { type ParsedCsr, parseCsr } from './csr.ts';
import type { CryptoInput } from './pem.ts';

/** Codes of {@link CsrFinding}: GlobalSign error codes where the service has one, names otherwise. */
export type CsrFindingCode =
  | '-4007'
  | '-6015'
  | '-6016'
  | '-6017'
  | '-9936'
  | '-9961'
  | '-9962'
  | 'BAD_SIGNATURE'
  | 'UNVERIFIABLE_SIGNATURE'
  | 'UNSUPPORTED_KEY'
  | 'MISSING_CN';

/** One problem found in a CSR. */
export interface CsrFinding {
  readonly code: CsrFindingCode;
  /** What the finding is about: `key`, `key.bits`, `key.publicExponent`, `key.curve`, `signature`, `subject.CN`, `sans`. */
  readonly field: string;
  readonly message: string;
  /** `error`: the service would refuse the CSR. `warning`: it may be accepted, but check. */
  readonly severity: 'error' | 'warning';
}

/** Options of {@link lintCsr}. */
export interface LintCsrOptions {
  /** Most SANs allowed (default 500, the MSSL maximum; more than 100 needs ASYNC_ORDER). */
  readonly maxSans?: number;
  /** `EPKI` also refuses non-RSA keys (-4007); default `MSSL`. */
  readonly service?: 'MSSL' | 'EPKI';
  readonly crypto?: Crypto;
}

const RSA_SIZES = [2048, 3072, 4096, 8192];
const MIN_E = 2n ** 16n + 1n;
const MAX_E = 2n ** 256n - 1n;

function keyFindings(csr: ParsedCsr, service: 'MSSL' | 'EPKI'): CsrFinding[] {
  const out: CsrFinding[] = [];
  const error = (code: CsrFindingCode, field: string, message: string): number =>
    out.push({ code, field, message, severity: 'error' });
  const key = csr.key;
  if (service === 'EPKI' && key.type !== 'RSA') error('-4007', 'key', 'EPKI accepts RSA keys only');
  if (key.type === 'RSA') {
    if (key.bits < 2048) error('-9936', 'key.bits', `RSA key of ${key.bits} bits is too short (minimum 2048)`);
    else if (!RSA_SIZES.includes(key.bits)) {
      error('-6015', 'key.bits', `RSA key size ${key.bits} is not supported (2048, 3072, 4096 or 8192)`);
    }
    if (key.publicExponent < MIN_E || key.publicExponent > MAX_E) {
      error('-6016', 'key.publicExponent', `public exponent ${key.publicExponent} is outside 2^16+1 .. 2^256-1`);
    }
  } else if (key.type === 'EC') {
    if (key.curve !== 'P-256' && key.curve !== 'P-384')
      error('-9961', 'key.curve', `curve ${key.curve} is not allowed (P-256 or P-384)`);
    if (key.compressed) error('-9962', 'key', 'compressed EC points are not allowed');
  } else {
    error('UNSUPPORTED_KEY', 'key', `key algorithm ${key.oid} is not RSA or ECDSA`);
  }
  return out;
}

function otherFindings(csr: ParsedCsr, maxSans: number): CsrFinding[] {
  const out: CsrFinding[] = [];
  if (csr.signatureStatus === 'invalid') {
    out.push({
      code: 'BAD_SIGNATURE',
      field: 'signature',
      message: 'the CSR signature does not verify',
      severity: 'error',
    });
  } else if (csr.signatureStatus === 'unverifiable') {
    const message = `the ${csr.signatureAlgorithm} signature cannot be checked with this runtime's WebCrypto`;
    out.push({ code: 'UNVERIFIABLE_SIGNATURE', field: 'signature', message, severity: 'warning' });
  }
  if (!csr.subject.CN?.trim()) {
    out.push({ code: 'MISSING_CN', field: 'subject.CN', message: 'the subject has no common name', severity: 'error' });
  }
  if (csr.sans.length > maxSans) {
    const message = `${csr.sans.length} SANs exceed the maximum of ${maxSans}`;
    out.push({ code: '-6017', field: 'sans', message, severity: 'error' });
  }
  return out;
}

/**
 * Checks a CSR (text, bytes, or the result of `parseCsr`) the way GlobalSign does: RSA below 2048 bits (-9936),
 * RSA size other than 2048/3072/4096/8192 (-6015), public exponent outside 2^16+1..2^256-1 (-6016), curve other
 * than P-256/P-384 (-9961), compressed EC point (-9962), more SANs than allowed (-6017), non-RSA key for EPKI
 * (-4007); plus a bad or uncheckable signature and a missing CN. An empty array means no findings.
 *
 * @example
 * ```ts
 * const errors = (await lintCsr(csr.pem)).filter((f) => f.severity === 'error');
 * ```
 */
export async function lintCsr(csr: CryptoInput | ParsedCsr, options: LintCsrOptions = {}): Promise<CsrFinding[]> {
  const parsed = isParsed(csr) ? csr : await parseCsr(csr, options.crypto ? { crypto: options.crypto } : {});
  return [...keyFindings(parsed, options.service ?? 'MSSL'), ...otherFindings(parsed, options.maxSans ?? 500)];
}

function isParsed(x: CryptoInput | ParsedCsr): x is ParsedCsr {
  return typeof x === 'object' && 'signatureStatus' in x && 'spkiDer' in x;
}
