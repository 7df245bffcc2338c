import type { WebhookTopic } from "../../app/sync/webhook-topics";
import { moneyOrder, type MoneyOrderSpec, type MoneyRefund } from "./money-orders";
import { toShopifyJson, type Delivery } from "./shopify-stream";

// The demo's money story (`npm run demo`), built from consistent variants of the Shopify samples in
// test/fixtures/shopify (money-orders.ts computes every total from the lines, to the cent):
// - an order with a discount code, shipping and tax that is then EDITED (one line removed, another
//   reduced: orders/updated with current_quantity 0 and 2);
// - an order with a refund that is PENDING when refunds/create arrives and settles in a later
//   orders/updated.

const A = { id: "9900000000000000001", variantId: "8900000000000000001", title: "Aviator sunglasses", price: "40.00", quantity: 3 };
const B = { id: "9900000000000000002", variantId: "8900000000000000002", title: "Leather case", price: "15.00", quantity: 1 };
const C = { id: "9900000000000000003", variantId: "8900000000000000003", title: "Lens cloth", price: "3.33", quantity: 7 };
// Shopify line item ids are global: the second order's lines (same products) have their own.
const A2 = { ...A, id: "9900000000000000011" };
const B2 = { ...B, id: "9900000000000000012" };

export const DEMO_EDITED_ORDER_ID = "5900000000000000001";
export const DEMO_REFUNDED_ORDER_ID = "5900000000000000002";

export function demoMoneyStream(shop: string, startAt = Date.now()): Delivery[] {
  const edited: MoneyOrderSpec = {
    id: DEMO_EDITED_ORDER_ID,
    name: "#D101",
    lines: [A, B, C],
    shipping: "12.50",
    taxRate: 0.0825,
    discountCode: { code: "SAVE20", amount: "20.00" },
    updatedAt: "2026-12-01T10:00:00Z",
  };
  const afterEdit: MoneyOrderSpec = { ...edited, lines: [{ ...A, currentQuantity: 2 }, { ...B, currentQuantity: 0 }, C], updatedAt: "2026-12-01T10:30:00Z" };

  const refunded: MoneyOrderSpec = { id: DEMO_REFUNDED_ORDER_ID, name: "#D102", lines: [A2, B2], shipping: "5.00", updatedAt: "2026-12-01T11:00:00Z" };
  const pending: MoneyRefund = {
    id: "6900000000000000002",
    lines: [{ lineId: A2.id, quantity: 1, restockType: "return" }],
    transactions: [{ id: "7900000000000000021", amount: "40.00", status: "pending" }],
    note: "Returned: scratched lens",
  };
  const settled: MoneyRefund = { ...pending, transactions: [{ id: "7900000000000000021", amount: "40.00", status: "success" }] };
  const afterRefund: MoneyOrderSpec = { ...refunded, lines: [{ ...A2, currentQuantity: 2 }, B2], financialStatus: "partially_refunded" };
  const refundEvent = (moneyOrder({ ...refunded, refunds: [pending] }).payload.refunds as Array<Record<string, unknown>>)[0] as Record<string, unknown>;

  const steps: Array<[WebhookTopic, Record<string, unknown>]> = [
    ["orders/create", moneyOrder(edited).payload],
    ["orders/updated", moneyOrder(afterEdit).payload],
    ["orders/create", moneyOrder(refunded).payload],
    ["refunds/create", refundEvent],
    ["orders/updated", moneyOrder({ ...afterRefund, refunds: [pending], updatedAt: "2026-12-01T11:30:00Z" }).payload],
    ["orders/updated", moneyOrder({ ...afterRefund, refunds: [settled], updatedAt: "2026-12-01T12:00:00Z" }).payload],
  ];
  return steps.map(([topic, payload], index) => ({
    topic,
    shop,
    body: toShopifyJson(payload),
    eventId: `demo-money-${index + 1}`,
    webhookId: `demo-money-${index + 1}`,
    triggeredAt: new Date(startAt + index * 1000).toISOString(),
  }));
}
