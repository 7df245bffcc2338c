import type { BatchChanges, ShopSyncConfig, SyncAttemptWrite, SyncEvent, SyncRecordKey, SyncRecordState, SyncStore } from "../../../../app/sync/ports";
import { canTransition } from "../../../../app/sync/event-status";

// An in-memory SyncStore. saveBatch applies changes the way the Prisma adapter must: events only move
// from the status the engine read (a concurrent change makes the save fail), SyncRecords are written
// whole, attempts are appended.

export class FakeStore implements SyncStore {
  readonly events = new Map<string, SyncEvent>();
  readonly configs = new Map<string, ShopSyncConfig>();
  readonly syncRecords = new Map<string, SyncRecordState>();
  readonly attempts: SyncAttemptWrite[] = [];
  readonly batches: Array<{ shop: string; changes: BatchChanges }> = [];
  readonly paused = new Map<string, string>();
  failNextSave: Error | null = null;

  addEvent(event: SyncEvent): void {
    this.events.set(event.id, structuredClone(event));
  }

  setConfig(config: ShopSyncConfig): void {
    this.configs.set(config.shop, config);
  }

  record(shop: string, resource: string, shopifyId: string): SyncRecordState | undefined {
    return this.syncRecords.get(`${shop}|${resource}|${shopifyId}`);
  }

  /** What a replay from the UI does: queue the event again. */
  requeue(id: string): void {
    const event = this.events.get(id);
    if (!event) throw new Error(`no event ${id}`);
    if (!canTransition(event.status, "queued")) throw new Error(`cannot requeue ${event.status}`);
    event.status = "queued";
  }

  async loadEvents(ids: readonly string[]): Promise<SyncEvent[]> {
    return ids.flatMap((id) => {
      const event = this.events.get(id);
      return event ? [structuredClone(event)] : [];
    });
  }

  async loadShopConfig(shop: string): Promise<ShopSyncConfig | null> {
    const config = this.configs.get(shop);
    if (!config) return null;
    return { ...config, paused: config.paused || this.paused.has(shop) };
  }

  async loadSyncRecords(shop: string, keys: readonly SyncRecordKey[]): Promise<SyncRecordState[]> {
    return keys.flatMap((key) => {
      const record = this.syncRecords.get(`${shop}|${key.resource}|${key.shopifyId}`);
      return record ? [structuredClone(record)] : [];
    });
  }

  async saveBatch(shop: string, changes: BatchChanges): Promise<void> {
    if (this.failNextSave) {
      const error = this.failNextSave;
      this.failNextSave = null;
      throw error;
    }
    for (const update of changes.events) {
      const event = this.events.get(update.id);
      if (!event || event.status !== update.from) throw new Error(`event ${update.id} changed concurrently`);
    }
    this.batches.push({ shop, changes: structuredClone(changes) });
    for (const update of changes.events) {
      const event = this.events.get(update.id) as SyncEvent;
      event.status = update.to;
      event.attempts = update.attempts;
    }
    for (const write of changes.syncRecords) {
      this.syncRecords.set(`${shop}|${write.resource}|${write.shopifyId}`, {
        resource: write.resource,
        shopifyId: write.shopifyId,
        salesforceIds: { ...write.salesforceIds },
        contentHashes: { ...write.contentHashes },
        sourceUpdatedAt: write.sourceUpdatedAt,
        status: write.status,
        lastEventId: write.lastEventId,
        lastSyncedAt: write.lastSyncedAt,
      });
    }
    this.attempts.push(...changes.attempts);
    if (changes.pause) this.paused.set(shop, changes.pause.reason);
  }
}
