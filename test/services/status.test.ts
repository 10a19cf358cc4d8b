// Status decoders: names next to wire codes at any depth, the wire strings left as they are.
import { describe, expect, it } from 'vitest';
import {
  addStatusNames,
  domainCanIssue,
  domainStatusName,
  modificationEventDescription,
  ORDER_STATUS,
  ORDER_STATUS_CODE,
  orderStatusName,
  profileStatusName,
} from '../../src/services/status.ts';

describe('status decoders', () => {
  it('single codes, trimmed; unknown codes have no name', () => {
    expect(orderStatusName(' 4 ')).toBe('ISSUED');
    expect(orderStatusName(4)).toBe('ISSUED');
    expect(orderStatusName('8')).toBeUndefined();
    expect(orderStatusName(undefined)).toBeUndefined();
    expect(domainStatusName('0')).toBe('VETTING_IN_PROCESS');
    expect(domainStatusName('4')).toBeUndefined();
    expect([domainCanIssue('3'), domainCanIssue('10'), domainCanIssue('11'), domainCanIssue('x')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(profileStatusName('3')).toBe('APPROVED');
    expect(modificationEventDescription('READY_VARIFICATION_URL')).toBe('Ready for URL approval');
  });

  it('ORDER_STATUS_CODE is the inverse of ORDER_STATUS', () => {
    for (const [name, code] of Object.entries(ORDER_STATUS_CODE)) expect(ORDER_STATUS[code]?.name).toBe(name);
    expect(Object.keys(ORDER_STATUS_CODE)).toHaveLength(Object.keys(ORDER_STATUS).length);
  });

  it('adds names at any depth, in arrays, for both profile spellings, and keeps the wire values', () => {
    const body = {
      OrderDetail: {
        OrderInfo: { OrderStatus: '5' },
        CertificateInfo: { CertificateStatus: '7' },
        ModificationEvents: [{ ModificationEventName: 'CERT_ISSUE' }, { ModificationEventName: 'SOMETHING_NEW' }],
      },
      DomainDetails: [{ DomainStatus: '9' }, { MSSLDomainStatus: '3' }],
      SearchMSSLProfileDetails: [{ MSSLPlofileStatus: '6' }, { MSSLProfileStatus: '1' }],
      warnings: [],
    };
    const out = addStatusNames(body);
    expect(out.OrderDetail.OrderInfo).toEqual({ OrderStatus: '5', OrderStatusName: 'CANCELLED_ISSUED' });
    expect(out.OrderDetail.CertificateInfo.CertificateStatusName).toBe('REVOKED');
    expect(out.OrderDetail.ModificationEvents).toEqual([
      { ModificationEventName: 'CERT_ISSUE', ModificationEventDescription: 'Issue certificate' },
      { ModificationEventName: 'SOMETHING_NEW' },
    ]);
    expect(out.DomainDetails).toEqual([
      { DomainStatus: '9', DomainStatusName: 'RENEWAL_IN_PROCESS' },
      { MSSLDomainStatus: '3', MSSLDomainStatusName: 'APPROVED' },
    ]);
    expect(out.SearchMSSLProfileDetails.map((p) => p.MSSLProfileStatusName)).toEqual(['REJECTED', 'INITIAL']);
    expect(out.SearchMSSLProfileDetails[0]).toHaveProperty('MSSLPlofileStatus', '6');
  });
});
