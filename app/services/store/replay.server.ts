import type pg from "pg";
import type { Db, PgBoss } from "pg-boss";
import { EVENT_STATUSES, canTransition } from "../../sync/event-status";
import { enqueueSyncJob, recordJobKey } from "../queue/sync-queue.server";
import { inTransaction } from "./transaction.server";

/** Finished statuses a replay may move back to `queued` (per the event transition table). */
const REPLAYABLE = EVENT_STATUSES.filter((status) => status !== "queued" && canTransition(status, "queued"));

export interface ReplayService {
  /** Queues these events again (with a fresh attempt budget); they run with the shop's current mapping. */
  replayEvents(shop: string, eventIds: readonly string[]): Promise<number>;
  /** Queues the newest event of one Shopify record again. */
  replayRecord(shop: string, resource: string, shopifyId: string): Promise<number>;
  /** Queues every event of the shop that needs attention. */
  replayNeedsAttention(shop: string): Promise<number>;
  /**
   * Lifts a pause (reconnected, API budget back) and runs the shop's waiting events now instead of at
   * their deferred time; the deferred jobs then find their events settled and do nothing.
   */
  resumeShop(shop: string): Promise<number>;
}

/** Replays from the admin: status back to `queued` and a new job, in one transaction. Scoped by shop. */
export function createReplayService(deps: { pool: pg.Pool; queue: PgBoss }): ReplayService {
  type QueuedRow = { id: string; resource: string; shopifyId: string | null };
  const enqueueAll = async (db: Db, shop: string, rows: QueuedRow[]) => {
    for (const row of rows) {
      // Salesforce → Shopify writes are re-run by the next reverse poll, not by the sync queue.
      if (row.resource === "reverse:customer") continue;
      await enqueueSyncJob(deps.queue, db, { eventId: row.id, shop }, recordJobKey(shop, row.resource, row.shopifyId, row.id));
    }
    return rows.length;
  };
  const requeue = (shop: string, where: string, params: unknown[]) =>
    inTransaction(deps.pool, async (client, db) => {
      const { rows } = await client.query<QueuedRow>(
        `UPDATE "WebhookEvent" SET status = 'queued', attempts = 0, "lastError" = NULL, "lastErrorCode" = NULL, "updatedAt" = now()
          WHERE shop = $1 AND status = ANY($2::text[]) AND resource IN ('customer', 'order', 'refund', 'reverse:customer') AND ${where}
          RETURNING id, resource, "shopifyId"`,
        [shop, REPLAYABLE, ...params],
      );
      return enqueueAll(db, shop, rows);
    });
  return {
    replayEvents: (shop, eventIds) => requeue(shop, `id = ANY($3::text[])`, [eventIds]),
    replayRecord: (shop, resource, shopifyId) =>
      requeue(
        shop,
        `id = (SELECT id FROM "WebhookEvent" WHERE shop = $1 AND resource = $3 AND "shopifyId" = $4
                ORDER BY "sourceUpdatedAt" DESC NULLS LAST, "receivedAt" DESC LIMIT 1)`,
        [resource, shopifyId],
      ),
    replayNeedsAttention: (shop) => requeue(shop, `status = 'needs-attention'`, []),
    resumeShop: (shop) =>
      inTransaction(deps.pool, async (client, db) => {
        await client.query(`UPDATE "Shop" SET "syncPausedAt" = NULL, "syncPauseReason" = NULL, "updatedAt" = now() WHERE shop = $1`, [shop]);
        const { rows } = await client.query<QueuedRow>(
          `SELECT id, resource, "shopifyId" FROM "WebhookEvent" WHERE shop = $1 AND status = 'queued' ORDER BY "receivedAt"`,
          [shop],
        );
        return enqueueAll(db, shop, rows);
      }),
  };
}
