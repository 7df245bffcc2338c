import type { GraphqlOrder, OrderDetails } from "./admin-graphql-payloads";
import { runAdminQuery, type AdminGraphql, type ReadOptions } from "./admin-records.server";
import {
  DISCOUNT_APPLICATION,
  REFUND_FIELDS,
  REFUND_LINE_ITEM,
  SHIPPING_LINE,
  TRANSACTION,
  type GraphqlDiscountApplication,
  type GraphqlRefund,
  type GraphqlShippingLine,
} from "./graphql-order-details";

// Reads what an order's payload needs beyond the order query's first pages: the rest of its shipping
// lines and discount applications, and its refunds in full. Refund lines and transactions are
// connections inside the order's refunds list, which Shopify's bulk operations cannot select ("a
// connection field within a list field is not supported") and which would make the order query cost
// far more than its 1,000-point cap; so refunds are read by id (Refund is a Node), three a query
// (about 220 points each with their first 15 lines and 10 transactions), the rest paged.

const REFUND_CHUNK = 3;

interface Page<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** An order as read: its refund ids, and the first pages of its connections when the query selected them. */
export type OrderWithConnections = Pick<GraphqlOrder, "id" | "refunds"> & {
  shippingLines?: Page<GraphqlShippingLine>;
  discountApplications?: Page<GraphqlDiscountApplication>;
};

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

async function restOfPages<T>(graphql: AdminGraphql, query: string, id: string, path: (data: Record<string, unknown>) => Page<T> | null, first: Page<T>, options: ReadOptions): Promise<T[]> {
  const items = [...first.nodes];
  let page = first.pageInfo;
  while (page.hasNextPage) {
    const next = path(await runAdminQuery<Record<string, unknown>>(graphql, query, { id, after: page.endCursor }, options));
    if (!next) break;
    items.push(...next.nodes);
    page = next.pageInfo;
  }
  return items;
}

const orderConnectionQuery = (field: string, selection: string, args = "") =>
  `query SalesforceSyncOrderConnection($id: ID!, $after: String) { order(id: $id) { ${field}(first: 50, after: $after${args}) { nodes { ${selection} } pageInfo { hasNextPage endCursor } } } }`;
const refundConnectionQuery = (field: string, selection: string) =>
  `query SalesforceSyncRefundConnection($id: ID!, $after: String) { node(id: $id) { ... on Refund { ${field}(first: 100, after: $after) { nodes { ${selection} } pageInfo { hasNextPage endCursor } } } } }`;

const at = (key: string, field: string) => (data: Record<string, unknown>) => ((data[key] as Record<string, unknown> | null)?.[field] ?? null) as Page<never> | null;

async function readRefunds(graphql: AdminGraphql, ids: readonly string[], options: ReadOptions): Promise<Map<string, GraphqlRefund>> {
  const out = new Map<string, GraphqlRefund>();
  for (const chunk of chunks(ids, REFUND_CHUNK)) {
    const data = await runAdminQuery<{ nodes: Array<GraphqlRefund | null> }>(graphql, `query SalesforceSyncRefunds($ids: [ID!]!) { nodes(ids: $ids) { ... on Refund { ${REFUND_FIELDS} } } }`, { ids: chunk }, options);
    for (const refund of data.nodes) {
      if (!refund?.id) continue;
      const lines = await restOfPages(graphql, refundConnectionQuery("refundLineItems", REFUND_LINE_ITEM), refund.id, at("node", "refundLineItems"), refund.refundLineItems, options);
      const transactions = await restOfPages(graphql, refundConnectionQuery("transactions", TRANSACTION), refund.id, at("node", "transactions"), refund.transactions, options);
      out.set(refund.id, { ...refund, refundLineItems: { ...refund.refundLineItems, nodes: lines }, transactions: { ...refund.transactions, nodes: transactions } });
    }
  }
  return out;
}

/** Every order's details by its gid (orders with no refunds cost no extra query). */
export async function readOrderDetails(graphql: AdminGraphql, orders: readonly OrderWithConnections[], options: ReadOptions): Promise<Map<string, OrderDetails>> {
  const refunds = await readRefunds(graphql, orders.flatMap((order) => (order.refunds ?? []).map((refund) => refund.id)), options);
  const out = new Map<string, OrderDetails>();
  for (const order of orders) {
    const details: OrderDetails = {
      refunds: (order.refunds ?? []).map((refund) => refunds.get(refund.id)).filter((refund): refund is GraphqlRefund => Boolean(refund)),
    };
    if (order.shippingLines) details.shippingLines = await restOfPages(graphql, orderConnectionQuery("shippingLines", SHIPPING_LINE, ", includeRemovals: true"), order.id, at("order", "shippingLines"), order.shippingLines, options);
    if (order.discountApplications) details.discountApplications = await restOfPages(graphql, orderConnectionQuery("discountApplications", DISCOUNT_APPLICATION), order.id, at("order", "discountApplications"), order.discountApplications, options);
    out.set(order.id, details);
  }
  return out;
}
