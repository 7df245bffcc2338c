import type { PlannedRecord } from "./planned-record";
import { salesforceIdentity } from "./record-key";

// Turns the records of many events into as few sObject Collections calls as possible: one call per
// (object, external id field) and dependency level, ≤200 records each. The same Salesforce record
// written by several events (a product on many orders, a customer's Account from an order and from
// the customer itself) is sent once; its fields are merged, the newest event winning conflicts.

export const MAX_COLLECTION_SIZE = 200;

export interface UpsertItem {
  eventId: string;
  /** Higher is newer. */
  rank: number;
  /** Fields as they will be sent (ownership and pre-flight applied). */
  record: PlannedRecord;
}

export interface RecordOwner {
  eventId: string;
  recordKey: string;
}

export interface PlannedUpsert {
  identity: string;
  object: string;
  externalIdField: string;
  externalId: string;
  fields: Record<string, unknown>;
  /**
   * What to send instead if Salesforce says the record already exists and refuses its create-only
   * fields (our SyncRecord did not know it: a lost save, a concurrent worker). Null when the same.
   */
  updateFields: Record<string, unknown> | null;
  owners: RecordOwner[];
  /** Identities that must succeed before this record is sent. */
  parents: string[];
  level: number;
}

export interface UpsertCall {
  object: string;
  externalIdField: string;
  level: number;
  records: PlannedUpsert[];
}

export interface UpsertPlan {
  /** In execution order: parents' calls before their dependents'. */
  calls: UpsertCall[];
  records: ReadonlyMap<string, PlannedUpsert>;
  /** Event id + record key → identity, to map results back to events. */
  identityOf(eventId: string, recordKey: string): string | undefined;
}

export function planUpserts(items: readonly UpsertItem[], options: { chunkSize?: number; maxChunkSize?: number } = {}): UpsertPlan {
  // maxChunkSize lifts the collections cap for ports that send large calls another way (Bulk API 2.0).
  const cap = options.maxChunkSize ?? MAX_COLLECTION_SIZE;
  const chunkSize = Math.max(1, Math.min(options.chunkSize ?? MAX_COLLECTION_SIZE, cap));
  const records = new Map<string, PlannedUpsert>();
  const order = new Map<string, number>();
  const keyToIdentity = new Map<string, string>();
  const ownerKey = (eventId: string, recordKey: string) => `${eventId}\u0000${recordKey}`;

  items.forEach((item, position) => {
    const { record } = item;
    const identity = salesforceIdentity(record.object, record.externalIdField, record.externalId);
    keyToIdentity.set(ownerKey(item.eventId, record.key), identity);
    if (!order.has(identity)) order.set(identity, position);
  });

  // Merge oldest first so the newest event's values overwrite; input order breaks rank ties.
  const byAge = items.map((item, position) => ({ item, position })).sort((a, b) => a.item.rank - b.item.rank || a.position - b.position);
  for (const { item } of byAge) {
    const { record } = item;
    const identity = keyToIdentity.get(ownerKey(item.eventId, record.key)) as string;
    const existing = records.get(identity);
    const merged: PlannedUpsert = existing ?? {
      identity,
      object: record.object,
      externalIdField: record.externalIdField,
      externalId: record.externalId,
      fields: {},
      updateFields: {},
      owners: [],
      parents: [],
      level: 0,
    };
    // A field another event writes as `always` is the truth for the record: a newer event's create-only
    // value (e.g. a refund's money from refunds/create vs the settled money orders/updated carries) never
    // overrides it, whichever order the events arrived in.
    const alwaysSoFar = merged.updateFields ?? {};
    for (const [name, value] of Object.entries(record.fields)) {
      const always = (record.ownership[name] ?? "always") === "always";
      if (always || !Object.hasOwn(alwaysSoFar, name)) merged.fields[name] = value;
    }
    const alwaysFields = Object.entries(record.fields).filter(([name]) => (record.ownership[name] ?? "always") === "always");
    merged.updateFields = { ...merged.updateFields, ...Object.fromEntries(alwaysFields) };
    merged.owners.push({ eventId: item.eventId, recordKey: record.key });
    for (const dependency of record.dependsOn) {
      const parent = keyToIdentity.get(ownerKey(item.eventId, dependency));
      // Parents that are not being sent (unchanged, already known) are satisfied already.
      if (parent !== undefined && parent !== identity && !merged.parents.includes(parent)) merged.parents.push(parent);
    }
    records.set(identity, merged);
  }
  // Relationship fields name their parents by external id: a parent written in the same batch (even by
  // another event, e.g. the order of a refund) goes first.
  for (const item of items) {
    const { record } = item;
    const merged = records.get(keyToIdentity.get(ownerKey(item.eventId, record.key)) as string) as PlannedUpsert;
    for (const reference of record.references) {
      if (!Object.hasOwn(record.fields, reference.relationshipName)) continue;
      const parent = salesforceIdentity(reference.object, reference.externalIdField, reference.externalId);
      if (parent !== merged.identity && records.has(parent) && !merged.parents.includes(parent)) merged.parents.push(parent);
    }
  }

  for (const record of records.values()) {
    if (record.updateFields && Object.keys(record.updateFields).length === Object.keys(record.fields).length) record.updateFields = null;
  }
  assignLevels(records);

  const groups = new Map<string, UpsertCall & { first: number }>();
  const sorted = [...records.values()].sort((a, b) => (order.get(a.identity) ?? 0) - (order.get(b.identity) ?? 0));
  for (const record of sorted) {
    const groupKey = `${record.level}|${record.object}|${record.externalIdField}`;
    const group = groups.get(groupKey);
    if (group) group.records.push(record);
    else {
      groups.set(groupKey, {
        object: record.object,
        externalIdField: record.externalIdField,
        level: record.level,
        records: [record],
        first: order.get(record.identity) ?? 0,
      });
    }
  }

  const calls: UpsertCall[] = [];
  for (const group of [...groups.values()].sort((a, b) => a.level - b.level || a.first - b.first)) {
    for (let start = 0; start < group.records.length; start += chunkSize) {
      calls.push({ object: group.object, externalIdField: group.externalIdField, level: group.level, records: group.records.slice(start, start + chunkSize) });
    }
  }

  return { calls, records, identityOf: (eventId, recordKey) => keyToIdentity.get(ownerKey(eventId, recordKey)) };
}

/**
 * Level = longest chain of parents. Mappings are acyclic, but merging records of different mappings
 * could close a loop; the edge that closes it is ignored, and Salesforce's "parent not found" answer
 * (a transient error) lets the retry settle it.
 */
function assignLevels(records: Map<string, PlannedUpsert>): void {
  const done = new Set<string>();
  const visiting = new Set<string>();
  const visit = (identity: string): number => {
    const record = records.get(identity);
    if (!record) return -1;
    if (done.has(identity)) return record.level;
    if (visiting.has(identity)) return -1;
    visiting.add(identity);
    let level = 0;
    const kept: string[] = [];
    for (const parent of record.parents) {
      const parentLevel = visit(parent);
      if (parentLevel < 0) continue;
      kept.push(parent);
      level = Math.max(level, parentLevel + 1);
    }
    record.parents = kept;
    record.level = level;
    visiting.delete(identity);
    done.add(identity);
    return level;
  };
  for (const identity of records.keys()) visit(identity);
}
