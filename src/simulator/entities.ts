/**
 * The simulator's entities: accounts, EPKI profiles, licenses and orders, MSSL profiles, domains and orders. Plain
 * data, no behaviour; the store (store.ts) keeps them, handlers read and change them and write them back.
 *
 * @module
 */
import type { Certificate } from '../crypto/certificate.ts';
import type { MsslFamily } from '../services/products.ts';

/** An API account. */
export interface Account {
  readonly username: string;
  password: string;
  /** Source IPs allowed to call (from `x-simulator-client-ip`); empty = any. */
  allowedIps: string[];
  disabled: boolean;
}

/** What an EPKI profile issues. */
export type EpkiProfileKind = 'SMIME' | 'AUTH';

/** An EPKI profile: the organisation attributes it fixes in every certificate. */
export interface EpkiProfile {
  readonly id: string;
  readonly owner: string;
  readonly kind: EpkiProfileKind;
  state: string;
  readonly requestDate: Date;
  readonly dn: {
    readonly O: string;
    readonly OU: readonly string[];
    readonly L: string;
    readonly ST: string;
    readonly C: string;
  };
}

/** Licenses of one product and validity for a profile. */
export interface License {
  readonly licenseNo: string;
  readonly profileId: string;
  readonly productCode: string;
  readonly year: number;
  total: number;
  used: number;
}

/** Vetting state of an email domain. */
export type EmailDomainStatus = 'approved' | 'pending' | 'suspended';

/** One EPKI order. */
export interface EpkiOrder {
  readonly orderId: string;
  readonly owner: string;
  readonly productCode: string;
  readonly profileId: string;
  readonly licenseNo: string;
  readonly year: number;
  /** OrderStatus: REQUESTED (pending enrollment), ISSUED, CANCELED, REISSUED… */
  status: string;
  /** CertificateStatus: NONE, ISSUED, REVOKED. */
  certStatus: string;
  readonly requestDate: Date;
  orderDate: Date;
  issueDate?: Date | undefined;
  cancelDate?: Date;
  cancelRequestUser?: string;
  revokeDate?: Date;
  revokeRequestUser?: string;
  readonly dn: {
    readonly CommonName: string;
    readonly OrganizationUnit?: readonly string[];
    readonly Email?: string;
    readonly GivenName?: string;
    readonly SurName?: string;
    readonly Pseudonym?: string;
  };
  readonly email?: string;
  certificate?: Certificate | undefined;
  chain: Certificate[];
  /** The DN serial number GlobalSign puts in the subject; the key of Suspendrenewal/Resumerenewal. */
  dnSerial?: string;
  renewalStatus: 'ACTIVE' | 'SUSPENDED';
  readonly events: { name: string; at: Date }[];
  /** Enrollment orders waiting for the subscriber (OrderCertificate, OrderDS REGISTER, Reissue). */
  pending?: { readonly pkcs12: boolean; readonly documentSigning: boolean } | undefined;
  readonly originalOrderId?: string;
}

/** An MSSL profile: the organisation its certificates carry. */
export interface MsslProfile {
  readonly id: string;
  readonly owner: string;
  readonly vettingLevel: 'OV' | 'EV';
  /** Guide 10.4: 1 initial, 2 vetting, 3 approved, 5 cancelled, 6 rejected. */
  status: string;
  readonly requestDate: Date;
  readonly org: {
    readonly C: string;
    readonly ST: string;
    readonly L: string;
    readonly O: string;
    readonly OU?: string;
  };
  /** The EV details as last sent (AddMSSLProfile / UpdateMSSLProfile), echoed by GetMSSLProfiles. */
  ev?: Record<string, unknown>;
}

/** An MSSL domain and its vetting. */
export interface MsslDomain {
  readonly id: string;
  readonly owner: string;
  readonly profileId: string;
  readonly name: string;
  readonly vettingLevel: 'OV' | 'EV' | 'CLOUDSSL';
  vettingType: 'EMAIL' | 'HTTP' | 'DNS';
  /** Guide 10.3: 0–2 vetting, 3 approved, 5/6 cancelled, 7/9/10 renewal in process, 8/11 manual review. */
  status: string;
  readonly orderDate: Date;
  updated: Date;
  /** The domain validation code published in DNS (TXT) or on the web (meta tag / gsdv.txt). */
  code: string;
  validationDate?: Date;
  expirationDate?: Date;
  approverEmail?: string;
  contact?: Record<string, unknown>;
  deleteDate?: Date;
}

/** One modification event (guide 10.2 name, clock time). */
export interface MsslEvent {
  readonly name: string;
  readonly at: Date;
}

/** One MSSL order. */
export interface MsslOrder {
  readonly orderId: string;
  readonly owner: string;
  readonly productCode: string;
  readonly family: MsslFamily;
  readonly baseOption?: string;
  readonly orderKind: string;
  readonly months: number;
  readonly profileId: string;
  readonly domainId: string;
  readonly commonName: string;
  readonly sanEntries: { SANOptionType: string; SubjectAltName: string }[];
  /** Guide 10.1: 1 initial, 2 phishing check, 3 cancelled not issued, 4 issued, 5 cancelled issued, 6/7 revocation. */
  status: string;
  readonly orderDate: Date;
  completeDate?: Date | undefined;
  canceledDate?: Date | undefined;
  deactivatedDate?: Date | undefined;
  /** The validity as ordered: VPC dates when sent. */
  readonly validity: { readonly Months: string; readonly NotBefore?: string; readonly NotAfter?: string };
  /** Days of validity the certificate gets (months, renewal bonus, REX). */
  readonly days: number;
  readonly spki: Uint8Array;
  readonly csr?: string;
  certificate?: Certificate | undefined;
  chain: Certificate[];
  pkcs12?: string | undefined;
  p12DeleteDate?: Date | undefined;
  renewalNotice: boolean;
  readonly events: MsslEvent[];
  /** ASYNC_ORDER: issued once the clock passes this time. */
  readyAt?: Date | undefined;
  /** Held for manual approval (APPROVE) or a phishing check (admin.clearPhishing). */
  hold?: 'approval' | 'phishing' | undefined;
  readonly renewalOf?: string;
  readonly reissueOf?: string;
  readonly subId?: string;
  readonly price: number;
  readonly specialInstructions?: string;
}
