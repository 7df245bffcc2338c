import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateShopHistory, startShopifyEmulator, type EmulatedShop, type ShopifyEmulator } from "../../support/shopify";
import { OTHER_SHOP, SHOP, sessionToken, startAdminHarness, type AdminHarness } from "../admin-routes/harness";

// The extensions' backend as the admin calls it: Shopify's real authenticate.admin with signed session
// tokens (and CORS for the admin's origin), the shop's records read through Shopify's own GraphQL client
// from the Shopify Admin API emulator, and events stored in the real inbox with their pg-boss jobs.

type StatusRoute = typeof import("../../../app/routes/api.extensions.status.$resource.$id");
type SyncRoute = typeof import("../../../app/routes/api.extensions.sync");
type ReplayRoute = typeof import("../../../app/routes/api.extensions.replay");
type Args = LoaderFunctionArgs & ActionFunctionArgs;

const ADMIN_ORIGIN = "https://admin.shopify.com";
const NOW = Date.now();
let h: AdminHarness;
let shopify: ShopifyEmulator;
let shop: EmulatedShop;
let statusRoute: StatusRoute;
let syncRoute: SyncRoute;
let replayRoute: ReplayRoute;
let orders: Array<Record<string, unknown>>;
let customers: Array<Record<string, unknown>>;

beforeAll(async () => {
  h = await startAdminHarness();
  shopify = await startShopifyEmulator();
  // The harness's offline sessions carry "shpat_test"; the emulated shops accept that token. Plus plan:
  // a 250-order selection fits its cost bucket, so the test does not wait for the bucket to refill.
  shop = shopify.createShop({ domain: SHOP, accessToken: "shpat_test", plan: "plus" });
  const neighbour = shopify.createShop({ domain: OTHER_SHOP, accessToken: "shpat_test" });
  // Recent history only: without read_all_orders an app sees the last 60 days of orders.
  const history = generateShopHistory({ seed: 14, customers: 40, orders: 260, now: NOW, historyDays: 50 });
  orders = history.orders;
  customers = history.customers;
  shop.putCustomers(customers);
  shop.putOrders(orders);
  neighbour.putOrders(generateShopHistory({ seed: 99, customers: 2, orders: 2, now: NOW, historyDays: 10 }).orders.map((order, index) => ({ ...order, id: `55500000000000${index}` })));
  statusRoute = await import("../../../app/routes/api.extensions.status.$resource.$id");
  syncRoute = await import("../../../app/routes/api.extensions.sync");
  replayRoute = await import("../../../app/routes/api.extensions.replay");
  // Shopify's client always speaks https to the shop's domain: send those requests to the emulator. After
  // the imports, because Shopify's node adapter (imported by app/shopify.server.ts) installs global fetch.
  setAbstractFetchFunc(shopify.fetch);
});

afterAll(async () => {
  await h?.close();
  await shopify?.close();
});

function request(path: string, options: { method?: string; body?: unknown; shop?: string; anonymous?: boolean } = {}): Args {
  const headers: Record<string, string> = { Origin: ADMIN_ORIGIN };
  if (!options.anonymous) headers.Authorization = `Bearer ${sessionToken(options.shop ?? SHOP)}`;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  return {
    request: new Request(`https://app.example.com${path}`, { method: options.method ?? (options.body === undefined ? "GET" : "POST"), headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) }),
    params: {},
    context: {},
  };
}

async function settle(call: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

const getStatus = (resource: string, id: string, shopDomain = SHOP) => settle(() => statusRoute.loader({ ...request(`/api/extensions/status/${resource}/${id}`, { shop: shopDomain }), params: { resource, id } }));
const postSync = (body: unknown, shopDomain = SHOP) => settle(() => syncRoute.action(request("/api/extensions/sync", { body, shop: shopDomain })));
const postReplay = (body: unknown, shopDomain = SHOP) => settle(() => replayRoute.action(request("/api/extensions/replay", { body, shop: shopDomain })));
const events = async (shopifyId: string) => (await h.sql.query(`SELECT id, topic, status, "dedupeKey", "sourceUpdatedAt", payload FROM "WebhookEvent" WHERE shop = $1 AND "shopifyId" = $2 ORDER BY "receivedAt"`, [SHOP, shopifyId])).rows;
const jobsFor = async (eventIds: string[]) => (await h.sql.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'sync-events' AND data->>'eventId' = ANY($1::text[])`, [eventIds])).rows[0].n;

describe("authentication, CORS and shop scoping", () => {
  it("answers the admin's CORS preflight and refuses a request without a session token", async () => {
    const preflight = await settle(() => syncRoute.action(request("/api/extensions/sync", { method: "OPTIONS", anonymous: true })));
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(preflight.headers.get("Access-Control-Allow-Headers")).toContain("Authorization");
    const anonymous = await settle(() => statusRoute.loader({ ...request("/api/extensions/status/order/1", { anonymous: true }), params: { resource: "order", id: "1" } }));
    expect(anonymous.status).toBe(401);
    const forged = new Request("https://app.example.com/api/extensions/status/order/1", { headers: { Origin: ADMIN_ORIGIN, Authorization: `Bearer ${sessionToken(SHOP).replace(/\.[^.]+$/, ".forged")}` } });
    expect((await settle(() => statusRoute.loader({ request: forged, params: { resource: "order", id: "1" }, context: {} }))).status).toBe(401);
  });

  it("answers 404, not another shop's data, for an id that belongs to another shop", async () => {
    await h.seedEvent({ shop: OTHER_SHOP, topic: "orders/create", resource: "order", shopifyId: "555000000000000", status: "needs-attention" });
    const response = await getStatus("order", "555000000000000");
    expect(response.status).toBe(404);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect((await postReplay({ resource: "order", id: "555000000000000" })).status).toBe(404);
    // Shopify answers null for another shop's order with this shop's token: nothing to queue.
    expect((await postSync({ resource: "order", ids: ["gid://shopify/Order/555000000000000", "555000000000001"] })).status).toBe(404);
    expect(await events("555000000000000")).toEqual([]);
    // The owner sees it.
    expect((await getStatus("order", "555000000000000", OTHER_SHOP)).status).toBe(200);
  });

  it("rejects malformed input with a clear 400", async () => {
    expect((await getStatus("product", "1")).status).toBe(400);
    expect(await (await getStatus("order", "12ab")).json()).toEqual({ error: '"12ab" is not a Shopify order id.' });
    expect((await postSync({ resource: "order", ids: [] })).status).toBe(400);
    expect((await postSync({ resource: "order", ids: Array.from({ length: 251 }, (_, index) => String(index + 1)) })).status).toBe(400);
    expect((await postSync({ resource: "order", ids: ["gid://shopify/Customer/1"] })).status).toBe(400);
  });
});

describe("a record that was never synced", () => {
  it("loads in one request with a useful never-synced state, then Sync now queues it like its webhook", async () => {
    const order = orders[orders.length - 1];
    const id = String(order.id);
    const before = await getStatus("order", id);
    expect(before.status).toBe(200);
    expect(before.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(await before.json()).toMatchObject({ resource: "order", shopifyId: id, state: "never-synced", connected: true, records: [], events: 0, canReplay: false, lastAttempt: null });

    const synced = await postSync({ resource: "order", ids: [`gid://shopify/Order/${id}`] });
    expect(synced.status).toBe(200);
    expect(await synced.json()).toEqual({ queued: 1, alreadyQueued: 0, notFound: [], activityPath: "/app/activity?resource=order" });
    const [event] = await events(id);
    expect(event).toMatchObject({ topic: "orders/updated", status: "queued", sourceUpdatedAt: new Date(String(order.updated_at)) });
    // The webhook's shape: the mapping reads these exactly as it reads a webhook's payload.
    expect(event.payload).toMatchObject({ id, name: order.name, current_total_price: order.current_total_price, financial_status: order.financial_status, currency: order.currency });
    expect((event.payload.line_items as unknown[]).length).toBe((order.line_items as unknown[]).length);
    expect(await jobsFor([event.id])).toBe(1);
    expect(await (await getStatus("order", id)).json()).toMatchObject({ state: "pending", events: 1 });
  });

  it("syncs a customer from the customer page", async () => {
    const customer = customers[0];
    const response = await postSync({ resource: "customer", ids: [String(customer.id)] });
    expect(await response.json()).toMatchObject({ queued: 1 });
    const [event] = await events(String(customer.id));
    expect(event).toMatchObject({ topic: "customers/update" });
    expect(event.payload).toMatchObject({ id: String(customer.id), email: customer.email, first_name: customer.first_name, last_name: customer.last_name });
  });
});

describe("a synced record and Replay", () => {
  it("shows the Salesforce records with links, the last attempt with its explanation, and replays it once", async () => {
    const id = "7001";
    const eventId = await h.seedEvent({ topic: "orders/create", resource: "order", shopifyId: id, status: "needs-attention", lastError: "Opportunity.StageName is required by Salesforce but the order has no value for it." });
    await h.sql.query(
      `INSERT INTO "SyncRecord" (id, shop, resource, "shopifyId", "salesforceIds", status, "lastError", "updatedAt")
       VALUES (gen_random_uuid(), $1, 'order', $2, '{"opportunity":"006000000000001AAA","lineItem:11":"00k000000000001AAA"}', 'needs-attention', 'x', now())`,
      [SHOP, id],
    );
    await h.sql.query(
      `INSERT INTO "SyncAttempt" (id, shop, "eventId", attempt, outcome, "errorCode", "errorMessage", "startedAt", "finishedAt") VALUES (gen_random_uuid(), $1, $2, 1, 'needs-attention', 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [StageName]', now(), now())`,
      [SHOP, eventId],
    );
    const status = await (await getStatus("order", id)).json();
    expect(status).toMatchObject({ state: "needs-attention", canReplay: true, lastAttempt: { outcome: "needs-attention", errorCode: "REQUIRED_FIELD_MISSING", message: expect.stringContaining("StageName is required") } });
    expect(status.records).toEqual([
      { key: "opportunity", object: "Opportunity", id: "006000000000001AAA", url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/006000000000001AAA$/) },
      { key: "lineItem:11", object: "OpportunityLineItem", id: "00k000000000001AAA", url: expect.stringMatching(/00k000000000001AAA$/) },
    ]);

    const replayed = await postReplay({ resource: "order", id });
    expect(replayed.status).toBe(200);
    expect(await replayed.json()).toEqual({ queued: 1 });
    expect((await events(id))[0].status).toBe("queued");
    expect(await jobsFor([eventId])).toBe(1);
    // Clicked again while it waits: nothing more is queued.
    expect((await postReplay({ resource: "order", id })).status).toBe(409);
    expect(await jobsFor([eventId])).toBe(1);
    expect((await postReplay({ resource: "order", id: "123456" })).status).toBe(404);
  });
});

describe("selection actions on the index pages", () => {
  it("queues 250 selected orders exactly once, even when the action is clicked twice at the same time", async () => {
    const selected = orders.slice(0, 250).map((order) => `gid://shopify/Order/${order.id}`);
    const [first, second] = await Promise.all([postSync({ resource: "order", ids: selected }), postSync({ resource: "order", ids: selected })]);
    const outcomes = [await first.json(), await second.json()];
    expect(outcomes.map((outcome) => outcome.queued + outcome.alreadyQueued)).toEqual([250, 250]);
    expect(outcomes[0].queued + outcomes[1].queued).toBe(250);
    const ids = orders.slice(0, 250).map((order) => String(order.id));
    const { rows } = await h.sql.query(`SELECT id, "shopifyId" FROM "WebhookEvent" WHERE shop = $1 AND "shopifyId" = ANY($2::text[])`, [SHOP, ids]);
    expect(rows).toHaveLength(250);
    expect(new Set(rows.map((row) => row.shopifyId)).size).toBe(250);
    expect(await jobsFor(rows.map((row) => row.id))).toBe(250);

    // A third click later: every version is already queued.
    expect(await (await postSync({ resource: "order", ids: selected })).json()).toMatchObject({ queued: 0, alreadyQueued: 250 });

    // Newest wins: an order edited in Shopify since is queued again, as its newer version.
    const edited = { ...orders[3], updated_at: new Date(NOW + 60_000).toISOString(), note: "edited" };
    shop.putOrders([edited]);
    expect(await (await postSync({ resource: "order", ids: selected })).json()).toMatchObject({ queued: 1, alreadyQueued: 249 });
    const versions = await events(String(orders[3].id));
    expect(versions.map((event) => event.sourceUpdatedAt.toISOString())).toEqual([String(orders[3].updated_at), edited.updated_at].map((at) => new Date(at).toISOString()));
    expect(versions[1].payload.note).toBe("edited");
  }, 180_000);

  it("queues selected customers and reports those Shopify does not know", async () => {
    const selected = customers.slice(1, 11).map((customer) => `gid://shopify/Customer/${customer.id}`);
    const response = await postSync({ resource: "customer", ids: [...selected, "gid://shopify/Customer/42"] });
    expect(await response.json()).toMatchObject({ queued: 10, alreadyQueued: 0, notFound: ["42"] });
  });

  it("rate-limits a shop that keeps syncing, with Retry-After, without touching other shops", async () => {
    const bogus = Array.from({ length: 250 }, (_, index) => String(990000 + index));
    let limited: Response | undefined;
    for (let attempt = 0; attempt < 16 && !limited; attempt++) {
      const response = await postSync({ resource: "order", ids: bogus });
      if (response.status === 429) limited = response;
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(limited?.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(await (await postSync({ resource: "order", ids: ["555000000000001"] }, OTHER_SHOP)).json()).toMatchObject({ queued: 1 });
    // Each selection of 250 orders reads Shopify in 3-order queries inside the shop's cost bucket (waiting
    // out THROTTLED), so reaching the limiter takes several throttled selections.
  }, 240_000);
});
