import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Prometheus metrics for /metrics. One registry per process, created by the composition root. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const webhooks = new Counter({
    name: "sfsync_webhooks_total",
    help: "Webhook deliveries by topic and intake outcome",
    labelNames: ["topic", "outcome"] as const,
    registers: [registry],
  });
  const syncedEvents = new Counter({
    name: "sfsync_events_processed_total",
    help: "Events processed by the sync worker, by outcome",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const salesforceCalls = new Counter({
    name: "sfsync_salesforce_api_calls_total",
    help: "Salesforce API calls made by the sync worker",
    registers: [registry],
  });
  const batchSeconds = new Histogram({
    name: "sfsync_batch_duration_seconds",
    help: "Time to process one worker batch",
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [registry],
  });
  const intakeGroupSize = new Histogram({
    name: "sfsync_intake_group_size",
    help: "Webhook deliveries committed together in one intake transaction (group commit)",
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [registry],
  });
  const intakeCommitSeconds = new Histogram({
    name: "sfsync_intake_commit_seconds",
    help: "Time of one intake transaction, BEGIN to COMMIT (includes the WAL flush)",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  const sweeperRepairs = new Counter({
    name: "sfsync_sweeper_repairs_total",
    help: "Repairs by the sync sweeper: failed jobs whose key it released, queued events without a job it re-queued",
    labelNames: ["kind"] as const,
    registers: [registry],
  });
  return { registry, sweeperRepairs, webhooks, syncedEvents, salesforceCalls, batchSeconds, intakeGroupSize, intakeCommitSeconds };
}

export type AppMetrics = ReturnType<typeof createMetrics>;
