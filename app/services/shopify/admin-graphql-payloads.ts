// Shopify's Admin GraphQL API answers in its own shape (camelCase, gids, MoneyBag); the sync pipeline and
// the merchant's mappings read webhook payloads (snake_case, numeric ids, `*_set`). A record fetched on
// demand is turned into the payload its webhook would have carried, so it goes through the exact same
// mapping, validation and newest-wins rules as a webhook. Fields follow Shopify's REST/webhook names
// (test/fixtures/shopify/orders_create.json, customers_create.json). Ids stay exact strings.

import {
  allocationsPayload,
  discountApplicationsPayload,
  refundPayload,
  shippingLinesPayload,
  taxLinesPayload,
  type GraphqlDiscountAllocation,
  type GraphqlDiscountApplication,
  type GraphqlRefund,
  type GraphqlShippingLine,
  type GraphqlTaxLine,
} from "./graphql-order-details";

export interface GraphqlMoney {
  amount: string;
  currencyCode: string;
}
export interface GraphqlMoneyBag {
  shopMoney: GraphqlMoney;
  presentmentMoney: GraphqlMoney;
}
export interface GraphqlAddress {
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  country: string | null;
  countryCodeV2: string | null;
  zip: string | null;
  phone: string | null;
}
export interface GraphqlLineItem {
  id: string;
  name: string;
  title: string;
  sku: string | null;
  vendor: string | null;
  quantity: number;
  currentQuantity: number;
  variant: { id: string } | null;
  product: { id: string } | null;
  originalUnitPriceSet: GraphqlMoneyBag;
  discountedUnitPriceSet: GraphqlMoneyBag;
  taxLines?: GraphqlTaxLine[];
  discountAllocations?: GraphqlDiscountAllocation[];
}
export interface GraphqlOrder {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  processedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  closedAt: string | null;
  currencyCode: string;
  presentmentCurrencyCode: string;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string | null;
  totalPriceSet: GraphqlMoneyBag;
  subtotalPriceSet: GraphqlMoneyBag | null;
  totalTaxSet: GraphqlMoneyBag | null;
  totalDiscountsSet: GraphqlMoneyBag | null;
  totalShippingPriceSet: GraphqlMoneyBag;
  currentTotalPriceSet: GraphqlMoneyBag;
  totalOutstandingSet?: GraphqlMoneyBag | null;
  currentSubtotalPriceSet: GraphqlMoneyBag;
  currentTotalTaxSet: GraphqlMoneyBag;
  currentTotalDiscountsSet: GraphqlMoneyBag;
  customer: { id: string; email: string | null; firstName: string | null; lastName: string | null; phone: string | null } | null;
  billingAddress: GraphqlAddress | null;
  shippingAddress: GraphqlAddress | null;
  lineItems: { nodes: GraphqlLineItem[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  taxesIncluded?: boolean;
  discountCodes?: string[];
  currentShippingPriceSet?: GraphqlMoneyBag;
  originalTotalDutiesSet?: GraphqlMoneyBag | null;
  currentTotalDutiesSet?: GraphqlMoneyBag | null;
  originalTotalAdditionalFeesSet?: GraphqlMoneyBag | null;
  currentTotalAdditionalFeesSet?: GraphqlMoneyBag | null;
  taxLines?: GraphqlTaxLine[];
  /** Ids only here: a refund's lines and transactions are read by id (see OrderDetails). */
  refunds?: Array<{ id: string }>;
}

/** What an order's payload needs beyond the order object itself: every page of its connections. */
export interface OrderDetails {
  shippingLines?: readonly GraphqlShippingLine[];
  discountApplications?: readonly GraphqlDiscountApplication[];
  refunds?: readonly GraphqlRefund[];
}
export interface GraphqlCustomer {
  id: string;
  firstName: string | null;
  lastName: string | null;
  note: string | null;
  state: string;
  tags: string[];
  verifiedEmail: boolean;
  taxExempt: boolean;
  createdAt: string;
  updatedAt: string;
  numberOfOrders: string;
  amountSpent: GraphqlMoney;
  defaultEmailAddress: { emailAddress: string | null } | null;
  defaultPhoneNumber: { phoneNumber: string | null } | null;
  defaultAddress: (GraphqlAddress & { id: string }) | null;
}

/** `gid://shopify/Order/820982911946154508` → `820982911946154508` (exact: never through a number). */
export function legacyId(gid: string): string {
  const match = /^gid:\/\/shopify\/\w+\/(\d+)(?:\?.*)?$/.exec(gid);
  if (!match) throw new Error(`not a Shopify gid: ${gid}`);
  return match[1];
}

export function toGid(type: "Order" | "Customer", id: string): string {
  return `gid://shopify/${type}/${id}`;
}

const money = (value: GraphqlMoney) => ({ amount: value.amount, currency_code: value.currencyCode });
const moneySet = (value: GraphqlMoneyBag) => ({ shop_money: money(value.shopMoney), presentment_money: money(value.presentmentMoney) });
const lower = (value: string | null) => (value ? value.toLowerCase() : null);

// GraphQL's display statuses carry the REST values in upper case, except these.
const FULFILLMENT_STATUS: Record<string, string | null> = { UNFULFILLED: null, FULFILLED: "fulfilled", PARTIALLY_FULFILLED: "partial", RESTOCKED: "restocked" };

function address(value: GraphqlAddress | null) {
  if (!value) return null;
  return {
    first_name: value.firstName,
    last_name: value.lastName,
    name: [value.firstName, value.lastName].filter(Boolean).join(" ") || null,
    company: value.company,
    address1: value.address1,
    address2: value.address2,
    city: value.city,
    province: value.province,
    province_code: value.provinceCode,
    country: value.country,
    country_code: value.countryCodeV2,
    zip: value.zip,
    phone: value.phone,
  };
}

export function orderPayload(order: GraphqlOrder, lineItems: readonly GraphqlLineItem[] = order.lineItems.nodes, details: OrderDetails = {}): Record<string, unknown> {
  const id = legacyId(order.id);
  const amount = (bag: GraphqlMoneyBag | null) => bag?.shopMoney.amount ?? null;
  const optionalSet = (bag: GraphqlMoneyBag | null | undefined) => (bag ? moneySet(bag) : null);
  return {
    id,
    admin_graphql_api_id: order.id,
    name: order.name,
    order_number: /\d+/.exec(order.name)?.[0] ?? null,
    email: order.email,
    contact_email: order.email,
    phone: order.phone,
    note: order.note,
    tags: order.tags.join(", "),
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    processed_at: order.processedAt,
    cancelled_at: order.cancelledAt,
    cancel_reason: lower(order.cancelReason),
    closed_at: order.closedAt,
    currency: order.currencyCode,
    presentment_currency: order.presentmentCurrencyCode,
    financial_status: lower(order.displayFinancialStatus),
    fulfillment_status: order.displayFulfillmentStatus ? (FULFILLMENT_STATUS[order.displayFulfillmentStatus] ?? lower(order.displayFulfillmentStatus)) : null,
    total_price: amount(order.totalPriceSet),
    total_price_set: moneySet(order.totalPriceSet),
    subtotal_price: amount(order.subtotalPriceSet),
    subtotal_price_set: order.subtotalPriceSet && moneySet(order.subtotalPriceSet),
    total_tax: amount(order.totalTaxSet),
    total_tax_set: order.totalTaxSet && moneySet(order.totalTaxSet),
    total_discounts: amount(order.totalDiscountsSet),
    total_discounts_set: order.totalDiscountsSet && moneySet(order.totalDiscountsSet),
    total_shipping_price_set: moneySet(order.totalShippingPriceSet),
    current_total_price: amount(order.currentTotalPriceSet),
    current_total_price_set: moneySet(order.currentTotalPriceSet),
    current_subtotal_price: amount(order.currentSubtotalPriceSet),
    current_subtotal_price_set: moneySet(order.currentSubtotalPriceSet),
    current_total_tax: amount(order.currentTotalTaxSet),
    current_total_tax_set: moneySet(order.currentTotalTaxSet),
    current_total_discounts: amount(order.currentTotalDiscountsSet),
    current_total_discounts_set: moneySet(order.currentTotalDiscountsSet),
    ...(order.currentShippingPriceSet ? { current_shipping_price_set: moneySet(order.currentShippingPriceSet) } : {}),
    ...(order.taxesIncluded !== undefined ? { taxes_included: order.taxesIncluded } : {}),
    original_total_duties_set: optionalSet(order.originalTotalDutiesSet),
    current_total_duties_set: optionalSet(order.currentTotalDutiesSet),
    original_total_additional_fees_set: optionalSet(order.originalTotalAdditionalFeesSet),
    current_total_additional_fees_set: optionalSet(order.currentTotalAdditionalFeesSet),
    tax_lines: taxLinesPayload(order.taxLines),
    discount_codes: (order.discountCodes ?? []).map((code) => ({ code })),
    // Left out (not empty) when not read: an empty refunds[] would tell the engine the refunds are gone.
    ...(details.discountApplications ? { discount_applications: discountApplicationsPayload(details.discountApplications) } : {}),
    ...(details.shippingLines ? { shipping_lines: shippingLinesPayload(details.shippingLines) } : {}),
    ...(details.refunds ? { refunds: details.refunds.map((refund) => refundPayload(refund, id)) } : {}),
    // Shop money only, as in the webhook (Shopify sends no presentment amount for it).
    total_outstanding: order.totalOutstandingSet ? amount(order.totalOutstandingSet) : undefined,
    customer: order.customer && {
      id: legacyId(order.customer.id),
      email: order.customer.email,
      first_name: order.customer.firstName,
      last_name: order.customer.lastName,
      phone: order.customer.phone,
    },
    billing_address: address(order.billingAddress),
    shipping_address: address(order.shippingAddress),
    line_items: lineItems.map((item) => ({
      id: legacyId(item.id),
      admin_graphql_api_id: item.id,
      name: item.name,
      title: item.title,
      sku: item.sku,
      vendor: item.vendor,
      quantity: item.quantity,
      current_quantity: item.currentQuantity,
      variant_id: item.variant ? legacyId(item.variant.id) : null,
      product_id: item.product ? legacyId(item.product.id) : null,
      price: item.originalUnitPriceSet.shopMoney.amount,
      price_set: moneySet(item.originalUnitPriceSet),
      discounted_price: item.discountedUnitPriceSet.shopMoney.amount,
      discounted_price_set: moneySet(item.discountedUnitPriceSet),
      tax_lines: taxLinesPayload(item.taxLines),
      discount_allocations: allocationsPayload(item.discountAllocations),
    })),
  };
}

export function customerPayload(customer: GraphqlCustomer): Record<string, unknown> {
  const defaultAddress = customer.defaultAddress && { id: legacyId(customer.defaultAddress.id), customer_id: legacyId(customer.id), ...address(customer.defaultAddress), default: true };
  return {
    id: legacyId(customer.id),
    admin_graphql_api_id: customer.id,
    email: customer.defaultEmailAddress?.emailAddress ?? null,
    phone: customer.defaultPhoneNumber?.phoneNumber ?? null,
    first_name: customer.firstName,
    last_name: customer.lastName,
    note: customer.note,
    state: lower(customer.state),
    tags: customer.tags.join(", "),
    verified_email: customer.verifiedEmail,
    tax_exempt: customer.taxExempt,
    created_at: customer.createdAt,
    updated_at: customer.updatedAt,
    orders_count: Number(customer.numberOfOrders),
    total_spent: customer.amountSpent.amount,
    currency: customer.amountSpent.currencyCode,
    default_address: defaultAddress,
    addresses: defaultAddress ? [defaultAddress] : [],
  };
}
