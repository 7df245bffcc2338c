import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYNC_QUEUE } from "../../app/services/queue/sync-queue.server";
import { createActivity } from "../../app/services/admin/activity.server";
import { createReplayService } from "../../app/services/store/replay.server";
import { bigId, customerPayload, orderPayload, refundPayload, toShopifyJson, type Delivery } from "../support/shopify-stream";
import { startSyncHarness, type SyncHarness } from "../support/sync-harness";

// An org that fails the calls loadShopConfig makes (standard price book, API budget) must pause the
// shop, not fail the jobs: a failed or retrying key_strict_fifo job holds its record's key.

let harness: SyncHarness;
beforeAll(async () => {
  harness = await startSyncHarness();
});
afterAll(async () => {
  await harness.close();
});

function customerDelivery(shop: string, index: number): Delivery {
  return {
    topic: "customers/create",
    shop,
    body: toShopifyJson(customerPayload(index, 0)),
    eventId: `${shop}-c${index}`,
    webhookId: `${shop}-w${index}`,
    triggeredAt: new Date().toISOString(),
  };
}

async function waitFor<T>(probe: () => Promise<T | null>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("an org failing the shop's config calls", () => {
  it("pauses the shop without failing jobs or spending attempts, and resumes when the org is back", { timeout: 120_000 }, async () => {
    const shop = "pricebook-outage.myshopify.com";
    await harness.connect(shop);
    const org = harness.orgFor(shop);
    // Every SOQL query fails: the standard price book lookup in loadShopConfig throws.
    org.setFaults({ serverErrorRate: 1, pathPattern: "/query" });
    await harness.deliverAll([customerDelivery(shop, 0)]);
    const { rows: events } = await harness.app.sql.query(`SELECT id FROM "WebhookEvent" WHERE shop = $1`, [shop]);
    const eventId: string = events[0].id;
    // Handled once: either the job was failed (it holds the key) or the batch settled the event.
    await waitFor(async () => {
      const { rows } = await harness.app.sql.query(
        `SELECT (SELECT count(*)::int FROM pgboss.job WHERE name = $1 AND data->>'shop' = $2 AND state IN ('retry', 'failed')) AS held,
                (SELECT count(*)::int FROM "SyncAttempt" WHERE "eventId" = $3) AS attempts`,
        [SYNC_QUEUE, shop, eventId],
      );
      return rows[0].held > 0 || rows[0].attempts > 0 ? rows[0] : null;
    }, "the first batch of the shop");
    const held = await harness.app.sql.query(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND data->>'shop' = $2 AND state IN ('retry', 'failed')`,
      [SYNC_QUEUE, shop],
    );
    expect(held.rows[0].n).toBe(0);
    const event = await harness.app.sql.query(`SELECT status, attempts FROM "WebhookEvent" WHERE id = $1`, [eventId]);
    expect(event.rows[0]).toEqual({ status: "queued", attempts: 0 });
    const shopRow = await harness.app.sql.query(`SELECT "syncOutageSince", "syncOutageReason" FROM "Shop" WHERE shop = $1`, [shop]);
    expect(shopRow.rows[0].syncOutageSince).not.toBeNull();
    expect(shopRow.rows[0].syncOutageReason).toMatch(/Salesforce/);

    org.clearFaults();
    await harness.settle(60_000, shop);
    expect(await harness.statuses(shop)).toEqual({ synced: 1 });
    const healed = await harness.app.sql.query(`SELECT "syncOutageSince" FROM "Shop" WHERE shop = $1`, [shop]);
    expect(healed.rows[0].syncOutageSince).toBeNull();
  });
});

describe("a merchant's replay", () => {
  it("re-sends a synced record someone edited in Salesforce, although its content hash is unchanged", { timeout: 120_000 }, async () => {
    const shop = "replay-sends.myshopify.com";
    await harness.deliverAll([customerDelivery(shop, 0), customerDelivery(shop, 1)]);
    await harness.settle(60_000, shop);
    const contactOf = (index: number) => harness.orgFor(shop).records("Contact").find((row) => row.Shopify_Customer_Id__c === bigId(1, index))!;
    const original = contactOf(0).LastName;
    // Someone edits both records in Salesforce (through the API, as a user or another tool would).
    const connection = await harness.connections.connectionFor(shop);
    for (const index of [0, 1]) await connection.sobject("Contact").update({ Id: String(contactOf(index).Id), LastName: "Edited in Salesforce" });

    const replay = createReplayService({ pool: harness.runtime.pool, queue: harness.runtime.queue });
    expect(await replay.replayRecord(shop, "customer", bigId(1, 0))).toBe(1);
    await harness.settle(60_000, shop);
    expect(contactOf(0).LastName).toBe(original);
    // Only the replayed record is re-sent; the other keeps the edit until it is replayed or changes.
    expect(contactOf(1).LastName).toBe("Edited in Salesforce");
    const { rows } = await harness.app.sql.query(`SELECT status FROM "WebhookEvent" WHERE shop = $1 AND "shopifyId" = $2`, [shop, bigId(1, 0)]);
    expect(rows).toEqual([{ status: "synced" }]);
  });
});

describe("dependency revival", () => {
  it("re-queues a refund that died waiting for its order as soon as the order lands", { timeout: 120_000 }, async () => {
    const shop = "revival.myshopify.com";
    const order = orderPayload(1, { customerIndex: null, lines: 1, financialStatus: "paid" }) as { line_items: Array<{ id: string }> };
    const refund: Delivery = {
      topic: "refunds/create",
      shop,
      body: toShopifyJson(refundPayload(1, 1, "5.00", [order.line_items[0].id])),
      eventId: `${shop}-refund`,
      webhookId: `${shop}-refund-w`,
      triggeredAt: new Date().toISOString(),
    };
    await harness.deliverAll([refund]);
    // Its order never came: the refund spends its attempts and dies.
    await harness.settle(60_000, shop);
    expect(await harness.statuses(shop)).toEqual({ dead: 1 });
    // The event page names what it waits for (the order's own webhook name, once Shopify sent it).
    const activity = createActivity({
      prisma: harness.prisma,
      replay: async () => createReplayService({ pool: harness.runtime.pool, queue: harness.runtime.queue }),
      instanceUrl: async () => null,
    });
    const { rows: refundRows } = await harness.app.sql.query(`SELECT id FROM "WebhookEvent" WHERE shop = $1`, [shop]);
    expect((await activity.detail(shop, refundRows[0].id))?.waitingFor).toBe(`order ${bigId(3, 1)}`);

    await harness.deliverAll([
      { topic: "orders/create", shop, body: toShopifyJson(order), eventId: `${shop}-order`, webhookId: `${shop}-order-w`, triggeredAt: new Date().toISOString() },
    ]);
    await waitFor(async () => ((await harness.statuses(shop)).synced === 2 ? true : null), "the revived refund to sync", 60_000);
    expect(await harness.statuses(shop)).toEqual({ synced: 2 });
  });
});
