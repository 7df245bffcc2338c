import { describe, expect, it } from "vitest";
import { applyMapping } from "../../../app/sync/apply-mapping";
import { compileMapping } from "../../../app/sync/compile-mapping";
import { defaultMappingDocument } from "../../../app/sync/default-mappings";
import type { PlannedRecord } from "../../../app/sync/planned-record";
import { moneyOrder, type MoneyOrderSpec } from "../../support/money-orders";
import { STANDARD_PRICEBOOK_ID } from "./support/harness";
import { loadShopifyFixture } from "./support/fixtures";

// The default order mapping writes lines whose sum is the order's current total, to the cent: the
// Amount Salesforce derives from them is then what the customer pays.

const LINES: MoneyOrderSpec["lines"] = [
  { id: "9100000000000000001", variantId: "8100000000000000001", title: "Aviator sunglasses", price: "89.99", quantity: 3 },
  { id: "9100000000000000002", variantId: "8100000000000000002", title: "Leather case", price: "24.99", quantity: 1 },
  { id: "9100000000000000003", variantId: "8100000000000000003", title: "Lens cloth", price: "3.33", quantity: 7 },
];

async function linesOf(payload: unknown, orderModel: "opportunity" | "order" = "opportunity", moneyBag?: "shop_money" | "presentment_money") {
  const mapping = compileMapping(defaultMappingDocument("order", { orderModel, moneyBag }), `money-${orderModel}-${moneyBag}`);
  const { records, violations } = await applyMapping(mapping, payload, { standardPricebookId: STANDARD_PRICEBOOK_ID });
  expect(violations).toEqual([]);
  const lineObject = orderModel === "opportunity" ? "OpportunityLineItem" : "OrderItem";
  const lines = records.filter((record) => record.object === lineObject);
  const header = records.find((record) => record.object === (orderModel === "opportunity" ? "Opportunity" : "Order")) as PlannedRecord;
  const cents = lines.reduce((sum, line) => sum + Math.round(Number(line.fields.Quantity) * Number(line.fields.UnitPrice) * 100), 0);
  return { records, lines, header, cents };
}

describe("default order mapping: money", () => {
  it.each(["opportunity", "order"] as const)("lines sum to the current total with a discount code, shipping and tax (%s)", async (orderModel) => {
    const { payload, expected } = moneyOrder({ id: "5100000000000000001", name: "#1001", lines: LINES, shipping: "12.50", taxRate: 0.0825, discountCode: { code: "SAVE20", amount: "20.00" } });
    const { lines, header, cents } = await linesOf(payload, orderModel);
    expect(cents).toBe(expected.total);
    expect(Number(payload.current_total_price) * 100).toBeCloseTo(expected.total, 6);
    const byDescription = Object.fromEntries(lines.map((line) => [line.fields.Description, line.fields]));
    expect(byDescription.Discounts).toMatchObject({ Quantity: 1, UnitPrice: -20 });
    expect(byDescription.Shipping).toMatchObject({ Quantity: 1, UnitPrice: 12.5 });
    expect(byDescription.Tax).toMatchObject({ Quantity: 1, UnitPrice: expected.tax / 100 });
    expect(byDescription["Aviator sunglasses"]).toMatchObject({ Quantity: 3, UnitPrice: 89.99 });
    expect(byDescription["Other adjustments"]).toBeUndefined();
    expect(header.fields).toMatchObject({
      Shopify_Subtotal__c: expected.subtotal / 100,
      Shopify_Discounts__c: 20,
      Shopify_Shipping__c: 12.5,
      Shopify_Tax__c: expected.tax / 100,
      Shopify_Refunded__c: 0,
      Shopify_Currency__c: "USD",
    });
  });

  it("follows current_quantity: a line edited to zero is not planned, a reduced one carries its new quantity", async () => {
    const edited = LINES.map((line, i) => ({ ...line, currentQuantity: i === 0 ? 1 : i === 1 ? 0 : line.quantity }));
    const { payload, expected } = moneyOrder({ id: "5100000000000000002", name: "#1002", lines: edited, shipping: "5.00" });
    const { lines, cents } = await linesOf(payload);
    expect(cents).toBe(expected.total);
    expect(lines.map((line) => [line.externalId, line.fields.Quantity])).toEqual([
      ["9100000000000000001", 1],
      ["9100000000000000003", 7],
      ["5100000000000000002-shipping", 1],
    ]);
  });

  it("matches the published sample's current total, and puts anything unexplained on an 'Other adjustments' line", async () => {
    const sample = loadShopifyFixture("orders_create");
    const { lines, cents } = await linesOf(sample);
    expect(cents).toBe(Math.round(Number(sample.current_total_price) * 100));
    expect(lines.map((line) => line.fields.Description)).not.toContain("Other adjustments");
    // A tip (not in any component) makes the total larger than its parts.
    const tipped = { ...sample, current_total_price: "419.95", current_total_price_set: undefined };
    const withTip = await linesOf(tipped);
    expect(withTip.cents).toBe(41995);
    expect(withTip.lines.find((line) => line.fields.Description === "Other adjustments")?.fields.UnitPrice).toBe(5);
  });

  it("uses presentment money when asked, with the presentment currency stated", async () => {
    const { payload } = moneyOrder({ id: "5100000000000000004", name: "#1004", lines: LINES, shipping: "10.00", currency: "USD", presentment: { currency: "EUR", rate: 0.9 } });
    const { cents, header } = await linesOf(payload, "opportunity", "presentment_money");
    const presentmentTotal = Math.round(Number(((payload.current_total_price_set as Record<string, Record<string, string>>).presentment_money as Record<string, string>).amount) * 100);
    expect(cents).toBe(presentmentTotal);
    expect(header.fields.Shopify_Currency__c).toBe("EUR");
    const shop = await linesOf(payload, "opportunity", "shop_money");
    expect(shop.cents).toBe(Math.round(Number(payload.current_total_price) * 100));
    expect(shop.header.fields.Shopify_Currency__c).toBe("USD");
  });

  it("counts only successful refund transactions as refunded; pending ones separately", async () => {
    const { payload } = moneyOrder({
      id: "5100000000000000005",
      name: "#1005",
      lines: LINES,
      refunds: [
        { id: "6100000000000000001", lines: [{ lineId: LINES[0]!.id, quantity: 2 }], transactions: [{ id: "1", amount: "100.00", status: "success" }, { id: "2", amount: "79.98", status: "pending" }] },
        { id: "6100000000000000002", lines: [], transactions: [{ id: "3", amount: "5.00", status: "failure" }] },
      ],
    });
    const { header } = await linesOf(payload);
    expect(header.fields).toMatchObject({ Shopify_Refunded__c: 100, Shopify_Refund_Pending__c: 79.98 });
  });
});
