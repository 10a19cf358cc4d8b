/**
 * The country codes of the MSSL guide (section 9.1; OCR errors corrected in ../shared/spec/mssl-countries.tsv) and whether
 * GlobalSign supports each for vetted certificates.
 *
 * @module
 */

/** ISO 3166 codes GlobalSign accepts. */
export const SUPPORTED_COUNTRIES: ReadonlySet<string> = new Set(
  'AD AE AG AI AL AM AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BM BN BO BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IS IT JE JM JO JP KE KG KH KI KM KN KR KW KY KZ LA LB LC LI LK LS LT LU LV MA MC MD MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RU SA SB SC SE SG SH SI SJ SK SM SN SR ST SV SX SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'.split(
    ' ',
  ),
);

/** Codes the guide lists as not supported. */
export const UNSUPPORTED_COUNTRIES: ReadonlySet<string> = new Set(
  'AF AN AO CU IQ IR KP LR LY ME RS RW SD SL SO SY'.split(' '),
);

/**
 * Whether a country code is known, and supported.
 *
 * @example
 * ```ts
 * countryStatus('gb'); // 'supported'
 * ```
 */
export function countryStatus(code: unknown): 'supported' | 'unsupported' | 'unknown' {
  const c = String(code).toUpperCase();
  if (SUPPORTED_COUNTRIES.has(c)) return 'supported';
  return UNSUPPORTED_COUNTRIES.has(c) ? 'unsupported' : 'unknown';
}
