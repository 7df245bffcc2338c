// `npm run bench:memory`: resident memory of a real `npm run worker` process (its own process, read from
// /proc) while it drains BENCH_MEMORY_EVENTS (default 100,000) mixed events into the Salesforce emulator.
// Flat means the median RSS of the last quarter of the run is within ±10% of the median of the second quarter
// (the first quarter is warm-up: code loading, caches, pools). Checks 0 lost; writes results/memory.json.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import os from "node:os";
import pg from "pg";
import { createLogger } from "../../app/services/logging/logger.server";
import { startQueue } from "../../app/services/queue/sync-queue.server";
import { createSalesforceFromEnv } from "../../app/services/salesforce/index.server";
import { createPrismaClient } from "../../app/services/store/prisma-client.server";
import { createWebhookInbox } from "../../app/services/store/webhook-inbox.server";
import { parseExactJson } from "../../app/sync/exact-json";
import { eventFacts, resourceOfTopic, type WebhookTopic } from "../../app/sync/webhook-topics";
import { connectShopToOrg } from "../support/connect-salesforce";
import { startSalesforceEmulator } from "../support/salesforce";
import { customerPayload, orderPayload, toShopifyJson } from "../support/shopify-stream";
import { startBenchDatabase, stopProcess, writeResults } from "./bench-env";

const EVENTS = Number(process.env.BENCH_MEMORY_EVENTS ?? 100_000);
const SHOP = "bench-memory.myshopify.com";

const database = await startBenchDatabase();
Object.assign(process.env, {
  DATABASE_URL: database.url,
  NODE_ENV: "development",
  LOG_LEVEL: "warn",
  MIGRATE_ON_START: "false",
  TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
});
const logger = createLogger({ level: "warn", name: "bench" });
const emulator = await startSalesforceEmulator();
process.env.SALESFORCE_ALLOWED_LOGIN_HOSTS = emulator.url;
const prisma = createPrismaClient(database.url, 2);
const { connections } = createSalesforceFromEnv({ prisma, logger });
const pool = new pg.Pool({ connectionString: database.url, max: 6 });
const queue = await startQueue({ connectionString: database.url, supervise: false });
const inbox = createWebhookInbox({ pool, queue });

const org = emulator.createOrg({ dailyApiLimit: 100_000_000 });
await connectShopToOrg(connections, emulator, SHOP, org);

/** Customers and their orders (new records and updates of earlier ones), so caches meet ever new keys. */
function event(index: number): { topic: WebhookTopic; body: string } {
  const customers = Math.max(1, Math.floor(index / 3));
  const payload =
    index % 3 === 0
      ? customerPayload(index / 3, 0)
      : orderPayload(index, { customerIndex: index % customers, lines: 1 + (index % 3) });
  return { topic: index % 3 === 0 ? "customers/create" : "orders/create", body: toShopifyJson(payload) };
}

console.log(`Storing ${EVENTS} events…`);
for (let start = 0; start < EVENTS; start += 200) {
  await Promise.all(
    Array.from({ length: Math.min(200, EVENTS - start) }, (_, offset) => {
      const index = start + offset;
      const { topic, body } = event(index);
      const payload = parseExactJson(body) as Record<string, unknown>;
      const facts = eventFacts(topic, payload);
      return inbox.receive({
        shop: SHOP, topic, resource: resourceOfTopic(topic), shopifyId: facts.shopifyId, dedupeKey: `m-${index}`, eventId: null,
        webhookId: `w-${index}`, triggeredAt: new Date(), sourceUpdatedAt: facts.sourceUpdatedAt, apiVersion: "2026-10",
        payload, payloadBytes: body.length, sync: true,
      });
    }),
  );
}

console.log("Draining with one `npm run worker` process…");
const worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], { env: process.env, stdio: ["ignore", "ignore", "inherit"] });
const samples: Array<{ done: number; rssMb: number }> = [];
const started = Date.now();
for (;;) {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  if (worker.exitCode !== null) throw new Error(`worker exited with ${worker.exitCode}`);
  const status = await readFile(`/proc/${worker.pid}/status`, "utf8");
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "WebhookEvent" WHERE shop = $1 AND status IN ('received','queued')`, [SHOP]);
  const done = EVENTS - rows[0].n;
  samples.push({ done, rssMb: Math.round(rssKb / 1024) });
  if (rows[0].n === 0) break;
}
const seconds = (Date.now() - started) / 1000;
await stopProcess(worker);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const quarter = (from: number, to: number) => median(samples.filter((s) => s.done >= EVENTS * from && s.done <= EVENTS * to).map((s) => s.rssMb));
const early = quarter(0.25, 0.5);
const late = quarter(0.75, 1);
const synced = (await pool.query(`SELECT count(*)::int AS n FROM "WebhookEvent" WHERE shop = $1 AND status IN ('synced','skipped')`, [SHOP])).rows[0].n as number;
const results = {
  events: EVENTS,
  drainSeconds: Number(seconds.toFixed(1)),
  rssSecondQuarterMedianMb: early,
  rssLastQuarterMedianMb: late,
  rssChangePercent: Number((((late - early) / early) * 100).toFixed(1)),
  rssPeakMb: Math.max(...samples.map((s) => s.rssMb)),
  ...Object.fromEntries([0.1, 0.25, 0.5, 0.75, 1].map((p) => [`rssAt${p * 100}PercentMb`, samples.find((s) => s.done >= EVENTS * p)?.rssMb ?? null])),
  lost: EVENTS - synced,
  recordsWritten: org.stats().records,
  loadAverage1m: Number(os.loadavg()[0].toFixed(2)),
};
console.table(results);
console.log(`written ${await writeResults("memory", results)}`);

await queue.stop({ graceful: false, close: true });
await pool.end();
await prisma.$disconnect();
await emulator.close();
await database.cleanup();
process.exit(0);
