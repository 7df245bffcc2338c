import type { MappingDocument } from "../mapping-schema";
import type { PlannedRecord } from "../planned-record";
import { normalizeValue, type FieldValue } from "./field-values";
import type { FieldMemory } from "./reconcile";
import { reverseObjects, type ReverseField } from "./reverse-fields";

// The forward half of loop prevention. A customers/update webhook that only carries what we wrote to
// Shopify ourselves must not travel back to Salesforce: per "both" field, the mapped value is compared
// with what we remember. Such fields are also left out of the record's content hash (`hashExempt`), so
// dropping one never makes the rest of the record look changed.

export interface FieldMemoryPort {
  /** Memories by shopifyId, then field key. */
  load(shop: string, resource: string, shopifyIds: readonly string[]): Promise<Map<string, Map<string, FieldMemory>>>;
  save(shop: string, resource: string, entries: ReadonlyArray<{ shopifyId: string; fieldKey: string; memory: FieldMemory }>): Promise<void>;
}

export interface GuardedEvent {
  eventId: string;
  resource: string;
  shopifyId: string;
  /** The payload's updated_at: Shopify's time of the change it carries. */
  sourceUpdatedAt: Date | null;
  document: MappingDocument;
  records: PlannedRecord[];
}

export interface EchoGuardResult {
  /** Records to continue with, by event id (only events that changed). */
  records: Map<string, PlannedRecord[]>;
  /** Remembers what was forwarded, for the events whose Salesforce write succeeded. */
  commit(syncedEventIds: ReadonlySet<string>): Promise<void>;
}

export interface EchoGuard {
  filter(shop: string, events: readonly GuardedEvent[]): Promise<EchoGuardResult>;
}

export type EchoVerdict = "forward" | "echo" | "in-step" | "stale" | "hold";

/** Pure: what the forward path does with one "both" field's mapped Shopify value. */
export function echoVerdict(field: ReverseField, value: FieldValue, memory: FieldMemory | undefined, sourceUpdatedAt: Date | null): EchoVerdict {
  if (!memory) return "forward";
  if (value === memory.shopifyValue) return "echo";
  if (value === memory.salesforceValue) return "in-step";
  // A change Shopify made before our last write reached it lost to Salesforce's value already.
  if (field.owner === "salesforce" && memory.shopifyWrittenAt && sourceUpdatedAt && sourceUpdatedAt < memory.shopifyWrittenAt) return "stale";
  // Salesforce owns it: a Shopify edit waits for the next poll, which checks whether Salesforce changed it
  // meanwhile (then Salesforce wins) before writing it there. Sending it now could overwrite an unseen edit.
  if (field.owner === "salesforce") return "hold";
  return "forward";
}

export function createEchoGuard(port: FieldMemoryPort): EchoGuard {
  return {
    async filter(shop, events) {
      const records = new Map<string, PlannedRecord[]>();
      const pending: Array<{ eventId: string; resource: string; shopifyId: string; fieldKey: string; memory: FieldMemory }> = [];
      const holds: Array<{ resource: string; shopifyId: string; fieldKey: string; memory: FieldMemory }> = [];
      const relevant = events.filter((event) => reverseObjects(event.document).some((object) => object.fields.some((field) => field.direction === "both")));
      const byResource = new Map<string, string[]>();
      for (const event of relevant) byResource.set(event.resource, [...(byResource.get(event.resource) ?? []), event.shopifyId]);
      const memories = new Map<string, Map<string, FieldMemory>>();
      for (const [resource, ids] of byResource) {
        for (const [id, fields] of await port.load(shop, resource, [...new Set(ids)])) memories.set(`${resource}|${id}`, fields);
      }

      for (const event of relevant) {
        const both = reverseObjects(event.document).flatMap((object) => object.fields.filter((field) => field.direction === "both"));
        const remembered = memories.get(`${event.resource}|${event.shopifyId}`);
        const next = event.records.map((record) => {
          const own = both.filter((field) => field.targetKey === record.target && !record.shared);
          if (own.length === 0) return record;
          const fields = { ...record.fields };
          for (const field of own) {
            if (!(field.salesforceField in fields)) continue;
            const value = normalizeValue(field, fields[field.salesforceField]);
            const memory = remembered?.get(field.key);
            const verdict = echoVerdict(field, value, memory, event.sourceUpdatedAt);
            if (verdict === "hold" && memory) {
              holds.push({ shopifyId: event.shopifyId, resource: event.resource, fieldKey: field.key, memory: { ...memory, pending: { value, at: event.sourceUpdatedAt } } });
              delete fields[field.salesforceField];
            } else if (verdict === "forward") {
              pending.push({ eventId: event.eventId, resource: event.resource, shopifyId: event.shopifyId, fieldKey: field.key, memory: { shopifyValue: value, salesforceValue: value, shopifyWrittenAt: memory?.shopifyWrittenAt ?? null } });
            } else {
              delete fields[field.salesforceField];
            }
          }
          const ownership = Object.fromEntries(Object.keys(fields).map((name) => [name, record.ownership[name] ?? "always"]));
          return { ...record, fields, ownership, hashExempt: own.map((field) => field.salesforceField) };
        });
        records.set(event.eventId, next);
      }

      // Held edits are remembered now: nothing is sent for them, so there is nothing to wait for.
      for (const resource of new Set(holds.map((hold) => hold.resource))) await port.save(shop, resource, holds.filter((hold) => hold.resource === resource));
      return {
        records,
        async commit(synced) {
          const entries = pending.filter((entry) => synced.has(entry.eventId));
          const byRes = new Map<string, typeof entries>();
          for (const entry of entries) byRes.set(entry.resource, [...(byRes.get(entry.resource) ?? []), entry]);
          for (const [resource, list] of byRes) await port.save(shop, resource, list);
        },
      };
    },
  };
}
