import jsforce, { type Connection } from "jsforce";
import { createLogger } from "../../app/services/logging/logger.server";
import { startSyncRuntime, type SyncRuntime } from "../../app/services/runtime/sync-runtime.server";
import type { ConnectionSource } from "../../app/services/salesforce/sync-session.server";
import type { RetryPolicy } from "../../app/sync/retry-policy";
import { startAppUnderTest, TEST_API_SECRET, type AppUnderTest } from "./app-under-test";
import { startSalesforceEmulator, type OrgHandle, type SalesforceEmulator } from "./salesforce";
import type { Delivery } from "./shopify-stream";
import { webhookRequest } from "./shopify-webhooks";

export const FAST_RETRIES: RetryPolicy = { baseDelayMs: 200, maxDelayMs: 1_000, maxAttempts: 12 };

/**
 * Logs in to the shop's emulated org with the real jsforce (password flow, which also gives jsforce a
 * way to log in again when the session expires).
 */
export function emulatorConnections(emulator: SalesforceEmulator, orgForShop: (shop: string) => OrgHandle): ConnectionSource & { logins: number } {
  const cache = new Map<string, Promise<Connection>>();
  const source = {
    logins: 0,
    connectionFor(shop: string) {
      if (!cache.has(shop)) {
        const org = orgForShop(shop);
        const connection = new jsforce.Connection({
          oauth2: { loginUrl: emulator.loginUrl, clientId: "test-client", clientSecret: "test-secret" },
          version: "62.0",
          maxRequest: 50,
        });
        source.logins += 1;
        cache.set(shop, connection.login(org.username, org.password).then(() => connection));
      }
      return cache.get(shop)!;
    },
  };
  return source;
}

/** The standard price book id, which order mappings need ($context.standardPricebookId). */
export function pricebookContext(connections: ConnectionSource) {
  const cache = new Map<string, Promise<Record<string, string>>>();
  return (shop: string) => {
    if (!cache.has(shop)) {
      cache.set(
        shop,
        connections.connectionFor(shop).then(async (connection): Promise<Record<string, string>> => {
          const result = await connection.query<{ Id: string }>("SELECT Id FROM Pricebook2 WHERE IsStandard = true LIMIT 1");
          return result.records[0] ? { standardPricebookId: result.records[0].Id } : {};
        }),
      );
    }
    return cache.get(shop)!;
  };
}

export interface SyncHarness {
  app: AppUnderTest;
  emulator: SalesforceEmulator;
  /** The emulated org of a shop (one org per shop, created on first use). */
  orgFor(shop: string): OrgHandle;
  runtime: SyncRuntime;
  deliver(delivery: Delivery): Promise<Response>;
  /** Resolves when every stored sync event has reached a final status and no job is waiting. */
  settle(timeoutMs?: number, shop?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startSyncHarness(options: { retryPolicy?: RetryPolicy; consume?: boolean } = {}): Promise<SyncHarness> {
  const app = await startAppUnderTest();
  const emulator = await startSalesforceEmulator();
  const orgs = new Map<string, OrgHandle>();
  const orgFor = (shop: string) => {
    if (!orgs.has(shop)) orgs.set(shop, emulator.createOrg());
    return orgs.get(shop)!;
  };
  const connections = emulatorConnections(emulator, orgFor);
  const runtime = await startSyncRuntime({
    databaseUrl: app.db.url,
    connections,
    resolveContext: pricebookContext(connections),
    logger: createLogger({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
    retryPolicy: options.retryPolicy ?? FAST_RETRIES,
    consume: options.consume,
    batchSize: 200,
    concurrency: 2,
  });
  return {
    app,
    emulator,
    orgFor,
    runtime,
    deliver: (delivery) =>
      app.postWebhook(
        delivery.topic,
        webhookRequest({ ...delivery, body: delivery.body, secret: TEST_API_SECRET }),
      ),
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
      await emulator.close();
      await app.close();
    },
  };
}
