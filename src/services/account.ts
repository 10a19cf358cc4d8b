/**
 * The AccountService table (invoices and the account snapshot). No WSDL of this service is public: names follow
 * the MSSL guide (section 7) and the clients that use it (`QueryInvoices`, `AccountSnapshot`; the guide's response
 * shows `AccountSnapShot`). The wrapper namespace is assumed to be the v1 one of the other kb services — unconfirmed;
 * a correction is one edit here.
 *
 * @module
 */
import { listOf, opt, req, struct } from '../soap/schema.ts';
import type { OperationDef, ServiceDef, StructType } from '../soap/schema.ts';
import { GLOBALSIGN_ENVELOPE } from './common.ts';

/** The AccountService: path and (assumed) wrapper namespace. */
export const ACCOUNT_SERVICE: ServiceDef = {
  name: 'ACCOUNT',
  path: '/kb/ws/v1/AccountService',
  namespace: 'https://system.globalsign.com/kb/ws/v1/',
  envelope: GLOBALSIGN_ENVELOPE,
};

const ORGANIZATION_ADDRESS: StructType = struct(
  req('AddressLine1'),
  opt('AddressLine2'),
  opt('AddressLine3'),
  req('City'),
  req('Region'),
  req('PostalCode'),
  req('Country'),
  req('Phone'),
  opt('Fax'),
);

const INVOICE_LINE_ITEM: StructType = struct(
  req('ProductName'),
  req('CommonName'),
  req('OrderID'),
  req('Qty'),
  req('UnitPrice'),
  req('TaxAmt'),
  req('TotalLineAmt'),
);

const INVOICE_INFORMATION: StructType = struct(
  req('InvoiceNumber'),
  opt('PurchaseOrderNumber'),
  req('CustomerAccountNo'),
  req('SupplyDate'),
  req('InvoiceDate'),
  req('PaymentDueDate'),
  req('InvoiceLineItem', INVOICE_LINE_ITEM, { repeated: true }),
);

const ACCOUNT_SNAPSHOT: StructType = struct(
  opt('BulkDepositBalance'),
  opt('LastMonthUsage'),
  opt('BulkDepositValidity'),
  opt('AgreementValidityPeriod'),
  opt('DiscountRank'),
  opt('DiscountRankValidityPeriod'),
);

/** The two Account operations keyed by their wire wrapper name. */
export const ACCOUNT_OPERATIONS: { readonly QueryInvoices: OperationDef; readonly AccountSnapshot: OperationDef } = {
  QueryInvoices: {
    service: ACCOUNT_SERVICE,
    name: 'QueryInvoices',
    kind: 'query',
    requestHeader: 'OrderRequestHeader',
    request: [opt('InvoiceNumber'), opt('OrderID'), req('PaymentDueDateFrom'), req('PaymentDueDateTo')],
    responseElement: 'QueryInvoicesResponse',
    responseHeader: 'OrderResponseHeader',
    response: [
      opt('OrganizationAddress', ORGANIZATION_ADDRESS),
      opt('Invoices', listOf('InvoiceInformation', INVOICE_INFORMATION)),
    ],
  },
  AccountSnapshot: {
    service: ACCOUNT_SERVICE,
    name: 'AccountSnapshot',
    kind: 'query',
    requestHeader: 'OrderRequestHeader',
    request: [],
    responseElement: 'AccountSnapshotResponse',
    responseHeader: 'OrderResponseHeader',
    response: [opt('AccountSnapShot', ACCOUNT_SNAPSHOT)],
  },
};
