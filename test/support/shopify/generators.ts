import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseExactJson } from "../../../app/sync/exact-json";

// Seed data for the Shopify emulator, shaped exactly like Shopify's webhook (REST) payloads: every record
// starts as a clone of a fixture in test/fixtures/shopify/ and only the values change. The emulator keeps
// these REST-shaped records as its source of truth and answers GraphQL from them, so one record can be
// delivered both as a webhook and through Admin GraphQL, and a test can compare the two paths.

type Json = Record<string, unknown>;

const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/shopify");
const fixture = (name: string) => parseExactJson(readFileSync(path.join(fixturesDir, name), "utf8")) as Json;
const base = { customer: fixture("customers_create.json"), order: fixture("orders_create.json"), refund: fixture("refunds_create.json") };
const clone = <T>(value: T): T => structuredClone(value);

/** Ids above 2^53, like Shopify's: kind picks a range so ids of different kinds never collide. */
export function shopifyBigId(kind: number, index: number): string {
  return (9_007_199_254_740_993n + BigInt(kind) * 10_000_000_000n + BigInt(index)).toString();
}

/** Deterministic PRNG (mulberry32): a seed always yields the same shop. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ["Zoë", "José", "雷", "Ærin", "Søren", "Amélie", "Ğökhan", "Ólafur", "Ana", "Liam"];
const LAST = ["Ångström", "Núñez", "李", "O'Connor", "Kierkegård", "Poulain-Dubois", "Çelik", "Þórsson", "Silva", "Smith"];
const CITIES: Array<[string, string, string, string]> = [
  ["Ottawa", "Ontario", "ON", "Canada"],
  ["Montréal", "Quebec", "QC", "Canada"],
  ["Louisville", "Kentucky", "KY", "United States"],
];

const money = (cents: number) => (cents / 100).toFixed(2);
const set = (cents: number, currency: string) => ({
  shop_money: { amount: money(cents), currency_code: currency },
  presentment_money: { amount: money(cents), currency_code: currency },
});
/** Shopify's REST timestamps carry the shop's offset; UTC here ("Z" is a valid offset). */
const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

export interface CustomerSeed {
  index: number;
  createdAt: number;
  updatedAt: number;
}

export function generateCustomer(seed: CustomerSeed): Json {
  const { index } = seed;
  const customer = clone(base.customer);
  const id = shopifyBigId(1, index);
  const first = FIRST[index % FIRST.length];
  const last = `${LAST[index % LAST.length]} ${index}`;
  const [city, province, provinceCode, country] = CITIES[index % CITIES.length];
  const address = {
    ...(customer.default_address as Json),
    id: shopifyBigId(2, index),
    customer_id: id,
    first_name: first,
    last_name: last,
    company: null,
    address1: `${index} Elm St.`,
    city,
    province,
    province_code: provinceCode,
    country,
    country_code: country === "Canada" ? "CA" : "US",
    country_name: country,
    zip: "K2P 1L4",
    phone: null,
    name: `${first} ${last}`,
    default: true,
  };
  Object.assign(customer, {
    id,
    admin_graphql_api_id: `gid://shopify/Customer/${id}`,
    first_name: first,
    last_name: last,
    email: `customer${index}@example.com`,
    phone: null,
    created_at: iso(seed.createdAt),
    updated_at: iso(seed.updatedAt),
    state: "enabled",
    note: `Customer since ${iso(seed.createdAt).slice(0, 10)}`,
    verified_email: true,
    tax_exempt: false,
    tags: "",
    currency: "USD",
    addresses: [address],
    default_address: address,
  });
  return customer;
}

export interface OrderSeed {
  index: number;
  createdAt: number;
  updatedAt: number;
  /** The customer's REST payload, or null for a guest checkout. */
  customer: Json | null;
  lines: number;
  /** Percentage off every line (0 = no discount). */
  discountPercent: number;
  shippingCents: number;
  /** Tax rate applied to discounted lines and shipping, e.g. 0.13. */
  taxRate: number;
  /** Refund the first line in full (with its tax), by a successful refund transaction. */
  refundFirstLine: boolean;
  currency?: string;
}

interface LineMoney {
  unit: number;
  quantity: number;
  discount: number;
  tax: number;
}

/**
 * An order whose money adds up the way Shopify's does: subtotal = lines − discounts, total = subtotal +
 * shipping + tax, current_* = after refunds (money refunded only by a successful refund transaction).
 */
export function generateOrder(seed: OrderSeed): Json {
  const { index } = seed;
  const currency = seed.currency ?? "USD";
  const order = clone(base.order);
  const id = shopifyBigId(3, index);
  const template = (order.line_items as Json[])[0];
  const moneyOf: LineMoney[] = [];
  const discountCode = seed.discountPercent > 0 ? `SAVE${seed.discountPercent}` : null;
  const lineItems = Array.from({ length: seed.lines }, (_, line) => {
    const product = (index * 7 + line) % 40;
    const unit = 1000 + product * 125;
    const quantity = 1 + ((index + line) % 3);
    const discount = Math.round((unit * quantity * seed.discountPercent) / 100);
    const tax = Math.round((unit * quantity - discount) * seed.taxRate);
    moneyOf.push({ unit, quantity, discount, tax });
    const lineId = shopifyBigId(4, index * 100 + line);
    return {
      ...clone(template),
      id: lineId,
      admin_graphql_api_id: `gid://shopify/LineItem/${lineId}`,
      variant_id: shopifyBigId(5, product),
      product_id: shopifyBigId(6, product),
      title: `Product ${product}`,
      name: `Product ${product} — Größe M`,
      variant_title: "M",
      sku: `SKU-${product}`,
      vendor: "Acme",
      price: money(unit),
      price_set: set(unit, currency),
      quantity,
      current_quantity: quantity,
      fulfillable_quantity: quantity,
      total_discount: "0.00",
      total_discount_set: set(0, currency),
      discount_allocations: discount > 0 ? [{ amount: money(discount), amount_set: set(discount, currency), discount_application_index: 0 }] : [],
      tax_lines: seed.taxRate > 0 ? [{ title: "HST", rate: seed.taxRate, price: money(tax), price_set: set(tax, currency), channel_liable: false }] : [],
      attributed_staffs: [],
      duties: [],
    };
  });
  const lineTotal = moneyOf.reduce((sum, m) => sum + m.unit * m.quantity, 0);
  const discounts = moneyOf.reduce((sum, m) => sum + m.discount, 0);
  const shippingTax = Math.round(seed.shippingCents * seed.taxRate);
  const tax = moneyOf.reduce((sum, m) => sum + m.tax, 0) + shippingTax;
  const subtotal = lineTotal - discounts;
  const total = subtotal + seed.shippingCents + tax;

  const refunds: Json[] = [];
  let refundedSubtotal = 0;
  let refundedTax = 0;
  if (seed.refundFirstLine && lineItems.length > 0) {
    const first = moneyOf[0];
    refundedSubtotal = first.unit * first.quantity - first.discount;
    refundedTax = first.tax;
    const refundId = shopifyBigId(7, index);
    const at = seed.updatedAt;
    (lineItems[0] as Json).current_quantity = 0;
    (lineItems[0] as Json).fulfillable_quantity = 0;
    refunds.push({
      ...clone(base.refund),
      id: refundId,
      admin_graphql_api_id: `gid://shopify/Refund/${refundId}`,
      order_id: id,
      created_at: iso(at),
      processed_at: iso(at),
      note: "Damaged in transit",
      restock: false,
      user_id: null,
      duties: [],
      total_duties_set: set(0, currency),
      return: null,
      refund_shipping_lines: [],
      order_adjustments: [],
      refund_line_items: [
        {
          id: shopifyBigId(8, index),
          line_item_id: lineItems[0].id,
          location_id: null,
          quantity: first.quantity,
          restock_type: "no_restock",
          subtotal: Number(money(refundedSubtotal)),
          subtotal_set: set(refundedSubtotal, currency),
          total_tax: Number(money(refundedTax)),
          total_tax_set: set(refundedTax, currency),
          line_item: clone(lineItems[0]),
        },
      ],
      transactions: [refundTransaction(index, id, refundedSubtotal + refundedTax, currency, at)],
    });
  }
  const refunded = refundedSubtotal + refundedTax;
  const shipping = seed.shippingCents;
  Object.assign(order, {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${1000 + index}`,
    number: index,
    order_number: 1000 + index,
    email: seed.customer ? seed.customer.email : `guest${index}@example.com`,
    contact_email: seed.customer ? seed.customer.email : `guest${index}@example.com`,
    phone: null,
    created_at: iso(seed.createdAt),
    processed_at: iso(seed.createdAt),
    updated_at: iso(seed.updatedAt),
    cancelled_at: null,
    cancel_reason: null,
    closed_at: null,
    confirmed: true,
    test: false,
    note: null,
    tags: "",
    currency,
    presentment_currency: currency,
    financial_status: refunded > 0 ? "partially_refunded" : "paid",
    fulfillment_status: null,
    taxes_included: false,
    tax_exempt: false,
    estimated_taxes: false,
    payment_gateway_names: ["bogus"],
    total_line_items_price: money(lineTotal),
    total_line_items_price_set: set(lineTotal, currency),
    total_discounts: money(discounts),
    total_discounts_set: set(discounts, currency),
    current_total_discounts: money(discounts),
    current_total_discounts_set: set(discounts, currency),
    subtotal_price: money(subtotal),
    subtotal_price_set: set(subtotal, currency),
    current_subtotal_price: money(subtotal - refundedSubtotal),
    current_subtotal_price_set: set(subtotal - refundedSubtotal, currency),
    total_shipping_price_set: set(shipping, currency),
    current_shipping_price_set: set(shipping, currency),
    total_tax: money(tax),
    total_tax_set: set(tax, currency),
    current_total_tax: money(tax - refundedTax),
    current_total_tax_set: set(tax - refundedTax, currency),
    total_price: money(total),
    total_price_set: set(total, currency),
    current_total_price: money(total - refunded),
    current_total_price_set: set(total - refunded, currency),
    total_outstanding: "0.00",
    total_tip_received: "0.00",
    discount_codes: discountCode ? [{ code: discountCode, amount: money(discounts), type: "percentage" }] : [],
    discount_applications: discountCode
      ? [{ target_type: "line_item", type: "discount_code", value: `${seed.discountPercent}.0`, value_type: "percentage", allocation_method: "across", target_selection: "all", code: discountCode }]
      : [],
    shipping_lines: shipping > 0 ? [shippingLine(index, shipping, shippingTax, seed.taxRate, currency)] : [],
    tax_lines: seed.taxRate > 0 ? [{ title: "HST", rate: seed.taxRate, price: money(tax), price_set: set(tax, currency), channel_liable: false }] : [],
    line_items: lineItems,
    refunds,
    transactions: [saleTransaction(index, id, total, currency, seed.createdAt)],
    fulfillments: [],
    returns: [],
    line_item_groups: [],
    customer: seed.customer ? orderCustomer(seed.customer) : null,
    billing_address: seed.customer ? orderAddress(seed.customer) : null,
    shipping_address: seed.customer ? orderAddress(seed.customer) : null,
  });
  return order;
}

function shippingLine(index: number, cents: number, taxCents: number, rate: number, currency: string): Json {
  return {
    id: shopifyBigId(10, index),
    title: "Standard",
    code: "STANDARD",
    source: "shopify",
    carrier_identifier: null,
    price: money(cents),
    price_set: set(cents, currency),
    discounted_price: money(cents),
    discounted_price_set: set(cents, currency),
    current_discounted_price_set: set(cents, currency),
    is_removed: false,
    tax_lines: rate > 0 ? [{ title: "HST", rate, price: money(taxCents), price_set: set(taxCents, currency), channel_liable: false }] : [],
    discount_allocations: [],
  };
}

function saleTransaction(index: number, orderId: string, cents: number, currency: string, at: number): Json {
  const id = shopifyBigId(11, index);
  return { id, admin_graphql_api_id: `gid://shopify/OrderTransaction/${id}`, order_id: orderId, kind: "sale", status: "success", gateway: "bogus", amount: money(cents), currency, created_at: iso(at), processed_at: iso(at), parent_id: null, test: false };
}

function refundTransaction(index: number, orderId: string, cents: number, currency: string, at: number): Json {
  const id = shopifyBigId(9, index);
  return { id, admin_graphql_api_id: `gid://shopify/OrderTransaction/${id}`, order_id: orderId, kind: "refund", status: "success", gateway: "bogus", amount: money(cents), currency, created_at: iso(at), processed_at: iso(at), parent_id: shopifyBigId(11, index), test: false };
}

function orderCustomer(customer: Json): Json {
  const { addresses: _addresses, ...rest } = customer;
  return clone(rest);
}

function orderAddress(customer: Json): Json {
  const address = customer.default_address as Json;
  const { id: _id, customer_id: _customerId, default: _default, country_name: _countryName, ...rest } = address;
  return { ...clone(rest), latitude: null, longitude: null };
}

export interface ShopSeedOptions {
  seed?: number;
  customers: number;
  orders: number;
  /** "Now" for the shop; history reaches back `historyDays` from it. */
  now: number;
  historyDays?: number;
  /** Lines per order: 1..maxLines. */
  maxLines?: number;
  /** Share of orders with a refunded first line (0..1). */
  refundShare?: number;
}

export interface ShopSeed {
  customers: Json[];
  orders: Json[];
}

/**
 * A shop's history: customers and orders spread over `historyDays` (default 400, so some are older than
 * the 60 days an app sees without read_all_orders), guests, discounts, shipping, tax and refunds.
 */
export function generateShopHistory(options: ShopSeedOptions): ShopSeed {
  const random = prng(options.seed ?? 1);
  const span = (options.historyDays ?? 400) * 86_400_000;
  const customers: Json[] = [];
  for (let index = 0; index < options.customers; index++) {
    const createdAt = options.now - span + Math.floor((span * index) / Math.max(1, options.customers)) + Math.floor(random() * 3_600_000);
    const updatedAt = Math.min(options.now - 1000, createdAt + Math.floor(random() * 5 * 86_400_000));
    customers.push(generateCustomer({ index, createdAt, updatedAt }));
  }
  const orders: Json[] = [];
  for (let index = 0; index < options.orders; index++) {
    const createdAt = options.now - span + Math.floor((span * index) / Math.max(1, options.orders)) + Math.floor(random() * 3_600_000);
    const updatedAt = Math.min(options.now - 1000, createdAt + Math.floor(random() * 2 * 86_400_000));
    const guest = customers.length === 0 || random() < 0.1;
    orders.push(
      generateOrder({
        index,
        createdAt,
        updatedAt,
        customer: guest ? null : customers[Math.floor(random() * customers.length)],
        lines: 1 + Math.floor(random() * (options.maxLines ?? 3)),
        discountPercent: random() < 0.3 ? 10 : 0,
        shippingCents: random() < 0.8 ? 995 : 0,
        taxRate: 0.13,
        refundFirstLine: random() < (options.refundShare ?? 0.1),
      }),
    );
  }
  return { customers, orders };
}
