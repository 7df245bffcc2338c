import { ORDER_DETAIL_CONNECTIONS, TAX_LINE } from "./graphql-order-details";
import { readOrderDetails } from "./order-details.server";
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
// Sizes follow Shopify's cost rules (a single query may cost at most 1,000 points; every object costs 1,
// a connection 2 + first × its node): an order with its money bags, customer, addresses, tax lines and
// first shipping lines and discount applications costs about 100 points plus 17 per line item, so orders
// go 3 a query (about 820 points) with their first 10 line items; an order with more pages through the
// rest (50 a query), and refunds are read by id (order-details.server.ts).

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

const ORDER_CHUNK = 3;
const CUSTOMER_CHUNK = 50;
const LINE_ITEM_PAGE = 10;

const MONEY_BAG = `shopMoney { amount currencyCode } presentmentMoney { amount currencyCode }`;
const ADDRESS = `firstName lastName company address1 address2 city province provinceCode country countryCodeV2 zip phone`;
export const LINE_ITEM = `id name title sku vendor quantity currentQuantity variant { id } product { id }
  originalUnitPriceSet { ${MONEY_BAG} } discountedUnitPriceSet { ${MONEY_BAG} }
  taxLines { ${TAX_LINE} } discountAllocations { allocatedAmountSet { ${MONEY_BAG} } }`;

/** The order fields the webhook payload is rebuilt from (also read by backfill bulk operations). */
export const ORDER_FIELDS = `id name email phone note tags createdAt updatedAt processedAt cancelledAt cancelReason closedAt
      currencyCode presentmentCurrencyCode displayFinancialStatus displayFulfillmentStatus
      totalPriceSet { ${MONEY_BAG} } subtotalPriceSet { ${MONEY_BAG} } totalTaxSet { ${MONEY_BAG} }
      totalDiscountsSet { ${MONEY_BAG} } totalShippingPriceSet { ${MONEY_BAG} }
      currentTotalPriceSet { ${MONEY_BAG} } currentSubtotalPriceSet { ${MONEY_BAG} }
      currentTotalTaxSet { ${MONEY_BAG} } currentTotalDiscountsSet { ${MONEY_BAG} } totalOutstandingSet { ${MONEY_BAG} }
      currentShippingPriceSet { ${MONEY_BAG} } taxesIncluded discountCodes taxLines { ${TAX_LINE} }
      originalTotalDutiesSet { ${MONEY_BAG} } currentTotalDutiesSet { ${MONEY_BAG} }
      originalTotalAdditionalFeesSet { ${MONEY_BAG} } currentTotalAdditionalFeesSet { ${MONEY_BAG} }
      refunds { id }
      customer { id email firstName lastName phone }
      billingAddress { ${ADDRESS} } shippingAddress { ${ADDRESS} }`;

export const ORDERS_QUERY = `#graphql
query SalesforceSyncOrders($ids: [ID!]!, $lineItems: Int!) {
  nodes(ids: $ids) {
    ... on Order {
      ${ORDER_FIELDS}
      lineItems(first: $lineItems) { nodes { ${LINE_ITEM} } pageInfo { hasNextPage endCursor } }
      ${ORDER_DETAIL_CONNECTIONS}
    }
  }
}`;

export const ORDER_LINE_ITEMS_QUERY = `#graphql
query SalesforceSyncOrderLineItems($id: ID!, $after: String) {
  order(id: $id) {
    lineItems(first: 50, after: $after) { nodes { ${LINE_ITEM} } pageInfo { hasNextPage endCursor } }
  }
}`;

export const CUSTOMER_FIELDS = `id firstName lastName note state tags verifiedEmail taxExempt createdAt updatedAt numberOfOrders
      amountSpent { amount currencyCode }
      defaultEmailAddress { emailAddress } defaultPhoneNumber { phoneNumber }
      defaultAddress { id ${ADDRESS} }`;

export const CUSTOMERS_QUERY = `#graphql
query SalesforceSyncCustomers($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on Customer {
      ${CUSTOMER_FIELDS}
    }
  }
}`;

interface GraphqlError {
  message: string;
  extensions?: { code?: string };
}
interface GraphqlBody<T> {
  data?: T;
  errors?: GraphqlError[] | { message?: string; graphQLErrors?: GraphqlError[] };
  extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: { currentlyAvailable: number; restoreRate: number } } };
}

export interface ReadOptions {
  /** Waits while Shopify's cost bucket refills (THROTTLED); injected so tests never sleep for real. */
  sleep?: (ms: number) => Promise<void>;
  /** Longest total wait for the bucket before giving up with a clear error. */
  maxWaitMs?: number;
}

const errorsOf = (body: GraphqlBody<unknown> | undefined): GraphqlError[] => {
  const errors = body?.errors;
  if (!errors) return [];
  if (Array.isArray(errors)) return errors;
  return errors.graphQLErrors ?? (errors.message ? [{ message: errors.message }] : []);
};

/**
 * One query. Shopify's client throws on any GraphQL error (GraphqlQueryError, with the body); THROTTLED
 * means the shop's cost bucket is empty: wait for it to refill at its restore rate, as Shopify asks, and
 * try again (bounded). Anything else becomes a ShopifyAdminApiError with Shopify's words.
 */
/** Reads that got no response at all (a reset connection) are sent again this many times; writes never. */
const UNREACHABLE_RETRIES = 2;

export async function runAdminQuery<T>(graphql: AdminGraphql, query: string, variables: Record<string, unknown>, options: ReadOptions, waited = { ms: 0 }, unreachable = 0): Promise<T> {
  let body: GraphqlBody<T>;
  let status: number | null = null;
  try {
    const response = await graphql(query, { variables });
    status = response.status;
    body = (await response.json()) as GraphqlBody<T>;
  } catch (error) {
    if (error instanceof Response) throw new ShopifyAdminApiError(`Shopify answered ${error.status}`, error.status);
    const thrown = (error as { body?: GraphqlBody<T> }).body;
    if (!thrown) {
      // A query changes nothing, so one that got no response (e.g. a kept-alive connection the server had
      // just closed) is safe to send again after a short pause.
      if (unreachable < UNREACHABLE_RETRIES && !/^\s*(#[^\n]*\n\s*)*mutation\b/.test(query)) {
        await new Promise((resolve) => setTimeout(resolve, 250 * (unreachable + 1)));
        return runAdminQuery(graphql, query, variables, options, waited, unreachable + 1);
      }
      throw new ShopifyAdminApiError(`Shopify's Admin API could not be reached: ${error instanceof Error ? error.message : String(error)}`, null);
    }
    body = thrown;
  }
  const errors = errorsOf(body);
  if (errors.some((error) => error.extensions?.code === "THROTTLED")) {
    const cost = body.extensions?.cost;
    const missing = Math.max(1, (cost?.requestedQueryCost ?? 100) - (cost?.throttleStatus?.currentlyAvailable ?? 0));
    const waitMs = Math.ceil((missing / Math.max(1, cost?.throttleStatus?.restoreRate ?? 50)) * 1000);
    if (waited.ms + waitMs > (options.maxWaitMs ?? 120_000)) throw new ShopifyAdminApiError("Shopify's API rate limit for this shop is used up; try again in a minute.", 429);
    waited.ms += waitMs;
    await (options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))))(waitMs);
    return runAdminQuery(graphql, query, variables, options, waited, unreachable);
  }
  if (errors.length > 0) throw new ShopifyAdminApiError(`Shopify's Admin API refused the request: ${errors.map((error) => error.message).join("; ")}`, status);
  if (!body.data) throw new ShopifyAdminApiError("Shopify's Admin API answered without data", status);
  return body.data;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

export function createShopifyAdminRecords(graphql: AdminGraphql, options: ReadOptions = {}) {
  async function allLineItems(order: GraphqlOrder): Promise<GraphqlLineItem[]> {
    const items = [...order.lineItems.nodes];
    let page = order.lineItems.pageInfo;
    while (page.hasNextPage) {
      const data = await runAdminQuery<{ order: { lineItems: GraphqlOrder["lineItems"] } | null }>(graphql, ORDER_LINE_ITEMS_QUERY, { id: order.id, after: page.endCursor }, options);
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
        const data = await runAdminQuery<{ nodes: Array<GraphqlOrder | null> }>(graphql, ORDERS_QUERY, { ids: chunk.map((id) => toGid("Order", id)), lineItems: LINE_ITEM_PAGE }, options);
        const found = data.nodes.filter((node): node is GraphqlOrder => Boolean(node?.id));
        const details = await readOrderDetails(graphql, found, options);
        for (const [index, node] of data.nodes.entries()) {
          if (!node || !node.id) {
            outcome.missing.push(chunk[index]);
            continue;
          }
          const payload = orderPayload(node, await allLineItems(node), details.get(node.id));
          outcome.records.push({ shopifyId: String(payload.id), payload, updatedAt: node.updatedAt });
        }
      }
      return outcome;
    },

    async customers(ids: readonly string[]): Promise<FetchOutcome> {
      const outcome: FetchOutcome = { records: [], missing: [] };
      for (const chunk of chunks(ids, CUSTOMER_CHUNK)) {
        const data = await runAdminQuery<{ nodes: Array<GraphqlCustomer | null> }>(graphql, CUSTOMERS_QUERY, { ids: chunk.map((id) => toGid("Customer", id)) }, options);
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
