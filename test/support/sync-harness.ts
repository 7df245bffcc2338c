import { randomBytes } from "node:crypto";
import { loadEncryptionKeys } from "../../app/services/crypto/encryption-keys.server";
import { createTokenCipher } from "../../app/services/crypto/token-cipher.server";
import { createLogger } from "../../app/services/logging/logger.server";
import { createSalesforceConnections, loadSalesforceConfig, type SalesforceConnections } from "../../app/services/salesforce/index.server";
import { standardPricebookContext } from "../../app/services/salesforce/standard-pricebook.server";
import { createPrismaClient } from "../../app/services/store/prisma-client.server";
import { startSyncRuntime, type SyncRuntime } from "../../app/services/runtime/sync-runtime.server";
import type { RetryPolicy } from "../../app/sync/retry-policy";
import { startAppUnderTest, TEST_API_SECRET, type AppUnderTest } from "./app-under-test";
import { connectShopToOrg } from "./connect-salesforce";
import { startSalesforceEmulator, type OrgHandle, type SalesforceEmulator } from "./salesforce";
import type { Delivery } from "./shopify-stream";
import { webhookRequest } from "./shopify-webhooks";

export const FAST_RETRIES: RetryPolicy = { baseDelayMs: 200, maxDelayMs: 1_000, maxAttempts: 12 };

export interface SyncHarness {
  app: AppUnderTest;
  /** The app's Salesforce side (real OAuth, encrypted tokens) and a Prisma client on the harness database. */
  connections: SalesforceConnections;
  prisma: ReturnType<typeof createPrismaClient>;
  /** Environment for a separate `scripts/worker.ts` process sharing this harness's database and orgs. */
  workerEnv: Record<string, string>;
  /** Connects a shop to its org through the app's OAuth flow (done on first delivery otherwise). */
  connect(shop: string): Promise<void>;
  emulator: SalesforceEmulator;
  /** The emulated org of a shop (one org per shop, created on first use). */
  orgFor(shop: string): OrgHandle;
  runtime: SyncRuntime;
  deliver(delivery: Delivery): Promise<Response>;
  /** Delivers each in order; throws on any answer but 200. */
  deliverAll(deliveries: Delivery[]): Promise<void>;
  /** WebhookEvent counts by status for a shop. */
  statuses(shop: string): Promise<Record<string, number>>;
  /** Resolves when every stored sync event has reached a final status and no job is waiting. */
  settle(timeoutMs?: number, shop?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startSyncHarness(options: { retryPolicy?: RetryPolicy; consume?: boolean } = {}): Promise<SyncHarness> {
  const app = await startAppUnderTest();
  const emulator = await startSalesforceEmulator();
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const prisma = createPrismaClient(app.db.url, 5);
  // Everything a separate worker process needs to reach the same database and Salesforce orgs.
  const workerEnv: Record<string, string> & NodeJS.ProcessEnv = {
    NODE_ENV: "test",
    DATABASE_URL: app.db.url,
    SHOPIFY_APP_URL: "https://app.example.com",
    TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
    SALESFORCE_CLIENT_ID: "sync-test-client",
    SALESFORCE_CLIENT_SECRET: "sync-test-secret",
    OAUTH_STATE_SECRET: randomBytes(32).toString("base64"),
    SALESFORCE_ALLOWED_LOGIN_HOSTS: emulator.url,
  };
  // The app's real Salesforce side: OAuth connect, encrypted tokens, shared refresh, API budget.
  const connections = createSalesforceConnections({
    prisma,
    cipher: createTokenCipher(loadEncryptionKeys(workerEnv)),
    oauthConfig: loadSalesforceConfig(workerEnv),
    logger,
    budgetRecheckMs: 500,
  });
  const orgs = new Map<string, OrgHandle>();
  const orgFor = (shop: string) => {
    if (!orgs.has(shop)) orgs.set(shop, emulator.createOrg());
    return orgs.get(shop)!;
  };
  const connected = new Map<string, Promise<void>>();
  const ensureConnected = (shop: string) => {
    if (!connected.has(shop)) connected.set(shop, connectShopToOrg(connections, emulator, shop, orgFor(shop)));
    return connected.get(shop)!;
  };
  const runtime = await startSyncRuntime({
    databaseUrl: app.db.url,
    connections,
    resolveContext: standardPricebookContext(connections),
    isBudgetExhausted: async (shop) => !(await connections.budgetAllows(shop)).allowed,
    logger,
    retryPolicy: options.retryPolicy ?? FAST_RETRIES,
    consume: options.consume,
    pauseProbeAfterMs: 500,
    deferDelayMs: 500,
    batchSize: 200,
    concurrency: 2,
  });
  const deliver = async (delivery: Delivery) => {
    await ensureConnected(delivery.shop);
    return app.postWebhook(delivery.topic, webhookRequest({ ...delivery, body: delivery.body, secret: TEST_API_SECRET }));
  };
  return {
    app,
    connections,
    prisma,
    workerEnv,
    connect: ensureConnected,
    emulator,
    orgFor,
    runtime,
    deliver,
    async deliverAll(deliveries) {
      for (const delivery of deliveries) {
        const response = await deliver(delivery);
        if (response.status !== 200) throw new Error(`${delivery.topic} answered ${response.status}: ${await response.text()}`);
      }
    },
    async statuses(shop) {
      const { rows } = await app.sql.query(`SELECT status, count(*)::int AS n FROM "WebhookEvent" WHERE shop = $1 GROUP BY status`, [shop]);
      return Object.fromEntries(rows.map((row) => [row.status, row.n]));
    },
    async settle(timeoutMs = 60_000, shop?: string) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await app.sql.query(
          `SELECT (SELECT count(*)::int FROM "WebhookEvent" WHERE status IN ('received', 'queued')
                     AND resource IN ('customer','order','refund') AND ($1::text IS NULL OR shop = $1)) AS open,
                  (SELECT count(*)::int FROM pgboss.job WHERE name = 'sync-events' AND state IN ('created', 'retry', 'active')
                     AND ($1::text IS NULL OR data->>'shop' = $1)) AS jobs`,
          [shop ?? null],
        );
        if (rows[0].open === 0 && rows[0].jobs === 0) return;
        if (Date.now() > deadline) throw new Error(`not settled: ${rows[0].open} open events, ${rows[0].jobs} jobs`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() {
      await runtime.stop();
      await prisma.$disconnect();
      await emulator.close();
      await app.close();
    },
  };
}
