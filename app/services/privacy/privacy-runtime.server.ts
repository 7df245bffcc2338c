import type { PrismaClient } from "@prisma/client";
import { PgBoss, type Job } from "pg-boss";
import type { Logger } from "../logging/logger.server";
import { QUEUE_SCHEMA } from "../queue/sync-queue.server";
import type { SalesforceConnections } from "../salesforce/index.server";
import { COMPLIANCE_QUEUE, ensurePrivacyQueues, RETENTION_QUEUE, type ComplianceJobData } from "./compliance-queue.server";
import { createComplianceProcessor } from "./compliance-requests.server";
import { retentionSettingsFromEnv, runRetention } from "./retention.server";

export interface PrivacyRuntime {
  stop(): Promise<void>;
}

/**
 * The worker side of privacy: acts on compliance requests as they arrive and runs payload retention on a
 * pg-boss schedule (PRIVACY_RETENTION_CRON, hourly by default; one run at a time across all workers).
 * Its own small pg-boss instance, because the sync queue's runs with the scheduler off.
 */
export async function startPrivacyRuntime(deps: {
  databaseUrl: string;
  prisma: PrismaClient;
  connections: SalesforceConnections;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
}): Promise<PrivacyRuntime> {
  const env = deps.env ?? process.env;
  const { prisma, logger } = deps;
  const settings = retentionSettingsFromEnv(env);
  const boss = new PgBoss({ connectionString: deps.databaseUrl, schema: QUEUE_SCHEMA, max: 2, supervise: false, schedule: true, useListenNotify: false });
  boss.on("error", (error) => logger.error({ err: error }, "privacy queue error"));
  await boss.start();
  await ensurePrivacyQueues(boss);
  const processor = createComplianceProcessor({ prisma, connections: deps.connections, logger });
  await boss.work<ComplianceJobData>(COMPLIANCE_QUEUE, { batchSize: 1, pollingIntervalSeconds: Number(env.COMPLIANCE_POLL_SECONDS ?? 2) }, async ([job]: Job<ComplianceJobData>[]) => {
    await processor.process(job.data);
  });
  await boss.work(RETENTION_QUEUE, { batchSize: 1, pollingIntervalSeconds: 30 }, async () => {
    const result = await runRetention(prisma, settings);
    logger.info({ ...result, payloadDays: settings.payloadDays, historyDays: settings.historyDays }, "retention run finished");
  });
  await boss.schedule(RETENTION_QUEUE, env.PRIVACY_RETENTION_CRON ?? "17 * * * *");
  return {
    async stop() {
      await boss.stop({ graceful: true, close: true, timeout: 10_000 });
    },
  };
}
