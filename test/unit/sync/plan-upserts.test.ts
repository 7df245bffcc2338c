import { describe, expect, it } from "vitest";
import { applyMapping } from "../../../app/sync/apply-mapping";
import { compileMapping } from "../../../app/sync/compile-mapping";
import { defaultMappingDocument } from "../../../app/sync/default-mappings";
import { MAX_COLLECTION_SIZE, planUpserts, type UpsertItem } from "../../../app/sync/plan-upserts";
import { STANDARD_PRICEBOOK_ID } from "./support/harness";
import { orderWithLines, paidOrder, refund } from "./support/payloads";
import { planned } from "./support/records";

async function orderItems(eventId: string, payload: Record<string, unknown>, rank = 0): Promise<UpsertItem[]> {
  const { records } = await applyMapping(compileMapping(defaultMappingDocument("order"), "o"), payload, { standardPricebookId: STANDARD_PRICEBOOK_ID });
  return records.map((record) => ({ eventId, rank, record }));
}

describe("planUpserts", () => {
  it("sends parents before dependents, one call per object and level", async () => {
    const plan = planUpserts(await orderItems("e1", paidOrder()));
    expect(plan.calls.map((call) => [call.level, call.object, call.externalIdField, call.records.length])).toEqual([
      [0, "Account", "Shopify_Customer_Id__c", 1],
      [0, "Product2", "Shopify_Variant_Id__c", 3],
      [1, "Contact", "Shopify_Customer_Id__c", 1],
      [1, "PricebookEntry", "Shopify_Variant_Id__c", 3],
      [1, "Opportunity", "Shopify_Order_Id__c", 1],
      [2, "OpportunityLineItem", "Shopify_Line_Item_Id__c", 5],
    ]);
    const line = plan.calls[5]?.records[0];
    expect(line?.parents).toEqual(["Opportunity|Shopify_Order_Id__c|820982911946154508", "PricebookEntry|Shopify_Variant_Id__c|product-788032119674292922"]);
  });

  it("chunks calls at 200 records (or less when configured) for 250 line items", async () => {
    const items = await orderItems("e1", orderWithLines(250));
    const plan = planUpserts(items);
    const sizes = plan.calls.map((call) => `${call.object}:${call.records.length}`);
    expect(sizes).toEqual(["Account:1", "Product2:200", "Product2:50", "Contact:1", "PricebookEntry:200", "PricebookEntry:50", "Opportunity:1", "OpportunityLineItem:200", "OpportunityLineItem:50"]);
    expect(plan.calls.every((call) => call.records.length <= MAX_COLLECTION_SIZE)).toBe(true);
    expect(planUpserts(items, { chunkSize: 100 }).calls.filter((call) => call.object === "OpportunityLineItem").map((call) => call.records.length)).toEqual([100, 100, 50]);
    expect(planUpserts(items, { chunkSize: 5000 }).calls.filter((call) => call.object === "Product2").map((call) => call.records.length)).toEqual([200, 50]);
  });

  it("sends a record shared by many events once and maps the result back to each", async () => {
    const first = await orderItems("e1", paidOrder(), 0);
    const second = await orderItems("e2", paidOrder({ id: "820982911946154999", name: "#10000" }), 1);
    const plan = planUpserts([...first, ...second]);
    const products = plan.calls.filter((call) => call.object === "Product2");
    expect(products).toHaveLength(1);
    expect(products[0]?.records).toHaveLength(3);
    expect(products[0]?.records[0]?.owners).toEqual([
      { eventId: "e1", recordKey: "product:product-788032119674292922" },
      { eventId: "e2", recordKey: "product:product-788032119674292922" },
    ]);
    expect(plan.calls.find((call) => call.object === "Opportunity")?.records).toHaveLength(2);
    expect(plan.identityOf("e2", "product:product-788032119674292922")).toBe("Product2|Shopify_Variant_Id__c|product-788032119674292922");
    expect(plan.identityOf("e2", "nope")).toBeUndefined();
  });

  it("merges fields of one record written by several events; the newest event wins conflicts", () => {
    const older = planned("Account", "1", { fields: { Name: "Old", BillingCity: "Ottawa" } });
    const newer = planned("Account", "1", { fields: { Name: "New" } });
    const plan = planUpserts([
      { eventId: "new", rank: 5, record: newer },
      { eventId: "old", rank: 1, record: older },
    ]);
    expect(plan.calls[0]?.records[0]?.fields).toEqual({ Name: "New", BillingCity: "Ottawa" });
  });

  it("never lets a newer event's create-only value override what another event writes as always", () => {
    // orders/updated carries the refund settled (money "always"); a later-ranked refunds/create still
    // says pending (money create-only): the settled money is sent, in either input order.
    const settled = planned("Shopify_Refund__c", "9", { fields: { Amount__c: 80, Pending_Amount__c: 0, Reason__c: "Return" } });
    const pending = planned("Shopify_Refund__c", "9", { fields: { Amount__c: 0, Pending_Amount__c: 80, Reason__c: "Return (late)" } });
    pending.ownership = { Amount__c: "create-only", Pending_Amount__c: "create-only", Reason__c: "always" };
    for (const items of [
      [{ eventId: "order", rank: 1, record: settled }, { eventId: "refund", rank: 5, record: pending }],
      [{ eventId: "refund", rank: 5, record: pending }, { eventId: "order", rank: 1, record: settled }],
    ]) {
      const plan = planUpserts(items);
      expect(plan.calls[0]?.records[0]?.fields).toEqual({ Amount__c: 80, Pending_Amount__c: 0, Reason__c: "Return (late)" });
    }
    // Alone, a create-only value is what a new record gets.
    expect(planUpserts([{ eventId: "refund", rank: 5, record: pending }]).calls[0]?.records[0]?.fields).toMatchObject({ Amount__c: 0, Pending_Amount__c: 80 });
  });

  it("orders a parent written by another event first (a refund and its order in one batch)", async () => {
    const refundRecord = (await applyMapping(compileMapping(defaultMappingDocument("refund"), "r"), refund(), {})).records[0];
    if (!refundRecord) throw new Error("no refund record");
    const plan = planUpserts([{ eventId: "refund", rank: 1, record: refundRecord }, ...(await orderItems("order", paidOrder()))]);
    const order = plan.calls.findIndex((call) => call.object === "Opportunity");
    const refundCall = plan.calls.findIndex((call) => call.object === "Shopify_Refund__c");
    expect(refundCall).toBeGreaterThan(order);
    expect(planUpserts([{ eventId: "refund", rank: 1, record: refundRecord }]).calls[0]?.level).toBe(0);
  });

  it("ignores dependencies on records that are not sent, and survives a cycle between mappings", () => {
    const child = planned("Contact", "1", { dependsOn: ["Account:1"] });
    expect(planUpserts([{ eventId: "e", rank: 0, record: child }]).calls[0]?.records[0]?.parents).toEqual([]);
    const a = planned("A__c", "1", { dependsOn: ["B__c:1"] });
    const b = planned("B__c", "1", { dependsOn: ["A__c:1"] });
    const plan = planUpserts([
      { eventId: "e", rank: 0, record: a },
      { eventId: "e", rank: 0, record: b },
    ]);
    expect(plan.calls).toHaveLength(2);
    expect(plan.calls.map((call) => call.level)).toEqual([0, 1]);
  });
});
