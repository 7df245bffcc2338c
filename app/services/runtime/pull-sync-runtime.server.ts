import type { Logger } from "../logging/logger.server";
import { createBulkSalesforcePort } from "../backfill/bulk-salesforce-port.server";
import { startBackfillWorker } from "../backfill/backfill.server";
import { connectedShops, createPullSync, type ShopifyAdminAccess } from "../backfill/pull-sync.server";
import { startReconciliationSchedule } from "../reconciliation/reconcile.server";
import { createExpressionSandbox, sandboxOptionsFromEnv } from "../sandbox/expression-sandbox.server";
import type { SalesforceConnections } from "../salesforce/connection-factory.server";
import { standardPricebookContext } from "../salesforce/standard-pricebook.server";
import { createSalesforcePort } from "../salesforce/sync-session.server";
import { createSyncStore } from "../store/sync-store.server";
import { createSyncEngine } from "../../sync/sync-batch";
import type { SyncRuntime } from "./sync-runtime.server";

// The worker's pull sync: the `backfill` job (steps of a BackfillRun) and the hourly `reconcile`
// schedule (plus the admin's "Check now"). Its engine sends large calls through Bulk API 2.0.

export interface PullSyncRuntimeOptions {
  runtime: Pick<SyncRuntime, "pool" | "queue">;
  connections: SalesforceConnections;
  logger: Logger;
  /** The shop's Admin API from its offline session (default: shopify-app-remix's unauthenticated.admin). */
  shopifyFor?: (shop: string) => Promise<ShopifyAdminAccess>;
  /** pg-boss cron of the reconciliation (env RECONCILE_CRON, default hourly). */
  cron?: string;
  apiVersion?: string;
}

/** shopify-app-remix's offline-session Admin client; imported on first use, so a worker without Shopify config still syncs webhooks. */
export async function offlineShopifyAdmin(shop: string): Promise<ShopifyAdminAccess> {
  const { unauthenticated } = await import("../../shopify.server");
  const { admin, session } = await unauthenticated.admin(shop);
  return { graphql: (query, options) => admin.graphql(query, options), scopes: (session.scope ?? "").split(",").filter(Boolean) };
}

export async function startPullSyncRuntime(options: PullSyncRuntimeOptions): Promise<{ stop(): Promise<void> }> {
  const { runtime, connections, logger } = options;
  const sandbox = createExpressionSandbox({ ...sandboxOptionsFromEnv(), onRestart: (reason) => logger.warn({ reason }, "expression sandbox restarted after a runaway expression") });
  const engine = createSyncEngine({
    mapEvents: sandbox.mapEvents,
    store: createSyncStore({ pool: runtime.pool, queue: runtime.queue, resolveContext: standardPricebookContext(connections) }),
    salesforce: createBulkSalesforcePort(connections, createSalesforcePort(connections)),
    clock: { now: () => new Date() },
    random: Math.random,
    // A backfill step is sent whole: the Bulk port splits it into jobs, Collections into 200s.
    chunkSize: 10_000,
    maxChunkSize: 10_000,
  });
  const pullSync = createPullSync({
    pool: runtime.pool,
    connections,
    shopifyFor: options.shopifyFor ?? offlineShopifyAdmin,
    engine,
    apiVersion: options.apiVersion ?? "2026-10",
  });
  await startBackfillWorker(runtime.queue, pullSync.backfill, (error) => logger.error({ err: error }, "backfill step failed"));
  // Workers run the sync queue with its scheduler on (the sync sweeper's schedule), so the hourly
  // reconciliation is scheduled on it too: no pg-boss instance of its own.
  await startReconciliationSchedule(runtime.queue, pullSync.reconciler, () => connectedShops(runtime.pool), {
    cron: options.cron,
    onError: (shop, error) => logger.warn({ err: error, shop }, "reconciliation failed"),
  });
  return {
    async stop() {
      await sandbox.close();
    },
  };
}
