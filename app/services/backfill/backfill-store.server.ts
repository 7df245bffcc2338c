import type pg from "pg";
import { backfillDedupeKey, type BackfillResource, type DateRange } from "../../sync/backfill-plan";
import type { FetchedRecord } from "../shopify/admin-records.server";
import { toStorableJson } from "../store/webhook-inbox.server";

// BackfillRun rows and the events a backfill stores. Backfilled records become WebhookEvent rows (topic
// orders/updated, customers/update, as "Sync to Salesforce" stores them) so they go through the same
// mapping, stale check, SyncRecord/SyncAttempt and Activity as webhooks, and can be replayed. They are
// stored `received` without a queue job: the backfill runs them itself, in large batches.

export const BACKFILL_STATUSES = ["planned", "running", "paused", "canceled", "completed", "failed"] as const;
export type BackfillStatus = (typeof BACKFILL_STATUSES)[number];

export interface ResourceProgress {
  total: number;
  read: number;
  synced: number;
  failed: number;
  skipped: number;
}

export interface BackfillCheckpoint {
  /** Index into resources of the one being read. */
  index: number;
  mode: "bulk" | "pages" | null;
  bulkOperationId: string | null;
  /** Records of the bulk file already handled. */
  offset: number;
  /** Pagination cursor after the last handled page. */
  cursor: string | null;
}

export interface BackfillRunRow {
  id: string;
  shop: string;
  resources: BackfillResource[];
  range: DateRange;
  status: BackfillStatus;
  estimate: unknown;
  checkpoint: BackfillCheckpoint;
  progress: Partial<Record<BackfillResource, ResourceProgress>>;
  report: unknown;
  lastError: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export const START_CHECKPOINT: BackfillCheckpoint = { index: 0, mode: null, bulkOperationId: null, offset: 0, cursor: null };

const TOPIC = { customers: "customers/update", orders: "orders/updated" } as const;
const RESOURCE = { customers: "customer", orders: "order" } as const;

interface RawRun {
  id: string;
  shop: string;
  resources: BackfillResource[];
  rangeFrom: Date | null;
  rangeTo: Date | null;
  status: BackfillStatus;
  estimate: unknown;
  checkpoint: Partial<BackfillCheckpoint>;
  progress: BackfillRunRow["progress"];
  report: unknown;
  lastError: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

function toRow(raw: RawRun): BackfillRunRow {
  return {
    id: raw.id,
    shop: raw.shop,
    resources: raw.resources,
    range: { from: raw.rangeFrom, to: raw.rangeTo },
    status: raw.status,
    estimate: raw.estimate,
    checkpoint: { ...START_CHECKPOINT, ...raw.checkpoint },
    progress: raw.progress ?? {},
    report: raw.report,
    lastError: raw.lastError,
    createdAt: raw.createdAt,
    startedAt: raw.startedAt,
    finishedAt: raw.finishedAt,
  };
}

export function createBackfillStore(pool: pg.Pool) {
  return {
    async create(shop: string, resources: BackfillResource[], range: DateRange, estimate: unknown): Promise<BackfillRunRow> {
      const { rows } = await pool.query<RawRun>(
        `INSERT INTO "BackfillRun" (id, shop, resources, "rangeFrom", "rangeTo", status, estimate, checkpoint, progress, "updatedAt")
         VALUES (gen_random_uuid(), $1, $2::jsonb, $3, $4, 'planned', $5::jsonb, $6::jsonb, '{}'::jsonb, now()) RETURNING *`,
        [shop, JSON.stringify(resources), range.from, range.to, JSON.stringify(estimate ?? {}), JSON.stringify(START_CHECKPOINT)],
      );
      return toRow(rows[0]);
    },

    async get(id: string): Promise<BackfillRunRow | null> {
      const { rows } = await pool.query<RawRun>(`SELECT * FROM "BackfillRun" WHERE id = $1`, [id]);
      return rows[0] ? toRow(rows[0]) : null;
    },

    async latest(shop: string): Promise<BackfillRunRow | null> {
      const { rows } = await pool.query<RawRun>(`SELECT * FROM "BackfillRun" WHERE shop = $1 ORDER BY "createdAt" DESC LIMIT 1`, [shop]);
      return rows[0] ? toRow(rows[0]) : null;
    },

    /** Moves a run between states; only from the listed states (returns false otherwise). */
    async transition(id: string, from: readonly BackfillStatus[], to: BackfillStatus, extra: { lastError?: string | null; report?: unknown } = {}): Promise<boolean> {
      const result = await pool.query(
        `UPDATE "BackfillRun" SET status = $3,
           "startedAt" = CASE WHEN $3 = 'running' THEN COALESCE("startedAt", now()) ELSE "startedAt" END,
           "finishedAt" = CASE WHEN $3 IN ('completed', 'canceled', 'failed') THEN now() ELSE "finishedAt" END,
           "lastError" = CASE WHEN $4::boolean THEN $5 ELSE "lastError" END,
           report = CASE WHEN $6::jsonb IS NULL THEN report ELSE $6::jsonb END,
           "updatedAt" = now()
         WHERE id = $1 AND status = ANY($2::text[])`,
        [id, from, to, "lastError" in extra, extra.lastError ?? null, extra.report === undefined ? null : JSON.stringify(extra.report)],
      );
      return (result.rowCount ?? 0) > 0;
    },

    /** Saves where the run is and what it has done, in one statement (the step's commit point). */
    async saveStep(id: string, checkpoint: BackfillCheckpoint, progress: BackfillRunRow["progress"]): Promise<void> {
      // A step that commits clears the error of a failed attempt before it (shown while pg-boss retries).
      await pool.query(`UPDATE "BackfillRun" SET checkpoint = $2::jsonb, progress = $3::jsonb, "lastError" = NULL, "updatedAt" = now() WHERE id = $1`, [
        id,
        JSON.stringify(checkpoint),
        JSON.stringify(progress),
      ]);
    },

    /**
     * Stores each record version once (unique shop + topic + dedupe key) and answers the ids of those
     * still to sync: new ones, and ones a killed step stored but did not finish.
     */
    async storeEvents(
      shop: string,
      resource: BackfillResource,
      runId: string,
      records: readonly FetchedRecord[],
      apiVersion: string,
      dedupeKeyOf?: (record: FetchedRecord) => string,
    ): Promise<string[]> {
      if (records.length === 0) return [];
      const rows = records.map((record) => {
        const updatedAt = new Date(record.updatedAt);
        const valid = !Number.isNaN(updatedAt.getTime());
        return {
          shop,
          topic: TOPIC[resource],
          resource: RESOURCE[resource],
          shopifyId: record.shopifyId,
          dedupeKey: dedupeKeyOf?.(record) ?? backfillDedupeKey(resource, record.shopifyId, valid ? updatedAt.toISOString() : record.updatedAt),
          eventId: null,
          webhookId: `backfill:${runId}`,
          triggeredAt: null,
          sourceUpdatedAt: valid ? updatedAt.toISOString() : null,
          apiVersion,
          payload: record.payload,
          payloadBytes: Buffer.byteLength(JSON.stringify(record.payload)),
          status: "received",
        };
      });
      await pool.query(
        `INSERT INTO "WebhookEvent" (id, shop, topic, resource, "shopifyId", "dedupeKey", "eventId", "webhookId",
           "triggeredAt", "sourceUpdatedAt", "apiVersion", payload, "payloadBytes", status, "receivedAt", "updatedAt")
         SELECT gen_random_uuid(), shop, topic, resource, "shopifyId", "dedupeKey", "eventId", "webhookId",
           "triggeredAt", "sourceUpdatedAt", "apiVersion", payload, "payloadBytes", status, now(), now()
         FROM jsonb_to_recordset($1::jsonb) AS e(shop text, topic text, resource text, "shopifyId" text, "dedupeKey" text,
           "eventId" text, "webhookId" text, "triggeredAt" timestamp(3), "sourceUpdatedAt" timestamp(3), "apiVersion" text,
           payload jsonb, "payloadBytes" int, status text)
         ON CONFLICT (shop, topic, "dedupeKey") DO NOTHING`,
        [toStorableJson(rows)],
      );
      const { rows: open } = await pool.query<{ id: string }>(
        `SELECT id FROM "WebhookEvent" WHERE shop = $1 AND topic = $2 AND "dedupeKey" = ANY($3::text[]) AND status IN ('received', 'queued') ORDER BY "receivedAt", id`,
        [shop, TOPIC[resource], rows.map((row) => row.dedupeKey)],
      );
      return open.map((row) => row.id);
    },
  };
}

export type BackfillStore = ReturnType<typeof createBackfillStore>;
