/**
 * State-free formatting of MSSL orders for responses: the SANs a certificate carries, CertificateInfo, and the
 * Fulfillment (CA certificates, X.509 and PKCS#7 server certificate) with CRLF line ends as the service sends them.
 *
 * @module
 */
import type { SubjectAltName } from '../crypto/extensions.ts';
import { createPkcs7 } from '../crypto/pkcs7.ts';
import type { MsslOrder } from './entities.ts';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The SANs a certificate carries: the CN (dNSName or iPAddress), then each SANEntry. */
export function certificateSans(order: Pick<MsslOrder, 'commonName' | 'sanEntries'>): SubjectAltName[] {
  const names = [order.commonName, ...order.sanEntries.map((s) => s.SubjectAltName)];
  const seen = new Set<string>();
  const out: SubjectAltName[] = [];
  for (const n of names) {
    const v = n.toLowerCase();
    if (seen.has(v)) continue;
    seen.add(v);
    out.push(IPV4.test(v) || v.includes(':') ? { type: 'ip', value: v } : { type: 'dns', value: v });
  }
  return out;
}

/** PEM with CRLF line ends, as the service sends it. */
export const crlf = (pem: string): string => pem.replace(/\r?\n/g, '\r\n');

/** The CertificateInfo of an issued order. */
export function certificateInfo(o: MsslOrder): Record<string, unknown> | undefined {
  const cert = o.certificate;
  if (!cert) return undefined;
  return {
    CertificateStatus: o.status,
    StartDate: cert.notBefore.toISOString(),
    EndDate: cert.notAfter.toISOString(),
    CommonName: o.commonName,
    SerialNumber: cert.serialNumber.toUpperCase(),
    SubjectName: cert.subjectString,
    DNSNames: cert.sans.map((s) => s.value).join(','),
  };
}

/** The CA certificates (intermediate INTER, root ROOT) and the server certificate (X.509 and PKCS#7) of an order. */
export function fulfillmentOf(o: MsslOrder, parts: { ca: boolean; server: boolean }): Record<string, unknown> {
  const cert = o.certificate;
  const out: Record<string, unknown> = {};
  if (parts.ca && o.chain.length)
    out.CACertificates = o.chain.map((c, i) => ({
      CACertType: i === o.chain.length - 1 ? 'ROOT' : 'INTER',
      CACert: crlf(c.pem),
    }));
  if (parts.server && cert)
    out.ServerCertificate = { X509Cert: crlf(cert.pem), PKCS7Cert: crlf(createPkcs7([cert, ...o.chain]).pem) };
  return out;
}
