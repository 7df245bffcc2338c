import { paginate, type PageArgs } from "./connection";
import { metafieldObject } from "./customer-mutations";

// Shopify's GraphQL objects, built from the REST-shaped records the emulator stores. Field names and enum
// values follow the Admin GraphQL reference (2026-10); connections take the usual page arguments.

type Json = Record<string, unknown>;
export interface ResolveContext {
  /** Bulk operations ignore page sizes and return every node. */
  unbounded: boolean;
}

export const gid = (type: string, id: unknown) => `gid://shopify/${type}/${String(id)}`;

export function dateTime(value: unknown): string | null {
  if (value === null || value === undefined || value === "") return null;
  return new Date(String(value)).toISOString().replace(".000Z", "Z");
}

interface RestMoney { amount: string; currency_code: string }
export function moneyBag(set: unknown, fallbackAmount?: unknown, currency = "USD") {
  const value = set as { shop_money?: RestMoney; presentment_money?: RestMoney } | null | undefined;
  const shop = value?.shop_money ?? { amount: String(fallbackAmount ?? "0.00"), currency_code: currency };
  const presentment = value?.presentment_money ?? shop;
  return {
    shopMoney: { amount: shop.amount, currencyCode: shop.currency_code },
    presentmentMoney: { amount: presentment.amount, currencyCode: presentment.currency_code },
  };
}

const cents = (amount: unknown) => Math.round(Number(amount ?? 0) * 100);
const fromCents = (value: number) => (value / 100).toFixed(2);
function scaleBag(set: unknown, fn: (amountCents: number) => number, currency: string) {
  const bag = moneyBag(set, undefined, currency);
  return {
    shopMoney: { ...bag.shopMoney, amount: fromCents(fn(cents(bag.shopMoney.amount))) },
    presentmentMoney: { ...bag.presentmentMoney, amount: fromCents(fn(cents(bag.presentmentMoney.amount))) },
  };
}

/** A nested connection (lines of an order…), in the record's own order. */
const list = <T>(items: T[]) => (args: PageArgs, context: ResolveContext | undefined) => {
  const position = new Map(items.map((item, index) => [item, index]));
  return paginate(items, args, (item) => ({ value: position.get(item) ?? 0, id: "0" }), context?.unbounded ?? false);
};

function tags(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return String(value ?? "").split(",").map((tag) => tag.trim()).filter(Boolean);
}

export function mailingAddress(address: Json | null | undefined) {
  if (!address) return null;
  return {
    __typename: "MailingAddress",
    id: gid("MailingAddress", address.id ?? "0"),
    firstName: address.first_name ?? null,
    lastName: address.last_name ?? null,
    name: address.name ?? null,
    company: address.company ?? null,
    address1: address.address1 ?? null,
    address2: address.address2 ?? null,
    city: address.city ?? null,
    province: address.province ?? null,
    provinceCode: address.province_code ?? null,
    country: address.country ?? null,
    countryCodeV2: address.country_code ?? null,
    zip: address.zip ?? null,
    phone: address.phone ?? null,
  };
}

export interface CustomerStats { numberOfOrders: number; amountSpentCents: number }

/** REST `email_marketing_consent.state` (lower case) as GraphQL's CustomerEmailAddressMarketingState. */
function marketingStateOf(customer: Json): string {
  const state = String((customer.email_marketing_consent as Json | null | undefined)?.state ?? "not_subscribed").toUpperCase();
  return ["INVALID", "NOT_SUBSCRIBED", "PENDING", "SUBSCRIBED", "UNSUBSCRIBED"].includes(state) ? state : "NOT_SUBSCRIBED";
}

export function customerObject(customer: Json, stats: CustomerStats = { numberOfOrders: 0, amountSpentCents: 0 }) {
  const email = (customer.email as string | null) ?? null;
  const phone = (customer.phone as string | null) ?? null;
  const addresses = ((customer.addresses as Json[] | undefined) ?? []).map(mailingAddress);
  return {
    __typename: "Customer",
    id: gid("Customer", customer.id),
    legacyResourceId: String(customer.id),
    firstName: customer.first_name ?? null,
    lastName: customer.last_name ?? null,
    displayName: [customer.first_name, customer.last_name].filter(Boolean).join(" ") || email || "",
    email,
    defaultEmailAddress: email ? { emailAddress: email, marketingState: marketingStateOf(customer) } : null,
    phone,
    defaultPhoneNumber: phone ? { phoneNumber: phone } : null,
    createdAt: dateTime(customer.created_at),
    updatedAt: dateTime(customer.updated_at),
    state: String(customer.state ?? "disabled").toUpperCase(),
    note: customer.note ?? null,
    verifiedEmail: Boolean(customer.verified_email),
    taxExempt: Boolean(customer.tax_exempt),
    tags: tags(customer.tags),
    numberOfOrders: String(stats.numberOfOrders),
    amountSpent: { amount: fromCents(stats.amountSpentCents), currencyCode: String(customer.currency ?? "USD") },
    defaultAddress: mailingAddress(customer.default_address as Json | null),
    addresses: (args: { first?: number | null }) => (args.first == null ? addresses : addresses.slice(0, args.first)),
    metafield: (args: { namespace?: string | null; key: string }) => metafieldObject(customer, args),
  };
}

function taxLine(line: Json, currency: string) {
  const rate = line.rate === undefined || line.rate === null ? null : Number(line.rate);
  return {
    title: line.title,
    rate,
    ratePercentage: rate === null ? null : Math.round(rate * 100_000) / 1000,
    priceSet: moneyBag(line.price_set, line.price, currency),
    channelLiable: line.channel_liable ?? false,
  };
}

function allocation(entry: Json, currency: string) {
  return { allocatedAmountSet: moneyBag(entry.amount_set, entry.amount, currency) };
}

export function lineItemObject(item: Json, currency: string) {
  const quantity = Number(item.quantity ?? 0);
  const discount = ((item.discount_allocations as Json[] | undefined) ?? []).reduce((sum, entry) => sum + cents(entry.amount), 0) + cents(item.total_discount);
  const taxLines = ((item.tax_lines as Json[] | undefined) ?? []).map((line) => taxLine(line, currency));
  return {
    __typename: "LineItem",
    id: gid("LineItem", item.id),
    name: item.name ?? "",
    title: item.title ?? "",
    variantTitle: item.variant_title ?? null,
    sku: item.sku ?? null,
    vendor: item.vendor ?? null,
    quantity,
    currentQuantity: Number(item.current_quantity ?? quantity),
    taxable: item.taxable ?? true,
    requiresShipping: item.requires_shipping ?? true,
    variant: item.variant_id ? { __typename: "ProductVariant", id: gid("ProductVariant", item.variant_id), legacyResourceId: String(item.variant_id), title: item.variant_title ?? "Default Title", sku: item.sku ?? null } : null,
    product: item.product_id ? { __typename: "Product", id: gid("Product", item.product_id), legacyResourceId: String(item.product_id), title: item.title ?? "" } : null,
    originalUnitPriceSet: moneyBag(item.price_set, item.price, currency),
    // Shopify rounds the per-unit share of a line's discounts.
    discountedUnitPriceSet: scaleBag(item.price_set, (unit) => unit - Math.round(discount / Math.max(1, quantity)), currency),
    originalTotalSet: scaleBag(item.price_set, (unit) => unit * quantity, currency),
    discountedTotalSet: scaleBag(item.price_set, (unit) => unit * quantity - discount, currency),
    totalDiscountSet: scaleBag(item.price_set, () => discount, currency),
    taxLines: (args: { first?: number | null }) => (args.first == null ? taxLines : taxLines.slice(0, args.first)),
    discountAllocations: ((item.discount_allocations as Json[] | undefined) ?? []).map((entry) => allocation(entry, currency)),
  };
}

interface TransactionObject {
  __typename: string;
  id: string;
  kind: string;
  status: string;
  gateway: unknown;
  test: boolean;
  amountSet: ReturnType<typeof moneyBag>;
  createdAt: string | null;
  processedAt: string | null;
  parentTransaction: TransactionObject | null;
}

function transactionObject(transaction: Json, currency: string, parent?: Json): TransactionObject {
  return {
    __typename: "OrderTransaction",
    id: gid("OrderTransaction", transaction.id),
    kind: String(transaction.kind ?? "sale").toUpperCase(),
    status: String(transaction.status ?? "success").toUpperCase(),
    gateway: transaction.gateway ?? null,
    test: Boolean(transaction.test),
    amountSet: moneyBag(undefined, transaction.amount, String(transaction.currency ?? currency)),
    createdAt: dateTime(transaction.created_at),
    processedAt: dateTime(transaction.processed_at ?? transaction.created_at),
    parentTransaction: transaction.parent_id && parent ? transactionObject(parent, currency) : null,
  };
}

export function refundObject(refund: Json, order: Json, currency: string) {
  const orderLines = new Map(((order.line_items as Json[] | undefined) ?? []).map((line) => [String(line.id), line]));
  const transactions = ((refund.transactions as Json[] | undefined) ?? []);
  const orderTransactions = new Map(((order.transactions as Json[] | undefined) ?? []).map((t) => [String(t.id), t]));
  const refunded = transactions.filter((t) => t.kind === "refund" && t.status === "success").reduce((sum, t) => sum + cents(t.amount), 0);
  const refundLines = ((refund.refund_line_items as Json[] | undefined) ?? []).map((line) => {
    const orderLine = orderLines.get(String(line.line_item_id)) ?? (line.line_item as Json);
    const quantity = Number(line.quantity ?? 0);
    return {
      id: gid("RefundLineItem", line.id),
      lineItem: lineItemObject(orderLine, currency),
      quantity,
      restockType: String(line.restock_type ?? "no_restock").toUpperCase(),
      restocked: line.restock_type === "return" || line.restock_type === "cancel",
      priceSet: moneyBag((orderLine as Json).price_set, (orderLine as Json).price, currency),
      subtotalSet: moneyBag(line.subtotal_set, line.subtotal, currency),
      totalTaxSet: moneyBag(line.total_tax_set, line.total_tax, currency),
    };
  });
  const transactionObjects = transactions.map((t) => transactionObject(t, currency, orderTransactions.get(String(t.parent_id))));
  return {
    __typename: "Refund",
    id: gid("Refund", refund.id),
    legacyResourceId: String(refund.id),
    note: refund.note ?? null,
    createdAt: dateTime(refund.created_at),
    updatedAt: dateTime(refund.processed_at ?? refund.created_at),
    totalRefundedSet: scaleBag(undefined, () => refunded, currency),
    refundLineItems: list(refundLines),
    transactions: list(transactionObjects),
  };
}

function discountApplicationObject(application: Json, currency: string) {
  const percentage = application.value_type === "percentage";
  return {
    __typename: "DiscountCodeApplication",
    allocationMethod: String(application.allocation_method ?? "across").toUpperCase(),
    targetSelection: String(application.target_selection ?? "all").toUpperCase(),
    targetType: String(application.target_type ?? "line_item").toUpperCase(),
    value: percentage
      ? { __typename: "PricingPercentageValue", percentage: Number(application.value) }
      : { __typename: "MoneyV2", amount: Number(application.value).toFixed(2), currencyCode: currency },
    code: application.code ?? application.title ?? "",
  };
}

function shippingLineObject(line: Json, currency: string) {
  return {
    id: line.id ? gid("ShippingLine", line.id) : null,
    title: line.title ?? "",
    code: line.code ?? null,
    source: line.source ?? null,
    originalPriceSet: moneyBag(line.price_set, line.price, currency),
    discountedPriceSet: moneyBag(line.discounted_price_set, line.discounted_price, currency),
    currentDiscountedPriceSet: moneyBag(line.current_discounted_price_set ?? line.discounted_price_set, line.discounted_price, currency),
    isRemoved: Boolean(line.is_removed),
    taxLines: ((line.tax_lines as Json[] | undefined) ?? []).map((tax) => taxLine(tax, currency)),
    discountAllocations: ((line.discount_allocations as Json[] | undefined) ?? []).map((entry) => allocation(entry, currency)),
  };
}

const FINANCIAL: Record<string, string> = { partially_paid: "PARTIALLY_PAID", partially_refunded: "PARTIALLY_REFUNDED" };

export function orderObject(order: Json, customer: Json | null) {
  const currency = String(order.currency ?? "USD");
  const lineItems = ((order.line_items as Json[] | undefined) ?? []).map((item) => lineItemObject(item, currency));
  const shippingLines = ((order.shipping_lines as Json[] | undefined) ?? []).map((line) => shippingLineObject(line, currency));
  const applications = ((order.discount_applications as Json[] | undefined) ?? []).map((a) => discountApplicationObject(a, currency));
  const refunds = ((order.refunds as Json[] | undefined) ?? []).map((refund) => refundObject(refund, order, currency));
  const orderTransactions = (order.transactions as Json[] | undefined) ?? [];
  const byId = new Map(orderTransactions.map((t) => [String(t.id), t]));
  // Order.transactions lists every transaction of the order, refund ones included.
  const allTransactions = [
    ...orderTransactions,
    ...((order.refunds as Json[] | undefined) ?? []).flatMap((refund) => (refund.transactions as Json[] | undefined) ?? []).filter((t) => !byId.has(String(t.id))),
  ].map((t) => transactionObject(t, currency, byId.get(String(t.parent_id))));
  const refunded = allTransactions.filter((t) => t.kind === "REFUND" && t.status === "SUCCESS").reduce((sum, t) => sum + cents(t.amountSet.shopMoney.amount), 0);
  const status = String(order.financial_status ?? "pending");
  const shipping = moneyBag(order.total_shipping_price_set, undefined, currency);
  return {
    __typename: "Order",
    id: gid("Order", order.id),
    legacyResourceId: String(order.id),
    name: order.name,
    email: order.email ?? null,
    phone: order.phone ?? null,
    note: order.note ?? null,
    tags: tags(order.tags),
    test: Boolean(order.test),
    createdAt: dateTime(order.created_at),
    updatedAt: dateTime(order.updated_at),
    processedAt: dateTime(order.processed_at ?? order.created_at),
    cancelledAt: dateTime(order.cancelled_at),
    cancelReason: order.cancel_reason ? String(order.cancel_reason).toUpperCase() : null,
    closedAt: dateTime(order.closed_at),
    currencyCode: currency,
    presentmentCurrencyCode: String(order.presentment_currency ?? currency),
    displayFinancialStatus: FINANCIAL[status] ?? status.toUpperCase(),
    displayFulfillmentStatus: order.fulfillment_status === "fulfilled" ? "FULFILLED" : order.fulfillment_status === "partial" ? "PARTIALLY_FULFILLED" : "UNFULFILLED",
    taxesIncluded: Boolean(order.taxes_included),
    discountCodes: ((order.discount_codes as Json[] | undefined) ?? []).map((code) => String(code.code)),
    customer: customer ? customerObject(customer) : null,
    billingAddress: mailingAddress(order.billing_address as Json | null),
    shippingAddress: mailingAddress(order.shipping_address as Json | null),
    subtotalLineItemsQuantity: lineItems.reduce((sum, line) => sum + line.quantity, 0),
    totalPriceSet: moneyBag(order.total_price_set, order.total_price, currency),
    subtotalPriceSet: moneyBag(order.subtotal_price_set, order.subtotal_price, currency),
    totalDiscountsSet: moneyBag(order.total_discounts_set, order.total_discounts, currency),
    totalShippingPriceSet: shipping,
    totalTaxSet: moneyBag(order.total_tax_set, order.total_tax, currency),
    totalRefundedSet: scaleBag(undefined, () => refunded, currency),
    totalOutstandingSet: moneyBag(undefined, order.total_outstanding ?? "0.00", currency),
    currentTotalPriceSet: moneyBag(order.current_total_price_set, order.current_total_price, currency),
    currentSubtotalPriceSet: moneyBag(order.current_subtotal_price_set, order.current_subtotal_price, currency),
    currentTotalDiscountsSet: moneyBag(order.current_total_discounts_set, order.current_total_discounts, currency),
    currentShippingPriceSet: moneyBag(order.current_shipping_price_set ?? order.total_shipping_price_set, undefined, currency),
    currentTotalTaxSet: moneyBag(order.current_total_tax_set, order.current_total_tax, currency),
    // Null when the order has no duties or additional fees, as Shopify answers.
    originalTotalDutiesSet: order.original_total_duties_set ? moneyBag(order.original_total_duties_set, undefined, currency) : null,
    currentTotalDutiesSet: order.current_total_duties_set ? moneyBag(order.current_total_duties_set, undefined, currency) : null,
    originalTotalAdditionalFeesSet: order.original_total_additional_fees_set ? moneyBag(order.original_total_additional_fees_set, undefined, currency) : null,
    currentTotalAdditionalFeesSet: order.current_total_additional_fees_set ? moneyBag(order.current_total_additional_fees_set, undefined, currency) : null,
    taxLines: ((order.tax_lines as Json[] | undefined) ?? []).map((line) => taxLine(line, currency)),
    lineItems: list(lineItems),
    shippingLines: list(shippingLines),
    discountApplications: list(applications),
    refunds: (args: { first?: number | null }) => (args.first == null ? refunds : refunds.slice(0, args.first)),
    transactions: (args: { first?: number | null }) => (args.first == null ? allTransactions : allTransactions.slice(0, args.first)),
  };
}
