import {
  customerPayload,
  orderPayload,
  toGid,
  type GraphqlCustomer,
  type GraphqlLineItem,
  type GraphqlOrder,
} from "./admin-graphql-payloads";

// Reads orders and customers from Shopify's Admin GraphQL API as the payloads their webhooks carry.
// `graphql` is the client Shopify's authenticate.admin returns (admin.graphql), so the request carries the
// shop's own offline token: another shop's id simply comes back null.
//
// Sizes follow Shopify's cost limits (a single query may cost at most 1,000 points; a connection costs
// about 2 + first): orders in chunks of 10 with 50 line items each, longer orders paged per order.

export type AdminGraphql = (query: string, options?: { variables?: Record<string, unknown> }) => Promise<Response>;

export interface FetchedRecord {
  shopifyId: string;
  payload: Record<string, unknown>;
  updatedAt: string;
}

export interface FetchOutcome {
  records: FetchedRecord[];
  /** Ids Shopify answered null for: deleted, or not this shop's. */
  missing: string[];
}

export class ShopifyAdminApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = "ShopifyAdminApiError";
  }
}

const ORDER_CHUNK = 10;
const CUSTOMER_CHUNK = 50;
const LINE_ITEM_PAGE = 50;

const MONEY_BAG = `shopMoney { amount currencyCode } presentmentMoney { amount currencyCode }`;
const ADDRESS = `firstName lastName company address1 address2 city province provinceCode country countryCodeV2 zip phone`;
const LINE_ITEM = `id name title sku vendor quantity currentQuantity variant { id } product { id }
  originalUnitPriceSet { ${MONEY_BAG} } discountedUnitPriceSet { ${MONEY_BAG} }`;

export const ORDERS_QUERY = `#graphql
query SalesforceSyncOrders($ids: [ID!]!, $lineItems: Int!) {
  nodes(ids: $ids) {
    ... on Order {
      id name email phone note tags createdAt updatedAt processedAt cancelledAt cancelReason closedAt
      currencyCode presentmentCurrencyCode displayFinancialStatus displayFulfillmentStatus
      totalPriceSet { ${MONEY_BAG} } subtotalPriceSet { ${MONEY_BAG} } totalTaxSet { ${MONEY_BAG} }
      totalDiscountsSet { ${MONEY_BAG} } totalShippingPriceSet { ${MONEY_BAG} }
      currentTotalPriceSet { ${MONEY_BAG} } currentSubtotalPriceSet { ${MONEY_BAG} }
      currentTotalTaxSet { ${MONEY_BAG} } currentTotalDiscountsSet { ${MONEY_BAG} }
      customer { id email firstName lastName phone }
      billingAddress { ${ADDRESS} } shippingAddress { ${ADDRESS} }
      lineItems(first: $lineItems) { nodes { ${LINE_ITEM} } pageInfo { hasNextPage endCursor } }
    }
  }
}`;

export const ORDER_LINE_ITEMS_QUERY = `#graphql
query SalesforceSyncOrderLineItems($id: ID!, $after: String) {
  order(id: $id) {
    lineItems(first: 250, after: $after) { nodes { ${LINE_ITEM} } pageInfo { hasNextPage endCursor } }
  }
}`;

export const CUSTOMERS_QUERY = `#graphql
query SalesforceSyncCustomers($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on Customer {
      id firstName lastName note state tags verifiedEmail taxExempt createdAt updatedAt numberOfOrders
      amountSpent { amount currencyCode }
      defaultEmailAddress { emailAddress } defaultPhoneNumber { phoneNumber }
      defaultAddress { id ${ADDRESS} }
    }
  }
}`;

interface GraphqlBody<T> {
  data?: T;
  errors?: Array<{ message: string }> | { message?: string };
}

async function run<T>(graphql: AdminGraphql, query: string, variables: Record<string, unknown>): Promise<T> {
  let response: Response;
  try {
    response = await graphql(query, { variables });
  } catch (error) {
    // Shopify's client throws on GraphQL errors and non-2xx answers; keep its message for the merchant.
    if (error instanceof Response) throw new ShopifyAdminApiError(`Shopify answered ${error.status}`, error.status);
    const body = (error as { body?: GraphqlBody<unknown> }).body;
    const message = Array.isArray(body?.errors) ? body.errors.map((entry) => entry.message).join("; ") : error instanceof Error ? error.message : String(error);
    throw new ShopifyAdminApiError(`Shopify's Admin API refused the request: ${message}`, null);
  }
  const body = (await response.json()) as GraphqlBody<T>;
  if (body.errors && (!Array.isArray(body.errors) || body.errors.length > 0)) {
    const message = Array.isArray(body.errors) ? body.errors.map((entry) => entry.message).join("; ") : (body.errors.message ?? "unknown error");
    throw new ShopifyAdminApiError(`Shopify's Admin API refused the request: ${message}`, response.status);
  }
  if (!body.data) throw new ShopifyAdminApiError("Shopify's Admin API answered without data", response.status);
  return body.data;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

export function createShopifyAdminRecords(graphql: AdminGraphql) {
  async function allLineItems(order: GraphqlOrder): Promise<GraphqlLineItem[]> {
    const items = [...order.lineItems.nodes];
    let page = order.lineItems.pageInfo;
    while (page.hasNextPage) {
      const data = await run<{ order: { lineItems: GraphqlOrder["lineItems"] } | null }>(graphql, ORDER_LINE_ITEMS_QUERY, { id: order.id, after: page.endCursor });
      if (!data.order) break;
      items.push(...data.order.lineItems.nodes);
      page = data.order.lineItems.pageInfo;
    }
    return items;
  }

  return {
    /** The current orders (ids as exact strings), each with every line item. */
    async orders(ids: readonly string[]): Promise<FetchOutcome> {
      const outcome: FetchOutcome = { records: [], missing: [] };
      for (const chunk of chunks(ids, ORDER_CHUNK)) {
        const data = await run<{ nodes: Array<GraphqlOrder | null> }>(graphql, ORDERS_QUERY, { ids: chunk.map((id) => toGid("Order", id)), lineItems: LINE_ITEM_PAGE });
        for (const [index, node] of data.nodes.entries()) {
          if (!node || !node.id) {
            outcome.missing.push(chunk[index]);
            continue;
          }
          const payload = orderPayload(node, await allLineItems(node));
          outcome.records.push({ shopifyId: String(payload.id), payload, updatedAt: node.updatedAt });
        }
      }
      return outcome;
    },

    async customers(ids: readonly string[]): Promise<FetchOutcome> {
      const outcome: FetchOutcome = { records: [], missing: [] };
      for (const chunk of chunks(ids, CUSTOMER_CHUNK)) {
        const data = await run<{ nodes: Array<GraphqlCustomer | null> }>(graphql, CUSTOMERS_QUERY, { ids: chunk.map((id) => toGid("Customer", id)) });
        for (const [index, node] of data.nodes.entries()) {
          if (!node || !node.id) {
            outcome.missing.push(chunk[index]);
            continue;
          }
          const payload = customerPayload(node);
          outcome.records.push({ shopifyId: String(payload.id), payload, updatedAt: node.updatedAt });
        }
      }
      return outcome;
    },
  };
}

export type ShopifyAdminRecords = ReturnType<typeof createShopifyAdminRecords>;
