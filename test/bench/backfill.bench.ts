// `npm run bench:backfill`: a historical backfill of BENCH_BACKFILL_CUSTOMERS customers and
// BENCH_BACKFILL_ORDERS orders (default 2,000 + 2,000, with lines, discounts, shipping, tax and refunds)
// from the Shopify Admin API emulator (a bulk operation) into the Salesforce emulator (Bulk API 2.0 above
// the threshold) with BENCH_SF_LATENCY_MS (default 100) per Salesforce call. Baseline, same run: the
// same records delivered as webhooks (stored in the inbox, synced by the worker runtime through sObject
// Collections). Prints records/s and Salesforce API calls per 1,000 records for both, per Shopify record
// and per Salesforce record written; checks 0 missing and 0 duplicates; writes test/bench/results/backfill.json.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { DEV_SHOPIFY_API_SECRET } from "../../app/config.server";
import { createLogger } from "../../app/services/logging/logger.server";
import { startQueue } from "../../app/services/queue/sync-queue.server";
import { startSyncRuntime } from "../../app/services/runtime/sync-runtime.server";
import { createSalesforceFromEnv } from "../../app/services/salesforce/index.server";
import { standardPricebookContext } from "../../app/services/salesforce/standard-pricebook.server";
import { createSalesforcePort } from "../../app/services/salesforce/sync-session.server";
import { createPrismaClient } from "../../app/services/store/prisma-client.server";
import { createSyncStore } from "../../app/services/store/sync-store.server";
import { createWebhookInbox } from "../../app/services/store/webhook-inbox.server";
import { createBulkSalesforcePort } from "../../app/services/backfill/bulk-salesforce-port.server";
import { createBackfillStore } from "../../app/services/backfill/backfill-store.server";
import { createBackfillService } from "../../app/services/backfill/backfill.server";
import { createShopifyHistory } from "../../app/services/backfill/shopify-history.server";
import { parseExactJson } from "../../app/sync/exact-json";
import { createSyncEngine } from "../../app/sync/sync-batch";
import { eventFacts, resourceOfTopic, type WebhookTopic } from "../../app/sync/webhook-topics";
import { connectShopToOrg } from "../support/connect-salesforce";
import { startSalesforceEmulator, type OrgHandle } from "../support/salesforce";
import { SYNCED_OBJECTS } from "../support/salesforce-snapshot";
import { generateShopHistory, startShopifyEmulator } from "../support/shopify";
import { toShopifyJson } from "../support/shopify-stream";
import { shopifyGraphql } from "../integration/backfill/backfill-harness";
import { startBenchDatabase, writeResults } from "./bench-env";

const CUSTOMERS = Number(process.env.BENCH_BACKFILL_CUSTOMERS ?? 2_000);
const ORDERS = Number(process.env.BENCH_BACKFILL_ORDERS ?? 2_000);
const LATENCY_MS = Number(process.env.BENCH_SF_LATENCY_MS ?? 100);
/** Records per backfill step (one engine batch); the whole resource by default. */
const STEP = Number(process.env.BENCH_BACKFILL_STEP ?? Math.max(CUSTOMERS, ORDERS));

const database = await startBenchDatabase();
Object.assign(process.env, {
  DATABASE_URL: database.url,
  NODE_ENV: "development",
  LOG_LEVEL: "warn",
  TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
  SHOPIFY_API_SECRET: process.env.SHOPIFY_API_SECRET ?? DEV_SHOPIFY_API_SECRET,
});
const logger = createLogger({ level: process.env.BENCH_LOG_LEVEL ?? "warn", name: "bench" });
const salesforce = await startSalesforceEmulator();
process.env.SALESFORCE_ALLOWED_LOGIN_HOSTS = salesforce.url;
const shopify = await startShopifyEmulator({ clock: () => Date.now(), bulkStepMs: 1 });
const prisma = createPrismaClient(database.url, 4);
const { connections } = createSalesforceFromEnv({ prisma, logger });
const pool = new pg.Pool({ connectionString: database.url, max: 8 });
const queue = await startQueue({ connectionString: database.url });
const history = generateShopHistory({ seed: 7, customers: CUSTOMERS, orders: ORDERS, now: Date.now(), historyDays: 400, maxLines: 3, refundShare: 0.1 });

async function connectedOrg(shop: string): Promise<OrgHandle> {
  const org = salesforce.createOrg({ dailyApiLimit: 10_000_000 });
  await connectShopToOrg(connections, salesforce, shop, org);
  org.resetStats();
  org.setFaults({ latencyMs: LATENCY_MS });
  return org;
}

function duplicates(org: OrgHandle): number {
  let count = 0;
  for (const object of SYNCED_OBJECTS) {
    const ids = org.records(object).map((row) => Object.entries(row).find(([field]) => field.startsWith("Shopify_") && field.endsWith("_Id__c"))?.[1]);
    count += ids.length - new Set(ids).size;
  }
  return count;
}

function missing(org: OrgHandle): number {
  const opportunities = new Set(org.records("Opportunity").map((row) => String(row.Shopify_Order_Id__c)));
  const contacts = new Set(org.records("Contact").map((row) => String(row.Shopify_Customer_Id__c)));
  return history.orders.filter((order) => !opportunities.has(String(order.id))).length + history.customers.filter((customer) => !contacts.has(String(customer.id))).length;
}

function figures(org: OrgHandle, seconds: number) {
  const stats = org.stats();
  const shopifyRecords = CUSTOMERS + ORDERS;
  return {
    seconds: Number(seconds.toFixed(2)),
    shopifyRecords,
    salesforceRecords: stats.records,
    apiCalls: stats.apiCalls,
    recordsPerSec: Math.round(shopifyRecords / seconds),
    salesforceRecordsPerSec: Math.round(stats.records / seconds),
    callsPer1000Records: Number(((stats.apiCalls * 1000) / shopifyRecords).toFixed(2)),
    callsPer1000SalesforceRecords: Number(((stats.apiCalls * 1000) / Math.max(1, stats.records)).toFixed(2)),
    missing: missing(org),
    duplicates: duplicates(org),
  };
}

/** Where a backfill's time goes (ms per phase), so a slow run says which side to look at. */
const phases: Record<string, number> = {};
function timed<T extends object>(name: string, target: T): T {
  return new Proxy(target, {
    get(object, key) {
      const value = Reflect.get(object, key) as unknown;
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(object, args);
        } finally {
          const phase = `${name}.${String(key)}`;
          phases[phase] = Math.round((phases[phase] ?? 0) + performance.now() - started);
        }
      };
    },
  });
}

async function runBackfill(domain: string) {
  const shop = shopify.createShop({ domain, plan: "plus", scopes: ["read_customers", "read_orders", "read_all_orders"] });
  shop.putCustomers(history.customers);
  shop.putOrders(history.orders);
  const org = await connectedOrg(domain);
  const engine = timed("engine", createSyncEngine({
    store: createSyncStore({ pool, queue, resolveContext: standardPricebookContext(connections) }),
    salesforce: createBulkSalesforcePort(connections, createSalesforcePort(connections)),
    clock: { now: () => new Date() },
    random: Math.random,
    chunkSize: 10_000,
    maxChunkSize: 10_000,
  }));
  const store = timed("store", createBackfillStore(pool));
  const service = createBackfillService({
    store,
    engine,
    history: async () => timed("shopify", createShopifyHistory(shopifyGraphql(shopify, shop), { pollMs: 20 })),
    scopes: async () => [...shop.scopes],
    apiUsage: async () => ({ used: org.apiUsage().used, limit: org.apiUsage().max }),
    reservePercent: async () => 10,
    apiVersion: "2026-10",
    stepRecords: STEP,
  });
  const { run } = await service.create(domain, { resources: ["customers", "orders"], range: { from: null, to: null } });
  org.resetStats();
  const started = Date.now();
  await pool.query(`UPDATE "BackfillRun" SET status = 'running' WHERE id = $1`, [run.id]);
  const outcome = await service.runToEnd(run.id);
  const seconds = (Date.now() - started) / 1000;
  if (outcome !== "done") throw new Error(`backfill ended ${outcome}: ${(await store.get(run.id))?.lastError}`);
  console.log(`Backfill phases (ms): ${JSON.stringify(phases)}`);
  return { ...figures(org, seconds), phasesMs: { ...phases } };
}

async function runWebhooks(domain: string) {
  const org = await connectedOrg(domain);
  const inbox = createWebhookInbox({ pool, queue });
  let n = 0;
  const deliveries: Array<{ topic: WebhookTopic; payload: Record<string, unknown> }> = [
    ...history.customers.map((payload) => ({ topic: "customers/create" as const, payload })),
    ...history.orders.map((payload) => ({ topic: "orders/updated" as const, payload })),
  ];
  for (const { topic, payload } of deliveries) {
    const body = toShopifyJson(payload);
    const parsed = parseExactJson(body) as Record<string, unknown>;
    const facts = eventFacts(topic, parsed);
    await inbox.receive({
      shop: domain, topic, resource: resourceOfTopic(topic), shopifyId: facts.shopifyId, dedupeKey: `${domain}-${n++}`, eventId: null,
      webhookId: `w-${n}`, triggeredAt: new Date(), sourceUpdatedAt: facts.sourceUpdatedAt, apiVersion: "2026-10",
      payload: parsed, payloadBytes: body.length, sync: true,
    });
  }
  org.resetStats();
  const runtime = await startSyncRuntime({
    databaseUrl: database.url, connections, logger,
    resolveContext: standardPricebookContext(connections),
    isBudgetExhausted: async (shop) => !(await connections.budgetAllows(shop)).allowed,
    batchSize: Number(process.env.WORKER_BATCH_SIZE ?? 500),
    concurrency: Number(process.env.WORKER_CONCURRENCY ?? 4),
  });
  const started = Date.now();
  for (;;) {
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "WebhookEvent" WHERE shop = $1 AND status IN ('received','queued')`, [domain]);
    if (rows[0].n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const seconds = (Date.now() - started) / 1000;
  await runtime.stop();
  return figures(org, seconds);
}

console.log(`Backfill: ${CUSTOMERS} customers + ${ORDERS} orders, Salesforce latency ${LATENCY_MS} ms…`);
const backfill = await runBackfill("bench-backfill.myshopify.com");
console.log(`Baseline, the same records as webhooks…`);
const webhooks = await runWebhooks("bench-webhooks.myshopify.com");

const results = {
  customers: CUSTOMERS,
  orders: ORDERS,
  salesforceLatencyMs: LATENCY_MS,
  backfill,
  webhooks,
  speedup: Number((backfill.recordsPerSec / Math.max(1, webhooks.recordsPerSec)).toFixed(1)),
  callRatio: Number((webhooks.callsPer1000Records / Math.max(0.001, backfill.callsPer1000Records)).toFixed(1)),
  targets: { recordsPerSec: 3_000, callsPer1000Records: 1 },
  at: new Date().toISOString(),
};
console.table({ backfill, webhooks });
console.log(`Backfill ${backfill.recordsPerSec} records/s (${results.speedup}× webhooks), ${backfill.callsPer1000Records} calls per 1,000 records (webhooks ${webhooks.callsPer1000Records}: ${results.callRatio}× more)`);
console.log(`Results: ${await writeResults("backfill", results)}`);

await queue.stop();
await pool.end();
await prisma.$disconnect();
await shopify.close();
await salesforce.close();
await database.cleanup();
if (backfill.missing + backfill.duplicates + webhooks.missing + webhooks.duplicates > 0) process.exitCode = 1;
