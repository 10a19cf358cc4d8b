/**
 * MSSL product codes and what each allows (MSSL guide 8.1, 8.2, 8.7, 8.8, 8.9, 8.10): base options, SAN option
 * types, order options, validity months, order kinds, key algorithms. The client's rules and the simulator both read
 * this table.
 *
 * @module
 */

/** The product families of the guide. */
export type MsslFamily = 'ExtendedSSL' | 'OrganizationSSL' | 'IntranetSSL' | 'CloudSSL';

/** What a product allows. */
export interface MsslProduct {
  readonly code: string;
  readonly family: MsslFamily;
  /** Marked DEPRECATED in guide 8.9 (PEV, PV). */
  readonly deprecated?: boolean;
  /**
   * For every SHA-1 code of guide 8.9 (deprecated or not: the note covers "any of the SHA1 options"), the SHA-256
   * code the service records instead, and the one to order: the client refuses SHA-1 codes before sending.
   */
  readonly sha2?: string;
  /** GlobalSign makes the key (PVOrderWithoutCSR; IntranetSSL AutoCSR). */
  readonly autoCsr?: boolean;
  /** The CSR key must be ECDSA (P-256/P-384). */
  readonly ecdsa?: boolean;
}

/** Every MSSL product code, in the guide's spelling. */
export const MSSL_PRODUCTS: readonly MsslProduct[] = [
  { code: 'PEV', family: 'ExtendedSSL', deprecated: true, sha2: 'PEV_SHA2' },
  { code: 'PEV_SHA2', family: 'ExtendedSSL' },
  { code: 'PV', family: 'OrganizationSSL', deprecated: true, sha2: 'PV_SHA2' },
  { code: 'PV_SHA2', family: 'OrganizationSSL' },
  { code: 'PV_INTRA', family: 'IntranetSSL', sha2: 'PV_INTRA_SHA2' },
  { code: 'PV_INTRA_SHA2', family: 'IntranetSSL' },
  { code: 'PV_INTRA_SKIP', family: 'IntranetSSL', autoCsr: true, sha2: 'PV_INTRA_SKIP_SHA2' },
  { code: 'PV_INTRA_SKIP_SHA2', family: 'IntranetSSL', autoCsr: true },
  { code: 'PV_INTRA_ECCP256', family: 'IntranetSSL', ecdsa: true },
  { code: 'PV_CLOUD', family: 'CloudSSL' },
  { code: 'PV_CLOUD_ECC2', family: 'CloudSSL', ecdsa: true },
];

const ALL: readonly MsslFamily[] = ['ExtendedSSL', 'OrganizationSSL', 'IntranetSSL', 'CloudSSL'];

/** BaseOption → families (guide 8.1). */
export const BASE_OPTIONS: Readonly<Record<string, readonly MsslFamily[]>> = {
  wildcard: ['OrganizationSSL', 'IntranetSSL'],
  globalip: ['OrganizationSSL', 'IntranetSSL'],
  private: ['IntranetSSL'],
};

/** SANOptionType → families (guide 8.10): 1 UC, 2 subdomain, 3 public IP, 4 internal, 7 FQDN, 13 wildcard. */
export const SAN_OPTION_TYPES: Readonly<Record<string, readonly MsslFamily[]>> = {
  '1': ['ExtendedSSL', 'OrganizationSSL', 'CloudSSL'],
  '2': ALL,
  '3': ['OrganizationSSL', 'IntranetSSL'],
  '4': ['IntranetSSL'],
  '7': ALL,
  '13': ['OrganizationSSL', 'IntranetSSL', 'CloudSSL'],
};

/** OptionName → families (guide 8.7). */
export const ORDER_OPTIONS: Readonly<Record<string, readonly MsslFamily[]>> = {
  SAN: ALL,
  REX: ['ExtendedSSL', 'OrganizationSSL'],
  VPC: ['ExtendedSSL', 'OrganizationSSL'],
  ASYNC_ORDER: ALL,
};

/** Validity months → families and days (guide 8.2). */
export const VALIDITY_MONTHS: Readonly<
  Record<string, { readonly families: readonly MsslFamily[]; readonly days: number }>
> = {
  '3': { families: ['CloudSSL'], days: 90 },
  '6': { families: ALL, days: 184 },
  '12': { families: ALL, days: 366 },
  '24': { families: ALL, days: 731 },
  '36': { families: ['IntranetSSL'], days: 1096 },
  '48': { families: ['IntranetSSL'], days: 1461 },
  '60': { families: ['IntranetSSL'], days: 1826 },
};

/** OrderKind → families (guide 8.8). */
export const ORDER_KINDS: Readonly<Record<string, readonly MsslFamily[]>> = {
  new: ALL,
  renewal: ALL,
  transfer: ['ExtendedSSL', 'OrganizationSSL'],
};

/** More SANs than this need ASYNC_ORDER; at most {@link MAX_SANS}. */
export const SYNC_SAN_LIMIT = 100;
/** The most SANs an order may carry. */
export const MAX_SANS = 500;

/**
 * Finds a product by code, ignoring case and surrounding spaces.
 *
 * @example
 * ```ts
 * msslProduct('pv_sha2')?.code; // 'PV_SHA2'
 * ```
 */
export function msslProduct(code: unknown): MsslProduct | undefined {
  const wanted = String(code).trim().toLowerCase();
  return MSSL_PRODUCTS.find((p) => p.code.toLowerCase() === wanted);
}

/**
 * Why a product code may not be ordered through this library, or `undefined`: every SHA-1 code of guide 8.9 (the
 * guide deprecates "any of the SHA1 options"; the service would silently issue the SHA-256 product instead) is
 * refused before sending, naming the code to use.
 *
 * @example
 * ```ts
 * sha1Refusal(msslProduct('pv')!); // 'PV is a deprecated SHA-1 product code (guide 8.9): order PV_SHA2 instead'
 * sha1Refusal(msslProduct('PV_SHA2')!); // undefined
 * ```
 */
export function sha1Refusal(product: MsslProduct): string | undefined {
  if (!product.sha2) return undefined;
  return `${product.code} is a deprecated SHA-1 product code (guide 8.9): order ${product.sha2} instead`;
}

/**
 * The product code the service records for an order placed with `code` (any accepted spelling): the SHA-256
 * equivalent of a SHA-1 code, else the guide's spelling; `undefined` for a code that is not an MSSL product.
 *
 * @example
 * ```ts
 * recordedProductCode(' pv '); // 'PV_SHA2'
 * recordedProductCode('pv_intra_sha2'); // 'PV_INTRA_SHA2'
 * ```
 */
export function recordedProductCode(code: unknown): string | undefined {
  const product = msslProduct(code);
  return product ? (product.sha2 ?? product.code) : undefined;
}
