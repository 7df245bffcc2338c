import type { MoneyBag } from "./order-money";

// JSONata for the money of the default order and refund mappings (docs/money-model.md). Order figures
// come from `_money.<bag>.*`, which applyMapping adds to order payloads (order-money.ts computes them
// in integer cents); per-line values are read from the line itself.

export type { MoneyBag } from "./order-money";

export type AdjustmentKind = "discounts" | "shipping" | "tax" | "duties" | "fees" | "other";

const figure = (bag: MoneyBag, name: string) => `_money.${bag}.${name}`;

/** Decimal amount of an adjustment line (negative for discounts). */
export function adjustmentAmount(kind: AdjustmentKind, bag: MoneyBag): string {
  return figure(bag, kind);
}

/** True when the adjustment is not zero (zero lines are not written, and are deleted when they become zero). */
export function adjustmentPresent(kind: AdjustmentKind, bag: MoneyBag): string {
  return `${figure(bag, kind)} != 0`;
}

const QUANTITY = "($exists($item.current_quantity) and $item.current_quantity != null ? $item.current_quantity : $item.quantity)";

/** A product line's quantity now: `current_quantity` (after edits and removals), else `quantity`. */
export function lineQuantity(): string {
  return QUANTITY;
}

/** A product line that still has units; lines edited or refunded down to zero are deleted. */
export function lineStillOrdered(): string {
  return `${QUANTITY} > 0`;
}

/** A product line's unit list price (before discounts: discounts are their own line). */
export function lineUnitPrice(bag: MoneyBag): string {
  return bag === "shop_money" ? "($exists($item.price) and $item.price != null ? $item.price : $item.price_set.shop_money.amount)" : "$item.price_set.presentment_money.amount";
}

/** Breakdown written on the order record. */
export function orderFigure(name: "subtotal" | "totalDiscounts" | "shipping" | "taxCharged" | "total" | "refunded" | "refundPending" | "currency", bag: MoneyBag): string {
  return figure(bag, name);
}

/** What the customer still owes (shop money only: Shopify sends no presentment amount for it). */
export const ORDER_OUTSTANDING = "total_outstanding";

// ---- refunds: evaluated on a refund payload (on = "") or on an order's refunds[] element (on = "$item.") ----

/** Money refunded by this refund: its refund transactions with the given status only (never line subtotals). */
export function refundAmount(status: "success" | "pending", on = ""): string {
  return `$sum([${on}transactions[kind = 'refund' and status = '${status}'].$number(amount)])`;
}

/**
 * What this refund is: "refunded", "pending", "partially pending", "failed" (every refund transaction
 * failed), or "restock only" (no money moved: no transactions).
 */
export function refundStatus(on = ""): string {
  return (
    `( $tx := ${on}transactions[kind = 'refund']; $ok := $tx[status = 'success']; $pending := $tx[status = 'pending']; ` +
    "$count($tx) = 0 ? 'restock only' : $count($pending) > 0 ? ($count($ok) > 0 ? 'partially pending' : 'pending') : " +
    "$count($ok) > 0 ? 'refunded' : 'failed' )"
  );
}

/** The refund's money is in the currency of its transactions (the presentment currency). */
export function refundCurrency(on = ""): string {
  return `( $c := ${on}transactions[kind = 'refund' and currency][0].currency; $c ? $c : ${on}refund_line_items[0].subtotal_set.presentment_money.currency_code )`;
}

/** "2 × Aviator sunglasses; 1 × Lens (return)": the lines a refund took back, money or not. */
export function refundLines(on = ""): string {
  return (
    `$join(${on}refund_line_items.( $string(quantity) & ' × ' & (line_item.name ? line_item.name : line_item_id) & ` +
    "(restock_type and restock_type != 'no_restock' ? ' (' & restock_type & ')' : '') ), '; ')"
  );
}
