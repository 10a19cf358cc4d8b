import { describe, expect, it } from 'vitest';
import {
  CryptoError,
  GlobalSignApiError,
  isCryptoError,
  isGlobalSignApiError,
  isGlobalSignError,
  isValidationError,
  ValidationError,
} from '../src/errors.ts';

describe('errors', () => {
  it('ValidationError names the first field and lists every issue', () => {
    const e = new ValidationError([
      { path: 'Year', message: 'must be 1, 2 or 3' },
      { path: 'DnAttributes.CommonName', message: 'is required' },
    ]);
    expect(e.code).toBe('VALIDATION');
    expect(e.field).toBe('Year');
    expect(e.issues).toHaveLength(2);
    expect(e.message).toContain('DnAttributes.CommonName');
    expect(e.name).toBe('ValidationError');
  });

  it('GlobalSignApiError summarises the first entry and keeps all codes', () => {
    const e = new GlobalSignApiError('PVOrder', [
      { ErrorCode: '-4083', ErrorMessage: 'CN not in domain' },
      { ErrorCode: '-102', ErrorField: 'OrderRequestParameter.CSR' },
    ]);
    expect(e.errorCodes).toEqual(['-4083', '-102']);
    expect(e.message).toBe('PVOrder failed: -4083: CN not in domain (+1 more)');
  });

  it('guards work on plain objects from another realm (brand + code), and reject look-alikes', () => {
    const e = new CryptoError('BAD_PASSWORD', 'wrong password');
    const foreign = Object.assign(Object.create(null), {
      code: 'CRYPTO',
      [Symbol.for('globalsign-kit.error')]: true,
    });
    expect(isCryptoError(e)).toBe(true);
    expect(isCryptoError(foreign)).toBe(true);
    expect(isGlobalSignError({ code: 'CRYPTO' })).toBe(false);
    expect(isGlobalSignApiError(e)).toBe(false);
    expect(isValidationError(null)).toBe(false);
  });
});
