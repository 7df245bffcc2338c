import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DEFAULT_CUSTOMER_MAPPING } from "../../app/sync/default-customer-mapping";
import type { MappingDocumentInput } from "../../app/sync/mapping-schema";
import type { FieldOwner } from "../../app/sync/reverse/field-direction";
import { createFieldMemoryStore } from "../../app/services/reverse-sync/field-memory-store.server";
import { createReverseSync, type ReverseSync, type ReverseSyncDeps } from "../../app/services/reverse-sync/reverse-sync.server";
import { createSoqlChangeSource } from "../../app/services/reverse-sync/soql-change-source.server";
import { TEST_API_SECRET } from "./app-under-test";
import { emulatorAdminClient } from "./shopify/admin-client";
import { flushCustomerWebhooks, startShopifyEmulator, type EmulatedShop, type ShopifyEmulator } from "./shopify";
import type { ShopOptions } from "./shopify/shop";
import { toShopifyJson } from "./shopify-stream";
import type { SyncHarness } from "./sync-harness";

// Both emulators around the real app: Shopify's customers/update webhooks reach the app's webhook route
// over HTTP (signed by the Shopify emulator), the sync runtime writes Salesforce through jsforce, and the
// reverse poll reads Salesforce and writes Shopify through Shopify's own GraphQL client.

/** The default customer mapping with two-way rows on the Contact: phone (both), tags and an owner metafield. */
export function twoWayCustomerMapping(owner: FieldOwner): MappingDocumentInput {
  const copy = structuredClone(DEFAULT_CUSTOMER_MAPPING);
  const contact = copy.targets.find((target) => target.key === "contact");
  const account = copy.targets.find((target) => target.key === "account");
  if (!contact || !account) throw new Error("no contact/account target");
  // The Contact's phone is the two-way one; the Account keeps no copy (it would be a second, one-way writer).
  account.fields = (account.fields ?? []).filter((field) => field.target !== "Phone");
  contact.fields = [
    ...(contact.fields ?? []).filter((field) => field.target !== "Phone"),
    { target: "Phone", source: "phone", direction: "both", owner, shopify: { kind: "customer-field", field: "phone" } },
    { target: "Description", direction: "salesforce-to-shopify", shopify: { kind: "customer-tags", separator: ";" } },
    { target: "Department", direction: "salesforce-to-shopify", shopify: { kind: "customer-metafield", key: "account_owner", type: "single_line_text_field" } },
  ];
  return copy;
}

export interface TwoWay {
  shopify: ShopifyEmulator;
  reverse: ReverseSync;
  /** Another poller over the same shops, with some of its dependencies replaced (page sizes, clients). */
  reverseWith(overrides: Partial<ReverseSyncDeps>): ReverseSync;
  /** A Shopify shop subscribed to customers/update, with the mapping saved as the active customer mapping. */
  addShop(options: ShopOptions & { owner: FieldOwner }): Promise<EmulatedShop>;
  /** Delivers customers/create for each customer and waits for the forward sync. */
  createCustomers(shop: EmulatedShop, customers: Array<Record<string, unknown>>): Promise<void>;
  /** Waits until every customers/update the emulator sent was stored and synced. */
  settleWebhooks(shop: EmulatedShop): Promise<void>;
  close(): Promise<void>;
}

export async function startTwoWay(h: SyncHarness, options: { clock?: () => number } = {}): Promise<TwoWay> {
  const shopify = await startShopifyEmulator({ clock: options.clock });
  // Shopify → app: the emulator POSTs webhooks here; each is handed to the app's real route module.
  const bridge: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const topic = String(request.headers["x-shopify-topic"]);
      const headers = Object.fromEntries(Object.entries(request.headers).map(([key, value]) => [key, String(value)]));
      const forwarded = new Request(`https://app.example.com${request.url}`, { method: "POST", headers, body: new Uint8Array(Buffer.concat(chunks)) });
      h.app
        .postWebhook(topic, forwarded)
        .then(async (answer) => {
          response.writeHead(answer.status);
          response.end(await answer.text());
        })
        .catch((error: unknown) => {
          response.writeHead(500);
          response.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => bridge.listen(0, "127.0.0.1", resolve));
  const bridgeUrl = `http://127.0.0.1:${(bridge.address() as AddressInfo).port}`;
  const shops = new Map<string, EmulatedShop>();

  const reverseWith = (overrides: Partial<ReverseSyncDeps> = {}) => createReverseSync({
    pool: h.runtime.pool,
    changeSource: createSoqlChangeSource({
      connectionFor: (shop) => h.connections.connectionFor(shop),
      recordApiUsage: (shop, usage) => h.connections.recordApiUsage(shop, usage),
      overlapMs: 5 * 60_000,
    }),
    memory: createFieldMemoryStore(h.runtime.pool),
    shopifyClientFor: async (domain) => {
      const shop = shops.get(domain);
      if (!shop) throw new Error(`unknown shop ${domain}`);
      const client = emulatorAdminClient(shopify, shop);
      return (query, { variables }) => client.request(query, { variables });
    },
    budgetAllows: (shop) => h.connections.budgetAllows(shop),
    ...overrides,
  });
  const reverse = reverseWith();

  return {
    shopify,
    reverse,
    reverseWith,
    async addShop(options) {
      const shop = shopify.createShop({ scopes: ["read_customers", "write_customers"], ...options });
      shops.set(shop.domain, shop);
      shop.subscribe("customers/update", `${bridgeUrl}/webhooks/customers/update`, TEST_API_SECRET);
      await h.connect(shop.domain);
      await h.prisma.mappingSet.create({ data: { shop: shop.domain, resource: "customer", version: 1, document: twoWayCustomerMapping(options.owner) as object, isActive: true } });
      return shop;
    },
    async createCustomers(shop, customers) {
      shop.putCustomers(customers);
      await h.deliverAll(customers.map((customer) => ({ topic: "customers/create" as const, shop: shop.domain, body: toShopifyJson(customer), eventId: `create-${String(customer.id)}`, webhookId: `w-${String(customer.id)}`, triggeredAt: String(customer.updated_at) })));
      await h.settle(60_000, shop.domain);
    },
    async settleWebhooks(shop) {
      await flushCustomerWebhooks(shop);
      await h.settle(60_000, shop.domain);
    },
    async close() {
      await new Promise<void>((resolve) => bridge.close(() => resolve()));
      await shopify.close();
    },
  };
}
