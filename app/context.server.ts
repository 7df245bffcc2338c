import pg from "pg";
import type { PgBoss } from "pg-boss";
import { readEnv, resolveShopifyConfig } from "./config.server";
import { createLogger } from "./services/logging/logger.server";
import { createMetrics } from "./services/metrics/metrics.server";
import { startQueue } from "./services/queue/sync-queue.server";
import { createWakeSender } from "./services/queue/wake-workers.server";
import { createWebhookVerifier } from "./services/shopify/verify-webhook.server";
import { createWebhookIntake, type WebhookIntake } from "./services/shopify/webhook-intake.server";
import { createReplayService, type ReplayService } from "./services/store/replay.server";
import { createWebhookInbox, type WebhookInbox } from "./services/store/webhook-inbox.server";

/**
 * The web process's composition root: everything routes need, built once per process. The queue
 * connection starts on first use, so importing a route never opens sockets.
 */
export interface AppContext {
  intake: WebhookIntake;
  /** The durable inbox (also fed by the admin's "Sync to Salesforce", app/services/extensions/). */
  inbox: WebhookInbox;
  queue: PgBoss;
  pool: pg.Pool;
  /** Replays and resumes from the admin (and the Salesforce OAuth callback). */
  replay: ReplayService;
  metrics: ReturnType<typeof createMetrics>;
}

const env = readEnv();
export const logger = createLogger({ level: env.LOG_LEVEL, name: "web" });
export const metrics = createMetrics();

let contextPromise: Promise<AppContext> | undefined;

export function getAppContext(): Promise<AppContext> {
  contextPromise ??= buildContext().catch((error: unknown) => {
    contextPromise = undefined;
    throw error;
  });
  return contextPromise;
}

async function buildContext(): Promise<AppContext> {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set");
  const queue = await startQueue({
    connectionString,
    poolSize: Number(process.env.QUEUE_POOL_SIZE ?? 10),
    // Web processes only enqueue; workers run maintenance.
    supervise: false,
    onError: (error) => logger.error({ err: error }, "queue error"),
  });
  const pool = new pg.Pool({ connectionString, max: Number(process.env.INTAKE_POOL_SIZE ?? 10) });
  // An idle connection dropped by the server (restart, failover) must not crash the process.
  pool.on("error", (error) => logger.warn({ err: error }, "idle database connection lost"));
  const wake = createWakeSender(pool, { onError: (error) => logger.warn({ err: error }, "worker wake-up failed") });
  const inbox = createWebhookInbox({
    pool,
    queue,
    onQueued: wake.wake,
    maxGroupSize: env.INTAKE_GROUP_MAX,
    maxConcurrentGroups: env.INTAKE_GROUP_CONCURRENCY,
    onGroupCommitted: (size, seconds) => {
      metrics.intakeGroupSize.observe(size);
      metrics.intakeCommitSeconds.observe(seconds);
    },
  });
  const intake = createWebhookIntake({
    verifyWebhook: createWebhookVerifier(resolveShopifyConfig(env)),
    inbox,
    maxBodyBytes: env.WEBHOOK_MAX_BODY_BYTES,
    logger,
    onOutcome: (topic, outcome) => metrics.webhooks.inc({ topic, outcome }),
  });
  return { intake, inbox, queue, pool, replay: createReplayService({ pool, queue }), metrics };
}

/** Stops the queue connection (tests and graceful shutdown). */
export async function closeAppContext(): Promise<void> {
  const pending = contextPromise;
  contextPromise = undefined;
  if (pending) {
    const context = await pending.catch(() => undefined);
    await context?.queue.stop({ graceful: true, close: true, timeout: 5000 });
    await context?.pool.end();
  }
}
