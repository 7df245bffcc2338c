import { parseDuplicateRuleHeader } from "../org/rules";
import type { DmlContext, SaveResult } from "../data/dml";
import type { Row } from "../data/record-table";
import { err, recordErr, SfApiError } from "../errors";
import { normalizeId } from "../ids";
import type { DescribeField } from "../metadata/describe-types";
import type { ObjectSchema } from "../schema/object-schema";
import type { ApiRequest } from "../http/api-types";

// Shared by the single-record and collection resources.

export function dmlContext(req: ApiRequest): DmlContext {
  return { org: req.org, userId: req.userId, undo: req.undo, applyFaults: true, duplicateHeader: parseDuplicateRuleHeader(req.headers["sforce-duplicate-rule-header"]) };
}

export function requireObject(req: ApiRequest, name: string): ObjectSchema {
  const schema = req.org.schema.get(name);
  if (!schema) throw err.notFound();
  return schema;
}

export function requireExternalIdField(schema: ObjectSchema, name: string): DescribeField {
  const f = schema.field(name);
  if (!f || !schema.isExternalIdField(f)) throw err.externalIdFieldNotFound(name);
  return f;
}

export type IdLookup =
  | { kind: "found"; row: Row }
  | { kind: "deleted"; row: Row }
  | { kind: "missing" }
  /** Shaped like an id but with a wrong checksum or another object's key prefix. */
  | { kind: "malformed" }
  | { kind: "notAnId" };

export function lookupId(req: ApiRequest, schema: ObjectSchema, value: string): IdLookup {
  if (!/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(value)) return { kind: "notAnId" };
  const id = normalizeId(value);
  if (!id || id.slice(0, 3) !== schema.keyPrefix) return { kind: "malformed" };
  const row = req.org.table(schema).get(id);
  if (!row) return { kind: "missing" };
  return row.IsDeleted ? { kind: "deleted", row } : { kind: "found", row };
}

export function malformedIdError(schema: ObjectSchema, value: string): SfApiError {
  return new SfApiError(400, [recordErr.malformedId(schema.label, value)]);
}

export function entityDeletedError(): SfApiError {
  return new SfApiError(404, [{ code: "ENTITY_IS_DELETED", message: "entity is deleted", fields: [] }]);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The REST body of a record that is expected to be a JSON object. */
export function requireRecordBody(body: unknown, typeName: string): Record<string, unknown> {
  if (isPlainObject(body)) return body;
  const token = Array.isArray(body) ? "START_ARRAY" : "VALUE_NULL";
  throw err.jsonParser(`Cannot deserialize instance of ${typeName} from ${token} value ${Array.isArray(body) ? "[" : "null"} or request may be missing a required field at [line:1, column:1]`);
}

/** A failed single-record save becomes the request's 400 error array. */
export function raiseIfFailed(result: SaveResult): void {
  if (!result.success) throw new SfApiError(400, result.errors);
}
