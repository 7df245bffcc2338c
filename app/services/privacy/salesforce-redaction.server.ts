import type { Connection } from "jsforce";
import { anonymizedValue } from "../../sync/privacy/personal-fields";
import type { RedactionPolicy } from "../../sync/privacy/redaction-policy";
import type { SalesforceTarget } from "./customer-footprint.server";

// The Salesforce half of customers/redact. Anonymize blanks the mapped personal fields (a placeholder
// where Salesforce requires a value); delete removes the records, children first. Both go through sObject
// Collections (200 records a call) with allOrNone=false; a record already deleted in Salesforce counts as done.

export interface SalesforceRedactionResult {
  anonymized: Record<string, number>;
  deleted: Record<string, number>;
  alreadyGone: number;
  /** Records Salesforce refused, by object: the request is retried (and then reported) rather than lost. */
  failed: Array<{ object: string; id: string; errorCode: string }>;
}

const GONE = new Set(["ENTITY_IS_DELETED", "NOT_FOUND", "INVALID_CROSS_REFERENCE_KEY", "MALFORMED_ID"]);
const CHUNK = 200;

interface SaveOutcome {
  id?: string | null;
  success: boolean;
  errors?: Array<{ errorCode?: string; statusCode?: string }>;
}

export async function redactInSalesforce(
  conn: Connection,
  policy: Exclude<RedactionPolicy, "record-only">,
  targets: SalesforceTarget[],
  requiredFields: (object: string) => Set<string>,
): Promise<SalesforceRedactionResult> {
  const result: SalesforceRedactionResult = { anonymized: {}, deleted: {}, alreadyGone: 0, failed: [] };
  const tally = (bucket: Record<string, number>, object: string) => (bucket[object] = (bucket[object] ?? 0) + 1);
  const settle = (object: string, ids: string[], outcomes: SaveOutcome[], bucket: Record<string, number>) => {
    outcomes.forEach((outcome, index) => {
      if (outcome.success) return tally(bucket, object);
      const errorCode = outcome.errors?.[0]?.errorCode ?? outcome.errors?.[0]?.statusCode ?? "UNKNOWN";
      if (GONE.has(errorCode)) result.alreadyGone++;
      else result.failed.push({ object, id: ids[index], errorCode });
    });
  };

  if (policy === "anonymize") {
    for (const [object, group] of groupBy(targets.filter((target) => target.personalFields.length > 0), (target) => target.object)) {
      const required = requiredFields(object);
      for (const chunk of chunks(group, CHUNK)) {
        const records = chunk.map((target) => ({
          Id: target.id,
          ...Object.fromEntries(target.personalFields.map((field) => [field, anonymizedValue(field, required.has(field))])),
        }));
        const outcomes = (await conn.sobject(object).update(records, { allOrNone: false })) as SaveOutcome[];
        settle(object, chunk.map((target) => target.id), outcomes, result.anonymized);
      }
    }
    return result;
  }

  // Delete: order records (and their lines) before the Contact, the Contact before its Account.
  const ordered = [...targets].sort((a, b) => b.order - a.order);
  for (const [object, group] of groupBy(ordered, (target) => target.object)) {
    for (const chunk of chunks(group, CHUNK)) {
      const ids = chunk.map((target) => target.id);
      const outcomes = (await conn.sobject(object).destroy(ids, { allOrNone: false })) as SaveOutcome[];
      settle(object, ids, outcomes, result.deleted);
    }
  }
  return result;
}

/** Groups preserving first-seen order of the keys. */
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
