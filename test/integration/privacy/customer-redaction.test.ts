import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../app/services/logging/logger.server";
import { startPrivacyRuntime, type PrivacyRuntime } from "../../../app/services/privacy/privacy-runtime.server";
import type { RedactionPolicy } from "../../../app/sync/privacy/redaction-policy";
import { bigId, customerPayload, orderPayload, toShopifyJson, type Delivery } from "../../support/shopify-stream";
import { startSyncHarness, type SyncHarness } from "../../support/sync-harness";

// customers/redact under each policy: the customer's personal data leaves our database (payloads, attempt
// snapshots, sync records' cached values, exports), and Salesforce is anonymized, cleaned or left alone.

let harness: SyncHarness;
let privacy: PrivacyRuntime;
beforeAll(async () => {
  harness = await startSyncHarness();
  privacy = await startPrivacyRuntime({
    databaseUrl: harness.app.db.url,
    prisma: harness.prisma,
    connections: harness.connections,
    logger: createLogger({ level: "silent" }),
    env: { NODE_ENV: "test", COMPLIANCE_POLL_SECONDS: "0.5" },
  });
});
afterAll(async () => {
  await privacy?.stop();
  await harness?.close();
});

const delivery = (shop: string, topic: Delivery["topic"], payload: unknown, id: string): Delivery => ({
  topic,
  shop,
  body: toShopifyJson(payload),
  eventId: id,
  webhookId: id,
  triggeredAt: new Date().toISOString(),
});

async function waitForRequest(shop: string, topic: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 600; i++) {
    const { rows } = await harness.app.sql.query(`SELECT * FROM "ComplianceRequest" WHERE shop = $1 AND topic = $2`, [shop, topic]);
    if (rows[0]?.status === "done") return rows[0];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${topic} for ${shop} was not completed`);
}

/** Every text column of every row that still mentions the customer, across our tables. */
async function mentions(shop: string, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const table of ["WebhookEvent", "SyncRecord", "SyncAttempt", "ComplianceRequest", "CustomerDataExport"]) {
    const { rows } = await harness.app.sql.query(`SELECT count(*)::int AS n FROM "${table}" t WHERE shop = $1 AND t::text ILIKE '%' || $2 || '%'`, [shop, needle]);
    if (rows[0].n > 0) found.push(`${table}: ${rows[0].n}`);
  }
  return found;
}

describe.each<RedactionPolicy>(["anonymize", "delete", "record-only"])("customers/redact with the %s policy", (policy) => {
  const shop = `redact-${policy}.myshopify.com`;
  const customerId = bigId(1, 0);
  const orderId = bigId(3, 0);
  let audit: Record<string, unknown>;

  beforeAll(async () => {
    await harness.deliverAll([
      delivery(shop, "customers/create", customerPayload(0), "c0"),
      delivery(shop, "customers/create", customerPayload(1), "c1"),
      delivery(shop, "orders/create", orderPayload(0, { customerIndex: 0 }), "o0"),
      delivery(shop, "orders/create", orderPayload(1, { customerIndex: 1 }), "o1"),
    ]);
    await harness.settle(60_000, shop);
    await harness.app.sql.query(
      `INSERT INTO "Shop" (shop, "redactionPolicy", "updatedAt") VALUES ($1, $2, now()) ON CONFLICT (shop) DO UPDATE SET "redactionPolicy" = $2`,
      [shop, policy],
    );
    // A data request first: its export holds personal data that the redaction must take along.
    const request = { shop_id: 1, shop_domain: shop, customer: { id: customerId, email: "customer0@example.com", phone: "555-0100" }, orders_requested: [orderId], data_request: { id: 77 } };
    await harness.deliverAll([delivery(shop, "customers/data_request", request, "dr0")]);
    await waitForRequest(shop, "customers/data_request");
    const redact = { shop_id: 1, shop_domain: shop, customer: { id: customerId, email: "customer0@example.com", phone: "555-0100" }, orders_to_redact: [orderId] };
    await harness.deliverAll([delivery(shop, "customers/redact", redact, "rd0")]);
    audit = await waitForRequest(shop, "customers/redact");
  });

  it("erases the customer's personal data from every table, and keeps the other customer's", async () => {
    expect(await mentions(shop, "customer0@example.com")).toEqual([]);
    expect(await mentions(shop, "Ångström 0")).toEqual([]);
    expect(await mentions(shop, "customer1@example.com")).not.toEqual([]);
    const { rows } = await harness.app.sql.query(
      `SELECT "shopifyId", "payloadScrubbedAt" IS NOT NULL AS scrubbed, payload->>'id' AS id FROM "WebhookEvent" WHERE shop = $1 AND resource IN ('customer', 'order') ORDER BY "shopifyId"`,
      [shop],
    );
    expect(rows).toEqual([
      { shopifyId: customerId, scrubbed: true, id: customerId },
      { shopifyId: bigId(1, 1), scrubbed: false, id: bigId(1, 1) },
      { shopifyId: orderId, scrubbed: true, id: orderId },
      { shopifyId: bigId(3, 1), scrubbed: false, id: bigId(3, 1) },
    ]);
    expect((await harness.app.sql.query(`SELECT count(*)::int AS n FROM "CustomerDataExport" WHERE shop = $1`, [shop])).rows[0].n).toBe(0);
  });

  it("keeps an audit row naming what was erased where, with no personal data", () => {
    expect(audit).toMatchObject({ status: "done", policy, topic: "customers/redact" });
    expect(audit.completedAt).toBeInstanceOf(Date);
    const text = JSON.stringify(audit);
    for (const personal of [customerId, "customer0@example.com", "555-0100", "Ångström"]) expect(text).not.toContain(personal);
    const erased = audit.erased as { database: Record<string, number> };
    expect(erased.database.webhookEvents).toBeGreaterThanOrEqual(4); // customer, order, data request, redact request
    expect(erased.database.dataExports).toBe(1);
  });

  it("applies the policy in Salesforce, leaving the other customer alone", () => {
    const org = harness.orgFor(shop);
    const contact = (id: string) => org.records("Contact").find((row) => row.Shopify_Customer_Id__c === id);
    const account = (id: string) => org.records("Account").find((row) => row.Shopify_Customer_Id__c === id);
    const opportunity = (id: string) => org.records("Opportunity").find((row) => row.Shopify_Order_Id__c === id);
    expect(contact(bigId(1, 1))).toMatchObject({ Email: "customer1@example.com" });
    expect(opportunity(bigId(3, 1))).toBeDefined();
    if (policy === "anonymize") {
      expect(contact(customerId)).toMatchObject({ Email: null, FirstName: null, LastName: "Redacted", Phone: null, MailingCity: null });
      expect(account(customerId)).toMatchObject({ Name: "Redacted", BillingCity: null });
      // The order stays (amounts, stage), its buyer fields are blank.
      expect(opportunity(orderId)).toMatchObject({ Description: null });
      expect(opportunity(orderId)?.Amount).not.toBeNull();
    } else if (policy === "delete") {
      expect(contact(customerId)).toBeUndefined();
      expect(account(customerId)).toBeUndefined();
      expect(opportunity(orderId)).toBeUndefined();
    } else {
      expect(contact(customerId)).toMatchObject({ Email: "customer0@example.com" });
      const listed = (audit.erased as { salesforce: { recordedForAdmin: Array<{ object: string; id: string }> } }).salesforce.recordedForAdmin;
      expect(listed.map((entry) => entry.id)).toContain(contact(customerId)!.Id);
    }
  });
});
