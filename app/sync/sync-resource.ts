// The Shopify resources mirrored into Salesforce; each has its own mapping document and SyncRecords.
export const SYNC_RESOURCES = ["customer", "order", "refund"] as const;
export type SyncResource = (typeof SYNC_RESOURCES)[number];

export function isSyncResource(value: unknown): value is SyncResource {
  return typeof value === "string" && (SYNC_RESOURCES as readonly string[]).includes(value);
}

/** The word a merchant reads in messages ("the customer has no last name"). */
export function resourceNoun(resource: string): string {
  return isSyncResource(resource) ? resource : "record";
}
