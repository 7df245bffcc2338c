import type { DocumentIssue } from "../../sync/issue-path";
import type { MappingDocument } from "../../sync/mapping-schema";
import { createDescribeLookup, type FieldDescribe, type SObjectDescribe } from "../../sync/sobject-describe";
import type { FieldOptionsByObject } from "./field-options";

// What the mapping screen needs from the org's cached describe: a compact field list per object for the
// target-field picker (field-options.ts, client side), and the "your org has no such field" check that
// blocks a save.

/** Salesforce's own notion of "required on create": not nillable, not defaulted, not a checkbox. */
export function isRequiredField(field: FieldDescribe): boolean {
  return field.createable && !field.nillable && !field.defaultedOnCreate && field.type !== "boolean";
}

export function fieldOptions(describes: Readonly<Record<string, SObjectDescribe>>): FieldOptionsByObject {
  const out: FieldOptionsByObject = {};
  for (const [object, describe] of Object.entries(describes)) {
    out[object] = describe.fields
      .map((field) => ({
        name: field.name,
        type: field.type,
        length: field.length,
        required: isRequiredField(field),
        writable: field.createable || field.updateable,
        externalId: field.externalId,
        relationshipName: field.relationshipName,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
  return out;
}

/**
 * Fields, external ids and relationships the org does not have, by document path. Objects without a cached
 * describe are not checked (custom objects the setup check did not read): the sync pre-flight still is.
 */
export function checkAgainstDescribes(document: MappingDocument, describes: Readonly<Record<string, SObjectDescribe>>, describedAt: string | null): DocumentIssue[] {
  const lookup = createDescribeLookup(describes);
  const when = describedAt ? ` (describe read ${describedAt.slice(0, 10)})` : "";
  const issues: DocumentIssue[] = [];
  document.targets.forEach((target, t) => {
    const index = lookup(target.object);
    if (!index) return;
    const missing = (name: string) => `${target.object}.${name} does not exist in your Salesforce org${when}. Create it in Salesforce and run the setup check, or pick another field.`;
    if (!index.field(target.externalIdField)) issues.push({ path: `targets[${t}].externalIdField`, message: missing(target.externalIdField) });
    target.references.forEach((reference, r) => {
      if (!index.relationship(reference.relationshipName)) {
        issues.push({ path: `targets[${t}].references[${r}].relationshipName`, message: `${target.object} has no relationship named ${reference.relationshipName}${when}.` });
      }
    });
    target.fields.forEach((field, f) => {
      if (!index.field(field.target)) issues.push({ path: `targets[${t}].fields[${f}].target`, message: missing(field.target) });
    });
  });
  return issues;
}
