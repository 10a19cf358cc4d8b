/**
 * The shape of the service tables: every wire fact (element names, order, namespaces, paths) lives in tables of
 * these types, one file per service, and nowhere else. The SOAP core serialises requests and normalises responses
 * from them; the simulator reads requests and writes responses from the same tables.
 *
 * @module
 */

/** XML Schema simple types we distinguish. Everything is sent as text; `int`/`boolean` accept JS numbers/booleans. */
export type ScalarType = 'string' | 'int' | 'long' | 'boolean' | 'dateTime';

/** A complex type: its child elements in `xs:sequence` order. */
export interface StructType {
  readonly struct: readonly FieldDef[];
}

/**
 * A container element whose children are one repeated element, e.g. `<SANEntries><SANEntry>…</SANEntry>…`.
 * In JS it is an array of the item values (never a single object).
 */
export interface ListType {
  /** Local name of the repeated child element, e.g. `SANEntry`. */
  readonly item: string;
  readonly of: FieldType;
}

export type FieldType = ScalarType | StructType | ListType;

/** One child element. */
export interface FieldDef {
  /** Wire (local) element name, exact spelling. */
  readonly name: string;
  readonly type: FieldType;
  /** `minOccurs="0"`: may be left out. Absent values of optional fields are omitted (or sent as nil, see `nil`). */
  readonly optional?: boolean;
  /** The element itself may repeat without a container (`maxOccurs>1`): in JS an array of values. */
  readonly repeated?: boolean;
  /** When absent in a request, send `<Name xsi:nil="true"/>` instead of omitting it. */
  readonly nil?: boolean;
  /**
   * When absent in a request, send an empty element `<Name/>`: for elements the WSDL requires (and does not allow as
   * nil) but the guide fills only in some cases (AddDomainToProfile's DomainID for DNS/HTTP vetting).
   */
  readonly empty?: boolean;
  /**
   * An extra name under which the value is also exposed in responses, for known wire anomalies
   * (EPKI RevokeResponse `orderNo` is also `OrderID`).
   */
  readonly alias?: string;
}

/** One SOAP service. */
export interface ServiceDef {
  /** Short name used in logs and errors. */
  readonly name: 'MSSL' | 'GAS' | 'ACCOUNT' | 'EPKI';
  /** Path appended to the endpoint base URL, e.g. `/kb/ws/v2/ManagedSSLService`. */
  readonly path: string;
  /** Namespace of the operation wrapper element. */
  readonly namespace: string;
}

/** Retry and timeout class of an operation. */
export type OperationKind =
  /** read-only: retried on network errors, 5xx and timeouts; default timeout 30 s */
  | 'query'
  /** changes state (order, cancel, revoke, reissue, modify…): never retried; default timeout 60 s */
  | 'order';

/** One operation of a service. */
export interface OperationDef {
  readonly service: ServiceDef;
  /** Wrapper element of the request, e.g. `PVOrder`. */
  readonly name: string;
  readonly kind: OperationKind;
  /** Request header element (first child of `<Request>`), holding `AuthToken{UserName, Password}`. */
  readonly requestHeader: string;
  /** Children of `<Request>` after the header, in order. */
  readonly request: readonly FieldDef[];
  /** Wrapper element of the response, e.g. `PVOrderResponse`. */
  readonly responseElement: string;
  /** Response header element (first child of `<Response>`): `OrderResponseHeader`, `QueryResponseHeader`… */
  readonly responseHeader: string;
  /** Children of `<Response>` after the header, in order. */
  readonly response: readonly FieldDef[];
  /** Documented as removed from the live service (still callable against older systems and the simulator). */
  readonly deprecated?: string;
}

/** `AuthToken` credentials, taken from client options, never from request objects. */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** The response header, normalised. */
export interface ResponseHeader {
  /** `'0'` success, `'1'` success with warnings, `'-1'` failure. */
  readonly SuccessCode: string;
  readonly Errors: readonly { ErrorCode: string; ErrorField?: string; ErrorMessage?: string }[];
  readonly Timestamp?: string;
}
