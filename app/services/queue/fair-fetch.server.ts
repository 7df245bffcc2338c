import type pg from "pg";
import type { Job, PgBoss } from "pg-boss";
import { QUEUE_SCHEMA, SYNC_QUEUE, type SyncJobData } from "./sync-queue.server";

// Why not one pg-boss fetch: its fetch takes the oldest `batchSize` candidates first and applies the
// per-group cap (groupConcurrency) to those, so when k shops each have a backlog older than a quiet
// shop's one event, the candidates are all backlog, the cap trims them, and the quiet shop waits until
// the backlogs drain. Here a batch is filled in turns: each turn fetches at most `shopShare` of the
// oldest jobs of shops not served yet in this batch, so every shop with work takes at most its share
// and a quiet shop is in the first batch while fewer than batchSize / shopShare shops are backlogged.

export interface FairFetchOptions {
  /** Jobs per batch at most. */
  batchSize: number;
  /** Jobs of one shop active at once across all workers (pg-boss groupConcurrency). */
  shopCap: number;
  /** Jobs of one shop per batch at most. */
  shopShare: number;
  /** Stored payload bytes per batch at most (the first job is always taken, whatever its size). */
  byteBudget: number;
}

/** Turns per batch at most: each turn is one fetch statement. */
const MAX_TURNS = 50;
/** Fetches that top up a batch once every shop had its turn. */
const TOP_UP_TURNS = 4;

export async function fetchFairBatch(queue: PgBoss, pool: pg.Pool, options: FairFetchOptions): Promise<Job<SyncJobData>[]> {
  const atCap = await shopsAtCap(pool, options.shopCap);
  const batch: Job<SyncJobData>[] = [];
  let bytes = 0;
  /** Adds fetched jobs within the byte budget; false when the budget is spent (the rest went back). */
  const take = async (jobs: Job<SyncJobData>[]): Promise<boolean> => {
    const sizes = await payloadBytes(pool, jobs);
    const overBudget: Job<SyncJobData>[] = [];
    for (const job of jobs) {
      const size = sizes.get(job.data.eventId) ?? 0;
      if (overBudget.length > 0 || (batch.length > 0 && bytes + size > options.byteBudget)) overBudget.push(job);
      else {
        bytes += size;
        batch.push(job);
      }
    }
    // Back to the queue untouched: restoring clears started_on, so the next claim is not a retry.
    if (overBudget.length > 0) await restore(pool, overBudget);
    return overBudget.length === 0;
  };
  const fetch = (limit: number, ignore: Set<string>) =>
    queue.fetch<SyncJobData>(SYNC_QUEUE, { batchSize: limit, groupConcurrency: options.shopCap, ignoreGroups: ignore.size > 0 ? [...ignore] : null });

  // First round: turns of at most shopShare jobs, each turn among the shops not served yet.
  const served = new Set(atCap);
  for (let turn = 0; turn < MAX_TURNS && batch.length < options.batchSize; turn++) {
    const jobs = await fetch(Math.min(options.shopShare, options.batchSize - batch.length), served);
    if (jobs.length === 0) break;
    for (const job of jobs) served.add(job.data.shop);
    if (!(await take(jobs))) return batch;
  }
  // Every shop with work had its turn: the rest of the batch goes to the oldest jobs (still capped per shop).
  // (pg-boss trims a shop at its cap only after choosing candidates, so shops that reached it are skipped.)
  for (let turn = 0; turn < TOP_UP_TURNS && batch.length > 0 && batch.length < options.batchSize; turn++) {
    const jobs = await fetch(options.batchSize - batch.length, new Set(await shopsAtCap(pool, options.shopCap)));
    if (jobs.length === 0 || !(await take(jobs))) break;
  }
  return batch;
}

async function shopsAtCap(pool: pg.Pool, shopCap: number): Promise<string[]> {
  const { rows } = await pool.query<{ group_id: string }>(
    `SELECT group_id FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state = 'active' AND group_id IS NOT NULL
      GROUP BY group_id HAVING count(*) >= $2`,
    [SYNC_QUEUE, shopCap],
  );
  return rows.map((row) => row.group_id);
}

async function payloadBytes(pool: pg.Pool, jobs: Job<SyncJobData>[]): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ id: string; bytes: number }>(`SELECT id, "payloadBytes" AS bytes FROM "WebhookEvent" WHERE id = ANY($1::text[])`, [
    jobs.map((job) => job.data.eventId),
  ]);
  return new Map(rows.map((row) => [row.id, row.bytes]));
}

async function restore(pool: pg.Pool, jobs: Job<SyncJobData>[]): Promise<void> {
  await pool.query(
    `UPDATE ${QUEUE_SCHEMA}.job SET state = 'created', started_on = NULL, heartbeat_on = NULL
      WHERE name = $1 AND id = ANY($2::uuid[]) AND state = 'active'`,
    [SYNC_QUEUE, jobs.map((job) => job.id)],
  );
}
