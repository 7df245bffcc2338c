import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateShopHistory, startShopifyEmulator, type EmulatedShop, type ShopifyEmulator } from "../../support/shopify";
import { toShopifyJson } from "../../support/shopify-stream";
import { startSyncHarness, type SyncHarness } from "../../support/sync-harness";
import { createTestBackfill } from "./backfill-harness";

// A webhook and a backfill step for the same customers in flight at the same moment: the webhook is
// delivered (and its worker runs) while the backfill step has stored its events and is syncing them.
// Whatever order the two land in, Salesforce ends with the newest updated_at: a newer webhook wins over
// the backfilled version, and an older (late) webhook never overwrites the newer backfilled one.

const now = Date.now();
let harness: SyncHarness;
let shopify: ShopifyEmulator;
const shops = new Map<string, EmulatedShop>();
const history = generateShopHistory({ seed: 31, customers: 6, orders: 0, now, historyDays: 20 });

beforeAll(async () => {
  harness = await startSyncHarness();
  shopify = await startShopifyEmulator({ clock: () => Date.now(), bulkStepMs: 5 });
}, 120_000);
afterAll(async () => {
  await shopify?.close();
  await harness?.close();
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("a webhook and a backfill of the same record at the same moment", () => {
  it("end with the newest updated_at in Salesforce, newer webhook or late one", async () => {
    const domain = "race.myshopify.com";
    const shop = shopify.createShop({ domain, plan: "plus" });
    shop.putCustomers(history.customers);
    shops.set(domain, shop);
    await harness.connect(domain);
    const [newer, older] = history.customers;
    const deliveries: Array<Promise<Response>> = [];
    const { service, store } = createTestBackfill(harness, shopify, shops, {
      // The moment the step has stored its events and is about to sync them, both webhooks go out,
      // and the step goes on without waiting for them.
      afterStore: async () => {
        if (deliveries.length > 0) return;
        const send = (customer: Record<string, unknown>, updatedAt: number, name: string, id: string) =>
          harness.deliver({ topic: "customers/update", shop: domain, body: toShopifyJson({ ...customer, first_name: name, updated_at: new Date(updatedAt).toISOString() }), eventId: id, webhookId: id, triggeredAt: new Date().toISOString() });
        deliveries.push(send(newer, now + 60_000, "Webhook", "race-newer"));
        // Older than what Shopify holds now (the backfill reads the current version).
        deliveries.push(send(older, Date.parse(String(older.updated_at)) - 60_000, "Stale", "race-older"));
      },
    });
    const { run } = await service.create(domain, { resources: ["customers"], range: { from: null, to: null } });
    await harness.runtime.pool.query(`UPDATE "BackfillRun" SET status = 'running' WHERE id = $1`, [run.id]);
    expect(await service.runToEnd(run.id)).toBe("done");
    expect((await Promise.all(deliveries)).map((response) => response.status)).toEqual([200, 200]);
    await waitFor(async () => {
      const { rows } = await harness.app.sql.query(`SELECT count(*)::int AS n FROM "WebhookEvent" WHERE shop = $1 AND "dedupeKey" LIKE 'race-%' AND status IN ('synced', 'skipped')`, [domain]);
      return rows[0].n === 2;
    });
    expect((await store.get(run.id))?.status).toBe("completed");

    const contacts = new Map(harness.orgFor(domain).records("Contact").map((contact) => [String(contact.Shopify_Customer_Id__c), contact]));
    expect(contacts.size).toBe(history.customers.length);
    expect(contacts.get(String(newer.id))?.FirstName).toBe("Webhook");
    expect(contacts.get(String(older.id))?.FirstName).toBe(older.first_name);
  }, 120_000);
});
