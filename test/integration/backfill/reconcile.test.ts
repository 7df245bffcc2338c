import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReconciler } from "../../../app/services/reconciliation/reconcile.server";
import { createShopifyHistory } from "../../../app/services/backfill/shopify-history.server";
import { generateShopHistory, startShopifyEmulator, type EmulatedShop, type ShopifyEmulator } from "../../support/shopify";
import { toShopifyJson } from "../../support/shopify-stream";
import { startSyncHarness, type SyncHarness } from "../../support/sync-harness";
import { createTestBackfill, createTestEngine, guestEmailCount, isCustomerContact, shopifyGraphql } from "./backfill-harness";

// Webhooks get lost (3% dropped here) and Salesforce users delete records; one reconciliation
// pass finds and repairs all of them, and the completeness score goes from below 100% to 100%.

const now = Date.now();
let harness: SyncHarness;
let shopify: ShopifyEmulator;
const shops = new Map<string, EmulatedShop>();

beforeAll(async () => {
  harness = await startSyncHarness();
  shopify = await startShopifyEmulator({ clock: () => Date.now() });
}, 120_000);
afterAll(async () => {
  await shopify?.close();
  await harness?.close();
});

describe("reconciliation", () => {
  it("repairs dropped webhooks and records deleted in Salesforce in one pass", async () => {
    const domain = "reconcile.myshopify.com";
    const shop = shopify.createShop({ domain, plan: "plus" });
    const history = generateShopHistory({ seed: 5, customers: 100, orders: 100, now, historyDays: 50, maxLines: 2, refundShare: 0 });
    shop.putCustomers(history.customers);
    shop.putOrders(history.orders);
    shops.set(domain, shop);

    // Every 33rd webhook is lost on the way (3%).
    const dropped = { customers: new Set<string>(), orders: new Set<string>() };
    let sequence = 0;
    for (const [topic, records, lost] of [
      ["customers/create", history.customers, dropped.customers],
      ["orders/create", history.orders, dropped.orders],
    ] as const) {
      for (const record of records) {
        sequence += 1;
        if (sequence % 33 === 0) {
          lost.add(String(record.id));
          continue;
        }
        const response = await harness.deliver({ topic, shop: domain, body: toShopifyJson(record), eventId: `e-${sequence}`, webhookId: `w-${sequence}`, triggeredAt: new Date().toISOString() });
        expect(response.status).toBe(200);
      }
    }
    await harness.settle(90_000, domain);
    const org = harness.orgFor(domain);
    expect(dropped.customers.size + dropped.orders.size).toBe(Math.floor(200 / 33));

    // A Salesforce user deletes two contacts and two opportunities.
    const connection = await harness.connections.connectionFor(domain);
    const contacts = org.records("Contact").filter(isCustomerContact).slice(0, 2).map((row) => String(row.Id));
    const opportunities = org.records("Opportunity").slice(0, 2).map((row) => String(row.Id));
    for (const id of contacts) await connection.sobject("Contact").destroy(id);
    for (const id of opportunities) await connection.sobject("Opportunity").destroy(id);

    const { store } = createTestBackfill(harness, shopify, shops);
    const engine = createTestEngine(harness);
    const reconciler = createReconciler({
      pool: harness.runtime.pool,
      store,
      engine,
      history: async (name) => createShopifyHistory(shopifyGraphql(shopify, shops.get(name)!)),
      connectionFor: (name) => harness.connections.connectionFor(name),
      apiVersion: "2026-10",
    });

    const customers = await reconciler.reconcile(domain, "customers");
    expect(customers.mode).toBe("full");
    expect(customers.scoreBefore).toBeLessThan(100);
    expect(customers.scoreAfter).toBe(100);
    expect(customers.repairs.filter((r) => r.kind === "missing").map((r) => r.shopifyId).sort()).toEqual([...dropped.customers].sort());
    expect(customers.repairs.filter((r) => r.kind === "deleted-in-salesforce")).toHaveLength(2);
    expect(customers.repairs.every((r) => r.eventId !== null)).toBe(true);

    const orders = await reconciler.reconcile(domain, "orders");
    expect(orders.scoreBefore).toBeLessThan(100);
    expect(orders.scoreAfter).toBe(100);
    expect(orders.repairs.filter((r) => r.kind === "missing").map((r) => r.shopifyId).sort()).toEqual([...dropped.orders].sort());
    expect(orders.repairs.filter((r) => r.kind === "deleted-in-salesforce")).toHaveLength(2);

    expect(org.records("Contact")).toHaveLength(100 + guestEmailCount(history.orders));
    expect(new Set(org.records("Opportunity").map((o) => String(o.Shopify_Order_Id__c)))).toEqual(new Set(history.orders.map((o) => String(o.id))));
    const lines = history.orders.reduce((sum, order) => sum + (order.line_items as unknown[]).length, 0);
    // Product lines keep Shopify's line ids; adjustment lines (docs/money-model.md) are `<order id>-<kind>`.
    expect(org.records("OpportunityLineItem").filter((line) => !String(line.Shopify_Line_Item_Id__c).includes("-"))).toHaveLength(lines);

    // The next pass is incremental (counts match, nothing deleted) and finds nothing to do.
    const again = await reconciler.reconcile(domain, "customers");
    expect(again).toMatchObject({ mode: "incremental", total: 100, scoreBefore: 100, scoreAfter: 100, repairs: [] });

    // A webhook lost after that pass (a customer updated in Shopify): the incremental pass sees it as stale.
    const changed: Record<string, unknown> = { ...history.customers[10], first_name: "Changed", updated_at: new Date().toISOString() };
    shop.putCustomers([changed]);
    const third = await reconciler.reconcile(domain, "customers");
    expect(third).toMatchObject({ mode: "incremental", scoreBefore: 99, scoreAfter: 100 });
    expect(third.repairs).toEqual([{ shopifyId: String(changed.id), kind: "stale", eventId: expect.any(String) }]);
    expect(org.records("Contact").find((c) => String(c.Shopify_Customer_Id__c) === String(changed.id))?.FirstName).toBe("Changed");
    const home = await reconciler.latest(domain);
    expect(home.map((row) => [row.resource, row.score])).toEqual([
      ["customers", 100],
      ["orders", 100],
    ]);
  }, 240_000);
});
