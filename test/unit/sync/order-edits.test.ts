import { describe, expect, it } from "vitest";
import { planRemovals } from "../../../app/sync/plan-removals";
import { compileMapping } from "../../../app/sync/compile-mapping";
import { defaultMappingDocument } from "../../../app/sync/default-mappings";
import { moneyOrder, type MoneyOrderSpec } from "../../support/money-orders";
import { createHarness, SHOP } from "./support/harness";

// An order edit that removes a line, reduces another and drops the discount: Salesforce loses the
// removed records (sObject Collections delete), the SyncRecord forgets them, and the lines left sum to
// the new total.

const ORDER_ID = "5200000000000000001";
const LINES: MoneyOrderSpec["lines"] = [
  { id: "9200000000000000001", variantId: "8200000000000000001", title: "Aviator sunglasses", price: "89.99", quantity: 3 },
  { id: "9200000000000000002", variantId: "8200000000000000002", title: "Leather case", price: "24.99", quantity: 2 },
  { id: "9200000000000000003", variantId: "8200000000000000003", title: "Lens cloth", price: "3.33", quantity: 1 },
];

const lineSum = (rows: Array<Record<string, unknown>>) => rows.reduce((sum, row) => sum + Math.round(Number(row.Quantity) * Number(row.UnitPrice) * 100), 0);

describe("order edits", () => {
  it("deletes removed lines and a discount that no longer applies, and forgets their ids", async () => {
    const h = createHarness();
    const original = moneyOrder({ id: ORDER_ID, name: "#2001", lines: LINES, shipping: "7.00", discountCode: { code: "TEN", amount: "10.00" }, updatedAt: "2026-12-01T10:00:00Z" });
    await h.engine.processBatch([h.addEvent("orders/create", original.payload).id]);
    expect(lineSum(h.salesforce.all("OpportunityLineItem"))).toBe(original.expected.total);
    const before = h.store.record(SHOP, "order", ORDER_ID);
    expect(Object.keys(before?.salesforceIds ?? {})).toEqual(expect.arrayContaining(["lineItem:9200000000000000002", "discountsLine"]));

    const edited = moneyOrder({
      id: ORDER_ID,
      name: "#2001",
      lines: LINES.map((line, i) => ({ ...line, currentQuantity: i === 0 ? 2 : i === 1 ? 0 : 1 })),
      shipping: "7.00",
      updatedAt: "2026-12-01T11:00:00Z",
    });
    const summary = await h.engine.processBatch([h.addEvent("orders/updated", edited.payload).id]);
    expect(summary.synced).toBe(1);

    expect(h.salesforce.deleteCalls).toEqual([[before?.salesforceIds["lineItem:9200000000000000002"], before?.salesforceIds.discountsLine]]);
    const lines = h.salesforce.all("OpportunityLineItem");
    expect(lines.map((line) => [line.Shopify_Line_Item_Id__c, line.Quantity])).toEqual([
      ["9200000000000000001", 2],
      ["9200000000000000003", 1],
      [`${ORDER_ID}-shipping`, 1],
    ]);
    expect(lineSum(lines)).toBe(edited.expected.total);
    const after = h.store.record(SHOP, "order", ORDER_ID);
    expect(Object.keys(after?.salesforceIds ?? {})).not.toContain("lineItem:9200000000000000002");
    expect(Object.keys(after?.salesforceIds ?? {})).not.toContain("discountsLine");
    expect(Object.keys(after?.contentHashes ?? {})).not.toContain("discountsLine");
    // Products and price book entries stay: other orders use them.
    expect(h.salesforce.all("Product2").some((row) => row.Shopify_Variant_Id__c === "8200000000000000002")).toBe(true);

    // A replay of the same edit deletes nothing more.
    h.store.requeue(summary.events[0]!.eventId);
    await h.engine.processBatch([summary.events[0]!.eventId], { force: true });
    expect(h.salesforce.deleteCalls).toHaveLength(1);
  });

  it("treats a record already deleted in Salesforce as removed", async () => {
    const h = createHarness();
    const original = moneyOrder({ id: ORDER_ID, name: "#2001", lines: LINES, updatedAt: "2026-12-01T10:00:00Z" });
    await h.engine.processBatch([h.addEvent("orders/create", original.payload).id]);
    const id = h.store.record(SHOP, "order", ORDER_ID)?.salesforceIds["lineItem:9200000000000000003"];
    h.salesforce.records.set("OpportunityLineItem", h.salesforce.all("OpportunityLineItem").filter((row) => row.Id !== id));
    const edited = moneyOrder({ id: ORDER_ID, name: "#2001", lines: LINES.map((line, i) => ({ ...line, currentQuantity: i === 2 ? 0 : line.quantity })), updatedAt: "2026-12-01T11:00:00Z" });
    const summary = await h.engine.processBatch([h.addEvent("orders/updated", edited.payload).id]);
    expect(summary.events[0]).toMatchObject({ outcome: "synced", violations: [] });
    expect(h.store.record(SHOP, "order", ORDER_ID)?.salesforceIds).not.toHaveProperty("lineItem:9200000000000000003");
  });

  it("removes nothing when the mapping reported a blocking problem, and never a shared record or a customer's record", () => {
    const mapping = compileMapping(defaultMappingDocument("order"), "removals");
    const own = {
      resource: "order",
      shopifyId: ORDER_ID,
      salesforceIds: { opportunity: "006A", "lineItem:1": "00kA", shippingLine: "00kB", account: "001A" },
      contentHashes: {},
      sourceUpdatedAt: null,
      status: "synced" as const,
      lastEventId: null,
      lastSyncedAt: null,
    };
    const base = { eventId: "e1", own, mapping, plannedKeys: new Set(["opportunity"]), violations: [] };
    expect(planRemovals([base]).map((removal) => removal.key)).toEqual(["lineItem:1", "shippingLine"]);
    const blocked = { ...base, violations: [{ field: "x", rule: "mapping:expression", message: "failed", action: "block" as const, severity: "error" as const }] };
    expect(planRemovals([blocked])).toEqual([]);
    const customer = compileMapping(defaultMappingDocument("customer"), "customer");
    expect(planRemovals([{ ...base, mapping: customer, own: { ...own, salesforceIds: { contact: "003A", account: "001A" } } }])).toEqual([]);
  });

  it("retries the event when the delete call fails, and converges", async () => {
    const h = createHarness();
    await h.engine.processBatch([h.addEvent("orders/create", moneyOrder({ id: ORDER_ID, name: "#2001", lines: LINES, updatedAt: "2026-12-01T10:00:00Z" }).payload).id]);
    const edited = moneyOrder({ id: ORDER_ID, name: "#2001", lines: LINES.map((line, i) => ({ ...line, currentQuantity: i === 2 ? 0 : line.quantity })), updatedAt: "2026-12-01T11:00:00Z" });
    const event = h.addEvent("orders/updated", edited.payload);
    h.salesforce.failNextDelete(Object.assign(new Error("Service Unavailable"), { errorCode: "SERVER_UNAVAILABLE" }));
    const first = await h.engine.processBatch([event.id]);
    expect(first.events[0]).toMatchObject({ outcome: "retry", errorCode: "SERVER_UNAVAILABLE" });
    expect(h.salesforce.all("OpportunityLineItem")).toHaveLength(3);
    const second = await h.engine.processBatch([event.id]);
    expect(second.events[0]).toMatchObject({ outcome: "synced" });
    expect(lineSum(h.salesforce.all("OpportunityLineItem"))).toBe(edited.expected.total);
    expect(h.store.record(SHOP, "order", ORDER_ID)?.salesforceIds).not.toHaveProperty("lineItem:9200000000000000003");
  });

  it("deletes in calls of at most 200 ids", async () => {
    const h = createHarness();
    const many = Array.from({ length: 250 }, (_, i) => ({ id: `93000000000000${String(i).padStart(5, "0")}`, variantId: `83000000000000${String(i).padStart(5, "0")}`, title: `Item ${i}`, price: "1.00", quantity: 1 }));
    await h.engine.processBatch([h.addEvent("orders/create", moneyOrder({ id: ORDER_ID, name: "#2002", lines: many, updatedAt: "2026-12-01T10:00:00Z" }).payload).id]);
    const edited = moneyOrder({ id: ORDER_ID, name: "#2002", lines: many.map((line, i) => ({ ...line, currentQuantity: i < 240 ? 0 : 1 })), updatedAt: "2026-12-01T11:00:00Z" });
    await h.engine.processBatch([h.addEvent("orders/updated", edited.payload).id]);
    expect(h.salesforce.deleteCalls.map((ids) => ids.length)).toEqual([200, 40]);
    expect(h.salesforce.all("OpportunityLineItem")).toHaveLength(10);
  });
});
