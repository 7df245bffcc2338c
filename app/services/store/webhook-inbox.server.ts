import type pg from "pg";
import type { PgBoss } from "pg-boss";
import type { WebhookResource, WebhookTopic } from "../../sync/webhook-topics";
import { isComplianceTopic, recordComplianceRequest } from "../privacy/compliance-queue.server";
import { enqueueSyncJob, recordJobKey } from "../queue/sync-queue.server";
import { inTransaction } from "./transaction.server";

export interface IncomingWebhookEvent {
  shop: string;
  topic: WebhookTopic;
  resource: WebhookResource;
  shopifyId: string | null;
  /** X-Shopify-Event-Id, else X-Shopify-Webhook-Id. */
  dedupeKey: string;
  eventId: string | null;
  webhookId: string;
  triggeredAt: Date | null;
  sourceUpdatedAt: Date | null;
  apiVersion: string;
  /** The payload as parsed by parseExactJson: ids are strings, so JSON.stringify keeps them exact. */
  payload: unknown;
  payloadBytes: number;
  /** Whether the event goes to the sync worker (orders, customers, refunds). */
  sync: boolean;
}

export type ReceiveOutcome = { stored: true; id: string } | { stored: false; reason: "duplicate" };

export interface WebhookInbox {
  receive(event: IncomingWebhookEvent): Promise<ReceiveOutcome>;
}

const INSERT_EVENT = `
  INSERT INTO "WebhookEvent" (id, shop, topic, resource, "shopifyId", "dedupeKey", "eventId", "webhookId",
    "triggeredAt", "sourceUpdatedAt", "apiVersion", payload, "payloadBytes", status, "receivedAt", "updatedAt")
  VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, now(), now())
  ON CONFLICT (shop, topic, "dedupeKey") DO NOTHING
  RETURNING id`;

/**
 * The durable inbox. One transaction inserts the event (unique on shop + topic + dedupe key) and, when it
 * is new, enqueues its pg-boss job through the same connection — so the row and the job exist together
 * or not at all, and a duplicate delivery (even a concurrent one, which waits on the unique index) adds
 * nothing. Plain node-postgres rather than Prisma here: this is the hot path of every webhook, and one
 * pooled client with BEGIN/COMMIT costs a third of an interactive Prisma transaction.
 */
export function createWebhookInbox(deps: { pool: pg.Pool; queue: PgBoss; onQueued?: () => void }): WebhookInbox {
  const { pool, queue } = deps;
  return {
    async receive(event) {
      const outcome = await inTransaction(pool, async (client, db): Promise<ReceiveOutcome> => {
        const inserted = await client.query<{ id: string }>(INSERT_EVENT, [
          event.shop,
          event.topic,
          event.resource,
          event.shopifyId,
          event.dedupeKey,
          event.eventId,
          event.webhookId,
          event.triggeredAt,
          event.sourceUpdatedAt,
          event.apiVersion,
          toStorableJson(event.payload),
          event.payloadBytes,
          event.sync ? "queued" : "received",
        ]);
        const row = inserted.rows[0];
        // A duplicate: nothing was inserted, so committing the empty transaction changes nothing.
        if (!row) return { stored: false, reason: "duplicate" };
        if (event.sync) {
          const key = recordJobKey(event.shop, event.resource, event.shopifyId, row.id);
          await enqueueSyncJob(queue, db, { eventId: row.id, shop: event.shop }, key);
        }
        if (event.topic === "app/uninstalled") await markUninstalled(client, event.shop);
        if (isComplianceTopic(event.topic)) await recordComplianceRequest(client, queue, db, { id: row.id, shop: event.shop, topic: event.topic, payload: event.payload });
        return { stored: true, id: row.id };
      });
      if (outcome.stored && event.sync) deps.onQueued?.();
      return outcome;
    },
  };
}

/** Shopify has already revoked our access: forget the sessions, stop syncing, keep the history. */
async function markUninstalled(client: pg.PoolClient, shop: string): Promise<void> {
  await client.query(`DELETE FROM "Session" WHERE shop = $1`, [shop]);
  await client.query(
    `INSERT INTO "Shop" (shop, status, "installedAt", "uninstalledAt", "updatedAt") VALUES ($1, 'uninstalled', now(), now(), now())
     ON CONFLICT (shop) DO UPDATE SET status = 'uninstalled', "uninstalledAt" = now(), "updatedAt" = now()`,
    [shop],
  );
}

// PostgreSQL's jsonb refuses the escape \u0000 (and text columns refuse NUL bytes). A NUL in a Shopify
// string carries no meaning, so it is stored as U+FFFD: the event is kept instead of answered 500 and lost.
// Only an escape preceded by an even number of backslashes is a NUL (`\\u0000` is a backslash and "u0000").
const NUL_ESCAPE = /(?<!\\)((?:\\\\)*)\\u0000/g;

export function toStorableJson(payload: unknown): string {
  return JSON.stringify(payload).replace(NUL_ESCAPE, "$1\\ufffd");
}
