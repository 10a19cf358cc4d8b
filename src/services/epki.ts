/**
 * The EPKI GasOrderService table: all 13 operations, element by element, in the order of
 * ../shared/spec/EPKI-OPERATIONS.md (2015 WSDL, then the v3.0.41 guide, then inferred). A correction is one edit here.
 *
 * @module
 */
import { listOf, opt, req, struct } from '../soap/schema.ts';
import type { FieldDef, OperationDef, OperationKind, ServiceDef, StructType } from '../soap/schema.ts';
import { GLOBALSIGN_ENVELOPE } from './common.ts';

/** The EPKI service: path and wrapper namespace. */
export const EPKI_SERVICE: ServiceDef = {
  name: 'EPKI',
  path: '/cr/ws/GasOrderService',
  namespace: 'https://system.globalsign.com/cr/ws/',
  envelope: GLOBALSIGN_ENVELOPE,
};

/** `DnAttributes`: CommonName, OrganizationUnit* (at most 3), GivenName?, SurName?, Pseudonym?, Email?. */
export const EPKI_DN_ATTRIBUTES: StructType = struct(
  req('CommonName'),
  opt('OrganizationUnit', 'string', { repeated: true }),
  opt('GivenName'),
  opt('SurName'),
  opt('Pseudonym'),
  opt('Email'),
);

const EXTENSIONS = listOf('Extension', struct(req('Name'), req('Value')));
const CERTIFICATE_TEMPLATE = struct(req('Template'), opt('MajorVersion'), opt('MinorVersion'));
const VALIDITY = struct(req('NotBefore', 'dateTime'), req('NotAfter', 'dateTime'));

const ORDER_INFO = struct(
  req('OrderNo'),
  req('OrderStatus'),
  req('ProductCode'),
  opt('OriginalOrderIDForReIssue'),
  req('ProfileNo'),
  req('LicenseNo'),
  req('RequestDate', 'dateTime'),
  opt('RequestBeforeDate', 'dateTime'),
  opt('RequestAfterDate', 'dateTime'),
  req('OrderDate', 'dateTime'),
  req('IssueDate', 'dateTime'),
  opt('CancelRequestDate', 'dateTime'),
  opt('CancelRequestUser'),
  opt('CancelDate', 'dateTime'),
  opt('RevokeRequestDate', 'dateTime'),
  opt('RevokeRequestUser'),
  opt('RevokeDate', 'dateTime'),
  req('ValidityPeriod', VALIDITY),
  opt('RenewalStatus'),
);

const CERTIFICATE_INFO = struct(
  req('CertificateStatus'),
  req('SerialNumber'),
  req('StartDate', 'dateTime'),
  req('EndDate', 'dateTime'),
  req('Email'),
  req('CommonName'),
  req('OrganizationUnits', listOf('OrganizationUnit')),
  req('Organization'),
  req('Locality'),
  req('State'),
  req('Country'),
  opt('DNSerialNumber'),
);

/** `OrderDetail` of GetOrderByOrderId and GetOrders. */
export const EPKI_ORDER_DETAIL: StructType = struct(
  req('OrderInfo', ORDER_INFO),
  opt('CrCertificateInfo', CERTIFICATE_INFO),
  opt('Fulfillment', struct(req('CrCertificate', struct(req('Certificate'), opt('PKCS7Cert'))))),
  opt(
    'ModificationEvents',
    listOf('ModificationEvent', struct(req('ModificationEventName'), req('ModificationEventTimestamp', 'dateTime'))),
  ),
);

/** `ProfileDetail` of GetProfiles. */
export const EPKI_PROFILE_DETAIL: StructType = struct(
  req(
    'ProfileInfo',
    struct(
      req('ProfileOrderNo'),
      req('ProfileOrderState'),
      req('RequestDate', 'dateTime'),
      opt('RequestBeforeDate', 'dateTime'),
      opt('RequestAfterDate', 'dateTime'),
      opt('OrderDate', 'dateTime'),
      req('IssueDate', 'dateTime'),
      opt('CancelRequestDate', 'dateTime'),
      opt('CancelDate', 'dateTime'),
      opt('SuspendRequestDate', 'dateTime'),
      opt('SuspendDate', 'dateTime'),
      req('ValidityPeriod', VALIDITY),
    ),
  ),
  req(
    'ProfileDnAttributes',
    struct(
      req('CommonName'),
      req('Organization'),
      req('OrganizationUnits', listOf('OrganizationUnit')),
      req('StateOrProvince'),
      req('Locality'),
      req('Country'),
    ),
  ),
  req(
    'ProfileAttributes',
    struct(
      req('HashType'),
      req('EFSOption'),
      req('UPN'),
      req('RenewalType'),
      req('NonExportable'),
      req('NonRepudiation'),
      req('OCSPOption'),
    ),
  ),
);

function define(
  name: string,
  kind: OperationKind,
  request: FieldDef[],
  response: FieldDef[],
  extra: Partial<Pick<OperationDef, 'responseHeader' | 'responseElement'>> = {},
): OperationDef {
  const query = kind === 'query';
  return {
    service: EPKI_SERVICE,
    name,
    kind,
    requestHeader: query ? 'QueryRequestHeader' : 'OrderRequestHeader',
    request,
    responseElement: extra.responseElement ?? `${name}Response`,
    responseHeader: extra.responseHeader ?? (query ? 'QueryResponseHeader' : 'OrderResponseHeader'),
    response,
  };
}

const DN = req('DnAttributes', EPKI_DN_ATTRIBUTES);
const YEAR = req('Year', 'int');
const ORDER_ID = [req('OrderID')];

/** The 13 EPKI operations keyed by their wire wrapper name. */
export const EPKI_OPERATIONS: {
  readonly OrderAndIssueCertificate: OperationDef;
  readonly OrderPkcs12: OperationDef;
  readonly OrderCertificate: OperationDef;
  readonly OrderDS: OperationDef;
  readonly Cancel: OperationDef;
  readonly Reissue: OperationDef;
  readonly ReissueCertificate: OperationDef;
  readonly Revoke: OperationDef;
  readonly Suspendrenewal: OperationDef;
  readonly Resumerenewal: OperationDef;
  readonly GetOrderByOrderId: OperationDef;
  readonly GetOrders: OperationDef;
  readonly GetProfiles: OperationDef;
} = {
  OrderAndIssueCertificate: define(
    'OrderAndIssueCertificate',
    'order',
    [
      req('ProfileID'),
      req('ProductCode'),
      YEAR,
      req('CSR'),
      opt('EFSOption', 'boolean'),
      opt('UPN'),
      opt('SID'),
      opt('SANRFC822EmailAddress'),
      DN,
      opt('SubscriberEmailAddress'),
      opt('PickupPassword'),
      opt('EmailLanguage'),
      opt('Extensions', EXTENSIONS),
      opt('CertificateTemplate', CERTIFICATE_TEMPLATE),
    ],
    [req('OrderID'), req('CERT')],
  ),
  OrderPkcs12: define(
    'OrderPkcs12',
    'order',
    [
      req('ProfileID'),
      req('PKCS12PIN'),
      req('ProductCode'),
      YEAR,
      opt('EFSOption', 'boolean'),
      opt('UPN'),
      opt('SID'),
      opt('SANRFC822EmailAddress'),
      opt('Renew', 'boolean'),
      DN,
      opt('SubscriberEmailAddress'),
      opt('EmailLanguage'),
      opt('Extensions', EXTENSIONS),
    ],
    // The 2015 WSDL declares PKCS12 as repeatable (`PKCS12[]`): an array, so a repeat never breaks a completed order.
    [req('OrderID'), req('BASE64PKCS12'), req('PKCS12', 'string', { repeated: true }), opt('PKCS12Password')],
  ),
  OrderCertificate: define(
    'OrderCertificate',
    'order',
    [
      req('ProfileID'),
      req('ProductCode'),
      YEAR,
      opt('HasCSR', 'boolean'),
      opt('PKCS12Option', 'boolean'),
      opt('HasFortify', 'boolean'),
      opt('EFSOption', 'boolean'),
      opt('UPN'),
      opt('SID'),
      opt('SANRFC822EmailAddress'),
      DN,
      opt('SubscriberEmailAddress'),
      req('PickupPassword'),
      opt('EmailLanguage'),
      opt('Extensions', EXTENSIONS),
    ],
    ORDER_ID,
  ),
  OrderDS: define(
    'OrderDS',
    'order',
    [
      req('ProfileOrderNo'),
      req('ProductCode'),
      req('IssueType'),
      YEAR,
      opt('CSR'),
      opt('PickupPassword'),
      DN,
      opt('SubscriberEmailAddress'),
      opt('EmailLanguage'),
    ],
    [req('OrderID'), opt('Certificate')],
  ),
  Cancel: define('Cancel', 'order', [req('OrderID')], ORDER_ID),
  Reissue: define(
    'Reissue',
    'order',
    [req('TargetOrderID'), req('PickupPassword'), opt('PKCS12Option', 'boolean'), opt('HasFortify', 'boolean')],
    ORDER_ID,
  ),
  ReissueCertificate: define(
    'ReissueCertificate',
    'order',
    [
      req('TargetOrderID'),
      opt(
        'ReissueRegisterInfo',
        struct(opt('SubscriberEmailAddress'), req('PickupPassword'), opt('HasFortify', 'boolean')),
      ),
      opt('ReissuePKCS12Info', struct(req('PKCS12PIN'))),
      opt('ReissueCertInfo', struct(req('CSR'))),
    ],
    [req('OrderID'), req('Type'), opt('BASE64PKCS12'), opt('PKCS12', 'string', { repeated: true }), opt('CERT')],
  ),
  // The WSDL's RevokeOrderResponse spells its children in lower case; `orderNo` is also exposed as `OrderID`.
  Revoke: define('Revoke', 'order', [req('OrderID')], [req('orderNo', 'string', { alias: 'OrderID' })], {
    responseHeader: 'orderResponseHeader',
  }),
  Suspendrenewal: define('Suspendrenewal', 'order', [req('DNSerialNumber')], []),
  Resumerenewal: define('Resumerenewal', 'order', [req('DNSerialNumber')], []),
  GetOrderByOrderId: define(
    'GetOrderByOrderId',
    'query',
    [
      req('OrderNo'),
      opt(
        'OrderQueryOption',
        struct(
          opt('ReturnCertificateInfo', 'boolean'),
          opt('ReturnFulfillment', 'boolean'),
          opt('ReturnP7', 'boolean'),
          opt('ReturnModEvents', 'boolean'),
        ),
      ),
    ],
    [opt('OrderNo'), opt('OrderDetail', EPKI_ORDER_DETAIL)],
  ),
  GetOrders: define(
    'GetOrders',
    'query',
    [
      req(
        'OrderQueryParam',
        struct(
          req('ProductCode'),
          opt('ProfileOrderNo'),
          opt('LicenseOrderNo'),
          opt('OrderState'),
          opt('CertState'),
          opt('RequestDateFrom'),
          opt('RequestDateTo'),
          opt('IssueDateFrom'),
          opt('IssueDateTo'),
          opt('CommonName'),
        ),
      ),
      opt('OrdersQueryOption', struct(opt('ReturnCertificateInfo', 'boolean'), opt('ReturnFulfillment', 'boolean'))),
    ],
    [req('TotalCount', 'int'), opt('OrderDetails', listOf('OrderDetail', EPKI_ORDER_DETAIL))],
  ),
  GetProfiles: define(
    'GetProfiles',
    'query',
    [
      req(
        'ProfileQueryParam',
        struct(
          opt('ProfileOrderNo'),
          opt('ProfileOrderState'),
          opt('RequestDateFrom'),
          opt('RequestDateTo'),
          opt('IssueDateFrom'),
          opt('IssueDateTo'),
          opt('Locality'),
          opt('StateOrProvince'),
          opt('Organization'),
          opt('OrganizationUnit', 'string', { repeated: true }),
          opt('ContractorUserId'),
        ),
      ),
    ],
    [req('TotalCount', 'int'), opt('ProfileDetails', listOf('ProfileDetail', EPKI_PROFILE_DETAIL))],
  ),
};
