import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSyncHealth } from "../../app/services/admin/sync-health.server";
import { createMetrics } from "../../app/services/metrics/metrics.server";
import { enqueueSyncJobs, SYNC_QUEUE, type SyncJobData } from "../../app/services/queue/sync-queue.server";
import { syncFetchOptions } from "../../app/worker.server";
import { inTransaction } from "../../app/services/store/transaction.server";
import { sweepSyncQueue } from "../../app/services/queue/sync-sweeper.server";
import { createReplayService, REPLAY_CHUNK } from "../../app/services/store/replay.server";
import { customerPayload, toShopifyJson, type Delivery } from "../support/shopify-stream";
import { startSyncHarness, type SyncHarness } from "../support/sync-harness";

// Every way a job can end leaves its event terminal or re-queued, and no job holding a key. The
// sweeper repairs what a crash, an operator or pg-boss's own retry limit left behind. No worker runs
// here (consume: false): the test drives pg-boss by hand to reach each end state.

let harness: SyncHarness;
beforeAll(async () => {
  harness = await startSyncHarness({ consume: false });
});
afterAll(async () => {
  await harness.close();
});

const shop = "swept.myshopify.com";

function customerDelivery(index: number, version: number): Delivery {
  return {
    topic: version === 0 ? "customers/create" : "customers/update",
    shop,
    body: toShopifyJson(customerPayload(index, version)),
    eventId: `${shop}-c${index}-v${version}`,
    webhookId: `${shop}-w${index}-v${version}`,
    triggeredAt: new Date().toISOString(),
  };
}

async function liveJob(shopifyIndexEventId: string): Promise<{ id: string; state: string; singleton_key: string } | null> {
  const { rows } = await harness.app.sql.query(
    `SELECT id, state, singleton_key FROM pgboss.job WHERE name = $1 AND data->>'eventId' = $2 AND state IN ('created', 'retry', 'active')`,
    [SYNC_QUEUE, shopifyIndexEventId],
  );
  return rows[0] ?? null;
}

async function eventIdOf(index: number, version: number): Promise<string> {
  const { rows } = await harness.app.sql.query(`SELECT id FROM "WebhookEvent" WHERE shop = $1 AND "eventId" = $2`, [shop, `${shop}-c${index}-v${version}`]);
  return rows[0].id;
}

describe("the sync sweeper", () => {
  it("releases keys held by failed jobs and re-queues events whose job ended without settling them", async () => {
    const { queue } = harness.runtime;
    await harness.deliverAll([customerDelivery(1, 0)]);
    const failedEvent = await eventIdOf(1, 0);

    // 1. A job that ran out of pg-boss retries: failed, holding its key.
    const original = (await liveJob(failedEvent))!;
    await queue.deleteJob(SYNC_QUEUE, original.id);
    await queue.send(SYNC_QUEUE, { eventId: failedEvent, shop } satisfies SyncJobData, { singletonKey: original.singleton_key, retryLimit: 0 });
    const [fetched] = await queue.fetch<SyncJobData>(SYNC_QUEUE, { batchSize: 1 });
    expect(fetched.data.eventId).toBe(failedEvent);
    await queue.fail(SYNC_QUEUE, fetched.id, { message: "worker crashed" });
    await harness.deliverAll([customerDelivery(2, 0), customerDelivery(3, 0)]);
    const cancelledEvent = await eventIdOf(2, 0);
    const completedEvent = await eventIdOf(3, 0);
    // 2. A job an operator cancelled. 3. A job completed without its event being settled.
    await queue.cancel(SYNC_QUEUE, (await liveJob(cancelledEvent))!.id);
    const [completing] = await queue.fetch<SyncJobData>(SYNC_QUEUE, { batchSize: 10 });
    expect(completing.data.eventId).toBe(completedEvent);
    await queue.complete(SYNC_QUEUE, completing.id);

    // A newer event of the failed job's record waits behind the failed job: its key is held.
    await harness.deliverAll([customerDelivery(1, 1)]);
    const newer = await eventIdOf(1, 1);
    expect(await queue.fetch(SYNC_QUEUE, { batchSize: 10 })).toEqual([]);
    expect(await queue.getBlockedKeys(SYNC_QUEUE)).toEqual([original.singleton_key]);

    const metrics = createMetrics();
    const repaired = await sweepSyncQueue({ pool: harness.runtime.pool, queue, metrics });
    expect(repaired).toEqual({ releasedJobs: 1, requeuedEvents: 3 });
    expect(await queue.getBlockedKeys(SYNC_QUEUE)).toEqual([]);
    for (const eventId of [failedEvent, cancelledEvent, completedEvent, newer]) expect(await liveJob(eventId)).not.toBeNull();
    const fetchable = await queue.fetch<SyncJobData>(SYNC_QUEUE, { batchSize: 10 });
    // One head per key: the three records are all runnable again.
    expect(new Set(fetchable.map((job) => job.data.eventId)).size).toBe(3);
    expect(fetchable.map((job) => job.data.eventId)).toEqual(expect.arrayContaining([cancelledEvent, completedEvent]));
    const exposition = await metrics.registry.metrics();
    expect(exposition).toMatch(/sfsync_sweeper_repairs_total\{kind="released-job"\} 1/);
    expect(exposition).toMatch(/sfsync_sweeper_repairs_total\{kind="requeued-event"\} 3/);

    // A second sweep finds nothing to repair: every event has its live job.
    expect(await sweepSyncQueue({ pool: harness.runtime.pool, queue, metrics })).toEqual({ releasedJobs: 0, requeuedEvents: 0 });
  });
});

describe("bulk re-queues", () => {
  it("replay all and resume work in chunks of REPLAY_CHUNK events a transaction, reporting progress", { timeout: 120_000 }, async () => {
    const bulkShop = "bulk.myshopify.com";
    const total = 2 * REPLAY_CHUNK + 500;
    await harness.app.sql.query(
      `INSERT INTO "WebhookEvent" (id, shop, topic, resource, "shopifyId", "dedupeKey", "webhookId", "apiVersion", payload, "payloadBytes",
                                   status, "lastErrorCode", "lastError", attempts, "receivedAt", "updatedAt")
       SELECT gen_random_uuid(), $1, 'customers/update', 'customer', n::text, 'd' || n, 'w' || n, '2025-10', jsonb_build_object('id', n), 10,
              'needs-attention', 'FIELD_CUSTOM_VALIDATION_EXCEPTION', 'rejected', 1, now() - interval '1 hour' + n * interval '1 millisecond', now() - interval '1 hour'
         FROM generate_series(1, $2::int) AS n`,
      [bulkShop, total],
    );
    const replay = createReplayService({ pool: harness.runtime.pool, queue: harness.runtime.queue });
    const progress: number[] = [];
    expect(await replay.replayNeedsAttention(bulkShop, { onProgress: (done) => progress.push(done) })).toBe(total);
    expect(progress).toEqual([REPLAY_CHUNK, 2 * REPLAY_CHUNK, total]);
    const jobs = await harness.app.sql.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND data->>'shop' = $2`, [SYNC_QUEUE, bulkShop]);
    expect(jobs.rows[0].n).toBe(total);

    const resumed: number[] = [];
    expect(await replay.resumeShop(bulkShop, { onProgress: (done) => resumed.push(done) })).toBe(total);
    expect(resumed).toEqual([REPLAY_CHUNK, 2 * REPLAY_CHUNK, total]);
  });
});

describe("sync health banners", () => {
  it("tell the merchant about an outage, failed events and records waiting on a parent for over an hour, each with its fix", async () => {
    const sick = "sick.myshopify.com";
    const health = createSyncHealth({ prisma: harness.prisma });
    expect(await health.banners(sick)).toEqual([]);
    await harness.app.sql.query(
      `INSERT INTO "Shop" (shop, status, "installedAt", "updatedAt", "syncOutageSince", "syncOutageReason") VALUES ($1, 'installed', now(), now(), now(), 'Salesforce could not be reached: SERVER_UNAVAILABLE')`,
      [sick],
    );
    const insert = (n: number, status: string, code: string, age: string) =>
      harness.app.sql.query(
        `INSERT INTO "WebhookEvent" (id, shop, topic, resource, "shopifyId", "dedupeKey", "webhookId", "apiVersion", payload, "payloadBytes", status, "lastErrorCode", "receivedAt", "updatedAt")
         VALUES (gen_random_uuid(), $1, 'refunds/create', 'refund', $2, $2, $2, '2025-10', '{}'::jsonb, 2, $3, $4, now() - $5::interval, now())`,
        [sick, String(n), status, code, age],
      );
    await insert(1, "needs-attention", "FIELD_CUSTOM_VALIDATION_EXCEPTION", "1 minute");
    await insert(2, "dead", "UNKNOWN_EXCEPTION", "1 minute");
    await insert(3, "queued", "INVALID_FIELD", "2 hours");
    await insert(4, "queued", "INVALID_FIELD", "5 minutes"); // waiting, but not for an hour yet
    const banners = await health.banners(sick);
    expect(banners.map((banner) => [banner.id, banner.action.url])).toEqual([
      ["outage", "/app/connection"],
      ["failed", "/app/activity?status=failed"],
      ["waiting", "/app/activity?status=pending"],
    ]);
    expect(banners[1].title).toBe("2 events did not sync");
    expect(banners[2].title).toBe("1 record has waited over an hour for an order or customer");
  });
});

describe("fair shares", () => {
  // Last in this file: it leaves its fetched jobs active.
  it("a shop with a 50,000-event backlog does not delay another shop's single event by more than one batch round", { timeout: 120_000 }, async () => {
    const { queue, pool } = harness.runtime;
    const busy = "backlog.myshopify.com";
    const quiet = "single-event.myshopify.com";
    // Only these two shops in the queue (earlier tests of this file leave jobs of their own shops).
    await harness.app.sql.query(`DELETE FROM pgboss.job WHERE name = $1`, [SYNC_QUEUE]);
    const backlog = Array.from({ length: 50_000 }, (_, n) => ({ data: { eventId: `backlog-${n}`, shop: busy }, key: `${busy}:order:${n}` }));
    for (let start = 0; start < backlog.length; start += 10_000) {
      await inTransaction(pool, (_client, db) => enqueueSyncJobs(queue, db, backlog.slice(start, start + 10_000)));
    }
    // The quiet shop's one event arrives after the whole backlog.
    await inTransaction(pool, (_client, db) => enqueueSyncJobs(queue, db, [{ data: { eventId: "the-single-event", shop: quiet }, key: `${quiet}:order:1` }]));
    const options = syncFetchOptions({});
    // A round is one fetch; the busy shop's jobs stay active while it runs (a worker runs rounds side by side).
    const firstRound = await queue.fetch<SyncJobData>(SYNC_QUEUE, options);
    const secondRound = await queue.fetch<SyncJobData>(SYNC_QUEUE, options);
    // The busy shop takes at most its cap of a round; the quiet shop's event is in the next round at the latest.
    expect(firstRound.filter((job) => job.data.shop === busy).length).toBe(options.groupConcurrency);
    expect([...firstRound, ...secondRound].map((job) => job.data.eventId)).toContain("the-single-event");
    expect(secondRound.filter((job) => job.data.shop === busy)).toEqual([]);
  });
});
