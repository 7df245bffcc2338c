import { salesforceErrorCode, type SalesforceErrorLike } from "./errors";
import type { DuplicateResult } from "./ports";

// Merchants read these on the activity screen: say which record and field, why, and what to do.
// Salesforce's own words are kept at the end for whoever debugs with the Salesforce admin.

export interface SalesforceErrorDetail extends SalesforceErrorLike {
  fields?: readonly string[];
  duplicateResult?: DuplicateResult;
}

/** The Salesforce ids a DUPLICATES_DETECTED error names (duplicateResult.matchResults[].matchRecords[].record.Id). */
export function duplicateMatchIds(error: { duplicateResult?: DuplicateResult }): string[] {
  const ids = (error.duplicateResult?.matchResults ?? []).flatMap((result) => (result.matchRecords ?? []).map((match) => match.record?.Id));
  return [...new Set(ids.filter((id): id is string => typeof id === "string" && id !== ""))];
}

export interface ExplainContext {
  /** sObject the record was written to, e.g. "Contact". */
  object?: string;
  /** "customer" | "order" | "refund" — what the merchant calls the Shopify side. */
  resource?: string;
}

const FOREIGN_KEY = /Foreign key external ID: (.+?) not found for field (\S+) in entity (\S+)/i;

export function explainSalesforceError(error: SalesforceErrorDetail, context: ExplainContext = {}): string {
  const code = salesforceErrorCode(error) ?? "UNKNOWN_ERROR";
  const object = context.object ?? "record";
  const fields = (error.fields ?? []).filter((field) => field !== "");
  const fieldList = fields.length > 0 ? fields.map((field) => `${object}.${field}`).join(", ") : `a field on ${object}`;
  const original = error.message ? ` Salesforce said: "${error.message}"` : "";
  const resource = context.resource ?? "record";

  switch (code) {
    case "REQUIRED_FIELD_MISSING":
      return `${fieldList} is required by Salesforce but the ${resource} has no value for it. Map a source or add a default value in the mapping, then replay.${original}`;
    case "INVALID_FIELD": {
      const foreignKey = FOREIGN_KEY.exec(error.message ?? "");
      if (foreignKey) {
        return `The related ${foreignKey[3]} with ${foreignKey[2]} = ${foreignKey[1]} is not in Salesforce yet. The sync retries automatically once it has been synced; if it never appears, sync the parent record first.${original}`;
      }
      return `Salesforce does not accept ${fieldList}: the field is missing or hidden from the integration user. Check the field name in the mapping and its field-level security.${original}`;
    }
    case "INVALID_FIELD_FOR_INSERT_UPDATE":
      return `Salesforce does not allow writing ${fieldList} on this ${object}. Set its ownership to "create-only" or "never" in the mapping, then replay.${original}`;
    case "DUPLICATE_VALUE":
      return `Another ${object} already uses this value in ${fieldList}, which must be unique. Merge or clear the duplicate in Salesforce, then replay.${original}`;
    case "DUPLICATES_DETECTED": {
      const ids = duplicateMatchIds(error);
      const rule = error.duplicateResult?.duplicateRule ? ` (${error.duplicateResult.duplicateRule})` : "";
      const named = ids.length > 0 ? ` It matches the existing ${object} ${ids.join(", ")}: link this ${resource} to it from the event page, merge the records in Salesforce, or ask your admin to change the rule, then replay.` : ` Merge the existing record, or let the integration user save duplicates (or enable "match by" in the mapping), then replay.`;
      return `A duplicate rule in Salesforce${rule} blocked this ${object}.${named}${original}`;
    }
    case "FIELD_CUSTOM_VALIDATION_EXCEPTION":
      return `A validation rule in your Salesforce org rejected this ${object}. Fix the data in Shopify or ask your Salesforce admin to adjust the rule, then replay.${original}`;
    case "STRING_TOO_LONG":
      return `The value for ${fieldList} is longer than Salesforce allows. Add a "truncate" transform to the mapping, then replay.${original}`;
    case "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST":
      // A currency the org has not activated (the engine holds these first; this is when the org changed since).
      if (fields.includes("CurrencyIsoCode")) {
        return `${object}.CurrencyIsoCode: the currency is not active in your Salesforce org. Activate it in Setup → Company Settings → Manage Currencies, run the setup check, then replay.${original}`;
      }
      return `${fieldList} only accepts the picklist values configured in Salesforce, and the value sent is not one of them. Add a value map in the mapping or add the value to the picklist, then replay.${original}`;
    case "INVALID_EMAIL_ADDRESS":
      return `${fieldList} is not a valid email address for Salesforce. Correct it in Shopify or add a validation rule, then replay.${original}`;
    case "FIELD_INTEGRITY_EXCEPTION":
      if (/currency code does not match/i.test(error.message ?? "")) {
        return `The ${object}'s price book entry is in another currency than its ${object === "OrderItem" ? "Order" : "Opportunity"}. This happens when the order currency setting changed after the order was first synced: keep the setting, or re-create the record in Salesforce, then replay.${original}`;
      }
    // falls through
    case "INVALID_CROSS_REFERENCE_KEY":
    case "MALFORMED_ID":
      return `Salesforce rejected a reference in ${fieldList}: the related record does not exist or is the wrong type. Check the mapping's references (and the standard price book for products), then replay.${original}`;
    case "ENTITY_IS_DELETED":
      return `The ${object} was deleted in Salesforce. Restore it from the recycle bin or clear its sync record, then replay.${original}`;
    case "INSUFFICIENT_ACCESS_OR_READONLY":
    case "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY":
      return `The Salesforce integration user may not write this ${object}. Ask your Salesforce admin to grant access, then replay.${original}`;
    case "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY":
      return `An automation (trigger or flow) in your Salesforce org failed while saving this ${object}. Ask your Salesforce admin to check it, then replay.${original}`;
    case "INVALID_TYPE":
    case "NOT_FOUND":
      return `Salesforce does not know the object or external ID field used for ${object}. Run the setup check to create it, then replay.${original}`;
    case "UNABLE_TO_LOCK_ROW":
      return `Salesforce was busy updating the same ${object}; the sync retries automatically.${original}`;
    case "REQUEST_LIMIT_EXCEEDED":
      return `Your Salesforce org has used its API allowance; syncing pauses and resumes automatically.${original}`;
    case "INVALID_SESSION_ID":
      return `The Salesforce connection has expired. Reconnect Salesforce in Settings; waiting events resume afterwards.${original}`;
    default:
      return `Salesforce rejected the ${object} (${code}).${original}`;
  }
}
