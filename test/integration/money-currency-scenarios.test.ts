import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReplayService } from "../../app/services/store/replay.server";
import { moneyOrder, type MoneyOrderSpec, type MoneyRefund } from "../support/money-orders";
import { runScenario, type Step } from "../support/money-scenario-run";
import type { OrgHandle } from "../support/salesforce";
import { startSyncHarness, type SyncHarness } from "../support/sync-harness";

// Currencies end to end (docs/money-model.md, "Currencies"): a USD shop whose customer sees EUR, in a
// single-currency org and in a multi-currency org with either money setting, and an order in a
// currency the org lacks. Real worker, jsforce over HTTP, the emulator's multi-currency rules (one
// price book entry per product + price book + currency; a line's currency must be its opportunity's).
// Each case also runs replayed twice and shuffled, with the same final state.

let harness: SyncHarness;
beforeAll(async () => {
  harness = await startSyncHarness();
});
afterAll(async () => {
  await harness.close();
});

const A = { id: "9500000000000000001", variantId: "8500000000000000001", title: "Aviator sunglasses", price: "40.00", quantity: 3 };
const C = { id: "9500000000000000003", variantId: "8500000000000000003", title: "Lens cloth", price: "3.33", quantity: 7 };
const EUR = { currency: "EUR", rate: 0.92 };

const order = (spec: Partial<MoneyOrderSpec> & Pick<MoneyOrderSpec, "id" | "lines">) => moneyOrder({ name: `#${spec.id.slice(-4)}`, currency: "USD", ...spec });

/** One sunglasses back, refunded 36.80 EUR (transactions are in the presentment currency), settled. */
function refundedStream(id: string): { base: MoneyOrderSpec; refund: MoneyRefund; steps: Step[] } {
  const base: MoneyOrderSpec = { id, name: `#${id.slice(-4)}`, currency: "USD", lines: [A, C], shipping: "10.00", presentment: EUR, updatedAt: "2026-12-01T10:00:00Z" };
  const refund: MoneyRefund = { id: `6${id.slice(1)}`, lines: [{ lineId: A.id, quantity: 1, restockType: "return" }], transactions: [{ id: `7${id.slice(1)}`, amount: "36.80", status: "success" }] };
  const after: MoneyOrderSpec = { ...base, lines: [{ ...A, currentQuantity: 2 }, C], refunds: [refund], financialStatus: "partially_refunded", updatedAt: "2026-12-01T11:00:00Z" };
  const refundPayload = (order({ ...base, refunds: [refund] }).payload.refunds as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
  return {
    base,
    refund,
    steps: [
      { topic: "orders/create", payload: order(base).payload },
      { topic: "refunds/create", payload: refundPayload },
      { topic: "orders/updated", payload: order(after).payload },
    ],
  };
}

/** The shop's setting, and its org's describes stored by the setup check (how the engine learns the org's shape). */
async function connectWith(shop: string, moneyCurrency: "shop" | "presentment") {
  await harness.prisma.shop.upsert({ where: { shop }, create: { shop, moneyCurrency }, update: { moneyCurrency } });
  await harness.connect(shop);
  await harness.connections.runSetupCheck(shop);
}

const multiCurrency = (moneyCurrency: "shop" | "presentment", active: string[] = ["EUR"]) => async (shop: string, org: OrgHandle) => {
  org.enableMultiCurrency({ corporate: "USD", active, inactive: ["GBP"] });
  await connectWith(shop, moneyCurrency);
};

const entries = (org: OrgHandle) =>
  org
    .records("PricebookEntry")
    .map((row) => [row.Shopify_Variant_Id__c, row.CurrencyIsoCode ?? null, row.UnitPrice])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

// Two shops per case, each settling through the real queue: more than the default 30 s on a loaded machine.
describe("currencies", { timeout: 240_000 }, () => {
  it("single-currency org: an EUR-presented order for a USD shop is written in shop money, whatever the setting", async () => {
    const { base, refund, steps } = refundedStream("5500000000000000001");
    const { opportunity, lines, refund: refundOf, org } = await runScenario(harness, "single", steps, {
      setup: (shop) => connectWith(shop, "presentment"),
    });
    // 2 × 40.00 + 7 × 3.33 + 10.00 shipping = 113.31 USD; the refund's 36.80 EUR at the order's rate (153.31 / 141.02) = 40.01 USD.
    const opp = opportunity(base.id)!;
    expect(opp).toMatchObject({ Amount: 113.31, Shopify_Subtotal__c: 103.31, Shopify_Shipping__c: 10, Shopify_Refunded__c: 40.01, Shopify_Refund_Pending__c: 0, Shopify_Currency__c: "USD" });
    expect("CurrencyIsoCode" in opp).toBe(false);
    expect(lines(base.id)).toEqual([
      { id: `${base.id}-shipping`, quantity: 1, unitPrice: 10, totalPrice: 10, currency: null },
      { id: A.id, quantity: 2, unitPrice: 40, totalPrice: 80, currency: null },
      { id: C.id, quantity: 7, unitPrice: 3.33, totalPrice: 23.31, currency: null },
    ]);
    expect(entries(org)).toEqual([
      [A.variantId, null, 40],
      [C.variantId, null, 3.33],
      ["shopify-adjustment-shipping", null, 0],
    ]);
    expect(refundOf(refund.id)).toMatchObject({ Amount__c: 36.8, Currency__c: "EUR", Status__c: "refunded" });
  });

  it("multi-currency org, shop money (default): every money record is in USD, price book entries keyed per currency", async () => {
    const { base, refund, steps } = refundedStream("5500000000000000002");
    const { opportunity, lines, refund: refundOf, org } = await runScenario(harness, "multi-shop", steps, { setup: multiCurrency("shop") });
    expect(opportunity(base.id)).toMatchObject({
      CurrencyIsoCode: "USD",
      Amount: 113.31,
      Shopify_Subtotal__c: 103.31,
      Shopify_Shipping__c: 10,
      Shopify_Refunded__c: 40.01,
      Shopify_Currency__c: "USD",
    });
    expect(lines(base.id)).toEqual([
      { id: `${base.id}-shipping`, quantity: 1, unitPrice: 10, totalPrice: 10, currency: "USD" },
      { id: A.id, quantity: 2, unitPrice: 40, totalPrice: 80, currency: "USD" },
      { id: C.id, quantity: 7, unitPrice: 3.33, totalPrice: 23.31, currency: "USD" },
    ]);
    expect(entries(org)).toEqual([
      [`${A.variantId}-USD`, "USD", 40],
      [`${C.variantId}-USD`, "USD", 3.33],
      ["shopify-adjustment-shipping-USD", "USD", 0],
    ]);
    // The refund record states the currency its amounts are in: the transactions', EUR.
    expect(refundOf(refund.id)).toMatchObject({ CurrencyIsoCode: "EUR", Amount__c: 36.8, Currency__c: "EUR", Status__c: "refunded" });
  });

  it("multi-currency org, presentment money: the Opportunity, its lines and their price book entries are in EUR", async () => {
    const { base, refund, steps } = refundedStream("5500000000000000003");
    const { opportunity, lines, refund: refundOf, org } = await runScenario(harness, "multi-presentment", steps, { setup: multiCurrency("presentment") });
    // 2 × 36.80 + 7 × 3.06 + 9.20 shipping = 104.22 EUR; the refund is already in EUR.
    expect(opportunity(base.id)).toMatchObject({
      CurrencyIsoCode: "EUR",
      Amount: 104.22,
      Shopify_Subtotal__c: 95.02,
      Shopify_Shipping__c: 9.2,
      Shopify_Refunded__c: 36.8,
      Shopify_Currency__c: "EUR",
    });
    // Shopify sends the outstanding amount in shop money only, so it is not written in EUR.
    expect(opportunity(base.id)!.Shopify_Outstanding__c ?? null).toBeNull();
    expect(lines(base.id)).toEqual([
      { id: `${base.id}-shipping`, quantity: 1, unitPrice: 9.2, totalPrice: 9.2, currency: "EUR" },
      { id: A.id, quantity: 2, unitPrice: 36.8, totalPrice: 73.6, currency: "EUR" },
      { id: C.id, quantity: 7, unitPrice: 3.06, totalPrice: 21.42, currency: "EUR" },
    ]);
    expect(entries(org)).toEqual([
      [`${A.variantId}-EUR`, "EUR", 36.8],
      [`${C.variantId}-EUR`, "EUR", 3.06],
      ["shopify-adjustment-shipping-EUR", "EUR", 0],
    ]);
    expect(refundOf(refund.id)).toMatchObject({ CurrencyIsoCode: "EUR", Amount__c: 36.8 });
  });

  it("an order in a currency the org lacks needs attention, naming the currency and where to activate it; nothing of it is written", async () => {
    const id = "5500000000000000004";
    const spec: MoneyOrderSpec = { id, name: "#0004", currency: "USD", lines: [A], shipping: "5.00", presentment: { currency: "GBP", rate: 0.79 } };
    const { opportunity, org, errors, ordered } = await runScenario(harness, "lacking", [{ topic: "orders/create", payload: order(spec).payload }], {
      setup: multiCurrency("presentment"),
      finalStatus: "needs-attention",
    });
    expect(opportunity(id)).toBeUndefined();
    expect(org.records("OpportunityLineItem")).toEqual([]);
    expect(org.records("PricebookEntry").filter((row) => row.CurrencyIsoCode === "GBP")).toEqual([]);
    const [event] = await errors();
    expect(event).toMatchObject({ topic: "orders/create", status: "needs-attention", lastErrorCode: "CURRENCY_NOT_ACTIVE" });
    expect(event!.lastError).toBe(
      "This order is in GBP, which is not an active currency in your Salesforce org (active: EUR, USD). Activate GBP in Salesforce Setup → Company Settings → Manage Currencies, run the setup check, then replay this event.",
    );

    // Doing what the message says works, in the same running worker: activate, setup check, replay.
    org.enableMultiCurrency({ corporate: "USD", active: ["EUR", "GBP"] });
    await harness.connections.runSetupCheck(ordered, { refreshDescribe: true }); // what the page's "Run setup check" does
    const { rows } = await harness.app.sql.query(`SELECT id FROM "WebhookEvent" WHERE shop = $1`, [ordered]);
    await createReplayService({ pool: harness.runtime.pool, queue: harness.runtime.queue }).replayEvents(
      ordered,
      rows.map((row) => row.id as string),
    );
    await harness.settle(60_000, ordered);
    expect(await harness.statuses(ordered)).toEqual({ synced: 1 });
    // 3 × 31.60 + 3.95 shipping = 98.75 GBP
    expect(opportunity(id)).toMatchObject({ CurrencyIsoCode: "GBP", Amount: 98.75, Shopify_Currency__c: "GBP" });
    expect(org.records("PricebookEntry").filter((row) => row.CurrencyIsoCode === "GBP").map((row) => [row.Shopify_Variant_Id__c, row.UnitPrice]).sort()).toEqual([
      [`${A.variantId}-GBP`, 31.6],
      ["shopify-adjustment-shipping-GBP", 0],
    ]);
  });
});
