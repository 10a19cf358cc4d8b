/**
 * The schema language of the SOAP core: the types every service table is written in (element names, order, XML
 * types, optionality), small builders that keep tables short, and the SOAP 1.1 namespaces. The tables themselves
 * (GlobalSign's services, their header definitions, endpoints and secret elements) live in `src/services/` and are
 * handed to this layer through {@link ServiceDef.envelope}; nothing here knows a GlobalSign element name.
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

/** The type of one element: a scalar, a complex type or a list container. */
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

/** Credentials for the request header, taken from client options, never from request objects. */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** The response header, normalised: the status every operation answers besides its own fields. */
export interface ResponseHeader {
  /** `'0'` success, `'1'` success with warnings, `'-1'` failure. */
  readonly SuccessCode: string;
  readonly Errors: readonly { ErrorCode: string; ErrorField?: string; ErrorMessage?: string }[];
  readonly Timestamp?: string;
}

/**
 * What a family of services puts around every operation: the request header (built from credentials), the response
 * header (read into a {@link ResponseHeader}), and the elements whose text is secret. Defined by the service tables
 * (GlobalSign's in `src/services/common.ts`) and passed to the SOAP layer with each {@link ServiceDef}.
 */
export interface EnvelopeDef {
  /** Children of every request header element, in order. */
  readonly requestHeader: readonly FieldDef[];
  /** The value of the request header element from the client's credentials. */
  readonly credentialsHeader: (credentials: Credentials) => Readonly<Record<string, unknown>>;
  /** The credentials in a decoded request header, or `undefined` when absent or incomplete (server side). */
  readonly readCredentials: (header: Readonly<Record<string, unknown>>) => Credentials | undefined;
  /** Children of every response header element, in order. */
  readonly responseHeader: readonly FieldDef[];
  /** The normalised status from a decoded response header; throws `XmlError` when it lacks one. */
  readonly readResponseHeader: (header: Readonly<Record<string, unknown>>, operation: string) => ResponseHeader;
  /** Element names whose text is secret: never shown to hooks, logs or errors. */
  readonly secretElements: readonly string[];
}

/** One SOAP service. */
export interface ServiceDef {
  /** Short name used in logs and errors. */
  readonly name: string;
  /** Path appended to the endpoint base URL, e.g. `/kb/ws/v2/ManagedSSLService`. */
  readonly path: string;
  /** Namespace of the operation wrapper element. */
  readonly namespace: string;
  /** Headers and secret elements around every operation of the service. */
  readonly envelope: EnvelopeDef;
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
  /** Request header element (first child of `<Request>`), e.g. `OrderRequestHeader`. */
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

/** Extra flags of a field beyond its name and type. */
export type FieldFlags = Omit<FieldDef, 'name' | 'type'>;

/**
 * A required field (`minOccurs=1`). The type defaults to `'string'`.
 *
 * @example
 * ```ts
 * const f = req('OrderID'); // { name: 'OrderID', type: 'string' }
 * ```
 */
export function req(name: string, type: FieldType = 'string', flags: FieldFlags = {}): FieldDef {
  return { name, type, ...flags };
}

/**
 * An optional field (`minOccurs=0`), left out of requests when absent.
 *
 * @example
 * ```ts
 * const f = opt('UPN'); // { name: 'UPN', type: 'string', optional: true }
 * ```
 */
export function opt(name: string, type: FieldType = 'string', flags: FieldFlags = {}): FieldDef {
  return { name, type, optional: true, ...flags };
}

/**
 * A complex type from its children in sequence order.
 *
 * @example
 * ```ts
 * const validity = struct(req('NotBefore'), req('NotAfter'));
 * ```
 */
export function struct(...fields: FieldDef[]): StructType {
  return { struct: fields };
}

/**
 * A container whose children are one repeated element (`<Errors><Error>…</Error>…</Errors>`); an array in JS.
 *
 * @example
 * ```ts
 * const ous = listOf('OrganizationUnit'); // { item: 'OrganizationUnit', of: 'string' }
 * ```
 */
export function listOf(item: string, of: FieldType = 'string'): ListType {
  return { item, of };
}

/** The SOAP 1.1 envelope namespace. */
export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/** The XML Schema instance namespace (for `xsi:nil`). */
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
