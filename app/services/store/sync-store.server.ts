import type pg from "pg";
import type { Db, PgBoss } from "pg-boss";
import { DEFAULT_MONEY_CURRENCY, isMoneyCurrency } from "../../sync/currency";
import { isEventStatus, type EventStatus } from "../../sync/event-status";
import type {
  ActiveMapping,
  BatchChanges,
  ShopSyncConfig,
  SyncEvent,
  SyncRecordKey,
  SyncRecordState,
  SyncStore,
} from "../../sync/ports";
import { toSObjectDescribe, type SObjectDescribe } from "../../sync/sobject-describe";
import { isSyncRecordStatus } from "../../sync/sync-record-status";
import { isSyncResource, type SyncResource } from "../../sync/sync-resource";
import { enqueueSyncJob, eventJobKey } from "../queue/sync-queue.server";
import { outageFromThrown } from "../../sync/org-outage";
import { clearOutage, outageOf, outageProbeFor, outageWaitMessage, recordOutage, type OutageProbePolicy } from "./org-outage.server";
import { reviveChildren, type LandedRecord } from "./dependency-revival.server";
import { inTransaction } from "./transaction.server";

const API_BUDGET_PAUSE_REASON = "salesforce-api-budget";

export interface SyncStoreDeps {
  pool: pg.Pool;
  queue: PgBoss;
  /** Runtime values mappings read as $context (e.g. the org's standard price book id). */
  resolveContext?: (shop: string) => Promise<Record<string, string>>;
  /**
   * How long an API-limit pause holds before the next batch probes Salesforce again (a probe that hits
   * the limit pauses again). Default 15 minutes.
   */
  pauseProbeAfterMs?: number;
  /** Hold (defer) a shop's events until it has a connected SalesforceConnection. Default true. */
  requireConnection?: boolean;
  /** Extra pause check, e.g. the API budget reserve (api-budget.server.ts). */
  isBudgetExhausted?: (shop: string) => Promise<boolean>;
  /** Backoff of the health probe while the shop's org is down (org-outage.server.ts). */
  outageProbe?: OutageProbePolicy;
}

/**
 * The sync engine's store on PostgreSQL. Reads are plain selects; `saveBatch` writes every outcome of a
 * shop's batch — event statuses, SyncRecords, attempts, retry jobs, a pause — in ONE transaction with
 * set-based statements (a batch holds up to a few hundred events), so a crash leaves either all of it or
 * none, and a retried job finds its events exactly as they were.
 */
export function createSyncStore(deps: SyncStoreDeps): SyncStore {
  const { pool, queue } = deps;
  return {
    async loadEvents(eventIds) {
      if (eventIds.length === 0) return [];
      const { rows } = await pool.query(
        `SELECT id, shop, topic, resource, "shopifyId", "triggeredAt", "sourceUpdatedAt", "receivedAt", payload, status, attempts,
                "forceSend" AS force
           FROM "WebhookEvent" WHERE id = ANY($1::text[])`,
        [eventIds],
      );
      return rows.map((row): SyncEvent => ({ ...row, status: toEventStatus(row.status) }));
    },

    async loadShopConfig(shop) {
      const [shopRow, connection, mappings, rules] = await Promise.all([
        pool.query(
          `SELECT status, "syncPausedAt", "matchExistingByEmail", "moneyCurrency", "syncOutageSince", "syncOutageReason", "syncOutageProbeAfter" FROM "Shop" WHERE shop = $1`,
          [shop],
        ),
        pool.query(`SELECT status, "describeCache", "apiReservePercent" FROM "SalesforceConnection" WHERE shop = $1`, [shop]),
        pool.query(
          `SELECT DISTINCT ON (resource) resource, version, document FROM "MappingSet"
            WHERE shop = $1 AND "isActive" ORDER BY resource, version DESC`,
          [shop],
        ),
        pool.query(
          `SELECT id, resource, field, expression, kind, params, action, message, enabled FROM "ValidationRule"
            WHERE shop = $1 AND enabled ORDER BY "createdAt"`,
          [shop],
        ),
      ]);
      // A shop we have no row for is installed: with Shopify-managed installation webhooks start before
      // the merchant first opens the app (which is when the row is written). Its events wait for a
      // Salesforce connection.
      const status = shopRow.rows[0]?.status ?? "installed";
      if (status !== "installed") return null;
      const describes = parseDescribes(connection.rows[0]?.describeCache);
      const active: Partial<Record<SyncResource, ActiveMapping>> = {};
      for (const row of mappings.rows as Array<{ resource: string; version: number; document: unknown }>) {
        if (isSyncResource(row.resource)) active[row.resource] = { version: row.version, document: row.document };
      }
      const pausedAt: Date | null = shopRow.rows[0]?.syncPausedAt ?? null;
      const probeAfterMs = deps.pauseProbeAfterMs ?? 15 * 60_000;
      const connectionStatus: string | undefined = connection.rows[0]?.status;
      // A shop that must (re)connect keeps its events queued, without spending attempts, until it does.
      const waitingForConnection = (deps.requireConnection ?? true) && connectionStatus !== "connected";
      // An org that is down is not asked again before its probe is due; when it is, this batch probes.
      const outage = outageOf(shopRow.rows[0]);
      const waitingForOrg = outage !== null && outage.probeAfter.getTime() > Date.now();
      // These calls reach Salesforce: their failure is an org-level outage that pauses the shop, never
      // an error that fails the jobs (a failed key_strict_fifo job would hold its record's key).
      let overBudget = false;
      let context: Record<string, string> = {};
      let outageNow: string | null = null;
      if (!waitingForConnection && !waitingForOrg) {
        try {
          // Side by side: each is a database round trip or two on every batch's critical path.
          [overBudget, context] = await Promise.all([
            deps.isBudgetExhausted ? deps.isBudgetExhausted(shop) : false,
            deps.resolveContext ? deps.resolveContext(shop) : {},
          ]);
        } catch (error) {
          outageNow = outageFromThrown(error, "loading the shop's Salesforce settings");
        }
      }
      const config: ShopSyncConfig = {
        shop,
        // With a budget check (the Salesforce side owns pauses and their re-checks) it decides; without
        // one, a pause simply holds for the probe window.
        paused:
          waitingForConnection ||
          waitingForOrg ||
          outageNow !== null ||
          (deps.isBudgetExhausted ? overBudget : pausedAt !== null && Date.now() - pausedAt.getTime() < probeAfterMs),
        pauseMessage: outageNow ?? (waitingForOrg && outage ? outageWaitMessage(outage) : undefined),
        outage: outageNow,
        mappings: active,
        rules: rules.rows,
        describes,
        personAccounts: describes.Account?.fields.some((field) => field.name === "IsPersonAccount") ?? false,
        matchExistingByEmail: shopRow.rows[0]?.matchExistingByEmail ?? true,
        moneyCurrency: isMoneyCurrency(shopRow.rows[0]?.moneyCurrency) ? shopRow.rows[0].moneyCurrency : DEFAULT_MONEY_CURRENCY,
        context,
        apiReservePercent: connection.rows[0]?.apiReservePercent ?? 20,
      };
      return config;
    },

    async loadSyncRecords(shop, keys) {
      if (keys.length === 0) return [];
      const { rows } = await pool.query(
        `SELECT r.resource, r."shopifyId", r."salesforceIds", r."contentHashes", r."sourceUpdatedAt", r.status,
                r."lastEventId", r."lastSyncedAt"
           FROM "SyncRecord" r
           JOIN unnest($2::text[], $3::text[]) AS k(resource, "shopifyId")
             ON r.resource = k.resource AND r."shopifyId" = k."shopifyId"
          WHERE r.shop = $1`,
        [shop, keys.map((key: SyncRecordKey) => key.resource), keys.map((key: SyncRecordKey) => key.shopifyId)],
      );
      return rows.map((row): SyncRecordState => ({ ...row, status: isSyncRecordStatus(row.status) ? row.status : "pending" }));
    },

    async saveBatch(shop, changes) {
      await inTransaction(pool, async (client, db) => {
        const landed = await saveEvents(client, db, queue, shop, changes);
        await reviveChildren(client, db, queue, shop, landed);
        await saveSyncRecords(client, shop, changes);
        await saveAttempts(client, shop, changes);
        if (changes.outage) await recordOutage(client, shop, changes.outage.reason, deps.outageProbe ?? outageProbeFor(deps.pauseProbeAfterMs));
        else if (changes.healthy) await clearOutage(client, db, queue, shop);
        if (changes.pause) {
          // The reason code the API budget re-checks (shop-pause.server.ts): after its re-check interval,
          // one call to /limits decides whether sync resumes.
          await client.query(
            `INSERT INTO "Shop" (shop, status, "installedAt", "syncPausedAt", "syncPauseReason", "updatedAt")
             VALUES ($1, 'installed', now(), now(), $2, now())
             ON CONFLICT (shop) DO UPDATE SET "syncPausedAt" = now(), "syncPauseReason" = $2, "updatedAt" = now()`,
            [shop, API_BUDGET_PAUSE_REASON],
          );
        }
      });
    },
  };
}

function toEventStatus(value: string): EventStatus {
  if (!isEventStatus(value)) throw new Error(`Unknown WebhookEvent status "${value}"`);
  return value;
}

/** SalesforceConnection.describeCache is `{ objects: { [name]: describe }, checked }` (describe-cache.server.ts). */
function parseDescribes(cache: unknown): Record<string, SObjectDescribe> {
  const describes: Record<string, SObjectDescribe> = {};
  const objects = (cache as { objects?: unknown } | null)?.objects;
  if (!objects || typeof objects !== "object") return describes;
  for (const [name, raw] of Object.entries(objects as Record<string, unknown>)) {
    const parsed = toSObjectDescribe(raw);
    if (parsed.ok) describes[name] = parsed.value;
  }
  return describes;
}

/**
 * Moves each event from the status the engine read to its outcome (`WHERE status = from`, so a
 * duplicate job can never move a finished event), and enqueues a delayed job for every event to retry.
 */
async function saveEvents(client: pg.PoolClient, db: Db, queue: PgBoss, shop: string, changes: BatchChanges): Promise<LandedRecord[]> {
  if (changes.events.length === 0) return [];
  const { rows } = await client.query<{ id: string; resource: string; shopifyId: string | null; jobKey: string | null; delay: number | null; status: string }>(
    `UPDATE "WebhookEvent" e
        SET status = u."to", attempts = u.attempts, "lastError" = u."lastError", "lastErrorCode" = u."lastErrorCode",
            "mappingVersion" = u."mappingVersion", "processedAt" = u."processedAt", "updatedAt" = now(),
            "forceSend" = e."forceSend" AND u."to" = 'queued'
       FROM jsonb_to_recordset($2::jsonb) AS u(id text, "from" text, "to" text, attempts int, "lastError" text,
            "lastErrorCode" text, "mappingVersion" int, "processedAt" timestamptz, "retryDelayMs" int)
      WHERE e.id = u.id AND e.shop = $1 AND e.status = u."from"
      RETURNING e.id, e.resource, e."shopifyId", e."jobKey", u."retryDelayMs" AS delay, e.status`,
    [shop, JSON.stringify(changes.events)],
  );
  // An event that moved since the engine read it (a replay, another worker) makes the engine's view of
  // the batch stale: reject the whole save, so the job is retried and re-reads everything.
  if (rows.length !== changes.events.length) {
    throw new Error(`${changes.events.length - rows.length} event(s) changed while the batch ran; its results were not saved`);
  }
  for (const row of rows) {
    if (row.status !== "queued") continue;
    const key = eventJobKey(shop, row);
    await enqueueSyncJob(queue, db, { eventId: row.id, shop }, key, row.delay ?? 0);
  }
  // Records now in Salesforce: their waiting children can follow (dependency-revival.server.ts).
  return rows.filter((row) => row.status === "synced");
}

async function saveSyncRecords(client: pg.PoolClient, shop: string, changes: BatchChanges): Promise<void> {
  if (changes.syncRecords.length === 0) return;
  await client.query(
    `INSERT INTO "SyncRecord" (id, shop, resource, "shopifyId", "salesforceIds", "contentHashes", "sourceUpdatedAt", status,
                               "lastError", "lastErrorCode", "lastEventId", "lastSyncedAt", "createdAt", "updatedAt")
     SELECT gen_random_uuid(), $1, r.resource, r."shopifyId", r."salesforceIds", r."contentHashes", r."sourceUpdatedAt", r.status,
            r."lastError", r."lastErrorCode", r."lastEventId", r."lastSyncedAt", now(), now()
       FROM jsonb_to_recordset($2::jsonb) AS r(resource text, "shopifyId" text, "salesforceIds" jsonb, "contentHashes" jsonb,
            "sourceUpdatedAt" timestamptz, status text, "lastError" text, "lastErrorCode" text, "lastEventId" text, "lastSyncedAt" timestamptz)
     ON CONFLICT (shop, resource, "shopifyId") DO UPDATE SET
       "salesforceIds" = EXCLUDED."salesforceIds", "contentHashes" = EXCLUDED."contentHashes",
       "sourceUpdatedAt" = EXCLUDED."sourceUpdatedAt", status = EXCLUDED.status, "lastError" = EXCLUDED."lastError",
       "lastErrorCode" = EXCLUDED."lastErrorCode", "lastEventId" = EXCLUDED."lastEventId",
       "lastSyncedAt" = EXCLUDED."lastSyncedAt", "updatedAt" = now()`,
    [shop, JSON.stringify(changes.syncRecords)],
  );
}

async function saveAttempts(client: pg.PoolClient, shop: string, changes: BatchChanges): Promise<void> {
  if (changes.attempts.length === 0) return;
  await client.query(
    `INSERT INTO "SyncAttempt" (id, shop, "eventId", "batchId", attempt, outcome, "apiCalls", "errorCode", "errorMessage",
                                "salesforceIds", warnings, "startedAt", "finishedAt", "salesforceAnsweredAt", "durationMs")
     SELECT gen_random_uuid(), $1, a."eventId", a."batchId", a.attempt, a.outcome, a."apiCalls", a."errorCode", a."errorMessage",
            a."salesforceIds", a.warnings, a."startedAt", a."finishedAt", a."salesforceAnsweredAt", a."durationMs"
       FROM jsonb_to_recordset($2::jsonb) AS a("eventId" text, "batchId" text, attempt int, outcome text, "apiCalls" int,
            "errorCode" text, "errorMessage" text, "salesforceIds" jsonb, warnings jsonb, "startedAt" timestamptz,
            "finishedAt" timestamptz, "salesforceAnsweredAt" timestamptz, "durationMs" int)`,
    [shop, JSON.stringify(changes.attempts)],
  );
}
