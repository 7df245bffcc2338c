import type { WebhookTopic } from "../../app/sync/webhook-topics";
import { customerPayload, orderPayload, refundPayload } from "../support/shopify-stream";

/** Mixed events: new customers, their orders (2–4 lines), payments of earlier orders, partial refunds. */
export function* mixedEvents(count: number): Generator<{ topic: WebhookTopic; payload: Record<string, unknown> }> {
  let customers = 0;
  let orders = 0;
  for (let i = 0; i < count; i++) {
    const slot = i % 10;
    if (slot < 4 || customers === 0) yield { topic: "customers/create", payload: customerPayload(customers++, 0) };
    else if (slot < 8 || orders < 2) yield { topic: "orders/create", payload: orderPayload(orders++, { customerIndex: i % customers, lines: 2 + (i % 3) }) };
    // Payments and refunds follow their order by a while (here: 20 and 50 orders later), as in a shop.
    else if (slot === 8) {
      const order = Math.max(0, orders - 20);
      yield { topic: "orders/paid", payload: orderPayload(order, { customerIndex: order % customers, lines: 2 + (order % 3), version: 1, financialStatus: "paid" }) };
    } else {
      const order = Math.max(0, orders - 50);
      yield { topic: "refunds/create", payload: refundPayload(i, order, "5.00", []) };
    }
  }
}

