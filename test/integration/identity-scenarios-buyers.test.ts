import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebhookTopic } from "../../app/sync/webhook-topics";
import { sha256Hex } from "../../app/sync/sha256";
import { customerPayload, orderPayload, seededRandom, toShopifyJson, type Delivery } from "../support/shopify-stream";
import { startSyncHarness, type SyncHarness } from "../support/sync-harness";

// Who bought the order, in Salesforce: guests (one Contact per email, on their own Account), the buyer as
// the Opportunity's primary contact role, and `if-blank` fields that read what Salesforce holds. Real
// worker, jsforce over HTTP to the emulator; each case also with every delivery twice, shuffled.

let harness: SyncHarness;
beforeAll(async () => {
  harness = await startSyncHarness();
});
afterAll(async () => {
  await harness.close();
});

type Json = Record<string, unknown>;

const delivery = (topic: WebhookTopic, shop: string, payload: unknown, minute: number): Delivery => ({
  topic,
  shop,
  body: toShopifyJson(payload),
  eventId: randomUUID(),
  webhookId: randomUUID(),
  triggeredAt: new Date(Date.UTC(2026, 10, 20, 9, minute)).toISOString(),
});

function replayedShuffled(deliveries: Delivery[], seed: number): Delivery[] {
  const doubled = deliveries.flatMap((item) => [item, { ...item, webhookId: randomUUID() }]);
  const random = seededRandom(seed);
  for (let i = doubled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [doubled[i], doubled[j]] = [doubled[j] as Delivery, doubled[i] as Delivery];
  }
  return doubled;
}

async function run(shop: string, deliveries: Delivery[]): Promise<void> {
  await harness.deliverAll(deliveries.map((item) => ({ ...item, shop })));
  await harness.settle(90_000, shop);
}

const once = (deliveries: Delivery[]) => deliveries;

/** A guest order (no customer) from `email`, billed to `first last`. */
function guestOrder(index: number, email: string | null, name: [string, string]): Json {
  const order = orderPayload(index, { customerIndex: null, lines: 1 }) as Json;
  const billing = (order.billing_address ?? {}) as Json;
  return { ...order, email, contact_email: email, billing_address: { ...billing, first_name: name[0], last_name: name[1] } };
}

const guestKey = (email: string) => `guest:${sha256Hex(email)}`;

describe("three guest orders from two emails", () => {
  const stream = (shop: string) => [
    delivery("orders/create", shop, guestOrder(0, "ada@example.com", ["Ada", "Lovelace"]), 0),
    // The same guest again, typed differently: one Contact per normalised email.
    delivery("orders/create", shop, guestOrder(1, " Ada@Example.COM ", ["Ada", "Lovelace"]), 1),
    delivery("orders/create", shop, guestOrder(2, "grace@example.com", ["Grace", "Hopper"]), 2),
    // No email at all: the order still syncs, without an Account or a Contact.
    delivery("orders/create", shop, guestOrder(3, null, ["Anon", "Ymous"]), 3),
  ];

  function expectGuests(shop: string) {
    const org = harness.orgFor(shop);
    const contacts = org.records("Contact");
    expect(contacts).toHaveLength(2);
    const byKey = Object.fromEntries(contacts.map((contact) => [String(contact.Shopify_Customer_Id__c), contact]));
    const ada = byKey[guestKey("ada@example.com")];
    const grace = byKey[guestKey("grace@example.com")];
    expect(ada).toMatchObject({ FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com" });
    expect(grace).toMatchObject({ FirstName: "Grace", LastName: "Hopper", Email: "grace@example.com" });
    // Each guest on their own Account: no Account collects every guest (data skew).
    const accounts = org.records("Account");
    expect(accounts.map((account) => account.Shopify_Customer_Id__c).sort()).toEqual([guestKey("ada@example.com"), guestKey("grace@example.com")].sort());
    expect(new Set(contacts.map((contact) => contact.AccountId)).size).toBe(2);

    const opportunities = Object.fromEntries(org.records("Opportunity").map((row) => [String(row.Name), row]));
    expect(opportunities["Order #1000"]).toMatchObject({ AccountId: ada?.AccountId });
    expect(opportunities["Order #1001"]).toMatchObject({ AccountId: ada?.AccountId });
    expect(opportunities["Order #1002"]).toMatchObject({ AccountId: grace?.AccountId });
    expect(opportunities["Order #1003"]?.AccountId ?? null).toBeNull();

    // One primary buyer role per order that has a buyer, none for the anonymous one.
    const roles = org.records("OpportunityContactRole");
    expect(roles).toHaveLength(3);
    const roleOf = (name: string) => roles.filter((role) => role.OpportunityId === opportunities[name]?.Id);
    expect(roleOf("Order #1000")).toEqual([expect.objectContaining({ ContactId: ada?.Id, IsPrimary: true, Role: "Economic Buyer" })]);
    expect(roleOf("Order #1001")).toEqual([expect.objectContaining({ ContactId: ada?.Id, IsPrimary: true, Role: "Economic Buyer" })]);
    expect(roleOf("Order #1002")).toEqual([expect.objectContaining({ ContactId: grace?.Id, IsPrimary: true, Role: "Economic Buyer" })]);
  }

  it("gives each email one Contact on its own Account, and each order its primary buyer", async () => {
    const shop = "guests.myshopify.com";
    await harness.connect(shop);
    await run(shop, stream(shop));
    expect(await harness.statuses(shop)).toEqual({ synced: 4 });
    expectGuests(shop);
  });

  it("ends in the same state with every delivery twice, shuffled", async () => {
    const shop = "guests-noisy.myshopify.com";
    await harness.connect(shop);
    await run(shop, replayedShuffled(stream(shop), 13));
    expect((await harness.statuses(shop))["needs-attention"] ?? 0).toBe(0);
    expectGuests(shop);
  });
});

describe("the customer as the Opportunity's primary contact role", () => {
  const stream = (shop: string) => [
    delivery("customers/create", shop, customerPayload(0), 0),
    delivery("orders/create", shop, orderPayload(0, { customerIndex: 0, lines: 2 }), 1),
    delivery("orders/paid", shop, orderPayload(0, { customerIndex: 0, lines: 2, version: 1, financialStatus: "paid" }), 2),
    delivery("orders/create", shop, orderPayload(1, { customerIndex: 0, lines: 1 }), 3),
  ];

  function expectRoles(shop: string) {
    const org = harness.orgFor(shop);
    const [contact] = org.records("Contact");
    expect(org.records("Contact")).toHaveLength(1);
    expect(contact).toMatchObject({ Shopify_Customer_Id__c: String(customerPayload(0).id), Email: "customer0@example.com", MailingCity: expect.any(String) });
    const opportunities = org.records("Opportunity");
    expect(opportunities).toHaveLength(2);
    const roles = org.records("OpportunityContactRole");
    // Exactly one role per Opportunity, however often the order synced.
    expect(roles.map((role) => role.OpportunityId).sort()).toEqual(opportunities.map((row) => row.Id).sort());
    for (const role of roles) expect(role).toMatchObject({ ContactId: contact?.Id, IsPrimary: true, Role: "Economic Buyer" });
  }

  it("is written once per order, whatever arrives first", async () => {
    const shop = "buyer-role.myshopify.com";
    await harness.connect(shop);
    await run(shop, stream(shop));
    expect(await harness.statuses(shop)).toEqual({ synced: 4 });
    expectRoles(shop);
  });

  it("ends in the same state with every delivery twice, shuffled", async () => {
    const shop = "buyer-role-noisy.myshopify.com";
    await harness.connect(shop);
    await run(shop, replayedShuffled(stream(shop), 29));
    expectRoles(shop);
  });

  it("keeps the role sales already gave the buyer, and leaves another primary contact primary", async () => {
    const shop = "buyer-role-crm.myshopify.com";
    await harness.connect(shop);
    await run(shop, stream(shop).slice(0, 2));
    const org = harness.orgFor(shop);
    const [role] = org.records("OpportunityContactRole");
    expect(role).toMatchObject({ IsPrimary: true });
    // A later order of a deal sales already staffed: their primary contact stays primary.
    const [opportunityId] = org.insert("Opportunity", [{ Name: "CRM deal", StageName: "Prospecting", CloseDate: "2026-12-31", Shopify_Order_Id__c: String(orderPayload(1, { customerIndex: 0 }).id) }]);
    const [salesContact] = org.insert("Contact", [{ LastName: "Sales Pick" }]);
    org.insert("OpportunityContactRole", [{ OpportunityId: opportunityId, ContactId: salesContact, IsPrimary: true, Role: "Decision Maker" }]);
    await run(shop, stream(shop).slice(3));
    const roles = org.records("OpportunityContactRole").filter((row) => row.OpportunityId === opportunityId);
    expect(roles).toHaveLength(2);
    expect(roles.find((row) => row.ContactId === salesContact)).toMatchObject({ IsPrimary: true, Role: "Decision Maker" });
    expect(roles.find((row) => row.ContactId !== salesContact)).toMatchObject({ IsPrimary: false, Role: "Economic Buyer" });
  });
});

describe("if-blank ownership reads what Salesforce holds", () => {
  // Opportunity.Description is if-blank in the default mapping (from the order's note).
  const created = (shop: string) => [
    delivery("orders/create", shop, { ...orderPayload(0, { customerIndex: 0, lines: 1 }), note: null }, 0),
    delivery("orders/create", shop, { ...orderPayload(1, { customerIndex: 0, lines: 1 }), note: "Leave at the door" }, 1),
  ];
  const updated = (shop: string) => [
    // Salesforce's Description is blank: the note fills it.
    delivery("orders/updated", shop, { ...orderPayload(0, { customerIndex: 0, lines: 1, version: 1 }), note: "Gift wrap" }, 30),
    // Sales rewrote it: Shopify's new note does not overwrite theirs.
    delivery("orders/updated", shop, { ...orderPayload(1, { customerIndex: 0, lines: 1, version: 1 }), note: "Ring twice" }, 31),
  ];

  async function scenario(shop: string, replay: (deliveries: Delivery[]) => Delivery[]) {
    await harness.connect(shop);
    await run(shop, replay(created(shop)));
    const org = harness.orgFor(shop);
    const byName = () => Object.fromEntries(org.records("Opportunity").map((row) => [String(row.Name), row]));
    expect(byName()["Order #1000"]?.Description ?? null).toBeNull();
    expect(byName()["Order #1001"]?.Description).toBe("Leave at the door");
    const connection = await harness.connections.connectionFor(shop);
    await connection.sobject("Opportunity").update({ Id: byName()["Order #1001"]?.Id as string, Description: "Sales note: call first" });
    await run(shop, replay(updated(shop)));
    return byName();
  }

  it("fills a blank field and leaves a filled one", async () => {
    const final = await scenario("if-blank.myshopify.com", once);
    expect(final["Order #1000"]).toMatchObject({ Description: "Gift wrap" });
    expect(final["Order #1001"]).toMatchObject({ Description: "Sales note: call first" });
  });

  it("ends in the same state with every delivery twice, shuffled", async () => {
    const final = await scenario("if-blank-noisy.myshopify.com", (deliveries) => replayedShuffled(deliveries, 31));
    expect(final["Order #1000"]).toMatchObject({ Description: "Gift wrap" });
    expect(final["Order #1001"]).toMatchObject({ Description: "Sales note: call first" });
  });
});
