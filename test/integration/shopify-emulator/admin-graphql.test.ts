import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { GraphqlQueryError } from "@shopify/shopify-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorAdminClient } from "../../support/shopify/admin-client";
import { generateShopHistory, startShopifyEmulator, type EmulatedShop, type ShopifyEmulator } from "../../support/shopify";
import { signWebhook } from "../../support/shopify-webhooks";

type Json = Record<string, unknown>;
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
let now = NOW;
let emulator: ShopifyEmulator;
let seeded: ReturnType<typeof generateShopHistory>;

function shopWith(domain: string, options: Partial<Parameters<ShopifyEmulator["createShop"]>[0]> = {}): EmulatedShop {
  const shop = emulator.createShop({ domain, ...options });
  shop.putCustomers(seeded.customers);
  shop.putOrders(seeded.orders);
  return shop;
}

beforeAll(async () => {
  emulator = await startShopifyEmulator({ clock: () => now, bulkStepMs: 5 });
  seeded = generateShopHistory({ seed: 7, customers: 120, orders: 150, now: NOW, historyDays: 300, refundShare: 0.3 });
});

afterAll(async () => {
  await emulator.close();
});

const ORDER_FIELDS = /* GraphQL */ `
  id legacyResourceId name email createdAt updatedAt displayFinancialStatus currencyCode
  customer { id email firstName }
  totalPriceSet { shopMoney { amount currencyCode } }
  currentTotalPriceSet { shopMoney { amount } presentmentMoney { amount currencyCode } }
  subtotalPriceSet { shopMoney { amount } }
  totalDiscountsSet { shopMoney { amount } }
  totalShippingPriceSet { shopMoney { amount } }
  totalTaxSet { shopMoney { amount } }
  totalRefundedSet { shopMoney { amount } }
  discountCodes
  taxLines { title rate priceSet { shopMoney { amount } } }
  shippingLines(first: 5) { nodes { title originalPriceSet { shopMoney { amount } } taxLines { priceSet { shopMoney { amount } } } } }
  lineItems(first: 10) { edges { node { id sku quantity currentQuantity variant { id } originalUnitPriceSet { shopMoney { amount } } discountAllocations { allocatedAmountSet { shopMoney { amount } } } taxLines { priceSet { shopMoney { amount } } } } } }
  refunds { id createdAt totalRefundedSet { shopMoney { amount } } refundLineItems(first: 10) { nodes { quantity lineItem { id } subtotalSet { shopMoney { amount } } } } transactions(first: 5) { nodes { kind status amountSet { shopMoney { amount } } } } }
  transactions { kind status amountSet { shopMoney { amount } } }
`;

describe("Admin GraphQL through @shopify/shopify-api", () => {
  it("pages through every customer with cursors, ids above 2^53 exact", async () => {
    const shop = shopWith("paging.myshopify.com");
    const client = emulatorAdminClient(emulator, shop);
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      type Page = { edges: Array<{ cursor: string; node: { id: string; legacyResourceId: string; email: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } };
      const response: { data?: { customers: Page }; extensions?: Record<string, unknown> } = await client.request<{ customers: Page }>(
        `query Customers($after: String) { customers(first: 50, after: $after, sortKey: UPDATED_AT) { edges { cursor node { id legacyResourceId email } } pageInfo { hasNextPage endCursor } } }`,
        { variables: { after } },
      );
      const page: Page = response.data!.customers;
      ids.push(...page.edges.map((edge) => edge.node.legacyResourceId));
      expect(response.extensions?.cost).toMatchObject({ throttleStatus: { maximumAvailable: 2000, restoreRate: 100 } });
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);
    expect(ids).toContain(String(seeded.customers[0].id));
    expect(BigInt(ids[0])).toBeGreaterThan(2n ** 53n);
  });

  it("filters on updated_at with query: and counts", async () => {
    const shop = shopWith("filter.myshopify.com", { scopes: ["read_customers", "read_orders", "read_all_orders"] });
    const client = emulatorAdminClient(emulator, shop);
    const since = new Date(NOW - 30 * 86_400_000).toISOString();
    const expected = seeded.orders.filter((o) => Date.parse(String(o.updated_at)) >= Date.parse(since)).length;
    const response = await client.request<{ orders: { nodes: Array<{ updatedAt: string }> }; ordersCount: { count: number } }>(
      `query { orders(first: 250, query: "updated_at:>='${since}'") { nodes { updatedAt } } ordersCount(query: "updated_at:>='${since}'") { count } }`,
    );
    expect(response.data!.orders.nodes).toHaveLength(expected);
    expect(response.data!.ordersCount.count).toBe(expected);
    expect(response.data!.orders.nodes.every((n) => Date.parse(n.updatedAt) >= Date.parse(since))).toBe(true);
  });

  it("answers orders in Shopify's shapes: lines, discounts, shipping, tax, refunds, transactions", async () => {
    const shop = shopWith("shapes.myshopify.com", { scopes: ["read_customers", "read_orders", "read_all_orders"] });
    const client = emulatorAdminClient(emulator, shop);
    const rest = seeded.orders.find((o) => (o.refunds as Json[]).length > 0 && (o.discount_codes as Json[]).length > 0) ?? seeded.orders.find((o) => (o.refunds as Json[]).length > 0)!;
    const response = await client.request<{ order: Json }>(`query Order($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`, { variables: { id: rest.admin_graphql_api_id } });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a deep, checked-by-assertion shape
    const order = response.data!.order as Record<string, any>;
    expect(order.legacyResourceId).toBe(rest.id);
    expect(order.totalPriceSet.shopMoney).toEqual({ amount: rest.total_price, currencyCode: "USD" });
    expect(order.currentTotalPriceSet.shopMoney.amount).toBe(rest.current_total_price);
    expect(order.displayFinancialStatus).toBe("PARTIALLY_REFUNDED");
    const cents = (value: string) => Math.round(Number(value) * 100);
    // The money adds up: subtotal + shipping + tax = total; total − refunded = current total.
    expect(cents(order.subtotalPriceSet.shopMoney.amount) + cents(order.totalShippingPriceSet.shopMoney.amount) + cents(order.totalTaxSet.shopMoney.amount)).toBe(cents(order.totalPriceSet.shopMoney.amount));
    expect(cents(order.totalPriceSet.shopMoney.amount) - cents(order.totalRefundedSet.shopMoney.amount)).toBe(cents(order.currentTotalPriceSet.shopMoney.amount));
    const lines = order.lineItems.edges.map((edge: { node: Json }) => edge.node);
    expect(lines).toHaveLength((rest.line_items as Json[]).length);
    expect(lines[0].currentQuantity).toBe(0);
    expect(order.refunds[0].refundLineItems.nodes[0].lineItem.id).toBe(lines[0].id);
    expect(order.refunds[0].transactions.nodes[0]).toMatchObject({ kind: "REFUND", status: "SUCCESS" });
    expect(order.transactions.map((t: Json) => t.kind)).toEqual(["SALE", "REFUND"]);
  });

  it("rejects unknown fields with Shopify's message, as GraphqlQueryError", async () => {
    const shop = shopWith("unknown.myshopify.com");
    const client = emulatorAdminClient(emulator, shop);
    const error = await client.request(`{ shop { planName } }`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphqlQueryError);
    expect((error as GraphqlQueryError).message).toBe("Field 'planName' doesn't exist on type 'Shop'");
  });

  it("hides orders older than 60 days without read_all_orders, and says which scope by id", async () => {
    const shop = shopWith("sixty.myshopify.com");
    const client = emulatorAdminClient(emulator, shop);
    const recent = seeded.orders.filter((o) => Date.parse(String(o.created_at)) >= NOW - 60 * 86_400_000);
    const count = await client.request<{ ordersCount: { count: number } }>(`{ ordersCount { count } }`);
    expect(count.data!.ordersCount.count).toBe(recent.length);
    expect(recent.length).toBeLessThan(seeded.orders.length);
    const old = seeded.orders[0];
    const error = (await client.request(`query($id: ID!) { order(id: $id) { id } }`, { variables: { id: old.admin_graphql_api_id } }).catch((e: unknown) => e)) as GraphqlQueryError;
    expect(error).toBeInstanceOf(GraphqlQueryError);
    const graphQLErrors = (error.body as { errors: { graphQLErrors: Json[] } }).errors.graphQLErrors;
    expect(graphQLErrors[0]).toMatchObject({ path: ["order"], extensions: { code: "ACCESS_DENIED", requiredAccess: "`read_all_orders` access scope." } });
    shop.grant("read_all_orders");
    const after = await client.request<{ ordersCount: { count: number } }>(`{ ordersCount { count } }`);
    expect(after.data!.ordersCount.count).toBe(seeded.orders.length);
  });

  it("nodes(ids:) returns what exists in order, null for unknown ids", async () => {
    const shop = shopWith("nodes.myshopify.com", { scopes: ["read_customers", "read_orders", "read_all_orders"] });
    const client = emulatorAdminClient(emulator, shop);
    const ids = [seeded.orders[3].admin_graphql_api_id, "gid://shopify/Order/1", seeded.customers[2].admin_graphql_api_id];
    const response = await client.request<{ nodes: Array<Json | null> }>(
      `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Order { name } ... on Customer { email } } }`,
      { variables: { ids } },
    );
    expect(response.data!.nodes).toEqual([{ id: ids[0], name: seeded.orders[3].name }, null, { id: ids[2], email: seeded.customers[2].email }]);
  });

  it("denies customers without read_customers", async () => {
    const shop = shopWith("noscope.myshopify.com", { scopes: ["read_orders"] });
    const client = emulatorAdminClient(emulator, shop);
    const error = (await client.request(`{ customers(first: 1) { nodes { id } } }`).catch((e: unknown) => e)) as GraphqlQueryError;
    expect(error.message).toBe("Access denied for customers field. Required access: `read_customers` access scope.");
  });

  it("prices queries, refunds unused cost, throttles by bucket and refills over time", async () => {
    const shop = shopWith("throttle.myshopify.com", { scopes: ["read_customers", "read_orders", "read_all_orders"], maximumAvailable: 600, restoreRate: 50 });
    const client = emulatorAdminClient(emulator, shop);
    const query = `{ orders(first: 50) { nodes { id lineItems(first: 5) { nodes { id } } } } }`;
    const first = await client.request(query);
    const cost = first.extensions!.cost as { requestedQueryCost: number; actualQueryCost: number; throttleStatus: { currentlyAvailable: number } };
    expect(cost.requestedQueryCost).toBe(2 + 50 * (1 + 2 + 5)); // connection 2 + 50 × (node 1 + lines connection 2 + 5 lines)
    expect(cost.actualQueryCost).toBeLessThan(cost.requestedQueryCost);
    expect(cost.throttleStatus.currentlyAvailable).toBe(600 - cost.actualQueryCost);
    let throttled: GraphqlQueryError | undefined;
    for (let attempt = 0; attempt < 5 && !throttled; attempt++) {
      throttled = (await client.request(query).then(() => undefined, (e: unknown) => e)) as GraphqlQueryError | undefined;
    }
    expect(throttled).toBeInstanceOf(GraphqlQueryError);
    const body = throttled!.body as { errors: { graphQLErrors: Json[] }; extensions: { cost: { requestedQueryCost: number; actualQueryCost: null; throttleStatus: { currentlyAvailable: number } } } };
    expect(body.errors.graphQLErrors[0]).toMatchObject({ message: "Throttled", extensions: { code: "THROTTLED" } });
    expect(body.extensions.cost.actualQueryCost).toBeNull();
    expect(body.extensions.cost.throttleStatus.currentlyAvailable).toBeLessThan(body.extensions.cost.requestedQueryCost);
    now += 20_000; // 20 s × 50 points/s refills the bucket
    await expect(client.request(query)).resolves.toBeDefined();
    const tooBig = (await client.request(`{ orders(first: 250) { nodes { lineItems(first: 250) { nodes { id } } } } }`).catch((e: unknown) => e)) as GraphqlQueryError;
    expect((tooBig.body as { errors: { graphQLErrors: Json[] } }).errors.graphQLErrors[0]).toMatchObject({ extensions: { code: "MAX_COST_EXCEEDED" } });
  });

  it("runs a bulk query: statuses, JSONL with __parentId, one at a time, finish webhook signed", async () => {
    const received: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];
    const server: Server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
        response.end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const shop = shopWith("bulk.myshopify.com", { scopes: ["read_customers", "read_orders", "read_all_orders"] });
    shop.subscribe("bulk_operations/finish", `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/bulk_operations/finish`, "hush");
    const client = emulatorAdminClient(emulator, shop);
    const inner = `{ orders(query: "updated_at:>='2020-01-01T00:00:00Z'") { edges { node { id name totalPriceSet { shopMoney { amount } } lineItems { edges { node { id sku } } } } } } }`;
    const started = await client.request<{ bulkOperationRunQuery: { bulkOperation: { id: string; status: string }; userErrors: Json[] } }>(
      `mutation($query: String!) { bulkOperationRunQuery(query: $query) { bulkOperation { id status } userErrors { field message code } } }`,
      { variables: { query: inner } },
    );
    expect(started.data!.bulkOperationRunQuery.userErrors).toEqual([]);
    expect(started.data!.bulkOperationRunQuery.bulkOperation.status).toBe("CREATED");
    const second = await client.request<{ bulkOperationRunQuery: { userErrors: Json[] } }>(
      `mutation($query: String!) { bulkOperationRunQuery(query: $query) { bulkOperation { id } userErrors { message code } } }`,
      { variables: { query: inner } },
    );
    expect(second.data!.bulkOperationRunQuery.userErrors[0]).toMatchObject({ code: "OPERATION_IN_PROGRESS" });
    let operation: { status: string; url: string | null; objectCount: string; rootObjectCount: string } | undefined;
    for (let poll = 0; poll < 200; poll++) {
      const current = await client.request<{ currentBulkOperation: typeof operation }>(`{ currentBulkOperation { id status url objectCount rootObjectCount errorCode } }`);
      operation = current.data!.currentBulkOperation;
      if (operation?.status === "COMPLETED") break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(operation!.status).toBe("COMPLETED");
    const text = await (await fetch(operation!.url!)).text();
    const lines = text.trim().split("\n").map((line) => JSON.parse(line) as Json);
    const orders = lines.filter((line) => !("__parentId" in line));
    const lineItems = lines.filter((line) => "__parentId" in line);
    expect(orders).toHaveLength(seeded.orders.length);
    expect(Number(operation!.rootObjectCount)).toBe(seeded.orders.length);
    expect(Number(operation!.objectCount)).toBe(lines.length);
    expect(lineItems).toHaveLength(seeded.orders.reduce((sum, o) => sum + (o.line_items as Json[]).length, 0));
    expect(orders.every((o) => !("lineItems" in o))).toBe(true);
    expect(lineItems[0].__parentId).toBe(orders[0].id);
    for (let wait = 0; wait < 100 && received.length === 0; wait++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(received).toHaveLength(1);
    expect(received[0].headers["x-shopify-topic"]).toBe("bulk_operations/finish");
    expect(received[0].headers["x-shopify-hmac-sha256"]).toBe(signWebhook(received[0].body, "hush"));
    expect(JSON.parse(received[0].body)).toMatchObject({ status: "completed", type: "query", error_code: null });
    const invalid = await client.request<{ bulkOperationRunQuery: { userErrors: Json[] } }>(
      `mutation($query: String!) { bulkOperationRunQuery(query: $query) { userErrors { message code } } }`,
      { variables: { query: `{ orders { edges { node { refunds { refundLineItems { edges { node { quantity } } } } } } } }` } },
    );
    expect(invalid.data!.bulkOperationRunQuery.userErrors[0]).toMatchObject({ code: "INVALID", message: "Queries that contain a connection field within a list field are not currently supported." });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
