import type { FieldMapping, MappingDocument, TargetDefinition } from "../mapping-schema";

// Which mapped Salesforce fields carry a customer's personal data: those computed from Shopify paths
// that hold it (names, email, phone, addresses, notes, the order's customer). customers/redact blanks
// exactly these fields under the "anonymize" policy; ids, amounts, stages and dates stay.

const PERSONAL_SEGMENTS = [
  "email",
  "contact_email",
  "phone",
  "first_name",
  "last_name",
  "default_address",
  "addresses",
  "billing_address",
  "shipping_address",
  "customer",
  "note",
  "browser_ip",
  "client_details",
  "address1",
  "address2",
  "city",
  "zip",
  "province",
  "company",
  "latitude",
  "longitude",
];
const PERSONAL_PATH = new RegExp(`(^|[^A-Za-z0-9_])(${PERSONAL_SEGMENTS.join("|")})([^A-Za-z0-9_]|$)`);

/** Whether a source path or JSONata expression reads personal data. */
export function readsPersonalData(text: string | undefined): boolean {
  return text !== undefined && PERSONAL_PATH.test(text);
}

function fieldIsPersonal(field: FieldMapping): boolean {
  if (readsPersonalData(field.source) || readsPersonalData(field.expression)) return true;
  return field.transforms.some((transform) => transform.kind === "concat" && transform.sources.some((source) => readsPersonalData(source)));
}

/** The personal fields each target of a mapping writes, by target key. */
export function personalFieldsByTarget(document: MappingDocument): Map<string, { target: TargetDefinition; fields: string[] }> {
  const result = new Map<string, { target: TargetDefinition; fields: string[] }>();
  for (const target of document.targets) {
    const fields = target.fields.filter(fieldIsPersonal).map((field) => field.target);
    result.set(target.key, { target, fields });
  }
  return result;
}

/** The target key of a SyncRecord.salesforceIds key (`contact`, or `lineItem:487…` for forEach targets). */
export function targetKeyOfRecordKey(recordKey: string): string {
  const colon = recordKey.indexOf(":");
  return colon === -1 ? recordKey : recordKey.slice(0, colon);
}

/** What a blanked field holds: null, or a placeholder where Salesforce requires a value (Name, LastName). */
export const REDACTED_PLACEHOLDER = "Redacted";
export function anonymizedValue(field: string, required: boolean): string | null {
  return required || field === "Name" || field === "LastName" ? REDACTED_PLACEHOLDER : null;
}
