import { isBlank } from "./json-value";
import { withFields, type PlannedRecord } from "./planned-record";

// Field ownership decides who wins when Shopify and the CRM both edit a field:
//   always      — Shopify's value is written on every sync;
//   create-only — written when the record is created, then the CRM owns it;
//   if-blank    — written while Salesforce has no value: the engine reads the current values once per
//                 batch (current-values.ts); when they could not be read it behaves like create-only;
//   never       — mapped for validation and display but never written;
//   create-and-close — written on create, then only when the value closes the record (an Opportunity's
//                 "Closed Won" / "Closed Lost"): sales own the stages in between.
// "Exists" means our SyncRecord already holds a Salesforce id for the record.

export interface OwnershipContext {
  exists: boolean;
  /** Current Salesforce values of the record, when the caller has read them. */
  currentValues?: Readonly<Record<string, unknown>>;
}

export function applyOwnership(record: PlannedRecord, context: OwnershipContext): PlannedRecord {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record.fields)) {
    if (shouldWrite(record.ownership[name] ?? "always", name, value, context)) fields[name] = value;
  }
  return withFields(record, fields);
}

// Salesforce's standard closed stages (OpportunityStage IsClosed); a shop's order reaches them when paid
// (won) or cancelled, voided or refunded (lost).
const CLOSING_VALUES = new Set(["Closed Won", "Closed Lost"]);
const isClosing = (value: unknown) => typeof value === "string" && CLOSING_VALUES.has(value);

function shouldWrite(ownership: string, name: string, value: unknown, context: OwnershipContext): boolean {
  switch (ownership) {
    case "never":
      return false;
    case "create-only":
      return !context.exists;
    case "create-and-close":
      return !context.exists || isClosing(value);
    case "if-blank":
      if (!context.exists) return true;
      return context.currentValues !== undefined && isBlank(context.currentValues[name]);
    default:
      return true;
  }
}

/**
 * What an update of the record would write regardless of the CRM's values: the "always" fields.
 * Its hash is what decides "unchanged", so edits to create-only data never trigger a pointless call.
 */
export function updateProjection(record: PlannedRecord): Record<string, unknown> {
  const projection: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record.fields)) {
    const ownership = record.ownership[name] ?? "always";
    if (ownership === "always" || (ownership === "create-and-close" && isClosing(value))) projection[name] = value;
  }
  return projection;
}

/** Only the external id would be sent: an existing record gains nothing from the call. */
export function hasNothingToUpdate(record: PlannedRecord): boolean {
  return Object.keys(record.fields).length === 0;
}
