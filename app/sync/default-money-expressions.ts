// JSONata for the money of the default order and refund mappings (docs/money-model.md).
//
// Every amount is computed in integer cents, so sums are exact, and converted back to a decimal only
// at the end. Amounts come from one money bag per record: `shop_money` (the shop's currency, the
// default) or `presentment_money` (the currency the customer saw). Shop money reads the flat field
// (`price`, `current_total_price`, which Shopify documents as shop money) and falls back to `*_set`.
//
// Salesforce sets Opportunity.Amount (and Order.TotalAmount) to the sum of the line items' TotalPrice
// once a record has products, and ignores writes to it. So the order is written as product lines at
// their list price × current quantity plus one adjustment line per money component (discounts,
// shipping, tax, duties, fees, other), and the components are defined so their sum is exactly
// Shopify's current total: the roll-up then equals current_total_price to the cent.

export type MoneyBag = "shop_money" | "presentment_money";

/** Local JSONata functions every money expression starts with. */
function prelude(bag: MoneyBag): string {
  const money =
    bag === "shop_money"
      ? "$m := function($set, $flat){ $exists($flat) and $flat != null ? $c($flat) : $c($set.shop_money.amount) };"
      : "$m := function($set, $flat){ $c($set.presentment_money.amount) };";
  return (
    "$c := function($v){ $exists($v) and $v != null and $v != '' ? $round($number($v) * 100) : 0 }; " +
    money +
    " $cur := function($a, $b){ $exists($a) and $a != null ? $a : $b }; " +
    // The current_* amount when Shopify sent it in any form, else the original one.
    "$pick := function($cs, $cf, $os, $of){ ($exists($cs) and $cs != null) or ($exists($cf) and $cf != null) ? $m($cs, $cf) : $m($os, $of) }; " +
    "$qty := function($l){ $exists($l.current_quantity) and $l.current_quantity != null ? $l.current_quantity : $l.quantity };"
  );
}

/** Cents of the order-level components, evaluated on the order payload. */
const PARTS = {
  products: "$sum([line_items.($m(price_set, price) * $qty($))])",
  subtotal: "$pick(current_subtotal_price_set, current_subtotal_price, subtotal_price_set, subtotal_price)",
  // Already net of shipping discounts and of removed shipping lines.
  shipping:
    "($exists(current_shipping_price_set) ? $m(current_shipping_price_set, null) : " +
    "$sum([shipping_lines[is_removed != true].$m($cur(discounted_price_set, price_set), $cur(discounted_price, price))]))",
  // With taxes_included the tax is inside the prices already and is not added again.
  tax: "(taxes_included = true ? 0 : $pick(current_total_tax_set, current_total_tax, total_tax_set, total_tax))",
  duties: "(duties_included = true ? 0 : $m($cur(current_total_duties_set, original_total_duties_set), null))",
  fees: "$m($cur(current_total_additional_fees_set, original_total_additional_fees_set), null)",
  total: "$pick(current_total_price_set, current_total_price, total_price_set, total_price)",
  discounts: "$pick(current_total_discounts_set, current_total_discounts, total_discounts_set, total_discounts)",
} as const;

export type AdjustmentKind = "discounts" | "shipping" | "tax" | "duties" | "fees" | "other";

/** Cents of each adjustment line; together with the product lines they sum to the current total. */
const ADJUSTMENT_CENTS: Record<AdjustmentKind, string> = {
  // Line-level and order-level product discounts, exactly: what the subtotal lacks from the lines.
  discounts: `${PARTS.subtotal} - ${PARTS.products}`,
  shipping: PARTS.shipping,
  tax: PARTS.tax,
  duties: PARTS.duties,
  fees: PARTS.fees,
  // Tips, cash rounding, refunds that removed no line: whatever else makes up Shopify's total.
  other: `${PARTS.total} - ${PARTS.subtotal} - ${PARTS.shipping} - ${PARTS.tax} - ${PARTS.duties} - ${PARTS.fees}`,
};

const wrap = (bag: MoneyBag, body: string) => `( ${prelude(bag)} ${body} )`;

/** Decimal amount of an adjustment line (may be negative). */
export function adjustmentAmount(kind: AdjustmentKind, bag: MoneyBag): string {
  return wrap(bag, `(${ADJUSTMENT_CENTS[kind]}) / 100`);
}

/** True when the adjustment is not zero (zero lines are not written, and are deleted when they become zero). */
export function adjustmentPresent(kind: AdjustmentKind, bag: MoneyBag): string {
  return wrap(bag, `(${ADJUSTMENT_CENTS[kind]}) != 0`);
}

/** A product line's quantity now: `current_quantity` (after edits and removals), else `quantity`. */
export function lineQuantity(bag: MoneyBag): string {
  return wrap(bag, "$qty($item)");
}

/** A product line that still has units; lines edited or refunded down to zero are deleted. */
export function lineStillOrdered(bag: MoneyBag): string {
  return wrap(bag, "$qty($item) > 0");
}

/** A product line's unit list price (before discounts: discounts are their own line). */
export function lineUnitPrice(bag: MoneyBag): string {
  return wrap(bag, "$m($item.price_set, $item.price) / 100");
}

/** Breakdown shown on the order record. */
export function orderPart(part: "subtotal" | "discounts" | "shipping" | "tax" | "total", bag: MoneyBag): string {
  const cents = part === "tax" ? "$pick(current_total_tax_set, current_total_tax, total_tax_set, total_tax)" : PARTS[part];
  return wrap(bag, `(${cents}) / 100`);
}

/**
 * Money actually refunded on the order: successful refund transactions of every refund the order
 * carries (orders/updated includes them). Transactions are in the presentment currency; for shop
 * money they are converted at the order's own rate (its shop / presentment total).
 */
export function orderRefunded(bag: MoneyBag): string {
  return wrap(bag, `$round($sum([refunds.transactions[kind = 'refund' and status = 'success'].$c(amount)]) ${rateFactor(bag)}) / 100`);
}

/** Refund transactions still pending on the order. */
export function orderRefundPending(bag: MoneyBag): string {
  return wrap(bag, `$round($sum([refunds.transactions[kind = 'refund' and status = 'pending'].$c(amount)]) ${rateFactor(bag)}) / 100`);
}

/** What the customer still owes (shop money only: Shopify sends no presentment amount for it). */
export const ORDER_OUTSTANDING = "total_outstanding";

/** The ISO code of the money bag: `currency` (shop) or `presentment_currency`. */
export function orderCurrency(bag: MoneyBag): string {
  return bag === "shop_money" ? "currency" : "presentment_currency ? presentment_currency : currency";
}

/**
 * A multiplier (as JSONata text appended to a cents sum) turning presentment cents into the bag's
 * currency. 1 when the bag is presentment money or both currencies are the same.
 */
function rateFactor(bag: MoneyBag): string {
  if (bag === "presentment_money") return "";
  return (
    "* ( $p := $number(total_price_set.presentment_money.amount); $s := $number(total_price_set.shop_money.amount); " +
    "(presentment_currency and presentment_currency != currency and $p > 0) ? $s / $p : 1 )"
  );
}

// ---- refunds (evaluated on a refund payload) ----

const REFUND_TX = (status: string) => `transactions[kind = 'refund' and status = '${status}']`;

/** Money refunded by this refund: its successful refund transactions only (never line subtotals). */
export function refundAmount(status: "success" | "pending"): string {
  return wrap("presentment_money", `$sum([${REFUND_TX(status)}.$c(amount)]) / 100`);
}

/**
 * What this refund is: "refunded", "pending", "failed" (transactions that all failed), "restock only"
 * (no money moved: no transactions), or "partially pending".
 */
export const REFUND_STATUS =
  "( $tx := transactions[kind = 'refund']; $ok := $tx[status = 'success']; $pending := $tx[status = 'pending']; " +
  "$count($tx) = 0 ? 'restock only' : $count($pending) > 0 ? ($count($ok) > 0 ? 'partially pending' : 'pending') : " +
  "$count($ok) > 0 ? 'refunded' : 'failed' )";

/** The refund's money is in the currency of its transactions (the presentment currency). */
export const REFUND_CURRENCY =
  "( $cur := transactions[kind = 'refund'][0].currency; $cur ? $cur : refund_line_items[0].subtotal_set.presentment_money.currency_code )";

/** "2 × Aviator sunglasses; 1 × Lens (restocked)" — the lines a refund took back, money or not. */
export const REFUND_LINES =
  "$join(refund_line_items.( $string(quantity) & ' × ' & (line_item.name ? line_item.name : line_item_id) & " +
  "(restock_type and restock_type != 'no_restock' ? ' (' & restock_type & ')' : '') ), '; ')";
