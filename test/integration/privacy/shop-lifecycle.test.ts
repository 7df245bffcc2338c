import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenCipher, loadEncryptionKeys } from "../../../app/services/crypto/index.server";
import { createLogger } from "../../../app/services/logging/logger.server";
import { startPrivacyRuntime, type PrivacyRuntime } from "../../../app/services/privacy/privacy-runtime.server";
import { runRetention } from "../../../app/services/privacy/retention.server";
import { customerPayload, orderPayload, toShopifyJson, type Delivery } from "../../support/shopify-stream";
import { startSyncHarness, type SyncHarness } from "../../support/sync-harness";

// app/uninstalled revokes the Salesforce grant and keeps the data; shop/redact leaves nothing of the shop
// but its audit rows; retention scrubs old payloads and prunes old history in chunks.

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

let sequence = 0;
const delivery = (shop: string, topic: Delivery["topic"], payload: unknown): Delivery => {
  const id = `evt-${++sequence}`;
  return { topic, shop, body: toShopifyJson(payload), eventId: id, webhookId: id, triggeredAt: new Date().toISOString() };
};

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function storedRefreshToken(shop: string): Promise<string> {
  const { rows } = await harness.app.sql.query(`SELECT "refreshTokenEncrypted" FROM "SalesforceConnection" WHERE shop = $1`, [shop]);
  return createTokenCipher(loadEncryptionKeys(harness.workerEnv)).decrypt(rows[0].refreshTokenEncrypted, `salesforce-connection:${shop}:refreshToken`);
}

async function refreshAccepted(token: string): Promise<boolean> {
  const response = await fetch(`${harness.emulator.url}/services/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: token, client_id: "sync-test-client", client_secret: "sync-test-secret" }),
  });
  return response.status === 200;
}

async function rowsOfShop(shop: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ["Session", "Shop", "SalesforceConnection", "SalesforceOAuthState", "MappingSet", "ValidationRule", "WebhookEvent", "SyncRecord", "SyncAttempt", "CustomerDataExport", "ComplianceRequest"]) {
    const { rows } = await harness.app.sql.query(`SELECT count(*)::int AS n FROM "${table}" WHERE shop = $1`, [shop]);
    if (rows[0].n > 0) counts[table] = rows[0].n;
  }
  return counts;
}

describe("app/uninstalled and shop/redact", () => {
  const shop = "lifecycle.myshopify.com";

  beforeAll(async () => {
    await harness.deliverAll([delivery(shop, "customers/create", customerPayload(0)), delivery(shop, "orders/create", orderPayload(0, { customerIndex: 0 }))]);
    await harness.settle(60_000, shop);
    await harness.app.sql.query(`INSERT INTO "Session" (id, shop, state, "accessToken") VALUES ('offline_${shop}', $1, 's', 'shpat_x')`, [shop]);
    await harness.app.sql.query(
      `INSERT INTO "MappingSet" (id, shop, resource, version, document) SELECT gen_random_uuid(), $1, 'customer', 1, '{}'::jsonb`,
      [shop],
    );
    await harness.app.sql.query(`INSERT INTO "ValidationRule" (id, shop, resource, kind, "updatedAt") VALUES (gen_random_uuid(), $1, 'customer', 'required', now())`, [shop]);
  });

  it("app/uninstalled revokes the Salesforce refresh token and keeps the shop's data", async () => {
    const token = await storedRefreshToken(shop);
    expect(await refreshAccepted(token)).toBe(true);
    await harness.deliverAll([delivery(shop, "app/uninstalled", { id: 1, domain: shop })]);
    await until(async () => (await harness.app.sql.query(`SELECT "refreshTokenEncrypted" FROM "SalesforceConnection" WHERE shop = $1`, [shop])).rows[0].refreshTokenEncrypted === null, "revocation");
    expect(await refreshAccepted(token)).toBe(false);
    const kept = await rowsOfShop(shop);
    // SyncRecords: the customer, the order, and the shared Account, Contact (the order's buyer), 2 Product2 and 2 PricebookEntry.
    expect(kept).toMatchObject({ Shop: 1, WebhookEvent: 3, SyncRecord: 8, MappingSet: 1, ValidationRule: 1 });
  });

  it("shop/redact deletes every row of the shop but the audit", async () => {
    await harness.deliverAll([delivery(shop, "shop/redact", { shop_id: 1, shop_domain: shop })]);
    await until(async () => (await harness.app.sql.query(`SELECT status FROM "ComplianceRequest" WHERE shop = $1 AND topic = 'shop/redact'`, [shop])).rows[0]?.status === "done", "shop/redact");
    expect(await rowsOfShop(shop)).toEqual({ ComplianceRequest: 1 });
    const { rows } = await harness.app.sql.query(`SELECT erased FROM "ComplianceRequest" WHERE shop = $1`, [shop]);
    expect(rows[0].erased.database).toMatchObject({ webhookEvents: 4, syncRecords: 8, mappingSets: 1, validationRules: 1, salesforceConnections: 1, shops: 1 });
  });
});

describe("payload retention", () => {
  const shop = "retention.myshopify.com";

  it("runs on a pg-boss schedule", async () => {
    const { rows } = await harness.app.sql.query(`SELECT name, cron FROM pgboss.schedule WHERE name = 'privacy-retention'`);
    expect(rows).toEqual([{ name: "privacy-retention", cron: "17 * * * *" }]);
  });

  it("scrubs payloads older than the payload period and prunes history older than the history period, in chunks", async () => {
    await harness.deliverAll([0, 1, 2, 3, 4].map((index) => delivery(shop, "customers/create", customerPayload(index))));
    await harness.settle(60_000, shop);
    const day = 24 * 3600 * 1000;
    const now = Date.now();
    // Two events are 40 days old (scrubbed), two 200 days old (pruned with their attempts), one is new.
    const { rows: events } = await harness.app.sql.query(`SELECT id FROM "WebhookEvent" WHERE shop = $1 ORDER BY "shopifyId"`, [shop]);
    const age = [200, 200, 40, 40, 0];
    for (const [index, event] of events.entries()) {
      const at = new Date(now - age[index] * day);
      await harness.app.sql.query(`UPDATE "WebhookEvent" SET "receivedAt" = $2 WHERE id = $1`, [event.id, at]);
      await harness.app.sql.query(`UPDATE "SyncAttempt" SET "finishedAt" = $2 WHERE "eventId" = $1`, [event.id, at]);
    }
    const result = await runRetention(harness.prisma, { payloadDays: 30, historyDays: 180, chunkSize: 1 }, new Date(now));
    expect(result).toMatchObject({ prunedEvents: 2, prunedAttempts: 2 });
    expect(result.scrubbedPayloads).toBeGreaterThanOrEqual(2);
    const { rows } = await harness.app.sql.query(
      `SELECT status, "payloadScrubbedAt" IS NOT NULL AS scrubbed, payload->>'email' AS email, payload->>'id' = "shopifyId" AS "idKept"
         FROM "WebhookEvent" WHERE shop = $1 ORDER BY "shopifyId"`,
      [shop],
    );
    expect(rows).toEqual([
      { status: "synced", scrubbed: true, email: null, idKept: true },
      { status: "synced", scrubbed: true, email: null, idKept: true },
      { status: "synced", scrubbed: false, email: "customer4@example.com", idKept: true },
    ]);
    // Sync state is intact: the records and their Salesforce ids stay.
    const records = await harness.app.sql.query(`SELECT count(*)::int AS n FROM "SyncRecord" WHERE shop = $1 AND "salesforceIds" <> '{}'::jsonb`, [shop]);
    expect(records.rows[0].n).toBe(5);
  });
});
