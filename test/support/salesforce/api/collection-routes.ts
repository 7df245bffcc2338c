import { deleteRecord, insertRecord, updateRecord, upsertRecord, type DmlContext, type SaveResult } from "../data/dml";
import { parseJsonRecord, type ParsedRecord } from "../data/parse-record";
import { renderRecord } from "../data/render";
import { UndoLog } from "../data/undo-log";
import { collectionErrorBody, err, recordErr, SfApiError } from "../errors";
import { normalizeId } from "../ids";
import type { ObjectSchema } from "../schema/object-schema";
import { json, parseJsonBody, type ApiRequest, type ApiResponse, type Route } from "../http/api-types";
import { dmlContext, isPlainObject, lookupId, requireExternalIdField, requireObject } from "./record-access";

// sObject Collections (/composite/sobjects): up to 200 records, one result per record in request
// order, and all-or-none: when any record fails nothing is kept and the others report
// ALL_OR_NONE_OPERATION_ROLLED_BACK (see composite_sobjects_*_allOrNone_true.json).

const MAX_RECORDS = 200;

interface CollectionBody {
  allOrNone: boolean;
  records: Array<Record<string, unknown>>;
}

function readBody(req: ApiRequest): CollectionBody {
  const body = parseJsonBody(req);
  if (!isPlainObject(body) || !Array.isArray(body.records)) {
    throw new SfApiError(400, [{ code: "INVALID_FIELD", message: "The records field is required and must be a list of sObjects" }]);
  }
  if (body.records.length > MAX_RECORDS) throw err.exceededIdLimit();
  const records = body.records.map((r) => {
    if (!isPlainObject(r)) throw err.jsonParser("Cannot deserialize instance of SObject from VALUE_STRING or request may be missing a required field");
    return r;
  });
  return { allOrNone: body.allOrNone === true, records };
}

function recordType(req: ApiRequest, record: Record<string, unknown>): ObjectSchema {
  const attributes = isPlainObject(record.attributes) ? record.attributes : undefined;
  if (typeof attributes?.type !== "string") {
    throw new SfApiError(400, [{ code: "INVALID_TYPE", message: "When creating or updating sobjects, you must specify the sobject type in attributes" }]);
  }
  const schema = req.org.schema.get(attributes.type);
  if (!schema) throw new SfApiError(400, [{ code: "INVALID_TYPE", message: `sObject type '${attributes.type}' is not supported.` }]);
  return schema;
}

function resultBody(result: SaveResult, withCreated: boolean): Record<string, unknown> {
  if (!result.success) {
    const out: Record<string, unknown> = {};
    if (result.id) out.id = result.id;
    out.success = false;
    out.errors = collectionErrorBody(result.errors);
    // An UpsertResult always says whether it created (SOAP/REST UpsertResult: created, errors, id, success).
    if (withCreated) out.created = false;
    return out;
  }
  const out: Record<string, unknown> = { id: result.id, success: true, errors: [] };
  if (withCreated) out.created = result.created;
  return out;
}

/** Runs the per-record operations as one unit, rolling everything back for all-or-none. */
function runUnit(req: ApiRequest, allOrNone: boolean, operations: Array<(ctx: DmlContext) => SaveResult>): SaveResult[] {
  const undo = req.undo ?? (allOrNone ? new UndoLog() : undefined);
  const mark = undo?.mark() ?? 0;
  const ctx = { ...dmlContext(req), undo };
  const results = operations.map((op) => op(ctx));
  if (!allOrNone || results.every((r) => r.success)) return results;
  undo!.rollback(mark);
  return results.map((r) =>
    r.success ? { success: false, id: r.created ? undefined : r.id, errors: [recordErr.rolledBack()] } : r,
  );
}

function respond(results: SaveResult[], withCreated: boolean): ApiResponse {
  return json(200, results.map((r) => resultBody(r, withCreated)), results.length);
}

function create(req: ApiRequest): ApiResponse {
  const { allOrNone, records } = readBody(req);
  // Everything is deserialized before anything is saved: a bad field fails the whole request.
  const parsed = records.map((r) => {
    const schema = recordType(req, r);
    return { schema, record: parseJsonRecord(schema, req.org.schema, r, req.body, new Set(["Id", "id"])) };
  });
  return respond(runUnit(req, allOrNone, parsed.map(({ schema, record }) => (ctx) => insertRecord(ctx, schema, record))), false);
}

function update(req: ApiRequest): ApiResponse {
  const { allOrNone, records } = readBody(req);
  const parsed = records.map((r) => {
    const schema = recordType(req, r);
    const idText = r.id ?? r.Id;
    return { schema, idText: typeof idText === "string" ? idText : undefined, record: parseJsonRecord(schema, req.org.schema, r, req.body, new Set(["Id", "id"])) };
  });
  const operations = parsed.map(({ schema, idText, record }) => (ctx: DmlContext): SaveResult => {
    if (!idText) return { success: false, errors: [recordErr.missingId()] };
    const found = lookupId(req, schema, idText);
    if (found.kind === "malformed" || found.kind === "notAnId") {
      return { success: false, errors: [recordErr.malformedId(schema.label, idText)] };
    }
    if (found.kind === "missing") return { success: false, errors: [recordErr.invalidCrossReference("Id")] };
    if (found.kind === "deleted") return { success: false, id: found.row.Id as string, errors: [recordErr.entityIsDeleted()] };
    const result = updateRecord(ctx, schema, found.row, record);
    return result.success ? result : { ...result, id: found.row.Id as string };
  });
  return respond(runUnit(req, allOrNone, operations), false);
}

function upsert(req: ApiRequest, type: string, extFieldName: string): ApiResponse {
  const schema = requireObject(req, type);
  // "Only external ids are supported. Don't use record ids." (REST API, "Upsert Records Using sObject
  // Collections"): Id is refused like any field that is not an external id (the recorded 404 NOT_FOUND).
  // The single-record upsert (PATCH /sobjects/{type}/Id/{id}) does accept it.
  if (extFieldName.toLowerCase() === "id") throw err.externalIdFieldNotFound(extFieldName);
  const extField = requireExternalIdField(schema, extFieldName);
  const { allOrNone, records } = readBody(req);
  const entries = records.map((r) => {
    const key = Object.keys(r).find((k) => k.toLowerCase() === extField.name.toLowerCase());
    const raw = key === undefined ? undefined : r[key];
    const value = raw === undefined || raw === null || raw === "" ? undefined : String(raw);
    return { value, record: parseJsonRecord(recordType(req, r), req.org.schema, r, req.body) };
  });
  // Two records naming the same external id in one call both fail, as in Salesforce.
  const fold = (v: string): string => (extField.caseSensitive ? v : v.toLowerCase());
  const counts = new Map<string, number>();
  for (const e of entries) if (e.value !== undefined) counts.set(fold(e.value), (counts.get(fold(e.value)) ?? 0) + 1);
  const operations = entries.map(({ value, record }) => (ctx: DmlContext): SaveResult => {
    if (value === undefined) return { success: false, errors: [recordErr.required([extField.name])] };
    if (counts.get(fold(value))! > 1) return { success: false, errors: [recordErr.duplicateExternalId(extField.name, value)] };
    const result = upsertRecord(ctx, schema, extField, value, record as ParsedRecord);
    if (!result.success && result.match.kind === "one") return { ...result, id: result.match.row.Id as string };
    return result;
  });
  return respond(runUnit(req, allOrNone, operations), true);
}

function destroy(req: ApiRequest): ApiResponse {
  const ids = (req.query.get("ids") ?? "").split(",").filter((s) => s.length > 0);
  if (ids.length > MAX_RECORDS) throw err.exceededIdLimit();
  const allOrNone = req.query.get("allOrNone") === "true";
  const operations = ids.map((idText) => (ctx: DmlContext): SaveResult => {
    const id = normalizeId(idText);
    const schema = id ? req.org.schema.byKeyPrefix(id.slice(0, 3)) : undefined;
    const row = schema && id ? req.org.table(schema).get(id) : undefined;
    if (!schema || !row) return { success: false, errors: [{ code: "MALFORMED_ID", message: `malformed id ${idText}`, fields: [] }] };
    const result = deleteRecord(ctx, schema, row);
    return result.success ? result : { ...result, id: row.Id as string };
  });
  return respond(runUnit(req, allOrNone, operations), false);
}

function retrieve(req: ApiRequest, type: string): ApiResponse {
  const schema = requireObject(req, type);
  let ids: string[];
  let fieldNames: string[];
  if (req.method === "POST") {
    const body = parseJsonBody(req);
    if (!isPlainObject(body)) throw err.jsonParser("Cannot deserialize request body");
    ids = Array.isArray(body.ids) ? body.ids.map(String) : [];
    fieldNames = Array.isArray(body.fields) ? body.fields.map(String) : [];
  } else {
    ids = (req.query.get("ids") ?? "").split(",").filter(Boolean);
    fieldNames = (req.query.get("fields") ?? "").split(",").filter(Boolean);
  }
  if (ids.length > 2000) throw err.exceededIdLimit();
  if (fieldNames.length === 0) {
    throw new SfApiError(400, [{ code: "INVALID_FIELD", message: "The fields parameter is required" }]);
  }
  const fields = fieldNames.map((name) => {
    const f = schema.field(name);
    if (!f) throw new SfApiError(400, [{ code: "INVALID_FIELD", message: `No such column '${name}' on entity '${schema.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.` }]);
    return f;
  });
  const records = ids.map((idText) => {
    const found = lookupId(req, schema, idText);
    return found.kind === "found" ? renderRecord(schema, found.row, req.version, fields) : null;
  });
  return json(200, records, records.length);
}

export const collectionRoutes: Route[] = [
  { method: "POST", pattern: /^\/composite\/sobjects\/?$/, endpoint: () => "POST /composite/sobjects", handler: (req) => create(req) },
  { method: "PATCH", pattern: /^\/composite\/sobjects\/?$/, endpoint: () => "PATCH /composite/sobjects", handler: (req) => update(req) },
  { method: "DELETE", pattern: /^\/composite\/sobjects\/?$/, endpoint: () => "DELETE /composite/sobjects", handler: (req) => destroy(req) },
  {
    method: "PATCH",
    pattern: /^\/composite\/sobjects\/([^/]+)\/([^/]+)\/?$/,
    endpoint: ([t, f]) => `PATCH /composite/sobjects/${t}/${f}`,
    handler: (req, [t, f]) => upsert(req, t, decodeURIComponent(f)),
  },
  { method: "GET", pattern: /^\/composite\/sobjects\/([^/]+)\/?$/, endpoint: ([t]) => `GET /composite/sobjects/${t}`, handler: (req, [t]) => retrieve(req, t) },
  { method: "POST", pattern: /^\/composite\/sobjects\/([^/]+)\/?$/, endpoint: ([t]) => `POST /composite/sobjects/${t}`, handler: (req, [t]) => retrieve(req, t) },
];
