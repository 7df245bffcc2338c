import { isBlank, isPlainObject } from "./json-value";
import { withFields, type PlannedRecord } from "./planned-record";
import type { DescribeLookup, FieldDescribe } from "./sobject-describe";
import { describeValue, truncate } from "./transforms";
import { makeViolation, type Violation } from "./violation";

// Checks a record against the org's describe before it is sent, so the rejections Salesforce would
// make (unknown field, required field, too long, restricted picklist, wrong type) never cost an API
// call, and the merchant reads why in their own terms. Objects without a cached describe pass as is.

export interface PreflightOptions {
  /** The record is known to exist in Salesforce (this upsert updates it). */
  exists: boolean;
  describes: DescribeLookup;
  /** "customer" | "order" | "refund", for messages. */
  resource: string;
}

export interface PreflightResult {
  record: PlannedRecord;
  violations: Violation[];
}

const STRING_TYPES = new Set(["string", "textarea", "email", "phone", "url", "picklist", "multipicklist", "combobox", "encryptedstring"]);
const NUMBER_TYPES = new Set(["double", "currency", "percent", "int", "long"]);
const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// Person accounts are written with LastName; Salesforce fills the compound Name from it.
const REQUIRED_ALTERNATIVES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  account: { name: ["LastName"] },
};

export function preflightRecord(record: PlannedRecord, options: PreflightOptions): PreflightResult {
  const index = options.describes(record.object);
  if (!index) return { record, violations: [] };
  const violations: Violation[] = [];
  const fields: Record<string, unknown> = { ...record.fields };
  const label = (name: string) => `${record.object}.${name}`;
  const block = (field: string, rule: string, message: string) =>
    violations.push(makeViolation({ field: label(field), rule: `describe:${rule}`, message, action: "block", recordKey: record.key }));
  const drop = (field: string, rule: string, message: string) => {
    delete fields[field];
    violations.push(makeViolation({ field: label(field), rule: `describe:${rule}`, message, action: "drop-field", recordKey: record.key }));
  };

  const externalIdField = index.field(record.externalIdField);
  if (!externalIdField) {
    block(record.externalIdField, "unknown-field", `${label(record.externalIdField)} does not exist in your Salesforce org (or the integration user cannot see it). Run the setup check: it lists the external ID fields to create.`);
  } else if (!isMatchable(externalIdField)) {
    block(record.externalIdField, "not-external-id", `${label(record.externalIdField)} is not marked as an External ID in Salesforce, so records cannot be matched by it. Edit the field and tick "External ID".`);
  }

  for (const [name, value] of Object.entries(record.fields)) {
    if (isPlainObject(value)) {
      checkReference(name, value);
      continue;
    }
    const field = index.field(name);
    if (!field && record.skipIfMissing?.includes(name)) {
      drop(name, "unknown-field", `${label(name)} does not exist in your Salesforce org, so it is not sent. Run the setup check: it lists the fields to create.`);
      continue;
    }
    if (!field) {
      block(name, "unknown-field", `${label(name)} does not exist in your Salesforce org (or the integration user cannot see it). Create the field or remove it from the mapping.`);
      continue;
    }
    if (!writable(field, name)) continue;
    if (isBlank(value)) {
      if (!field.nillable && field.type !== "boolean") {
        if (!options.exists && isRequiredOnCreate(field)) continue; // reported by the required check below
        drop(name, "required", `${label(name)} cannot be empty in Salesforce, so the empty value from the ${options.resource} is not sent.`);
      }
      continue;
    }
    const checked = checkValue(field, name, value);
    if (checked !== undefined) fields[name] = checked;
  }

  if (!options.exists) {
    for (const field of index.describe.fields) {
      if (!isRequiredOnCreate(field) || field.name.toLowerCase() === record.externalIdField.toLowerCase()) continue;
      if (providesValue(field, fields)) continue;
      const alternatives = REQUIRED_ALTERNATIVES[record.object.toLowerCase()]?.[field.name.toLowerCase()] ?? [];
      if (alternatives.some((alt) => Object.keys(fields).some((name) => name.toLowerCase() === alt.toLowerCase() && !isBlank(fields[name])))) continue;
      block(field.name, "required", requiredMessage(record, field, options.resource));
    }
  }

  return { record: withFields(record, fields), violations };

  function writable(field: FieldDescribe, name: string): boolean {
    if (options.exists && !field.updateable) {
      drop(name, "not-updateable", `Salesforce does not allow updating ${label(name)}, so it is only set when the record is created. Mark it "create-only" in the mapping to silence this.`);
      return false;
    }
    if (!options.exists && !field.createable) {
      drop(name, "not-createable", `Salesforce does not allow setting ${label(name)} (it is computed or read-only), so it is not sent. Remove it from the mapping.`);
      return false;
    }
    return true;
  }

  function checkReference(name: string, value: Record<string, unknown>): void {
    const field = index?.relationship(name);
    if (!field) {
      block(name, "unknown-relationship", `${label(name)} is not a relationship on ${record.object}. Use the relationship name of a lookup field (e.g. Account for AccountId).`);
      return;
    }
    if (!writable(field, name)) return;
    const [parentField] = Object.keys(value);
    if (parentField === undefined) return;
    for (const parentObject of field.referenceTo) {
      const parent = options.describes(parentObject);
      if (!parent) return; // unknown parent describe: nothing to check
      const target = parent.field(parentField);
      if (target && isMatchable(target)) return;
    }
    if (field.referenceTo.length > 0 && field.referenceTo.every((object) => options.describes(object) !== undefined)) {
      block(name, "unknown-parent-key", `${label(name)} refers to ${field.referenceTo.join("/")} by ${parentField}, which is not an External ID field there. Run the setup check to create it.`);
    }
  }

  function checkValue(field: FieldDescribe, name: string, value: unknown): unknown {
    const type = field.type;
    if (STRING_TYPES.has(type)) {
      if (typeof value === "object") {
        block(name, "type", `${label(name)} expects text but the mapping produced ${describeValue(value)}.`);
        return undefined;
      }
      let text = String(value);
      if (field.length > 0 && text.length > field.length) {
        if (record.autoTruncate.includes(name)) text = truncate(text, field.length);
        else {
          block(name, "too-long", `${label(name)} holds at most ${field.length} characters in Salesforce, but the ${options.resource}'s value has ${text.length}. Add a "truncate" transform to the mapping.`);
          return undefined;
        }
      }
      if (type === "email" && !EMAIL.test(text)) {
        block(name, "email", `${label(name)} must be an email address in Salesforce, but the ${options.resource} has ${describeValue(text)}.`);
      }
      if ((type === "picklist" || type === "multipicklist") && field.restrictedPicklist) {
        const allowed = field.picklistValues.filter((entry) => entry.active).map((entry) => entry.value);
        const chosen = type === "multipicklist" ? text.split(";") : [text];
        const bad = chosen.filter((choice) => !allowed.includes(choice));
        if (bad.length > 0) {
          const shown = allowed.slice(0, 10).map((v) => `"${v}"`).join(", ") + (allowed.length > 10 ? ", …" : "");
          block(name, "picklist", `${label(name)} only accepts ${shown} in Salesforce, but the ${options.resource} has ${describeValue(bad.join(";"))}. Add a value map to the mapping or add the value to the picklist.`);
        }
      }
      return typeof value === "string" ? text : value;
    }
    if (NUMBER_TYPES.has(type)) {
      const number = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
      if (!Number.isFinite(number) || ((type === "int" || type === "long") && !Number.isInteger(number))) {
        block(name, "type", `${label(name)} expects ${type === "int" || type === "long" ? "a whole number" : "a number"} but the mapping produced ${describeValue(value)}. Add a "number" or "currency" transform.`);
      }
      return value;
    }
    if (type === "boolean" && typeof value !== "boolean") {
      block(name, "type", `${label(name)} is a checkbox but the mapping produced ${describeValue(value)}. Add a "boolean" transform.`);
    } else if (type === "date" && !(typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value))) {
      block(name, "type", `${label(name)} expects a date (YYYY-MM-DD) but the mapping produced ${describeValue(value)}. Add a "date" transform.`);
    } else if (type === "datetime" && !(typeof value === "string" && !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value))) {
      block(name, "type", `${label(name)} expects a date and time but the mapping produced ${describeValue(value)}. Add a "datetime" transform.`);
    } else if ((type === "reference" || type === "id") && !(typeof value === "string" && SALESFORCE_ID.test(value))) {
      block(name, "type", `${label(name)} expects a Salesforce record id but the mapping produced ${describeValue(value)}.`);
    }
    return value;
  }
}

function isMatchable(field: FieldDescribe): boolean {
  return field.externalId || field.idLookup === true || field.name === "Id";
}

function isRequiredOnCreate(field: FieldDescribe): boolean {
  return field.createable && !field.nillable && !field.defaultedOnCreate && field.type !== "boolean";
}

function providesValue(field: FieldDescribe, fields: Record<string, unknown>): boolean {
  for (const [name, value] of Object.entries(fields)) {
    const lower = name.toLowerCase();
    if (lower === field.name.toLowerCase() && !isBlank(value)) return true;
    if (field.relationshipName && lower === field.relationshipName.toLowerCase() && isPlainObject(value)) return true;
  }
  return false;
}

function requiredMessage(record: PlannedRecord, field: FieldDescribe, resource: string): string {
  const label = `${record.object}.${field.name}`;
  const mapped = Object.keys(record.fields).find((name) => name.toLowerCase() === field.name.toLowerCase());
  const sourceKey = Object.keys(record.sources).find((name) => name.toLowerCase() === field.name.toLowerCase());
  const contextSource = sourceKey !== undefined ? record.sources[sourceKey] : undefined;
  if (contextSource?.startsWith("$context.")) {
    return `${label} is required by Salesforce and comes from the connection's ${contextSource.slice("$context.".length)}, which is not known yet. Run the setup check (or reconnect Salesforce), then replay.`;
  }
  if (mapped === undefined && sourceKey === undefined && !(field.relationshipName && record.fields[field.relationshipName] !== undefined)) {
    return `${label} is required by Salesforce but the mapping does not set it. Add it to the ${record.object} mapping (with a default value if the ${resource} may not have one).`;
  }
  const source = record.sources[mapped ?? sourceKey ?? ""];
  const what = source ? `no ${humanize(source)}` : "no value for it";
  return `${label} is required by Salesforce but the ${resource} has ${what}. Add a default value in the mapping or fill it in Shopify, then replay.`;
}

function humanize(path: string): string {
  const last = path.split(".").pop() ?? path;
  return last.replace(/_/g, " ");
}
