import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRecords, snapshotOrg, withoutOrderDependentFields } from "../support/salesforce-snapshot";
import { bigId, customerPayload, orderPayload, scriptedStream, toShopifyJson, type Delivery } from "../support/shopify-stream";
import { startSyncHarness, type SyncHarness } from "../support/sync-harness";

let harness: SyncHarness;
beforeAll(async () => {
  harness = await startSyncHarness();
});
afterAll(async () => {
  await harness.close();
});

const deliverAll = (deliveries: Delivery[]) => harness.deliverAll(deliveries);

const eventStatuses = (shop: string) => harness.statuses(shop);

const EXPECTED_COUNTS = {
  Account: 7, // six customers and the guest's own Account (keyed by their email)
  Contact: 7, // six customers and the guest
  Opportunity: 6,
  OpportunityLineItem: 263, // 2 + 3 + 250 + 2 + 3 + 4 lines, less the line order #1000's refund took back
  Product2: 40,
  PricebookEntry: 40,
  Shopify_Refund__c: 1,
};

describe("a scripted stream lands in Salesforce exactly", () => {
  const shop = "scripted.myshopify.com";
  let baseline: ReturnType<typeof snapshotOrg>;

  beforeAll(async () => {
    await deliverAll(scriptedStream({ shop }));
    await harness.settle(60_000, shop);
    baseline = snapshotOrg(harness.orgFor(shop));
  });

  it("syncs every event", async () => {
    expect(await eventStatuses(shop)).toEqual({ synced: 26 });
  });

  it("creates each record once", () => {
    expect(countRecords(harness.orgFor(shop))).toEqual(EXPECTED_COUNTS);
  });

  it("keeps the newest customer version, unicode intact, ids exact above 2^53", () => {
    const contact = baseline.Contact[bigId(1, 0)];
    expect(BigInt(bigId(1, 0)) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(contact).toMatchObject({
      FirstName: "Zoë",
      LastName: "Ångström 0",
      Email: "customer0@example.com",
      MailingCity: "City v1",
      AccountId: `Account:${bigId(1, 0)}`,
    });
    expect(baseline.Account[bigId(1, 2)]).toMatchObject({ Name: "雷 李 2" });
  });

  it("mirrors orders as opportunities with their lines and links the refund to its order", () => {
    const refunded = baseline.Opportunity[bigId(3, 0)];
    const paid = orderPayload(0, { customerIndex: 0, lines: 2, version: 1, financialStatus: "paid" });
    // Salesforce derives Amount from the line items: the refunded line was deleted, so Amount is the
    // order's current total after the refund (it used to stay at the paid total). The refund is its
    // own Shopify_Refund__c record under the Opportunity.
    expect(refunded).toMatchObject({ Name: "Order #1000", Amount: Number(paid.current_total_price) - 10, AccountId: `Account:${bigId(1, 0)}` });
    expect(baseline.Opportunity[bigId(3, 2)]).toMatchObject({ Name: "Order #1002", StageName: "Closed Won" });
    const lines = Object.values(baseline.OpportunityLineItem).filter((line) => line.OpportunityId === `Opportunity:${bigId(3, 2)}`);
    expect(lines).toHaveLength(250);
    expect(baseline.Shopify_Refund__c[bigId(7, 0)]).toMatchObject({ Amount__c: 10, Opportunity__c: `Opportunity:${bigId(3, 0)}` });
  });

  it("gives a guest checkout the guest's own Account and Contact", () => {
    const guestOrder = baseline.Opportunity[bigId(3, 1)];
    expect(guestOrder.AccountId).toMatch(/^Account:guest:[0-9a-f]{64}$/);
    const guestKey = String(guestOrder.AccountId).slice("Account:".length);
    expect(baseline.Contact[guestKey]).toMatchObject({ Email: "guest1@example.com", AccountId: guestOrder.AccountId });
  });

  it("converges to the same state when every delivery arrives three times, shuffled", async () => {
    const noisy = "noisy.myshopify.com";
    await deliverAll(scriptedStream({ shop: noisy, copies: 3, shuffle: true, seed: 7 }).map((delivery) => ({ ...delivery, shop: noisy })));
    await harness.settle(90_000, noisy);
    expect(withoutOrderDependentFields(snapshotOrg(harness.orgFor(noisy)))).toEqual(withoutOrderDependentFields(baseline));
    const statuses = await eventStatuses(noisy);
    expect(statuses["needs-attention"] ?? 0).toBe(0);
    expect(statuses.dead ?? 0).toBe(0);
  });

  it("never lets an older event overwrite a newer one", async () => {
    const stale = "stale.myshopify.com";
    const newer = { topic: "customers/update" as const, shop: stale, body: toShopifyJson(customerPayload(0, 2)), eventId: "e-new", webhookId: "w1", triggeredAt: "2026-11-20T12:00:00Z" };
    const older = { topic: "customers/update" as const, shop: stale, body: toShopifyJson(customerPayload(0, 1)), eventId: "e-old", webhookId: "w2", triggeredAt: "2026-11-20T11:00:00Z" };
    await deliverAll([newer]);
    await harness.settle(30_000, stale);
    await deliverAll([older]);
    await harness.settle(30_000, stale);
    const contact = snapshotOrg(harness.orgFor(stale)).Contact[bigId(1, 0)];
    expect(contact.MailingCity).toBe("City v2");
    expect(await eventStatuses(stale)).toEqual({ synced: 1, skipped: 1 });
  });
});
