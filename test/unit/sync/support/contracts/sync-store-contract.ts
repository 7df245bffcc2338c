import { describe, expect, it } from "vitest";
import type { BatchChanges, ShopSyncConfig, SyncEvent, SyncRecordWrite, SyncStore } from "../../../../../app/sync/ports";

// The behaviour every SyncStore must have, run against the in-memory fake here and meant to be run
// against the Prisma adapter in test/integration (one contract suite per port, see STYLE.md).

export interface SyncStoreSubject {
  store: SyncStore;
  /** Inserts a WebhookEvent row as the intake would. */
  addEvent(event: SyncEvent): Promise<void>;
  /** Installs the shop with this configuration (connection, mappings, rules, describes). */
  installShop(config: ShopSyncConfig): Promise<void>;
  /** Marks the shop uninstalled, as app/uninstalled does. */
  uninstallShop(shop: string): Promise<void>;
}

const SHOP = "contract.myshopify.com";

function event(id: string, overrides: Partial<SyncEvent> = {}): SyncEvent {
  return {
    id,
    shop: SHOP,
    topic: "orders/create",
    resource: "order",
    shopifyId: "820982911946154508",
    triggeredAt: new Date("2026-11-22T10:00:00.000Z"),
    sourceUpdatedAt: new Date("2021-12-31T19:00:00-05:00"),
    receivedAt: new Date("2026-11-22T10:00:01.000Z"),
    payload: { id: "820982911946154508", name: "#9999", total: "414.95" },
    status: "queued",
    attempts: 0,
    ...overrides,
  };
}

function config(): ShopSyncConfig {
  return {
    shop: SHOP,
    paused: false,
    mappings: {},
    rules: [],
    describes: {},
    personAccounts: false,
    context: { standardPricebookId: "01s000000000001AAA" },
    apiReservePercent: 20,
  };
}

function record(overrides: Partial<SyncRecordWrite> = {}): SyncRecordWrite {
  return {
    resource: "order",
    shopifyId: "820982911946154508",
    salesforceIds: { opportunity: "006000000000001AAA", "lineItem:487817672276298554": "00k000000000001AAA" },
    contentHashes: { opportunity: "a".repeat(64) },
    sourceUpdatedAt: new Date("2022-01-01T00:00:00.000Z"),
    status: "synced",
    lastError: null,
    lastErrorCode: null,
    lastEventId: "e1",
    lastSyncedAt: new Date("2026-11-22T10:00:02.000Z"),
    ...overrides,
  };
}

function changes(overrides: Partial<BatchChanges> = {}): BatchChanges {
  return { batchId: "batch-1", events: [], syncRecords: [], attempts: [], pause: null, ...overrides };
}

export function syncStoreContract(name: string, create: () => Promise<SyncStoreSubject>): void {
  describe(`SyncStore contract: ${name}`, () => {
    it("loads events by id with exact payloads, skipping unknown ids", async () => {
      const subject = await create();
      await subject.addEvent(event("e1"));
      const [loaded, ...rest] = await subject.store.loadEvents(["e1", "unknown"]);
      expect(rest).toEqual([]);
      expect(loaded).toMatchObject({ id: "e1", shop: SHOP, shopifyId: "820982911946154508", status: "queued", attempts: 0 });
      expect(loaded?.payload).toEqual({ id: "820982911946154508", name: "#9999", total: "414.95" });
      expect(loaded?.sourceUpdatedAt?.toISOString()).toBe("2022-01-01T00:00:00.000Z");
    });

    it("loads an installed shop's configuration and returns null once it is uninstalled", async () => {
      const subject = await create();
      await subject.installShop(config());
      expect(await subject.store.loadShopConfig(SHOP)).toMatchObject({ shop: SHOP, paused: false, context: { standardPricebookId: "01s000000000001AAA" } });
      await subject.uninstallShop(SHOP);
      expect(await subject.store.loadShopConfig(SHOP)).toBeNull();
    });

    it("saves event transitions, SyncRecords and attempts together", async () => {
      const subject = await create();
      await subject.installShop(config());
      await subject.addEvent(event("e1"));
      await subject.store.saveBatch(
        SHOP,
        changes({
          events: [{ id: "e1", from: "queued", to: "synced", attempts: 1, lastError: null, lastErrorCode: null, mappingVersion: 0, processedAt: new Date(), retryDelayMs: null }],
          syncRecords: [record(), record({ resource: "shared:Product2", shopifyId: "product-788032119674292922", salesforceIds: { Product2: "01t000000000001AAA" }, contentHashes: {} })],
          attempts: [
            {
              eventId: "e1",
              batchId: "batch-1",
              attempt: 1,
              outcome: "synced",
              apiCalls: 2,
              errorCode: null,
              errorMessage: null,
              salesforceIds: { opportunity: "006000000000001AAA" },
              warnings: [],
              startedAt: new Date(),
              finishedAt: new Date(),
              salesforceAnsweredAt: new Date(),
              durationMs: 0,
            },
          ],
        }),
      );
      expect((await subject.store.loadEvents(["e1"]))[0]).toMatchObject({ status: "synced", attempts: 1 });
      const records = await subject.store.loadSyncRecords(SHOP, [
        { resource: "order", shopifyId: "820982911946154508" },
        { resource: "shared:Product2", shopifyId: "product-788032119674292922" },
        { resource: "order", shopifyId: "1" },
      ]);
      expect(records).toHaveLength(2);
      const order = records.find((candidate) => candidate.resource === "order");
      expect(order).toMatchObject({ salesforceIds: record().salesforceIds, contentHashes: record().contentHashes, status: "synced", lastEventId: "e1" });
      expect(order?.sourceUpdatedAt?.toISOString()).toBe("2022-01-01T00:00:00.000Z");
    });

    it("overwrites a SyncRecord with the complete maps it is given", async () => {
      const subject = await create();
      await subject.installShop(config());
      await subject.store.saveBatch(SHOP, changes({ syncRecords: [record()] }));
      await subject.store.saveBatch(SHOP, changes({ syncRecords: [record({ salesforceIds: { opportunity: "006000000000002AAA" }, status: "needs-attention", lastError: "x" })] }));
      const [saved] = await subject.store.loadSyncRecords(SHOP, [{ resource: "order", shopifyId: "820982911946154508" }]);
      expect(saved).toMatchObject({ salesforceIds: { opportunity: "006000000000002AAA" }, status: "needs-attention" });
    });

    it("rejects the whole save when an event changed since it was read", async () => {
      const subject = await create();
      await subject.installShop(config());
      await subject.addEvent(event("e1", { status: "synced" }));
      await expect(
        subject.store.saveBatch(
          SHOP,
          changes({
            events: [{ id: "e1", from: "queued", to: "dead", attempts: 9, lastError: "x", lastErrorCode: "X", mappingVersion: 0, processedAt: new Date(), retryDelayMs: null }],
            syncRecords: [record()],
          }),
        ),
      ).rejects.toThrow();
      expect(await subject.store.loadSyncRecords(SHOP, [{ resource: "order", shopifyId: "820982911946154508" }])).toEqual([]);
      expect((await subject.store.loadEvents(["e1"]))[0]?.status).toBe("synced");
    });

    it("pauses a shop when asked", async () => {
      const subject = await create();
      await subject.installShop(config());
      await subject.store.saveBatch(SHOP, changes({ pause: { reason: "API allowance" } }));
      expect((await subject.store.loadShopConfig(SHOP))?.paused).toBe(true);
    });
  });
}
