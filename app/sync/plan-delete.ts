import type { MappingDocument, Ownership } from "./mapping-schema";
import type { PlannedRecord } from "./planned-record";
import type { SyncRecordState } from "./ports";

// customers/delete carries only the id. With the "mark-deleted" policy the records already synced for
// the customer are updated by their Salesforce id (known from the SyncRecord), so nothing is created
// for a customer Salesforce never had. With "ignore", Salesforce is left as it is.

export interface DeletePlan {
  records: PlannedRecord[];
  /** Why nothing is written, when nothing is. */
  note: string | null;
}

export function planDeletedCustomer(document: MappingDocument, syncRecord: SyncRecordState | null): DeletePlan {
  const policy = document.policies.deletedCustomers ?? { action: "ignore" as const, fields: {} };
  if (policy.action === "ignore") return { records: [], note: "Deleted in Shopify; kept in Salesforce (deleted customers policy: ignore)." };
  const keys = policy.targets ?? document.targets.filter((target) => target.forEach === undefined).map((target) => target.key);
  const records: PlannedRecord[] = [];
  for (const key of keys) {
    const target = document.targets.find((candidate) => candidate.key === key);
    const salesforceId = syncRecord?.salesforceIds[key];
    if (!target || !salesforceId) continue;
    const ownership: Record<string, Ownership> = {};
    for (const name of Object.keys(policy.fields)) ownership[name] = "always";
    records.push({
      key,
      target: key,
      object: target.object,
      externalIdField: "Id",
      externalId: salesforceId,
      fields: { ...policy.fields },
      ownership,
      dependsOn: [],
      references: [],
      shared: false,
      autoTruncate: [],
      matchKeys: [],
      sources: {},
    });
  }
  return { records, note: records.length === 0 ? "Deleted in Shopify; nothing to mark because it was never synced to Salesforce." : null };
}
