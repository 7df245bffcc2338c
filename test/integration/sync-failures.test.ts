import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReplayService } from "../../app/services/store/replay.server";
import { defaultMappingInput } from "../../app/sync/default-mappings";
import { countRecords, snapshotOrg, withoutOrderDependentFields } from "../support/salesforce-snapshot";
import { bigId, customerPayload, scriptedStream, toShopifyJson, type Delivery } from "../support/shopify-stream";
import { startSyncHarness, type SyncHarness } from "../support/sync-harness";

let harness: SyncHarness;
beforeAll(async () => {
  harness = await startSyncHarness();
});
afterAll(async () => {
  await harness.close();
});

const deliverAll = (deliveries: Delivery[]) => harness.deliverAll(deliveries);

const statuses = (shop: string) => harness.statuses(shop);

function customerDelivery(shop: string, index: number, version: number, patch: Record<string, unknown> = {}): Delivery {
  return {
    topic: version === 0 ? "customers/create" : "customers/update",
    shop,
    body: toShopifyJson({ ...customerPayload(index, version), ...patch }),
    eventId: `${shop}-c${index}-v${version}-${JSON.stringify(patch).length}`,
    webhookId: `${shop}-w${index}-${version}`,
    triggeredAt: new Date().toISOString(),
  };
}

describe("under faults the stream still converges, nothing lost", () => {
  it("recovers from 5xx, lock errors, API-limit answers and expired sessions", { timeout: 120_000 }, async () => {
    const shop = "faulty.myshopify.com";
    const clean = "clean-twin.myshopify.com";
    const org = harness.orgFor(shop);
    harness.orgFor(clean);
    org.setFaults({ seed: 11, serverErrorRate: 0.2, lockRowRate: 0.05, requestLimitRate: 0.05, pathPattern: "^/composite" });
    await deliverAll(scriptedStream({ shop }));
    await deliverAll(scriptedStream({ shop: clean }));
    // Expire the session while the backlog is being worked through: jsforce must log in again.
    setTimeout(() => org.expireSessions(), 300);
    await harness.settle(120_000, shop);
    org.clearFaults();
    await harness.settle(30_000, clean);
    // Retried events may find a newer version of their record already synced: they end "skipped".
    const settled = await statuses(shop);
    expect(Object.keys(settled).sort()).toEqual(expect.arrayContaining(["synced"]));
    expect((settled.synced ?? 0) + (settled.skipped ?? 0)).toBe(26);
    expect(withoutOrderDependentFields(snapshotOrg(org))).toEqual(withoutOrderDependentFields(snapshotOrg(harness.orgFor(clean))));
    const attempts = await harness.app.sql.query(
      `SELECT count(*)::int AS n FROM "SyncAttempt" WHERE shop = $1 AND outcome = 'retry'`,
      [shop],
    );
    expect(attempts.rows[0].n).toBeGreaterThan(0); // the faults really happened
  });

  it("does not let one shop's failing org delay another shop", async () => {
    const broken = "broken-org.myshopify.com";
    const healthy = "healthy-org.myshopify.com";
    harness.orgFor(broken).setFaults({ serverErrorRate: 1 });
    await deliverAll([customerDelivery(broken, 0, 0), customerDelivery(healthy, 0, 0)]);
    // Order and outcome, not time: the healthy shop's event lands while the broken org still fails every call.
    await harness.settle(60_000, healthy).catch(async (error) => {
      console.log(JSON.stringify((await harness.app.sql.query(`SELECT state, data, output FROM pgboss.job WHERE name='sync-events' AND state <> 'completed'`)).rows));
      throw error;
    });
    expect(await statuses(healthy)).toEqual({ synced: 1 });
    expect((await statuses(broken)).queued).toBe(1);
    harness.orgFor(broken).clearFaults();
    await harness.settle(30_000, broken);
    expect(await statuses(broken)).toEqual({ synced: 1 });
  });
});

describe("records Salesforce rejects", () => {
  it("park as needs-attention with Salesforce's message while the rest of the batch lands", async () => {
    const shop = "rejecting.myshopify.com";
    harness.orgFor(shop).addValidationRule({
      object: "Contact",
      errorCondition: (record) => String(record.LastName ?? "").includes("Rejected"),
      message: "Contacts from the blocked list need a manual review",
      field: "LastName",
    });
    await deliverAll([0, 1, 2, 3].map((index) => customerDelivery(shop, index, 0, index === 2 ? { last_name: "Rejected" } : {})));
    await harness.settle(30_000, shop);
    expect(await statuses(shop)).toEqual({ synced: 3, "needs-attention": 1 });
    const { rows } = await harness.app.sql.query(
      `SELECT "lastErrorCode", "lastError" FROM "WebhookEvent" WHERE shop = $1 AND status = 'needs-attention'`,
      [shop],
    );
    expect(rows[0].lastErrorCode).toBe("FIELD_CUSTOM_VALIDATION_EXCEPTION");
    expect(rows[0].lastError).toContain("Contacts from the blocked list need a manual review");
    expect(countRecords(harness.orgFor(shop), ["Contact"])).toEqual({ Contact: 3 });
  });
});

describe("mappings and replay", () => {
  it("a mapping edit applies to the next events and to a replay", async () => {
    const shop = "remapped.myshopify.com";
    await deliverAll([customerDelivery(shop, 0, 0), customerDelivery(shop, 1, 0)]);
    await harness.settle(30_000, shop);
    const contactsBefore = snapshotOrg(harness.orgFor(shop)).Contact;
    expect(contactsBefore[bigId(1, 0)].Title ?? null).toBeNull();

    // The merchant maps Contact.Title from the customer's tags (a new version of the customer mapping).
    const document = structuredClone(defaultMappingInput("customer")) as { targets: Array<{ key: string; fields: unknown[] }> };
    document.targets.find((target) => target.key === "contact")!.fields.push({ target: "Title", expression: "'Shopify ' & state" });
    await harness.app.sql.query(
      `INSERT INTO "MappingSet" (id, shop, resource, version, document, "isActive") VALUES (gen_random_uuid(), $1, 'customer', 1, $2::jsonb, true)`,
      [shop, JSON.stringify(document)],
    );

    await deliverAll([customerDelivery(shop, 2, 0)]);
    await harness.settle(30_000, shop);
    expect(snapshotOrg(harness.orgFor(shop)).Contact[bigId(1, 2)].Title).toBe("Shopify disabled");
    expect(snapshotOrg(harness.orgFor(shop)).Contact[bigId(1, 0)].Title ?? null).toBeNull();

    const replay = createReplayService({ pool: harness.runtime.pool, queue: harness.runtime.queue });
    expect(await replay.replayRecord(shop, "customer", bigId(1, 0))).toBe(1);
    await harness.settle(30_000, shop);
    expect(snapshotOrg(harness.orgFor(shop)).Contact[bigId(1, 0)].Title).toBe("Shopify disabled");
    const versions = await harness.app.sql.query(
      `SELECT "mappingVersion" FROM "WebhookEvent" WHERE shop = $1 AND "shopifyId" = $2`,
      [shop, bigId(1, 0)],
    );
    expect(versions.rows[0].mappingVersion).toBe(1);
  });

  it("replays every needs-attention event after the merchant fixes the cause", async () => {
    const shop = "fixed-later.myshopify.com";
    harness.orgFor(shop).addValidationRule({ object: "Contact", errorCondition: () => true, message: "Org is locked for migration" });
    await deliverAll([customerDelivery(shop, 0, 0), customerDelivery(shop, 1, 0)]);
    await harness.settle(30_000, shop);
    expect(await statuses(shop)).toEqual({ "needs-attention": 2 });
    harness.orgFor(shop).clearRules();
    const replay = createReplayService({ pool: harness.runtime.pool, queue: harness.runtime.queue });
    expect(await replay.replayNeedsAttention(shop)).toBe(2);
    await harness.settle(30_000, shop);
    expect(await statuses(shop)).toEqual({ synced: 2 });
    expect(countRecords(harness.orgFor(shop), ["Contact"])).toEqual({ Contact: 2 });
  });
});
