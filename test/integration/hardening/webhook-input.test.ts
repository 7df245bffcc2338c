import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startAppUnderTest, TEST_API_SECRET, type AppUnderTest } from "../../support/app-under-test";
import { shopifyFixture, webhookRequest } from "../../support/shopify-webhooks";

// Inputs that used to reach a 500 (or be stored when they must not be): only a database failure may 500.

let app: AppUnderTest;

beforeAll(async () => {
  app = await startAppUnderTest();
});
afterAll(async () => {
  await app.close();
});
beforeEach(async () => {
  await app.sql.query(`TRUNCATE "WebhookEvent", "Session", "Shop"`);
});

const count = async () => (await app.sql.query(`SELECT count(*)::int AS n FROM "WebhookEvent"`)).rows[0].n as number;
const send = (topic: string, body: string | Uint8Array, extra: Partial<Parameters<typeof webhookRequest>[0]> = {}) =>
  app.postWebhook(topic, webhookRequest({ topic, body, secret: TEST_API_SECRET, ...extra }));

describe("webhook input hardening", () => {
  it("stores a payload containing \\u0000 (PostgreSQL jsonb refuses it) instead of answering 500", async () => {
    const customer = JSON.parse(shopifyFixture("customers_create.json").toString("utf8"));
    const body = JSON.stringify({ ...customer, first_name: "Nul\u0000Byte", note: "back\\u0000slash" });
    expect(body).toContain("\\u0000");
    const response = await send("customers/create", body);
    expect(response.status).toBe(200);
    const { rows } = await app.sql.query(`SELECT payload->>'first_name' AS first, payload->>'note' AS note FROM "WebhookEvent"`);
    expect(rows).toEqual([{ first: "Nul\uFFFDByte", note: "back\\u0000slash" }]);
  });

  it("answers 400 to a signed delivery whose X-Shopify-Shop-Domain is not a shop domain", async () => {
    const response = await send("orders/create", shopifyFixture("orders_create.json"), { shop: "evil.example.com/../x" });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/X-Shopify-Shop-Domain/);
    expect(await count()).toBe(0);
  });

  it.each(["customers/redact", "customers/data_request", "shop/redact"])(
    "refuses %s whose shop_domain disagrees with X-Shopify-Shop-Domain, storing nothing",
    async (topic) => {
      const fixture = { "customers/redact": "customers_redact.json", "customers/data_request": "customers_data_request.json", "shop/redact": "shop_redact.json" }[topic]!;
      const payload = JSON.parse(shopifyFixture(fixture).toString("utf8"));
      const mismatch = await send(topic, JSON.stringify({ ...payload, shop_domain: "other-shop.myshopify.com" }));
      expect(mismatch.status).toBe(400);
      expect(await mismatch.text()).toMatch(/shop_domain/);
      expect(await count()).toBe(0);
      const matching = await send(topic, JSON.stringify({ ...payload, shop_domain: "test-shop.myshopify.com" }));
      expect(matching.status).toBe(200);
      expect(await count()).toBe(1);
    },
  );
});
