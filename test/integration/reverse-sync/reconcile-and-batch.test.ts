import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PollSummary } from "../../../app/services/reverse-sync/reverse-sync.server";
import { REVERSE_TOPIC } from "../../../app/services/reverse-sync/reverse-sync.server";
import { createSoqlChangeSource } from "../../../app/services/reverse-sync/soql-change-source.server";
import { emulatorAdminClient } from "../../support/shopify/admin-client";
import { generateShopHistory, mutationCounts, type EmulatedShop } from "../../support/shopify";
import { startSyncHarness, type SyncHarness } from "../../support/sync-harness";
import { startTwoWay, twoWayCustomerMapping, type TwoWay } from "../../support/two-way-harness";

// Initial reconciliation when a field is switched to flow back, batched Shopify writes (several customers
// per aliased request, inside the cost limits), held edits to Salesforce in one Collections call, and a
// held edit Salesforce refuses as an event in Activity.

type Json = Record<string, unknown>;
let h: SyncHarness;
let two: TwoWay;

beforeAll(async () => {
  h = await startSyncHarness();
  two = await startTwoWay(h);
}, 120_000);

afterAll(async () => {
  await two?.close();
  await h?.close();
});

function customers(count: number, seed: number): Json[] {
  return generateShopHistory({ seed, customers: count, orders: 0, now: Date.now() }).customers.map((customer) => ({ ...customer, tags: "", note: null }));
}

function contactOf(shop: EmulatedShop, customerId: unknown): Json {
  const contact = h.orgFor(shop.domain).records("Contact").find((row) => row.Shopify_Customer_Id__c === String(customerId));
  if (!contact) throw new Error(`no Contact for ${String(customerId)}`);
  return contact as Json;
}

async function updateContacts(shop: EmulatedShop, changes: Array<{ customerId: unknown; fields: Json }>): Promise<void> {
  const connection = await h.connections.connectionFor(shop.domain);
  const records = changes.map((change) => ({ Id: String(contactOf(shop, change.customerId).Id), ...change.fields }));
  for (let start = 0; start < records.length; start += 200) {
    const results = await connection.sobject("Contact").update(records.slice(start, start + 200), { allOrNone: true });
    for (const result of [results].flat()) if (!result.success) throw new Error(JSON.stringify(result));
  }
}

const contactUpsertCalls = (shop: EmulatedShop) => h.orgFor(shop.domain).stats().byEndpoint["PATCH /composite/sobjects/Contact/Shopify_Customer_Id__c"] ?? { calls: 0, records: 0 };

async function pollUntilReconciled(reverse: TwoWay["reverse"], shop: EmulatedShop): Promise<PollSummary[]> {
  const polls: PollSummary[] = [];
  for (let round = 0; round < 20; round++) {
    const poll = await reverse.pollShop(shop.domain);
    polls.push(poll);
    if (poll.reconciledRecords === 0) return polls;
  }
  throw new Error("the reconciliation pass did not finish in 20 polls");
}

describe("initial reconciliation when a field is switched on", () => {
  it("compares existing values on both sides in bounded pages, writes Salesforce's where it owns the field, and never blanks Shopify with an empty Salesforce value", async () => {
    // No overlap, so records edited before the last poll are not read again by the SystemModstamp query:
    // only the reconciliation pass can find them.
    const changeSource = createSoqlChangeSource({ connectionFor: (domain) => h.connections.connectionFor(domain), overlapMs: 0 });
    const reverse = two.reverseWith({ reconcilePageSize: 3, changeSource, overlapMs: 0 });
    const shop = await two.addShop({ domain: "reconcile.myshopify.com", owner: "salesforce" });
    const people = customers(7, 21);
    people[6].note = "Prefers email";
    await two.createCustomers(shop, people);
    // Two-way on from the start: the pass over 7 existing contacts runs in pages of 3 (3, 3, 1), then stops.
    const first = await pollUntilReconciled(reverse, shop);
    expect(first.map((poll) => poll.reconciledRecords)).toEqual([3, 3, 1, 0]);
    expect(first.reduce((sum, poll) => sum + poll.writes, 0)).toBe(0);

    // The sales team fills in titles while Title is not mapped: the watermark moves past those edits.
    await updateContacts(shop, people.slice(0, 6).map((customer, index) => ({ customerId: customer.id, fields: { Title: `Buyer ${index}` } })));
    expect(await reverse.pollShop(shop.domain)).toMatchObject({ writes: 0, reconciledRecords: 0 });
    // SOQL compares SystemModstamp to the second: a later edit of an unmapped field, in a later second, moves
    // the watermark past the titles.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await updateContacts(shop, [{ customerId: people[6].id, fields: { AssistantName: "Pat" } }]);
    expect(await reverse.pollShop(shop.domain)).toMatchObject({ writes: 0, reconciledRecords: 0 });

    // Title → customer note is switched on in a new mapping version: existing titles are compared now.
    const document = twoWayCustomerMapping("salesforce");
    document.targets.find((target) => target.key === "contact")?.fields?.push({ target: "Title", direction: "salesforce-to-shopify", shopify: { kind: "customer-field", field: "note" } });
    await h.app.sql.query(`UPDATE "MappingSet" SET "isActive" = false WHERE shop = $1 AND resource = 'customer'`, [shop.domain]);
    await h.prisma.mappingSet.create({ data: { shop: shop.domain, resource: "customer", version: 2, document: document as object, isActive: true } });
    const polls = await pollUntilReconciled(reverse, shop);
    expect(polls.map((poll) => poll.reconciledRecords)).toEqual([3, 3, 1, 0]);
    expect(polls.reduce((sum, poll) => sum + poll.writes, 0)).toBe(6);
    expect(people.map((customer) => shop.customers.get(String(customer.id))?.note)).toEqual(["Buyer 0", "Buyer 1", "Buyer 2", "Buyer 3", "Buyer 4", "Buyer 5", "Prefers email"]);
    // Done: later polls read only changes again, and a later Salesforce edit of the title flows as usual.
    await two.settleWebhooks(shop);
    await updateContacts(shop, [{ customerId: people[6].id, fields: { Title: "Head buyer" } }]);
    expect(await reverse.pollShop(shop.domain)).toMatchObject({ writes: 1, reconciledRecords: 0, salesforceCalls: 1 });
    expect(shop.customers.get(String(people[6].id))?.note).toBe("Head buyer");
    await two.settleWebhooks(shop);
  }, 180_000);

  it("a Shopify-owned field carries Shopify's existing value to Salesforce on the first comparison", async () => {
    const shop = await two.addShop({ domain: "reconcile-shopify-owns.myshopify.com", owner: "shopify" });
    const [gina] = customers(1, 22);
    gina.phone = "+16135554321";
    await two.createCustomers(shop, [gina]);
    // Forget what the forward sync remembered, as for a field switched to two-way after the fact, and let
    // Salesforce hold another value.
    await h.app.sql.query(`DELETE FROM "ReverseSyncFieldMemory" WHERE shop = $1`, [shop.domain]);
    await updateContacts(shop, [{ customerId: gina.id, fields: { Phone: "+16135551212" } }]);
    const shopifyPhone = shop.customers.get(String(gina.id))?.phone;
    expect(shopifyPhone).toBeTruthy();
    const summary = await two.reverse.pollShop(shop.domain);
    expect(summary).toMatchObject({ reconciledRecords: 1, salesforceWrites: 1, writes: 0 });
    expect(contactOf(shop, gina.id).Phone).toBe(shopifyPhone);
    expect(shop.customers.get(String(gina.id))?.phone).toBe(shopifyPhone);
  }, 180_000);
});

describe("batching", () => {
  let shop: EmulatedShop;
  let crowd: Json[];

  beforeAll(async () => {
    shop = await two.addShop({ domain: "batched.myshopify.com", owner: "salesforce", maximumAvailable: 100_000, restoreRate: 100_000 });
    crowd = customers(120, 23);
    await two.createCustomers(shop, crowd);
    await two.reverse.pollShop(shop.domain);
  }, 180_000);

  it("writes 120 customers in 2 aliased requests (100 mutations = 1,000 points, Shopify's single-request maximum) after 3 reads", async () => {
    const before = mutationCounts.get(shop)?.customerUpdate ?? 0;
    await updateContacts(shop, crowd.map((customer, index) => ({ customerId: customer.id, fields: { Phone: `+1613777${String(index).padStart(4, "0")}` } })));
    const summary = await two.reverse.pollShop(shop.domain);
    expect(summary).toMatchObject({ writes: 120, shopifyRequests: 5, events: { synced: 120, needsAttention: 0, retry: 0 } });
    expect(shop.throttled).toBe(0);
    expect((mutationCounts.get(shop)?.customerUpdate ?? 0) - before).toBe(120);
    expect(crowd.map((customer) => shop.customers.get(String(customer.id))?.phone)).toEqual(crowd.map((_, index) => `+1613777${String(index).padStart(4, "0")}`));
    await two.settleWebhooks(shop);
  }, 180_000);

  it("one customer's refusal in a batch parks only that customer's event", async () => {
    await updateContacts(shop, [
      { customerId: crowd[0].id, fields: { Phone: "not a phone" } },
      { customerId: crowd[1].id, fields: { Phone: "+16137779999" } },
    ]);
    const summary = await two.reverse.pollShop(shop.domain);
    expect(summary).toMatchObject({ writes: 1, shopifyRequests: 2, events: { synced: 1, needsAttention: 1, retry: 0 } });
    expect(shop.customers.get(String(crowd[1].id))?.phone).toBe("+16137779999");
    await two.settleWebhooks(shop);
  }, 180_000);

  it("Shopify edits of a Salesforce-owned field held for the poll go to Salesforce in one Collections call", async () => {
    const client = emulatorAdminClient(two.shopify, shop);
    const edited = crowd.slice(10, 30);
    for (const [index, customer] of edited.entries()) {
      await client.request(`mutation($input: CustomerInput!) { customerUpdate(input: $input) { userErrors { message } } }`, {
        variables: { input: { id: `gid://shopify/Customer/${String(customer.id)}`, phone: `+1613888${String(index).padStart(4, "0")}` } },
      });
    }
    await two.settleWebhooks(shop);
    const before = contactUpsertCalls(shop);
    const summary = await two.reverse.pollShop(shop.domain);
    expect(summary).toMatchObject({ salesforceWrites: 20, writes: 0 });
    const after = contactUpsertCalls(shop);
    expect({ calls: after.calls - before.calls, records: after.records - before.records }).toEqual({ calls: 1, records: 20 });
    expect(edited.map((customer) => contactOf(shop, customer.id).Phone)).toEqual(edited.map((_, index) => `+1613888${String(index).padStart(4, "0")}`));
  }, 180_000);
});

describe("a held edit Salesforce refuses", () => {
  it("is an event in Activity with Salesforce's message, retried each poll without a new attempt row per poll, and synced once Salesforce accepts it", async () => {
    const shop = await two.addShop({ domain: "refused-held.myshopify.com", owner: "salesforce" });
    const [hana, ivan] = customers(2, 24);
    await two.createCustomers(shop, [hana, ivan]);
    await two.reverse.pollShop(shop.domain);
    let blocking = true;
    h.orgFor(shop.domain).addValidationRule({
      object: "Contact",
      errorCondition: (record) => blocking && String(record.Phone ?? "").startsWith("+1613555099"),
      message: "Numbers in 613-555-099x are reserved for the call centre.",
      field: "Phone",
    });
    const client = emulatorAdminClient(two.shopify, shop);
    const edit = (customer: Json, phone: string) =>
      client.request(`mutation($input: CustomerInput!) { customerUpdate(input: $input) { userErrors { message } } }`, { variables: { input: { id: `gid://shopify/Customer/${String(customer.id)}`, phone } } });
    await edit(hana, "+16135550990");
    await edit(ivan, "+16135550777");
    await two.settleWebhooks(shop);

    const first = await two.reverse.pollShop(shop.domain);
    expect(first).toMatchObject({ salesforceWrites: 1, events: { needsAttention: 1 } });
    expect(contactOf(shop, ivan.id).Phone).toBe("+16135550777");
    expect(contactOf(shop, hana.id).Phone).not.toBe("+16135550990");
    const events = async () =>
      (await h.app.sql.query(`SELECT id, status, attempts, "lastError", "lastErrorCode", payload FROM "WebhookEvent" WHERE shop = $1 AND topic = $2 AND payload->>'direction' = 'shopify-to-salesforce'`, [shop.domain, REVERSE_TOPIC])).rows;
    const [event] = await events();
    expect(event).toMatchObject({ status: "needs-attention", attempts: 1, lastErrorCode: "SALESFORCE_REJECTED", lastError: expect.stringContaining("Numbers in 613-555-099x are reserved for the call centre.") });
    expect(event.payload).toMatchObject({ customerId: String(hana.id), fields: [expect.objectContaining({ field: "contact.Phone", outcome: "to-salesforce", shopifyValue: "+16135550990" })] });

    // Still refused: the same event, one more try, no new attempt row (the answer did not change).
    await two.reverse.pollShop(shop.domain);
    expect(await events()).toEqual([expect.objectContaining({ id: event.id, status: "needs-attention", attempts: 2 })]);
    const attempts = async () => (await h.app.sql.query(`SELECT outcome FROM "SyncAttempt" WHERE "eventId" = $1 ORDER BY "startedAt", attempt`, [event.id])).rows.map((row) => row.outcome);
    expect(await attempts()).toEqual(["needs-attention"]);

    // The admin relaxes the rule: the held value lands and the event turns synced.
    blocking = false;
    expect(await two.reverse.pollShop(shop.domain)).toMatchObject({ salesforceWrites: 1 });
    expect(contactOf(shop, hana.id).Phone).toBe("+16135550990");
    expect(await events()).toEqual([expect.objectContaining({ id: event.id, status: "synced", attempts: 3 })]);
    expect(await attempts()).toEqual(["needs-attention", "synced"]);
  }, 180_000);
});

describe("a metafield Salesforce blanks", () => {
  it("is deleted in Shopify (metafieldsDelete), once", async () => {
    const shop = await two.addShop({ domain: "metafield-clear.myshopify.com", owner: "salesforce" });
    const [jo] = customers(1, 25);
    await two.createCustomers(shop, [jo]);
    await two.reverse.pollShop(shop.domain);
    const client = emulatorAdminClient(two.shopify, shop);
    const owner = async () =>
      (await client.request<{ customer: { metafield: { value: string } | null } }>(`query($id: ID!) { customer(id: $id) { metafield(namespace: "$app:salesforce", key: "account_owner") { value } } }`, {
        variables: { id: `gid://shopify/Customer/${String(jo.id)}` },
      })).data?.customer.metafield;
    await updateContacts(shop, [{ customerId: jo.id, fields: { Department: "Ada Lovelace" } }]);
    expect(await two.reverse.pollShop(shop.domain)).toMatchObject({ writes: 1 });
    expect(await owner()).toEqual({ value: "Ada Lovelace" });
    await updateContacts(shop, [{ customerId: jo.id, fields: { Department: null } }]);
    expect(await two.reverse.pollShop(shop.domain)).toMatchObject({ writes: 1, events: { synced: 1, needsAttention: 0, retry: 0 } });
    expect(await owner()).toBeNull();
    expect(mutationCounts.get(shop)?.metafieldsDelete).toBe(1);
    expect(await two.reverse.pollShop(shop.domain)).toMatchObject({ writes: 0 });
  }, 180_000);
});

describe("email marketing opt-out from Salesforce", () => {
  it("unsubscribes the customer in Shopify when the sales team records an opt-out; never subscribes anyone; skips customers without an email", async () => {
    const shop = await two.addShop({ domain: "opt-out.myshopify.com", owner: "salesforce" });
    // HasOptedOutOfEmail is a standard Contact checkbox; the emulator's Contact describe lacks it.
    h.orgFor(shop.domain).addField("Contact", { name: "HasOptedOutOfEmail", type: "boolean", label: "Email Opt Out", nillable: false, defaultedOnCreate: true });
    const [kim, lee, max] = customers(3, 26);
    kim.email_marketing_consent = { state: "subscribed", opt_in_level: "single_opt_in", consent_updated_at: new Date().toISOString() };
    lee.email_marketing_consent = { state: "not_subscribed", opt_in_level: null, consent_updated_at: null };
    max.email = null;
    await two.createCustomers(shop, [kim, lee, max]);
    const document = twoWayCustomerMapping("salesforce");
    document.targets.find((target) => target.key === "contact")?.fields?.push({ target: "HasOptedOutOfEmail", direction: "salesforce-to-shopify", shopify: { kind: "customer-email-opt-out" } });
    await h.prisma.mappingSet.updateMany({ where: { shop: shop.domain, resource: "customer" }, data: { isActive: false } });
    await h.prisma.mappingSet.create({ data: { shop: shop.domain, resource: "customer", version: 2, document: document as object, isActive: true } });
    expect(await two.reverse.pollShop(shop.domain)).toMatchObject({ writes: 0, reconciledRecords: 3 });

    await updateContacts(shop, [
      { customerId: kim.id, fields: { HasOptedOutOfEmail: true } },
      { customerId: max.id, fields: { HasOptedOutOfEmail: true } },
    ]);
    expect(await two.reverse.pollShop(shop.domain)).toMatchObject({ writes: 1, events: { synced: 1, needsAttention: 0, retry: 0 } });
    const state = (customer: Json) => (shop.customers.get(String(customer.id))?.email_marketing_consent as { state?: string } | undefined)?.state;
    expect(state(kim)).toBe("unsubscribed");
    expect(mutationCounts.get(shop)?.customerEmailMarketingConsentUpdate).toBe(1);
    await two.settleWebhooks(shop);

    // Clearing the checkbox is not the customer's consent: nobody is subscribed by Salesforce.
    await updateContacts(shop, [{ customerId: kim.id, fields: { HasOptedOutOfEmail: false } }, { customerId: lee.id, fields: { HasOptedOutOfEmail: false } }]);
    expect(await two.reverse.pollShop(shop.domain)).toMatchObject({ writes: 0 });
    expect([state(kim), state(lee)]).toEqual(["unsubscribed", "not_subscribed"]);
    expect(mutationCounts.get(shop)?.customerEmailMarketingConsentUpdate).toBe(1);
  }, 180_000);
});
