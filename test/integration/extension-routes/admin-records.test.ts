import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorAdminClient } from "../../support/shopify/admin-client";
import { generateShopHistory, startShopifyEmulator, type ShopifyEmulator } from "../../support/shopify";
import { orderMoneyView } from "../../support/shopify/order-money-view";
import { createShopifyAdminRecords, ShopifyAdminApiError, type AdminGraphql } from "../../../app/services/shopify/admin-records.server";

// The reader behind "Sync to Salesforce": Shopify's own GraphQL client against the Admin API emulator. What
// it returns must be the payload the record's webhook carries (the emulator's records are webhook-shaped),
// for the fields the mappings read; and it must live within Shopify's cost limits.

let now = Date.now();
let emulator: ShopifyEmulator;
const history = generateShopHistory({ seed: 3, customers: 12, orders: 30, now, historyDays: 40, maxLines: 3, refundShare: 0.3 });

beforeAll(async () => {
  emulator = await startShopifyEmulator({ clock: () => now });
});
afterAll(() => emulator.close());

function reader(domain: string, options: Parameters<ShopifyEmulator["createShop"]>[0] extends infer O ? Partial<O> : never = {}, sleep?: (ms: number) => Promise<void>) {
  const shop = emulator.createShop({ domain, ...options });
  shop.putCustomers(history.customers);
  shop.putOrders(history.orders);
  const client = emulatorAdminClient(emulator, shop);
  // The shape of admin.graphql from authenticate.admin: a Response with the client's answer.
  const graphql: AdminGraphql = async (query, opts) => new Response(JSON.stringify(await client.request(query, { variables: opts?.variables })));
  return { shop, records: createShopifyAdminRecords(graphql, { sleep }) };
}

const pick = (record: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((key) => [key, record[key]]));
const ORDER_KEYS = ["id", "name", "email", "currency", "financial_status", "total_price", "subtotal_price", "total_tax", "total_discounts", "current_total_price", "current_subtotal_price", "current_total_tax", "created_at", "updated_at", "cancelled_at"];
const LINE_KEYS = ["id", "title", "name", "sku", "quantity", "price", "variant_id", "product_id", "vendor"];

describe("reading orders and customers as their webhooks carry them", () => {
  it("orders: totals, status, customer and every line item, with exact ids", async () => {
    // Plus-sized bucket: the emulator's clock stands still here, so the bucket never refills.
    const { records } = reader("fidelity.myshopify.com", { plan: "plus" });
    const ids = history.orders.map((order) => String(order.id));
    const fetched = await records.orders(ids);
    expect(fetched.missing).toEqual([]);
    expect(fetched.records.map((record) => record.shopifyId)).toEqual(ids);
    for (const [index, record] of fetched.records.entries()) {
      const webhook = history.orders[index];
      const normalize = (value: Record<string, unknown>) => ({ ...pick(value, ORDER_KEYS), created_at: new Date(String(value.created_at)).toISOString(), updated_at: new Date(String(value.updated_at)).toISOString() });
      expect(normalize(record.payload)).toEqual(normalize(webhook));
      expect((record.payload.line_items as Array<Record<string, unknown>>).map((line) => pick(line, LINE_KEYS))).toEqual((webhook.line_items as Array<Record<string, unknown>>).map((line) => pick(line, LINE_KEYS)));
      const customer = webhook.customer as Record<string, unknown> | null;
      expect(record.payload.customer ? pick(record.payload.customer as Record<string, unknown>, ["id", "email", "first_name", "last_name"]) : null).toEqual(customer ? pick(customer, ["id", "email", "first_name", "last_name"]) : null);
      expect(String(record.payload.id)).toMatch(/^\d+$/);
    }
  });

  it("orders: refunds with their lines and transactions, shipping, tax and discount lines, as the webhook carries them", async () => {
    const { records } = reader("money-fidelity.myshopify.com", { plan: "plus" });
    const fetched = await records.orders(history.orders.map((order) => String(order.id)));
    expect(history.orders.some((order) => (order.refunds as unknown[]).length > 0)).toBe(true);
    expect(history.orders.some((order) => (order.discount_applications as unknown[]).length > 0)).toBe(true);
    expect(fetched.records.map((record) => orderMoneyView(record.payload))).toEqual(history.orders.map((order) => orderMoneyView(order)));
  });

  it("customers: name, email, phone, state and default address", async () => {
    const { records } = reader("customers.myshopify.com");
    const fetched = await records.customers(history.customers.map((customer) => String(customer.id)));
    for (const [index, record] of fetched.records.entries()) {
      const webhook = history.customers[index];
      expect(pick(record.payload, ["id", "email", "first_name", "last_name", "phone", "state", "verified_email", "tax_exempt"])).toEqual(pick(webhook, ["id", "email", "first_name", "last_name", "phone", "state", "verified_email", "tax_exempt"]));
      const address = webhook.default_address as Record<string, unknown> | null;
      if (address) expect(pick(record.payload.default_address as Record<string, unknown>, ["address1", "city", "zip", "country_code"])).toEqual(pick(address, ["address1", "city", "zip", "country_code"]));
    }
  });

  it("pages through an order's line items beyond the first page", async () => {
    const { shop, records } = reader("long-order.myshopify.com", { plan: "plus" });
    const order = structuredClone(history.orders[0]);
    const line = (order.line_items as Array<Record<string, unknown>>)[0];
    order.line_items = Array.from({ length: 250 }, (_, index) => ({ ...line, id: `${9_007_199_254_740_993n + BigInt(index)}` }));
    shop.putOrders([order]);
    const [record] = (await records.orders([String(order.id)])).records;
    expect((record.payload.line_items as Array<{ id: string }>).map((item) => item.id)).toEqual((order.line_items as Array<{ id: string }>).map((item) => item.id));
  });

  it("waits for Shopify's cost bucket when throttled (as Shopify asks), then gets everything", async () => {
    const waits: number[] = [];
    // A small bucket (Shopify's smallest, 1,000 points at 50 a second): two order queries empty it. Waiting
    // advances the emulator's clock, not the test's.
    const { shop, records } = reader("throttled.myshopify.com", { maximumAvailable: 1000, restoreRate: 50 }, async (ms) => {
      waits.push(ms);
      now += ms;
    });
    const fetched = await records.orders(history.orders.map((order) => String(order.id)));
    expect(fetched.records).toHaveLength(history.orders.length);
    expect(shop.throttled).toBeGreaterThan(0);
    expect(waits.length).toBe(shop.throttled);
    expect(waits.every((ms) => ms > 0)).toBe(true);
  });

  it("says so when the shop's token is refused, and when Shopify does not know an id", async () => {
    const { shop, records } = reader("revoked.myshopify.com");
    expect((await records.orders(["1"])).missing).toEqual(["1"]);
    shop.accessToken = "shpat_rotated";
    await expect(records.orders([String(history.orders[0].id)])).rejects.toBeInstanceOf(ShopifyAdminApiError);
  });
});
