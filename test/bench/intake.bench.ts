// `npm run bench:intake`: webhook intake throughput and ack latency against the production build on
// loopback, with mixed topics, realistic payloads and duplicate deliveries; then checks that the stored
// rows equal the unique deliveries (0 lost, 0 doubled). Baseline in the same run: GET /healthz (one
// database round trip through the same server), so the ratio shows what intake costs on top of it.
import { randomUUID } from "node:crypto";
import os from "node:os";
import autocannon from "autocannon";
import pg from "pg";
import { shopifyFixture, signWebhook } from "../support/shopify-webhooks";
import { cpuSeconds, postmasterPid, startAppProcess, startBenchDatabase, stopProcess, writeResults } from "./bench-env";

const SECRET = "bench-secret";
const PORT = Number(process.env.BENCH_PORT ?? 3199);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const DUPLICATE_EVERY = 10; // every 10th delivery repeats an earlier one, as Shopify's retries do

const MIX = [
  { topic: "orders/create", body: shopifyFixture("orders_create.json"), weight: 4 },
  { topic: "orders/updated", body: shopifyFixture("orders_updated.json"), weight: 3 },
  { topic: "customers/create", body: shopifyFixture("customers_create.json"), weight: 2 },
  { topic: "refunds/create", body: shopifyFixture("refunds_create.json"), weight: 1 },
].flatMap((entry) => Array(entry.weight).fill({ ...entry, hmac: signWebhook(entry.body, SECRET) }));

const database = await startBenchDatabase();
const app = await startAppProcess(
  { DATABASE_URL: database.url, SHOPIFY_API_SECRET: SECRET, SHOPIFY_API_KEY: "bench", RUN_WORKER: "false", LOG_LEVEL: "warn", MIGRATE_ON_START: "false", DATABASE_POOL_SIZE: "20", QUEUE_POOL_SIZE: "20" },
  PORT,
);

const postgresPid = await postmasterPid(database.dataDir);
const cpu = async () => ({ app: await cpuSeconds(app.pid!), postgres: await cpuSeconds(postgresPid, true) });
/** CPU milliseconds per request in the app process and in PostgreSQL between two snapshots. */
const cpuPerRequest = (before: { app: number; postgres: number }, after: { app: number; postgres: number }, requests: number) => ({
  app: Number((((after.app - before.app) / requests) * 1000).toFixed(2)),
  postgres: Number((((after.postgres - before.postgres) / requests) * 1000).toFixed(2)),
});

try {
  const beforeBaseline = await cpu();
  const baseline = await autocannon({ url: `http://127.0.0.1:${PORT}/healthz`, connections: CONNECTIONS, duration: Math.max(3, Math.round(SECONDS / 3)) });

  const baselineCpu = cpuPerRequest(beforeBaseline, await cpu(), baseline.requests.total);

  // Keys of deliveries Shopify would consider delivered (answered 200). With one request in flight per
  // connection, a connection's context holds the key of the request it is waiting on.
  const acknowledged = new Set<string>();
  const sentKeys: Array<{ topic: string; eventId: string }> = [];
  let counter = 0;
  const beforeIntake = await cpu();
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: "POST",
        onResponse: (status, _body, context) => {
          if (status === 200) acknowledged.add((context as { key: string }).key);
        },
        setupRequest: (request, context) => {
          counter += 1;
          const pick = MIX[counter % MIX.length];
          let eventId: string;
          let topic: string = pick.topic;
          let entry = pick;
          if (counter % DUPLICATE_EVERY === 0 && sentKeys.length > 0) {
            const earlier = sentKeys[Math.floor(Math.random() * sentKeys.length)];
            eventId = earlier.eventId;
            topic = earlier.topic;
            entry = MIX.find((candidate) => candidate.topic === topic);
          } else {
            eventId = randomUUID();
            sentKeys.push({ topic, eventId });
          }
          (context as { key: string }).key = `${topic}|${eventId}`;
          return {
            ...request,
            path: `/webhooks/${topic}`,
            body: entry.body,
            headers: {
              "content-type": "application/json",
              "x-shopify-topic": topic,
              "x-shopify-hmac-sha256": entry.hmac,
              "x-shopify-shop-domain": "bench-shop.myshopify.com",
              "x-shopify-api-version": "2026-10",
              "x-shopify-webhook-id": randomUUID(),
              "x-shopify-event-id": eventId,
              "x-shopify-triggered-at": new Date().toISOString(),
            },
          };
        },
      },
    ],
  });

  const intakeCpu = cpuPerRequest(beforeIntake, await cpu(), result.requests.total);
  // Requests cut off when the run ended may still commit: let the server settle before counting.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const metrics = await (await fetch(`http://127.0.0.1:${PORT}/metrics`)).text();
  const metric = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(metrics)?.[1] ?? NaN);
  const sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  const rows = await sql.query<{ key: string; copies: number; jobs: number }>(
    `SELECT e.topic || '|' || e."dedupeKey" AS key, count(*)::int AS copies,
            (SELECT count(*)::int FROM pgboss.job j WHERE j.name = 'sync-events' AND j.data->>'eventId' = min(e.id::text)) AS jobs
       FROM "WebhookEvent" e GROUP BY 1`,
  );
  await sql.end();
  const storedKeys = new Map(rows.rows.map((row) => [row.key, row]));
  const lost = [...acknowledged].filter((key) => !storedKeys.has(key)).length;
  const doubled = rows.rows.reduce((sum, row) => sum + Math.max(0, row.copies - 1) + Math.max(0, row.jobs - 1), 0);
  const withoutJob = rows.rows.filter((row) => row.jobs === 0).length;

  const figures = {
    requestsPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    sent: result["2xx"],
    stored: rows.rows.length,
    lost,
    doubled,
    uniqueAcknowledged: acknowledged.size,
    storedWithoutJob: withoutJob,
    failedRequests: result.non2xx + result.errors + result.timeouts,
    connections: CONNECTIONS,
    seconds: SECONDS,
    baselineHealthzRequestsPerSec: Math.round(baseline.requests.average),
    baselineHealthzP99Ms: baseline.latency.p99,
    ratioToBaseline: Number((result.requests.average / baseline.requests.average).toFixed(2)),
    // Group commit, from the app's own /metrics: deliveries per intake transaction and its duration.
    deliveriesPerCommit: Number((metric("sfsync_intake_group_size_sum") / metric("sfsync_intake_group_size_count")).toFixed(1)),
    meanCommitMs: Number(((metric("sfsync_intake_commit_seconds_sum") / metric("sfsync_intake_commit_seconds_count")) * 1000).toFixed(1)),
    // CPU per request is comparable across runs even when the machine is busy with other work.
    cpuMsPerDeliveryApp: intakeCpu.app,
    cpuMsPerDeliveryPostgres: intakeCpu.postgres,
    cpuMsPerHealthzApp: baselineCpu.app,
    cpuMsPerHealthzPostgres: baselineCpu.postgres,
    loadAverage1m: Number(os.loadavg()[0].toFixed(2)),
  };
  console.table(figures);
  console.log(`written ${await writeResults("intake", figures)}`);
} finally {
  await stopProcess(app);
  await database.cleanup();
}
