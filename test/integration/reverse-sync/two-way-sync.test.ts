import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PollSummary } from "../../../app/services/reverse-sync/reverse-sync.server";
import { REVERSE_TOPIC } from "../../../app/services/reverse-sync/reverse-sync.server";
import { createReplayService } from "../../../app/services/store/replay.server";
import { emulatorAdminClient } from "../../support/shopify/admin-client";
import { generateShopHistory, type EmulatedShop } from "../../support/shopify";
import { toShopifyJson } from "../../support/shopify-stream";
import { startSyncHarness, type SyncHarness } from "../../support/sync-harness";
import { startTwoWay, type TwoWay } from "../../support/two-way-harness";

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

function customers(count: number, tags = ""): Json[] {
  return generateShopHistory({ seed: 11, customers: count, orders: 0, now: Date.now() }).customers.map((customer) => ({ ...customer, tags }));
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

const contactUpserts = (shop: EmulatedShop) => h.orgFor(shop.domain).stats().byEndpoint["PATCH /composite/sobjects/Contact/Shopify_Customer_Id__c"]?.records ?? 0;
const accountUpserts = (shop: EmulatedShop) => h.orgFor(shop.domain).stats().byEndpoint["PATCH /composite/sobjects/Account/Shopify_Customer_Id__c"]?.records ?? 0;

async function reverseEvents(shop: EmulatedShop): Promise<Array<{ status: string; lastError: string | null; payload: Json; attempts: number }>> {
  const { rows } = await h.app.sql.query(`SELECT status, "lastError", payload, attempts FROM "WebhookEvent" WHERE shop = $1 AND topic = $2 ORDER BY "receivedAt"`, [shop.domain, REVERSE_TOPIC]);
  return rows;
}

/** A merchant's edit in the Shopify admin whose customers/update webhook is held back (delivered later). */
function editInShopifyAdmin(shop: EmulatedShop, customerId: unknown, changes: Json): string {
  const customer = shop.customers.get(String(customerId)) as Json;
  Object.assign(customer, changes, { updated_at: new Date(Date.now() - 1_000).toISOString() });
  return toShopifyJson(customer);
}

describe("two-way sync across both emulators", () => {
  let shop: EmulatedShop;
  let people: Json[];

  beforeAll(async () => {
    shop = await two.addShop({ domain: "two-way.myshopify.com", owner: "salesforce" });
    people = customers(3, "Newsletter");
    await two.createCustomers(shop, people);
    expect(contactUpserts(shop)).toBe(3);
    // The first poll starts the watermark; records that match what Shopify has write nothing.
    const first = await two.reverse.pollShop(shop.domain);
    expect(first).toMatchObject({ skipped: null, writes: 0 });
  }, 120_000);

  it("a phone corrected in Salesforce reaches the Shopify customer within one poll, and is not echoed back", async () => {
    const [alice] = people;
    await updateContacts(shop, [{ customerId: alice.id, fields: { Phone: "+16135550101" } }]);
    const contactsBefore = contactUpserts(shop);
    const summary = await two.reverse.pollShop(shop.domain);
    expect(summary).toMatchObject({ writes: 1, salesforceCalls: 1, events: { synced: 1, needsAttention: 0, retry: 0 } });
    expect(shop.customers.get(String(alice.id))?.phone).toBe("+16135550101");
    // Shopify's customers/update for our own write reaches the app and stops there.
    await two.settleWebhooks(shop);
    expect(await h.statuses(shop.domain)).not.toHaveProperty("needs-attention");
    expect(contactUpserts(shop)).toBe(contactsBefore);
    // And the next poll does not send our own value again.
    expect(await two.reverse.pollShop(shop.domain)).toMatchObject({ writes: 0 });
    const [event] = await reverseEvents(shop);
    expect(event).toMatchObject({ status: "synced", attempts: 1 });
    expect(event.payload.fields).toEqual([expect.objectContaining({ field: "contact.Phone", outcome: "write", salesforceValue: "+16135550101" })]);
  });

  it("tags added and removed in Salesforce appear in Shopify; the merchant's own tags stay; the owner lands in an app-owned metafield", async () => {
    const bob = people[1];
    await updateContacts(shop, [{ customerId: bob.id, fields: { Description: "VIP;Wholesale", Department: "Ada Lovelace" } }]);
    expect(await two.reverse.pollShop(shop.domain)).toMatchObject({ writes: 1 });
    const client = emulatorAdminClient(two.shopify, shop);
    const read = async () =>
      (await client.request<{ customer: { tags: string[]; metafield: { value: string } | null } }>(
        `query($id: ID!) { customer(id: $id) { tags metafield(namespace: "$app:salesforce", key: "account_owner") { value } } }`,
        { variables: { id: `gid://shopify/Customer/${String(bob.id)}` } },
      )).data?.customer;
    expect(await read()).toEqual({ tags: ["Newsletter", "VIP", "Wholesale"], metafield: { value: "Ada Lovelace" } });
    await updateContacts(shop, [{ customerId: bob.id, fields: { Description: "VIP" } }]);
    expect(await two.reverse.pollShop(shop.domain)).toMatchObject({ writes: 1 });
    expect((await read())?.tags).toEqual(["Newsletter", "VIP"]);
    await two.settleWebhooks(shop);
  });

  it("an edit on each side of a Salesforce-owned field resolves to Salesforce's value; the losing value is on the event", async () => {
    const carol = people[2];
    const heldWebhook = editInShopifyAdmin(shop, carol.id, { phone: "+16135550300" });
    await updateContacts(shop, [{ customerId: carol.id, fields: { Phone: "+16135550200" } }]);
    const summary = await two.reverse.pollShop(shop.domain);
    expect(summary).toMatchObject({ writes: 1, conflicts: 1 });
    const events = await reverseEvents(shop);
    expect(events.at(-1)?.payload.fields).toEqual([expect.objectContaining({ field: "contact.Phone", outcome: "write", losingValue: { side: "shopify", value: "+16135550300" } })]);
    // The merchant's webhook arrives late: it carries a value from before our write and is not sent on.
    await h.deliver({ topic: "customers/update", shop: shop.domain, body: heldWebhook, eventId: "held-carol", webhookId: "held-carol", triggeredAt: new Date().toISOString() });
    await two.settleWebhooks(shop);
    expect(contactOf(shop, carol.id).Phone).toBe("+16135550200");
    expect(shop.customers.get(String(carol.id))?.phone).toBe("+16135550200");
  });

  it("a Shopify validation error parks the event with Shopify's message", async () => {
    const [alice] = people;
    await updateContacts(shop, [{ customerId: alice.id, fields: { Phone: "call me maybe" } }]);
    const summary = await two.reverse.pollShop(shop.domain);
    expect(summary.events).toEqual({ synced: 0, needsAttention: 1, retry: 0 });
    const parked = (await reverseEvents(shop)).at(-1);
    expect(parked).toMatchObject({ status: "needs-attention", lastError: expect.stringContaining("customerUpdate: phone: Phone is invalid") });
    expect(shop.customers.get(String(alice.id))?.phone).toBe("+16135550101");
    // Parked, not retried by every poll.
    expect(await two.reverse.pollShop(shop.domain)).toMatchObject({ writes: 0, events: { synced: 0, needsAttention: 0, retry: 0 } });
    // Replay from Activity runs it again at the next poll: a second attempt, still refused, still parked.
    const { rows } = await h.app.sql.query(`SELECT id FROM "WebhookEvent" WHERE shop = $1 AND topic = $2 AND status = 'needs-attention'`, [shop.domain, REVERSE_TOPIC]);
    expect(await createReplayService({ pool: h.runtime.pool, queue: h.runtime.queue }).replayEvents(shop.domain, [rows[0].id])).toBe(1);
    expect(await two.reverse.pollShop(shop.domain)).toMatchObject({ events: { synced: 0, needsAttention: 1, retry: 0 } });
    expect((await reverseEvents(shop)).at(-1)).toMatchObject({ status: "needs-attention", attempts: 1 });
    const { rows: attempts } = await h.app.sql.query(`SELECT outcome FROM "SyncAttempt" WHERE "eventId" = $1`, [rows[0].id]);
    expect(attempts.map((row) => row.outcome)).toEqual(["needs-attention", "needs-attention"]);
  });
});

describe("a Salesforce-owned field edited in Shopify first", () => {
  it("holds the Shopify edit until the poll has checked Salesforce: unchanged there → written there; changed there → Salesforce wins", async () => {
    const shop = await two.addShop({ domain: "held.myshopify.com", owner: "salesforce" });
    const [erin, frank] = customers(2);
    await two.createCustomers(shop, [erin, frank]);
    await two.reverse.pollShop(shop.domain);
    const client = emulatorAdminClient(two.shopify, shop);
    const edit = (customer: Json, phone: string) =>
      client.request(`mutation($input: CustomerInput!) { customerUpdate(input: $input) { userErrors { message } } }`, { variables: { input: { id: `gid://shopify/Customer/${String(customer.id)}`, phone } } });
    // Both merchants edit in Shopify; the webhooks are processed at once, but nothing is sent for the phone yet.
    await edit(erin, "+16135550700");
    await edit(frank, "+16135550800");
    await two.settleWebhooks(shop);
    expect(contactOf(shop, erin.id).Phone).toBeNull();
    // Meanwhile the sales team corrected Frank's phone in Salesforce.
    await updateContacts(shop, [{ customerId: frank.id, fields: { Phone: "+16135550900" } }]);
    const summary = await two.reverse.pollShop(shop.domain);
    expect(summary).toMatchObject({ salesforceWrites: 1, writes: 1, conflicts: 1 });
    expect(contactOf(shop, erin.id).Phone).toBe("+16135550700");
    expect(contactOf(shop, frank.id).Phone).toBe("+16135550900");
    expect(shop.customers.get(String(frank.id))?.phone).toBe("+16135550900");
    expect((await reverseEvents(shop)).at(-1)?.payload.fields).toEqual([expect.objectContaining({ outcome: "write", losingValue: { side: "shopify", value: "+16135550800" } })]);
    await two.settleWebhooks(shop);
    expect(await two.reverse.pollShop(shop.domain)).toMatchObject({ writes: 0, salesforceWrites: 0 });
  });
});

describe("a Shopify-owned field", () => {
  it("keeps Shopify's value when both sides changed, records Salesforce's as the loser, and carries Shopify's to Salesforce", async () => {
    const shop = await two.addShop({ domain: "shopify-owns.myshopify.com", owner: "shopify" });
    const [dave] = customers(1);
    await two.createCustomers(shop, [dave]);
    await two.reverse.pollShop(shop.domain);
    const heldWebhook = editInShopifyAdmin(shop, dave.id, { phone: "+16135550400" });
    await updateContacts(shop, [{ customerId: dave.id, fields: { Phone: "+16135550500" } }]);
    const summary = await two.reverse.pollShop(shop.domain);
    expect(summary).toMatchObject({ writes: 0, conflicts: 1 });
    expect((await reverseEvents(shop)).at(-1)?.payload.fields).toEqual([expect.objectContaining({ outcome: "kept-shopify", losingValue: { side: "salesforce", value: "+16135550500" } })]);
    await h.deliver({ topic: "customers/update", shop: shop.domain, body: heldWebhook, eventId: "held-dave", webhookId: "held-dave", triggeredAt: new Date().toISOString() });
    await two.settleWebhooks(shop);
    expect(contactOf(shop, dave.id).Phone).toBe("+16135550400");
    expect(shop.customers.get(String(dave.id))?.phone).toBe("+16135550400");
    expect(await two.reverse.pollShop(shop.domain)).toMatchObject({ writes: 0 });
  });
});

describe("throttling", () => {
  it("waits for Shopify's bucket on THROTTLED and writes everything", async () => {
    const shop = await two.addShop({ domain: "small-bucket.myshopify.com", owner: "salesforce", maximumAvailable: 25, restoreRate: 50 });
    const crowd = customers(6);
    await two.createCustomers(shop, crowd);
    await two.reverse.pollShop(shop.domain);
    await updateContacts(shop, crowd.map((customer, index) => ({ customerId: customer.id, fields: { Phone: `+1613555060${index}` } })));
    const summary = await two.reverse.pollShop(shop.domain);
    expect(shop.throttled).toBeGreaterThan(0);
    expect(summary).toMatchObject({ writes: 6, events: { synced: 6, needsAttention: 0, retry: 0 } });
    expect(crowd.map((customer) => shop.customers.get(String(customer.id))?.phone)).toEqual(crowd.map((_, index) => `+1613555060${index}`));
    await two.settleWebhooks(shop);
  });
});

describe("no echo", () => {
  it("1,000 alternating edits (10 rounds × 100 customers) write exactly the 1,000 real changes", async () => {
    const shop = await two.addShop({ domain: "alternating.myshopify.com", owner: "salesforce", maximumAvailable: 100_000, restoreRate: 100_000 });
    const crowd = customers(100);
    await two.createCustomers(shop, crowd);
    await two.reverse.pollShop(shop.domain);
    const client = emulatorAdminClient(two.shopify, shop);
    const contactsBefore = contactUpserts(shop);
    const accountsBefore = accountUpserts(shop);
    const polls: PollSummary[] = [];
    let salesforceEdits = 0;
    let shopifyEdits = 0;
    for (let round = 0; round < 10; round++) {
      const phone = (index: number) => `+1613${String(round).padStart(2, "0")}${String(index).padStart(5, "0")}`;
      if (round % 2 === 0) {
        await updateContacts(shop, crowd.map((customer, index) => ({ customerId: customer.id, fields: { Phone: phone(index) } })));
        salesforceEdits += crowd.length;
      } else {
        for (const [index, customer] of crowd.entries()) {
          await client.request(`mutation($input: CustomerInput!) { customerUpdate(input: $input) { userErrors { message } } }`, {
            variables: { input: { id: `gid://shopify/Customer/${String(customer.id)}`, phone: phone(index) } },
          });
        }
        shopifyEdits += crowd.length;
      }
      await two.settleWebhooks(shop);
      polls.push(await two.reverse.pollShop(shop.domain));
      await two.settleWebhooks(shop);
    }
    const shopifyWrites = polls.reduce((sum, poll) => sum + poll.writes, 0);
    // Shopify edits of this Salesforce-owned field reach Salesforce through the poll (held edits), never twice.
    const heldWrites = polls.reduce((sum, poll) => sum + poll.salesforceWrites, 0);
    expect({ salesforceEdits, shopifyEdits }).toEqual({ salesforceEdits: 500, shopifyEdits: 500 });
    // Writes equal real changes: each Salesforce edit written once to Shopify, each Shopify edit once to Salesforce.
    expect(shopifyWrites).toBe(salesforceEdits);
    // Every Contact write (the poll's too go through sObject Collections) is one of the Shopify edits.
    expect(contactUpserts(shop) - contactsBefore).toBe(shopifyEdits);
    expect(heldWrites).toBe(shopifyEdits);
    expect(accountUpserts(shop) - accountsBefore).toBe(0);
    expect(crowd.map((customer) => contactOf(shop, customer.id).Phone)).toEqual(crowd.map((customer) => shop.customers.get(String(customer.id))?.phone));
  }, 300_000);
});
