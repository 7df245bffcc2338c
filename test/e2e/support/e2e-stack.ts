import { createHmac, randomBytes, randomUUID } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import pg from "pg";
import { createTokenCipher, loadEncryptionKeys } from "../../../app/services/crypto/index.server";
import { createLogger } from "../../../app/services/logging/logger.server";
import { startSyncRuntime, type SyncRuntime } from "../../../app/services/runtime/sync-runtime.server";
import { createSalesforceConnections, loadSalesforceConfig, type SalesforceConnections } from "../../../app/services/salesforce/index.server";
import { standardPricebookContext } from "../../../app/services/salesforce/standard-pricebook.server";
import { createPrismaClient } from "../../../app/services/store/prisma-client.server";
import { connectShopToOrg } from "../../support/connect-salesforce";
import { startSalesforceEmulator, type OrgHandle, type SalesforceEmulator } from "../../support/salesforce";
import type { Delivery } from "../../support/shopify-stream";
import { webhookHeaders } from "../../support/shopify-webhooks";
import type { TestDatabase } from "../../support/test-database";
import { freePort, startProductionServer, type ProductionServer } from "./production-server";

// Everything the browser test runs against, all real: PostgreSQL, the Salesforce emulator, the production
// server (a child process serving build/), and a sync worker in this process. The shop is connected
// through the app's OAuth flow and set up with a real setup check; webhooks go over HTTP to the server.

export const API_KEY = "e2e-api-key";
export const API_SECRET = "e2e-shopify-secret";

export interface E2EStack {
  server: ProductionServer;
  db: TestDatabase;
  sql: pg.Pool;
  emulator: SalesforceEmulator;
  orgFor(shop: string): OrgHandle;
  sessionToken(shop: string): string;
  /** Posts each delivery to the server as Shopify would (HMAC-signed) and expects 200. */
  deliver(deliveries: readonly Delivery[]): Promise<void>;
  /** Connects the shop to its own emulated org and runs the setup check. */
  connect(shop: string): Promise<void>;
  /** Until no sync event of the shop is received/queued and no job waits. */
  settle(shop: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startE2EStack(options: { serverEnv?: Record<string, string>; database?: () => Promise<TestDatabase> } = {}): Promise<E2EStack> {
  const emulator = await startSalesforceEmulator();
  // Tests clone the run's template database (through vitest); a benchmark brings its own.
  const db = await (options.database ?? (async () => (await import("../../support/test-database")).createTestDatabase()))();
  const sql = new pg.Pool({ connectionString: db.url, max: 3 });
  const encryptionKeys = `k1:${randomBytes(32).toString("base64")}`;
  const stateSecret = randomBytes(32).toString("base64");
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const server = await startProductionServer(port, {
    NODE_ENV: "production",
    DATABASE_URL: db.url,
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_APP_URL: appUrl,
    TOKEN_ENCRYPTION_KEYS: encryptionKeys,
    SALESFORCE_CLIENT_ID: "e2e-client",
    SALESFORCE_CLIENT_SECRET: "e2e-secret",
    OAUTH_STATE_SECRET: stateSecret,
    LOG_LEVEL: "warn",
    ...options.serverEnv,
  });

  const logger = createLogger({ level: "silent" });
  const prisma: PrismaClient = createPrismaClient(db.url, 4);
  // The same keys as the server: both processes read the tokens this one stores.
  const connections: SalesforceConnections = createSalesforceConnections({
    prisma,
    cipher: createTokenCipher(loadEncryptionKeys({ NODE_ENV: "test", TOKEN_ENCRYPTION_KEYS: encryptionKeys })),
    oauthConfig: loadSalesforceConfig({
      NODE_ENV: "test",
      SHOPIFY_APP_URL: appUrl,
      SALESFORCE_CLIENT_ID: "e2e-client",
      SALESFORCE_CLIENT_SECRET: "e2e-secret",
      OAUTH_STATE_SECRET: stateSecret,
      SALESFORCE_ALLOWED_LOGIN_HOSTS: emulator.url,
    }),
    logger,
  });
  const runtime: SyncRuntime = await startSyncRuntime({
    databaseUrl: db.url,
    connections,
    resolveContext: standardPricebookContext(connections),
    isBudgetExhausted: async (shop) => !(await connections.budgetAllows(shop)).allowed,
    logger,
    retryPolicy: { baseDelayMs: 200, maxDelayMs: 1_000, maxAttempts: 6 },
    pauseProbeAfterMs: 500,
    deferDelayMs: 500,
    batchSize: 200,
    concurrency: 2,
    poolSize: 4,
  });

  const orgs = new Map<string, OrgHandle>();
  const orgFor = (shop: string) => {
    if (!orgs.has(shop)) orgs.set(shop, emulator.createOrg());
    return orgs.get(shop)!;
  };

  return {
    server,
    db,
    sql,
    emulator,
    orgFor,
    sessionToken(shop) {
      const now = Math.floor(Date.now() / 1000);
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
      const header = encode({ alg: "HS256", typ: "JWT" });
      const payload = encode({ iss: `https://${shop}/admin`, dest: `https://${shop}`, aud: API_KEY, sub: "1001", exp: now + 60, nbf: now - 5, iat: now, jti: randomUUID(), sid: randomUUID() });
      return `${header}.${payload}.${createHmac("sha256", API_SECRET).update(`${header}.${payload}`).digest("base64url")}`;
    },
    async deliver(deliveries) {
      for (const delivery of deliveries) {
        const response = await fetch(`${server.url}/webhooks/${delivery.topic}`, {
          method: "POST",
          headers: webhookHeaders({ ...delivery, secret: API_SECRET }),
          body: delivery.body,
        });
        if (response.status !== 200) throw new Error(`webhook ${delivery.topic} answered ${response.status}: ${await response.text()}`);
      }
    },
    async connect(shop) {
      await sql.query(`INSERT INTO "Session" (id, shop, state, "isOnline", scope, "accessToken") VALUES ($1, $2, '', false, 'read_customers,read_orders,read_products', 'shpat_e2e')`, [
        `offline_${shop}`,
        shop,
      ]);
      await connectShopToOrg(connections, emulator, shop, orgFor(shop));
      const report = await connections.runSetupCheck(shop, { refreshDescribe: true });
      if (!report.ready) throw new Error(`setup check: ${JSON.stringify(report.issues)}`);
    },
    async settle(shop, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await sql.query(
          `SELECT (SELECT count(*)::int FROM "WebhookEvent" WHERE shop = $1 AND status IN ('received', 'queued') AND resource IN ('customer', 'order', 'refund')) AS open,
                  (SELECT count(*)::int FROM pgboss.job WHERE name = 'sync-events' AND state IN ('created', 'retry', 'active') AND data->>'shop' = $1) AS jobs`,
          [shop],
        );
        if (rows[0].open === 0 && rows[0].jobs === 0) return;
        if (Date.now() > deadline) throw new Error(`not settled: ${JSON.stringify(rows[0])}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() {
      await server.stop();
      await runtime.stop();
      await prisma.$disconnect();
      await sql.end();
      await emulator.close();
      await db.drop();
    },
  };
}
