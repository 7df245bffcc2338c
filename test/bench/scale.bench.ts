// `npm run bench:scale`: the same work for two process layouts on ONE PostgreSQL — 1 web + 1 worker, then
// 2 web + 4 workers — each a real `npm start` (RUN_WORKER=false) or `npm run worker` process. Per layout:
// BENCH_SCALE_EVENTS (default 6,000) stored events spread over BENCH_SCALE_SHOPS shops (default 4, each its
// own emulated org with 100 ms latency), then the processes start and, while they drain that backlog, signed
// webhooks arrive over HTTP at BENCH_SCALE_RATE (default 50) events/s for BENCH_SCALE_SECONDS, spread over
// the web processes. Throughput = every event of the layout (backlog + webhooks) settled / time from start to
// the last one; the ratio compares the layouts measured in the same run. Checks, across processes, that no
// acknowledged event is lost and no Salesforce record is doubled. Writes test/bench/results/scale.json.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import os from "node:os";
import pg from "pg";
import { DEV_SHOPIFY_API_SECRET } from "../../app/config.server";
import { createLogger } from "../../app/services/logging/logger.server";
import { startQueue } from "../../app/services/queue/sync-queue.server";
import { createSalesforceFromEnv } from "../../app/services/salesforce/index.server";
import { createPrismaClient } from "../../app/services/store/prisma-client.server";
import { createWebhookInbox } from "../../app/services/store/webhook-inbox.server";
import { parseExactJson } from "../../app/sync/exact-json";
import { eventFacts, resourceOfTopic } from "../../app/sync/webhook-topics";
import { connectShopToOrg } from "../support/connect-salesforce";
import { startSalesforceEmulator, type OrgHandle } from "../support/salesforce";
import { SYNCED_OBJECTS } from "../support/salesforce-snapshot";
import { toShopifyJson } from "../support/shopify-stream";
import { webhookHeaders } from "../support/shopify-webhooks";
import { startAppProcess, startBenchDatabase, stopProcess, writeResults } from "./bench-env";
import { mixedEvents } from "./mixed-events";

const EVENTS = Number(process.env.BENCH_SCALE_EVENTS ?? 6_000);
const SHOPS = Number(process.env.BENCH_SCALE_SHOPS ?? 4);
const RATE = Number(process.env.BENCH_SCALE_RATE ?? 50);
const SECONDS = Number(process.env.BENCH_SCALE_SECONDS ?? 10);
const LATENCY_MS = Number(process.env.BENCH_SF_LATENCY_MS ?? 100);
const BASE_PORT = Number(process.env.BENCH_PORT ?? 3299);

const database = await startBenchDatabase();
Object.assign(process.env, {
  DATABASE_URL: database.url,
  NODE_ENV: "development",
  LOG_LEVEL: "warn",
  MIGRATE_ON_START: "false",
  TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
  SHOPIFY_API_SECRET: process.env.SHOPIFY_API_SECRET ?? DEV_SHOPIFY_API_SECRET,
});
const logger = createLogger({ level: "warn", name: "bench" });
const emulator = await startSalesforceEmulator();
process.env.SALESFORCE_ALLOWED_LOGIN_HOSTS = emulator.url;
const prisma = createPrismaClient(database.url, 2);
const { connections } = createSalesforceFromEnv({ prisma, logger });
const pool = new pg.Pool({ connectionString: database.url, max: 6 });
const queue = await startQueue({ connectionString: database.url, supervise: false });
const inbox = createWebhookInbox({ pool, queue });

interface Layout {
  name: string;
  web: number;
  workers: number;
}

/** Per shop one stream of mixed events: its first part is the stored backlog, the rest arrives live. */
function eventsOf(shops: readonly string[]) {
  const perShop = Math.ceil(EVENTS / shops.length);
  const livePerShop = Math.ceil((RATE * SECONDS) / shops.length);
  const streams = shops.map((shop) => [...mixedEvents(perShop + livePerShop)].map((event, n) => ({ shop, n, ...event })));
  const backlog = streams.flatMap((stream) => stream.slice(0, perShop));
  // Live deliveries interleave the shops, as webhooks of many shops do.
  const live = Array.from({ length: livePerShop }, (_, n) => streams.map((stream) => stream[perShop + n])).flat();
  return { backlog, live };
}

async function storeBacklog(backlog: ReturnType<typeof eventsOf>["backlog"]): Promise<void> {
  let next = 0;
  const store = async () => {
    while (next < backlog.length) {
      const { shop, n, topic, payload } = backlog[next++];
      const body = toShopifyJson(payload);
      const parsed = parseExactJson(body) as Record<string, unknown>;
      const facts = eventFacts(topic, parsed);
      await inbox.receive({
        shop, topic, resource: resourceOfTopic(topic), shopifyId: facts.shopifyId, dedupeKey: `backlog-${n}`, eventId: null,
        webhookId: `w-${n}`, triggeredAt: new Date(), sourceUpdatedAt: facts.sourceUpdatedAt, apiVersion: "2026-10",
        payload: parsed, payloadBytes: body.length, sync: true,
      });
    }
  };
  await Promise.all(Array.from({ length: 32 }, store));
}

function startWorker(): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], { env: process.env, stdio: ["ignore", "ignore", "inherit"] });
}

async function openEvents(shops: readonly string[]): Promise<number> {
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "WebhookEvent" WHERE shop = ANY($1) AND status IN ('received','queued')`, [shops]);
  return rows[0].n;
}

function duplicates(org: OrgHandle): number {
  let count = 0;
  for (const object of SYNCED_OBJECTS) {
    const ids = org.records(object).map((row) => Object.entries(row).find(([field]) => field.startsWith("Shopify_") && field.endsWith("_Id__c"))?.[1]);
    count += ids.length - new Set(ids).size;
  }
  return count;
}

async function runLayout(layout: Layout, index: number) {
  const shops = Array.from({ length: SHOPS }, (_, n) => `scale-${index}-${n}.myshopify.com`);
  const orgs: OrgHandle[] = [];
  for (const shop of shops) {
    const org = emulator.createOrg({ dailyApiLimit: 10_000_000 });
    await connectShopToOrg(connections, emulator, shop, org);
    org.setFaults({ latencyMs: LATENCY_MS });
    orgs.push(org);
  }
  const { backlog, live } = eventsOf(shops);
  await storeBacklog(backlog);
  const webs: ChildProcess[] = [];
  for (let n = 0; n < layout.web; n++) {
    webs.push(await startAppProcess({ RUN_WORKER: "false", SHOPIFY_API_KEY: "bench", DATABASE_POOL_SIZE: "4", QUEUE_POOL_SIZE: "4", INTAKE_POOL_SIZE: "4" }, BASE_PORT + index * 10 + n));
  }
  const ports = webs.map((_, n) => BASE_PORT + index * 10 + n);
  const started = Date.now();
  const workers = Array.from({ length: layout.workers }, startWorker);

  // Webhooks over HTTP while the backlog drains, round-robin over the web processes and the shops.
  let acknowledged = 0;
  await Promise.all(
    live.map(async ({ shop, topic, payload }, n) => {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + (n * 1000) / RATE - Date.now())));
      const body = toShopifyJson(payload);
      for (let attempt = 1; ; attempt++) {
        try {
          const response = await fetch(`http://127.0.0.1:${ports[n % ports.length]}/webhooks/${topic}`, {
            method: "POST",
            headers: webhookHeaders({ topic, body, shop, secret: process.env.SHOPIFY_API_SECRET!, eventId: `live-${index}-${n}` }),
            body,
          });
          if (response.status === 200) acknowledged += 1;
          return;
        } catch (error) {
          if (attempt >= 3) throw error;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    }),
  );
  const deadline = Date.now() + 15 * 60_000;
  while ((await openEvents(shops)) > 0) {
    if (Date.now() > deadline) throw new Error(`${layout.name}: events still open after 15 minutes`);
    if (workers.some((worker) => worker.exitCode !== null)) throw new Error(`${layout.name}: a worker exited`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const seconds = (Date.now() - started) / 1000;
  const loadAverage = os.loadavg()[0];
  await Promise.all([...workers, ...webs].map(stopProcess));

  const { rows } = await pool.query(`SELECT count(*)::int AS total, count(*) FILTER (WHERE status IN ('synced','skipped'))::int AS settled FROM "WebhookEvent" WHERE shop = ANY($1)`, [shops]);
  const expected = backlog.length + acknowledged;
  const records = orgs.reduce((sum, org) => sum + org.stats().records, 0);
  return {
    layout: layout.name,
    events: rows[0].total as number,
    eventsPerSec: Math.round(rows[0].total / seconds),
    recordsPerSec: Math.round(records / seconds),
    seconds: Number(seconds.toFixed(1)),
    lost: Math.max(0, expected - (rows[0].settled as number)),
    duplicates: orgs.reduce((sum, org) => sum + duplicates(org), 0),
    apiCallsPerRecord: Number((orgs.reduce((sum, org) => sum + org.stats().apiCalls, 0) / Math.max(1, records)).toFixed(4)),
    loadAverage1m: Number(loadAverage.toFixed(1)),
  };
}

const layouts: Layout[] = [
  { name: "1 web + 1 worker", web: 1, workers: 1 },
  { name: "2 web + 4 workers", web: 2, workers: 4 },
];
const measured = [];
for (const [index, layout] of layouts.entries()) {
  console.log(`${layout.name}: ${EVENTS} stored events over ${SHOPS} shops + ${RATE} webhooks/s for ${SECONDS} s…`);
  measured.push(await runLayout(layout, index));
  console.table([measured.at(-1)]);
}
const [small, large] = measured;
const results = {
  layouts: measured,
  throughputRatio: Number((large.eventsPerSec / small.eventsPerSec).toFixed(2)),
  lost: small.lost + large.lost,
  duplicates: small.duplicates + large.duplicates,
  cores: os.cpus().length,
  salesforceLatencyMs: LATENCY_MS,
};
console.table(measured);
console.log(`ratio (2 web + 4 workers ÷ 1 web + 1 worker): ${results.throughputRatio}× on ${results.cores} cores; lost ${results.lost}, duplicates ${results.duplicates}`);
console.log(`written ${await writeResults("scale", results)}`);

await queue.stop({ graceful: false, close: true });
await pool.end();
await prisma.$disconnect();
await emulator.close();
await database.cleanup();
process.exit(results.lost === 0 && results.duplicates === 0 ? 0 : 1);
