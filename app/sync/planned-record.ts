import type { Ownership } from "./mapping-schema";

/**
 * One Salesforce record a Shopify payload maps to, ready to validate and upsert by external id.
 * Values are exact (ids are strings); references are already in Salesforce relationship syntax,
 * e.g. fields.Account = { Shopify_Customer_Id__c: "706405506930370084" }.
 */
export interface PlannedRecord {
  /** Unique within the event: the target key, or `targetKey:externalId` for forEach targets. */
  key: string;
  /** The mapping target that produced it. */
  target: string;
  object: string;
  externalIdField: string;
  externalId: string;
  fields: Record<string, unknown>;
  /** Ownership of every key in `fields` (fields and references). */
  ownership: Record<string, Ownership>;
  /** Keys of records in the same event that must be written before this one. */
  dependsOn: string[];
  /**
   * The parents its relationship fields point at. When a parent is written in the same batch (a
   * refund's order from another event), the planner sends the parent first.
   */
  references: ParentReference[];
  /** Tracked by its Salesforce identity across Shopify records (products, price book entries). */
  shared: boolean;
  /** Fields to cut to the org's describe length during pre-flight. */
  autoTruncate: string[];
  /** Fields left out (with a warning) when the org does not have them. */
  skipIfMissing?: string[];
  /** Two-way fields: left out of the content hash; when present they are a real change and always sent. */
  hashExempt?: string[];
  /** Fields used to adopt an existing Salesforce record on first sync (off unless the mapping lists them). */
  matchKeys: string[];
  /** The Shopify path each path-mapped field came from, for messages and source-level rules. */
  sources: Record<string, string>;
}

export interface ParentReference {
  relationshipName: string;
  object: string;
  externalIdField: string;
  externalId: string;
}

export function withFields(record: PlannedRecord, fields: Record<string, unknown>): PlannedRecord {
  const ownership: Record<string, Ownership> = {};
  for (const name of Object.keys(fields)) ownership[name] = record.ownership[name] ?? "always";
  return { ...record, fields, ownership };
}

export function withoutField(record: PlannedRecord, field: string): PlannedRecord {
  const fields = { ...record.fields };
  delete fields[field];
  return withFields(record, fields);
}
