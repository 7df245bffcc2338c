import type pg from "pg";
import type { Logger } from "../logging/logger.server";
import { QUEUE_SCHEMA } from "./sync-queue.server";

const JOB_TABLE = `${QUEUE_SCHEMA}.job_common`;
/** Changed rows since the last ANALYZE above which the planner's picture of the job table is stale. */
const STALE_AFTER_CHANGES = 1_000;

/**
 * Keeps PostgreSQL's planner statistics of the job table fresh while a backlog builds up. Measured:
 * right after 10,000 jobs arrive at once (a flash sale), pg-boss's key_strict_fifo fetch takes 12–16 s
 * with the stale statistics and 35 ms after an ANALYZE (0.2 s). Autovacuum gets there too, but only
 * within its naptime (a minute); workers check every few seconds instead.
 */
export function keepQueueStatisticsFresh(pool: pg.Pool, logger: Logger, intervalMs = 5_000): { stop(): void } {
  let running = false;
  const check = async () => {
    if (running) return;
    running = true;
    try {
      const { rows } = await pool.query<{ changes: string }>(
        `SELECT n_mod_since_analyze AS changes FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'job_common'`,
        [QUEUE_SCHEMA],
      );
      if (Number(rows[0]?.changes ?? 0) > STALE_AFTER_CHANGES) {
        const started = Date.now();
        await pool.query(`ANALYZE ${JOB_TABLE}`);
        logger.debug({ ms: Date.now() - started, changes: rows[0]?.changes }, "queue statistics refreshed");
      }
    } catch (error) {
      logger.warn({ err: error }, "could not refresh queue statistics");
    } finally {
      running = false;
    }
  };
  void check();
  const timer = setInterval(check, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
