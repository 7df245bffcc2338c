import type pg from "pg";
import type { Db, PgBoss } from "pg-boss";
import { enqueueSyncJobs, eventJobKey } from "../queue/sync-queue.server";

// Webhooks arrive in any order: a refund may be processed before its order, an order before its
// customer. Such a child fails with INVALID_FIELD ("foreign key external id …": the parent is not in
// Salesforce yet), retries, and may die before the parent arrives. When a parent lands, its dead or
// waiting children are queued again at once (dead ones with a fresh attempt budget), in the same
// transaction as the parent's result.

/** The code a child fails with while its parent is not in Salesforce (errors.ts, error-codes.ts). */
export const WAITING_FOR_PARENT_CODE = "INVALID_FIELD";
const REVIVE_CHUNK = 1_000;

export interface LandedRecord {
  resource: string;
  shopifyId: string | null;
}

export async function reviveChildren(client: pg.PoolClient, db: Db, queue: PgBoss, shop: string, landed: readonly LandedRecord[]): Promise<number> {
  const orders = landed.filter((record) => record.resource === "order" && record.shopifyId).map((record) => record.shopifyId as string);
  const customers = landed.filter((record) => record.resource === "customer" && record.shopifyId).map((record) => record.shopifyId as string);
  if (orders.length === 0 && customers.length === 0) return 0;
  const { rows } = await client.query<{ id: string; resource: string; shopifyId: string | null; jobKey: string | null }>(
    `UPDATE "WebhookEvent" e
        SET status = 'queued',
            attempts = CASE WHEN e.status = 'dead' THEN 0 ELSE e.attempts END,
            "lastError" = CASE WHEN e.status = 'dead' THEN NULL ELSE e."lastError" END,
            "updatedAt" = now()
      WHERE e.id IN (
        SELECT c.id FROM "WebhookEvent" c
         WHERE c.shop = $1 AND c.status IN ('dead', 'queued') AND c."lastErrorCode" = $4
           AND ((c.resource = 'refund' AND c.payload->>'order_id' = ANY($2::text[]))
             OR (c.resource = 'order' AND c.payload->'customer'->>'id' = ANY($3::text[])))
         ORDER BY c."receivedAt" LIMIT $5
         FOR UPDATE SKIP LOCKED)
      RETURNING e.id, e.resource, e."shopifyId", e."jobKey"`,
    [shop, orders, customers, WAITING_FOR_PARENT_CODE, REVIVE_CHUNK],
  );
  // A waiting child keeps its delayed job too; that one later finds the event settled and does nothing.
  await enqueueSyncJobs(queue, db, rows.map((row) => ({ data: { eventId: row.id, shop }, key: eventJobKey(shop, row) })));
  return rows.length;
}
