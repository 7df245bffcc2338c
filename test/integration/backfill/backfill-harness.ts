import { standardPricebookContext } from "../../../app/services/salesforce/standard-pricebook.server";
import { createSalesforcePort } from "../../../app/services/salesforce/sync-session.server";
import { createSyncStore } from "../../../app/services/store/sync-store.server";
import { createBulkSalesforcePort } from "../../../app/services/backfill/bulk-salesforce-port.server";
import { createBackfillStore } from "../../../app/services/backfill/backfill-store.server";
import { createBackfillService, type BackfillDeps } from "../../../app/services/backfill/backfill.server";
import { createShopifyHistory } from "../../../app/services/backfill/shopify-history.server";
import type { AdminGraphql } from "../../../app/services/shopify/admin-records.server";
import { createSyncEngine } from "../../../app/sync/sync-batch";
import { emulatorAdminClient } from "../../support/shopify/admin-client";
import type { EmulatedShop, ShopifyEmulator } from "../../support/shopify";
import type { SyncHarness } from "../../support/sync-harness";

// The backfill wired as the app wires it (real engine, real store, jsforce over HTTP with Bulk API 2.0,
// Shopify's own GraphQL client against the Admin API emulator), with knobs tests need.

export interface BackfillWiring extends Partial<Pick<BackfillDeps, "stepRecords" | "bulkThreshold" | "shopifyBulkThreshold" | "afterStore" | "now">> {
  sleep?: (ms: number) => Promise<void>;
  /** Counts Salesforce API calls by kind (Bulk jobs counted once per job here; the emulator counts calls). */
  onBulkJob?: (object: string, records: number) => void;
}

export function shopifyGraphql(emulator: ShopifyEmulator, shop: EmulatedShop): AdminGraphql {
  const client = emulatorAdminClient(emulator, shop);
  return async (query, options) => {
    // admin.graphql answers a Response; Shopify's client throws on GraphQL errors with the body attached.
    try {
      return new Response(JSON.stringify(await client.request(query, { variables: options?.variables })));
    } catch (error) {
      const body = (error as { body?: unknown }).body;
      if (body) return new Response(JSON.stringify(body));
      throw error;
    }
  };
}

/** The engine the backfill and reconciliation use: Bulk API 2.0 above the threshold, Collections below. */
export function createTestEngine(harness: SyncHarness, wiring: BackfillWiring = {}) {
  const pool = harness.runtime.pool;
  return createSyncEngine({
    store: createSyncStore({ pool, queue: harness.runtime.queue, resolveContext: standardPricebookContext(harness.connections) }),
    salesforce: createBulkSalesforcePort(harness.connections, createSalesforcePort(harness.connections), {
      threshold: wiring.bulkThreshold,
      pollIntervalMs: 20,
      onBulkJob: (_shop, object, records) => wiring.onBulkJob?.(object, records),
    }),
    clock: { now: () => new Date() },
    random: Math.random,
    chunkSize: 10_000,
    maxChunkSize: 10_000,
  });
}

export function createTestBackfill(harness: SyncHarness, emulator: ShopifyEmulator, shops: Map<string, EmulatedShop>, wiring: BackfillWiring = {}) {
  const pool = harness.runtime.pool;
  const engine = createTestEngine(harness, wiring);
  const store = createBackfillStore(pool);
  const service = createBackfillService({
    store,
    engine,
    history: async (shop) => createShopifyHistory(shopifyGraphql(emulator, shops.get(shop)!), { pollMs: 20, sleep: wiring.sleep }),
    scopes: async (shop) => [...shops.get(shop)!.scopes],
    apiUsage: async (shop) => {
      const usage = harness.orgFor(shop).apiUsage();
      return { used: usage.used, limit: usage.max };
    },
    reservePercent: async () => 10,
    apiVersion: "2026-10",
    stepRecords: wiring.stepRecords,
    bulkThreshold: wiring.bulkThreshold,
    shopifyBulkThreshold: wiring.shopifyBulkThreshold,
    afterStore: wiring.afterStore,
    now: wiring.now,
  });
  return { service, store };
}

/** Guest orders make one Contact (and Account) per normalised email; orders without one make none. */
export function guestEmailCount(orders: ReadonlyArray<Record<string, unknown>>): number {
  const emails = orders
    .filter((order) => order.customer == null)
    .map((order) => String(order.email ?? order.contact_email ?? "").trim().toLowerCase())
    .filter((email) => email !== "");
  return new Set(emails).size;
}

/** Contacts that stand for Shopify customers (not the per-email guest Contacts, `guest:<sha-256>`). */
export const isCustomerContact = (row: Record<string, unknown>) => !String(row.Shopify_Customer_Id__c ?? "").startsWith("guest:");
