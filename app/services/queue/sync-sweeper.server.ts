import type pg from "pg";
import type { PgBoss } from "pg-boss";
import type { Logger } from "../logging/logger.server";
import type { AppMetrics } from "../metrics/metrics.server";
import { inTransaction } from "../store/transaction.server";
import { enqueueSyncJobs, QUEUE_SCHEMA, eventJobKey, SYNC_QUEUE } from "./sync-queue.server";

// Every way a sync job can end — completed, failed after pg-boss's retries, expired, cancelled, its
// worker killed — must leave its WebhookEvent terminal or queued with a live job, and no job holding a
// record's key. A failed key_strict_fifo job holds its key until pg-boss deletes it (deleteAfterSeconds,
// 7 days by default), so every later event of that record would wait that long. The sweeper, run on a
// pg-boss schedule (one job per occurrence for the whole cluster), repairs both disagreements.

export const SWEEP_QUEUE = "sync-sweep";
/** Every minute: pg-boss schedules are cron expressions with minute resolution. */
const SWEEP_CRON = process.env.SYNC_SWEEP_CRON ?? "* * * * *";
const SWEEP_CHUNK = 1_000;

export interface SweepResult {
  /** Failed jobs deleted so their key no longer holds back the record's later events. */
  releasedJobs: number;
  /** Queued events that had no live job, given one. */
  requeuedEvents: number;
}

export interface SweepDeps {
  pool: pg.Pool;
  queue: PgBoss;
  metrics?: AppMetrics;
}

export async function sweepSyncQueue(deps: SweepDeps, options: { limit?: number } = {}): Promise<SweepResult> {
  const limit = options.limit ?? SWEEP_CHUNK;
  const failed = await deps.pool.query<{ id: string }>(
    `SELECT id FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state = 'failed' ORDER BY completed_on LIMIT $2`,
    [SYNC_QUEUE, limit],
  );
  // The dead letter queue keeps its copy; the event itself is repaired below (it has no live job now).
  if (failed.rows.length > 0) await deps.queue.deleteJob(SYNC_QUEUE, failed.rows.map((row) => row.id));
  const requeued = await inTransaction(deps.pool, async (client, db) => {
    // SKIP LOCKED: two sweeps (or a sweep and a replay) never give one event two jobs.
    const { rows } = await client.query<{ id: string; shop: string; resource: string; shopifyId: string | null; jobKey: string | null }>(
      `SELECT e.id, e.shop, e.resource, e."shopifyId", e."jobKey" FROM "WebhookEvent" e
        WHERE e.status = 'queued'
          AND NOT EXISTS (SELECT 1 FROM ${QUEUE_SCHEMA}.job j
                           WHERE j.name = $1 AND j.state IN ('created', 'retry', 'active') AND j.data->>'eventId' = e.id)
        ORDER BY e."receivedAt" LIMIT $2
        FOR UPDATE OF e SKIP LOCKED`,
      [SYNC_QUEUE, limit],
    );
    await enqueueSyncJobs(deps.queue, db, rows.map((row) => ({ data: { eventId: row.id, shop: row.shop }, key: eventJobKey(row.shop, row) })));
    return rows.length;
  });
  deps.metrics?.sweeperRepairs.inc({ kind: "released-job" }, failed.rows.length);
  deps.metrics?.sweeperRepairs.inc({ kind: "requeued-event" }, requeued);
  return { releasedJobs: failed.rows.length, requeuedEvents: requeued };
}

/** Schedules the sweep (idempotent; pg-boss sends one job per occurrence cluster-wide) and works it. */
export async function startSyncSweeper(deps: SweepDeps & { logger: Logger }): Promise<{ stop(): Promise<void> }> {
  const { queue, logger } = deps;
  if (!(await queue.getQueue(SWEEP_QUEUE))) await queue.createQueue(SWEEP_QUEUE, { policy: "singleton", retryLimit: 0, expireInSeconds: 300 });
  await queue.schedule(SWEEP_QUEUE, SWEEP_CRON);
  const workerId = await queue.work(SWEEP_QUEUE, { localConcurrency: 1, pollingIntervalSeconds: 30 }, async () => {
    const result = await sweepSyncQueue(deps);
    if (result.releasedJobs + result.requeuedEvents > 0) logger.warn({ ...result }, "sync sweeper repaired events and keys");
  });
  return {
    async stop() {
      await queue.offWork(SWEEP_QUEUE, { id: workerId, wait: true });
    },
  };
}
