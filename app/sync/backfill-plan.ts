// Pure planning for a historical backfill: which records, which Shopify and Salesforce paths,
// what it costs, and what Shopify will not show us. No I/O: the service feeds it counts and usage.

export const BACKFILL_RESOURCES = ["customers", "orders"] as const;
export type BackfillResource = (typeof BACKFILL_RESOURCES)[number];

/** Salesforce's advice: Bulk API 2.0 above about 2,000 records per object, sObject Collections below. */
export const DEFAULT_BULK_THRESHOLD = 2_000;
/**
 * Shopify's advice: bulk operations for large reads, paginated queries for small ones. Read by id, an
 * order with its lines, shipping, tax and discounts costs about 270 points (3 a query), so 1,000 orders
 * are ~330 queries and ~90,000 points against one bulk operation's handful of queries (bench:backfill).
 */
export const DEFAULT_SHOPIFY_BULK_THRESHOLD = 1_000;
export const COLLECTION_SIZE = 200;
/** One Bulk API 2.0 job, at most: create, upload, close, a few polls, successful and failed results. */
export const BULK_JOB_CALLS = 8;
/** Records per Bulk job (Salesforce splits uploads into internal batches of 10,000). */
export const BULK_JOB_RECORDS = 10_000;
/** Orders older than this need read_all_orders (Shopify's Order object reference). */
export const ORDER_WINDOW_DAYS = 60;

const DAY_MS = 86_400_000;

/** The Salesforce objects one Shopify record becomes by default, with how many of each. */
export const OBJECTS_PER_RECORD: Record<BackfillResource, Array<{ object: string; perRecord: number }>> = {
  customers: [
    { object: "Account", perRecord: 1 },
    { object: "Contact", perRecord: 1 },
  ],
  orders: [
    { object: "Opportunity", perRecord: 1 },
    { object: "OpportunityLineItem", perRecord: 2 },
  ],
};

export interface DateRange {
  from: Date | null;
  to: Date | null;
}

export interface ObjectEstimate {
  object: string;
  records: number;
  path: "bulk" | "collections";
  apiCalls: number;
}

export interface BackfillEstimate {
  resources: Array<{ resource: BackfillResource; records: number; shopifyPath: "bulk-operation" | "paginated" }>;
  objects: ObjectEstimate[];
  apiCalls: number;
  /** Calls the org has left today and the share kept free for the merchant's own users. */
  remaining: number | null;
  reserve: number | null;
  fits: boolean;
  /** Orders Shopify will not show without read_all_orders, explained; null when none are cut off. */
  orderWindow: OrderWindowNotice | null;
}

export interface OrderWindowNotice {
  visibleFrom: Date;
  message: string;
  howToFix: string;
}

export function salesforcePath(records: number, threshold = DEFAULT_BULK_THRESHOLD): "bulk" | "collections" {
  return records > threshold ? "bulk" : "collections";
}

export function apiCallsFor(records: number, path: "bulk" | "collections"): number {
  if (records <= 0) return 0;
  return path === "bulk" ? Math.ceil(records / BULK_JOB_RECORDS) * BULK_JOB_CALLS : Math.ceil(records / COLLECTION_SIZE);
}

/**
 * Orders created before now − 60 days are invisible without read_all_orders. Returns what to tell the
 * merchant when the chosen range reaches further back than that.
 */
export function orderWindowNotice(range: DateRange, scopes: readonly string[], now: Date): OrderWindowNotice | null {
  if (scopes.includes("read_all_orders")) return null;
  const visibleFrom = new Date(now.getTime() - ORDER_WINDOW_DAYS * DAY_MS);
  if (range.from && range.from.getTime() >= visibleFrom.getTime()) return null;
  return {
    visibleFrom,
    message: `Shopify only lets this app read orders from the last ${ORDER_WINDOW_DAYS} days (since ${visibleFrom.toISOString().slice(0, 10)}); older orders are left out of this backfill.`,
    howToFix:
      "To include older orders, request the read_all_orders scope: in the Partner Dashboard open the app's API access page and request access to all orders, then add read_all_orders to the scopes in shopify.app.toml and deploy, and the merchant approves the new scope when they next open the app.",
  };
}

export interface EstimateInput {
  counts: Partial<Record<BackfillResource, number>>;
  /** Average line items per order, when known (else the default of two). */
  linesPerOrder?: number;
  usage: { used: number; limit: number } | null;
  reservePercent: number;
  threshold?: number;
  shopifyBulkThreshold?: number;
  orderWindow: OrderWindowNotice | null;
}

export function estimateBackfill(input: EstimateInput): BackfillEstimate {
  const resources = BACKFILL_RESOURCES.filter((resource) => input.counts[resource] !== undefined).map((resource) => {
    const records = input.counts[resource] ?? 0;
    return { resource, records, shopifyPath: records > (input.shopifyBulkThreshold ?? DEFAULT_SHOPIFY_BULK_THRESHOLD) ? ("bulk-operation" as const) : ("paginated" as const) };
  });
  const objects = resources.flatMap(({ resource, records }) =>
    OBJECTS_PER_RECORD[resource].map(({ object, perRecord }) => {
      const count = Math.round(records * (object === "OpportunityLineItem" && input.linesPerOrder !== undefined ? input.linesPerOrder : perRecord));
      const path = salesforcePath(count, input.threshold);
      return { object, records: count, path, apiCalls: apiCallsFor(count, path) };
    }),
  );
  const apiCalls = objects.reduce((sum, object) => sum + object.apiCalls, 0);
  const remaining = input.usage ? Math.max(0, input.usage.limit - input.usage.used) : null;
  const reserve = input.usage ? Math.ceil((input.usage.limit * Math.max(0, input.reservePercent)) / 100) : null;
  const fits = remaining === null || reserve === null ? true : apiCalls <= remaining - reserve;
  return { resources, objects, apiCalls, remaining, reserve, fits, orderWindow: input.orderWindow };
}

/** Shopify search syntax for a range on updated_at (inclusive from, exclusive to). */
export function updatedAtQuery(range: DateRange): string {
  const parts: string[] = [];
  if (range.from) parts.push(`updated_at:>='${range.from.toISOString()}'`);
  if (range.to) parts.push(`updated_at:<'${range.to.toISOString()}'`);
  return parts.join(" AND ");
}

/** The dedupe key of a backfilled record version: the same version stored twice is one event. */
export function backfillDedupeKey(resource: BackfillResource, shopifyId: string, updatedAt: string): string {
  return `backfill:${resource}:${shopifyId}:${updatedAt}`;
}
