/**
 * EPKI product codes, data only (the client's rules and the simulator both read it, and the simulator must not pull
 * in the rules' validation library).
 *
 * @module
 */

/** Canonical spelling of every EPKI product code (guide 15.1, 17 and the GetOrders list). */
export const EPKI_PRODUCT_CODES: readonly string[] = [
  'EPKIPSPersonal',
  'EPKIPSDept',
  'EPKIPSPersonalPro',
  'ePkiSmimeOnly',
  'ePkiDSAATL',
  'ePkiDSAATLASP',
  'ePkiDSAATLShortLived',
  'ePkiDSPersonalHsm',
  'ePkiDSDeptHsm',
  'ePkiDSPersonal',
  'ePkiDSDept',
];
