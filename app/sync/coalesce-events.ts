import { recordKey } from "./record-key";

// Many events for one Shopify record often arrive together (orders/create, orders/paid and
// orders/updated within a second). Only the newest needs to reach Salesforce; the rest are skipped as
// superseded, which saves API calls and makes order of arrival irrelevant.

export interface CoalescableEvent {
  id: string;
  shop: string;
  resource: string;
  shopifyId: string | null;
  sourceUpdatedAt: Date | null;
  triggeredAt: Date | null;
  receivedAt: Date;
}

export interface CoalesceResult<T extends CoalescableEvent> {
  /** One event per record key (events without a Shopify id pass through), in input order. */
  winners: T[];
  superseded: Array<{ event: T; supersededBy: T }>;
}

export function eventRecordKey(event: CoalescableEvent): string | undefined {
  return event.shopifyId ? recordKey(event.shop, event.resource, event.shopifyId) : undefined;
}

export function coalesceEvents<T extends CoalescableEvent>(events: readonly T[]): CoalesceResult<T> {
  const groups = new Map<string, T[]>();
  for (const event of events) {
    const key = eventRecordKey(event);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(event);
    else groups.set(key, [event]);
  }
  const newest = new Map<string, T>();
  for (const [key, group] of groups) newest.set(key, newestOf(group));

  const winners: T[] = [];
  const superseded: Array<{ event: T; supersededBy: T }> = [];
  for (const event of events) {
    const key = eventRecordKey(event);
    const winner = key === undefined ? event : (newest.get(key) as T);
    if (winner === event) winners.push(event);
    else superseded.push({ event, supersededBy: winner });
  }
  return { winners, superseded };
}

/**
 * Newest by the payload's updated_at; when some event of the group has none (a customers/delete
 * payload carries only the id), by X-Shopify-Triggered-At, then by arrival. The criterion is chosen
 * per group so the comparison stays a total order. Ties fall through to the next criterion, then id.
 */
export function newestOf<T extends CoalescableEvent>(group: readonly T[]): T {
  const sorted = sortByRecency(group);
  return sorted[sorted.length - 1] as T;
}

/** Oldest first. */
export function sortByRecency<T extends CoalescableEvent>(group: readonly T[]): T[] {
  const criteria: Array<(event: T) => Date | null> = [];
  if (group.every((event) => event.sourceUpdatedAt)) criteria.push((event) => event.sourceUpdatedAt);
  if (group.every((event) => event.triggeredAt)) criteria.push((event) => event.triggeredAt);
  criteria.push((event) => event.receivedAt);
  return [...group].sort((a, b) => {
    for (const criterion of criteria) {
      const difference = (criterion(a)?.getTime() ?? 0) - (criterion(b)?.getTime() ?? 0);
      if (difference !== 0) return difference;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}
