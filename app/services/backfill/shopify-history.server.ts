import { customerPayload, orderPayload, type GraphqlCustomer, type GraphqlLineItem, type GraphqlOrder, type OrderDetails } from "../shopify/admin-graphql-payloads";
import { DISCOUNT_APPLICATION, SHIPPING_LINE, type GraphqlDiscountApplication, type GraphqlShippingLine } from "../shopify/graphql-order-details";
import { readOrderDetails } from "../shopify/order-details.server";
import {
  createShopifyAdminRecords,
  CUSTOMER_FIELDS,
  LINE_ITEM,
  ORDER_FIELDS,
  runAdminQuery,
  ShopifyAdminApiError,
  type AdminGraphql,
  type FetchedRecord,
  type ReadOptions,
} from "../shopify/admin-records.server";
import type { BackfillResource } from "../../sync/backfill-plan";

// Reads a shop's history from the Admin GraphQL API as webhook-shaped payloads, two ways (Shopify's
// advice, shopify.dev/docs/api/usage/bulk-operations/queries): a bulk operation (one JSONL file, no
// cost-bucket pressure) for large ranges, cursor pagination for small ones. Every query goes through
// runAdminQuery, which waits out THROTTLED at the bucket's restore rate.

const ROOT = { customers: "customers", orders: "orders" } as const;
const LIST_PAGE = 250;

export interface HistoryPage {
  records: FetchedRecord[];
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface BulkStatus {
  id: string;
  status: string;
  url: string | null;
  errorCode: string | null;
  rootObjectCount: number;
}

export interface HistoryOptions extends ReadOptions {
  /** Downloads the JSONL result (plain fetch in the app). */
  fetchFile?: (url: string) => Promise<Response>;
  /** Between polls of a running bulk operation. */
  pollMs?: number;
}

const BULK_FIELDS = `id status errorCode url rootObjectCount`;

export function bulkQueryText(resource: BackfillResource, search: string): string {
  const args = search ? `(query: ${JSON.stringify(search)})` : "";
  if (resource === "customers") return `{ customers${args} { edges { node { ${CUSTOMER_FIELDS} } } } }`;
  // Three nested connections (Shopify allows five, two levels deep); each child line says what it is.
  return `{ orders${args} { edges { node { ${ORDER_FIELDS}
    lineItems { edges { node { __typename ${LINE_ITEM} } } }
    shippingLines(includeRemovals: true) { edges { node { __typename ${SHIPPING_LINE} } } }
    discountApplications { edges { node { ${DISCOUNT_APPLICATION} } } } } } } }`;
}

interface OrderChildren {
  lineItems: GraphqlLineItem[];
  shippingLines: GraphqlShippingLine[];
  discountApplications: GraphqlDiscountApplication[];
}

/** A bulk result file: roots, and each root's children (lines with __parentId, after their parent). */
export function parseJsonl(jsonl: string): { roots: Array<Record<string, unknown>>; children: Map<string, OrderChildren> } {
  const roots: Array<Record<string, unknown>> = [];
  const children = new Map<string, OrderChildren>();
  for (const text of jsonl.split("\n")) {
    if (!text.trim()) continue;
    const node = JSON.parse(text) as Record<string, unknown>;
    const parent = node.__parentId;
    if (typeof parent !== "string") {
      roots.push(node);
      continue;
    }
    const { __parentId: _parent, ...item } = node;
    const entry = children.get(parent) ?? { lineItems: [], shippingLines: [], discountApplications: [] };
    if (item.__typename === "LineItem") entry.lineItems.push(item as unknown as GraphqlLineItem);
    else if (item.__typename === "ShippingLine") entry.shippingLines.push(item as unknown as GraphqlShippingLine);
    else entry.discountApplications.push(item as unknown as GraphqlDiscountApplication);
    children.set(parent, entry);
  }
  return { roots, children };
}

/** JSONL → webhook-shaped records, in file order (orders' refunds come from `details`, read by id). */
export function recordsFromJsonl(resource: BackfillResource, jsonl: string, details: ReadonlyMap<string, OrderDetails> = new Map()): FetchedRecord[] {
  const { roots, children } = parseJsonl(jsonl);
  return roots.map((node) => {
    const id = String(node.id);
    const own = children.get(id) ?? { lineItems: [], shippingLines: [], discountApplications: [] };
    const payload =
      resource === "customers"
        ? customerPayload(node as unknown as GraphqlCustomer)
        : orderPayload({ ...(node as unknown as GraphqlOrder), lineItems: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } }, own.lineItems, {
            shippingLines: own.shippingLines,
            discountApplications: own.discountApplications,
            refunds: details.get(id)?.refunds ?? [],
          });
    return { shopifyId: String(payload.id), payload, updatedAt: String(node.updatedAt) };
  });
}

export function createShopifyHistory(graphql: AdminGraphql, options: HistoryOptions = {}) {
  const records = createShopifyAdminRecords(graphql, options);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  return {
    /** Exact count (limit: null lifts the default cap of 10,000). */
    async count(resource: BackfillResource, search: string): Promise<number> {
      const field = resource === "customers" ? "customersCount" : "ordersCount";
      const data = await runAdminQuery<Record<string, { count: number } | null>>(graphql, `query BackfillCount($q: String) { ${field}(query: $q, limit: null) { count } }`, { q: search || null }, options);
      return data[field]?.count ?? 0;
    },

    /** One page of ids (cheap), then the records in full through the same reader as "Sync to Salesforce". */
    async page(resource: BackfillResource, search: string, after: string | null): Promise<HistoryPage> {
      const root = ROOT[resource];
      const data = await runAdminQuery<Record<string, { nodes: Array<{ id: string }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>>(
        graphql,
        `query BackfillPage($q: String, $after: String) { ${root}(first: ${LIST_PAGE}, after: $after, query: $q, sortKey: ID) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
        { q: search || null, after },
        options,
      );
      const connection = data[root];
      const ids = connection.nodes.map((node) => node.id.split("/").at(-1)!);
      const fetched = resource === "customers" ? await records.customers(ids) : await records.orders(ids);
      return { records: fetched.records, endCursor: connection.pageInfo.endCursor, hasNextPage: connection.pageInfo.hasNextPage };
    },

    /** Every record's (id, updatedAt) in the range: 250 a query at about 1 point per record. */
    async versions(resource: BackfillResource, search: string): Promise<Array<{ shopifyId: string; updatedAt: string }>> {
      const root = ROOT[resource];
      const out: Array<{ shopifyId: string; updatedAt: string }> = [];
      let after: string | null = null;
      for (;;) {
        const data: Record<string, { nodes: Array<{ id: string; updatedAt: string }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } }> = await runAdminQuery(
          graphql,
          `query ReconcileVersions($q: String, $after: String) { ${root}(first: ${LIST_PAGE}, after: $after, query: $q, sortKey: ID) { nodes { id updatedAt } pageInfo { hasNextPage endCursor } } }`,
          { q: search || null, after },
          options,
        );
        const connection = data[root];
        for (const node of connection.nodes) out.push({ shopifyId: node.id.split("/").at(-1)!, updatedAt: node.updatedAt });
        if (!connection.pageInfo.hasNextPage) return out;
        after = connection.pageInfo.endCursor;
      }
    },

    /** Records by id, as their webhooks carry them (ids Shopify no longer has are left out). */
    async fetch(resource: BackfillResource, ids: readonly string[]): Promise<FetchedRecord[]> {
      const fetched = resource === "customers" ? await records.customers(ids) : await records.orders(ids);
      return fetched.records;
    },

    async startBulk(resource: BackfillResource, search: string): Promise<string> {
      const data = await runAdminQuery<{ bulkOperationRunQuery: { bulkOperation: { id: string } | null; userErrors: Array<{ message: string; code: string | null }> } }>(
        graphql,
        `mutation BackfillBulk($query: String!) { bulkOperationRunQuery(query: $query) { bulkOperation { id } userErrors { message code } } }`,
        { query: bulkQueryText(resource, search) },
        options,
      );
      const payload = data.bulkOperationRunQuery;
      if (!payload.bulkOperation) throw new ShopifyAdminApiError(`Shopify refused the bulk operation: ${payload.userErrors.map((e) => e.message).join("; ")}`, null);
      return payload.bulkOperation.id;
    },

    async bulkStatus(id: string): Promise<BulkStatus> {
      const data = await runAdminQuery<{ bulkOperation: BulkStatus | null }>(graphql, `query BackfillBulkStatus($id: ID!) { bulkOperation(id: $id) { ${BULK_FIELDS} } }`, { id }, options);
      if (!data.bulkOperation) throw new ShopifyAdminApiError(`Shopify does not know bulk operation ${id}`, null);
      return data.bulkOperation;
    },

    /** Polls until the operation finished; a failed or canceled one is an error with Shopify's code. */
    async waitForBulk(id: string, timeoutMs = 30 * 60_000): Promise<BulkStatus> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const status = await this.bulkStatus(id);
        if (status.status === "COMPLETED") return status;
        if (["FAILED", "CANCELED", "EXPIRED"].includes(status.status)) {
          throw new ShopifyAdminApiError(`Shopify's bulk operation ended ${status.status.toLowerCase()}${status.errorCode ? ` (${status.errorCode})` : ""}`, null);
        }
        if (Date.now() > deadline) throw new ShopifyAdminApiError("Shopify's bulk operation did not finish in time", null);
        await sleep(options.pollMs ?? 1_000);
      }
    },

    async readBulk(resource: BackfillResource, url: string | null): Promise<FetchedRecord[]> {
      if (!url) return [];
      const response = await (options.fetchFile ?? fetch)(url);
      if (!response.ok) throw new ShopifyAdminApiError(`Shopify's bulk result file answered ${response.status}`, response.status);
      const jsonl = await response.text();
      if (resource === "customers") return recordsFromJsonl(resource, jsonl);
      // Refund lines and transactions cannot be in the file (connections inside a list): read by id.
      const withRefunds = parseJsonl(jsonl).roots.filter((root) => Array.isArray(root.refunds) && root.refunds.length > 0);
      const details = await readOrderDetails(graphql, withRefunds as unknown as Array<Pick<GraphqlOrder, "id" | "refunds">>, options);
      return recordsFromJsonl(resource, jsonl, details);
    },
  };
}

export type ShopifyHistory = ReturnType<typeof createShopifyHistory>;
