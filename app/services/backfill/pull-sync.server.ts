import type pg from "pg";
import type { SyncEngine } from "../../sync/sync-batch";
import type { SalesforceConnections } from "../salesforce/connection-factory.server";
import type { AdminGraphql } from "../shopify/admin-records.server";
import { createReconciler } from "../reconciliation/reconcile.server";
import { createBackfillStore } from "./backfill-store.server";
import { createBackfillService } from "./backfill.server";
import { createShopifyHistory } from "./shopify-history.server";

// Backfill and reconciliation composed from the app's parts, once for the worker (which runs the steps
// and passes) and per request for the admin page (which estimates, starts, pauses and reads progress).

export interface ShopifyAdminAccess {
  graphql: AdminGraphql;
  /** The scopes the shop granted (read_all_orders or not). */
  scopes: string[];
}

export interface PullSyncDeps {
  pool: pg.Pool;
  connections: Pick<SalesforceConnections, "connectionFor" | "status">;
  /** The shop's Shopify Admin API, from its offline session. */
  shopifyFor(shop: string): Promise<ShopifyAdminAccess>;
  /** Runs steps and repairs; the web process never does (see `webOnlyEngine`). */
  engine: SyncEngine;
  apiVersion: string;
}

/** Engine stand-in for the web process: it only plans, starts and reads runs; the worker syncs. */
export const webOnlyEngine: SyncEngine = {
  processBatch() {
    throw new Error("Backfill steps and reconciliation repairs run in the sync worker, not in the web process.");
  },
};

export function createPullSync(deps: PullSyncDeps) {
  const store = createBackfillStore(deps.pool);
  const history = async (shop: string) => createShopifyHistory((await deps.shopifyFor(shop)).graphql);
  const backfill = createBackfillService({
    store,
    engine: deps.engine,
    history,
    scopes: async (shop) => (await deps.shopifyFor(shop)).scopes,
    apiUsage: async (shop) => {
      const usage = (await deps.connections.status(shop)).apiUsage;
      return usage ? { used: usage.used, limit: usage.limit } : null;
    },
    reservePercent: async (shop) => (await deps.connections.status(shop)).apiReservePercent,
    apiVersion: deps.apiVersion,
  });
  const reconciler = createReconciler({
    pool: deps.pool,
    store,
    engine: deps.engine,
    history,
    connectionFor: (shop) => deps.connections.connectionFor(shop),
    apiVersion: deps.apiVersion,
  });
  return { store, backfill, reconciler };
}

export type PullSync = ReturnType<typeof createPullSync>;

/** Shops the hourly reconciliation visits: installed and connected to Salesforce. */
export async function connectedShops(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ shop: string }>(
    `SELECT s.shop FROM "Shop" s JOIN "SalesforceConnection" c ON c.shop = s.shop WHERE s.status = 'installed' AND c.status = 'connected' ORDER BY s.shop`,
  );
  return rows.map((row) => row.shop);
}
