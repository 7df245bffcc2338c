import type pg from "pg";
import type { Db, PgBoss } from "pg-boss";
import type { WebhookResource, WebhookTopic } from "../../sync/webhook-topics";
import { isComplianceTopic, recordComplianceRequest } from "../privacy/compliance-queue.server";
import { eventJobKey, recordJobKey, SYNC_QUEUE, type SyncJobData, shopGroup } from "../queue/sync-queue.server";
import { inTransaction } from "./transaction.server";

export interface IncomingWebhookEvent {
  shop: string;
  topic: WebhookTopic;
  resource: WebhookResource;
  shopifyId: string | null;
  /** The record whose job order this event follows when not its own (a refund: its order); see EventFacts. */
  orderedWith?: { resource: string; shopifyId: string } | null;
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
  /** Resolves once the event and its job are committed (or it is a duplicate of a committed event). */
  receive(event: IncomingWebhookEvent): Promise<ReceiveOutcome>;
}

export interface WebhookInboxOptions {
  pool: pg.Pool;
  queue: PgBoss;
  onQueued?: () => void;
  /** Most deliveries committed in one transaction. */
  maxGroupSize?: number;
  /** Group transactions in flight at once; deliveries arriving meanwhile wait for the next group. */
  maxConcurrentGroups?: number;
  /** Observes each committed group (size, seconds from BEGIN to COMMIT) for /metrics. */
  onGroupCommitted?: (size: number, seconds: number) => void;
}

// One statement for the whole group: the rows travel as one JSON array (as pg-boss's own insert does),
// parsed once as jsonb (each payload is then copied, not parsed again), and ON CONFLICT skips events
// already stored by an earlier delivery.
const INSERT_EVENTS = `
  INSERT INTO "WebhookEvent" (id, shop, topic, resource, "shopifyId", "jobKey", "dedupeKey", "eventId", "webhookId",
    "triggeredAt", "sourceUpdatedAt", "apiVersion", payload, "payloadBytes", status, "receivedAt", "updatedAt")
  SELECT gen_random_uuid(), shop, topic, resource, "shopifyId", "jobKey", "dedupeKey", "eventId", "webhookId",
    "triggeredAt", "sourceUpdatedAt", "apiVersion", payload, "payloadBytes", status, now(), now()
  FROM jsonb_to_recordset($1::jsonb) AS e(shop text, topic text, resource text, "shopifyId" text, "jobKey" text, "dedupeKey" text,
    "eventId" text, "webhookId" text, "triggeredAt" timestamp(3), "sourceUpdatedAt" timestamp(3), "apiVersion" text,
    payload jsonb, "payloadBytes" int, status text)
  ON CONFLICT (shop, topic, "dedupeKey") DO NOTHING
  RETURNING id, shop, topic, "dedupeKey"`;

interface Pending {
  event: IncomingWebhookEvent;
  resolve(outcome: ReceiveOutcome): void;
  reject(error: unknown): void;
}

const keyOf = (event: { shop: string; topic: string; dedupeKey: string }) => `${event.shop}\u0000${event.topic}\u0000${event.dedupeKey}`;

/**
 * The durable inbox, with group commit. Deliveries that arrive while earlier groups are committing are
 * stored together: one transaction inserts all their events (unique on shop + topic + dedupe key) and
 * all their pg-boss jobs, so they share one round trip per statement and one WAL flush (fsync) instead
 * of one each. Every delivery is answered only after the COMMIT that holds its row and job, so the
 * row and the job still exist together or not at all. A duplicate — an event already stored, or another
 * delivery of it in the same group — answers as a duplicate and stores nothing. If a group fails, its
 * deliveries are retried each in its own transaction, so one bad delivery (say, a payload PostgreSQL
 * refuses) fails alone. With no load a delivery starts its transaction at once: nothing waits for a
 * group to fill. Plain node-postgres rather than Prisma: this is the hot path of every webhook.
 */
export function createWebhookInbox(options: WebhookInboxOptions): WebhookInbox {
  const { pool, queue } = options;
  const maxGroupSize = options.maxGroupSize ?? 200;
  const maxConcurrentGroups = options.maxConcurrentGroups ?? 2;
  const waiting: Pending[] = [];
  let inFlight = 0;

  function pump(): void {
    while (inFlight < maxConcurrentGroups && waiting.length > 0) {
      const group = waiting.splice(0, maxGroupSize);
      inFlight += 1;
      void commitGroup(group, true).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
  }

  async function commitGroup(group: Pending[], retryAlone: boolean): Promise<void> {
    // One delivery per event key stores it; later deliveries of the same key are its duplicates.
    const byKey = new Map<string, Pending[]>();
    for (const member of group) {
      const key = keyOf(member.event);
      const same = byKey.get(key);
      if (same) same.push(member);
      else byKey.set(key, [member]);
    }
    // A stable order of keys, so two groups inserting the same keys take their row locks in one order.
    const keys = [...byKey.keys()].sort();
    const started = performance.now();
    let stored: Map<string, string>;
    try {
      stored = await inTransaction(pool, (client, db) => storeEvents(client, db, keys.map((key) => byKey.get(key)![0].event)));
    } catch (error) {
      if (retryAlone && keys.length > 1) {
        await Promise.all(keys.map((key) => commitGroup(byKey.get(key)!, false)));
        return;
      }
      for (const member of group) member.reject(error);
      return;
    }
    options.onGroupCommitted?.(group.length, (performance.now() - started) / 1000);
    let queued = false;
    for (const key of keys) {
      const [first, ...duplicates] = byKey.get(key)!;
      const id = stored.get(key);
      if (id) {
        first.resolve({ stored: true, id });
        queued ||= first.event.sync;
      } else {
        first.resolve({ stored: false, reason: "duplicate" });
      }
      for (const duplicate of duplicates) duplicate.resolve({ stored: false, reason: "duplicate" });
    }
    if (queued) options.onQueued?.();
  }

  /** Inserts the events, then the jobs of those that are new, in the caller's transaction. Returns key → event id. */
  async function storeEvents(client: pg.PoolClient, db: Db, events: IncomingWebhookEvent[]) {
    const rows = events.map((event) => ({
      shop: event.shop,
      topic: event.topic,
      resource: event.resource,
      shopifyId: event.shopifyId,
      jobKey: event.orderedWith ? recordJobKey(event.shop, event.orderedWith.resource, event.orderedWith.shopifyId, "") : null,
      dedupeKey: event.dedupeKey,
      eventId: event.eventId,
      webhookId: event.webhookId,
      // Stored as UTC, as Prisma stores DateTime.
      triggeredAt: event.triggeredAt?.toISOString() ?? null,
      sourceUpdatedAt: event.sourceUpdatedAt?.toISOString() ?? null,
      apiVersion: event.apiVersion,
      payload: event.payload,
      payloadBytes: event.payloadBytes,
      status: event.sync ? "queued" : "received",
    }));
    const inserted = await client.query<{ id: string; shop: string; topic: string; dedupeKey: string }>(INSERT_EVENTS, [toStorableJson(rows)]);
    const stored = new Map(inserted.rows.map((row) => [keyOf(row), row.id]));
    const byKey = new Map(events.map((event) => [keyOf(event), event]));
    const rowsByKey = new Map(rows.map((row) => [keyOf(row), row]));

    const jobs = inserted.rows
      .map((row) => ({ row, event: byKey.get(keyOf(row))! }))
      .filter(({ event }) => event.sync)
      .map(({ row, event }) => ({
        data: { eventId: row.id, shop: event.shop } satisfies SyncJobData,
        singletonKey: eventJobKey(event.shop, { id: row.id, resource: event.resource, shopifyId: event.shopifyId, jobKey: rowsByKey.get(keyOf(row))?.jobKey ?? null }),
        group: shopGroup(event.shop),
      }));
    if (jobs.length > 0) {
      // pg-boss's own multi-row insert (the queue's defaults apply exactly as with send()).
      const ids = await queue.insert(SYNC_QUEUE, jobs, { db, returnId: true });
      if ((ids?.length ?? 0) !== jobs.length) throw new Error(`pg-boss stored ${ids?.length ?? 0} of ${jobs.length} sync jobs`);
    }
    for (const row of inserted.rows) {
      const event = byKey.get(keyOf(row))!;
      if (event.topic === "app/uninstalled") await markUninstalled(client, row.shop);
      // Compliance requests (and app/uninstalled) get their audit row and the job that acts on them here.
      if (isComplianceTopic(event.topic)) await recordComplianceRequest(client, queue, db, { id: row.id, shop: row.shop, topic: event.topic, payload: event.payload });
    }
    return stored;
  }

  return {
    receive(event) {
      return new Promise<ReceiveOutcome>((resolve, reject) => {
        waiting.push({ event, resolve, reject });
        pump();
      });
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

export function toStorableJson(value: unknown): string {
  return JSON.stringify(value).replace(NUL_ESCAPE, "$1\\ufffd");
}
