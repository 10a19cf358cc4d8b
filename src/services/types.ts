/**
 * Transitional re-export: the schema language moved to `src/soap/schema.ts` (issue 11). Import from there; this file
 * goes away once every branch has switched.
 *
 * @module
 */
export type {
  Credentials,
  EnvelopeDef,
  FieldDef,
  FieldType,
  ListType,
  OperationDef,
  OperationKind,
  ResponseHeader,
  ScalarType,
  ServiceDef,
  StructType,
} from '../soap/schema.ts';
