import type { MappingDocument } from "../mapping-schema";
import type { MappedEvent } from "../prepare-event";
import type { Work } from "../shop-work";
import type { EchoGuard } from "./echo-guard";

export type { EchoGuard } from "./echo-guard";

// The engine's side of the echo guard, kept here so sync-shop.ts only calls it: filters the mapped
// records of a batch's works in place and remembers which events' Salesforce writes succeeded.

export interface GuardedBatch {
  synced: Set<string>;
  commit(): Promise<void>;
}

export async function guardEchoes(
  guard: EchoGuard | undefined,
  shop: string,
  works: readonly Work[],
  documentOf: (work: Work) => MappingDocument | undefined,
): Promise<GuardedBatch> {
  const synced = new Set<string>();
  if (!guard) return { synced, commit: async () => {} };
  const events = works.flatMap((work) => {
    const document = documentOf(work);
    if (!document || work.shopifyId === null || work.route.kind === "delete" || !work.mapped) return [];
    return [{ eventId: work.event.id, resource: work.resource as string, shopifyId: work.shopifyId, sourceUpdatedAt: work.event.sourceUpdatedAt, document, records: work.mapped.records }];
  });
  if (events.length === 0) return { synced, commit: async () => {} };
  const result = await guard.filter(shop, events);
  for (const work of works) {
    const records = result.records.get(work.event.id);
    if (records) work.mapped = { ...(work.mapped as MappedEvent), records };
  }
  return { synced, commit: () => result.commit(synced) };
}
