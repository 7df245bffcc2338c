import type { Connection } from "jsforce";
import type pg from "pg";
import type { PgBoss } from "pg-boss";
import type { BackfillResource } from "../../sync/backfill-plan";
import { GUEST_KEY_PREFIX } from "../../sync/guest-identity";
import { completeness, diffRecords, type Repair, type SyncedVersion } from "../../sync/reconcile-plan";
import type { SyncEngine } from "../../sync/sync-batch";
import type { BackfillStore } from "../backfill/backfill-store.server";
import type { ShopifyHistory } from "../backfill/shopify-history.server";

// Reconciliation: per shop and resource, list Shopify's (id, updated_at) (about one GraphQL point per
// record, 250 a query), compare with SyncRecord, ask Salesforce per object how many of our records it
// still has (one COUNT(); a listing of ids only when some are gone — not one call per record), and repair the difference through the same
// engine as webhooks: missing and stale records as fresh events, records deleted in Salesforce as a forced
// re-send of their current version (upsert by external id recreates them). Saves a ReconciliationRun with
// the completeness score before and after and every repair with its event.

export const RECONCILE_QUEUE = "reconcile";
/** Default schedule: hourly (pg-boss cron). */
export const RECONCILE_CRON = "0 * * * *";

const RESOURCE_NAME = { customers: "customer", orders: "order" } as const;
/** The Salesforce objects whose delete log tells us a synced record is gone (default mappings, either order model). */
const OBJECTS: Record<BackfillResource, string[]> = {
  customers: ["Contact", "Account"],
  orders: ["Opportunity", "Order"],
};
/** Re-read on each incremental pass, so a record saved while the last pass ran is not missed. */
export const RECONCILE_OVERLAP_MS = 10 * 60_000;
const EXTERNAL_ID: Record<BackfillResource, string> = { customers: "Shopify_Customer_Id__c", orders: "Shopify_Order_Id__c" };

export interface ReconcileDeps {
  pool: pg.Pool;
  store: BackfillStore;
  engine: SyncEngine;
  history(shop: string): Promise<ShopifyHistory>;
  connectionFor(shop: string): Promise<Connection>;
  apiVersion: string;
  now?: () => Date;
}

export interface ReconcileResult {
  runId: string;
  resource: BackfillResource;
  /** full: every Shopify record listed; incremental: only those updated since the last pass (with overlap). */
  mode: "full" | "incremental";
  total: number;
  inSyncBefore: number;
  inSyncAfter: number;
  scoreBefore: number;
  scoreAfter: number;
  repairs: Array<Repair & { eventId: string | null }>;
}

async function loadSynced(pool: pg.Pool, shop: string, resource: BackfillResource): Promise<Map<string, SyncedVersion>> {
  const { rows } = await pool.query<{ shopifyId: string; status: string; sourceUpdatedAt: Date | null; salesforceIds: Record<string, string> }>(
    `SELECT "shopifyId", status, "sourceUpdatedAt", "salesforceIds" FROM "SyncRecord" WHERE shop = $1 AND resource = $2`,
    [shop, RESOURCE_NAME[resource]],
  );
  return new Map(rows.map((row) => [row.shopifyId, { ...row, salesforceIds: row.salesforceIds ?? {} }]));
}

/**
 * Salesforce ids of our records that no longer exist. Per object: one COUNT() of the records carrying
 * our external id; only when it is lower than what we synced, one query listing their ids (2,000 a page).
 */
async function deletedInSalesforce(connection: Connection, resource: BackfillResource, synced: ReadonlyMap<string, SyncedVersion>): Promise<Set<string>> {
  const gone = new Set<string>();
  const ours = [...synced.values()].filter((record) => record.status === "synced").flatMap((record) => Object.values(record.salesforceIds));
  for (const object of OBJECTS[resource]) {
    let keyPrefix: string | null;
    try {
      keyPrefix = (await connection.describe(object)).keyPrefix ?? null;
    } catch (error) {
      // An object the org does not have (Order without orders enabled) holds none of our records.
      const code = (error as { errorCode?: string }).errorCode;
      if (code === "NOT_FOUND" || code === "INVALID_TYPE") continue;
      throw error;
    }
    if (!keyPrefix) continue;
    const expected = new Set(ours.filter((id) => id.startsWith(keyPrefix)));
    if (expected.size === 0) continue;
    // Guests' Accounts and Contacts carry `guest:<sha-256>` in the customer id field (guest-identity.ts):
    // they belong to orders, not to the customers counted here.
    const field = EXTERNAL_ID[resource];
    const withOurIds = `${field} != null AND (NOT ${field} LIKE '${GUEST_KEY_PREFIX}%')`;
    const count = await connection.query(`SELECT COUNT() FROM ${object} WHERE ${withOurIds}`);
    if (count.totalSize >= expected.size) continue;
    const live = await connection.query<{ Id: string }>(`SELECT Id FROM ${object} WHERE ${withOurIds}`, { autoFetch: true, maxFetch: 1_000_000 });
    const liveIds = new Set(live.records.map((record) => record.Id));
    for (const id of expected) if (!liveIds.has(id)) gone.add(id);
  }
  return gone;
}

export function createReconciler(deps: ReconcileDeps) {
  const now = deps.now ?? (() => new Date());

  async function lastCompletedAt(shop: string, resource: BackfillResource): Promise<Date | null> {
    const { rows } = await deps.pool.query<{ startedAt: Date }>(
      `SELECT "startedAt" FROM "ReconciliationRun" WHERE shop = $1 AND resource = $2 AND status = 'completed' ORDER BY "startedAt" DESC LIMIT 1`,
      [shop, resource],
    );
    return rows[0]?.startedAt ?? null;
  }

  async function reconcile(shop: string, resource: BackfillResource, trigger: "schedule" | "on-demand" = "on-demand"): Promise<ReconcileResult> {
    const startedAt = now();
    const last = await lastCompletedAt(shop, resource);
    const { rows } = await deps.pool.query<{ id: string }>(
      `INSERT INTO "ReconciliationRun" (id, shop, resource, trigger, status, "startedAt") VALUES (gen_random_uuid(), $1, $2, $3, 'running', $4) RETURNING id`,
      [shop, resource, trigger, startedAt],
    );
    const runId = rows[0].id;
    try {
      const history = await deps.history(shop);
      const connection = await deps.connectionFor(shop);
      const synced = await loadSynced(deps.pool, shop, resource);
      const deleted = await deletedInSalesforce(connection, resource, synced);
      // Incremental when nothing can be missing outside the window: as many records in Shopify as synced
      // here, and none gone from Salesforce. Then only what changed since the last pass (with overlap) is read.
      const shopifyTotal = await history.count(resource, "");
      const syncedCount = [...synced.values()].filter((record) => record.status === "synced").length;
      const mode: ReconcileResult["mode"] = last && deleted.size === 0 && shopifyTotal === syncedCount ? "incremental" : "full";
      const versions = await history.versions(resource, mode === "incremental" ? `updated_at:>='${new Date(last!.getTime() - RECONCILE_OVERLAP_MS).toISOString()}'` : "");
      const window = diffRecords(versions, synced, deleted);
      const before = mode === "incremental" ? { ...window, total: shopifyTotal, inSync: shopifyTotal - window.repairs.length } : window;

      const repairs: ReconcileResult["repairs"] = [];
      const byKind = (kinds: Repair["kind"][]) => before.repairs.filter((repair) => kinds.includes(repair.kind));
      // Missing, stale and failed: the current version as an event (deduped by version, so a webhook or
      // a backfill of the same version is not sent twice).
      const fresh = byKind(["missing", "stale", "failed"]);
      const resend = byKind(["deleted-in-salesforce"]);
      for (const [group, force] of [
        [fresh, false],
        [resend, true],
      ] as const) {
        if (group.length === 0) continue;
        if (force) {
          // The Salesforce copy is gone: forget its ids and hashes, so the engine sends the record as new
          // (with its create-only fields, e.g. OpportunityLineItem.OpportunityId of a recreated parent).
          await deps.pool.query(
            `UPDATE "SyncRecord" SET "salesforceIds" = '{}'::jsonb, "contentHashes" = '{}'::jsonb, "updatedAt" = now() WHERE shop = $1 AND resource = $2 AND "shopifyId" = ANY($3::text[])`,
            [shop, RESOURCE_NAME[resource], group.map((repair) => repair.shopifyId)],
          );
        }
        const records = await history.fetch(resource, group.map((repair) => repair.shopifyId));
        const eventIds = await deps.store.storeEvents(shop, resource, runId, records, deps.apiVersion, (record) =>
          force ? `reconcile:${runId}:${record.shopifyId}` : `reconcile:${resource}:${record.shopifyId}:${new Date(record.updatedAt).toISOString()}`,
        );
        if (eventIds.length > 0) {
          const summary = await deps.engine.processBatch(eventIds, { force });
          if (summary.failedShops.length > 0) throw new Error(`Repairing failed: ${summary.failedShops[0].error}`);
          const { rows: stored } = await deps.pool.query<{ id: string; shopifyId: string }>(`SELECT id, "shopifyId" FROM "WebhookEvent" WHERE id = ANY($1::text[])`, [eventIds]);
          const idOf = new Map(stored.map((row) => [row.shopifyId, row.id]));
          for (const repair of group) repairs.push({ ...repair, eventId: idOf.get(repair.shopifyId) ?? null });
        } else {
          for (const repair of group) repairs.push({ ...repair, eventId: null });
        }
      }

      // Deletions were repaired, so only what is still missing or stale counts against the score now.
      const afterWindow = diffRecords(versions, await loadSynced(deps.pool, shop, resource), new Set());
      const after = { inSync: before.total - afterWindow.repairs.length };
      await deps.pool.query(
        `UPDATE "ReconciliationRun" SET status = 'completed', total = $2, "inSyncBefore" = $3, "inSyncAfter" = $4, repairs = $5::jsonb, "finishedAt" = now() WHERE id = $1`,
        [runId, before.total, before.inSync, after.inSync, JSON.stringify(repairs)],
      );
      return {
        runId,
        resource,
        mode,
        total: before.total,
        inSyncBefore: before.inSync,
        inSyncAfter: after.inSync,
        scoreBefore: completeness(before.inSync, before.total),
        scoreAfter: completeness(after.inSync, before.total),
        repairs,
      };
    } catch (error) {
      await deps.pool.query(`UPDATE "ReconciliationRun" SET status = 'failed', "lastError" = $2, "finishedAt" = now() WHERE id = $1`, [
        runId,
        error instanceof Error ? error.message : String(error),
      ]);
      throw error;
    }
  }

  /** The Home page's view: the last completed run per resource. */
  async function latest(shop: string): Promise<Array<{ resource: string; score: number; checkedAt: Date; total: number; repairs: ReconcileResult["repairs"] }>> {
    const { rows } = await deps.pool.query<{ resource: string; total: number; inSyncAfter: number; finishedAt: Date; repairs: ReconcileResult["repairs"] }>(
      `SELECT DISTINCT ON (resource) resource, total, "inSyncAfter", "finishedAt", repairs FROM "ReconciliationRun"
        WHERE shop = $1 AND status = 'completed' ORDER BY resource, "startedAt" DESC`,
      [shop],
    );
    return rows.map((row) => ({ resource: row.resource, score: completeness(row.inSyncAfter, row.total), checkedAt: row.finishedAt, total: row.total, repairs: row.repairs }));
  }

  return { reconcile, latest };
}

export type Reconciler = ReturnType<typeof createReconciler>;

/** Hourly by default (pg-boss schedule); each job reconciles every shop that is installed and connected. */
export async function startReconciliationSchedule(
  queue: PgBoss,
  reconciler: Reconciler,
  listShops: () => Promise<string[]>,
  options: { cron?: string; onError?: (shop: string, error: unknown) => void } = {},
): Promise<void> {
  if (!(await queue.getQueue(RECONCILE_QUEUE))) await queue.createQueue(RECONCILE_QUEUE, { policy: "singleton", retryLimit: 2, expireInSeconds: 3600 });
  await queue.schedule(RECONCILE_QUEUE, options.cron ?? RECONCILE_CRON, {});
  await queue.work<{ shop?: string }>(RECONCILE_QUEUE, async ([job]) => {
    // A job naming a shop is the admin's "Check now"; the scheduled one visits every connected shop.
    const trigger = job?.data?.shop ? "on-demand" : "schedule";
    for (const shop of job?.data?.shop ? [job.data.shop] : await listShops()) {
      for (const resource of ["customers", "orders"] as const) {
        try {
          await reconciler.reconcile(shop, resource, trigger);
        } catch (error) {
          options.onError?.(shop, error);
        }
      }
    }
  });
}

/** "Check now": one reconciliation of the shop, run by the worker (one waiting request per shop). */
export async function requestReconciliation(queue: PgBoss, shop: string): Promise<string | null> {
  if (!(await queue.getQueue(RECONCILE_QUEUE))) await queue.createQueue(RECONCILE_QUEUE, { policy: "singleton", retryLimit: 2, expireInSeconds: 3600 });
  return queue.send(RECONCILE_QUEUE, { shop }, { singletonKey: shop });
}
