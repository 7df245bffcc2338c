import { clone, loadShopifyFixture, type Json } from "./fixtures";

// Variations of Shopify's samples that real shops send and the samples do not show. Ids stay strings
// beyond 2^53, exactly as the intake stores them.

/** The published order sample is cancelled and voided; most real orders are paid and open. */
export function paidOrder(overrides: Json = {}): Json {
  const order = clone(loadShopifyFixture("orders_create"));
  return { ...order, financial_status: "paid", cancelled_at: null, cancel_reason: null, test: false, ...overrides };
}

export function guestOrder(): Json {
  return paidOrder({ customer: null, id: "820982911946154600", name: "#1002", admin_graphql_api_id: "gid://shopify/Order/820982911946154600" });
}

/** Orders in a presentment currency other than the shop's: amounts we map stay in shop currency. */
export function presentmentOrder(): Json {
  const order = paidOrder({ presentment_currency: "EUR", current_total_price: "414.95" });
  const set = order.current_total_price_set as Json;
  set.presentment_money = { amount: "381.75", currency_code: "EUR" };
  for (const line of order.line_items as Json[]) {
    (line.price_set as Json).presentment_money = { amount: "1.00", currency_code: "EUR" };
  }
  return order;
}

/** n line items, each its own variant, ids above 2^53. */
export function orderWithLines(count: number, overrides: Json = {}): Json {
  const order = paidOrder(overrides);
  const template = (order.line_items as Json[])[0] as Json;
  order.line_items = Array.from({ length: count }, (_unused, i) => ({
    ...clone(template),
    id: (9_007_199_254_740_993n + BigInt(i) * 2n).toString(),
    variant_id: (8_007_199_254_740_993n + BigInt(i)).toString(),
    product_id: (7_007_199_254_740_993n + BigInt(i)).toString(),
    name: `Widget ${i + 1} - Blue`,
    title: `Widget ${i + 1}`,
    sku: `W-${i + 1}`,
    price: `${(i % 50) + 1}.99`,
    price_set: { shop_money: { amount: `${(i % 50) + 1}.99`, currency_code: "USD" }, presentment_money: { amount: `${(i % 50) + 1}.99`, currency_code: "USD" } },
    quantity: (i % 3) + 1,
    current_quantity: (i % 3) + 1,
  }));
  // Totals that agree with the lines (no discount, shipping or tax), so only product lines are written.
  const cents = (order.line_items as Json[]).reduce((sum, line) => sum + Math.round(Number(line.price) * 100) * Number(line.quantity), 0);
  const amount = (cents / 100).toFixed(2);
  const bag = { shop_money: { amount, currency_code: "USD" }, presentment_money: { amount, currency_code: "USD" } };
  const zero = { shop_money: { amount: "0.00", currency_code: "USD" }, presentment_money: { amount: "0.00", currency_code: "USD" } };
  for (const key of ["total_line_items_price", "subtotal_price", "current_subtotal_price", "total_price", "current_total_price"]) {
    order[key] = amount;
    order[`${key}_set`] = structuredClone(bag);
  }
  for (const key of ["total_discounts", "current_total_discounts", "total_tax", "current_total_tax"]) {
    order[key] = "0.00";
    order[`${key}_set`] = structuredClone(zero);
  }
  order.current_shipping_price_set = structuredClone(zero);
  return order;
}

export function customer(overrides: Json = {}): Json {
  return { ...clone(loadShopifyFixture("customers_create")), ...overrides };
}

export function unicodeCustomer(): Json {
  const base = customer({ id: "706405506930370999", first_name: "  zoë  ", last_name: "ÅNGSTRÖM-ÑÚÑEZ 山田", email: " Zoë.Ångström@Example.COM " });
  (base.default_address as Json).company = null;
  (base.default_address as Json).city = "Zürich";
  return base;
}

export function refund(overrides: Json = {}): Json {
  return { ...clone(loadShopifyFixture("refunds_create")), ...overrides };
}
