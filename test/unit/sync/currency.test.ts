import { describe, expect, it } from "vitest";
import { applyMapping } from "../../../app/sync/apply-mapping";
import { compileMapping } from "../../../app/sync/compile-mapping";
import { currencyViolations, defaultMoneyOptions, isMultiCurrencyOrg, moneyBagFor } from "../../../app/sync/currency";
import { defaultMappingDocument } from "../../../app/sync/default-mappings";
import { decideEventOutcome } from "../../../app/sync/apply-results";
import type { SObjectDescribe } from "../../../app/sync/sobject-describe";
import { moneyOrder } from "../../support/money-orders";
import { STANDARD_PRICEBOOK_ID } from "./support/harness";

// Currencies (docs/money-model.md, "Currencies"): what the default order mapping writes in a
// multi-currency org, which money a shop's setting picks, and the hold on a currency the org lacks.

const describeWith = (fields: string[]): SObjectDescribe => ({ name: "Opportunity", fields: fields.map((name) => ({ name })) }) as unknown as SObjectDescribe;

const LINES = [
  { id: "9200000000000000001", variantId: "8200000000000000001", title: "Aviator sunglasses", price: "40.00", quantity: 2 },
  { id: "9200000000000000002", variantId: "8200000000000000002", title: "Lens cloth", price: "3.33", quantity: 3 },
];

async function mapped(options: { multiCurrency: boolean; moneyBag: "shop_money" | "presentment_money"; orderModel?: "opportunity" | "order" }, context: Record<string, string> = {}) {
  const { payload } = moneyOrder({ id: "5200000000000000001", name: "#2001", lines: LINES, shipping: "5.00", currency: "USD", presentment: { currency: "EUR", rate: 0.92 } });
  const mapping = compileMapping(defaultMappingDocument("order", options), `currency-${options.multiCurrency}-${options.moneyBag}-${options.orderModel ?? "opportunity"}`);
  const result = await applyMapping(mapping, payload, { standardPricebookId: STANDARD_PRICEBOOK_ID, ...context });
  expect(result.violations).toEqual([]);
  return result.records;
}

describe("currencies", () => {
  it("detects a multi-currency org from CurrencyIsoCode in the describes", () => {
    expect(isMultiCurrencyOrg({})).toBe(false);
    expect(isMultiCurrencyOrg({ Opportunity: describeWith(["Id", "Amount"]) })).toBe(false);
    expect(isMultiCurrencyOrg({ Opportunity: describeWith(["Id", "CurrencyIsoCode"]) })).toBe(true);
  });

  it("writes presentment money only in a multi-currency org that asks for it", () => {
    expect(moneyBagFor("presentment", false)).toBe("shop_money");
    expect(moneyBagFor("presentment", true)).toBe("presentment_money");
    expect(moneyBagFor("shop", true)).toBe("shop_money");
    expect(moneyBagFor(undefined, true)).toBe("shop_money");
    expect(defaultMoneyOptions({ describes: { Opportunity: describeWith(["CurrencyIsoCode"]) }, moneyCurrency: "presentment" })).toEqual({ multiCurrency: true, moneyBag: "presentment_money" });
  });

  it("single-currency org: no CurrencyIsoCode anywhere, price book entries keyed by variant", async () => {
    const records = await mapped({ multiCurrency: false, moneyBag: "shop_money" });
    expect(records.filter((record) => "CurrencyIsoCode" in record.fields)).toEqual([]);
    expect(records.filter((record) => record.object === "PricebookEntry").map((record) => record.externalId)).toEqual(["8200000000000000001", "8200000000000000002", "shopify-adjustment-shipping"]);
  });

  it.each([
    ["shop_money", "USD"],
    ["presentment_money", "EUR"],
  ] as const)("multi-currency org (%s): the Opportunity and its price book entries state %s, entries keyed per currency; lines take theirs from the entry", async (moneyBag, currency) => {
    const records = await mapped({ multiCurrency: true, moneyBag });
    const opportunity = records.find((record) => record.object === "Opportunity")!;
    expect(opportunity.fields).toMatchObject({ CurrencyIsoCode: currency, Shopify_Currency__c: currency });
    const entries = records.filter((record) => record.object === "PricebookEntry");
    expect(entries.map((record) => [record.externalId, record.fields.CurrencyIsoCode])).toEqual([
      [`8200000000000000001-${currency}`, currency],
      [`8200000000000000002-${currency}`, currency],
      [`shopify-adjustment-shipping-${currency}`, currency],
    ]);
    expect(records.filter((record) => record.object === "OpportunityLineItem" && "CurrencyIsoCode" in record.fields)).toEqual([]);
  });

  it("the Order model states the currency on the Order and its price book entries, not on its OrderItems", async () => {
    const records = await mapped({ multiCurrency: true, moneyBag: "presentment_money", orderModel: "order" });
    expect(records.find((record) => record.object === "Order")!.fields.CurrencyIsoCode).toBe("EUR");
    expect(records.filter((record) => record.object === "PricebookEntry").every((record) => record.fields.CurrencyIsoCode === "EUR")).toBe(true);
    expect(records.filter((record) => record.object === "OrderItem" && "CurrencyIsoCode" in record.fields)).toEqual([]);
  });

  it("holds a record in a currency the org has not activated, naming it and where to activate it", async () => {
    const records = await mapped({ multiCurrency: true, moneyBag: "presentment_money" });
    expect(currencyViolations(records, {})).toEqual([]);
    expect(currencyViolations(records, { activeCurrencies: "EUR,USD" })).toEqual([]);
    const violations = currencyViolations(records, { activeCurrencies: "GBP,USD" });
    expect(violations.map((violation) => [violation.field, violation.code, violation.action]).sort()).toEqual([
      ["Opportunity.CurrencyIsoCode", "CURRENCY_NOT_ACTIVE", "block"],
      ["PricebookEntry.CurrencyIsoCode", "CURRENCY_NOT_ACTIVE", "block"],
      ["PricebookEntry.CurrencyIsoCode", "CURRENCY_NOT_ACTIVE", "block"],
      ["PricebookEntry.CurrencyIsoCode", "CURRENCY_NOT_ACTIVE", "block"],
    ]);
    expect(violations[0]!.message).toBe(
      "This order is in EUR, which is not an active currency in your Salesforce org (active: GBP, USD). Activate EUR in Salesforce Setup → Company Settings → Manage Currencies, run the setup check, then replay this event.",
    );
    expect(decideEventOutcome([], violations)).toEqual({ kind: "needs-attention", code: "CURRENCY_NOT_ACTIVE", message: violations[0]!.message });
  });
});
