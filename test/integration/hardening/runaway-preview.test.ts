import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultMappingInput } from "../../../app/sync/default-mappings";
import { API_SECRET, SHOP, startAdminHarness, type AdminHarness } from "../admin-routes/harness";
import { shopifyFixture, webhookRequest } from "../../support/shopify-webhooks";

// One merchant previewing a runaway expression must not hold the service: the webhook intake and /healthz
// answer while the preview still runs, and the preview answers with the budget violation on its row.

type EditRoute = typeof import("../../../app/routes/app.mappings.$resource");
type WebhookRoute = typeof import("../../../app/routes/webhooks.orders.create");
type HealthRoute = typeof import("../../../app/routes/healthz");

let h: AdminHarness;
let edit: EditRoute;
let webhook: WebhookRoute;
let health: HealthRoute;

beforeAll(async () => {
  h = await startAdminHarness();
  edit = await import("../../../app/routes/app.mappings.$resource");
  webhook = await import("../../../app/routes/webhooks.orders.create");
  health = await import("../../../app/routes/healthz");
});
afterAll(() => h.close());

describe("a runaway expression previewed while webhooks arrive", () => {
  it("answers the webhook and /healthz while the preview runs, then the preview reports the budget violation", async () => {
    // A catastrophic regex inside JSONata: one native call that never yields, the worst case for a budget.
    const runaway = `$contains("${"a".repeat(40)}!", /^(a+)+$/)`;
    const document = structuredClone(defaultMappingInput("customer"));
    document.targets[1].fields!.push({ target: "Description", expression: runaway });
    let previewSettled = false;
    const preview = h
      .act(edit, "/app/mappings/customers", { intent: "preview", document: JSON.stringify(document), source: "sample" }, { params: { resource: "customers" } })
      .finally(() => (previewSettled = true));

    const delivered = await webhook.action({
      request: webhookRequest({ topic: "orders/create", body: shopifyFixture("orders_create.json"), secret: API_SECRET, shop: SHOP }),
      params: {},
      context: {},
    });
    expect(delivered.status).toBe(200);
    expect(previewSettled).toBe(false);
    const healthy = await health.loader();
    expect(healthy.status).toBe(200);
    expect(previewSettled).toBe(false);

    const result = await preview;
    if (result.intent !== "preview" || !result.ok) throw new Error(JSON.stringify(result));
    expect(result.result.violations).toContainEqual(
      expect.objectContaining({ field: "Contact.Description", action: "block", message: expect.stringMatching(/expression took longer than 50 ms: \$contains/) }),
    );
    expect((await h.sql.query(`SELECT count(*)::int AS n FROM "WebhookEvent" WHERE topic = 'orders/create'`)).rows[0].n).toBe(1);
  });
});
