import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateShopHistory, startShopifyEmulator, type EmulatedShop, type ShopifyEmulator } from "../../support/shopify";
import { toShopifyJson } from "../../support/shopify-stream";
import { startSyncHarness, type SyncHarness } from "../../support/sync-harness";
import { startBackfillWorker } from "../../../app/services/backfill/backfill.server";
import { createTestBackfill, guestEmailCount, isCustomerContact } from "./backfill-harness";

// A historical backfill from the Shopify Admin API emulator into the Salesforce emulator, through
// the same engine as webhooks. BACKFILL_SCALE scales the main case (default 2,000 customers + 2,000 orders;
// the 20,000 + 20,000 with BACKFILL_SCALE=20000).

const SCALE = Number(process.env.BACKFILL_SCALE ?? 2_000);
const now = Date.now();
let harness: SyncHarness;
let shopify: ShopifyEmulator;
const shops = new Map<string, EmulatedShop>();

beforeAll(async () => {
  harness = await startSyncHarness();
  shopify = await startShopifyEmulator({ clock: () => Date.now(), bulkStepMs: 5 });
}, 120_000);
afterAll(async () => {
  await shopify?.close();
  await harness?.close();
});

function seedShop(domain: string, customers: number, orders: number, options: { historyDays?: number; scopes?: string[]; restoreRate?: number; maximumAvailable?: number } = {}) {
  const shop = shopify.createShop({ domain, plan: "plus", scopes: options.scopes, restoreRate: options.restoreRate, maximumAvailable: options.maximumAvailable });
  const history = generateShopHistory({ seed: 11, customers, orders, now, historyDays: options.historyDays ?? 50, maxLines: 2, refundShare: 0 });
  shop.putCustomers(history.customers);
  shop.putOrders(history.orders);
  shops.set(domain, shop);
  return history;
}

async function eventCounts(shop: string): Promise<Record<string, number>> {
  const { rows } = await harness.app.sql.query(`SELECT status, count(*)::int AS n FROM "WebhookEvent" WHERE shop = $1 GROUP BY status`, [shop]);
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("backfill of customers and orders", () => {
  it(`lands ${SCALE} + ${SCALE} exactly through Bulk API 2.0, resumed after a crash, with newer webhooks winning`, async () => {
    const domain = "history.myshopify.com";
    const history = seedShop(domain, SCALE, SCALE);
    await harness.connect(domain);
    const org = harness.orgFor(domain);
    let crashes = 0;
    const bulkJobs: Array<[string, number]> = [];
    // Bulk API 2.0 above a quarter of the scale (the default 2,000 is for objects, per call here).
    const wiring = { stepRecords: Math.ceil(SCALE / 2), bulkThreshold: Math.floor(SCALE / 4), shopifyBulkThreshold: 0, onBulkJob: (object: string, records: number) => bulkJobs.push([object, records]) };
    const first = createTestBackfill(harness, shopify, shops, {
      ...wiring,
      // The worker dies after storing its second slice and before syncing it.
      afterStore: async (run) => {
        if (run.checkpoint.offset > 0 && crashes === 0) {
          crashes += 1;
          throw new Error("worker killed");
        }
      },
    });
    const { run, estimate } = await first.service.create(domain, { resources: ["customers", "orders"], range: { from: null, to: null } });
    expect(estimate.resources).toEqual([
      { resource: "customers", records: SCALE, shopifyPath: "bulk-operation" },
      { resource: "orders", records: SCALE, shopifyPath: "bulk-operation" },
    ]);
    expect(estimate.objects.find((o) => o.object === "Account")).toMatchObject({ records: SCALE, path: "bulk" });
    expect(estimate.fits).toBe(true);
    expect(estimate.orderWindow).not.toBeNull(); // no read_all_orders and no start date: explained

    await harness.runtime.pool.query(`UPDATE "BackfillRun" SET status = 'running' WHERE id = $1`, [run.id]);
    await expect(first.service.runToEnd(run.id)).rejects.toThrow("worker killed");

    // While the worker is down, webhooks bring newer versions of some customers whose older versions the
    // dead step had stored.
    const { rows: pending } = await harness.app.sql.query(
      `SELECT payload FROM "WebhookEvent" WHERE shop = $1 AND resource = 'customer' AND status = 'received' ORDER BY "shopifyId" LIMIT 5`,
      [domain],
    );
    expect(pending.length).toBe(5);
    const newer = pending.map((row) => ({ ...row.payload, first_name: "Webhook", updated_at: new Date(now + 60_000).toISOString() }));
    for (const [index, payload] of newer.entries()) {
      const response = await harness.deliver({ topic: "customers/update", shop: domain, body: toShopifyJson(payload), eventId: `newer-${index}`, webhookId: `newer-${index}`, triggeredAt: new Date().toISOString() });
      expect(response.status).toBe(200);
    }
    await waitFor(async () => {
      const { rows } = await harness.app.sql.query(`SELECT count(*)::int AS n FROM "WebhookEvent" WHERE shop = $1 AND "dedupeKey" LIKE 'newer-%' AND status = 'synced'`, [domain]);
      return rows[0].n === 5;
    });

    // A fresh worker picks the run up at its checkpoint.
    const second = createTestBackfill(harness, shopify, shops, wiring);
    expect(await second.service.runToEnd(run.id)).toBe("done");

    const finished = await second.store.get(run.id);
    expect(finished?.status).toBe("completed");
    expect(finished?.progress.customers).toMatchObject({ total: SCALE, read: SCALE, failed: 0 });
    expect(finished?.progress.orders).toMatchObject({ total: SCALE, read: SCALE, failed: 0 });

    // Each guest email has its own Account and Contact; a guest order without an email has neither.
    const guests = guestEmailCount(history.orders);
    expect(org.records("Contact")).toHaveLength(SCALE + guests);
    expect(org.records("Account")).toHaveLength(SCALE + guests);
    const opportunities = org.records("Opportunity");
    expect(opportunities).toHaveLength(SCALE);
    expect(new Set(opportunities.map((o) => o.Shopify_Order_Id__c)).size).toBe(SCALE);
    const lines = history.orders.reduce((sum, order) => sum + (order.line_items as unknown[]).length, 0);
    // Product lines keep Shopify's line ids; adjustment lines (discounts, shipping, tax: docs/money-model.md) are `<order id>-<kind>`.
    const allLines = org.records("OpportunityLineItem");
    expect(allLines.filter((line) => !String(line.Shopify_Line_Item_Id__c).includes("-"))).toHaveLength(lines);
    // Money to the cent: Salesforce's own roll-up of the lines equals the order's current total.
    const totals = new Map(history.orders.map((order) => [String(order.id), Number(order.current_total_price ?? order.total_price)]));
    const wrong = opportunities.filter((o) => Math.abs(Number(o.Amount) - (totals.get(String(o.Shopify_Order_Id__c)) ?? NaN)) > 0.001);
    expect(wrong.map((o) => [o.Shopify_Order_Id__c, o.Amount, totals.get(String(o.Shopify_Order_Id__c))])).toEqual([]);
    // The newer webhook versions were not overwritten by the older backfilled ones.
    const webhookIds = new Set(newer.map((payload) => String(payload.id)));
    const contacts = org.records("Contact").filter((c) => webhookIds.has(String(c.Shopify_Customer_Id__c)));
    expect(contacts.map((c) => c.FirstName)).toEqual(["Webhook", "Webhook", "Webhook", "Webhook", "Webhook"]);

    const counts = await eventCounts(domain);
    expect(counts.received ?? 0).toBe(0);
    expect(counts["needs-attention"] ?? 0).toBe(0);
    expect(new Set(bulkJobs.map(([object]) => object))).toEqual(new Set(["Account", "Contact", "Opportunity", "OpportunityLineItem"]));
  }, 300_000);

  it("reads small ranges page by page within Shopify's cost budget, and explains the orders it cannot see", async () => {
    const domain = "window.myshopify.com";
    // 400 days of history, no read_all_orders, and a small bucket so pages are THROTTLED and waited out.
    const history = seedShop(domain, 20, 40, { historyDays: 400, maximumAvailable: 700, restoreRate: 300 });
    await harness.connect(domain);
    const org = harness.orgFor(domain);
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      await new Promise((resolve) => setTimeout(resolve, ms));
    };
    const { service, store } = createTestBackfill(harness, shopify, shops, { sleep });
    const from = new Date(now - 365 * 86_400_000);
    const { run, estimate } = await service.create(domain, { resources: ["customers", "orders"], range: { from, to: null } });
    const visible = history.orders.filter((order) => Date.parse(String(order.created_at)) >= now - 60 * 86_400_000);
    const customersInRange = history.customers.filter((customer) => Date.parse(String(customer.created_at)) >= from.getTime());
    expect(estimate.resources).toEqual([
      { resource: "customers", records: customersInRange.length, shopifyPath: "paginated" },
      { resource: "orders", records: visible.length, shopifyPath: "paginated" },
    ]);
    expect(estimate.orderWindow?.message).toMatch(/last 60 days/);
    expect(estimate.orderWindow?.howToFix).toMatch(/read_all_orders/);
    expect(visible.length).toBeLessThan(history.orders.length);

    await harness.runtime.pool.query(`UPDATE "BackfillRun" SET status = 'running' WHERE id = $1`, [run.id]);
    // The app's bucket for this shop is spent (say, by a manual sync just before): queries must wait it out.
    const shop = shops.get(domain)!;
    shop.bucket.take(shop.bucket.status().currentlyAvailable);
    expect(await service.runToEnd(run.id)).toBe("done");
    expect(waits.length).toBeGreaterThan(0);
    expect((await store.get(run.id))?.progress.orders).toMatchObject({ total: visible.length, read: visible.length, failed: 0 });
    expect(new Set(org.records("Opportunity").map((o) => String(o.Shopify_Order_Id__c)))).toEqual(new Set(visible.map((o) => String(o.id))));
    expect(org.records("Contact").filter(isCustomerContact)).toHaveLength(new Set([...customersInRange.map((c) => String(c.id)), ...visible.flatMap((o) => (o.customer ? [String((o.customer as { id: unknown }).id)] : []))]).size);
    expect(org.records("Contact").filter((row) => !isCustomerContact(row))).toHaveLength(guestEmailCount(visible));

    // A second run of the same range sends nothing again: every version is already synced.
    const before = org.apiUsage().used;
    const again = await service.create(domain, { resources: ["orders"], range: { from, to: null } });
    await harness.runtime.pool.query(`UPDATE "BackfillRun" SET status = 'running' WHERE id = $1`, [again.run.id]);
    expect(await service.runToEnd(again.run.id)).toBe("done");
    expect(org.apiUsage().used).toBe(before);
  }, 120_000);

  it("refuses a range that ends before it starts, or no resources, before anything runs", async () => {
    const { service } = createTestBackfill(harness, shopify, shops);
    await expect(service.create("history.myshopify.com", { resources: [], range: { from: null, to: null } })).rejects.toThrow("Choose at least one");
    await expect(service.create("history.myshopify.com", { resources: ["orders"], range: { from: new Date(now), to: new Date(now - 1000) } })).rejects.toThrow("before its end");
  });

  it("runs as a pg-boss job that is retried after a crash and resumes at its checkpoint", async () => {
    const domain = "queued.myshopify.com";
    const history = seedShop(domain, 60, 60);
    await harness.connect(domain);
    let crashed = false;
    let lastErrorOnRetry: string | undefined;
    const { service, store } = createTestBackfill(harness, shopify, shops, {
      stepRecords: 25,
      afterStore: async (current) => {
        if (!crashed) {
          crashed = true;
          throw new Error("worker killed mid-step");
        }
        // The retried job: the failed attempt is visible on the run until a step commits.
        lastErrorOnRetry ??= (await store.get(current.id))?.lastError ?? "";
      },
    });
    await startBackfillWorker(harness.runtime.queue, service);
    try {
      const { run } = await service.create(domain, { resources: ["customers", "orders"], range: { from: null, to: null } });
      expect(await service.start(harness.runtime.queue, run.id)).toBe(true);
      await waitFor(async () => (await store.get(run.id))?.status === "completed", 90_000);
      expect(crashed).toBe(true);
      expect(lastErrorOnRetry).toBe("Retrying after an error: worker killed mid-step");
      expect((await store.get(run.id))?.lastError).toBeNull();
      const org = harness.orgFor(domain);
      expect(org.records("Contact")).toHaveLength(60 + guestEmailCount(history.orders));
      expect(new Set(org.records("Opportunity").map((o) => String(o.Shopify_Order_Id__c)))).toEqual(new Set(history.orders.map((o) => String(o.id))));
      const { rows } = await harness.app.sql.query(`SELECT count(*)::int AS n, count(DISTINCT "shopifyId")::int AS records FROM "WebhookEvent" WHERE shop = $1`, [domain]);
      expect(rows[0]).toEqual({ n: 120, records: 120 });
    } finally {
      await harness.runtime.queue.offWork("backfill");
    }
  }, 120_000);
});
