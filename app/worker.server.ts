import type pg from "pg";
import type { Job, PgBoss } from "pg-boss";
import type { Logger } from "./services/logging/logger.server";
import { startBatchConsumer } from "./services/queue/batch-consumer.server";
import { fetchFairBatch, type FairFetchOptions } from "./services/queue/fair-fetch.server";
import { SYNC_QUEUE, type SyncJobData } from "./services/queue/sync-queue.server";

export const DEFAULT_BATCH_SIZE = 500;

/**
 * Processes a batch of stored events (by WebhookEvent.id). Settles each event itself (status, attempts)
 * and returns the ids it could not process at all (e.g. its shop's store write failed): their jobs fail
 * and pg-boss retries them, while every other job of the batch completes.
 */
export interface EventBatchProcessor {
  processBatch(eventIds: string[]): Promise<{ failedEventIds?: ReadonlySet<string> } | void>;
}

export interface SyncWorkerOptions {
  queue: PgBoss;
  /** The app's database (the queue's tables and WebhookEvent.payloadBytes, for fair fetching). */
  pool: pg.Pool;
  processor: EventBatchProcessor;
  logger: Logger;
  /** Jobs fetched per batch; one Salesforce collection call carries up to 200 records. */
  batchSize?: number;
  /** Batches processed at once by this process. */
  concurrency?: number;
  pollingIntervalSeconds?: number;
}

/**
 * How a worker fills a batch (fair-fetch.server.ts): up to WORKER_BATCH_SIZE jobs, taken in turns of at
 * most WORKER_SHOP_SHARE jobs of shops not yet served in this batch, at most WORKER_SHOP_CAP of one shop
 * active at once across all workers (pg-boss groupConcurrency on the shop group), and at most
 * WORKER_BATCH_BYTES of stored payloads. A shop with a 50,000-event backlog takes its share of a batch
 * and another shop's event is in the same batch.
 */
export function syncFetchOptions(env: Readonly<Record<string, string | undefined>> = process.env, batchSize?: number): FairFetchOptions & { groupConcurrency: number } {
  const size = batchSize ?? Number(env.WORKER_BATCH_SIZE ?? DEFAULT_BATCH_SIZE);
  // The cap defaults to one batch: above it, two batches of one shop lock the same Salesforce parents
  // (UNABLE_TO_LOCK_ROW, Salesforce's "Record-Level Locking" guide); below it, a lone busy shop drains slower.
  const shopCap = Math.max(1, Number(env.WORKER_SHOP_CAP ?? size));
  const shopShare = Math.max(1, Number(env.WORKER_SHOP_SHARE ?? Math.max(1, Math.floor(size / 10))));
  const byteBudget = Math.max(1, Number(env.WORKER_BATCH_BYTES ?? 16 * 1024 * 1024));
  return { batchSize: size, shopCap, groupConcurrency: shopCap, shopShare, byteBudget };
}

export interface SyncWorker {
  /** Fetch now instead of at the next poll (new events were stored). */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * The queue consumer: fetches sync jobs in batches and hands their events to the processor. Run it in
 * as many processes as needed (`npm run worker`); pg-boss (SKIP LOCKED, key_strict_fifo per record)
 * guarantees no record is processed by two workers at once.
 */
export async function createSyncWorker(options: SyncWorkerOptions): Promise<SyncWorker> {
  const { queue, processor, logger } = options;

  async function runShop(jobs: Job<SyncJobData>[]): Promise<void> {
    let failed: ReadonlySet<string>;
    try {
      failed = (await processor.processBatch(jobs.map((job) => job.data.eventId)))?.failedEventIds ?? new Set();
    } catch (error) {
      logger.error({ err: error, shop: jobs[0]?.data.shop }, "sync batch failed");
      failed = new Set(jobs.map((job) => job.data.eventId));
    }
    const done = jobs.filter((job) => !failed.has(job.data.eventId));
    const retry = jobs.filter((job) => failed.has(job.data.eventId));
    // Settled by attempt (the job as fetched): a claim that lapsed meanwhile is not overwritten.
    if (done.length > 0) await queue.complete(SYNC_QUEUE, done).catch((error) => logger.warn({ err: error }, "complete failed"));
    if (retry.length > 0) await queue.fail(SYNC_QUEUE, retry).catch((error) => logger.warn({ err: error }, "fail failed"));
  }
  const fetchOptions = syncFetchOptions(process.env, options.batchSize ?? 200);
  const consumer = startBatchConsumer({
    queue,
    lanes: options.concurrency ?? 2,
    // Web processes wake workers when events arrive (wake-workers.server.ts); polling finds delayed retries.
    pollingIntervalMs: (options.pollingIntervalSeconds ?? 1) * 1000,
    fetch: () => fetchFairBatch(queue, options.pool, fetchOptions),
    onError: (error) => logger.error({ err: error }, "sync worker error"),
    async handle(jobs) {
      const started = Date.now();
      // Shops run side by side and each shop's jobs are settled as soon as that shop is done, so a slow
      // or failing org never holds another shop's jobs (and the records they keep in order) active.
      const byShop = new Map<string, Job<SyncJobData>[]>();
      for (const job of jobs) byShop.set(job.data.shop, [...(byShop.get(job.data.shop) ?? []), job]);
      await Promise.all([...byShop.values()].map((shopJobs) => runShop(shopJobs)));
      logger.debug({ jobs: jobs.length, shops: byShop.size, ms: Date.now() - started }, "batch processed");
    },
  });
  return {
    wake: () => consumer.wake(),
    stop: () => consumer.stop(),
  };
}
