import { PgBoss, type Db } from "pg-boss";
import { ensurePrivacyQueues } from "../privacy/compliance-queue.server";

/** The queue of events to mirror into Salesforce. */
export const SYNC_QUEUE = "sync-events";
/** Jobs whose handler itself kept crashing land here (events are parked by the worker long before). */
export const SYNC_DEAD_LETTER_QUEUE = "sync-events-dead";
export const QUEUE_SCHEMA = "pgboss";

export interface SyncJobData {
  /** WebhookEvent.id */
  eventId: string;
  shop: string;
}

export interface QueueOptions {
  connectionString: string;
  /** Connections pg-boss may hold. */
  poolSize?: number;
  /** Whether this process runs pg-boss maintenance (one per deployment is enough, more is harmless). */
  supervise?: boolean;
  /** Whether this process sends scheduled jobs (the sync sweeper); workers do, web processes need not. */
  schedule?: boolean;
  onError?: (error: Error) => void;
}

/**
 * pg-boss on the app's PostgreSQL. The sync queue uses the `key_strict_fifo` policy keyed by
 * `shop:resource:shopifyId`: jobs of one Shopify record run one at a time in arrival order on any
 * number of worker processes, while other records proceed in parallel (Postgres SKIP LOCKED).
 */
export async function startQueue(options: QueueOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: QUEUE_SCHEMA,
    max: options.poolSize ?? 5,
    supervise: options.supervise ?? true,
    // How often maintenance runs: it fails the jobs of a worker that stopped heartbeating (crashed).
    superviseIntervalSeconds: Number(process.env.QUEUE_SUPERVISE_SECONDS ?? 30),
    schedule: options.schedule ?? false,
    // No LISTEN/NOTIFY: a NOTIFY takes a database-wide lock at commit, which serialises every intake
    // transaction (measured: intake throughput halves). Workers poll every WORKER_POLL_SECONDS instead.
    useListenNotify: false,
  });
  boss.on("error", (error) => options.onError?.(error));
  await boss.start();
  await ensureQueues(boss);
  await ensurePrivacyQueues(boss);
  return boss;
}

const SYNC_QUEUE_OPTIONS = {
  notify: false,
  // Workers heartbeat while a batch runs; a worker killed mid-batch stops, and its jobs are retried
  // after this many seconds instead of waiting out expireInSeconds.
  heartbeatSeconds: Math.max(10, Number(process.env.QUEUE_HEARTBEAT_SECONDS ?? 30)),
  // The worker settles events itself (retry with backoff, park, dead); these retries only cover a
  // worker that crashed mid-batch.
  retryLimit: 5,
  retryDelay: 5,
  retryBackoff: true,
  expireInSeconds: 15 * 60,
  deadLetter: SYNC_DEAD_LETTER_QUEUE,
};

async function ensureQueues(boss: PgBoss): Promise<void> {
  if (!(await boss.getQueue(SYNC_DEAD_LETTER_QUEUE))) {
    await boss.createQueue(SYNC_DEAD_LETTER_QUEUE, { policy: "standard", retentionSeconds: 14 * 24 * 3600 });
  }
  if (!(await boss.getQueue(SYNC_QUEUE))) {
    await boss.createQueue(SYNC_QUEUE, { policy: "key_strict_fifo", ...SYNC_QUEUE_OPTIONS });
  } else {
    await boss.updateQueue(SYNC_QUEUE, SYNC_QUEUE_OPTIONS);
  }
}

/** The job key that serialises all work on one Shopify record. */
export function recordJobKey(shop: string, resource: string, shopifyId: string | null, eventId: string): string {
  return shopifyId ? `${shop}:${resource}:${shopifyId}` : `${shop}:${resource}:event:${eventId}`;
}

/** A stored event's job key: the one stored with it (a refund's is its order's), else its own record's. */
export function eventJobKey(shop: string, event: { id: string; resource: string; shopifyId: string | null; jobKey: string | null }): string {
  return event.jobKey ?? recordJobKey(shop, event.resource, event.shopifyId, event.id);
}

/**
 * Enqueues a sync job inside the caller's transaction (`db`), so the event row and its job commit
 * together. A delayed job (a retry) does not hold back newer events of the same record: key_strict_fifo
 * skips jobs that are not yet fetchable when choosing a key's head.
 */
export async function enqueueSyncJob(
  boss: PgBoss,
  db: Db,
  data: SyncJobData,
  key: string,
  delayMs = 0,
): Promise<void> {
  const startAfter = delayMs > 0 ? { startAfter: new Date(Date.now() + delayMs) } : {};
  await boss.send(SYNC_QUEUE, data, { singletonKey: key, group: shopGroup(data.shop), db, ...startAfter });
}

/** Many jobs in one statement inside the caller's transaction (bulk re-queues: replay, resume, sweeper). */
export async function enqueueSyncJobs(boss: PgBoss, db: Db, jobs: ReadonlyArray<{ data: SyncJobData; key: string }>): Promise<void> {
  if (jobs.length === 0) return;
  await boss.insert(SYNC_QUEUE, jobs.map((job) => ({ data: job.data, singletonKey: job.key, group: shopGroup(job.data.shop) })), { db });
}

/**
 * Each shop is a pg-boss group: workers fetch with `groupConcurrency` (WORKER_SHOP_CAP), so one shop's
 * backlog never fills a batch while another shop's events wait (worker.server.ts, syncFetchOptions).
 */
export function shopGroup(shop: string): { id: string } {
  return { id: shop };
}
