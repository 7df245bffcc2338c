import type pg from "pg";
import type { Db, PgBoss } from "pg-boss";
import { EVENT_STATUSES, canTransition } from "../../sync/event-status";
import { enqueueSyncJobs, eventJobKey } from "../queue/sync-queue.server";
import { inTransaction } from "./transaction.server";

/** Finished statuses a replay may move back to `queued` (per the event transition table). */
const REPLAYABLE = EVENT_STATUSES.filter((status) => status !== "queued" && canTransition(status, "queued"));

/**
 * Events re-queued per transaction: a shop with 100,000 events to replay never holds one transaction (and
 * its row locks) for all of them, and the admin can show progress between chunks.
 */
export const REPLAY_CHUNK = 1_000;

export interface BulkOptions {
  /** Called after each committed chunk with the events re-queued so far. */
  onProgress?: (done: number) => void;
}

export interface ReplayService {
  /** Queues these events again (with a fresh attempt budget); they run with the shop's current mapping. */
  replayEvents(shop: string, eventIds: readonly string[], options?: BulkOptions): Promise<number>;
  /** Queues the newest event of one Shopify record again. */
  replayRecord(shop: string, resource: string, shopifyId: string): Promise<number>;
  /** Queues every event of the shop that needs attention. */
  replayNeedsAttention(shop: string, options?: BulkOptions): Promise<number>;
  /**
   * Lifts a pause (reconnected, API budget back) and runs the shop's waiting events now instead of at
   * their deferred time; the deferred jobs then find their events settled and do nothing.
   */
  resumeShop(shop: string, options?: BulkOptions): Promise<number>;
}

/**
 * Replays from the admin: status back to `queued` and a new job, REPLAY_CHUNK events a transaction.
 * Scoped by shop. A merchant's replay re-sends the records even when unchanged (`forceSend`).
 */
export function createReplayService(deps: { pool: pg.Pool; queue: PgBoss }): ReplayService {
  type QueuedRow = { id: string; resource: string; shopifyId: string | null; jobKey: string | null };
  const enqueueAll = async (db: Db, shop: string, rows: QueuedRow[]) => {
    // Salesforce → Shopify writes are re-run by the next reverse poll, not by the sync queue.
    const forward = rows.filter((row) => row.resource !== "reverse:customer");
    await enqueueSyncJobs(deps.queue, db, forward.map((row) => ({ data: { eventId: row.id, shop }, key: eventJobKey(shop, row) })));
    return rows.length;
  };
  const inChunks = async (chunk: () => Promise<number>, options: BulkOptions = {}): Promise<number> => {
    let done = 0;
    for (;;) {
      const count = await chunk();
      done += count;
      if (count > 0) options.onProgress?.(done);
      if (count < REPLAY_CHUNK) return done;
    }
  };
  const requeue = async (shop: string, where: string, params: unknown[], options?: BulkOptions) => {
    // Only events last touched before the replay began: one that the workers already ran (and that
    // needs attention again) is not picked up a second time, so the loop always ends. The database's
    // clock, as text, so the comparison is with what `now()` wrote.
    const { rows: clock } = await deps.pool.query<{ startedAt: string }>(`SELECT now()::timestamp(3)::text AS "startedAt"`);
    const startedAt = clock[0].startedAt;
    return inChunks(
      () =>
        inTransaction(deps.pool, async (client, db) => {
          const { rows } = await client.query<QueuedRow>(
            `UPDATE "WebhookEvent" SET status = 'queued', attempts = 0, "forceSend" = true, "lastError" = NULL, "lastErrorCode" = NULL, "updatedAt" = now()
              WHERE id IN (
                SELECT id FROM "WebhookEvent"
                 WHERE shop = $1 AND status = ANY($2::text[]) AND resource IN ('customer', 'order', 'refund', 'reverse:customer') AND "updatedAt" < $3::timestamp AND ${where}
                 ORDER BY "receivedAt" LIMIT ${REPLAY_CHUNK}
                 FOR UPDATE SKIP LOCKED)
              RETURNING id, resource, "shopifyId", "jobKey"`,
            [shop, REPLAYABLE, startedAt, ...params],
          );
          return enqueueAll(db, shop, rows);
        }),
      options,
    );
  };
  return {
    replayEvents: (shop, eventIds, options) => requeue(shop, `id = ANY($4::text[])`, [eventIds], options),
    replayRecord: (shop, resource, shopifyId) =>
      requeue(
        shop,
        `id = (SELECT id FROM "WebhookEvent" WHERE shop = $1 AND resource = $4 AND "shopifyId" = $5
                ORDER BY "sourceUpdatedAt" DESC NULLS LAST, "receivedAt" DESC LIMIT 1)`,
        [resource, shopifyId],
      ),
    replayNeedsAttention: (shop, options) => requeue(shop, `status = 'needs-attention'`, [], options),
    async resumeShop(shop, options) {
      await deps.pool.query(`UPDATE "Shop" SET "syncPausedAt" = NULL, "syncPauseReason" = NULL, "updatedAt" = now() WHERE shop = $1`, [shop]);
      // Keyset pages over the queued events as they were when the resume began.
      let after: { receivedAt: string; id: string } | null = null;
      return inChunks(
        () =>
          inTransaction(deps.pool, async (client, db) => {
            const { rows } = await client.query<QueuedRow & { receivedAt: string }>(
              `SELECT id, resource, "shopifyId", "jobKey", "receivedAt"::text AS "receivedAt" FROM "WebhookEvent"
                WHERE shop = $1 AND status = 'queued' AND ($2::timestamp IS NULL OR ("receivedAt", id) > ($2::timestamp, $3::text))
                ORDER BY "receivedAt", id LIMIT ${REPLAY_CHUNK}`,
              [shop, after?.receivedAt ?? null, after?.id ?? null],
            );
            const last = rows[rows.length - 1];
            if (last) after = { receivedAt: last.receivedAt, id: last.id };
            return enqueueAll(db, shop, rows);
          }),
        options,
      );
    },
  };
}
