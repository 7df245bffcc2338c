import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateShopHistory, startShopifyEmulator, type EmulatedShop, type ShopifyEmulator } from "../../support/shopify";
import { toShopifyJson } from "../../support/shopify-stream";
import { startSyncHarness, type SyncHarness } from "../../support/sync-harness";
import { createTestBackfill } from "./backfill-harness";

// The same shop history reaching Salesforce two ways: by webhook (customers/create, then the orders'
// orders/updated with their refunds) and by backfill from the Admin GraphQL API (through a bulk
// operation, and through paged queries). Every Salesforce record must come out the same, field by field:
// money to the cent, adjustment lines (discounts, shipping, tax), refunds with their amounts and lines.

const now = Date.now();
let harness: SyncHarness;
let shopify: ShopifyEmulator;
const shops = new Map<string, EmulatedShop>();
// Refunds, discounts, shipping, tax and guests in a small history.
const history = generateShopHistory({ seed: 23, customers: 15, orders: 40, now, historyDays: 30, maxLines: 3, refundShare: 0.4 });

const OBJECTS: Record<string, string> = {
  Account: "Shopify_Customer_Id__c",
  Contact: "Shopify_Customer_Id__c",
  Product2: "Shopify_Variant_Id__c",
  PricebookEntry: "Shopify_Variant_Id__c",
  Opportunity: "Shopify_Order_Id__c",
  OpportunityLineItem: "Shopify_Line_Item_Id__c",
  Shopify_Refund__c: "Shopify_Refund_Id__c",
};
// Set by Salesforce itself: differ between two orgs whatever was sent.
const SYSTEM_FIELDS = new Set(["Id", "CreatedDate", "LastModifiedDate", "SystemModstamp", "CreatedById", "LastModifiedById", "OwnerId", "IsDeleted", "LastActivityDate", "LastViewedDate", "LastReferencedDate"]);

type Row = Record<string, unknown>;

/** Every record of the compared objects, keyed by object and external id, references as external keys. */
function snapshot(shop: string): Record<string, Record<string, Row>> {
  const org = harness.orgFor(shop);
  const keyOfId = new Map<string, string>();
  const rows: Array<[string, Row]> = [];
  for (const [object, external] of Object.entries(OBJECTS)) {
    for (const row of org.records(object)) {
      keyOfId.set(String(row.Id), `${object}:${String(row[external])}`);
      rows.push([object, row]);
    }
  }
  const out: Record<string, Record<string, Row>> = {};
  for (const [object, row] of rows) {
    const normalized: Row = {};
    for (const [field, value] of Object.entries(row)) {
      if (SYSTEM_FIELDS.has(field) || value === null || value === undefined) continue;
      // A reference is compared by what it points at (ids differ between orgs); unknown ones (the
      // standard price book) only by being set; a Name Salesforce defaulted to the record's Id likewise.
      if (value === row.Id) normalized[field] = "<own id>";
      else if (typeof value === "string" && keyOfId.has(value)) normalized[field] = keyOfId.get(value);
      else normalized[field] = typeof value === "string" && /^[a-zA-Z0-9]{18}$/.test(value) && field.endsWith("Id") ? "<reference>" : value;
    }
    (out[object] ??= {})[String(row[OBJECTS[object]])] = normalized;
  }
  return out;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function viaWebhooks(domain: string): Promise<void> {
  await harness.connect(domain);
  let index = 0;
  for (const customer of history.customers) {
    const response = await harness.deliver({ topic: "customers/create", shop: domain, body: toShopifyJson(customer), eventId: `c-${index}`, webhookId: `c-${index++}`, triggeredAt: new Date().toISOString() });
    expect(response.status).toBe(200);
  }
  for (const order of history.orders) {
    const response = await harness.deliver({ topic: "orders/updated", shop: domain, body: toShopifyJson(order), eventId: `o-${index}`, webhookId: `o-${index++}`, triggeredAt: new Date().toISOString() });
    expect(response.status).toBe(200);
  }
  await waitFor(async () => {
    const { rows } = await harness.app.sql.query(`SELECT count(*) FILTER (WHERE status = 'synced')::int AS synced, count(*)::int AS n FROM "WebhookEvent" WHERE shop = $1`, [domain]);
    return rows[0].n === index && rows[0].synced === index;
  });
}

async function viaBackfill(domain: string, shopifyPath: "bulk" | "pages"): Promise<void> {
  const shop = shopify.createShop({ domain, plan: "plus", scopes: ["read_customers", "read_orders", "read_all_orders"] });
  shop.putCustomers(history.customers);
  shop.putOrders(history.orders);
  shops.set(domain, shop);
  await harness.connect(domain);
  const { service, store } = createTestBackfill(harness, shopify, shops, {
    // Bulk API 2.0 for the larger objects here, sObject Collections for the rest.
    bulkThreshold: 20,
    shopifyBulkThreshold: shopifyPath === "bulk" ? 0 : 1_000_000,
  });
  const { run } = await service.create(domain, { resources: ["customers", "orders"], range: { from: null, to: null } });
  await harness.runtime.pool.query(`UPDATE "BackfillRun" SET status = 'running' WHERE id = $1`, [run.id]);
  expect(await service.runToEnd(run.id)).toBe("done");
  const finished = await store.get(run.id);
  expect(finished?.progress.orders).toMatchObject({ read: history.orders.length, failed: 0 });
}

beforeAll(async () => {
  harness = await startSyncHarness();
  shopify = await startShopifyEmulator({ clock: () => Date.now(), bulkStepMs: 5 });
}, 120_000);
afterAll(async () => {
  await shopify?.close();
  await harness?.close();
});

describe("an order backfilled lands exactly as the same order delivered by webhook", () => {
  it("every Salesforce record field by field, through a bulk operation and through paged queries", async () => {
    expect(history.orders.filter((order) => (order.refunds as unknown[]).length > 0).length).toBeGreaterThan(5);
    await viaWebhooks("parity-webhook.myshopify.com");
    await viaBackfill("parity-bulk.myshopify.com", "bulk");
    await viaBackfill("parity-pages.myshopify.com", "pages");

    const expected = snapshot("parity-webhook.myshopify.com");
    // The webhook side itself is complete: every refund and every adjustment line is there.
    const refunds = history.orders.flatMap((order) => order.refunds as Row[]);
    expect(Object.keys(expected.Shopify_Refund__c ?? {}).sort()).toEqual(refunds.map((refund) => String(refund.id)).sort());
    expect(Object.keys(expected.OpportunityLineItem).some((key) => key.endsWith("-shipping"))).toBe(true);
    expect(Object.keys(expected.OpportunityLineItem).some((key) => key.endsWith("-discounts"))).toBe(true);
    expect(Object.values(expected.Shopify_Refund__c).every((refund) => Number(refund.Amount__c) > 0)).toBe(true);

    for (const domain of ["parity-bulk.myshopify.com", "parity-pages.myshopify.com"]) {
      const actual = snapshot(domain);
      for (const object of Object.keys(OBJECTS)) {
        expect({ domain, object, records: actual[object] ?? {} }).toEqual({ domain, object, records: expected[object] ?? {} });
      }
    }
  }, 240_000);
});
