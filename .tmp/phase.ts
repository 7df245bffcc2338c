import { randomUUID } from "node:crypto";
import pg from "pg";
import { startBenchDatabase } from "../test/bench/bench-env";
import { startQueue, SYNC_QUEUE } from "../app/services/queue/sync-queue.server";
import { shopifyFixture } from "../test/support/shopify-webhooks";
import { parseExactJson } from "../app/sync/exact-json";
const db = await startBenchDatabase();
const queue = await startQueue({ connectionString: db.url, supervise: false });
const pool = new pg.Pool({ connectionString: db.url, max: 4 });
const payload = parseExactJson(shopifyFixture("orders_create.json").toString());
const c = await pool.connect();
if (process.argv[3]) await c.query(process.argv[3]);
console.log((await c.query("show default_toast_compression")).rows, (await c.query("select version()")).rows[0]);
const INSERT = `INSERT INTO "WebhookEvent" (id, shop, topic, resource, "shopifyId", "dedupeKey", "eventId", "webhookId", "apiVersion", payload, "payloadBytes", status, "receivedAt", "updatedAt")
  SELECT gen_random_uuid(), shop, topic, 'order', '1', "dedupeKey", null, 'w', '2026-10', payload, 1, 'queued', now(), now()
  FROM ${process.env.FN ?? "json"}_to_recordset($1::${process.env.FN ?? "json"}) AS e(shop text, topic text, "dedupeKey" text, payload jsonb) ON CONFLICT (shop, topic, "dedupeKey") DO NOTHING RETURNING id`;
const t = { ins: 0, job: 0, commit: 0, begin: 0 };
const N = Number(process.argv[2] ?? 16);
for (let round = 0; round < 40; round++) {
  let s = performance.now();
  await c.query("BEGIN"); t.begin += performance.now() - s; s = performance.now();
  const rows = Array.from({ length: N }, () => ({ shop: "s", topic: "orders/create", dedupeKey: randomUUID(), payload }));
  const r = await c.query(INSERT, [JSON.stringify(rows)]); t.ins += performance.now() - s; s = performance.now();
  await queue.insert(SYNC_QUEUE, r.rows.map((x) => ({ data: { eventId: x.id, shop: "s" }, singletonKey: "k" + x.id })), { db: { executeSql: (q, v) => c.query(q, v) }, returnId: true });
  t.job += performance.now() - s; s = performance.now();
  await c.query("COMMIT"); t.commit += performance.now() - s;
}
console.log(N, Object.fromEntries(Object.entries(t).map(([k, v]) => [k, (v / 40).toFixed(2) + "ms"])));
c.release(); await pool.end(); await queue.stop({ close: true, graceful: false }); await db.cleanup();
