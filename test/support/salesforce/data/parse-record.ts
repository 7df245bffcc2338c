import { err, SfApiError, type RecordError } from "../errors";
import type { DescribeField } from "../metadata/describe-types";
import type { ObjectSchema } from "../schema/object-schema";
import type { OrgSchema } from "../schema/org-schema";
import { coerceJson, jsonErrorLocation, TypeMismatch } from "./coerce";
import type { Row, SfValue } from "./record-table";

/** `"Account": {"Shopify_Customer_Id__c": "123"}` — a parent named by its external id. */
export interface ExternalRef {
  lookup: DescribeField;
  target: ObjectSchema;
  extName: string;
  extField: DescribeField | undefined;
  value: SfValue;
}

export interface ParsedRecord {
  values: Row;
  refs: ExternalRef[];
  /** Per-record problems found while reading (Bulk API type errors). REST raises instead. */
  errors: RecordError[];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function parseExternalRef(
  schema: ObjectSchema,
  orgSchema: OrgSchema,
  lookup: DescribeField,
  body: Record<string, unknown>,
): ExternalRef {
  const attributes = isPlainObject(body.attributes) ? body.attributes : undefined;
  const typeName = typeof attributes?.type === "string" ? attributes.type : lookup.referenceTo[0];
  const target = orgSchema.get(typeName) ?? orgSchema.get(lookup.referenceTo[0]);
  const keys = Object.keys(body).filter((k) => k !== "attributes");
  if (!target || keys.length !== 1) {
    throw new SfApiError(400, [
      { code: "INVALID_FIELD", message: `${schema.name}.${lookup.relationshipName}: exactly one external ID field must be specified` },
    ]);
  }
  const extName = keys[0];
  const extField = target.field(extName);
  if (!extField) throw err.noSuchColumn(extName, target.name);
  const raw = body[extName];
  const value = raw === null || raw === undefined ? null : typeof raw === "object" ? JSON.stringify(raw) : String(raw);
  return { lookup, target, extName, extField, value };
}

/**
 * Reads one JSON record the way the REST API deserializes it: unknown fields and values of the
 * wrong JSON type fail the whole request (Salesforce never gets as far as saving anything).
 */
export function parseJsonRecord(
  schema: ObjectSchema,
  orgSchema: OrgSchema,
  input: Record<string, unknown>,
  raw: string,
  skipKeys?: ReadonlySet<string>,
): ParsedRecord {
  const values: Row = {};
  const refs: ExternalRef[] = [];
  for (const key in input) {
    if (key === "attributes" || skipKeys?.has(key)) continue;
    const value = input[key];
    const f = schema.field(key);
    if (f) {
      try {
        const coerced = coerceJson(f, value);
        values[f.name] = coerced === "" ? null : coerced;
      } catch (e) {
        if (!(e instanceof TypeMismatch)) throw e;
        throw err.jsonParser(`${e.message} or request may be missing a required field ${jsonErrorLocation(raw, key, value)}`);
      }
      continue;
    }
    const rel = schema.relationship(key);
    if (rel && isPlainObject(value)) {
      refs.push(parseExternalRef(schema, orgSchema, rel, value));
      continue;
    }
    if (rel && value === null) {
      values[rel.name] = null;
      continue;
    }
    throw err.noSuchColumn(key, schema.name);
  }
  return { values, refs, errors: [] };
}
