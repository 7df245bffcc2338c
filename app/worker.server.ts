import type { PgBoss, Job } from "pg-boss";
import type { Logger } from "./services/logging/logger.server";
import { SYNC_QUEUE, type SyncJobData } from "./services/queue/sync-queue.server";

/** Processes a batch of stored events (by WebhookEvent.id). Settles each event itself (status, attempts). */
export interface EventBatchProcessor {
  processBatch(eventIds: string[]): Promise<void>;
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

export interface SyncWorker {
  stop(): Promise<void>;
}

/**
 * The queue consumer: fetches sync jobs in batches and hands their events to the processor. Run it in
 * as many processes as needed (`npm run worker`); pg-boss (SKIP LOCKED, key_strict_fifo per record)
 * guarantees no record is processed by two workers at once.
 */
export async function createSyncWorker(options: SyncWorkerOptions): Promise<SyncWorker> {
  const { queue, processor, logger } = options;
  const workerId = await queue.work<SyncJobData>(
    SYNC_QUEUE,
    {
      batchSize: options.batchSize ?? 200,
      localConcurrency: options.concurrency ?? 2,
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5,
      burstWhenBatchFull: true,
    },
    async (jobs: Job<SyncJobData>[]) => {
      const started = Date.now();
      await processor.processBatch(jobs.map((job) => job.data.eventId));
      logger.debug({ jobs: jobs.length, ms: Date.now() - started }, "batch processed");
    },
  );
  return {
    async stop() {
      await queue.offWork(SYNC_QUEUE, { id: workerId, wait: true });
    },
  };
}
