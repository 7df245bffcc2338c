import type { PgBoss } from "pg-boss";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchFairBatch } from "../../app/services/queue/fair-fetch.server";
import { enqueueSyncJobs, startQueue, SYNC_QUEUE, type SyncJobData } from "../../app/services/queue/sync-queue.server";
import { inTransaction } from "../../app/services/store/transaction.server";
import { createWebhookInbox } from "../../app/services/store/webhook-inbox.server";
import { syncFetchOptions } from "../../app/worker.server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

// How a worker fills a batch (fair-fetch.server.ts). A round is one batch; assertions are on which jobs a
// batch holds, never on time.

let db: TestDatabase;
let queue: PgBoss;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  queue = await startQueue({ connectionString: db.url });
  pool = new pg.Pool({ connectionString: db.url });
});
afterAll(async () => {
  await queue.stop({ graceful: false, close: true });
  await pool.end();
  await db.drop();
});

async function enqueueBacklog(shop: string, count: number): Promise<void> {
  const jobs = Array.from({ length: count }, (_, n) => ({ data: { eventId: `${shop}-${n}`, shop }, key: `${shop}:order:${n}` }));
  for (let start = 0; start < jobs.length; start += 10_000) {
    await inTransaction(pool, (_client, txDb) => enqueueSyncJobs(queue, txDb, jobs.slice(start, start + 10_000)));
  }
}

const clearQueue = () => pool.query(`DELETE FROM pgboss.job WHERE name = $1`, [SYNC_QUEUE]);

describe("fair batches", () => {
  it("a shop with a 50,000-event backlog, and two more backlogged shops, do not keep a quiet shop's single event out of the first batch", { timeout: 180_000 }, async () => {
    await clearQueue();
    // Three shops' backlogs, all older than the quiet shop's one event. pg-boss's own fetch takes the oldest
    // candidates before applying the per-shop cap, so it would fill rounds with backlog until they drain.
    await enqueueBacklog("backlog-a.myshopify.com", 50_000);
    await enqueueBacklog("backlog-b.myshopify.com", 2_000);
    await enqueueBacklog("backlog-c.myshopify.com", 2_000);
    await inTransaction(pool, (_client, txDb) =>
      enqueueSyncJobs(queue, txDb, [{ data: { eventId: "the-single-event", shop: "quiet.myshopify.com" }, key: "quiet.myshopify.com:order:1" }]),
    );
    const options = syncFetchOptions({});
    const firstRound = await fetchFairBatch(queue, pool, options);
    const perShop = countBy(firstRound);
    expect(firstRound.map((job) => job.data.eventId)).toContain("the-single-event");
    expect(firstRound.length).toBeLessThanOrEqual(options.batchSize);
    // Every backlogged shop had its turn, none took more than the per-shop cap.
    for (const shop of ["backlog-a.myshopify.com", "backlog-b.myshopify.com", "backlog-c.myshopify.com"]) {
      expect(perShop.get(shop)).toBeGreaterThanOrEqual(options.shopShare);
      expect(perShop.get(shop)).toBeLessThanOrEqual(options.shopCap);
    }
  });

  it("alone, a backlogged shop fills the whole batch (fairness costs no throughput)", async () => {
    await clearQueue();
    await enqueueBacklog("alone.myshopify.com", 1_000);
    const options = syncFetchOptions({ WORKER_SHOP_CAP: "1000" });
    expect((await fetchFairBatch(queue, pool, options)).length).toBe(options.batchSize);
  });

  it("stops filling a batch at the byte budget; the jobs left out stay queued, not retried", async () => {
    await clearQueue();
    const shop = "big-payloads.myshopify.com";
    const inbox = createWebhookInbox({ pool, queue });
    const MiB = 1024 * 1024;
    // Stored payload sizes as the intake recorded them: 5 MiB orders (Shopify's payload limit is larger).
    for (let n = 0; n < 6; n++) {
      const outcome = await inbox.receive({
        shop,
        topic: "orders/updated",
        resource: "order",
        shopifyId: String(9007199254740993n + BigInt(n)),
        dedupeKey: `big-${n}`,
        eventId: `big-${n}`,
        webhookId: `big-${n}`,
        triggeredAt: null,
        sourceUpdatedAt: new Date(),
        apiVersion: "2026-10",
        payload: { id: String(n) },
        payloadBytes: 5 * MiB,
        sync: true,
      });
      expect(outcome).toBeTruthy();
    }
    const options = { ...syncFetchOptions({}), byteBudget: 12 * MiB };
    const first = await fetchFairBatch(queue, pool, options);
    expect(first.length).toBe(2); // 10 MiB; a third would make 15
    const { rows } = await pool.query(`SELECT state, count(*)::int AS n, max(retry_count)::int AS retries FROM pgboss.job WHERE name = $1 GROUP BY state ORDER BY state`, [SYNC_QUEUE]);
    expect(rows).toEqual([
      { state: "created", n: 4, retries: 0 },
      { state: "active", n: 2, retries: 0 },
    ]);
    // One payload over the whole budget still goes, alone.
    const alone = await fetchFairBatch(queue, pool, { ...options, byteBudget: MiB });
    expect(alone.length).toBe(1);
  });
});

function countBy(jobs: Array<{ data: SyncJobData }>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const job of jobs) counts.set(job.data.shop, (counts.get(job.data.shop) ?? 0) + 1);
  return counts;
}
