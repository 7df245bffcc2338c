import type { OrgHandle } from "./salesforce";

const SYSTEM_FIELDS = new Set(["Id", "CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById", "SystemModstamp", "OwnerId"]);
const EXTERNAL_ID_FIELDS = ["Shopify_Customer_Id__c", "Shopify_Order_Id__c", "Shopify_Line_Item_Id__c", "Shopify_Variant_Id__c", "Shopify_Refund_Id__c"];
export const SYNCED_OBJECTS = ["Account", "Contact", "Opportunity", "OpportunityLineItem", "Product2", "PricebookEntry", "Shopify_Refund__c"];

/**
 * What an org holds, independent of record ids and timestamps: each record keyed by its external id,
 * references rewritten to the referenced record's external id. Two orgs that received the same data in
 * any order, any number of times, have equal snapshots.
 */
export function snapshotOrg(org: OrgHandle, objects = SYNCED_OBJECTS): Record<string, Record<string, Record<string, unknown>>> {
  const externalIdById = new Map<string, string>();
  const rowsByObject = new Map(objects.map((object) => [object, org.records(object)]));
  for (const [object, rows] of rowsByObject) {
    for (const row of rows) externalIdById.set(String(row.Id), `${object}:${externalIdOf(row) ?? String(row.Name ?? row.Id)}`);
  }
  for (const row of org.records("Pricebook2")) externalIdById.set(String(row.Id), `Pricebook2:${String(row.Name)}`);
  const snapshot: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [object, rows] of rowsByObject) {
    snapshot[object] = {};
    for (const row of rows) {
      const record: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(row).sort(([a], [b]) => a.localeCompare(b))) {
        if (SYSTEM_FIELDS.has(field)) continue;
        record[field] = typeof value === "string" && externalIdById.has(value) ? externalIdById.get(value) : value;
      }
      snapshot[object][externalIdOf(row) ?? String(row.Name)] = record;
    }
  }
  return snapshot;
}

function externalIdOf(row: Record<string, unknown>): string | undefined {
  for (const field of EXTERNAL_ID_FIELDS) if (typeof row[field] === "string") return row[field] as string;
  return undefined;
}

export function countRecords(org: OrgHandle, objects = SYNCED_OBJECTS): Record<string, number> {
  return Object.fromEntries(objects.map((object) => [object, org.records(object).length]));
}

/**
 * Drops fields whose final value legitimately depends on arrival order: Account.Description is
 * "if-blank" in the default mapping, so it keeps whichever customer version first filled it.
 */
export function withoutOrderDependentFields(snapshot: ReturnType<typeof snapshotOrg>): ReturnType<typeof snapshotOrg> {
  return {
    ...snapshot,
    Account: Object.fromEntries(
      Object.entries(snapshot.Account ?? {}).map(([key, record]) => {
        const { Description: _description, ...rest } = record;
        return [key, rest];
      }),
    ),
  };
}
