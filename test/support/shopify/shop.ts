import { GraphQLError } from "graphql";
import { compareKeys, paginate, type PageArgs, type SortKey } from "./connection";
import { customerObject, orderObject, refundObject, type CustomerStats } from "./graphql-objects";
import { CostBucket, PLANS, type ShopPlan } from "./query-cost";
import { matchesSearch, parseSearchQuery } from "./search-query";
import type { BulkOperationRecord } from "./bulk-operations";

type Json = Record<string, unknown>;

/** Without read_all_orders an app sees the last 60 days of orders (Order object reference, shopify.dev). */
export const ORDER_WINDOW_DAYS = 60;
const DAY = 86_400_000;

export interface ShopOptions {
  domain: string;
  accessToken?: string;
  /** Granted access scopes; default read_customers,read_orders (no read_all_orders). */
  scopes?: string[];
  plan?: ShopPlan;
  /** Overrides of the plan's bucket (tests that need throttling quickly). */
  maximumAvailable?: number;
  restoreRate?: number;
  currency?: string;
}

export interface WebhookSubscription { topic: string; url: string; secret: string }

const accessDenied = (field: string, scope: string) =>
  new GraphQLError(`Access denied for ${field} field. Required access: \`${scope}\` access scope.`, {
    extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: `\`${scope}\` access scope.` },
  });

/** One shop in the emulator: its records (REST-shaped), the app's grant, its cost bucket, bulk operations. */
export class EmulatedShop {
  readonly domain: string;
  accessToken: string;
  scopes: Set<string>;
  plan: ShopPlan;
  readonly bucket: CostBucket;
  readonly currency: string;
  readonly customers = new Map<string, Json>();
  readonly orders = new Map<string, Json>();
  readonly bulkOperations: BulkOperationRecord[] = [];
  readonly webhooks: WebhookSubscription[] = [];
  /** Every GraphQL request answered (for tests that count calls). */
  requests = 0;
  throttled = 0;
  private stats: Map<string, CustomerStats> | undefined;

  constructor(options: ShopOptions, readonly clock: () => number) {
    this.domain = options.domain;
    this.accessToken = options.accessToken ?? `shpat_${options.domain.replace(/\W/g, "")}`;
    this.scopes = new Set(options.scopes ?? ["read_customers", "read_orders"]);
    this.plan = options.plan ?? "standard";
    const plan = PLANS[this.plan];
    this.bucket = new CostBucket(options.maximumAvailable ?? plan.maximumAvailable, options.restoreRate ?? plan.restoreRate, clock);
    this.currency = options.currency ?? "USD";
  }

  // ---- control (tests and the demo) ----

  putCustomers(customers: Json[]): void {
    for (const customer of customers) this.customers.set(String(customer.id), customer);
    this.stats = undefined;
  }

  putOrders(orders: Json[]): void {
    for (const order of orders) this.orders.set(String(order.id), order);
    this.stats = undefined;
  }

  deleteCustomer(id: string): void {
    this.customers.delete(id);
    this.stats = undefined;
  }

  subscribe(topic: string, url: string, secret: string): void {
    this.webhooks.push({ topic, url, secret });
  }

  grant(...scopes: string[]): void {
    for (const scope of scopes) this.scopes.add(scope);
  }

  // ---- what the app may see ----

  canSeeOrder(order: Json): boolean {
    if (this.scopes.has("read_all_orders")) return true;
    return Date.parse(String(order.created_at)) >= this.clock() - ORDER_WINDOW_DAYS * DAY;
  }

  requireScope(field: string, ...scopes: string[]): void {
    // write_X implies read_X on Shopify.
    if (!scopes.some((scope) => this.scopes.has(scope) || this.scopes.has(scope.replace(/^read_/, "write_")))) throw accessDenied(field, scopes[0]);
  }

  private customerStats(): Map<string, CustomerStats> {
    if (this.stats) return this.stats;
    const stats = new Map<string, CustomerStats>();
    for (const order of this.orders.values()) {
      const customer = order.customer as Json | null;
      if (!customer) continue;
      const entry = stats.get(String(customer.id)) ?? { numberOfOrders: 0, amountSpentCents: 0 };
      entry.numberOfOrders += 1;
      entry.amountSpentCents += Math.round(Number(order.current_total_price ?? 0) * 100);
      stats.set(String(customer.id), entry);
    }
    this.stats = stats;
    return stats;
  }

  customerNode(customer: Json) {
    return customerObject(customer, this.customerStats().get(String(customer.id)));
  }

  orderNode(order: Json) {
    const snapshot = order.customer as Json | null;
    const live = snapshot ? (this.customers.get(String(snapshot.id)) ?? snapshot) : null;
    return orderObject(order, live);
  }

  /** Filter and sort like Shopify's connections: sortKey (default ID), then id for ties. */
  list(kind: "customers" | "orders", args: PageArgs & { query?: string | null; sortKey?: string | null; reverse?: boolean | null }, unbounded: boolean) {
    const terms = parseSearchQuery(args.query);
    const source = kind === "customers" ? [...this.customers.values()] : [...this.orders.values()].filter((order) => this.canSeeOrder(order));
    const filtered = source.filter((record) => matchesSearch(record, terms));
    const sortKey = args.sortKey ?? "ID";
    const keyOf = (record: Json): SortKey => {
      const id = String(record.id);
      switch (sortKey) {
        case "UPDATED_AT": return { value: Date.parse(String(record.updated_at)), id };
        case "CREATED_AT": return { value: Date.parse(String(record.created_at)), id };
        case "PROCESSED_AT": return { value: Date.parse(String(record.processed_at ?? record.created_at)), id };
        default: return { value: 0, id };
      }
    };
    const keyed = filtered.map((record) => ({ record, key: keyOf(record) }));
    keyed.sort((a, b) => compareKeys(a.key, b.key) * (args.reverse ? -1 : 1));
    const byRecord = new Map(keyed.map((entry) => [entry.record, entry.key]));
    const page = paginate(keyed.map((entry) => entry.record), args, (record) => byRecord.get(record)!, unbounded, Boolean(args.reverse));
    const build = (record: Json) => (kind === "customers" ? this.customerNode(record) : this.orderNode(record));
    const nodes = page.nodes.map(build);
    return { edges: page.edges.map((edge, index) => ({ cursor: edge.cursor, node: nodes[index] })), nodes, pageInfo: page.pageInfo };
  }

  count(kind: "customers" | "orders", query: string | null | undefined): number {
    const terms = parseSearchQuery(query);
    const source = kind === "customers" ? [...this.customers.values()] : [...this.orders.values()].filter((order) => this.canSeeOrder(order));
    return source.filter((record) => matchesSearch(record, terms)).length;
  }

  /** A node by global id, or null; old orders without read_all_orders are an access error. */
  findNode(id: string) {
    const match = /^gid:\/\/shopify\/(\w+)\/(\d+)$/.exec(id);
    if (!match) throw new GraphQLError(`Invalid global id '${id}'`, { extensions: { code: "argumentLiteralsIncompatible" } });
    const [, type, numericId] = match;
    if (type === "Customer") {
      this.requireScope("customer", "read_customers");
      const customer = this.customers.get(numericId);
      return customer ? this.customerNode(customer) : null;
    }
    if (type === "Order") {
      this.requireScope("order", "read_orders");
      const order = this.orders.get(numericId);
      if (!order) return null;
      if (!this.canSeeOrder(order)) throw accessDenied("order", "read_all_orders");
      return this.orderNode(order);
    }
    if (type === "Refund") {
      // Refund is a Node: the app reads a refund's lines and transactions by id (they are connections, which
      // a bulk operation cannot select inside the order's refunds list).
      this.requireScope("refund", "read_orders");
      for (const order of this.orders.values()) {
        const refund = ((order.refunds as Json[] | undefined) ?? []).find((entry) => String(entry.id) === numericId);
        if (!refund) continue;
        if (!this.canSeeOrder(order)) throw accessDenied("refund", "read_all_orders");
        return refundObject(refund, order, String(order.currency ?? "USD"));
      }
      return null;
    }
    if (type === "BulkOperation") return this.bulkOperations.find((op) => op.id === id)?.toGraphQL() ?? null;
    return null;
  }
}
