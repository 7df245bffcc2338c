import type { ReverseObject } from "./reverse-fields";

// Where Salesforce changes come from. Today: polling by SystemModstamp (one SOQL query per object per
// interval, see app/services/reverse-sync/soql-change-source.server.ts). Orgs with Change Data Capture
// can feed the same reconcile step from the Pub/Sub API instead: subscribe to /data/ContactChangeEvent,
// keep the last replayId as the watermark (instead of a timestamp), and map each event's
// ChangeEventHeader (recordIds, changedFields, commitTimestamp) to SalesforceChange values. Echo and
// conflict rules do not change: they compare values, not how the change was noticed.

export interface SalesforceChange {
  /** Salesforce record id. */
  id: string;
  /** Our external id on the record: the Shopify customer id. */
  externalId: string;
  /** SystemModstamp (or CDC commitTimestamp). */
  modstamp: Date;
  /** Values of the object's reverse fields, by Salesforce field name. */
  values: Record<string, unknown>;
}

export interface ChangeBatch {
  changes: SalesforceChange[];
  /** Newest position read; pass it back as `since` next time (null: nothing new). */
  watermark: Date | null;
  /** Salesforce API calls spent (query + queryMore pages). */
  apiCalls: number;
}

export interface SalesforceChangeSource {
  read(shop: string, object: ReverseObject, since: Date): Promise<ChangeBatch>;
  /** Current values of records by our external id (customers with a held Shopify edit). */
  readRecords(shop: string, object: ReverseObject, externalIds: readonly string[]): Promise<ChangeBatch>;
  /** One page of every record carrying our external id, in Id order after `afterId` (the initial reconciliation pass). */
  readPage(shop: string, object: ReverseObject, afterId: string | null, limit: number): Promise<ChangeBatch & { lastId: string | null; complete: boolean }>;
  /** Writes held Shopify values to Salesforce: upsert by our external id, one call per 200 records. */
  write(shop: string, object: ReverseObject, records: ReadonlyArray<Record<string, unknown>>): Promise<{ failed: Map<string, string>; apiCalls: number }>;
}

export const DEFAULT_POLL_INTERVAL_MS = 60_000;
/**
 * Re-read window behind the watermark. SystemModstamp is set when a transaction starts writing, but the
 * row is visible only at commit, so a long transaction can surface with a timestamp older than rows
 * already read. Re-reading is harmless: a value we already handled compares equal and writes nothing.
 */
export const DEFAULT_OVERLAP_MS = 5 * 60_000;

/** Where the next read starts: the watermark minus the overlap. */
export function readFrom(watermark: Date, overlapMs: number): Date {
  return new Date(watermark.getTime() - overlapMs);
}
