import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebhookTopic } from "../../app/sync/webhook-topics";
import { moneyOrder, type MoneyOrderSpec, type MoneyRefund } from "../support/money-orders";
import { snapshotOrg } from "../support/salesforce-snapshot";
import { seededRandom, toShopifyJson, type Delivery } from "../support/shopify-stream";
import { startSyncHarness, type SyncHarness } from "../support/sync-harness";

// Money scenarios end to end: signed webhooks → intake → pg-boss → the real worker → jsforce over HTTP
// → the Salesforce emulator, whose Opportunity.Amount is its own roll-up of the line items (as in
// Salesforce). Each scenario's final Salesforce state is asserted field by field, to the cent, and the
// same deliveries replayed twice and shuffled must end in the same state.

let harness: SyncHarness;
beforeAll(async () => {
  harness = await startSyncHarness();
});
afterAll(async () => {
  await harness.close();
});

const A = { id: "9400000000000000001", variantId: "8400000000000000001", title: "Aviator sunglasses", price: "40.00", quantity: 3 };
const B = { id: "9400000000000000002", variantId: "8400000000000000002", title: "Leather case", price: "15.00", quantity: 1 };
const C = { id: "9400000000000000003", variantId: "8400000000000000003", title: "Lens cloth", price: "3.33", quantity: 7 };

type Step = { topic: WebhookTopic; payload: Record<string, unknown> };

function deliveriesOf(shop: string, steps: readonly Step[]): Delivery[] {
  return steps.map((step, index) => ({
    topic: step.topic,
    shop,
    body: toShopifyJson(step.payload),
    eventId: randomUUID(),
    webhookId: randomUUID(),
    triggeredAt: new Date(Date.UTC(2026, 11, 1, 10, index)).toISOString(),
  }));
}

/** Every delivery twice (Shopify retries: same event id, new webhook id), in a seeded random order. */
function replayedAndShuffled(deliveries: readonly Delivery[], seed: number): Delivery[] {
  const doubled = deliveries.flatMap((delivery) => [delivery, { ...delivery, webhookId: randomUUID() }]);
  const random = seededRandom(seed);
  for (let i = doubled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [doubled[i], doubled[j]] = [doubled[j] as Delivery, doubled[i] as Delivery];
  }
  return doubled;
}

let shopCounter = 0;
/** Runs the steps in order on one shop and replayed+shuffled on another; returns the ordered org and checks both agree. */
async function run(name: string, steps: readonly Step[]) {
  shopCounter += 1;
  const ordered = `money-${shopCounter}-${name}.myshopify.com`;
  const noisy = `money-${shopCounter}-${name}-noisy.myshopify.com`;
  await harness.deliverAll(deliveriesOf(ordered, steps));
  await harness.settle(60_000, ordered);
  await harness.deliverAll(replayedAndShuffled(deliveriesOf(noisy, steps), shopCounter));
  await harness.settle(90_000, noisy);
  expect(await harness.statuses(ordered)).toEqual({ synced: steps.length });
  const statuses = await harness.statuses(noisy);
  expect(Object.keys(statuses).filter((status) => status !== "synced" && status !== "skipped")).toEqual([]);
  const org = harness.orgFor(ordered);
  expect(snapshotOrg(harness.orgFor(noisy))).toEqual(snapshotOrg(org));
  const opportunity = (orderId: string) => org.records("Opportunity").find((row) => row.Shopify_Order_Id__c === orderId) as Record<string, unknown>;
  const lines = (orderId: string) => {
    const opp = opportunity(orderId);
    return org
      .records("OpportunityLineItem")
      .filter((row) => row.OpportunityId === opp.Id)
      .map((row) => ({ id: row.Shopify_Line_Item_Id__c, quantity: row.Quantity, unitPrice: row.UnitPrice, totalPrice: row.TotalPrice }))
      .sort((a, b) => String(a.id).localeCompare(String(b.id)));
  };
  const refund = (refundId: string) => org.records("Shopify_Refund__c").find((row) => row.Shopify_Refund_Id__c === refundId) as Record<string, unknown>;
  return { org, opportunity, lines, refund };
}

const order = (spec: Partial<MoneyOrderSpec> & Pick<MoneyOrderSpec, "id" | "lines">) => moneyOrder({ name: `#${spec.id.slice(-4)}`, ...spec });
const refundEvent = (orderSpec: MoneyOrderSpec, refund: MoneyRefund) => (order({ ...orderSpec, refunds: [refund] }).payload.refunds as Array<Record<string, unknown>>)[0] as Record<string, unknown>;

describe("money lands in Salesforce to the cent", () => {
  it("discount code + shipping + tax: Amount is what the customer paid, with the breakdown", async () => {
    const spec: MoneyOrderSpec = { id: "5400000000000000001", name: "#4001", lines: [A, B, C], shipping: "12.50", taxRate: 0.0825, discountCode: { code: "SAVE20", amount: "20.00" } };
    const { payload, expected } = order(spec);
    // 120.00 + 15.00 + 23.31 = 158.31 − 20.00 = 138.31; + 12.50 shipping; tax 8.25% of 150.81 = 12.44
    expect(expected).toMatchObject({ products: 15831, subtotal: 13831, shipping: 1250, tax: 1244, total: 16325 });
    const { opportunity, lines } = await run("discount", [{ topic: "orders/create", payload }]);
    expect(opportunity(spec.id)).toMatchObject({
      Amount: 163.25,
      Shopify_Subtotal__c: 138.31,
      Shopify_Discounts__c: 20,
      Shopify_Shipping__c: 12.5,
      Shopify_Tax__c: 12.44,
      Shopify_Refunded__c: 0,
      Shopify_Refund_Pending__c: 0,
      Shopify_Currency__c: "USD",
      StageName: "Closed Won",
    });
    expect(lines(spec.id)).toEqual([
      { id: "5400000000000000001-discounts", quantity: 1, unitPrice: -20, totalPrice: -20 },
      { id: "5400000000000000001-shipping", quantity: 1, unitPrice: 12.5, totalPrice: 12.5 },
      { id: "5400000000000000001-tax", quantity: 1, unitPrice: 12.44, totalPrice: 12.44 },
      { id: A.id, quantity: 3, unitPrice: 40, totalPrice: 120 },
      { id: B.id, quantity: 1, unitPrice: 15, totalPrice: 15 },
      { id: C.id, quantity: 7, unitPrice: 3.33, totalPrice: 23.31 },
    ]);
  });

  it("an edit that removes one line and reduces another", async () => {
    const spec: MoneyOrderSpec = { id: "5400000000000000002", name: "#4002", lines: [A, B, C], shipping: "5.00", updatedAt: "2026-12-01T10:00:00Z" };
    const edited: MoneyOrderSpec = { ...spec, lines: [{ ...A, currentQuantity: 1 }, { ...B, currentQuantity: 0 }, C], updatedAt: "2026-12-01T11:00:00Z" };
    const { opportunity, lines, org } = await run("edit", [
      { topic: "orders/create", payload: order(spec).payload },
      { topic: "orders/updated", payload: order(edited).payload },
    ]);
    // 40.00 + 23.31 + 5.00 shipping
    expect(opportunity(spec.id)).toMatchObject({ Amount: 68.31, Shopify_Subtotal__c: 63.31, Shopify_Shipping__c: 5 });
    expect(lines(spec.id)).toEqual([
      { id: "5400000000000000002-shipping", quantity: 1, unitPrice: 5, totalPrice: 5 },
      { id: A.id, quantity: 1, unitPrice: 40, totalPrice: 40 },
      { id: C.id, quantity: 7, unitPrice: 3.33, totalPrice: 23.31 },
    ]);
    expect(org.records("OpportunityLineItem", { includeDeleted: true }).filter((row) => row.IsDeleted === true).map((row) => row.Shopify_Line_Item_Id__c)).toEqual([B.id]);
  });

  it("a partial refund whose transaction is pending, then succeeds", async () => {
    const base: MoneyOrderSpec = { id: "5400000000000000003", name: "#4003", lines: [A, B], shipping: "5.00", updatedAt: "2026-12-01T10:00:00Z" };
    // Two of the three sunglasses come back: refunded line with quantity 2 (its subtotal is for both units).
    const pending: MoneyRefund = { id: "6400000000000000003", lines: [{ lineId: A.id, quantity: 2, restockType: "return" }], transactions: [{ id: "7400000000000000031", amount: "80.00", status: "pending" }] };
    const settled: MoneyRefund = { ...pending, transactions: [{ id: "7400000000000000031", amount: "80.00", status: "success" }] };
    const afterRefund = { ...base, lines: [{ ...A, currentQuantity: 1 }, B], financialStatus: "partially_refunded" };
    const { opportunity, lines, refund } = await run("pending-refund", [
      { topic: "orders/create", payload: order(base).payload },
      { topic: "refunds/create", payload: refundEvent(base, pending) },
      { topic: "orders/updated", payload: order({ ...afterRefund, refunds: [pending], updatedAt: "2026-12-01T11:00:00Z" }).payload },
      { topic: "orders/updated", payload: order({ ...afterRefund, refunds: [settled], updatedAt: "2026-12-01T12:00:00Z" }).payload },
    ]);
    expect(opportunity(base.id)).toMatchObject({ Amount: 60, Shopify_Refunded__c: 80, Shopify_Refund_Pending__c: 0 });
    expect(lines(base.id).map((line) => [line.id, line.quantity])).toEqual([
      ["5400000000000000003-shipping", 1],
      [A.id, 1],
      [B.id, 1],
    ]);
    expect(refund(pending.id)).toMatchObject({ Amount__c: 80, Pending_Amount__c: 0, Status__c: "refunded", Currency__c: "USD", Refunded_Lines__c: "2 × Aviator sunglasses (return)" });
  });

  it("a restock-only refund carries no money, only its lines", async () => {
    const base: MoneyOrderSpec = { id: "5400000000000000004", name: "#4004", lines: [A, B], updatedAt: "2026-12-01T10:00:00Z" };
    const restock: MoneyRefund = { id: "6400000000000000004", lines: [{ lineId: B.id, quantity: 1, restockType: "return" }], transactions: [] };
    const { opportunity, refund } = await run("restock-only", [
      { topic: "orders/create", payload: order(base).payload },
      { topic: "refunds/create", payload: refundEvent(base, restock) },
      { topic: "orders/updated", payload: order({ ...base, lines: [A, { ...B, currentQuantity: 0 }], refunds: [restock], updatedAt: "2026-12-01T11:00:00Z" }).payload },
    ]);
    expect(opportunity(base.id)).toMatchObject({ Amount: 120, Shopify_Refunded__c: 0, Shopify_Refund_Pending__c: 0 });
    expect(refund(restock.id)).toMatchObject({ Amount__c: 0, Pending_Amount__c: 0, Status__c: "restock only", Refunded_Lines__c: "1 × Leather case (return)" });
  });

  it("a failed refund moves no money", async () => {
    const base: MoneyOrderSpec = { id: "5400000000000000005", name: "#4005", lines: [A, B], updatedAt: "2026-12-01T10:00:00Z" };
    const failed: MoneyRefund = {
      id: "6400000000000000005",
      lines: [{ lineId: A.id, quantity: 2, restockType: "no_restock" }],
      transactions: [
        { id: "7400000000000000051", amount: "80.00", status: "failure" },
        { id: "7400000000000000052", amount: "80.00", status: "error" },
      ],
    };
    const { opportunity, refund } = await run("failed-refund", [
      { topic: "orders/create", payload: order(base).payload },
      { topic: "refunds/create", payload: refundEvent(base, failed) },
      { topic: "orders/updated", payload: order({ ...base, refunds: [failed], updatedAt: "2026-12-01T11:00:00Z" }).payload },
    ]);
    expect(opportunity(base.id)).toMatchObject({ Amount: 135, Shopify_Refunded__c: 0, Shopify_Refund_Pending__c: 0 });
    expect(refund(failed.id)).toMatchObject({ Amount__c: 0, Pending_Amount__c: 0, Status__c: "failed" });
  });

  it("an order presented in EUR for a USD shop is written in the shop's currency in a single-currency org", async () => {
    const spec: MoneyOrderSpec = { id: "5400000000000000006", name: "#4006", lines: [A, C], shipping: "10.00", currency: "USD", presentment: { currency: "EUR", rate: 0.92 } };
    const { payload, expected } = order(spec);
    const { opportunity, lines } = await run("eur-single", [{ topic: "orders/create", payload }]);
    expect(opportunity(spec.id)).toMatchObject({ Amount: expected.total / 100, Shopify_Currency__c: "USD" });
    expect(opportunity(spec.id).Amount).toBe(153.31);
    expect(lines(spec.id).find((line) => line.id === A.id)).toMatchObject({ unitPrice: 40 });
  });
});
