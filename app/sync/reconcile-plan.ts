// Reconciliation: compare what Shopify has with what we synced, and say what to repair.
// Pure: the service brings Shopify's (id, updated_at) list, our SyncRecords and the ids Salesforce
// reports deleted; this decides. A record is in sync when its SyncRecord is synced at (or after) the
// version Shopify has now and none of its Salesforce records was deleted.

export type RepairKind = "missing" | "stale" | "deleted-in-salesforce" | "failed";

export interface ShopifyVersion {
  shopifyId: string;
  updatedAt: string;
}

export interface SyncedVersion {
  shopifyId: string;
  status: string;
  sourceUpdatedAt: Date | null;
  salesforceIds: Record<string, string>;
}

export interface Repair {
  shopifyId: string;
  kind: RepairKind;
}

export interface ReconcileDiff {
  total: number;
  inSync: number;
  repairs: Repair[];
}

export function diffRecords(shopify: readonly ShopifyVersion[], synced: ReadonlyMap<string, SyncedVersion>, deletedInSalesforce: ReadonlySet<string>): ReconcileDiff {
  const repairs: Repair[] = [];
  for (const record of shopify) {
    const own = synced.get(record.shopifyId);
    if (!own) {
      repairs.push({ shopifyId: record.shopifyId, kind: "missing" });
      continue;
    }
    if (Object.values(own.salesforceIds).some((id) => deletedInSalesforce.has(id) || deletedInSalesforce.has(id.slice(0, 15)))) {
      repairs.push({ shopifyId: record.shopifyId, kind: "deleted-in-salesforce" });
      continue;
    }
    if (own.status !== "synced") {
      repairs.push({ shopifyId: record.shopifyId, kind: own.status === "pending" ? "missing" : "failed" });
      continue;
    }
    const shopifyAt = Date.parse(record.updatedAt);
    if (own.sourceUpdatedAt && !Number.isNaN(shopifyAt) && own.sourceUpdatedAt.getTime() < shopifyAt) repairs.push({ shopifyId: record.shopifyId, kind: "stale" });
  }
  return { total: shopify.length, inSync: shopify.length - repairs.length, repairs };
}

/** Records in sync / records in Shopify, as a percentage with one decimal (100 for an empty shop). */
export function completeness(inSync: number, total: number): number {
  if (total <= 0) return 100;
  return Math.floor((inSync / total) * 1000) / 10;
}
