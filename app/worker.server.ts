import type { Job, JobResult, PgBoss } from "pg-boss";
import type { Logger } from "./services/logging/logger.server";
import { SYNC_QUEUE, type SyncJobData } from "./services/queue/sync-queue.server";
import { wakeIdleWorker } from "./services/queue/wake-idle-worker.server";

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
  processor: EventBatchProcessor;
  logger: Logger;
  /** Jobs fetched per batch; one Salesforce collection call carries up to 200 records. */
  batchSize?: number;
  /** Batches processed at once by this process. */
  concurrency?: number;
  pollingIntervalSeconds?: number;
}

/**
 * How a worker fetches: up to WORKER_BATCH_SIZE jobs, of which at most WORKER_SHOP_CAP per shop are
 * active at once across all workers (pg-boss groupConcurrency on the shop group), so a shop with a
 * 50,000-event backlog takes at most one batch and another shop's event is in the next one.
 *
 * The cap defaults to the batch size. A shop's drain speed is the events it has in flight divided by a
 * batch's round trip (Salesforce's latency per dependency level, the calls of one object in sequence),
 * so a cap below the batch size starved a single busy shop (measured: 200 → 758–1,138 records/s). Above
 * one batch, two batches of the same shop would run at once and their calls would lock the same parent
 * records (the customer's Account, shared products) in Salesforce, which answers UNABLE_TO_LOCK_ROW for
 * child records of one parent saved in parallel transactions (Salesforce's "Record-Level Locking" guide).
 */
export function syncFetchOptions(env: Readonly<Record<string, string | undefined>> = process.env, batchSize?: number): { batchSize: number; groupConcurrency: number } {
  const size = batchSize ?? Number(env.WORKER_BATCH_SIZE ?? DEFAULT_BATCH_SIZE);
  return { batchSize: size, groupConcurrency: Math.max(1, Number(env.WORKER_SHOP_CAP ?? size)) };
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

  async function runShop(jobs: Job<SyncJobData>[]): Promise<JobResult[]> {
    let failed: ReadonlySet<string>;
    try {
      failed = (await processor.processBatch(jobs.map((job) => job.data.eventId)))?.failedEventIds ?? new Set();
    } catch (error) {
      logger.error({ err: error, shop: jobs[0]?.data.shop }, "sync batch failed");
      failed = new Set(jobs.map((job) => job.data.eventId));
    }
    const results = jobs.map((job): JobResult => ({ id: job.id, status: failed.has(job.data.eventId) ? "failed" : "completed" }));
    const done = jobs.filter((job) => !failed.has(job.data.eventId));
    const retry = jobs.filter((job) => failed.has(job.data.eventId));
    // Settle now; the batch's own settlement afterwards is fenced to still-active attempts (a no-op here).
    if (done.length > 0) await queue.complete(SYNC_QUEUE, done).catch((error) => logger.warn({ err: error }, "complete failed"));
    if (retry.length > 0) await queue.fail(SYNC_QUEUE, retry).catch((error) => logger.warn({ err: error }, "fail failed"));
    return results;
  }
  const workerId = await queue.work<SyncJobData>(
    SYNC_QUEUE,
    {
      ...syncFetchOptions(process.env, options.batchSize ?? 200),
      localConcurrency: options.concurrency ?? 2,
      // Web processes wake workers when events arrive (wake-workers.server.ts); polling finds delayed retries.
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
      burstWhenBatchFull: true,
      // Settle each job on its own, so one shop's failure never re-runs another shop's jobs.
      perJobResults: true,
    },
    async (jobs: Job<SyncJobData>[]): Promise<JobResult[]> => {
      const started = Date.now();
      // Shops run side by side and each shop's jobs are settled as soon as that shop is done, so a slow
      // or failing org never holds another shop's jobs (and the records they keep in order) active.
      const byShop = new Map<string, Job<SyncJobData>[]>();
      for (const job of jobs) byShop.set(job.data.shop, [...(byShop.get(job.data.shop) ?? []), job]);
      const results = await Promise.all([...byShop.values()].map((shopJobs) => runShop(shopJobs)));
      logger.debug({ jobs: jobs.length, shops: byShop.size, ms: Date.now() - started }, "batch processed");
      return results.flat();
    },
  );
  return {
    wake: () => wakeIdleWorker(queue, SYNC_QUEUE, workerId),
    async stop() {
      await queue.offWork(SYNC_QUEUE, { id: workerId, wait: true });
    },
  };
}
