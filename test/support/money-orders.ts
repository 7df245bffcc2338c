import { clone, loadShopifyFixture, type Json } from "../unit/sync/support/fixtures";

// Internally consistent variants of Shopify's order and refund samples. The published sample's totals
// disagree with its own lines (current_total_price 414.95 against lines, a $20 discount and $10
// shipping), so money tests build their payloads here: every total is computed from the lines, in
// cents, in shop money and (at a fixed rate) in presentment money, the way Shopify reports them.

export interface MoneyLine {
  id: string;
  variantId: string;
  title: string;
  /** Unit price in shop money, e.g. "89.99". */
  price: string;
  quantity: number;
  /** After edits/removals; defaults to quantity. */
  currentQuantity?: number;
  /** Discount allocated to this line (all its units), shop money. */
  discount?: string;
}

export interface MoneyTransaction {
  id: string;
  amount: string;
  status: "success" | "pending" | "failure" | "error";
  kind?: "refund";
}

export interface MoneyRefund {
  id: string;
  lines: Array<{ lineId: string; quantity: number; restockType?: "no_restock" | "return" | "cancel" }>;
  transactions: MoneyTransaction[];
  note?: string;
  createdAt?: string;
}

export interface MoneyOrderSpec {
  id: string;
  name: string;
  lines: MoneyLine[];
  /** Shipping charged, shop money. */
  shipping?: string;
  /** Tax rate applied to discounted line amounts and shipping, e.g. 0.1. */
  taxRate?: number;
  /** Order-level discount code amount, shop money (allocated to the lines proportionally). */
  discountCode?: { code: string; amount: string };
  currency?: string;
  /** Presentment currency and how many presentment units one shop unit is worth. */
  presentment?: { currency: string; rate: number };
  refunds?: MoneyRefund[];
  financialStatus?: string;
  updatedAt?: string;
  /** Include a customer (default true). */
  customer?: boolean;
}

const cents = (amount: string | number): number => Math.round(Number(amount) * 100);
const dec = (value: number): string => (value / 100).toFixed(2);

export interface MoneyOrder {
  payload: Json;
  /** Expected figures, shop money, in cents. */
  expected: { products: number; discounts: number; shipping: number; tax: number; total: number; subtotal: number };
}

export function moneyOrder(spec: MoneyOrderSpec): MoneyOrder {
  const sample = clone(loadShopifyFixture("orders_create"));
  const currency = spec.currency ?? "USD";
  const presentment = spec.presentment ?? { currency, rate: 1 };
  const bag = (shop: number): Json => ({
    shop_money: { amount: dec(shop), currency_code: currency },
    presentment_money: { amount: dec(Math.round(shop * presentment.rate)), currency_code: presentment.currency },
  });
  const taxRate = spec.taxRate ?? 0;
  const template = (sample.line_items as Json[])[0] as Json;

  const lineCents = spec.lines.map((line) => cents(line.price) * (line.currentQuantity ?? line.quantity));
  const products = lineCents.reduce((a, b) => a + b, 0);
  const codeCents = spec.discountCode ? cents(spec.discountCode.amount) : 0;
  // The code is spread over the current lines by value; the last line takes the rounding remainder.
  const allocations = lineCents.map((value) => (products > 0 ? Math.floor((codeCents * value) / products) : 0));
  if (allocations.length > 0) allocations[allocations.length - 1] += codeCents - allocations.reduce((a, b) => a + b, 0);
  const lineDiscounts = spec.lines.map((line, i) => cents(line.discount ?? "0") + (allocations[i] ?? 0));
  const discounts = lineDiscounts.reduce((a, b) => a + b, 0);
  const subtotal = products - discounts;
  const shipping = cents(spec.shipping ?? "0");
  const tax = Math.round((subtotal + shipping) * taxRate);
  const total = subtotal + shipping + tax;

  const lineItems = spec.lines.map((line, i) => {
    const lineTax = Math.round((lineCents[i]! - lineDiscounts[i]!) * taxRate);
    return {
      ...clone(template),
      id: line.id,
      admin_graphql_api_id: `gid://shopify/LineItem/${line.id}`,
      variant_id: line.variantId,
      product_id: `7${line.variantId}`,
      name: line.title,
      title: line.title,
      sku: `SKU-${line.variantId}`,
      price: line.price,
      price_set: bag(cents(line.price)),
      quantity: line.quantity,
      current_quantity: line.currentQuantity ?? line.quantity,
      fulfillable_quantity: line.currentQuantity ?? line.quantity,
      total_discount: dec(lineDiscounts[i]!),
      total_discount_set: bag(lineDiscounts[i]!),
      discount_allocations: lineDiscounts[i]! > 0 ? [{ amount: dec(lineDiscounts[i]!), amount_set: bag(lineDiscounts[i]!), discount_application_index: 0 }] : [],
      tax_lines: taxRate > 0 ? [{ price: dec(lineTax), price_set: bag(lineTax), rate: taxRate, title: "Sales tax", channel_liable: false }] : [],
    };
  });

  const shippingTax = Math.round(shipping * taxRate);
  const refunds = (spec.refunds ?? []).map((refund) => refundPayload(spec, refund, bag));
  const refunded = (spec.refunds ?? [])
    .flatMap((refund) => refund.transactions)
    .filter((tx) => (tx.kind ?? "refund") === "refund" && tx.status === "success")
    .reduce((sum, tx) => sum + cents(tx.amount), 0);

  const payload: Json = {
    ...sample,
    id: spec.id,
    admin_graphql_api_id: `gid://shopify/Order/${spec.id}`,
    name: spec.name,
    order_number: Number(spec.name.replace(/\D/g, "")) || 1001,
    financial_status: spec.financialStatus ?? "paid",
    cancelled_at: null,
    cancel_reason: null,
    test: false,
    updated_at: spec.updatedAt ?? "2026-12-01T10:00:00-05:00",
    currency,
    presentment_currency: presentment.currency,
    taxes_included: false,
    duties_included: false,
    line_items: lineItems,
    shipping_lines:
      shipping > 0
        ? [
            {
              ...clone((sample.shipping_lines as Json[])[0] as Json),
              price: dec(shipping),
              price_set: bag(shipping),
              discounted_price: dec(shipping),
              discounted_price_set: bag(shipping),
              current_discounted_price_set: bag(shipping),
              tax_lines: taxRate > 0 ? [{ price: dec(shippingTax), price_set: bag(shippingTax), rate: taxRate, title: "Sales tax" }] : [],
            },
          ]
        : [],
    discount_codes: spec.discountCode ? [{ code: spec.discountCode.code, amount: spec.discountCode.amount, type: "fixed_amount" }] : [],
    discount_applications: spec.discountCode
      ? [{ target_type: "line_item", type: "discount_code", value: spec.discountCode.amount, value_type: "fixed_amount", allocation_method: "across", target_selection: "all", code: spec.discountCode.code }]
      : [],
    tax_lines: taxRate > 0 ? [{ price: dec(tax), price_set: bag(tax), rate: taxRate, title: "Sales tax", channel_liable: false }] : [],
    total_line_items_price: dec(products),
    total_line_items_price_set: bag(products),
    subtotal_price: dec(subtotal),
    subtotal_price_set: bag(subtotal),
    current_subtotal_price: dec(subtotal),
    current_subtotal_price_set: bag(subtotal),
    total_discounts: dec(discounts),
    total_discounts_set: bag(discounts),
    current_total_discounts: dec(discounts),
    current_total_discounts_set: bag(discounts),
    total_shipping_price_set: bag(shipping),
    current_shipping_price_set: bag(shipping),
    total_tax: dec(tax),
    total_tax_set: bag(tax),
    current_total_tax: dec(tax),
    current_total_tax_set: bag(tax),
    total_price: dec(total),
    total_price_set: bag(total),
    current_total_price: dec(total),
    current_total_price_set: bag(total),
    current_total_duties_set: null,
    original_total_duties_set: null,
    current_total_additional_fees_set: null,
    original_total_additional_fees_set: null,
    total_outstanding: dec(Math.max(0, 0)),
    refunds,
  };
  if (spec.customer === false) payload.customer = null;
  // Presentment totals are what Shopify shows the buyer: the presentment parts, summed.
  if (presentment.rate !== 1) {
    const p = (shop: number) => Math.round(shop * presentment.rate);
    const pSubtotal = lineItems.reduce((sum, line, i) => sum + p(cents(line.price)) * (spec.lines[i]!.currentQuantity ?? spec.lines[i]!.quantity), 0) - p(discounts);
    const pTotal = pSubtotal + p(shipping) + p(tax);
    for (const key of ["subtotal_price_set", "current_subtotal_price_set"]) (payload[key] as Json).presentment_money = { amount: dec(pSubtotal), currency_code: presentment.currency };
    for (const key of ["total_price_set", "current_total_price_set"]) (payload[key] as Json).presentment_money = { amount: dec(pTotal), currency_code: presentment.currency };
  }
  void refunded;
  return { payload, expected: { products, discounts, shipping, tax, total, subtotal } };
}

function refundPayload(spec: MoneyOrderSpec, refund: MoneyRefund, bag: (shop: number) => Json): Json {
  const sample = clone(loadShopifyFixture("refunds_create"));
  const lines = new Map(spec.lines.map((line) => [line.id, line]));
  const presentmentCurrency = spec.presentment?.currency ?? spec.currency ?? "USD";
  return {
    ...sample,
    id: refund.id,
    admin_graphql_api_id: `gid://shopify/Refund/${refund.id}`,
    order_id: spec.id,
    note: refund.note ?? "Customer returned items",
    created_at: refund.createdAt ?? "2026-12-01T12:00:00-05:00",
    processed_at: refund.createdAt ?? "2026-12-01T12:00:00-05:00",
    restock: refund.lines.some((line) => line.restockType && line.restockType !== "no_restock"),
    refund_line_items: refund.lines.map((entry, i) => {
      const line = lines.get(entry.lineId);
      // A line's refund subtotal is for all the units refunded (quantity × unit price after discounts).
      const subtotal = cents(line?.price ?? "0") * entry.quantity;
      return {
        id: `${refund.id}${i}`,
        quantity: entry.quantity,
        line_item_id: entry.lineId,
        location_id: null,
        restock_type: entry.restockType ?? "no_restock",
        subtotal: subtotal / 100,
        subtotal_set: bag(subtotal),
        total_tax: 0,
        total_tax_set: bag(0),
        line_item: { id: entry.lineId, name: line?.title ?? "", title: line?.title ?? "", price: line?.price ?? "0.00", quantity: line?.quantity ?? 0, variant_id: line?.variantId ?? null },
      };
    }),
    transactions: refund.transactions.map((tx) => ({
      ...clone(((sample.transactions as Json[])[0] as Json) ?? {}),
      id: tx.id,
      admin_graphql_api_id: `gid://shopify/OrderTransaction/${tx.id}`,
      order_id: spec.id,
      kind: tx.kind ?? "refund",
      status: tx.status,
      amount: tx.amount,
      currency: presentmentCurrency,
      message: tx.status === "failure" ? "Card declined" : null,
      error_code: tx.status === "failure" ? "card_declined" : null,
    })),
  };
}
