import { describe, expect, it } from "vitest";
import { defaultMappingInput } from "../../../app/sync/default-mappings";
import { PermanentError, RetryableError } from "../../../app/sync/errors";
import type { MappingDocumentInput } from "../../../app/sync/mapping-schema";
import { createHarness, SHOP, STANDARD_PRICEBOOK_ID, standardConfig } from "./support/harness";
import { loadShopifyFixture } from "./support/fixtures";
import { customer, guestOrder, orderWithLines, paidOrder, refund } from "./support/payloads";

const callsOf = (harness: ReturnType<typeof createHarness>) => harness.salesforce.calls.map((call) => `${call.object}×${call.records.length}`);

describe("sync engine — happy path", () => {
  it("syncs a customer, an order and its refund in one batch with one call per object", async () => {
    const h = createHarness();
    const c = h.addEvent("customers/create", customer());
    const o = h.addEvent("orders/create", paidOrder());
    const r = h.addEvent("refunds/create", refund());
    const summary = await h.engine.processBatch([c.id, o.id, r.id]);

    expect(summary).toMatchObject({ synced: 3, skipped: 0, needsAttention: 0, retry: 0, dead: 0, ignored: 0, apiCalls: 7, pausedShops: [], failedShops: [] });
    expect(callsOf(h)).toEqual(["Account×2", "Product2×3", "Contact×2", "PricebookEntry×3", "Opportunity×1", "OpportunityLineItem×5", "Shopify_Refund__c×1"]);

    const opportunity = h.salesforce.find("Opportunity", "Shopify_Order_Id__c", "820982911946154508");
    expect(opportunity).toMatchObject({ Name: "Order #9999", StageName: "Closed Won", Amount: 414.95, CloseDate: "2021-12-31", Pricebook2Id: STANDARD_PRICEBOOK_ID });
    expect(h.salesforce.find("Contact", "Shopify_Customer_Id__c", "706405506930370084")?.AccountId).toBe(h.salesforce.find("Account", "Shopify_Customer_Id__c", "706405506930370084")?.Id);
    expect(h.salesforce.find("Shopify_Refund__c", "Shopify_Refund_Id__c", "890088186047892319")?.Opportunity__c).toBe(opportunity?.Id);
    expect(h.salesforce.all("OpportunityLineItem").map((line) => line.Shopify_Line_Item_Id__c)).toEqual([
      "487817672276298554",
      "789012345678901234",
      "890123456789012345",
      "976318377106520349",
      "315789986012684393",
    ]);

    const orderOutcome = summary.events[1];
    expect(orderOutcome).toMatchObject({ eventId: o.id, outcome: "synced", status: "synced", attempts: 1, mappingVersion: 0, apiCalls: 6, recordsSent: 14, recordsUnchanged: 0 });
    expect(orderOutcome?.salesforceIds.opportunity).toBe(opportunity?.Id);

    expect(h.store.events.get(o.id)).toMatchObject({ status: "synced", attempts: 1 });
    const record = h.store.record(SHOP, "order", "820982911946154508");
    expect(record).toMatchObject({ status: "synced", lastEventId: o.id, sourceUpdatedAt: new Date("2021-12-31T19:00:00-05:00") });
    expect(Object.keys(record?.contentHashes ?? {}).sort()).toEqual(["lineItem:315789986012684393", "lineItem:487817672276298554", "lineItem:789012345678901234", "lineItem:890123456789012345", "lineItem:976318377106520349", "opportunity"]);
    expect(h.store.record(SHOP, "shared:Product2", "product-788032119674292922")?.salesforceIds).toEqual({ Product2: expect.any(String) });
    expect(h.store.attempts.map((attempt) => [attempt.eventId, attempt.outcome, attempt.attempt, attempt.apiCalls])).toEqual([
      [c.id, "synced", 1, 2],
      [o.id, "synced", 1, 6],
      [r.id, "synced", 1, 1],
    ]);
    expect(h.store.batches).toHaveLength(1);
  });

  it("keeps ids above 2^53 exact all the way to Salesforce", async () => {
    const h = createHarness();
    const o = h.addEvent("orders/create", orderWithLines(3));
    await h.engine.processBatch([o.id]);
    expect(h.salesforce.all("OpportunityLineItem").map((line) => line.Shopify_Line_Item_Id__c)).toEqual(["9007199254740993", "9007199254740995", "9007199254740997"]);
    expect(h.salesforce.all("Product2").map((product) => product.Shopify_Variant_Id__c)).toEqual(["8007199254740993", "8007199254740994", "8007199254740995"]);
  });

  it("chunks 250 line items into collections of at most 200", async () => {
    const h = createHarness();
    const o = h.addEvent("orders/create", orderWithLines(250));
    const summary = await h.engine.processBatch([o.id]);
    expect(summary.synced).toBe(1);
    // Objects of one dependency level go out together, so only the set and the parent-first order are fixed.
    expect([...callsOf(h)].sort()).toEqual(["Account×1", "Contact×1", "Opportunity×1", "OpportunityLineItem×200", "OpportunityLineItem×50", "PricebookEntry×200", "PricebookEntry×50", "Product2×200", "Product2×50"].sort());
    expectParentsFirst(callsOf(h), [["Product2×50", "PricebookEntry×200"], ["Account×1", "Opportunity×1"], ["PricebookEntry×50", "OpportunityLineItem×200"], ["Opportunity×1", "OpportunityLineItem×200"]]);
    expect(h.salesforce.all("OpportunityLineItem")).toHaveLength(250);
  });

  it("gives a guest one Account and Contact keyed by email, whatever the number of orders", async () => {
    const h = createHarness();
    const first = h.addEvent("orders/create", guestOrder());
    const second = h.addEvent("orders/create", { ...guestOrder(), id: "820982911946154601", name: "#1003", email: " Jon@Example.COM " });
    const summary = await h.engine.processBatch([first.id, second.id]);
    expect(summary.synced).toBe(2);
    const guests = h.salesforce.all("Account");
    expect(guests).toHaveLength(1);
    expect(guests[0]?.Shopify_Customer_Id__c).toMatch(/^guest:[0-9a-f]{64}$/);
    const contacts = h.salesforce.all("Contact");
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ Shopify_Customer_Id__c: guests[0]?.Shopify_Customer_Id__c, FirstName: "Steve", LastName: "Shipper", Email: "jon@example.com", AccountId: guests[0]?.Id });
    expect(h.salesforce.all("Opportunity").every((opportunity) => opportunity.AccountId === guests[0]?.Id)).toBe(true);
  });

  it("keeps several refunds of one order apart", async () => {
    const h = createHarness();
    const o = h.addEvent("orders/create", paidOrder());
    const r1 = h.addEvent("refunds/create", refund());
    const r2 = h.addEvent("refunds/create", refund({ id: "890088186047892320", note: "Second refund", transactions: [] }));
    expect((await h.engine.processBatch([o.id, r1.id, r2.id])).synced).toBe(3);
    expect(h.salesforce.all("Shopify_Refund__c").map((row) => [row.Shopify_Refund_Id__c, row.Amount__c])).toEqual([
      ["890088186047892319", 85],
      // No transactions: a restock-only refund moved no money (it used to book the lines' 414.95).
      ["890088186047892320", 0],
    ]);
  });

  it("processes events still marked received", async () => {
    const h = createHarness();
    const c = h.addEvent("customers/create", customer(), { status: "received" });
    expect((await h.engine.processBatch([c.id])).synced).toBe(1);
    expect(h.store.batches[0]?.changes.events[0]).toMatchObject({ from: "received", to: "synced" });
  });
});

describe("sync engine — newest wins and idempotence", () => {
  it("syncs only the newest of several events for one order", async () => {
    const h = createHarness();
    const created = h.addEvent("orders/create", paidOrder({ financial_status: "pending", current_total_price: "100.00", updated_at: "2026-11-22T10:00:00Z" }));
    const paid = h.addEvent("orders/paid", paidOrder({ current_total_price: "120.00", updated_at: "2026-11-22T10:00:05Z" }));
    const updated = h.addEvent("orders/updated", paidOrder({ current_total_price: "110.00", updated_at: "2026-11-22T10:00:03Z" }));
    const summary = await h.engine.processBatch([updated.id, created.id, paid.id]);
    expect(summary).toMatchObject({ synced: 1, skipped: 2 });
    expect(summary.events.map((event) => [event.eventId, event.outcome])).toEqual([
      [updated.id, "skipped"],
      [created.id, "skipped"],
      [paid.id, "synced"],
    ]);
    expect(summary.events[0]?.reason).toBe(`Superseded by a newer event for the same order (event ${paid.id}).`);
    expect(h.salesforce.all("Opportunity")).toHaveLength(1);
    expect(h.salesforce.all("Opportunity")[0]).toMatchObject({ Amount: 120, StageName: "Closed Won" });
  });

  it("skips an event older than what Salesforce already has, but lets a replay of the same version through", async () => {
    const h = createHarness();
    const newer = h.addEvent("orders/updated", paidOrder({ current_total_price: "200.00", updated_at: "2026-11-22T11:00:00Z" }));
    await h.engine.processBatch([newer.id]);
    const older = h.addEvent("orders/updated", paidOrder({ current_total_price: "150.00", updated_at: "2026-11-22T10:00:00Z" }));
    const stale = await h.engine.processBatch([older.id]);
    expect(stale.events[0]).toMatchObject({ outcome: "skipped", status: "skipped" });
    expect(stale.events[0]?.reason).toMatch(/^Stale:/);
    expect(stale.apiCalls).toBe(0);
    expect(h.salesforce.all("Opportunity")[0]?.Amount).toBe(200);

    h.store.requeue(newer.id);
    const replay = await h.engine.processBatch([newer.id]);
    expect(replay.events[0]).toMatchObject({ outcome: "synced", attempts: 2 });
  });

  it("skips records whose content is unchanged, and resends them on a forced replay", async () => {
    const h = createHarness();
    const o = h.addEvent("orders/create", paidOrder());
    await h.engine.processBatch([o.id]);
    const callsAfterFirst = h.salesforce.calls.length;

    h.store.requeue(o.id);
    const replay = await h.engine.processBatch([o.id]);
    expect(replay.apiCalls).toBe(0);
    expect(h.salesforce.calls.length).toBe(callsAfterFirst);
    expect(replay.events[0]).toMatchObject({ outcome: "synced", recordsUnchanged: 14, recordsSent: 0 });
    expect(Object.keys(replay.events[0]?.salesforceIds ?? {})).toHaveLength(14);

    h.store.requeue(o.id);
    const forced = await h.engine.processBatch([o.id], { force: true });
    // Shared records left with only create-only fields have nothing to update even when forced.
    expect(forced.apiCalls).toBe(2);
    expect(callsOf(h).slice(callsAfterFirst)).toEqual(["Opportunity×1", "OpportunityLineItem×5"]);
  });

  it("sends only what changed in an update, never the create-only references Salesforce refuses to update", async () => {
    const h = createHarness();
    const created = h.addEvent("orders/create", paidOrder({ updated_at: "2026-11-22T10:00:00Z" }));
    await h.engine.processBatch([created.id]);
    const before = h.salesforce.calls.length;
    // An edit adds a unit of the first line (89.99): current_quantity and the current totals follow.
    const order = paidOrder({ updated_at: "2026-11-22T10:05:00Z", current_total_price: "504.94", current_subtotal_price: "504.94" });
    const lines = order.line_items as Array<Record<string, unknown>>;
    lines[0] = { ...lines[0], quantity: 2, current_quantity: 2 };
    const updated = h.addEvent("orders/updated", order);
    const summary = await h.engine.processBatch([updated.id]);
    expect(summary.synced).toBe(1);
    const sent = h.salesforce.calls.slice(before);
    expect(sent.map((call) => `${call.object}×${call.records.length}`)).toEqual(["Opportunity×1", "OpportunityLineItem×1"]);
    expect(sent[0]?.records[0]).not.toHaveProperty("Pricebook2Id");
    expect(sent[1]?.records[0]).toEqual({ Quantity: 2, UnitPrice: 89.99, Description: "Aviator sunglasses", Shopify_Line_Item_Id__c: "487817672276298554" });
    expect(h.salesforce.all("Opportunity")[0]?.Amount).toBe(504.94);
  });

  it("creates products and price book entries once across orders", async () => {
    const h = createHarness();
    const first = h.addEvent("orders/create", orderWithLines(3));
    await h.engine.processBatch([first.id]);
    const before = h.salesforce.calls.length;
    const repeat = orderWithLines(3, { id: "820982911946155000", name: "#10001" });
    repeat.line_items = (repeat.line_items as Array<Record<string, unknown>>).map((line) => ({ ...line, id: `5${String(line.id).slice(1)}` }));
    const second = h.addEvent("orders/create", repeat);
    expect((await h.engine.processBatch([second.id])).synced).toBe(1);
    expect(h.salesforce.calls.slice(before).map((call) => call.object)).toEqual(["Opportunity", "OpportunityLineItem"]);
    expect(h.salesforce.all("Product2")).toHaveLength(3);
    expect(h.salesforce.all("PricebookEntry")).toHaveLength(3);
    expect(h.salesforce.all("OpportunityLineItem")).toHaveLength(6);
  });

  it("ignores ids it cannot or must not process, and duplicates in the request", async () => {
    const h = createHarness();
    const c = h.addEvent("customers/create", customer());
    await h.engine.processBatch([c.id]);
    const again = await h.engine.processBatch([c.id, c.id, "missing"]);
    expect(again).toMatchObject({ ignored: 2, apiCalls: 0 });
    expect(again.events.map((event) => event.reason)).toEqual(["Already synced; a replay queues it again.", "Event not found."]);
  });
});

describe("sync engine — failures", () => {
  it("keeps one bad record from failing the batch and does not send its dependents", async () => {
    const h = createHarness();
    h.salesforce.rejectWhen((object, record) =>
      object === "Account" && record.Shopify_Customer_Id__c === "706405506930370999"
        ? { statusCode: "FIELD_CUSTOM_VALIDATION_EXCEPTION", message: "Accounts need a sales region", fields: [] }
        : undefined,
    );
    const good = h.addEvent("customers/create", customer());
    const bad = h.addEvent("customers/create", customer({ id: "706405506930370999", email: "ann@example.com" }));
    const summary = await h.engine.processBatch([good.id, bad.id]);
    expect(summary).toMatchObject({ synced: 1, needsAttention: 1 });
    expect(h.salesforce.calls[1]?.records.map((record) => record.Shopify_Customer_Id__c)).toEqual(["706405506930370084"]);
    const outcome = summary.events[1];
    expect(outcome).toMatchObject({ outcome: "needs-attention", status: "needs-attention", errorCode: "FIELD_CUSTOM_VALIDATION_EXCEPTION" });
    expect(outcome?.reason).toContain('A validation rule in your Salesforce org rejected this Account. Fix the data in Shopify or ask your Salesforce admin to adjust the rule, then replay. Salesforce said: "Accounts need a sales region"');
    expect(h.store.record(SHOP, "customer", "706405506930370999")).toMatchObject({ status: "needs-attention", salesforceIds: {} });
  });

  it("retries transient record errors with backoff and gives up after the last attempt", async () => {
    const h = createHarness({ engine: { retryPolicy: { baseDelayMs: 1000, maxDelayMs: 60_000, maxAttempts: 3 } }, random: () => 0.5 });
    h.salesforce.rejectWhen((object) => (object === "Contact" ? { statusCode: "UNABLE_TO_LOCK_ROW", message: "unable to obtain exclusive access to this record" } : undefined));
    const c = h.addEvent("customers/create", customer());
    const first = await h.engine.processBatch([c.id]);
    expect(first.events[0]).toMatchObject({ outcome: "retry", status: "queued", attempts: 1, retryDelayMs: 500, errorCode: "UNABLE_TO_LOCK_ROW" });
    expect(h.store.record(SHOP, "customer", "706405506930370084")).toMatchObject({ status: "pending", salesforceIds: { account: expect.any(String) } });
    expect(h.store.batches[0]?.changes.events[0]).toMatchObject({ from: "queued", to: "queued", attempts: 1, retryDelayMs: 500, processedAt: null });

    const second = await h.engine.processBatch([c.id]);
    expect(second.events[0]).toMatchObject({ outcome: "retry", attempts: 2, retryDelayMs: 1000 });
    expect(callsOf(h).slice(-1)).toEqual(["Contact×1"]); // the Account is unchanged and not resent

    const third = await h.engine.processBatch([c.id]);
    expect(third.events[0]).toMatchObject({ outcome: "dead", status: "dead", attempts: 3 });
    expect(third.events[0]?.reason).toMatch(/^Gave up after 3 attempts: Salesforce was busy/);
    expect(h.store.record(SHOP, "customer", "706405506930370084")?.status).toBe("dead");
  });

  it("retries every event of a call that failed as a whole", async () => {
    const h = createHarness();
    h.salesforce.failNextCall(Object.assign(new Error("Service Unavailable"), { statusCode: 503 }));
    const a = h.addEvent("customers/create", customer());
    const b = h.addEvent("customers/create", customer({ id: "706405506930370999" }));
    const summary = await h.engine.processBatch([a.id, b.id]);
    expect(summary).toMatchObject({ retry: 2, apiCalls: 1 });
    expect(summary.events.every((event) => event.errorCode === "HTTP_ERROR" || event.errorCode === "ERROR_HTTP_503")).toBe(true);
    const again = await h.engine.processBatch([a.id, b.id]);
    expect(again.synced).toBe(2);
  });

  it("retries a refund that arrives before its order, then syncs it", async () => {
    const h = createHarness();
    const r = h.addEvent("refunds/create", refund());
    const early = await h.engine.processBatch([r.id]);
    expect(early.events[0]).toMatchObject({ outcome: "retry", errorCode: "INVALID_FIELD" });
    expect(early.events[0]?.reason).toContain("is not in Salesforce yet");
    const o = h.addEvent("orders/create", paidOrder());
    const later = await h.engine.processBatch([o.id, r.id]);
    expect(later.synced).toBe(2);
  });

  it("pauses the shop when the org's API limit is hit, without using attempts", async () => {
    const h = createHarness();
    h.salesforce.failNextCall(Object.assign(new Error("TotalRequests Limit exceeded."), { errorCode: "REQUEST_LIMIT_EXCEEDED" }));
    const c = h.addEvent("customers/create", customer());
    const summary = await h.engine.processBatch([c.id]);
    expect(summary.pausedShops).toEqual([{ shop: SHOP, reason: expect.stringContaining("API request limit") }]);
    expect(summary.events[0]).toMatchObject({ outcome: "retry", deferred: true, attempts: 0, retryDelayMs: 15 * 60_000 });
    expect(h.store.paused.get(SHOP)).toBeDefined();

    const whilePaused = await h.engine.processBatch([c.id]);
    expect(whilePaused).toMatchObject({ retry: 1, apiCalls: 0 });
    expect(whilePaused.events[0]?.reason).toContain("paused");
  });

  it("stops before the org's API reserve and defers the rest", async () => {
    const h = createHarness();
    h.salesforce.usage = { used: 4000, limit: 5000 };
    const c = h.addEvent("customers/create", customer());
    const summary = await h.engine.processBatch([c.id]);
    expect(summary).toMatchObject({ apiCalls: 0, retry: 1 });
    expect(summary.pausedShops[0]?.reason).toContain("20% of the Salesforce daily API allowance");
  });

  it("remembers records written before a budget stop, so the deferred event resumes where it stopped", async () => {
    const h = createHarness();
    // Two calls left before the reserve: the email match query (default on) and the Account upsert.
    h.salesforce.usage = { used: 3998, limit: 5000 };
    const c = h.addEvent("customers/create", customer());
    const summary = await h.engine.processBatch([c.id]);
    expect(callsOf(h)).toEqual(["Account×1"]);
    expect(summary.events[0]).toMatchObject({ outcome: "retry", deferred: true, attempts: 0 });
    expect(h.store.record(SHOP, "customer", "706405506930370084")).toMatchObject({ status: "pending", salesforceIds: { account: expect.any(String) }, sourceUpdatedAt: null });
    h.store.paused.clear();
    h.salesforce.usage = { used: 0, limit: 5000 };
    expect((await h.engine.processBatch([c.id])).synced).toBe(1);
    expect(callsOf(h)).toEqual(["Account×1", "Contact×1"]);
  });

  it("recovers when a save was lost after Salesforce accepted the records", async () => {
    const h = createHarness();
    const o = h.addEvent("orders/create", paidOrder());
    h.store.failNextSave = new Error("connection terminated");
    const lost = await h.engine.processBatch([o.id]);
    expect(lost.failedShops).toHaveLength(1);
    expect(h.store.events.get(o.id)?.status).toBe("queued");
    // The queue runs the job again; Salesforce refuses the create-only references on the existing
    // line items and price book entries, and the engine re-sends them without those fields.
    const again = await h.engine.processBatch([o.id]);
    expect(again.events[0]).toMatchObject({ outcome: "synced" });
    expect(h.salesforce.all("OpportunityLineItem")).toHaveLength(5);
    const retried = callsOf(h).slice(6);
    expect([...retried].sort()).toEqual(
      ["Account×1", "Contact×1", "Product2×3", "PricebookEntry×3", "PricebookEntry×3", "Opportunity×1", "OpportunityLineItem×5", "OpportunityLineItem×5"].sort(),
    );
    expectParentsFirst(retried, [["Product2×3", "PricebookEntry×3"], ["Account×1", "Opportunity×1"], ["Opportunity×1", "OpportunityLineItem×5"]]);
  });

  it("parks events when Salesforce is not connected; a connection blip pauses the shop without spending attempts", async () => {
    const h = createHarness();
    h.salesforce.connectError = new PermanentError("Salesforce is not connected for this shop", { code: "NOT_CONNECTED" });
    const c = h.addEvent("customers/create", customer());
    expect((await h.engine.processBatch([c.id])).events[0]).toMatchObject({ outcome: "needs-attention", errorCode: "NOT_CONNECTED" });
    h.salesforce.connectError = new RetryableError("token refresh timed out");
    const c2 = h.addEvent("customers/update", customer({ id: "1" }));
    // Org-level: no record is at fault, so the event waits for the org (deferred, attempts kept).
    expect((await h.engine.processBatch([c2.id])).events[0]).toMatchObject({ outcome: "retry", deferred: true, attempts: 0, errorCode: "ORG_OUTAGE" });
  });

  it("isolates shops: one shop's failed save does not lose another's results", async () => {
    const h = createHarness();
    h.store.setConfig(standardConfig({ shop: "other.myshopify.com" }));
    const mine = h.addEvent("customers/create", customer());
    const theirs = h.addEvent("customers/create", customer({ id: "5" }), { shop: "other.myshopify.com" });
    const original = h.store.saveBatch.bind(h.store);
    h.store.saveBatch = async (shop, changes) => {
      if (shop === "other.myshopify.com") throw new Error("connection terminated");
      return original(shop, changes);
    };
    const summary = await h.engine.processBatch([mine.id, theirs.id]);
    expect(summary.failedShops).toEqual([{ shop: "other.myshopify.com", error: "connection terminated" }]);
    expect(summary.events.map((event) => event.outcome)).toEqual(["synced", "retry"]);
    expect(h.store.events.get(mine.id)?.status).toBe("synced");
    expect(h.store.events.get(theirs.id)?.status).toBe("queued");
  });
});

describe("sync engine — validation and policies", () => {
  it("blocks on a merchant rule without spending an API call, and records warnings", async () => {
    const h = createHarness({
      config: {
        rules: [
          { id: "email-required", resource: "customer", field: "email", expression: null, kind: "required", params: {}, action: "block", message: "Customers need an email to reach Salesforce.", enabled: true },
          { id: "phone", resource: "customer", field: "Contact.Phone", expression: null, kind: "format", params: { format: "phone" }, action: "warn", message: null, enabled: true },
        ],
      },
    });
    const noEmail = h.addEvent("customers/create", customer({ email: null }));
    const ok = h.addEvent("customers/create", customer({ id: "9", phone: "call me" }));
    const summary = await h.engine.processBatch([noEmail.id, ok.id]);
    expect(summary.events[0]).toMatchObject({ outcome: "needs-attention", errorCode: "VALIDATION_FAILED", reason: "Customers need an email to reach Salesforce.", apiCalls: 0 });
    expect(summary.events[1]).toMatchObject({ outcome: "synced" });
    expect(h.store.attempts[1]?.warnings[0]).toContain('Contact.Phone must be a phone number in international format');
    expect(h.salesforce.all("Account").map((account) => account.Shopify_Customer_Id__c)).toEqual(["9"]);
  });

  it("blocks a record the org's describe would reject, still sending its independent siblings", async () => {
    const input = defaultMappingInput("customer");
    const mapping: MappingDocumentInput = {
      ...input,
      targets: input.targets.map((target) =>
        target.key === "contact" ? { ...target, fields: target.fields?.map((field) => (field.target === "LastName" ? { target: "LastName", source: "last_name" } : field)) } : target,
      ),
    };
    const h = createHarness({ config: { mappings: { customer: { version: 4, document: mapping } } } });
    const c = h.addEvent("customers/create", customer({ last_name: null }));
    const summary = await h.engine.processBatch([c.id]);
    expect(summary.events[0]).toMatchObject({ outcome: "needs-attention", mappingVersion: 4, errorCode: "VALIDATION_FAILED" });
    expect(summary.events[0]?.reason).toBe("Contact.LastName is required by Salesforce but the customer has no last name. Add a default value in the mapping or fill it in Shopify, then replay.");
    expect(callsOf(h)).toEqual(["Account×1"]);
  });

  it("says which connection setting is missing when a required value comes from the runtime context", async () => {
    const h = createHarness({ config: { context: {} } });
    const o = h.addEvent("orders/create", paidOrder());
    const outcome = (await h.engine.processBatch([o.id])).events[0];
    expect(outcome).toMatchObject({ outcome: "needs-attention", errorCode: "VALIDATION_FAILED" });
    expect(outcome?.reason).toBe(
      "PricebookEntry.Pricebook2Id is required by Salesforce and comes from the connection's standardPricebookId, which is not known yet. Run the setup check (or reconnect Salesforce), then replay.",
    );
    // Products, the Account, the buyer's Contact and the Opportunity do not need the price book; only entries and lines wait.
    expect(callsOf(h)).toEqual(["Account×1", "Product2×3", "Contact×1", "Opportunity×1"]);
  });

  it("parks events when the stored mapping is invalid", async () => {
    const h = createHarness({ config: { mappings: { customer: { version: 2, document: { schemaVersion: 1, resource: "customer", targets: [] } } } } });
    const c = h.addEvent("customers/create", customer());
    const outcome = (await h.engine.processBatch([c.id])).events[0];
    expect(outcome).toMatchObject({ outcome: "needs-attention", errorCode: "MAPPING_INVALID", mappingVersion: 2 });
    expect(outcome?.reason).toBe("The customer mapping (version 2) is invalid: targets: needs at least one target object. Fix it in the mapping screen, then replay.");
  });

  it("skips topics that are not synced and shops that are not installed", async () => {
    const h = createHarness();
    const uninstalled = h.addEvent("app/uninstalled", loadShopifyFixture("app_uninstalled"));
    const stranger = h.addEvent("customers/create", customer(), { shop: "gone.myshopify.com" });
    const summary = await h.engine.processBatch([uninstalled.id, stranger.id]);
    expect(summary.events.map((event) => [event.outcome, event.reason])).toEqual([
      ["skipped", "App lifecycle events are handled by the install service, not synced."],
      ["skipped", "The shop is not installed; nothing is synced."],
    ]);
    expect(summary.apiCalls).toBe(0);
  });

  it("follows the deleted-customers policy", async () => {
    const ignore = createHarness();
    const created = ignore.addEvent("customers/create", customer());
    await ignore.engine.processBatch([created.id]);
    const removed = ignore.addEvent("customers/delete", { id: "706405506930370084" });
    const ignored = await ignore.engine.processBatch([removed.id]);
    expect(ignored.events[0]).toMatchObject({ outcome: "skipped", apiCalls: 0 });
    expect(ignored.events[0]?.reason).toContain("policy: ignore");
    expect(ignore.store.record(SHOP, "customer", "706405506930370084")?.status).toBe("deleted");

    const input = defaultMappingInput("customer");
    const mark = createHarness({
      config: { mappings: { customer: { version: 1, document: { ...input, policies: { deletedCustomers: { action: "mark-deleted", targets: ["contact"], fields: { Description: "Deleted in Shopify" } } } } } } },
    });
    const made = mark.addEvent("customers/create", customer());
    await mark.engine.processBatch([made.id]);
    const gone = mark.addEvent("customers/delete", { id: "706405506930370084" });
    const marked = await mark.engine.processBatch([gone.id]);
    expect(marked.events[0]).toMatchObject({ outcome: "synced", apiCalls: 1 });
    expect(mark.salesforce.calls.at(-1)).toMatchObject({ object: "Contact", externalIdField: "Id" });
    expect(mark.salesforce.find("Contact", "Shopify_Customer_Id__c", "706405506930370084")?.Description).toBe("Deleted in Shopify");
    expect(mark.store.record(SHOP, "customer", "706405506930370084")?.status).toBe("deleted");
  });

  it("treats an update older than the customer's deletion as stale", async () => {
    const h = createHarness();
    const created = h.addEvent("customers/create", customer({ updated_at: "2026-11-22T09:00:00Z" }));
    await h.engine.processBatch([created.id]);
    const removed = h.addEvent("customers/delete", { id: "706405506930370084" }, { triggeredAt: new Date("2026-11-22T09:30:00Z") });
    await h.engine.processBatch([removed.id]);
    const late = h.addEvent("customers/update", customer({ updated_at: "2026-11-22T09:10:00Z", first_name: "Robert" }));
    const summary = await h.engine.processBatch([late.id]);
    expect(summary.events[0]?.outcome).toBe("skipped");
    expect(summary.events[0]?.reason).toMatch(/^Stale:/);
  });

  it("adopts an existing Contact by email on first sync when the mapping asks for it", async () => {
    const input = defaultMappingInput("customer");
    const mapping: MappingDocumentInput = { ...input, targets: input.targets.map((target) => (target.key === "contact" ? { ...target, matchKeys: ["Email"] } : target)) };
    const h = createHarness({ config: { mappings: { customer: { version: 3, document: mapping } } } });
    const existing = h.salesforce.seed("Contact", { LastName: "Biller", Email: "BOB@biller.com", Title: "Owner" });
    const c = h.addEvent("customers/create", customer());
    const summary = await h.engine.processBatch([c.id]);
    expect(summary.synced).toBe(1);
    expect(h.salesforce.matchCalls).toEqual([{ object: "Contact", matchField: "Email", externalIdField: "Shopify_Customer_Id__c", values: ["bob@biller.com"] }]);
    expect(h.salesforce.all("Contact")).toHaveLength(1);
    expect(h.salesforce.all("Contact")[0]).toMatchObject({ Id: existing.Id, Shopify_Customer_Id__c: "706405506930370084", Title: "Owner" });
    expect(summary.events[0]?.salesforceIds.contact).toBe(existing.Id);
  });
});

/** Each pair: the first call happened before the second. */
function expectParentsFirst(calls: readonly string[], pairs: Array<[string, string]>): void {
  for (const [parent, child] of pairs) expect(calls.indexOf(parent), `${parent} before ${child}`).toBeLessThan(calls.indexOf(child));
}
