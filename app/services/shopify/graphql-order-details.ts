import type { GraphqlMoneyBag } from "./admin-graphql-payloads";

// The parts of an order's webhook payload that carry its money beyond the header totals: shipping lines,
// tax lines, discount applications and allocations, and refunds with their lines and transactions. Built
// from Shopify's Admin GraphQL objects (shopify.dev/docs/api/admin-graphql/latest/objects/Order, Refund,
// ShippingLine, OrderTransaction, RefundLineItem) into the REST/webhook names the mappings read
// (test/fixtures/shopify/orders_create.json, refunds_create.json), so a backfilled order lands in
// Salesforce exactly as the same order delivered by webhook.

export interface GraphqlTaxLine {
  title: string;
  rate: number | null;
  priceSet: GraphqlMoneyBag;
  channelLiable: boolean | null;
}
export interface GraphqlDiscountAllocation {
  allocatedAmountSet: GraphqlMoneyBag;
}
export interface GraphqlShippingLine {
  id: string | null;
  title: string;
  code: string | null;
  source: string | null;
  originalPriceSet: GraphqlMoneyBag;
  discountedPriceSet: GraphqlMoneyBag;
  currentDiscountedPriceSet: GraphqlMoneyBag;
  isRemoved: boolean;
  taxLines: GraphqlTaxLine[];
  discountAllocations: GraphqlDiscountAllocation[];
}
export interface GraphqlDiscountApplication {
  __typename: string;
  allocationMethod: string;
  targetSelection: string;
  targetType: string;
  value: { amount?: string; currencyCode?: string; percentage?: number };
  code?: string | null;
}
export interface GraphqlTransaction {
  id: string;
  kind: string;
  status: string;
  gateway: string | null;
  test: boolean;
  amountSet: GraphqlMoneyBag;
  createdAt: string;
  processedAt: string | null;
  parentTransaction: { id: string } | null;
}
export interface GraphqlRefundLineItem {
  id: string | null;
  quantity: number;
  restockType: string;
  subtotalSet: GraphqlMoneyBag;
  totalTaxSet: GraphqlMoneyBag;
  lineItem: { id: string; name: string; title: string; sku: string | null; originalUnitPriceSet: GraphqlMoneyBag };
}
interface Page<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
export interface GraphqlRefund {
  id: string;
  note: string | null;
  createdAt: string | null;
  updatedAt: string;
  refundLineItems: Page<GraphqlRefundLineItem>;
  transactions: Page<GraphqlTransaction>;
}

const MONEY_BAG = `shopMoney { amount currencyCode } presentmentMoney { amount currencyCode }`;
export const TAX_LINE = `title rate priceSet { ${MONEY_BAG} } channelLiable`;
export const SHIPPING_LINE = `id title code source originalPriceSet { ${MONEY_BAG} } discountedPriceSet { ${MONEY_BAG} }
  currentDiscountedPriceSet { ${MONEY_BAG} } isRemoved taxLines { ${TAX_LINE} } discountAllocations { allocatedAmountSet { ${MONEY_BAG} } }`;
export const DISCOUNT_APPLICATION = `__typename allocationMethod targetSelection targetType
  value { ... on MoneyV2 { amount currencyCode } ... on PricingPercentageValue { percentage } } ... on DiscountCodeApplication { code }`;
export const REFUND_LINE_ITEM = `id quantity restockType subtotalSet { ${MONEY_BAG} } totalTaxSet { ${MONEY_BAG} }
  lineItem { id name title sku originalUnitPriceSet { ${MONEY_BAG} } }`;
export const TRANSACTION = `id kind status gateway test amountSet { ${MONEY_BAG} } createdAt processedAt parentTransaction { id }`;
/** A refund by id (Refund is a Node), with its first lines and transactions; the rest are paged. */
export const REFUND_FIELDS = `id note createdAt updatedAt
  refundLineItems(first: 15) { nodes { ${REFUND_LINE_ITEM} } pageInfo { hasNextPage endCursor } }
  transactions(first: 10) { nodes { ${TRANSACTION} } pageInfo { hasNextPage endCursor } }`;

const legacy = (gid: string | null | undefined): string | null => (gid ? (/\/(\d+)(?:\?.*)?$/.exec(gid)?.[1] ?? null) : null);
const money = (bag: GraphqlMoneyBag) => ({
  shop_money: { amount: bag.shopMoney.amount, currency_code: bag.shopMoney.currencyCode },
  presentment_money: { amount: bag.presentmentMoney.amount, currency_code: bag.presentmentMoney.currencyCode },
});
const lower = (value: string | null | undefined) => (value ? value.toLowerCase() : null);

export function taxLinesPayload(lines: readonly GraphqlTaxLine[] | undefined) {
  return (lines ?? []).map((line) => ({ title: line.title, rate: line.rate, price: line.priceSet.shopMoney.amount, price_set: money(line.priceSet), channel_liable: line.channelLiable ?? false }));
}

export function allocationsPayload(allocations: readonly GraphqlDiscountAllocation[] | undefined) {
  return (allocations ?? []).map((entry) => ({ amount: entry.allocatedAmountSet.shopMoney.amount, amount_set: money(entry.allocatedAmountSet) }));
}

export function shippingLinesPayload(lines: readonly GraphqlShippingLine[]) {
  return lines.map((line) => ({
    id: legacy(line.id),
    title: line.title,
    code: line.code,
    source: line.source,
    price: line.originalPriceSet.shopMoney.amount,
    price_set: money(line.originalPriceSet),
    discounted_price: line.discountedPriceSet.shopMoney.amount,
    discounted_price_set: money(line.discountedPriceSet),
    current_discounted_price_set: money(line.currentDiscountedPriceSet),
    is_removed: line.isRemoved,
    tax_lines: taxLinesPayload(line.taxLines),
    discount_allocations: allocationsPayload(line.discountAllocations),
  }));
}

const APPLICATION_TYPE: Record<string, string> = {
  DiscountCodeApplication: "discount_code",
  AutomaticDiscountApplication: "automatic",
  ManualDiscountApplication: "manual",
  ScriptDiscountApplication: "script",
};

export function discountApplicationsPayload(applications: readonly GraphqlDiscountApplication[]) {
  return applications.map((application) => {
    const percentage = application.value.percentage;
    return {
      target_type: lower(application.targetType),
      type: APPLICATION_TYPE[application.__typename] ?? lower(application.__typename),
      // REST writes a percentage as "10.0" and an amount as its decimal string.
      value: percentage !== undefined ? (Number.isInteger(percentage) ? `${percentage}.0` : String(percentage)) : (application.value.amount ?? null),
      value_type: percentage !== undefined ? "percentage" : "fixed_amount",
      allocation_method: lower(application.allocationMethod),
      target_selection: lower(application.targetSelection),
      ...(application.code ? { code: application.code } : {}),
    };
  });
}

/** A refund as its refunds/create webhook carries it (and as orders/updated lists it under refunds[]). */
export function refundPayload(refund: GraphqlRefund, orderId: string) {
  return {
    id: legacy(refund.id),
    admin_graphql_api_id: refund.id,
    order_id: orderId,
    created_at: refund.createdAt,
    processed_at: refund.createdAt,
    note: refund.note,
    refund_line_items: refund.refundLineItems.nodes.map((line) => ({
      id: legacy(line.id),
      quantity: line.quantity,
      line_item_id: legacy(line.lineItem.id),
      restock_type: lower(line.restockType),
      // REST sends these two as numbers, their *_set as strings.
      subtotal: Number(line.subtotalSet.shopMoney.amount),
      subtotal_set: money(line.subtotalSet),
      total_tax: Number(line.totalTaxSet.shopMoney.amount),
      total_tax_set: money(line.totalTaxSet),
      line_item: {
        id: legacy(line.lineItem.id),
        admin_graphql_api_id: line.lineItem.id,
        name: line.lineItem.name,
        title: line.lineItem.title,
        sku: line.lineItem.sku,
        price: line.lineItem.originalUnitPriceSet.shopMoney.amount,
        price_set: money(line.lineItem.originalUnitPriceSet),
      },
    })),
    // A transaction's amount and currency are the customer's (presentment) money, as in the webhook.
    transactions: refund.transactions.nodes.map((transaction) => ({
      id: legacy(transaction.id),
      admin_graphql_api_id: transaction.id,
      order_id: orderId,
      kind: lower(transaction.kind),
      status: lower(transaction.status),
      gateway: transaction.gateway,
      amount: transaction.amountSet.presentmentMoney.amount,
      currency: transaction.amountSet.presentmentMoney.currencyCode,
      created_at: transaction.createdAt,
      processed_at: transaction.processedAt,
      parent_id: legacy(transaction.parentTransaction?.id),
      test: transaction.test,
    })),
  };
}

/** The order's own connections the payload needs, first pages (the nodes query; bulk selects them whole). */
export const ORDER_DETAIL_CONNECTIONS = `shippingLines(first: 2, includeRemovals: true) { nodes { ${SHIPPING_LINE} } pageInfo { hasNextPage endCursor } }
      discountApplications(first: 3) { nodes { ${DISCOUNT_APPLICATION} } pageInfo { hasNextPage endCursor } }`;
