import pg from "pg";
import { afterAll } from "vitest";
import { startQueue } from "../../app/services/queue/sync-queue.server";
import { createSyncStore } from "../../app/services/store/sync-store.server";
import { syncStoreContract } from "../unit/sync/support/contracts/sync-store-contract";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

// The same contract the engine's in-memory fake honours, run against the PostgreSQL adapter.
const opened: Array<{ db: TestDatabase; pool: pg.Pool; stop: () => Promise<void> }> = [];
afterAll(async () => {
  for (const { db, pool, stop } of opened) {
    await stop();
    await pool.end();
    await db.drop();
  }
});

syncStoreContract("PostgreSQL adapter", async () => {
  const db = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  const queue = await startQueue({ connectionString: db.url, supervise: false });
  opened.push({ db, pool, stop: () => queue.stop({ graceful: false, close: true }) });
  const contexts = new Map<string, Record<string, string>>();
  const store = createSyncStore({ pool, queue, resolveContext: async (shop) => contexts.get(shop) ?? {} });
  return {
    store,
    async addEvent(event) {
      await pool.query(
        `INSERT INTO "WebhookEvent" (id, shop, topic, resource, "shopifyId", "dedupeKey", "webhookId", "triggeredAt", "sourceUpdatedAt",
                                     "apiVersion", payload, "payloadBytes", status, attempts, "receivedAt", "updatedAt")
         VALUES ($1, $2, $3, $4, $5, $1, $1, $6, $7, '2026-10', $8::jsonb, 0, $9, $10, $11, now())`,
        [event.id, event.shop, event.topic, event.resource, event.shopifyId, event.triggeredAt, event.sourceUpdatedAt, JSON.stringify(event.payload), event.status, event.attempts, event.receivedAt],
      );
    },
    async uninstallShop(shop) {
      await pool.query(`UPDATE "Shop" SET status = 'uninstalled', "uninstalledAt" = now() WHERE shop = $1`, [shop]);
    },
    async installShop(config) {
      contexts.set(config.shop, { ...config.context });
      await pool.query(`INSERT INTO "Shop" (shop, status, "updatedAt") VALUES ($1, 'installed', now())`, [config.shop]);
      await pool.query(
        `INSERT INTO "SalesforceConnection" (id, shop, environment, "loginUrl", status, "describeCache", "apiReservePercent", "updatedAt")
         VALUES (gen_random_uuid(), $1, 'production', 'https://login.salesforce.com', 'connected', $2::jsonb, $3, now())`,
        [config.shop, JSON.stringify({ objects: config.describes, checked: Object.keys(config.describes) }), config.apiReservePercent],
      );
    },
  };
});
