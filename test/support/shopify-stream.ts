import { randomUUID } from "node:crypto";
import { parseExactJson } from "../../app/sync/exact-json";
import type { WebhookTopic } from "../../app/sync/webhook-topics";
import { shopifyFixture } from "./shopify-webhooks";

/** One webhook delivery as Shopify would send it. */
export interface Delivery {
  topic: WebhookTopic;
  shop: string;
  body: string;
  eventId: string;
  webhookId: string;
  triggeredAt: string;
}

type Json = Record<string, unknown>;

const rawJson = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;

/**
 * Serialises like Shopify: ids are JSON numbers on the wire even above 2^53 (exact digits, via
 * JSON.rawJSON), so the app must keep them exact itself.
 */
export function toShopifyJson(payload: unknown): string {
  return JSON.stringify(payload, (key, value) =>
    (key === "id" || key.endsWith("_id")) && typeof value === "string" && /^\d+$/.test(value) ? rawJson(value) : value,
  );
}

const base = {
  customer: parseExactJson(shopifyFixture("customers_create.json").toString("utf8")) as Json,
  order: parseExactJson(shopifyFixture("orders_create.json").toString("utf8")) as Json,
  refund: parseExactJson(shopifyFixture("refunds_create.json").toString("utf8")) as Json,
};

const clone = <T>(value: T): T => structuredClone(value);

/** Deterministic PRNG (mulberry32) so streams and their shuffles repeat exactly for a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES: Array<[string, string]> = [
  ["Zoë", "Ångström"],
  ["José", "Núñez"],
  ["雷", "李"],
  ["Ærin", "O'Connor"],
  ["Søren", "Kierkegård"],
  ["Amélie", "Poulain-Dubois"],
  ["Ğökhan", "Çelik"],
  ["Ólafur", "Þórsson"],
];

/** Ids above 2^53 (like Shopify's), distinct per kind and index. */
export function bigId(kind: number, index: number): string {
  return (9_007_199_254_740_993n + BigInt(kind) * 1_000_000_000n + BigInt(index)).toString();
}

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 9, 0, 0) + minutes * 60_000).toISOString();

export function customerPayload(index: number, version = 0): Json {
  const customer = clone(base.customer);
  const [first, last] = NAMES[index % NAMES.length];
  const id = bigId(1, index);
  Object.assign(customer, {
    id,
    admin_graphql_api_id: `gid://shopify/Customer/${id}`,
    first_name: first,
    last_name: `${last} ${index}`,
    email: `customer${index}@example.com`,
    created_at: at(index),
    updated_at: at(index + version * 60),
    note: version > 0 ? `Updated ${version}` : "New customer",
  });
  Object.assign(customer.default_address as Json, {
    id: bigId(2, index),
    customer_id: id,
    first_name: first,
    last_name: `${last} ${index}`,
    city: version > 0 ? `City v${version}` : "Ottawa",
  });
  return customer;
}

export interface OrderOptions {
  customerIndex: number | null;
  lines?: number;
  financialStatus?: string;
  presentmentCurrency?: string;
  version?: number;
  currentTotal?: string;
  /** The first n lines were refunded away: their current_quantity is 0 (Shopify's view after a refund). */
  refundedLines?: number;
}

export function orderPayload(index: number, options: OrderOptions): Json {
  const order = clone(base.order);
  const id = bigId(3, index);
  const lineCount = options.lines ?? 2;
  const template = (order.line_items as Json[])[0];
  const lines = Array.from({ length: lineCount }, (_, line) => {
    const item = clone(template);
    const variant = bigId(5, line % 40);
    Object.assign(item, {
      id: bigId(4, index * 1000 + line),
      admin_graphql_api_id: `gid://shopify/LineItem/${bigId(4, index * 1000 + line)}`,
      variant_id: variant,
      product_id: bigId(6, line % 40),
      title: `Product ${line % 40}`,
      name: `Product ${line % 40} — Größe M`,
      sku: `SKU-${line % 40}`,
      price: (10 + (line % 40)).toFixed(2),
      quantity: 1 + (line % 3),
      current_quantity: line < (options.refundedLines ?? 0) ? 0 : 1 + (line % 3),
    });
    return item;
  });
  const total = lines.reduce((sum, item) => sum + Number(item.price) * Number(item.quantity), 0).toFixed(2);
  const version = options.version ?? 0;
  const currency = "USD";
  const presentment = options.presentmentCurrency ?? currency;
  Object.assign(order, {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${1000 + index}`,
    order_number: 1000 + index,
    number: index,
    email: options.customerIndex === null ? `guest${index}@example.com` : `customer${options.customerIndex}@example.com`,
    created_at: at(index),
    processed_at: at(index),
    updated_at: at(index + version * 30),
    financial_status: options.financialStatus ?? "pending",
    cancelled_at: null,
    cancel_reason: null,
    currency,
    presentment_currency: presentment,
    total_price: total,
    subtotal_price: total,
    current_total_price: options.currentTotal ?? total,
    current_subtotal_price: options.currentTotal ?? total,
    line_items: lines,
    refunds: [],
    customer: options.customerIndex === null ? null : { ...customerPayload(options.customerIndex), default_address: undefined },
  });
  if (presentment !== currency) {
    const converted = (Number(options.currentTotal ?? total) * 0.92).toFixed(2);
    order.current_total_price_set = {
      shop_money: { amount: options.currentTotal ?? total, currency_code: currency },
      presentment_money: { amount: converted, currency_code: presentment },
    };
  }
  return order;
}

export function refundPayload(index: number, orderIndex: number, amount: string, lineIds: string[]): Json {
  const refund = clone(base.refund);
  const id = bigId(7, index);
  const template = (refund.refund_line_items as Json[])[0];
  Object.assign(refund, {
    id,
    order_id: bigId(3, orderIndex),
    admin_graphql_api_id: `gid://shopify/Refund/${id}`,
    created_at: at(orderIndex + 45),
    processed_at: at(orderIndex + 45),
    note: "Damaged in transit — partial refund",
    refund_line_items: lineIds.map((lineId, n) => ({ ...clone(template), id: bigId(8, index * 100 + n), line_item_id: lineId })),
    transactions: [{ id: bigId(9, index), order_id: bigId(3, orderIndex), kind: "refund", status: "success", amount, currency: "USD" }],
  });
  return refund;
}

function delivery(topic: WebhookTopic, shop: string, payload: unknown, triggeredAt: string): Delivery {
  return { topic, shop, body: toShopifyJson(payload), eventId: randomUUID(), webhookId: randomUUID(), triggeredAt };
}

export interface StreamOptions {
  shop: string;
  customers?: number;
  orders?: number;
  seed?: number;
  /** Every delivery repeated this many times (Shopify retries). */
  copies?: number;
  shuffle?: boolean;
}

/**
 * A realistic, scripted stream: customers created then updated (unicode names), orders created then paid
 * (one guest checkout, one with 250 lines, one in a presentment currency other than the shop's), a
 * partial refund followed by the orders/updated Shopify sends after it. With `copies` > 1 every delivery
 * is repeated (same event id, new webhook id); with `shuffle`, deliveries arrive in any order.
 */
export function scriptedStream(options: StreamOptions): Delivery[] {
  const { shop } = options;
  const customers = options.customers ?? 6;
  const orders = options.orders ?? 6;
  const stream: Delivery[] = [];
  for (let c = 0; c < customers; c++) {
    stream.push(delivery("customers/create", shop, customerPayload(c, 0), at(c)));
    stream.push(delivery("customers/update", shop, customerPayload(c, 1), at(c + 60)));
  }
  for (let o = 0; o < orders; o++) {
    const shape: OrderOptions = {
      customerIndex: o === 1 ? null : o % customers,
      lines: o === 2 ? 250 : 2 + (o % 3),
      presentmentCurrency: o === 3 ? "EUR" : "USD",
    };
    stream.push(delivery("orders/create", shop, orderPayload(o, { ...shape, version: 0 }), at(o)));
    stream.push(delivery("orders/paid", shop, orderPayload(o, { ...shape, version: 1, financialStatus: "paid" }), at(o + 30)));
  }
  if (orders > 0) {
    const paid = orderPayload(0, { customerIndex: 0, lines: 2, version: 1, financialStatus: "paid" });
    const lines = (paid.line_items as Json[]).map((line) => String(line.id));
    const refundAmount = "10.00";
    const remaining = (Number(paid.current_total_price) - Number(refundAmount)).toFixed(2);
    stream.push(delivery("refunds/create", shop, refundPayload(0, 0, refundAmount, lines.slice(0, 1)), at(45)));
    stream.push(
      delivery(
        "orders/updated",
        shop,
        orderPayload(0, { customerIndex: 0, lines: 2, version: 2, financialStatus: "partially_refunded", currentTotal: remaining, refundedLines: 1 }),
        at(60),
      ),
    );
  }
  const copies = options.copies ?? 1;
  const repeated = stream.flatMap((item) => Array.from({ length: copies }, (_, n) => (n === 0 ? item : { ...item, webhookId: randomUUID() })));
  if (!options.shuffle) return repeated;
  const random = seededRandom(options.seed ?? 1);
  for (let i = repeated.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [repeated[i], repeated[j]] = [repeated[j], repeated[i]];
  }
  return repeated;
}
