import { recordErr, type RecordError } from "../errors";
import { normalizeId } from "../ids";
import type { DescribeField } from "../metadata/describe-types";
import { MASTER_RECORD_TYPE_ID } from "../metadata/person-accounts";
import type { Org } from "../org/org";
import { duplicatesDetected, validationError, type DuplicateRuleHeader } from "../org/rules";
import type { ObjectSchema } from "../schema/object-schema";
import { OBJECT_RULES, type SaveEvent } from "./object-rules";
import type { ParsedRecord } from "./parse-record";
import type { Row, SfValue } from "./record-table";
import type { UndoLog } from "./undo-log";

// The save pipeline, in Salesforce's order: field access, values, lookups, required fields,
// platform rules, validation rules, duplicate rules, unique indexes, then the row lock.

export interface DmlContext {
  org: Org;
  userId: string;
  /** Present for all-or-none units; every mutation registers its inverse here. */
  undo?: UndoLog;
  /** API traffic is subject to injected faults (UNABLE_TO_LOCK_ROW); seeding is not. */
  applyFaults: boolean;
  /** The request's Sforce-Duplicate-Rule-Header (every field defaults to false, as documented). */
  duplicateHeader?: DuplicateRuleHeader;
}

export interface SaveResult {
  success: boolean;
  id?: string;
  created?: boolean;
  errors: RecordError[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TEXT_TYPES = new Set(["string", "textarea", "email", "phone", "url", "picklist", "multipicklist", "combobox", "encryptedstring"]);

const fail = (...errors: RecordError[]): SaveResult => ({ success: false, errors });
const blank = (v: SfValue | undefined): boolean => v === null || v === undefined || v === "";

function referenceLabel(f: DescribeField): string {
  return f.label.replace(/ ID$/, "");
}

function checkReference(org: Org, schema: ObjectSchema, f: DescribeField, value: string): RecordError | undefined {
  const id = normalizeId(value);
  if (f.name === "RecordTypeId" && id === MASTER_RECORD_TYPE_ID) return undefined;
  const targets = f.referenceTo.map((t) => org.schema.get(t));
  if (!id) return recordErr.malformedId(referenceLabel(f), value, f.name);
  // Lookups to objects this emulator does not model (Campaign, Individual…) accept any id.
  if (targets.some((t) => t === undefined)) return undefined;
  const target = targets.find((t) => t!.keyPrefix === id.slice(0, 3));
  if (!target) return recordErr.malformedId(referenceLabel(f), value, f.name);
  const row = org.findById(id);
  if (!row) return recordErr.invalidCrossReference(f.name);
  if (f.name === "RecordTypeId" && row.SobjectType !== schema.name) {
    return { code: "INVALID_CROSS_REFERENCE_KEY", message: `Record Type ID: this ID value isn't valid for the user: ${id}`, fields: [f.name] };
  }
  return undefined;
}

/** Checks one value against its field's metadata; may normalize it (ids to 18 chars, scale). */
function checkValue(org: Org, schema: ObjectSchema, f: DescribeField, values: Row): RecordError | undefined {
  const value = values[f.name];
  if (value === null) return undefined;
  if (TEXT_TYPES.has(f.type) && f.length > 0 && String(value).length > f.length) {
    return recordErr.tooLong(f.label, f.name, String(value), f.length);
  }
  if (f.restrictedPicklist && (f.type === "picklist" || f.type === "multipicklist")) {
    const allowed = new Set(f.picklistValues.filter((p) => p.active).map((p) => p.value));
    const picked = f.type === "multipicklist" ? String(value).split(";") : [String(value)];
    const bad = picked.find((p) => !allowed.has(p));
    if (bad !== undefined) return recordErr.restrictedPicklist(f.label, f.name, String(value));
  }
  if (f.type === "email" && !EMAIL.test(String(value))) return recordErr.invalidEmail(f.label, f.name, String(value));
  if (typeof value === "number" && (f.type === "currency" || f.type === "double" || f.type === "percent")) {
    const integerDigits = f.precision - f.scale;
    if (f.precision > 0 && Math.abs(value) >= 10 ** integerDigits) return recordErr.numberOutOfRange(f.label, f.name, value);
    values[f.name] = Number(value.toFixed(f.scale));
  }
  if (typeof value === "number" && f.type === "int" && Number(f.digits) > 0 && Math.abs(value) >= 10 ** Number(f.digits)) {
    return recordErr.numberOutOfRange(f.label, f.name, value);
  }
  if (f.type === "reference") {
    const problem = checkReference(org, schema, f, String(value));
    if (problem) return problem;
    values[f.name] = normalizeId(value) ?? value;
  }
  return undefined;
}

function resolveRefs(org: Org, parsed: ParsedRecord, values: Row): RecordError | undefined {
  for (const ref of parsed.refs) {
    if (!ref.extField || !ref.target.isExternalIdField(ref.extField)) {
      return { code: "INVALID_FIELD", message: `Provided external ID field does not exist or is not accessible: ${ref.extName}`, fields: [] };
    }
    const value = ref.value === null ? "" : String(ref.value);
    const ids =
      ref.extField.type === "id"
        ? [normalizeId(value)].filter((id): id is string => id !== undefined && org.findById(id) !== undefined)
        : org.table(ref.target).lookup(ref.extField.name, value);
    if (ids.length === 0) return recordErr.foreignKeyNotFound(value, ref.extField.name, ref.target.name);
    if (ids.length > 1) return recordErr.externalIdMatchesMany(ref.extField.name, ids);
    values[ref.lookup.name] = ids[0];
  }
  return undefined;
}

function save(ctx: DmlContext, schema: ObjectSchema, parsed: ParsedRecord, old: Row | undefined): SaveResult {
  const { org } = ctx;
  if (parsed.errors.length > 0) return fail(parsed.errors[0]);
  const values: Row = { ...parsed.values };
  const rules = OBJECT_RULES[schema.name] ?? {};
  const event: SaveEvent = { ctx, schema, row: values, old, values };

  const written = [...Object.keys(values), ...parsed.refs.map((r) => r.lookup.name)];
  const locked = written.filter((name) => {
    const f = schema.field(name)!;
    // Salesforce rejects a read-only field even when the value is unchanged (e.g. OrderId on an
    // existing OrderItem in an upsert): field access is checked before values are compared.
    if (old) return f.type !== "id" && !f.updateable;
    return !f.createable;
  });
  if (locked.length > 0) return fail(recordErr.notWritable(locked));
  const fieldProblem = rules.checkFields?.(event);
  if (fieldProblem) return fail(fieldProblem);

  for (const name of Object.keys(values)) {
    const problem = checkValue(org, schema, schema.field(name)!, values);
    if (problem) return fail(problem);
  }
  const refProblem = resolveRefs(org, parsed, values);
  if (refProblem) return fail(refProblem);

  const row: Row = old ? { ...old, ...values } : { ...Object.fromEntries(schema.defaults), ...values };
  event.row = row;
  const required = old
    ? Object.keys(values)
        .map((name) => schema.field(name)!)
        .filter((f) => !f.nillable && f.type !== "boolean")
    : rules.requiredFields?.(event) ?? schema.requiredOnCreate;
  const missing = required.filter((f) => blank(row[f.name])).map((f) => f.name);
  if (missing.length > 0) return fail(recordErr.required(missing));

  const platformProblem = rules.before?.(event);
  if (platformProblem) return fail(platformProblem);

  const context = { isInsert: !old, old };
  const invalid = org.validationRules
    .filter((r) => r.spec.object.toLowerCase() === schema.name.toLowerCase() && r.test(row, context))
    .map((r) => validationError(r, schema));
  if (invalid.length > 0) return fail(...invalid);

  const table = org.table(schema);
  for (const rule of org.duplicateRules) {
    if (rule.spec.object.toLowerCase() !== schema.name.toLowerCase()) continue;
    // An "Alert" rule lets the save through only when the caller acknowledges it (allowSave=true).
    if ((rule.spec.action ?? "block") === "alert" && ctx.duplicateHeader?.allowSave === true) continue;
    const matches = [...table.live()].filter((other) => other.Id !== row.Id && rule.matches(row, other));
    if (matches.length > 0) return fail(duplicatesDetected(rule.spec, schema, matches, ctx.duplicateHeader));
  }

  for (const f of schema.indexedFields) {
    if (!f.unique || blank(row[f.name]) || (old && row[f.name] === old[f.name])) continue;
    const clash = table.lookup(f.name, row[f.name]).find((id) => id !== row.Id);
    if (clash) return fail(recordErr.duplicateValue(f.name, clash));
  }

  if (ctx.applyFaults && org.faults.lockRow()) return fail(recordErr.lockRow(old?.Id as string | undefined));
  if (ctx.applyFaults && org.faults.triggerLock()) return fail(recordErr.triggerLockRow(schema.name, old?.Id as string | undefined));

  const stamp = org.nowStamp();
  let id: string;
  if (old) {
    id = old.Id as string;
    const changes: Row = { LastModifiedDate: stamp, LastModifiedById: ctx.userId, SystemModstamp: stamp };
    for (const key of Object.keys(row)) if (row[key] !== old[key]) changes[key] = row[key];
    table.update(old, changes, ctx.undo);
  } else {
    id = org.deps.ids.next(schema.keyPrefix);
    Object.assign(row, {
      Id: id,
      IsDeleted: false,
      CreatedDate: stamp,
      CreatedById: ctx.userId,
      LastModifiedDate: stamp,
      LastModifiedById: ctx.userId,
      SystemModstamp: stamp,
    });
    if (schema.field("OwnerId") && blank(row.OwnerId)) row.OwnerId = ctx.userId;
    // A custom object's optional Name defaults to the record id.
    if (schema.describe.custom && schema.field("Name") && blank(row.Name)) row.Name = id;
    table.insert(row, ctx.undo);
  }
  rules.after?.(event, id);
  return { success: true, id, created: !old, errors: [] };
}

export function insertRecord(ctx: DmlContext, schema: ObjectSchema, parsed: ParsedRecord): SaveResult {
  return save(ctx, schema, parsed, undefined);
}

export function updateRecord(ctx: DmlContext, schema: ObjectSchema, row: Row, parsed: ParsedRecord): SaveResult {
  return save(ctx, schema, parsed, row);
}

export type UpsertMatch = { kind: "none" } | { kind: "one"; row: Row } | { kind: "many"; ids: string[] };

export function findByExternalId(org: Org, schema: ObjectSchema, extField: DescribeField, value: string): UpsertMatch {
  if (extField.type === "id") {
    const id = normalizeId(value);
    const row = id ? org.findById(id) : undefined;
    return row ? { kind: "one", row } : { kind: "none" };
  }
  const table = org.table(schema);
  const ids = table.lookup(extField.name, value);
  if (ids.length === 0) return { kind: "none" };
  if (ids.length === 1) return { kind: "one", row: table.get(ids[0])! };
  return { kind: "many", ids };
}

/** Upsert by external id: insert when nothing matches, update one match, refuse several. */
export function upsertRecord(
  ctx: DmlContext,
  schema: ObjectSchema,
  extField: DescribeField,
  value: string,
  parsed: ParsedRecord,
): SaveResult & { match: UpsertMatch } {
  if (extField.type === "id") {
    const id = normalizeId(value);
    if (!id || id.slice(0, 3) !== schema.keyPrefix) {
      return { ...fail(recordErr.malformedId(schema.label, value)), match: { kind: "none" } };
    }
  }
  const match = findByExternalId(ctx.org, schema, extField, value);
  if (match.kind === "many") return { ...fail(recordErr.externalIdMatchesMany(extField.name, match.ids)), match };
  if (match.kind === "one") {
    const values = { ...parsed.values };
    // The external id itself is the key, not a change (and may be read-only, like Id).
    delete values[extField.name];
    return { ...updateRecord(ctx, schema, match.row, { ...parsed, values }), match };
  }
  if (extField.type === "id") return { ...fail(recordErr.invalidCrossReference("Id")), match };
  const values = { ...parsed.values, [extField.name]: value };
  return { ...insertRecord(ctx, schema, { ...parsed, values }), match };
}

function cascade(ctx: DmlContext, schema: ObjectSchema, id: string): void {
  for (const child of ctx.org.schema.all()) {
    for (const f of child.fields) {
      if (f.type !== "reference" || !f.cascadeDelete || !f.referenceTo.includes(schema.name)) continue;
      const table = ctx.org.table(child);
      for (const row of [...table.live()]) if (row[f.name] === id) removeRow(ctx, child, row);
    }
  }
}

function removeRow(ctx: DmlContext, schema: ObjectSchema, row: Row): void {
  cascade(ctx, schema, row.Id as string);
  OBJECT_RULES[schema.name]?.afterDelete?.(ctx, row);
  ctx.org.table(schema).markDeleted(row, ctx.undo, ctx.org.nowStamp());
}

export function deleteRecord(ctx: DmlContext, schema: ObjectSchema, row: Row): SaveResult {
  if (row.IsDeleted) return fail(recordErr.entityIsDeleted());
  if (ctx.applyFaults && ctx.org.faults.lockRow()) return fail(recordErr.lockRow(row.Id as string));
  removeRow(ctx, schema, row);
  return { success: true, id: row.Id as string, errors: [] };
}
