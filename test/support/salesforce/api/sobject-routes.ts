import { deleteRecord, findByExternalId, insertRecord, updateRecord, upsertRecord } from "../data/dml";
import { parseJsonRecord } from "../data/parse-record";
import { recordUrl, renderRecord } from "../data/render";
import { err, SfApiError } from "../errors";
import type { DescribeField } from "../metadata/describe-types";
import type { ObjectSchema } from "../schema/object-schema";
import { json, noContent, parseJsonBody, type ApiRequest, type ApiResponse, type Route } from "../http/api-types";
import { isUnmodelledSubresource } from "./replication-routes";
import {
  dmlContext,
  entityDeletedError,
  lookupId,
  malformedIdError,
  raiseIfFailed,
  requireExternalIdField,
  requireObject,
  requireRecordBody,
} from "./record-access";

// Single-record resources: /sobjects/{type}, /sobjects/{type}/{id}, /sobjects/{type}/{field}/{value}.

function requestedFields(req: ApiRequest, schema: ObjectSchema): DescribeField[] | undefined {
  const list = req.query.get("fields");
  if (!list) return undefined;
  return list.split(",").map((name) => {
    const f = schema.field(name.trim());
    if (!f) throw new SfApiError(400, [{ code: "INVALID_FIELD", message: `No such column '${name.trim()}' on entity '${schema.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.` }]);
    return f;
  });
}

function create(req: ApiRequest, type: string): ApiResponse {
  const schema = requireObject(req, type);
  const body = requireRecordBody(parseJsonBody(req), schema.name);
  const result = insertRecord(dmlContext(req), schema, parseJsonRecord(schema, req.org.schema, body, req.body));
  raiseIfFailed(result);
  return {
    status: 201,
    // As recorded in composite_response_success_camel.json: creates also list (empty) warnings.
    body: { id: result.id, success: true, errors: [], warnings: [] },
    headers: { Location: recordUrl(req.version, schema.name, result.id!) },
    records: 1,
  };
}

function byId(req: ApiRequest, type: string, idText: string): ApiResponse {
  const schema = requireObject(req, type);
  if (isUnmodelledSubresource(idText)) throw err.notFound();
  const found = lookupId(req, schema, idText);
  if (found.kind === "malformed") throw malformedIdError(schema, idText);
  if (found.kind === "notAnId") {
    if (req.method === "GET") throw err.externalIdFieldNotFound(idText);
    throw err.notFound();
  }
  if (found.kind === "missing") throw err.notFound();
  if (found.kind === "deleted") throw entityDeletedError();
  const row = found.row;
  const ctx = dmlContext(req);
  switch (req.method) {
    case "GET":
      return json(200, renderRecord(schema, row, req.version, requestedFields(req, schema)), 1);
    case "PATCH": {
      const body = requireRecordBody(parseJsonBody(req), schema.name);
      raiseIfFailed(updateRecord(ctx, schema, row, parseJsonRecord(schema, req.org.schema, body, req.body, new Set(["Id", "id"]))));
      return noContent(1);
    }
    case "DELETE":
      raiseIfFailed(deleteRecord(ctx, schema, row));
      return noContent(1);
    default:
      throw err.methodNotAllowed(req.method);
  }
}

function multipleChoices(req: ApiRequest, schema: ObjectSchema, ids: string[]): ApiResponse {
  return json(300, ids.map((id) => recordUrl(req.version, schema.name, id)));
}

function byExternalId(req: ApiRequest, type: string, fieldName: string, value: string): ApiResponse {
  const schema = requireObject(req, type);
  if (isUnmodelledSubresource(fieldName)) throw err.notFound();
  const extField = requireExternalIdField(schema, fieldName);
  const ctx = dmlContext(req);
  if (req.method === "PATCH") {
    const body = requireRecordBody(parseJsonBody(req), schema.name);
    const parsed = parseJsonRecord(schema, req.org.schema, body, req.body, new Set([extField.name]));
    const result = upsertRecord(ctx, schema, extField, value, parsed);
    if (result.match.kind === "many") return multipleChoices(req, schema, result.match.ids);
    raiseIfFailed(result);
    const created = result.match.kind === "none";
    // Before API 46.0 an update answered 204 and a create omitted `created`.
    if (Number(req.version) < 46) {
      return created ? json(201, { id: result.id, success: true, errors: [] }, 1) : noContent(1);
    }
    return json(created ? 201 : 200, { id: result.id, success: true, errors: [], created }, 1);
  }
  const match = findByExternalId(req.org, schema, extField, value);
  if (match.kind === "many") return multipleChoices(req, schema, match.ids);
  if (match.kind === "none") throw err.notFound();
  if (req.method === "GET") return json(200, renderRecord(schema, match.row, req.version, requestedFields(req, schema)), 1);
  if (req.method === "DELETE") {
    raiseIfFailed(deleteRecord(ctx, schema, match.row));
    return noContent(1);
  }
  throw err.methodNotAllowed(req.method);
}

export const sobjectRoutes: Route[] = [
  { method: "POST", pattern: /^\/sobjects\/([^/]+)\/?$/, endpoint: ([t]) => `POST /sobjects/${t}`, handler: (req, [t]) => create(req, t) },
  ...["GET", "PATCH", "DELETE"].flatMap((method): Route[] => [
    {
      method,
      pattern: /^\/sobjects\/([^/]+)\/([^/]+)\/?$/,
      endpoint: ([t]) => `${method} /sobjects/${t}/{id}`,
      handler: (req, [t, id]) => byId(req, t, decodeURIComponent(id)),
    },
    {
      method,
      pattern: /^\/sobjects\/([^/]+)\/([^/]+)\/([^/]+)\/?$/,
      endpoint: ([t, f]) => `${method} /sobjects/${t}/${f}/{value}`,
      handler: (req, [t, f, v]) => byExternalId(req, t, decodeURIComponent(f), decodeURIComponent(v)),
    },
  ]),
];
