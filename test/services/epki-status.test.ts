// EPKI status values: the three lists checked against the guide's own text (section 14) and EPKI-OPERATIONS.md,
// every listed value named, unlisted values left without a name (and their wire strings kept), at any depth.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  addEpkiStatusNames,
  EPKI_CERTIFICATE_STATUS,
  EPKI_ORDER_STATUS,
  EPKI_PROFILE_STATUS,
  epkiCertificateStatusName,
  epkiOrderStatusName,
  epkiProfileStatusName,
} from '../../src/services/epki-status.ts';
import { SPEC, skipWithoutSpec } from './shared-spec.ts';

const skip = skipWithoutSpec();
const guide = skip ? '' : readFileSync(`${SPEC}/epki-api-guide-v3.0.41.txt`, 'utf8');
const operations = skip ? '' : readFileSync(`${SPEC}/EPKI-OPERATIONS.md`, 'utf8');

/** The upper-case words between `<from>` and the next `<until>` after `after` (the guide wraps lists across lines). */
function listed(after: string, from: string, until: string): string[] {
  const start = guide.indexOf(`<${from}>`, guide.indexOf(after));
  const end = guide.indexOf(`<${until}>`, start);
  expect(start, from).toBeGreaterThan(0);
  expect(end, until).toBeGreaterThan(start);
  const words = guide.slice(start + from.length + 2, end).match(/\b[A-Z][A-Z0-9_]+\b/g) ?? [];
  return [...new Set(words)];
}

/** A value set of EPKI-OPERATIONS.md ("- OrderStatus / OrderState: NONE, …."). */
function valueSet(label: string): string[] {
  const start = operations.indexOf(`- ${label}:`);
  expect(start, label).toBeGreaterThan(0);
  const end = operations.indexOf('\n- ', start + 1);
  return operations
    .slice(start + label.length + 3, end)
    .replace(/\.\s*$/, '')
    .split(/,\s*/)
    .map((s) => s.trim());
}

const sorted = (xs: readonly string[]): string[] => [...xs].sort();

describe.skipIf(skip)('EPKI status lists against guide section 14', () => {
  it('order status: GetOrderByOrderId and GetOrders answers list the same values as the table', () => {
    const byId = listed('GetOrderByOrderID Response', 'OrderStatus', 'ProductCode');
    expect(sorted(byId)).toEqual(sorted(EPKI_ORDER_STATUS));
    expect(sorted(valueSet('OrderStatus / OrderState'))).toEqual(sorted(EPKI_ORDER_STATUS));
  });

  it('certificate status', () => {
    expect(sorted(listed('GetOrderByOrderID Response', 'CertificateStatus', 'SerialNumber'))).toEqual(
      sorted(EPKI_CERTIFICATE_STATUS),
    );
    expect(sorted(listed('14.2 Get Multiple', 'CertificateStatus', 'SerialNumber'))).toEqual(
      sorted(EPKI_CERTIFICATE_STATUS),
    );
    expect(sorted(valueSet('CertificateStatus / CertState'))).toEqual(sorted(EPKI_CERTIFICATE_STATUS));
  });

  it('profile status (GetProfiles answer)', () => {
    expect(sorted(listed('GetProfiles Response', 'ProfileOrderState', 'RequestDate'))).toEqual(
      sorted(EPKI_PROFILE_STATUS),
    );
    expect(sorted(valueSet('ProfileOrderState'))).toEqual(sorted(EPKI_PROFILE_STATUS));
  });
});

const TABLES = [
  ['order', EPKI_ORDER_STATUS, epkiOrderStatusName],
  ['certificate', EPKI_CERTIFICATE_STATUS, epkiCertificateStatusName],
  ['profile', EPKI_PROFILE_STATUS, epkiProfileStatusName],
] as const;

describe('EPKI status names', () => {
  for (const [what, values, name] of TABLES) {
    it(`every ${what} status the guide lists has its name, blanks around it dropped`, () => {
      for (const value of values) {
        expect(name(value)).toBe(value);
        expect(name(` ${value}\n`)).toBe(value);
      }
      expect(name(undefined)).toBeUndefined();
      expect(name(null)).toBeUndefined();
    });

    it(`an unlisted ${what} status gets no name`, () => {
      fc.assert(
        fc.property(fc.string(), (s) => {
          fc.pre(!(values as readonly string[]).includes(s.trim()));
          expect(name(s)).toBeUndefined();
        }),
      );
      expect(name('4')).toBeUndefined(); // an MSSL code is not an EPKI status
      expect(name('issued')).toBeUndefined(); // the wire is upper case
    });
  }

  it('adds names at any depth and in arrays, keeps every wire value, and names nothing it does not know', () => {
    const body = {
      OrderDetails: [
        {
          OrderInfo: { OrderNo: 'CE1', OrderStatus: 'ISSUE_WAIT' },
          CrCertificateInfo: { CertificateStatus: 'REVOKED_CA' },
        },
        { OrderInfo: { OrderNo: 'CE2', OrderStatus: 'SOMETHING_NEW' } },
      ],
      ProfileDetails: [{ ProfileInfo: { ProfileOrderState: 'VALIDATED' } }],
      warnings: [],
    };
    const out = addEpkiStatusNames(structuredClone(body));
    expect(out.OrderDetails[0]).toEqual({
      OrderInfo: { OrderNo: 'CE1', OrderStatus: 'ISSUE_WAIT', OrderStatusName: 'ISSUE_WAIT' },
      CrCertificateInfo: { CertificateStatus: 'REVOKED_CA', CertificateStatusName: 'REVOKED_CA' },
    });
    expect(out.OrderDetails[1]).toEqual(body.OrderDetails[1]);
    expect(out.ProfileDetails[0]?.ProfileInfo).toEqual({
      ProfileOrderState: 'VALIDATED',
      ProfileOrderStateName: 'VALIDATED',
    });
  });

  it('the decoder only ever adds fields: removing the added names gives back the input', () => {
    const status = fc.oneof(fc.constantFrom(...EPKI_ORDER_STATUS), fc.string());
    fc.assert(
      fc.property(fc.array(fc.record({ OrderInfo: fc.record({ OrderStatus: status }) })), (orders) => {
        const out = addEpkiStatusNames(structuredClone({ OrderDetails: orders }));
        for (const [i, o] of out.OrderDetails.entries()) {
          const { OrderStatusName, ...rest } = o.OrderInfo as { OrderStatus: string; OrderStatusName?: string };
          expect(rest).toEqual(orders[i]?.OrderInfo);
          expect(OrderStatusName).toBe(epkiOrderStatusName(rest.OrderStatus));
        }
      }),
    );
  });
});
