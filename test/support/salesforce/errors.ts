// Salesforce error shapes. REST answers `[{message, errorCode, fields?}]`; sObject Collections put
// `{statusCode, message, fields}` inside each record result; Bulk API 2.0 flattens to one CSV cell.

export interface RecordError {
  code: string;
  message: string;
  /** Omitted (not empty) where Salesforce omits the key, e.g. session and limit errors. */
  fields?: string[];
  /** DUPLICATES_DETECTED only: which duplicate rule fired and the matching records. */
  duplicateResult?: Record<string, unknown>;
}

/** A failure of the whole request: becomes the HTTP status and a JSON error array. */
export class SfApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: RecordError[],
  ) {
    super(errors.map((e) => `${e.code}: ${e.message}`).join("; "));
  }
}

export function restErrorBody(errors: RecordError[]): object[] {
  return errors.map((e) => ({
    ...(e.duplicateResult ? { duplicateResult: e.duplicateResult } : {}),
    ...(e.fields === undefined ? { message: e.message, errorCode: e.code } : { message: e.message, errorCode: e.code, fields: e.fields }),
  }));
}

export function collectionErrorBody(errors: RecordError[]): object[] {
  return errors.map((e) => ({
    ...(e.duplicateResult ? { duplicateResult: e.duplicateResult } : {}),
    statusCode: e.code,
    message: e.message,
    fields: e.fields ?? [],
  }));
}

/** Bulk API 2.0 `sf__Error` cell: `CODE:message:FieldA,FieldB --`. */
export function bulkErrorCell(errors: RecordError[]): string {
  return errors.map((e) => `${e.code}:${e.message}:${(e.fields ?? []).join(",")} --`).join(" ");
}

export const NOT_FOUND_MESSAGE = "The requested resource does not exist";

export const err = {
  notFound: (): SfApiError => new SfApiError(404, [{ code: "NOT_FOUND", message: NOT_FOUND_MESSAGE }]),
  sessionExpired: (): SfApiError =>
    new SfApiError(401, [{ code: "INVALID_SESSION_ID", message: "Session expired or invalid" }]),
  requestLimitExceeded: (): SfApiError =>
    new SfApiError(403, [{ code: "REQUEST_LIMIT_EXCEEDED", message: "TotalRequests Limit exceeded." }]),
  externalIdFieldNotFound: (field: string): SfApiError =>
    new SfApiError(404, [
      { code: "NOT_FOUND", message: `Provided external ID field does not exist or is not accessible: ${field}` },
    ]),
  jsonParser: (message: string): SfApiError => new SfApiError(400, [{ code: "JSON_PARSER_ERROR", message }]),
  noSuchColumn: (field: string, type: string): SfApiError =>
    new SfApiError(400, [{ code: "INVALID_FIELD", message: `No such column '${field}' on sobject of type ${type}` }]),
  exceededIdLimit: (): SfApiError =>
    new SfApiError(400, [
      { code: "EXCEEDED_ID_LIMIT", message: "record limit reached. cannot submit more than 200 records into this call" },
    ]),
  methodNotAllowed: (method: string): SfApiError =>
    new SfApiError(405, [
      { code: "METHOD_NOT_ALLOWED", message: `HTTP Method '${method}' not allowed. Allowed are GET,HEAD,POST,PATCH,DELETE` },
    ]),
};

export const recordErr = {
  malformedId: (label: string, id: string, field = "Id"): RecordError => ({
    code: "MALFORMED_ID",
    message: `${label} ID: id value of incorrect type: ${id}`,
    fields: [field],
  }),
  required: (fields: string[]): RecordError => ({
    code: "REQUIRED_FIELD_MISSING",
    message: `Required fields are missing: [${fields.join(", ")}]`,
    fields,
  }),
  notWritable: (fields: string[]): RecordError => ({
    code: "INVALID_FIELD_FOR_INSERT_UPDATE",
    message: `Unable to create/update fields: ${fields.join(", ")}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
    fields,
  }),
  badFieldNames: (type: string, fields: string[]): RecordError => ({
    code: "INVALID_FIELD_FOR_INSERT_UPDATE",
    message: `${type}: bad field names on insert/update call: ${fields.join(", ")}`,
    fields,
  }),
  tooLong: (label: string, field: string, value: string, max: number): RecordError => ({
    code: "STRING_TOO_LONG",
    message: `${label}: data value too large: ${value} (max length=${max})`,
    fields: [field],
  }),
  restrictedPicklist: (label: string, field: string, value: string): RecordError => ({
    code: "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
    message: `${label}: bad value for restricted picklist field: ${value}`,
    fields: [field],
  }),
  duplicateValue: (field: string, id: string): RecordError => ({
    code: "DUPLICATE_VALUE",
    message: `duplicate value found: ${field} duplicates value on record with id: ${id}`,
    fields: [],
  }),
  duplicateExternalId: (field: string, value: string): RecordError => ({
    code: "DUPLICATE_EXTERNAL_ID",
    message: `Duplicate external id specified: ${value}`,
    fields: [field],
  }),
  externalIdMatchesMany: (field: string, ids: string[]): RecordError => ({
    code: "DUPLICATE_EXTERNAL_ID",
    message: `${field}: more than one record found for external id field: [${ids.join(", ")}]`,
    fields: [],
  }),
  foreignKeyNotFound: (value: string, field: string, entity: string): RecordError => ({
    code: "INVALID_FIELD",
    message: `Foreign key external ID: ${value} not found for field ${field} in entity ${entity}`,
    fields: [],
  }),
  invalidCrossReference: (field: string): RecordError => ({
    code: "INVALID_CROSS_REFERENCE_KEY",
    message: "invalid cross reference id",
    fields: [field],
  }),
  entityIsDeleted: (): RecordError => ({ code: "ENTITY_IS_DELETED", message: "entity is deleted", fields: [] }),
  missingId: (): RecordError => ({ code: "MISSING_ARGUMENT", message: "Id not specified in an update call", fields: [] }),
  invalidEmail: (label: string, field: string, value: string): RecordError => ({
    code: "INVALID_EMAIL_ADDRESS",
    message: `${label}: invalid email address: ${value}`,
    fields: [field],
  }),
  numberOutOfRange: (label: string, field: string, value: number): RecordError => ({
    code: "NUMBER_OUTSIDE_VALID_RANGE",
    message: `${label}: value outside of valid range on numeric field: ${value}`,
    fields: [field],
  }),
  /** What a trigger or flow that hits a lock fails the saved record with (salesforce.stackexchange.com/questions/289398). */
  triggerLockRow: (object: string, id?: string): RecordError => ({
    code: "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY",
    message:
      `Shopify${object.replace(/__c$/, "")}Trigger: execution of AfterUpdate caused by: System.DmlException: Update failed. ` +
      `First exception on row 0 with id ${id ?? "0010000000000000AAA"}; first error: UNABLE_TO_LOCK_ROW, unable to obtain exclusive access to this record: []`,
    fields: [],
  }),
  lockRow: (id?: string): RecordError => ({
    code: "UNABLE_TO_LOCK_ROW",
    message: id
      ? `unable to obtain exclusive access to this record or 1 records: ${id}`
      : "unable to obtain exclusive access to this record",
    fields: [],
  }),
  rolledBack: (): RecordError => ({
    code: "ALL_OR_NONE_OPERATION_ROLLED_BACK",
    message: "Record rolled back because not all records were valid and the request was using AllOrNone header",
    fields: [],
  }),
  invalidTypeInRecord: (label: string, field: string, value: string): RecordError => ({
    code: "INVALID_TYPE_ON_FIELD_IN_RECORD",
    message: `${label}: value not of required type: ${value}`,
    fields: [field],
  }),
};
