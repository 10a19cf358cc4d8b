// Every MSSL / Query / Account rule: a valid request passes (and is re-spelled as the guide writes it), and each
// broken variant fails naming its field.
import { describe, expect, it } from 'vitest';
import { isValidationError, type ValidationError } from '../../src/errors.ts';
import { ACCOUNT_REQUEST_SCHEMAS } from '../../src/services/account-rules.ts';
import { QUERY_REQUEST_SCHEMAS } from '../../src/services/query-rules.ts';
import { MSSL_REQUEST_SCHEMAS } from '../../src/services/mssl-rules.ts';
import { validate } from '../../src/services/validate.ts';
import { auto, CASES, domain, opts, order, P, type Req } from './rule-cases.ts';

const SCHEMAS = { ...MSSL_REQUEST_SCHEMAS, ...QUERY_REQUEST_SCHEMAS, ...ACCOUNT_REQUEST_SCHEMAS };

function fields(op: string, input: Req): string[] {
  try {
    validate(SCHEMAS[op]!, input);
    return [];
  } catch (e) {
    expect(isValidationError(e)).toBe(true);
    return (e as ValidationError).issues.map((i) => i.path);
  }
}

describe('local rules name the field they refuse', () => {
  for (const [op, input, expected] of CASES) {
    it(`${op}: ${expected.length ? expected.join(', ') : 'accepted'} (${JSON.stringify(input).slice(0, 90)})`, () => {
      expect(fields(op, input).sort()).toEqual([...expected].sort());
    });
  }
});

describe('codes and keywords are sent in the guide spelling', () => {
  it('product code, order kind, base option, option names, actions and vetting keywords', () => {
    const out = validate(
      MSSL_REQUEST_SCHEMAS.PVOrder!,
      order({}, { ProductCode: 'pv_intra_sha2', OrderKind: 'NEW', BaseOption: 'Wildcard', Options: opts('san') }),
    ) as Req;
    expect(out[P]).toMatchObject({ ProductCode: 'PV_INTRA_SHA2', OrderKind: 'new', BaseOption: 'wildcard' });
    expect((out[P] as Req).Options).toEqual([{ OptionName: 'SAN', OptionValue: 'true' }]);
    const m = validate(MSSL_REQUEST_SCHEMAS.ModifyMSSLOrder!, { OrderID: 'O', ModifyOrderOperation: ' revoke ' });
    expect(m.ModifyOrderOperation).toBe('REVOKE');
    const d = validate(
      MSSL_REQUEST_SCHEMAS.AddDomainToProfile!,
      domain({ VettingLevel: 'cloudssl', VettingType: 'http' }),
    );
    expect([d.VettingLevel, d.VettingType]).toEqual(['CLOUDSSL', 'HTTP']);
  });

  it('messages never echo a PIN', () => {
    try {
      validate(MSSL_REQUEST_SCHEMAS.PVOrderWithoutCSR!, auto({ Pin: 'secret-pin-77', KeyLength: '512' }));
      expect.unreachable();
    } catch (e) {
      expect(JSON.stringify((e as ValidationError).issues)).not.toContain('secret-pin-77');
      expect(String((e as Error).message)).not.toContain('secret-pin-77');
    }
  });
});
