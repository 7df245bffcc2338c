import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startAppUnderTest, TEST_API_SECRET, type AppUnderTest } from "../support/app-under-test";
import { shopifyFixture, signWebhook, webhookRequest } from "../support/shopify-webhooks";

const FIXTURE_BY_TOPIC: Record<string, string> = {
  "orders/create": "orders_create.json",
  "orders/updated": "orders_updated.json",
  "orders/paid": "orders_create.json", // Shopify publishes one order sample for all order topics
  "orders/cancelled": "orders_create.json",
  "customers/create": "customers_create.json",
  "customers/update": "customers_create.json",
  "customers/delete": "customers_create.json",
  "refunds/create": "refunds_create.json",
  "app/uninstalled": "app_uninstalled.json",
  "customers/data_request": "customers_data_request.json",
  "customers/redact": "customers_redact.json",
  "shop/redact": "shop_redact.json",
};

let app: AppUnderTest;

beforeAll(async () => {
  app = await startAppUnderTest();
});
afterAll(async () => {
  await app.close();
});
beforeEach(async () => {
  await app.sql.query(`TRUNCATE "WebhookEvent", "Session", "Shop"`);
  await app.sql.query(`DELETE FROM pgboss.job WHERE name = 'sync-events'`).catch(() => undefined);
});

async function countEvents(): Promise<number> {
  return (await app.sql.query(`SELECT count(*)::int AS n FROM "WebhookEvent"`)).rows[0].n;
}
async function countJobs(): Promise<number> {
  return (await app.sql.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'sync-events'`)).rows[0].n;
}
function send(topic: string, body: string | Uint8Array, extra: Partial<Parameters<typeof webhookRequest>[0]> = {}) {
  return app.postWebhook(topic, webhookRequest({ topic, body, secret: TEST_API_SECRET, ...extra }));
}

describe("webhook intake through the real routes and Shopify's webhook validation", () => {
  it.each(Object.entries(FIXTURE_BY_TOPIC))("stores %s from Shopify's sample payload", async (topic, fixture) => {
    // Shopify's compliance samples name the shop "{shop}.myshopify.com": it must be the delivering shop.
    const body = shopifyFixture(fixture).toString("utf8").replace("{shop}.myshopify.com", "test-shop.myshopify.com");
    const response = await send(topic, body, { eventId: `evt-${topic}` });
    expect(response.status).toBe(200);
    const { rows } = await app.sql.query(`SELECT * FROM "WebhookEvent"`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ topic, shop: "test-shop.myshopify.com", dedupeKey: `evt-${topic}` });
    const isSync = !["app/uninstalled", "customers/data_request", "customers/redact", "shop/redact"].includes(topic);
    expect(rows[0].status).toBe(isSync ? "queued" : "received");
    expect(await countJobs()).toBe(isSync ? 1 : 0);
  });

  it("accepts the fixture signatures published with the HMAC test vectors", async () => {
    const vectors = JSON.parse(readFileSync(new URL("../fixtures/shopify/_hmac_test_vectors.generated.json", import.meta.url), "utf8"));
    const body = shopifyFixture("customers_create.json");
    expect(signWebhook(body, vectors.secret)).toBe(vectors.vectors["customers_create.json"].x_shopify_hmac_sha256);
    const response = await send("customers/create", body, { hmac: vectors.vectors["customers_create.json"].x_shopify_hmac_sha256 });
    expect(response.status).toBe(200);
  });

  it("keeps ids above 2^53 exact in the stored payload, the record id and the job key", async () => {
    const response = await send("orders/create", shopifyFixture("orders_create.json"));
    expect(response.status).toBe(200);
    const { rows } = await app.sql.query(
      `SELECT "shopifyId", payload->>'id' AS id, payload->'line_items'->0->>'id' AS line_id,
              payload->'customer'->>'id' AS customer_id, payload->'shipping_lines'->0->>'id' AS shipping_id FROM "WebhookEvent"`,
    );
    expect(rows[0]).toEqual({
      shopifyId: "820982911946154508",
      id: "820982911946154508",
      line_id: "487817672276298554",
      customer_id: "115310627314723954",
      shipping_id: "271878346596884015",
    });
    const job = await app.sql.query(`SELECT singleton_key FROM pgboss.job WHERE name = 'sync-events'`);
    expect(job.rows[0].singleton_key).toBe("test-shop.myshopify.com:order:820982911946154508");
  });

  it("queues a refund behind its order: refunds/create and the order's events share the order's job key", async () => {
    // Both write the order's refund record; keyed apart, a late refunds/create could run beside an
    // orders/updated of the same order in another batch and put a settled refund back to pending.
    // Shopify's refund sample belongs to its order sample (order 820982911946154508, above 2^53: kept exact).
    const order = shopifyFixture("orders_updated.json");
    expect((await send("refunds/create", shopifyFixture("refunds_create.json"), { eventId: "evt-refund" })).status).toBe(200);
    expect((await send("orders/updated", order, { eventId: "evt-order" })).status).toBe(200);
    const { rows } = await app.sql.query<{ topic: string; singleton_key: string; jobKey: string | null }>(
      `SELECT e.topic, j.singleton_key, e."jobKey" FROM pgboss.job j JOIN "WebhookEvent" e ON e.id = j.data->>'eventId'
        WHERE j.name = 'sync-events' ORDER BY e.topic`,
    );
    const orderKey = "test-shop.myshopify.com:order:820982911946154508";
    expect(rows).toEqual([
      { topic: "orders/updated", singleton_key: orderKey, jobKey: null },
      { topic: "refunds/create", singleton_key: orderKey, jobKey: orderKey },
    ]);
  });

  it("answers 200 to a duplicate delivery and stores nothing more", async () => {
    const body = shopifyFixture("orders_create.json");
    for (let i = 0; i < 3; i++) expect((await send("orders/create", body, { eventId: "evt-dup" })).status).toBe(200);
    expect(await countEvents()).toBe(1);
    expect(await countJobs()).toBe(1);
  });

  it("stores one row for 20 concurrent deliveries of the same event", async () => {
    const body = shopifyFixture("orders_create.json");
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => send("orders/create", body, { eventId: "evt-race", webhookId: `hook-${i}` })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(await countEvents()).toBe(1);
    expect(await countJobs()).toBe(1);
  });

  it("dedupes on shop + topic + event id, falling back to the webhook id", async () => {
    const order = shopifyFixture("orders_create.json");
    await send("orders/create", order, { eventId: "shared-action" });
    await send("orders/paid", order, { eventId: "shared-action" }); // one merchant action, two topics
    await send("orders/create", order, { eventId: "shared-action", shop: "other-shop.myshopify.com" });
    await send("orders/updated", order, { eventId: null, webhookId: "hook-A" });
    await send("orders/updated", order, { eventId: null, webhookId: "hook-A" });
    await send("orders/updated", order, { eventId: null, webhookId: "hook-B" });
    expect(await countEvents()).toBe(5);
  });

  it("rejects a forged signature with 401 and stores nothing", async () => {
    const body = shopifyFixture("orders_create.json");
    const response = await send("orders/create", body, { hmac: signWebhook(body, "not-the-secret") });
    expect(response.status).toBe(401);
    expect(await countEvents()).toBe(0);
  });

  it("rejects a body changed after signing with 401", async () => {
    const body = shopifyFixture("orders_create.json").toString("utf8");
    const response = await send("orders/create", body.replace('"total_price": "', '"total_price": "1'), {
      hmac: signWebhook(body, TEST_API_SECRET),
    });
    expect(response.status).toBe(401);
    expect(await countEvents()).toBe(0);
  });

  it("rejects a missing signature with 401", async () => {
    const response = await send("orders/create", shopifyFixture("orders_create.json"), { hmac: null });
    expect(response.status).toBe(401);
    expect(await countEvents()).toBe(0);
  });

  it("answers 405 to other methods", async () => {
    const response = await send("orders/create", "", { method: "PUT" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    const { loader } = await import("../../app/routes/webhooks.orders.create");
    expect(loader().status).toBe(405);
  });

  it("rejects signed malformed JSON with 400 and stores nothing", async () => {
    for (const body of ['{"id": 1,', "[1,2,3]", "null", "not json"]) {
      const response = await send("orders/create", body);
      expect(response.status, body).toBe(400);
      expect(await response.text()).toMatch(/Bad Request/);
    }
    expect(await countEvents()).toBe(0);
  });

  it("rejects an order without an id with 400", async () => {
    const response = await send("orders/create", JSON.stringify({ name: "#1001" }));
    expect(response.status).toBe(400);
    expect(await countEvents()).toBe(0);
  });

  it("rejects a body over the limit with 413, with or without Content-Length", async () => {
    const big = JSON.stringify({ id: 1, note: "x".repeat(1024 * 1024) });
    expect((await send("orders/create", big)).status).toBe(413);
    // Streamed without Content-Length: the limit is enforced while reading.
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const request = webhookRequest({ topic: "orders/create", body: big, secret: TEST_API_SECRET });
    const streamed = new Request(request.url, { method: "POST", headers: request.headers, body: stream, duplex: "half" } as RequestInit);
    streamed.headers.delete("content-length");
    expect((await app.postWebhook("orders/create", streamed)).status).toBe(413);
    expect(await countEvents()).toBe(0);
  });

  it("rejects a topic delivered to another topic's endpoint with 400", async () => {
    const request = webhookRequest({ topic: "customers/create", body: shopifyFixture("customers_create.json"), secret: TEST_API_SECRET });
    const response = await app.postWebhook("orders/create", request);
    expect(response.status).toBe(400);
    expect(await countEvents()).toBe(0);
  });

  it("rejects a request missing Shopify's headers with 400", async () => {
    const request = webhookRequest({ topic: "orders/create", body: shopifyFixture("orders_create.json"), secret: TEST_API_SECRET });
    request.headers.delete("x-shopify-shop-domain");
    expect((await app.postWebhook("orders/create", request)).status).toBe(400);
    expect(await countEvents()).toBe(0);
  });

  it("app/uninstalled deletes the shop's sessions and marks it uninstalled", async () => {
    await app.sql.query(
      `INSERT INTO "Session" (id, shop, state, "accessToken") VALUES ('offline_test-shop.myshopify.com', 'test-shop.myshopify.com', 's', 'tok'),
              ('offline_other.myshopify.com', 'other.myshopify.com', 's', 'tok')`,
    );
    const response = await send("app/uninstalled", shopifyFixture("app_uninstalled.json"));
    expect(response.status).toBe(200);
    const sessions = await app.sql.query(`SELECT shop FROM "Session"`);
    expect(sessions.rows).toEqual([{ shop: "other.myshopify.com" }]);
    const shop = await app.sql.query(`SELECT status, "uninstalledAt" FROM "Shop" WHERE shop = 'test-shop.myshopify.com'`);
    expect(shop.rows[0].status).toBe("uninstalled");
    expect(shop.rows[0].uninstalledAt).toBeInstanceOf(Date);
  });
});

describe("the event row and its job commit together or not at all", () => {
  it("stores no event when the job cannot be enqueued", async () => {
    // Make pg-boss's insert fail inside the intake transaction (a real database error, not a mock).
    await app.sql.query(`
      CREATE FUNCTION pgboss.fail_job() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'queue unavailable'; END $$;
      CREATE TRIGGER fail_job BEFORE INSERT ON pgboss.job_common FOR EACH ROW EXECUTE FUNCTION pgboss.fail_job();`);
    try {
      const outcome = await send("orders/create", shopifyFixture("orders_create.json")).catch((error: unknown) => error);
      expect(outcome).toBeInstanceOf(Error);
    } finally {
      await app.sql.query(`DROP TRIGGER fail_job ON pgboss.job_common; DROP FUNCTION pgboss.fail_job();`);
    }
    expect(await countEvents()).toBe(0);
    expect(await countJobs()).toBe(0);
  });

  it("enqueues no job when the event insert fails", async () => {
    await app.sql.query(`
      CREATE FUNCTION fail_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$;
      CREATE TRIGGER fail_insert BEFORE INSERT ON "WebhookEvent" FOR EACH ROW EXECUTE FUNCTION fail_insert();`);
    try {
      const outcome = await send("orders/create", shopifyFixture("orders_create.json")).catch((error: unknown) => error);
      expect(outcome).toBeInstanceOf(Error);
    } finally {
      await app.sql.query(`DROP TRIGGER fail_insert ON "WebhookEvent"; DROP FUNCTION fail_insert();`);
    }
    expect(await countEvents()).toBe(0);
    expect(await countJobs()).toBe(0);
  });
});
