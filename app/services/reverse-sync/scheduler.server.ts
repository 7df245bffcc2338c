import type pg from "pg";
import type { Logger } from "../logging/logger.server";
import type { PollSummary, ReverseSync } from "./reverse-sync.server";

// Runs the Salesforce → Shopify poll of every shop that has a two-way mapping, once per interval. Several
// worker processes may run it: a session advisory lock per shop makes one of them poll it, the others
// skip it for this round. The next round starts an interval after the previous one finished.

export interface ReverseSyncScheduler {
  runOnce(): Promise<PollSummary[]>;
  stop(): Promise<void>;
}

export function startReverseSyncScheduler(deps: { pool: pg.Pool; reverse: ReverseSync; intervalMs: number; logger: Logger; start?: boolean }): ReverseSyncScheduler {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<PollSummary[]> | null = null;
  let stopped = false;

  async function runOnce(): Promise<PollSummary[]> {
    const { rows } = await deps.pool.query<{ shop: string }>(
      `SELECT DISTINCT m.shop FROM "MappingSet" m
         JOIN "SalesforceConnection" c ON c.shop = m.shop AND c.status = 'connected'
        WHERE m.resource = 'customer' AND m."isActive" AND m.document::text LIKE '%"direction"%'`,
    );
    const summaries: PollSummary[] = [];
    for (const { shop } of rows) {
      const client = await deps.pool.connect();
      try {
        const { rows: lock } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtext('reverse-sync:' || $1)) AS locked`, [shop]);
        if (!lock[0].locked) continue;
        try {
          const summary = await deps.reverse.pollShop(shop);
          summaries.push(summary);
          if (summary.writes > 0 || summary.events.needsAttention > 0 || summary.events.retry > 0) deps.logger.info({ ...summary }, "salesforce → shopify poll");
        } catch (error) {
          deps.logger.warn({ shop, err: error }, "salesforce → shopify poll failed; the watermark stays, the next round reads the same changes");
        } finally {
          await client.query(`SELECT pg_advisory_unlock(hashtext('reverse-sync:' || $1))`, [shop]);
        }
      } finally {
        client.release();
      }
    }
    return summaries;
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce()
        .catch((error: unknown) => {
          deps.logger.warn({ err: error }, "salesforce → shopify poll round failed");
          return [];
        })
        .finally(() => {
          running = null;
          schedule();
        });
    }, deps.intervalMs);
  };
  if (deps.start !== false && deps.intervalMs > 0) schedule();

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
