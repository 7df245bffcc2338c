import type { Logger } from "../logging/logger.server";
import type { AppMetrics } from "../metrics/metrics.server";
import { createSalesforceFromEnv } from "../salesforce/index.server";
import { standardPricebookContext } from "../salesforce/standard-pricebook.server";
import { startPrivacyRuntime } from "../privacy/privacy-runtime.server";
import { createPrismaClient } from "../store/prisma-client.server";
import { startReverseSyncFromEnv } from "../reverse-sync/start-reverse-sync.server";
import { startSyncRuntime, type SyncRuntime } from "./sync-runtime.server";
import { startPullSyncRuntime } from "./pull-sync-runtime.server";
import { syncTimingFromEnv } from "./sync-timing.server";

export interface WorkerRuntime {
  runtime: SyncRuntime;
  stop(): Promise<void>;
}

/**
 * A sync worker as `npm run worker` (or `npm start` in-process) runs it: shops' Salesforce connections
 * from the database (encrypted tokens, shared refresh, API budget), the engine, and the queue consumer.
 */
export async function startWorkerRuntime(
  databaseUrl: string,
  logger: Logger,
  env: NodeJS.ProcessEnv = process.env,
  metrics?: AppMetrics,
): Promise<WorkerRuntime> {
  const prisma = createPrismaClient(databaseUrl, Number(env.WORKER_DATABASE_POOL_SIZE ?? 10));
  const timing = syncTimingFromEnv(env);
  const { connections } = createSalesforceFromEnv({ prisma, logger, env, budgetRecheckMs: timing?.budgetRecheckMs });
  const runtime = await startSyncRuntime({
    databaseUrl,
    connections,
    resolveContext: standardPricebookContext(connections),
    isBudgetExhausted: async (shop) => !(await connections.budgetAllows(shop)).allowed,
    logger,
    metrics,
    batchSize: Number(env.WORKER_BATCH_SIZE ?? 500),
    concurrency: Number(env.WORKER_CONCURRENCY ?? 4),
    poolSize: Number(env.WORKER_DATABASE_POOL_SIZE ?? 10),
    retryPolicy: timing?.retryPolicy,
    outageProbe: timing?.outageProbe,
    deferDelayMs: timing?.deferDelayMs,
    pauseProbeAfterMs: timing?.pauseProbeAfterMs,
  });
  const privacy = await startPrivacyRuntime({ databaseUrl, prisma, connections, logger, env });
  const reverseSync = startReverseSyncFromEnv({ pool: runtime.pool, connections, logger, env });
  // Backfill jobs and the hourly reconciliation (app/services/backfill, app/services/reconciliation).
  const pullSync = env.RUN_PULL_SYNC === "false" ? null : await startPullSyncRuntime({ runtime, connections, logger, cron: env.RECONCILE_CRON });
  return {
    runtime,
    async stop() {
      await reverseSync.stop();
      await privacy.stop();
      await runtime.stop();
      await pullSync?.stop();
      await prisma.$disconnect();
    },
  };
}
