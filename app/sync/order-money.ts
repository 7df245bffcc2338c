import { isPlainObject } from "./json-value";

// The money of an order, computed once per payload in integer cents and offered to mappings as
// `_money.shop_money.*` / `_money.presentment_money.*` (docs/money-model.md). Doing it here, not in
// JSONata, keeps it exact and cheap: summing 250 lines in JSONata takes tens of milliseconds, and the
// default mapping needs the figures in a dozen places.
//
// Salesforce sets Opportunity.Amount / Order.TotalAmount to the sum of the line items once there are
// any. So the order is written as product lines at list price × current quantity plus one adjustment
// line per component, and the components are defined so their sum is exactly Shopify's current total:
//   products + discounts + shipping + tax + duties + fees + other = total
// `discounts` is what the current subtotal lacks from the lines (line- and order-level product
// discounts, negative); `shipping` is current_shipping_price_set (net of shipping discounts); tax and
// duties only when not already included in the prices; `other` is whatever else Shopify counts (tips,
// cash rounding), usually zero.

export type MoneyBag = "shop_money" | "presentment_money";
export const MONEY_BAGS: readonly MoneyBag[] = ["shop_money", "presentment_money"];

export interface MoneyFigures {
  products: number;
  discounts: number;
  shipping: number;
  tax: number;
  duties: number;
  fees: number;
  other: number;
  total: number;
  subtotal: number;
  /** Shopify's own total discounts (product and shipping discounts), positive. */
  totalDiscounts: number;
  /** Tax charged, whether or not it is included in the prices. */
  taxCharged: number;
  /** Successful refund transactions, converted into this bag's currency. */
  refunded: number;
  /** Pending refund transactions, converted into this bag's currency. */
  refundPending: number;
  currency: string | null;
}

type Json = Record<string, unknown>;

const cents = (value: unknown): number | null => {
  if (value === null || value === undefined || value === "") return null;
  const number = typeof value === "number" ? value : Number(value);
  return Number.isFinite(number) ? Math.round(number * 100) : null;
};

const bagAmount = (set: unknown, bag: MoneyBag): number | null => {
  if (!isPlainObject(set)) return null;
  const money = set[bag];
  return isPlainObject(money) ? cents(money.amount) : null;
};

/** Shop money reads the flat field (documented as shop money) first; presentment only the `*_set`. */
function amount(object: Json, field: string, bag: MoneyBag): number | null {
  if (bag === "shop_money") return cents(object[field]) ?? bagAmount(object[`${field}_set`], bag);
  return bagAmount(object[`${field}_set`], bag);
}

const present = (object: Json, field: string) => (object[field] !== undefined && object[field] !== null) || (object[`${field}_set`] !== undefined && object[`${field}_set`] !== null);

/** The current_* figure when Shopify sent it in any form, else the original one. */
function current(order: Json, currentField: string, originalField: string, bag: MoneyBag): number {
  return (present(order, currentField) ? amount(order, currentField, bag) : amount(order, originalField, bag)) ?? 0;
}

/** A line's quantity now: current_quantity (after edits, removals and refunds), else quantity. */
export function lineQuantity(line: Json): number {
  const value = line.current_quantity ?? line.quantity;
  const number = typeof value === "number" ? value : Number(value);
  return Number.isFinite(number) ? number : 0;
}

const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isPlainObject) : []);

export function orderMoney(order: Json, bag: MoneyBag): MoneyFigures {
  const products = list(order.line_items).reduce((sum, line) => sum + (amount(line, "price", bag) ?? 0) * lineQuantity(line), 0);
  const subtotal = current(order, "current_subtotal_price", "subtotal_price", bag);
  const shipping = present(order, "current_shipping_price")
    ? (amount(order, "current_shipping_price", bag) ?? 0)
    : list(order.shipping_lines)
        .filter((line) => line.is_removed !== true)
        .reduce((sum, line) => sum + (amount(line, present(line, "discounted_price") ? "discounted_price" : "price", bag) ?? 0), 0);
  const taxCharged = current(order, "current_total_tax", "total_tax", bag);
  const tax = order.taxes_included === true ? 0 : taxCharged;
  const dutiesCharged = bagAmount(order.current_total_duties_set ?? order.original_total_duties_set, bag) ?? 0;
  const duties = order.duties_included === true ? 0 : dutiesCharged;
  const fees = bagAmount(order.current_total_additional_fees_set ?? order.original_total_additional_fees_set, bag) ?? 0;
  const total = current(order, "current_total_price", "total_price", bag);
  const transactions = list(order.refunds).flatMap((refund) => list(refund.transactions)).filter((tx) => tx.kind === "refund");
  const rate = presentmentToBag(order, bag);
  const sumOf = (status: string) => Math.round(transactions.filter((tx) => tx.status === status).reduce((sum, tx) => sum + (cents(tx.amount) ?? 0), 0) * rate);
  const currency = bag === "shop_money" ? str(order.currency) : (str(order.presentment_currency) ?? str(order.currency));
  return toDecimals({
    products,
    discounts: subtotal - products,
    shipping,
    tax,
    duties,
    fees,
    other: total - subtotal - shipping - tax - duties - fees,
    total,
    subtotal,
    totalDiscounts: current(order, "current_total_discounts", "total_discounts", bag),
    taxCharged,
    refunded: sumOf("success"),
    refundPending: sumOf("pending"),
    currency,
  });
}

/**
 * Refund transactions are in the presentment currency. For shop money they are converted at the
 * order's own rate (its shop total over its presentment total); 1 when both currencies are the same.
 */
function presentmentToBag(order: Json, bag: MoneyBag): number {
  if (bag === "presentment_money" || !order.presentment_currency || order.presentment_currency === order.currency) return 1;
  const shop = bagAmount(order.total_price_set, "shop_money");
  const presentment = bagAmount(order.total_price_set, "presentment_money");
  return shop !== null && presentment ? shop / presentment : 1;
}

const str = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

function toDecimals(figures: Omit<MoneyFigures, "currency"> & { currency: string | null }): MoneyFigures {
  const out = { ...figures };
  for (const key of Object.keys(out) as Array<keyof MoneyFigures>) {
    if (key !== "currency") (out[key] as number) = (figures[key] as number) / 100;
  }
  return out;
}

/** The payload with `_money` added (order payloads only; an existing `_money` is left alone). */
export function withOrderMoney(root: unknown): unknown {
  if (!isPlainObject(root) || root._money !== undefined || !Array.isArray(root.line_items)) return root;
  return { ...root, _money: { shop_money: orderMoney(root, "shop_money"), presentment_money: orderMoney(root, "presentment_money") } };
}
