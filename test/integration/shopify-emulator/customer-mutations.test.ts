import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorAdminClient } from "../../support/shopify/admin-client";
import { flushCustomerWebhooks, generateShopHistory, mutationCounts, startShopifyEmulator, type ShopifyEmulator } from "../../support/shopify";

type Json = Record<string, unknown>;
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
let now = NOW;
let emulator: ShopifyEmulator;
let server: Server;
const received: Array<{ headers: Record<string, unknown>; body: string }> = [];

beforeAll(async () => {
  emulator = await startShopifyEmulator({ clock: () => now });
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  await emulator.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function shopWithCustomers(domain: string, scopes = ["read_customers", "write_customers"]) {
  const shop = emulator.createShop({ domain, scopes });
  const { customers } = generateShopHistory({ seed: 3, customers: 3, orders: 0, now: NOW });
  shop.putCustomers(customers);
  shop.subscribe("customers/update", `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/customers/update`, "hush");
  return { shop, customers, client: emulatorAdminClient(emulator, shop) };
}

const UPDATE = `mutation($input: CustomerInput!) { customerUpdate(input: $input) { customer { id phone firstName note updatedAt } userErrors { field message } } }`;

describe("Shopify emulator: two-way sync mutations", () => {
  it("customerUpdate writes, moves updatedAt and sends a signed customers/update webhook", async () => {
    const { shop, customers, client } = shopWithCustomers("mut-a.myshopify.com");
    const id = `gid://shopify/Customer/${String(customers[0].id)}`;
    now += 60_000;
    const answer = await client.request<{ customerUpdate: { customer: Json; userErrors: Json[] } }>(UPDATE, { variables: { input: { id, phone: "+1 (613) 555-0199", note: "VIP" } } });
    expect(answer.data?.customerUpdate.userErrors).toEqual([]);
    expect(answer.data?.customerUpdate.customer).toMatchObject({ phone: "+16135550199", note: "VIP", updatedAt: new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z") });
    expect(answer.extensions?.cost).toMatchObject({ requestedQueryCost: 10 });
    await flushCustomerWebhooks(shop);
    const delivery = received.at(-1);
    expect(delivery?.headers["x-shopify-topic"]).toBe("customers/update");
    expect(delivery?.headers["x-shopify-hmac-sha256"]).toBe(createHmac("sha256", "hush").update(delivery?.body ?? "").digest("base64"));
    // The id travels as a bare JSON number above 2^53, exactly as Shopify sends it.
    expect(delivery?.body).toContain(`"id":${String(customers[0].id)},`);
    expect(JSON.parse(delivery?.body ?? "{}")).toMatchObject({ phone: "+16135550199", note: "VIP" });
    expect(mutationCounts.get(shop)).toEqual({ customerUpdate: 1 });
  });

  it("answers invalid input with userErrors and changes nothing", async () => {
    const { shop, customers, client } = shopWithCustomers("mut-b.myshopify.com");
    const before = received.length;
    const id = `gid://shopify/Customer/${String(customers[0].id)}`;
    const invalid = await client.request<{ customerUpdate: { customer: Json | null; userErrors: Json[] } }>(UPDATE, { variables: { input: { id, phone: "call me", note: "x" } } });
    expect(invalid.data?.customerUpdate).toEqual({ customer: null, userErrors: [{ field: ["phone"], message: "Phone is invalid" }] });
    const missing = await client.request<{ customerUpdate: { userErrors: Json[] } }>(UPDATE, { variables: { input: { id: "gid://shopify/Customer/1", note: "x" } } });
    expect(missing.data?.customerUpdate.userErrors).toEqual([{ field: ["id"], message: "Customer does not exist" }]);
    await flushCustomerWebhooks(shop);
    expect(received.length).toBe(before);
    expect(shop.customers.get(String(customers[0].id))?.note).not.toBe("x");
  });

  it("tagsAdd / tagsRemove change only the named tags; an unchanged write sends no webhook", async () => {
    const { shop, customers, client } = shopWithCustomers("mut-c.myshopify.com");
    const id = `gid://shopify/Customer/${String(customers[1].id)}`;
    shop.customers.get(String(customers[1].id))!.tags = "Newsletter";
    const add = `mutation($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { ... on Customer { tags } } userErrors { field message } } }`;
    const remove = `mutation($id: ID!, $tags: [String!]!) { tagsRemove(id: $id, tags: $tags) { node { ... on Customer { tags } } userErrors { field message } } }`;
    const added = await client.request<{ tagsAdd: { node: { tags: string[] } } }>(add, { variables: { id, tags: ["VIP", "Wholesale"] } });
    expect(added.data?.tagsAdd.node.tags).toEqual(["Newsletter", "VIP", "Wholesale"]);
    await flushCustomerWebhooks(shop);
    const before = received.length;
    await client.request(add, { variables: { id, tags: ["vip"] } });
    await flushCustomerWebhooks(shop);
    expect(received.length).toBe(before);
    const removed = await client.request<{ tagsRemove: { node: { tags: string[] } } }>(remove, { variables: { id, tags: ["Wholesale"] } });
    expect(removed.data?.tagsRemove.node.tags).toEqual(["Newsletter", "VIP"]);
  });

  it("metafieldsSet resolves $app namespaces, validates by type atomically, and reads back on Customer.metafield", async () => {
    const { customers, client } = shopWithCustomers("mut-d.myshopify.com");
    const ownerId = `gid://shopify/Customer/${String(customers[2].id)}`;
    const set = `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { namespace key value type } userErrors { field message code elementIndex } } }`;
    const bad = await client.request<{ metafieldsSet: { metafields: Json[]; userErrors: Json[] } }>(set, {
      variables: { m: [{ ownerId, namespace: "$app:salesforce", key: "owner", type: "single_line_text_field", value: "Ada" }, { ownerId, namespace: "$app:salesforce", key: "score", type: "number_integer", value: "high" }] },
    });
    expect(bad.data?.metafieldsSet).toEqual({ metafields: [], userErrors: [{ field: ["metafields", "1", "value"], message: "Value must be an integer.", code: "INVALID_VALUE", elementIndex: 1 }] });
    const good = await client.request<{ metafieldsSet: { metafields: Json[]; userErrors: Json[] } }>(set, {
      variables: { m: [{ ownerId, namespace: "$app:salesforce", key: "owner", type: "single_line_text_field", value: "Ada" }] },
    });
    expect(good.data?.metafieldsSet).toEqual({ metafields: [{ namespace: "app--8675309--salesforce", key: "owner", value: "Ada", type: "single_line_text_field" }], userErrors: [] });
    const read = await client.request<{ customer: { metafield: Json } }>(`query($id: ID!) { customer(id: $id) { metafield(namespace: "$app:salesforce", key: "owner") { value } } }`, { variables: { id: ownerId } });
    expect(read.data?.customer.metafield).toEqual({ value: "Ada" });
  });

  it("refuses writes without write_customers", async () => {
    const { customers, client } = shopWithCustomers("mut-e.myshopify.com", ["read_customers"]);
    const answer = await client.request(UPDATE, { variables: { input: { id: `gid://shopify/Customer/${String(customers[0].id)}`, note: "x" } } }).catch((error: Error & { response?: Json; body?: Json }) => error);
    expect(String(answer instanceof Error ? (answer as { body?: unknown }).body ? JSON.stringify((answer as { body?: unknown }).body) : answer.message : JSON.stringify(answer))).toMatch(/write_customers/);
  });
});
