import { createPrismaClient } from "../store/prisma-client.server";
import { createSyncWorker, type SyncWorker } from "../../worker.server";
import type { Logger } from "../logging/logger.server";
import { startQueue } from "../queue/sync-queue.server";
import { createReceivedRecorder } from "../store/received-recorder.server";

export interface WorkerRuntime {
  worker: SyncWorker;
  stop(): Promise<void>;
}

/** Builds a sync worker with its own queue and database connections (in-process or `npm run worker`). */
export async function startWorkerRuntime(databaseUrl: string, logger: Logger, env: NodeJS.ProcessEnv = process.env): Promise<WorkerRuntime> {
  const prisma = createPrismaClient(databaseUrl, Number(env.WORKER_DATABASE_POOL_SIZE ?? 10));
  const queue = await startQueue({
    connectionString: databaseUrl,
    poolSize: Number(env.QUEUE_POOL_SIZE ?? 10),
    onError: (error) => logger.error({ err: error }, "queue error"),
  });
  const worker = await createSyncWorker({
    queue,
    processor: createReceivedRecorder(prisma),
    logger,
    batchSize: Number(env.WORKER_BATCH_SIZE ?? 200),
    concurrency: Number(env.WORKER_CONCURRENCY ?? 2),
  });
  return {
    worker,
    async stop() {
      await worker.stop();
      await queue.stop({ graceful: true, close: true, timeout: 10_000 });
      await prisma.$disconnect();
    },
  };
}
