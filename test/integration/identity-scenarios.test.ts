import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDuplicateLinker } from "../../app/services/admin/duplicate-link.server";
import { createReplayService } from "../../app/services/store/replay.server";
import type { WebhookTopic } from "../../app/sync/webhook-topics";
import { connectShopToOrg } from "../support/connect-salesforce";
import { customerPayload, orderPayload, seededRandom, toShopifyJson, type Delivery } from "../support/shopify-stream";
import { startSyncHarness, type SyncHarness } from "../support/sync-harness";

// Who is who in Salesforce: person-account orgs, guests, customers the org already holds, duplicate rules,
// reconnecting to another org and field ownership — each through the real worker, jsforce over HTTP to the
// emulator, asserting the org's final state field by field, then again with every delivery twice, shuffled.

let harness: SyncHarness;
beforeAll(async () => {
  harness = await startSyncHarness();
});
afterAll(async () => {
  await harness.close();
});

type Row = Record<string, unknown>;

const delivery = (topic: WebhookTopic, shop: string, payload: unknown, minute: number): Delivery => ({
  topic,
  shop,
  body: toShopifyJson(payload),
  eventId: randomUUID(),
  webhookId: randomUUID(),
  triggeredAt: new Date(Date.UTC(2026, 10, 20, 9, minute)).toISOString(),
});

/** Every delivery twice (Shopify retries: same event id, new webhook id), in a seeded random order. */
function replayedShuffled(deliveries: Delivery[], seed: number): Delivery[] {
  const doubled = deliveries.flatMap((item) => [item, { ...item, webhookId: randomUUID() }]);
  const random = seededRandom(seed);
  for (let i = doubled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [doubled[i], doubled[j]] = [doubled[j] as Delivery, doubled[i] as Delivery];
  }
  return doubled;
}

/** Runs a scenario's deliveries for a shop and waits until every event reached a final status. */
async function run(shop: string, deliveries: Delivery[]): Promise<void> {
  await harness.deliverAll(deliveries.map((item) => ({ ...item, shop })));
  await harness.settle(60_000, shop);
}

const byField = (rows: Row[], field: string) => Object.fromEntries(rows.map((row) => [String(row[field]), row]));

describe("a person-account org", () => {
  const stream = (shop: string) => [
    delivery("customers/create", shop, customerPayload(0), 0),
    delivery("customers/create", shop, customerPayload(1), 1),
    delivery("orders/create", shop, orderPayload(0, { customerIndex: 0, lines: 2 }), 2),
    delivery("orders/paid", shop, orderPayload(0, { customerIndex: 0, lines: 2, version: 1, financialStatus: "paid" }), 3),
  ];

  async function personOrg(shop: string) {
    const org = harness.orgFor(shop);
    const { personRecordTypeId } = org.enablePersonAccounts();
    await harness.connect(shop);
    // The setup check stores the org's describes: that is how the engine learns the org has person accounts.
    await harness.connections.runSetupCheck(shop);
    return { org, personRecordTypeId };
  }

  function expectPersonAccounts(shop: string, personRecordTypeId: string) {
    const org = harness.orgFor(shop);
    const accounts = byField(org.records("Account"), "Shopify_Customer_Id__c");
    const first = customerPayload(0);
    expect(accounts[String(first.id)]).toMatchObject({
      RecordTypeId: personRecordTypeId,
      IsPersonAccount: true,
      FirstName: first.first_name,
      LastName: first.last_name,
      Name: `${String(first.first_name)} ${String(first.last_name)}`,
      PersonEmail: "customer0@example.com",
    });
    expect(accounts[String(customerPayload(1).id)]).toMatchObject({ RecordTypeId: personRecordTypeId, IsPersonAccount: true, PersonEmail: "customer1@example.com" });
    // Person accounts carry their own Contact (PersonContactId); no business Contact is written.
    const contacts = org.records("Contact");
    expect(contacts).toHaveLength(2);
    expect(contacts.every((contact) => contact.IsPersonAccount === true)).toBe(true);
    const [opportunity] = org.records("Opportunity");
    expect(opportunity).toMatchObject({ Name: "Order #1000", StageName: "Closed Won", AccountId: accounts[String(first.id)]?.Id });
  }

  it("creates customers as person accounts with the org's person record type", async () => {
    const shop = "person-accounts.myshopify.com";
    const { personRecordTypeId } = await personOrg(shop);
    await run(shop, stream(shop));
    expect(await harness.statuses(shop)).toEqual({ synced: 4 });
    expectPersonAccounts(shop, personRecordTypeId);
  });

  it("ends in the same state with every delivery twice, shuffled", async () => {
    const shop = "person-accounts-noisy.myshopify.com";
    const { personRecordTypeId } = await personOrg(shop);
    await run(shop, replayedShuffled(stream(shop), 11));
    expectPersonAccounts(shop, personRecordTypeId);
  });

  it("keeps business accounts in a business org", async () => {
    const shop = "business-accounts.myshopify.com";
    await harness.connect(shop);
    await harness.connections.runSetupCheck(shop);
    await run(shop, stream(shop));
    const org = harness.orgFor(shop);
    const account = byField(org.records("Account"), "Shopify_Customer_Id__c")[String(customerPayload(0).id)];
    expect(account).toMatchObject({ Name: `${String(customerPayload(0).first_name)} ${String(customerPayload(0).last_name)}` });
    expect(account?.RecordTypeId ?? null).toBeNull();
    expect(byField(org.records("Contact"), "Shopify_Customer_Id__c")[String(customerPayload(0).id)]).toMatchObject({ Email: "customer0@example.com", AccountId: account?.Id });
  });
});

describe("an org that already holds the customer by email", () => {
  const stream = (shop: string) => [
    delivery("customers/create", shop, customerPayload(0), 0),
    delivery("customers/update", shop, customerPayload(0, 1), 60),
    delivery("orders/create", shop, orderPayload(0, { customerIndex: 0, lines: 2 }), 2),
  ];

  function seedCrmContact(shop: string) {
    const org = harness.orgFor(shop);
    const [companyId] = org.insert("Account", [{ Name: "Existing Customer Co" }]);
    // The CRM's spelling of the address differs in case: Salesforce compares email case-insensitively.
    const [contactId] = org.insert("Contact", [{ FirstName: "Zoe", LastName: "Existing", Email: "Customer0@Example.com", AccountId: companyId, Title: "Buyer" }]);
    return { companyId: companyId as string, contactId: contactId as string };
  }

  function expectAdopted(shop: string, seeded: { companyId: string; contactId: string }) {
    const contacts = harness.orgFor(shop).records("Contact");
    // Adopted, not duplicated: the CRM's Contact now carries our external id and the customer's fields,
    // and stays under the Account the CRM filed it under.
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({
      Id: seeded.contactId,
      Shopify_Customer_Id__c: String(customerPayload(0).id),
      FirstName: customerPayload(0).first_name,
      LastName: customerPayload(0).last_name,
      Email: "customer0@example.com",
      MailingCity: "City v1",
      Title: "Buyer",
      AccountId: seeded.companyId,
    });
  }

  it("adopts the existing Contact instead of creating a duplicate", async () => {
    const shop = "crm-holds-customer.myshopify.com";
    await harness.connect(shop);
    const seeded = seedCrmContact(shop);
    await run(shop, stream(shop));
    expect(await harness.statuses(shop)).toEqual({ synced: 3 });
    expectAdopted(shop, seeded);
  });

  it("ends in the same state with every delivery twice, shuffled", async () => {
    const shop = "crm-holds-customer-noisy.myshopify.com";
    await harness.connect(shop);
    const seeded = seedCrmContact(shop);
    await run(shop, replayedShuffled(stream(shop), 5));
    expectAdopted(shop, seeded);
  });

  it("creates a new Contact when the shop turned matching off", async () => {
    const shop = "crm-no-matching.myshopify.com";
    await harness.connect(shop);
    await harness.prisma.shop.upsert({ where: { shop }, create: { shop, matchExistingByEmail: false }, update: { matchExistingByEmail: false } });
    const seeded = seedCrmContact(shop);
    await run(shop, stream(shop));
    const contacts = harness.orgFor(shop).records("Contact");
    expect(contacts).toHaveLength(2);
    expect(contacts.find((contact) => contact.Id === seeded.contactId)?.Shopify_Customer_Id__c ?? null).toBeNull();
  });

  it("adopts an existing person account by PersonEmail in a person-account org", async () => {
    const shop = "crm-holds-person.myshopify.com";
    const org = harness.orgFor(shop);
    const { personRecordTypeId } = org.enablePersonAccounts();
    await harness.connect(shop);
    await harness.connections.runSetupCheck(shop);
    const [existingId] = org.insert("Account", [{ RecordTypeId: personRecordTypeId, FirstName: "Zoe", LastName: "Existing", PersonEmail: "customer0@example.com" }]);
    await run(shop, stream(shop));
    const accounts = org.records("Account");
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({ Id: existingId, IsPersonAccount: true, Shopify_Customer_Id__c: String(customerPayload(0).id), LastName: customerPayload(0).last_name });
    expect(org.records("Opportunity")[0]).toMatchObject({ AccountId: existingId });
  });
});

describe("a reconnect to a different org", () => {
  const before = (shop: string) => [delivery("customers/create", shop, customerPayload(0), 0), delivery("orders/create", shop, orderPayload(0, { customerIndex: 0, lines: 2 }), 1)];
  // The same content again: with the old org's hashes kept it would be skipped as unchanged.
  const after = (shop: string) => [delivery("customers/update", shop, customerPayload(0), 2), delivery("orders/updated", shop, orderPayload(0, { customerIndex: 0, lines: 2 }), 3)];

  async function switchOrgs(shop: string, replay: (deliveries: Delivery[]) => Delivery[]) {
    await harness.connect(shop);
    await run(shop, replay(before(shop)));
    const production = harness.emulator.createOrg();
    await connectShopToOrg(harness.connections, harness.emulator, shop, production);
    await run(shop, replay(after(shop)));
    return production;
  }

  async function expectMovedTo(shop: string, production: ReturnType<typeof harness.emulator.createOrg>) {
    const customerId = String(customerPayload(0).id);
    const account = byField(production.records("Account"), "Shopify_Customer_Id__c")[customerId];
    const contact = byField(production.records("Contact"), "Shopify_Customer_Id__c")[customerId];
    expect(account).toMatchObject({ Name: `${String(customerPayload(0).first_name)} ${String(customerPayload(0).last_name)}` });
    expect(contact).toMatchObject({ Email: "customer0@example.com", AccountId: account?.Id });
    // The new org's own standard price book (the per-org context was read again, not the sandbox's id).
    const standard = production.records("Pricebook2").find((row) => row.IsStandard === true);
    expect(production.records("Opportunity")[0]).toMatchObject({ Name: "Order #1000", AccountId: account?.Id, Pricebook2Id: standard?.Id });
    expect(production.records("OpportunityLineItem")).toHaveLength(2);
    // The sandbox keeps what it had; the shop's sync records now name the production records.
    expect(harness.orgFor(shop).records("Contact")).toHaveLength(1);
    const record = await harness.prisma.syncRecord.findUniqueOrThrow({ where: { shop_resource_shopifyId: { shop, resource: "customer", shopifyId: customerId } } });
    expect(record.salesforceIds).toMatchObject({ account: account?.Id, contact: contact?.Id });
    const switched = await harness.prisma.syncAttempt.findMany({ where: { shop, errorCode: "ORG_SWITCHED" } });
    expect(switched.length).toBeGreaterThan(0);
    expect(switched[0]?.errorMessage).toContain("Salesforce org changed from");
  }

  it("sends every record to the new org and says so in the history", async () => {
    const shop = "org-switch.myshopify.com";
    const production = await switchOrgs(shop, (deliveries) => deliveries);
    expect(await harness.statuses(shop)).toEqual({ synced: 4 });
    await expectMovedTo(shop, production);
  });

  it("ends in the same state with every delivery twice, shuffled", async () => {
    const shop = "org-switch-noisy.myshopify.com";
    const production = await switchOrgs(shop, (deliveries) => replayedShuffled(deliveries, 3));
    await expectMovedTo(shop, production);
  });
});

describe("a duplicate rule that blocks", () => {
  const stream = (shop: string) => [delivery("customers/create", shop, customerPayload(0), 0), delivery("customers/update", shop, customerPayload(0, 1), 60)];

  async function blockedShop(shop: string) {
    await harness.connect(shop);
    const org = harness.orgFor(shop);
    // Two CRM contacts share the address (saved before the rule existed): no single record to adopt, so a
    // new one is tried and the rule blocks it.
    const ids = org.insert("Contact", [
      { LastName: "Existing A", Email: "customer0@example.com" },
      { LastName: "Existing B", Email: "customer0@example.com" },
    ]);
    org.addDuplicateRule({ object: "Contact", name: "Contact_Email_Rule", matchFields: ["Email"], action: "alert" });
    return { org, ids };
  }

  async function expectBlocked(shop: string, ids: string[]) {
    expect(await harness.statuses(shop)).toMatchObject({ "needs-attention": expect.any(Number) });
    const contacts = harness.orgFor(shop).records("Contact");
    // Nothing was saved past the rule, even though it is an "Alert" rule: the engine sends allowSave=false.
    expect(contacts.map((contact) => contact.Id).sort()).toEqual([...ids].sort());
    expect(contacts.every((contact) => (contact.Shopify_Customer_Id__c ?? null) === null)).toBe(true);
    const attempts = await harness.prisma.syncAttempt.findMany({ where: { shop, errorCode: "DUPLICATES_DETECTED" } });
    expect(attempts.length).toBeGreaterThan(0);
    for (const id of ids) expect(attempts[0]?.errorMessage).toContain(id);
    expect(attempts[0]?.errorMessage).toContain("Contact_Email_Rule");
  }

  it("parks the customer naming the matching records", async () => {
    const shop = "duplicate-rule.myshopify.com";
    const { ids } = await blockedShop(shop);
    await run(shop, stream(shop));
    await expectBlocked(shop, ids);
  });

  async function linkScenario(shop: string, replay: (deliveries: Delivery[]) => Delivery[]) {
    await harness.connect(shop);
    // Matching is off for this shop, so the create meets the org's duplicate rule.
    await harness.prisma.shop.upsert({ where: { shop }, create: { shop, matchExistingByEmail: false }, update: { matchExistingByEmail: false } });
    const org = harness.orgFor(shop);
    const [existing] = org.insert("Contact", [{ LastName: "Existing", Email: "customer0@example.com", Title: "Buyer" }]);
    org.addDuplicateRule({ object: "Contact", name: "Contact_Email_Rule", matchFields: ["Email"] });
    await run(shop, replay(stream(shop)));
    const linker = createDuplicateLinker({
      prisma: harness.prisma,
      salesforce: harness.connections,
      replay: async () => createReplayService({ pool: harness.app.sql, queue: harness.runtime.queue }),
    });
    const parked = await harness.prisma.webhookEvent.findMany({ where: { shop, status: "needs-attention" }, select: { id: true } });
    expect(parked.length).toBeGreaterThan(0);
    for (const event of parked) {
      expect(await linker.offer(shop, event.id)).toEqual({ object: "Contact", ids: [existing] });
      expect(await linker.link(shop, event.id, "003000000000001")).toMatchObject({ ok: false });
      expect(await linker.link(shop, event.id, existing as string)).toMatchObject({ ok: true, count: 1 });
    }
    await harness.settle(60_000, shop);
    return { org, existing: existing as string };
  }

  function expectLinked(shop: string, existing: string) {
    const contacts = harness.orgFor(shop).records("Contact");
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ Id: existing, Shopify_Customer_Id__c: String(customerPayload(0).id), LastName: customerPayload(0).last_name, MailingCity: "City v1", Title: "Buyer" });
  }

  it("is resolved by linking the event to the record the rule matched", async () => {
    const shop = "duplicate-link.myshopify.com";
    const { existing } = await linkScenario(shop, (deliveries) => deliveries);
    // Both replays run; whichever version is older than what Salesforce already holds is skipped as stale.
    expect(await harness.statuses(shop)).not.toHaveProperty("needs-attention");
    expect((await harness.statuses(shop)).synced).toBeGreaterThan(0);
    expectLinked(shop, existing);
  });

  it("links the same way with every delivery twice, shuffled", async () => {
    const shop = "duplicate-link-noisy.myshopify.com";
    const { existing } = await linkScenario(shop, (deliveries) => replayedShuffled(deliveries, 17));
    expectLinked(shop, existing);
  });

  it("ends in the same state with every delivery twice, shuffled", async () => {
    const shop = "duplicate-rule-noisy.myshopify.com";
    const { ids } = await blockedShop(shop);
    await run(shop, replayedShuffled(stream(shop), 9));
    await expectBlocked(shop, ids);
  });
});

describe("StageName ownership", () => {
  const open = (shop: string) => [delivery("orders/create", shop, orderPayload(0, { customerIndex: 0, lines: 2 }), 0)];
  const later = (shop: string) => [
    // Still pending in Shopify (a newer version of the order): the stage sales chose stays.
    delivery("orders/updated", shop, { ...orderPayload(0, { customerIndex: 0, lines: 2, version: 1 }), note: "Gift wrap" }, 30),
    delivery("orders/paid", shop, { ...orderPayload(0, { customerIndex: 0, lines: 2, version: 2, financialStatus: "paid" }), note: "Gift wrap" }, 60),
  ];

  async function stages(shop: string, replay: (deliveries: Delivery[]) => Delivery[]) {
    await harness.connect(shop);
    await run(shop, replay(open(shop)));
    const org = harness.orgFor(shop);
    const created = org.records("Opportunity")[0];
    const afterCreate = created?.StageName;
    // Sales work the deal in Salesforce.
    await (await harness.connections.connectionFor(shop)).sobject("Opportunity").update({ Id: created?.Id as string, StageName: "Negotiation/Review" });
    await run(shop, replay(later(shop).slice(0, 1)));
    const whileOpen = org.records("Opportunity")[0]?.StageName;
    await run(shop, replay(later(shop)));
    return { afterCreate, whileOpen, final: org.records("Opportunity")[0] };
  }

  it("is written on create and when the order closes, never over the stage sales set in between", async () => {
    const result = await stages("stage-ownership.myshopify.com", (deliveries) => deliveries);
    expect(result.afterCreate).toBe("Prospecting");
    expect(result.whileOpen).toBe("Negotiation/Review");
    expect(result.final).toMatchObject({ StageName: "Closed Won" });
  });

  it("ends in the same state with every delivery twice, shuffled", async () => {
    const result = await stages("stage-ownership-noisy.myshopify.com", (deliveries) => replayedShuffled(deliveries, 21));
    expect(result.afterCreate).toBe("Prospecting");
    expect(result.whileOpen).toBe("Negotiation/Review");
    expect(result.final).toMatchObject({ StageName: "Closed Won" });
  });
});
