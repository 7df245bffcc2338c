import pg from "pg";
import type { PgBoss } from "pg-boss";
import { createSyncEngine, type BatchSummary, type SyncEngine } from "../../sync/sync-batch";
import type { SyncLogger } from "../../sync/ports";
import type { RetryPolicy } from "../../sync/retry-policy";
import { createSyncWorker, type EventBatchProcessor, type SyncWorker } from "../../worker.server";
import type { Logger } from "../logging/logger.server";
import type { AppMetrics } from "../metrics/metrics.server";
import { startQueue } from "../queue/sync-queue.server";
import { startSyncSweeper } from "../queue/sync-sweeper.server";
import { createExpressionSandbox, sandboxOptionsFromEnv } from "../sandbox/expression-sandbox.server";
import { keepQueueStatisticsFresh } from "../queue/queue-statistics.server";
import { listenForWake, type WakeListener } from "../queue/wake-workers.server";
import { createSalesforcePort, type ConnectionSource } from "../salesforce/sync-session.server";
import { createSyncStore } from "../store/sync-store.server";
import type { OutageProbePolicy } from "../store/org-outage.server";
import { createEchoGuard } from "../../sync/reverse/echo-guard";
import { createFieldMemoryStore } from "../reverse-sync/field-memory-store.server";

export interface SyncRuntimeOptions {
  databaseUrl: string;
  connections: ConnectionSource;
  logger: Logger;
  metrics?: AppMetrics;
  /** Errors from `connections.connectionFor` that mean the shop must reconnect (parked, not retried). */
  isPermanentConnectError?: (error: unknown) => boolean;
  /** Runtime $context values for mappings (e.g. the standard price book id). */
  resolveContext?: (shop: string) => Promise<Record<string, string>>;
  batchSize?: number;
  concurrency?: number;
  retryPolicy?: RetryPolicy;
  /** Records per sObject Collections call (default 200, Salesforce's maximum). */
  chunkSize?: number;
  /** Delay for events of a paused shop (API budget, reconnect): they wait without using attempts. */
  deferDelayMs?: number;
  /** See SyncStoreDeps.pauseProbeAfterMs / requireConnection. */
  pauseProbeAfterMs?: number;
  /** Backoff of the outage health probe (default org-outage.server.ts DEFAULT_OUTAGE_PROBE). */
  outageProbe?: OutageProbePolicy;
  requireConnection?: boolean;
  isBudgetExhausted?: (shop: string) => Promise<boolean>;
  poolSize?: number;
  /** Start consuming the queue (false: build the engine only, e.g. for replays from the web process). */
  consume?: boolean;
  onBatch?: (summary: BatchSummary) => void;
}

export interface SyncRuntime {
  engine: SyncEngine;
  queue: PgBoss;
  pool: pg.Pool;
  worker: SyncWorker | null;
  stop(): Promise<void>;
}

/** The sync engine wired to PostgreSQL, pg-boss and jsforce: what `npm run worker` runs. */
export async function startSyncRuntime(options: SyncRuntimeOptions): Promise<SyncRuntime> {
  const { logger, metrics } = options;
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
  // An idle connection dropped by the server (restart, failover) must not crash the worker.
  pool.on("error", (error) => logger.warn({ err: error }, "idle database connection lost"));
  const queue = await startQueue({
    connectionString: options.databaseUrl,
    schedule: options.consume !== false,
    onError: (error) => logger.error({ err: error }, "queue error"),
  });
  // Merchant expressions of every batch run in a sandbox thread, one round trip per batch.
  const sandbox = createExpressionSandbox({ ...sandboxOptionsFromEnv(), onRestart: (reason) => logger.warn({ reason }, "expression sandbox restarted after a runaway expression") });
  const engine = createSyncEngine({
    mapEvents: sandbox.mapEvents,
    store: createSyncStore({
      pool,
      queue,
      resolveContext: options.resolveContext,
      pauseProbeAfterMs: options.pauseProbeAfterMs,
      outageProbe: options.outageProbe,
      requireConnection: options.requireConnection,
      isBudgetExhausted: options.isBudgetExhausted,
    }),
    salesforce: createSalesforcePort(options.connections, {
      isPermanentConnectError: options.isPermanentConnectError,
      onApiCall: () => metrics?.salesforceCalls.inc(),
    }),
    clock: { now: () => new Date() },
    random: Math.random,
    logger: toSyncLogger(logger),
    retryPolicy: options.retryPolicy,
    chunkSize: options.chunkSize,
    deferDelayMs: options.deferDelayMs,
    echoGuard: createEchoGuard(createFieldMemoryStore(pool)),
  });
  const processor: EventBatchProcessor = {
    async processBatch(eventIds) {
      const stopTimer = metrics?.batchSeconds.startTimer();
      const summary = await engine.processBatch(eventIds);
      stopTimer?.();
      for (const event of summary.events) metrics?.syncedEvents.inc({ outcome: event.outcome });
      options.onBatch?.(summary);
      // Nothing of a failed shop's batch was saved: fail those jobs so pg-boss retries them (with backoff).
      const failedShops = new Set(summary.failedShops.map((failure) => failure.shop));
      const failedEventIds = new Set(summary.events.filter((event) => event.shop && failedShops.has(event.shop)).map((event) => event.eventId));
      return { failedEventIds };
    },
  };
  const worker =
    options.consume === false
      ? null
      : await createSyncWorker({ queue, pool, processor, logger, batchSize: options.batchSize, concurrency: options.concurrency });
  // Wake-ups from web processes (after each stored event) make the workers fetch at once.
  const wakeListener: WakeListener | null = worker
    ? listenForWake(options.databaseUrl, () => worker.wake(), (error) => logger.warn({ err: error }, "wake listener error"))
    : null;
  const statistics = worker ? keepQueueStatisticsFresh(pool, logger) : null;
  const sweeper = worker ? await startSyncSweeper({ pool, queue, logger, metrics }) : null;
  return {
    engine,
    queue,
    pool,
    worker,
    async stop() {
      statistics?.stop();
      await sweeper?.stop();
      await wakeListener?.stop();
      await worker?.stop();
      await queue.stop({ graceful: true, close: true, timeout: 10_000 });
      await sandbox.close();
      await pool.end();
    },
  };
}

function toSyncLogger(logger: Logger): SyncLogger {
  return {
    debug: (message, data) => logger.debug(data ?? {}, message),
    info: (message, data) => logger.info(data ?? {}, message),
    warn: (message, data) => logger.warn(data ?? {}, message),
    error: (message, data) => logger.error(data ?? {}, message),
  };
}
